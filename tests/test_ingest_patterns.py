"""Inputs named by pattern (analyzer.pipelines.ingest.patterns): which files a pattern reads,
in which order, and what a person is told when it reads none."""

from pathlib import Path

import pandas as pd
import pytest

from analyzer import ColumnRoles, InputSpec, read_inputs
from analyzer.cli import main
from analyzer.errors import InputError
from analyzer.pipelines.ingest.patterns import expand_inputs

ROLES = ColumnRoles(text=("comment",))


def _export(path: Path, *comments: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    pd.DataFrame({"comment": comments}).to_csv(path, index=False)
    return path


def test_a_pattern_reads_its_files_in_path_order_and_a_file_named_twice_once(tmp_path):
    _export(tmp_path / "exports" / "b.csv", "buses are late", "more buses")
    _export(tmp_path / "exports" / "a.csv", "lunch runs out")
    _export(tmp_path / "exports" / "deeper" / "c.csv", "the gym is cold")
    (tmp_path / "exports" / "folder.csv").mkdir()  # a folder whose name matches is no file
    corpus = read_inputs([tmp_path / "exports" / "b.csv", str(tmp_path / "exports" / "*.csv")],
                         ROLES)
    assert [f.name for f in corpus.inputs] == ["b.csv", "a.csv"]
    assert corpus.comments["comment_id"].tolist() == ["b.csv:1", "b.csv:2", "a.csv:1"]
    assert corpus.ledger.n_read == 3
    everything = read_inputs([str(tmp_path / "exports" / "**" / "*.csv")], ROLES)
    assert [f.name for f in everything.inputs] == ["a.csv", "b.csv", "c.csv"]


def test_an_existing_file_is_itself_whatever_its_name_holds(tmp_path):
    odd = _export(tmp_path / "survey [final].csv", "parking is hard")
    _export(tmp_path / "survey f.csv", "not this one")
    assert [path for _, path in expand_inputs([odd])] == [odd]
    upload = InputSpec(path=odd, display_name="*.csv")  # an upload's name is never a pattern
    assert expand_inputs([upload]) == [("*.csv", upload)]
    assert read_inputs([upload], ROLES).comments["source"].tolist() == ["*.csv"]


def test_a_pattern_that_matches_nothing_says_where_it_looked(tmp_path):
    _export(tmp_path / "exports" / "a.csv", "lunch runs out")
    with pytest.raises(InputError, match=r"no file matches '.*\*\.xlsx' in the folder "
                                         r"'.*exports'\. Check the pattern"):
        read_inputs([str(tmp_path / "exports" / "*.xlsx")], ROLES)
    with pytest.raises(InputError, match=r"the folder '.*exprots' does not exist"):
        read_inputs([str(tmp_path / "exprots" / "*.csv")], ROLES)


def test_the_command_line_labels_every_file_a_pattern_matches(tmp_path, capsys):
    _export(tmp_path / "exports" / "a.csv", "buses are late", "lunch runs out",
            "the gym is cold")
    _export(tmp_path / "exports" / "b.csv", "buses are late again", "lunch ran out today",
            "the gym was cold")
    pattern = str(tmp_path / "exports" / "*.csv")
    code = main(["analyze", pattern, "--text", "comment", "--embedder", "tfidf", "--themes",
                 "2", "--label", f"{pattern}=Partner A", "--no-cache",
                 "--out", str(tmp_path / "out")])
    assert code == 0, capsys.readouterr().err
    assignments = pd.read_csv(tmp_path / "out" / "assignments.csv")
    assert sorted(set(assignments["source"])) == ["a.csv", "b.csv"]
    ledger = pd.read_csv(tmp_path / "out" / "ledger.csv")
    assert len(ledger) == 6 and (ledger["status"] == "kept").all()
    method = pd.read_json(tmp_path / "out" / "method.json", typ="series")
    assert [entry["label"] for entry in method["inputs"]] == ["Partner A", "Partner A"]
