"""Uploads through a running server's real endpoint, and where the server listens.

`streamlit run app.py` is started as a subprocess and driven over its websocket and upload
endpoint by `tests/streamlit_client.py` (no browser). The file name of an upload is chosen by
the client, so each hostile name below must leave every file outside the app untouched and
create nothing, while the app still reads the upload.

`ANALYZER_APP_ROOT` runs the server from another checkout (default: this one), e.g. a
worktree of an older commit, to see these tests fail where the hole is open.
"""

from __future__ import annotations

import os
import threading
import uuid
from pathlib import Path

import pytest
from streamlit_client import ROOT, Session, UploadRefused, run_server

APP_ROOT = Path(os.environ.get("ANALYZER_APP_ROOT", ROOT)).resolve()
UPLOADER = "Feedback files"
SAMPLE_HEADING = "Sample: district engagement survey"
VICTIM_CONTENT = b"id,secret\n1,do not overwrite me\n"
DEEP = "../" * 24  # more than enough to climb from any temporary folder to /


def feedback_csv(marker: str) -> bytes:
    return (f"Comment,Role\n"
            f"The bus is late every morning {marker},Parent\n"
            f"Lunch is cold and the portions are small {marker},Student\n"
            f"More teachers in the hallways please {marker},Parent\n").encode()


READ = "read by the app"
REFUSED_BY_STREAMLIT = "refused by streamlit"   # before any app code runs: a crash page
REFUSED_BY_ENDPOINT = "refused by the endpoint"  # the PUT answers 400

# Each case: the name sent (given the watched folder and a token unique to the test), and
# what must happen to the upload. In every case nothing may be written outside the app.
HOSTILE_NAMES = {
    "absolute-existing": (lambda arena, token: str(arena / f"victim-{token}.csv"), READ),
    "dotdot-create": (lambda arena, token: DEEP + str(arena / f"created-{token}.csv")[1:],
                      READ),
    "long-4000": (lambda arena, token: f"long-{token}-" + "x" * 4000 + ".csv", READ),
    "windows-drive": (lambda arena, token: f"C:\\Windows\\evil-{token}.csv", READ),
    "backslash-dotdot": (lambda arena, token: "..\\" * 24 + f"evil-{token}.csv", READ),
    "unicode": (lambda arena, token: f"Ünïcödé-日本語-{token}-🙂\u202egpj.csv", READ),
    # Streamlit's file_uploader raises "Filename cannot contain null bytes." itself.
    "nul-byte": (lambda arena, token: DEEP + str(arena / f"nul-{token}")[1:] + "\x00.csv",
                 REFUSED_BY_STREAMLIT),
    # python-multipart caps a part header at 4,224 bytes.
    "long-5000": (lambda arena, token: f"long-{token}-" + "x" * 5000 + ".csv",
                  REFUSED_BY_ENDPOINT),
}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with run_server(APP_ROOT, tmp_path_factory.mktemp("server")) as running:
        yield running


@pytest.fixture
def arena(tmp_path_factory) -> Path:
    """A folder of our own, outside the server's, that hostile names aim at."""
    return tmp_path_factory.mktemp("arena")


def snapshot(folder: Path, skip: tuple[str, ...] = ()) -> dict[str, tuple[int, int]]:
    """Every file under `folder` with its size and modification time."""
    files = {}
    for top, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if d not in skip]
        for name in names:
            path = os.path.join(top, name)
            try:
                info = os.lstat(path)
            except OSError:
                continue
            files[path] = (info.st_size, info.st_mtime_ns)
    return files


def repo_changes_mentioning(before: dict, after: dict, needles: tuple[bytes, ...]) -> list[str]:
    """New or changed files in the repository whose name or content holds a needle (others
    are being edited while the tests run, so only our own markers are evidence)."""
    hits = []
    for path, stamp in after.items():
        if before.get(path) == stamp:
            continue
        name = path.encode("utf-8", "surrogateescape")
        try:
            content = Path(path).read_bytes()
        except OSError:
            content = b""
        if any(n in name or n in content for n in needles):
            hits.append(path)
    return hits


def watched(server, arena) -> dict[str, dict]:
    return {"arena": snapshot(arena), "server HOME": snapshot(server.home),
            "server TMPDIR": snapshot(server.tmpdir)}


def start_on_data_page(server) -> tuple[Session, str]:
    session = Session(server)
    page = session.rerun()
    assert SAMPLE_HEADING in page.headings, page.text
    return session, page.widget("file_uploader", UPLOADER).id


@pytest.mark.parametrize("case", list(HOSTILE_NAMES))
def test_hostile_upload_name_writes_nothing_outside(server, arena, case):
    token = uuid.uuid4().hex[:12]
    marker = f"MARKER{token}"
    victim = arena / f"victim-{token}.csv"
    victim.write_bytes(VICTIM_CONTENT)
    make_name, expected = HOSTILE_NAMES[case]
    name = make_name(arena, token)
    session, uploader = start_on_data_page(server)
    before = watched(server, arena)
    repo_before = snapshot(APP_ROOT, skip=(".git", ".venv"))

    with session:
        if expected == REFUSED_BY_ENDPOINT:
            with pytest.raises(UploadRefused) as refused:
                session.upload(uploader, [(name, feedback_csv(marker))])
            assert refused.value.status == 400
        else:
            page = session.upload(uploader, [(name, feedback_csv(marker))])

    if expected == READ:
        # The app read the upload: no error, the uploaded rows in the preview.
        assert page.errors == [], page.errors
        assert "Your files" in page.headings, page.text
        assert any(marker.encode() in table for table in page.dataframe_bytes())
    elif expected == REFUSED_BY_STREAMLIT:
        assert page.errors and not page.contains(marker.encode())
    # Nothing outside was touched or created.
    assert victim.read_bytes() == VICTIM_CONTENT
    assert not (arena / f"created-{token}.csv").exists()
    assert not (arena / f"nul-{token}.csv").exists()
    assert watched(server, arena) == before
    repo_after = snapshot(APP_ROOT, skip=(".git", ".venv"))
    assert repo_changes_mentioning(repo_before, repo_after,
                                   (marker.encode(), token.encode())) == []
    assert server.healthy()


def test_the_app_sees_the_multipart_filename(server):
    """Which name reaches `UploadedFile.name`: the multipart filename, not the widget
    state's. (The hostile tests send the same name in both, so they hold either way.)"""
    session, uploader = start_on_data_page(server)
    with session:
        info = session.upload(uploader, [("multipartname.csv", feedback_csv("M1"))])
        assert "multipartname" in info.text
        state = session._values[uploader].file_uploader_state_value.uploaded_file_info[0]
        state.name = "widgetstatename.csv"
        page = session.rerun()
    assert "multipartname" in page.text
    assert not page.contains(b"widgetstatename")


def test_widget_helpers_drive_a_form(server):
    """`Session.set` and `click` submit a form as the browser does: confirming the columns
    of an uploaded file counts its rows."""
    session, uploader = start_on_data_page(server)
    with session:
        page = session.upload(uploader, [("survey.csv", feedback_csv("F1"))])
        text = page.widget("multiselect", "Open-ended answer column(s)").id
        groups = page.widget("multiselect", "Who wrote it (group columns)").id
        submit = page.widget("button", "Confirm columns").id
        session.set(text, ["Comment"])
        session.set(groups, ["Role"])
        page = session.rerun(clicks=(submit,))
    rows_read = [m.body for m in page.of("metric") if m.label == "Rows read"]
    assert rows_read == ["3"], (rows_read, page.text)


def test_upload_replaces_the_sample_corpus(server):
    session, uploader = start_on_data_page(server)
    with session:
        page = session.upload(uploader, [("survey.csv", feedback_csv("C1"))])
    rows_read = [m.body for m in page.of("metric") if m.label == "Rows read"]
    assert rows_read == ["3"], (rows_read, page.text)


def test_one_session_never_sees_another_sessions_upload(server):
    marker = f"MARKER{uuid.uuid4().hex[:12]}".encode()
    alice, uploader = start_on_data_page(server)
    bob, _ = start_on_data_page(server)
    with alice, bob:
        page = alice.upload(uploader, [("alice.csv", feedback_csv(marker.decode()))])
        assert any(marker in table for table in page.dataframe_bytes())

        # Both rerun at the same time, twice.
        pages: dict[str, list] = {"alice": [], "bob": []}
        failures: list[BaseException] = []

        def rerun(name, session):
            try:
                for _ in range(2):
                    pages[name].append(session.rerun())
            except BaseException as error:  # re-raised below, in the test's thread
                failures.append(error)

        threads = [threading.Thread(target=rerun, args=item)
                   for item in (("alice", alice), ("bob", bob))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        if failures:
            raise failures[0]
        assert all(any(marker in t for t in p.dataframe_bytes()) for p in pages["alice"])
        assert [SAMPLE_HEADING in p.headings for p in pages["bob"]] == [True, True]

        # Even with Alice's file id in its uploader state, Bob's session cannot read it.
        bob.set(uploader, alice._values[uploader])
        claimed = bob.rerun()
        assert SAMPLE_HEADING in claimed.headings, claimed.text
    assert not any(marker in message for message in bob.received)


def listening_addresses(pid: int, port: int) -> set[str]:
    """Local addresses of the sockets `pid` listens on at `port`."""
    try:
        import psutil
    except ImportError:
        return _proc_listening_addresses(port)
    process = psutil.Process(pid)
    sockets = (process.net_connections(kind="inet") if hasattr(process, "net_connections")
               else process.connections(kind="inet"))
    return {s.laddr.ip for s in sockets
            if s.status == psutil.CONN_LISTEN and s.laddr.port == port}


def _proc_listening_addresses(port: int) -> set[str]:
    import ipaddress

    found = set()
    for table, width in (("/proc/net/tcp", 4), ("/proc/net/tcp6", 16)):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            host, hex_port = local.split(":")
            if state != "0A" or int(hex_port, 16) != port:
                continue
            raw = bytes.fromhex(host)
            # The kernel prints each 32-bit word in host (little-endian) order.
            raw = b"".join(raw[i:i + 4][::-1] for i in range(0, width, 4))
            found.add(str(ipaddress.ip_address(raw)))
    return found


def test_server_started_as_the_readme_says_listens_on_loopback_only(tmp_path):
    """`make run` is `streamlit run app.py` with no address: the project's
    `.streamlit/config.toml` must keep it on 127.0.0.1 (no login, plain HTTP)."""
    with run_server(APP_ROOT, tmp_path, address=None) as running:
        addresses = listening_addresses(running.process.pid, running.port)
    assert addresses, "found no listening socket for the server"
    assert addresses <= {"127.0.0.1", "::1"}, f"listening on {sorted(addresses)}"
