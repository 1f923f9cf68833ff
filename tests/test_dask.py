"""The per-comment stages on a real Dask cluster (analyzer.pipelines.dask_runner): the same
themes and assignments as on one machine, faults that end in a result or a clear message,
and a bad scheduler that is refused at once."""

import os
import subprocess
import sys
import time
from contextlib import nullcontext
from pathlib import Path

import pandas as pd
import pytest

from analyzer import AnalysisConfig, ColumnRoles, FeedbackAnalyzer, read_inputs
from analyzer.errors import (
    ConfigError,
    DataError,
    LimitExceededError,
    UnreadableFileError,
    WorkerError,
)
from analyzer.pipelines.ingest import ReadLimits
from analyzer.pipelines.write import write_outputs

pytest.importorskip("distributed")

SURVEY = Path(__file__).parents[1] / "sample_feedback" / "district_survey.csv"
ROWS = 240
"""Survey rows read: ~230 distinct answers, more than the 100 the themes are fitted on, so
comments are also placed into themes by the workers."""


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as local:
        yield local


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    path = tmp_path_factory.mktemp("survey") / "survey.csv"
    pd.read_csv(SURVEY).head(ROWS).to_csv(path, index=False)
    return read_inputs([path], ColumnRoles(text=("Comment",), groups=("Role",)))


CONFIG = AnalysisConfig(embedder="minilm", seed=7, fit_sample_size=100)


def _written(result, folder: Path) -> dict[str, pd.DataFrame]:
    write_outputs(result, folder)
    return {name: pd.read_csv(folder / name, keep_default_na=False)
            for name in ("assignments.csv", "themes.csv", "groups.csv")}


def test_a_two_worker_cluster_finds_the_same_themes_as_one_machine(cluster, corpus, tmp_path):
    from distributed import Client

    here = FeedbackAnalyzer(CONFIG, use_cache=False).fit(corpus)
    on_cluster = FeedbackAnalyzer(CONFIG, use_cache=False,
                                  scheduler=cluster.scheduler_address).fit(corpus)
    assert on_cluster.method["scheduler"] == cluster.scheduler_address
    assert on_cluster.method["theme_model"]["texts_clustered"] == 100  # the rest were placed
    assert on_cluster.method["theme_model"]["distinct_texts"] > 200
    local_files = _written(here, tmp_path / "here")
    cluster_files = _written(on_cluster, tmp_path / "cluster")
    for name, frame in local_files.items():
        pd.testing.assert_frame_equal(cluster_files[name], frame, obj=name)
    assert local_files["themes.csv"]["theme_id"].max() >= 3
    # The work ran in the workers: each has computed tasks of the run.
    with Client(cluster) as client:
        done = client.run(lambda dask_worker: len(dask_worker.state.log))
    assert len(done) == 2 and all(count > 0 for count in done.values())


def _dies_once(marker: str, items: list) -> list:
    """Kill the worker running the first partition the first time it is tried."""
    if items[0] == 0 and not os.path.exists(marker):
        Path(marker).touch()
        os._exit(1)  # what the out-of-memory killer does to a process
    return [item * 2 for item in items]


def _always_dies(items: list) -> list:
    os._exit(1)


def test_a_worker_killed_mid_run_is_replaced_and_its_partition_recomputed(cluster, tmp_path):
    import functools

    from distributed import Client

    from analyzer.pipelines.dask_runner import DaskRunner

    with Client(cluster) as client:
        runner = DaskRunner(client)
        doubled = runner.map_partitions(functools.partial(_dies_once, str(tmp_path / "died")),
                                        list(range(40)), partition_size=10)
    assert (tmp_path / "died").exists()  # a worker did die
    assert doubled == [item * 2 for item in range(40)]


def _worker_of_each(items: list) -> list:
    from distributed import get_worker

    time.sleep(0.2)  # long enough that one worker cannot take every partition in turn
    return [get_worker().address] * len(items)


def test_every_worker_keeps_a_copy_of_the_function_and_computes_partitions(cluster):
    """The memory manager drops a replica no task waits for within seconds; a function that
    was one key replicated then lay on one worker, and every partition ran there."""
    from distributed import Client

    from analyzer.pipelines.dask_runner import DaskRunner

    with Client(cluster) as client:
        client.wait_for_workers(2, timeout=60)  # a worker killed by an earlier test restarts
        runner = DaskRunner(client)
        copies = runner._function_on_each_worker(_worker_of_each, "probe")
        time.sleep(4)  # two rounds of the memory manager (every 2 s by default)
        holders = client.who_has(copies)
        assert sorted(address for held in holders.values() for address in held) == sorted(
            client.scheduler_info()["workers"])
        client.cancel(copies)
        ran_on = runner.map_partitions(_worker_of_each, list(range(80)), partition_size=5)
    assert len(set(ran_on)) == 2


def test_a_task_that_kills_every_worker_fails_with_a_clear_message(tmp_path):
    import dask
    from distributed import Client, LocalCluster

    from analyzer.pipelines.dask_runner import DaskRunner

    with dask.config.set({"distributed.scheduler.allowed-failures": 1}), \
            LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                         dashboard_address=None) as local, Client(local) as client:
        with pytest.raises(WorkerError, match="ran out of memory"):
            DaskRunner(client).map_partitions(_always_dies, [1, 2, 3], partition_size=3)


@pytest.mark.parametrize("address", ["tcp//nowhere", "http://host:8786", "10.0.0.5", ""])
def test_a_malformed_scheduler_address_is_refused_before_any_work(address):
    with pytest.raises(ConfigError, match="address of a Dask scheduler"):
        FeedbackAnalyzer(AnalysisConfig(), scheduler=address)


def test_a_scheduler_that_does_not_answer_is_a_one_line_error_with_exit_2(tmp_path):
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    path = tmp_path / "survey.csv"
    pd.read_csv(SURVEY).head(20).to_csv(path, index=False)
    run = subprocess.run(
        [sys.executable, "-m", "analyzer", "analyze", str(path), "--text", "Comment",
         "--embedder", "tfidf", "--out", str(tmp_path / "out"),
         "--scheduler", f"tcp://127.0.0.1:{port}"],
        capture_output=True, text=True, timeout=120)
    assert run.returncode == 2, run.stderr
    last = run.stderr.strip().splitlines()[-1]
    assert last.startswith("error: no Dask scheduler answered at tcp://127.0.0.1:")
    assert "dask scheduler" in last
    assert not (tmp_path / "out").exists()


def test_outputs_appear_whole_or_not_at_all(tmp_path, monkeypatch):
    from analyzer.pipelines import write

    path = tmp_path / "survey.csv"
    pd.read_csv(SURVEY).head(80).to_csv(path, index=False)
    corpus = read_inputs([path], ColumnRoles(text=("Comment",), groups=("Role",)))
    first = FeedbackAnalyzer(AnalysisConfig(embedder="tfidf", n_themes=3),
                             use_cache=False).fit(corpus)
    second = FeedbackAnalyzer(AnalysisConfig(embedder="tfidf", n_themes=4),
                              use_cache=False).fit(corpus)
    out = tmp_path / "out"
    write_outputs(first, out)
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    assert {"themes.csv", "assignments.csv", "groups.csv", "method.json"} <= set(before)

    real_write_csv = write.write_csv

    def disk_fills_up(frame, path):  # the fourth file cannot be written
        if path.name == "groups.csv":
            raise OSError(28, "No space left on device")
        real_write_csv(frame, path)

    monkeypatch.setattr(write, "write_csv", disk_fills_up)
    with pytest.raises(OSError, match="No space left"):
        write_outputs(second, out)
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before  # untouched

    monkeypatch.setattr(write, "write_csv", real_write_csv)
    del second.tables["groups"]  # an analysis without that table ...
    written = write_outputs(second, out)
    names = {path.name for path in out.iterdir()}
    assert names == {path.name for path in written}  # ... leaves no stale copy of it
    assert "groups.csv" not in names and not any(n.startswith(".") for n in names)
    themes = pd.read_csv(out / "themes.csv")
    assert (themes["theme_id"] >= 0).sum() == 4
    assert all(oct(path.stat().st_mode & 0o777) == "0o600" for path in out.iterdir())


@pytest.mark.slow
def test_a_scheduler_and_two_workers_started_with_the_dask_command(tmp_path):
    """The README's recipe: `dask scheduler`, `dask worker ADDRESS --nworkers 2`, then
    `analyze --scheduler ADDRESS`; every output but method.json's `scheduler` is the same
    as the run on this machine (the full sample survey, 2,000 rows)."""
    import json
    import socket
    import time

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    root = Path(__file__).parents[1]
    env = {**os.environ, "PYTHONPATH": str(root), "HF_HUB_OFFLINE": "1"}
    dask_command = Path(sys.executable).with_name("dask")
    started = [subprocess.Popen([str(dask_command), "scheduler", "--port", str(port),
                                 "--dashboard-address", ":0"], env=env, cwd=tmp_path,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        time.sleep(3)
        started.append(subprocess.Popen([str(dask_command), "worker", address, "--nworkers",
                                         "2", "--nthreads", "1"], env=env, cwd=tmp_path,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        outputs = {}
        for name, extra in (("here", []), ("cluster", ["--scheduler", address])):
            run = subprocess.run(
                [sys.executable, "-m", "analyzer", "analyze", str(SURVEY), "--text", "Comment",
                 "--group", "Role", "--group", "School", "--embedder", "minilm", "--no-cache",
                 "--out", str(tmp_path / name), *extra],
                capture_output=True, text=True, timeout=900, env=env, cwd=root)
            assert run.returncode == 0, run.stderr
            outputs[name] = tmp_path / name
    finally:
        for process in reversed(started):
            process.terminate()
            process.wait(timeout=60)
    files = sorted(path.name for path in outputs["here"].iterdir())
    assert files == sorted(path.name for path in outputs["cluster"].iterdir())
    for name in files:
        if name != "method.json":
            assert (outputs["here"] / name).read_bytes() == \
                (outputs["cluster"] / name).read_bytes(), name
    method = json.loads((outputs["cluster"] / "method.json").read_text())
    assert method["scheduler"] == address
    assert method["comments"]["answered"] > 1800


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    """The first `ROWS` survey rows as three CSV exports in a folder and one Parquet file."""
    folder = tmp_path_factory.mktemp("partners")
    (folder / "exports").mkdir()
    rows = pd.read_csv(SURVEY, dtype=str, keep_default_na=False).head(ROWS)
    for number, start in enumerate(range(0, 180, 60)):
        rows.iloc[start:start + 60].to_csv(folder / "exports" / f"partner_{number}.csv",
                                           index=False)
    rows.iloc[180:].to_parquet(folder / "more.parquet", index=False)
    return [str(folder / "exports" / "*.csv"), folder / "more.parquet"]


ROLES = ColumnRoles(text=("Comment",), groups=("Role",))
READ_CONFIG = AnalysisConfig(embedder="tfidf", seed=7, fit_sample_size=100)
"""TF-IDF is fitted in the client: what this compares is the reading (MiniLM on the workers
is compared above); 100 fitted texts leave the rest to be placed by the workers."""


def test_files_by_pattern_and_parquet_read_by_the_workers_give_the_same_analysis(
        cluster, exports, tmp_path):
    from distributed import Client, get_task_stream

    from analyzer.pipelines.dask_runner import on_cluster

    here_corpus = read_inputs(exports, ROLES)
    here = FeedbackAnalyzer(READ_CONFIG, use_cache=False).fit(here_corpus)
    with Client(cluster) as watcher, get_task_stream(watcher) as stream, \
            on_cluster(cluster.scheduler_address):
        there_corpus = read_inputs(exports, ROLES)
        there = FeedbackAnalyzer(READ_CONFIG, use_cache=False,
                                 scheduler=cluster.scheduler_address).fit(there_corpus)
    # One reading task per file, on the workers.
    reads = [task for task in stream.data if str(task["key"]).startswith("_read_or_refusal")]
    assert len(reads) == 4
    assert {task["worker"] for task in reads} <= set(cluster.scheduler_info["workers"])
    assert [f.name for f in there_corpus.inputs] == [
        "partner_0.csv", "partner_1.csv", "partner_2.csv", "more.parquet"]
    assert [f.rows_read for f in there_corpus.inputs] == [60, 60, 60, 60]
    assert there_corpus.inputs == here_corpus.inputs
    pd.testing.assert_frame_equal(there_corpus.ledger.entries, here_corpus.ledger.entries)
    local_files = _written(here, tmp_path / "here")
    cluster_files = _written(there, tmp_path / "cluster")
    for name in ("assignments.csv", "themes.csv", "groups.csv", "ledger.csv"):
        assert (tmp_path / "here" / name).read_bytes() == \
            (tmp_path / "cluster" / name).read_bytes(), name
    assignments = cluster_files["assignments.csv"]
    assert assignments["source"].value_counts().to_dict() == {
        "partner_0.csv": 60, "partner_1.csv": 60, "partner_2.csv": 60, "more.parquet": 60}
    assert local_files["themes.csv"]["theme_id"].max() >= 3
    # The same comments, in the same order, as the rows of one file.
    rows = pd.read_csv(SURVEY, dtype=str, keep_default_na=False).head(ROWS)
    assert there_corpus.comments["text_original"].tolist() == \
        [text for text in rows["Comment"] if text.strip()]


@pytest.mark.parametrize("on_cluster", [False, True])
def test_a_pattern_that_matches_no_file_is_a_one_line_error_with_exit_2(cluster, exports,
                                                                       tmp_path, on_cluster):
    folder = Path(exports[1]).parent
    extra = ["--scheduler", cluster.scheduler_address] if on_cluster else []
    run = subprocess.run(
        [sys.executable, "-m", "analyzer", "analyze", str(folder / "exports" / "*.xlsx"),
         exports[0], "--text", "Comment", "--embedder", "tfidf", "--out",
         str(tmp_path / "out"), *extra],
        capture_output=True, text=True, timeout=120, cwd=Path(__file__).parents[1])
    assert run.returncode == 2, run.stderr
    assert run.stderr.strip().splitlines() == [
        f"error: no file matches '{folder / 'exports' / '*.xlsx'}' in the folder "
        f"'{folder / 'exports'}'. Check the pattern (e.g. 'exports/*.csv' reads every .csv "
        "file in the folder exports; names are matched with their case)."]
    assert not (tmp_path / "out").exists()


def test_hostile_files_are_refused_on_the_workers_as_here(cluster, exports, tmp_path):
    """The read limits hold on the workers, and of several refused files the first is
    reported, as when they are read one by one."""
    from analyzer.pipelines.dask_runner import on_cluster

    wide = tmp_path / "wide.csv"
    wide.write_text("Comment," + ",".join(f"c{n}" for n in range(60)) + "\nhello\n")
    image = tmp_path / "photo.csv"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    inputs = [exports[0], wide, image]
    limits = ReadLimits(max_columns=50)
    refusals = []
    for where in ("here", "cluster"):
        with on_cluster(cluster.scheduler_address) if where == "cluster" else nullcontext():
            for files in (inputs, [image, wide]):
                with pytest.raises(DataError) as refused:
                    read_inputs(files, ROLES, limits=limits)
                refusals.append((type(refused.value), str(refused.value)))
    assert refusals[:2] == refusals[2:]
    assert refusals[0][0] is LimitExceededError and "limit is 50 columns" in refusals[0][1]
    assert refusals[1][0] is UnreadableFileError and "a PNG image" in refusals[1][1]


def test_the_groups_table_counted_in_parts_on_the_workers_is_the_same(cluster, monkeypatch):
    """Campaign copies weigh 1/3 and repeats 0, so a different order of sums would show."""
    import numpy as np
    from distributed import Client

    from analyzer.pipelines import compare, groups
    from analyzer.pipelines.dask_runner import DaskRunner
    from analyzer.pipelines.workers import running_on

    rng = np.random.default_rng(3)
    comments = pd.DataFrame({
        "Role": rng.choice(["Parent", "Student", "Staff", ""], size=997),
        "theme_id": rng.choice([0, 1, 2, 3, -1, -2], size=997),
        "weight": rng.choice([1.0, 1 / 3, 0.0, 1 / 7], size=997)})
    whole = compare.group_theme_table(comments, "Role")
    monkeypatch.setattr(groups, "COUNT_PARTITION", 91)  # eleven parts
    with Client(cluster) as client, running_on(DaskRunner(client)):
        in_parts = groups.group_table(comments, "Role")
    pd.testing.assert_frame_equal(in_parts, whole, check_exact=True)
    assert set(whole["group"]) == {"Parent", "Student", "Staff", "(not given)"}
    parent = whole[(whole["group"] == "Parent") & (whole["theme_id"] == 0)].iloc[0]
    mask = (comments["Role"] == "Parent") & (comments["theme_id"] == 0)
    assert parent["n_comments"] == mask.sum()
    assert parent["count"] == pytest.approx(comments.loc[mask, "weight"].sum())


def _tenfold(item: int) -> list[int]:
    return [item] * 10


def _total(kept: list[int], extra: int) -> int:
    return sum(kept) + extra


def test_a_worker_killed_while_holding_kept_tables_has_them_computed_again(cluster):
    """What reading keeps on a worker (a file's table) is recomputed when that worker dies
    before the client has taken what it needs."""
    from distributed import Client, wait

    from analyzer.pipelines.dask_runner import DaskRunner

    with Client(cluster) as client:
        runner = DaskRunner(client)
        kept = runner.keep(_tenfold, [1, 2, 3, 4])
        wait(kept)
        holder = next(iter(client.who_has([kept[0]]).values()))[0]
        killer = client.submit(os._exit, 1, workers=[holder], allow_other_workers=False,
                               pure=False)  # what the out-of-memory killer does
        deadline = time.monotonic() + 60
        while holder in client.scheduler_info()["workers"] and time.monotonic() < deadline:
            time.sleep(0.2)
        assert holder not in client.scheduler_info()["workers"]
        totals = runner.bring(_total, kept, [(n,) for n in range(4)])
        killer.cancel()
    assert totals == [10, 21, 32, 43]
