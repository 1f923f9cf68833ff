"""Probes a hostile user would try, each with the safe result it must get.

Hostile files at intake are in `test_security_ingest.py`, damaged projects in
`test_security_projects.py`, and uploads through a running server in
`test_security_server.py`; this file covers what the dashboard and the outputs do with
hostile text, who may sign in, and where uploads land.
"""

from __future__ import annotations

import io
import json
import stat
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from streamlit import config as streamlit_config
from streamlit.testing.v1 import AppTest

from analyzer import AnalysisConfig, ColumnRoles, FeedbackAnalyzer, read_inputs, write_outputs
from analyzer.cli import main
from analyzer.dashboard import access
from analyzer.dashboard.uploads import (
    MAX_DISPLAY_NAME,
    UploadedInput,
    display_name,
    stored_name,
    written_privately,
)
from analyzer.errors import ConfigError
from analyzer.pipelines.curate import rename_theme
from analyzer.reports import write_report
from analyzer.safe_text import escape_markdown, one_line

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
SAMPLE = ROOT / "sample_feedback" / "district_survey.csv"

TRACKING_IMAGE = "![x](//evil.example/p.png)"
HOSTILE_TEXTS = (TRACKING_IMAGE, "[click me](javascript:alert(1))", "<img src=x onerror=alert(1)>",
                 "<a href='//evil.example'>link</a>", ":red[**shouting**] $x^2$",
                 "line one\n# a heading\n| a | b |\n|---|---|")
FORMULA_HEADER = '=HYPERLINK("http://evil.example","open")'
MARKDOWN = MarkdownIt("commonmark").enable("table").enable("strikethrough")


def rendered(markdown: str) -> str:
    """What a CommonMark renderer makes of `markdown` (Streamlit's is a superset)."""
    return MARKDOWN.render(markdown)


# -- uploads land only where we put them --------------------------------------------------

HOSTILE_NAMES = ("/etc/passwd", "../../../../tmp/created.csv", "..\\..\\evil.csv",
                 "C:\\Windows\\System32\\evil.csv", "survey\x00.csv", "a" * 5000 + ".csv",
                 "résumé — données 📋.xlsx", "", ".", "..", "CON", " .csv ", "\x1b[31m.csv")


@settings(max_examples=300, deadline=None)
@given(name=st.one_of(st.text(), st.sampled_from(HOSTILE_NAMES)), index=st.integers(0, 10_000))
def test_any_client_name_gives_a_generated_path_inside_the_folder(name, index):
    folder = Path("/srv/feedback/uploads")
    path = (folder / stored_name(index, name)).resolve()
    assert path.parent == folder.resolve()
    assert path.name.startswith(f"upload-{index}")
    shown = display_name(name)
    assert shown and len(shown) <= MAX_DISPLAY_NAME
    assert not set(shown) & {"/", "\\", "\x00", "\x1b"}


def test_uploads_are_written_to_a_private_folder_that_is_removed_after(tmp_path):
    victim = tmp_path / "victim.csv"
    victim.write_text("untouched", encoding="utf-8")
    inputs = [UploadedInput.from_client(name, b"Comment\nThe bus is late\n")
              for name in (str(victim), f"../../..{victim}", "survey.csv")]
    with written_privately(inputs) as specs:
        folder = specs[0].path.parent
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert [s.path.name for s in specs] == ["upload-0.csv", "upload-1.csv", "upload-2.csv"]
        assert [s.name for s in specs] == ["victim.csv", "victim.csv", "survey.csv"]
        assert all(s.path.read_bytes() == b"Comment\nThe bus is late\n" for s in specs)
    assert not folder.exists()
    assert victim.read_text(encoding="utf-8") == "untouched"


# -- user text is shown as text -----------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(st.text())
def test_escaped_markdown_renders_as_exactly_the_text(text):
    html = rendered(escape_markdown(text))
    assert "<img" not in html and "<a " not in html and "<h1" not in html
    assert "<table" not in html and "<code" not in html and "<em" not in html
    if one_line(text).strip():
        assert html.startswith("<p>") and html.count("<p>") == 1


@pytest.fixture(scope="module")
def hostile_result(tmp_path_factory):
    """A real analysis of the sample in which some comments, a group name, a file name and
    a theme label are Markdown and HTML."""
    frame = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    for row, text in enumerate(HOSTILE_TEXTS):
        frame.loc[row * 7, "Comment"] = f"The bus is late again {text} every single morning"
    frame.loc[frame["Role"] == "Teacher", "Role"] = f"Teacher {TRACKING_IMAGE}"
    path = tmp_path_factory.mktemp("hostile") / "![f](__evil.example__f.png).csv"
    frame.to_csv(path, index=False)
    corpus = read_inputs([path], ColumnRoles(text=("Comment",), groups=("Role",),
                                             id="Response ID", round="Round"))
    result = FeedbackAnalyzer(AnalysisConfig(embedder="tfidf"), use_cache=False).fit(corpus)
    first = next(t.theme_id for t in result.themes if t.is_real)
    return rename_theme(result, first, f"Buses {TRACKING_IMAGE}", who="probe")


def _everything_shown_as_markdown(at: AppTest) -> list[str]:
    kinds = ("markdown", "title", "subheader", "caption", "info", "success", "warning",
             "error")
    values = [e.value for kind in kinds for e in getattr(at, kind)]
    return values + [e.label for e in at.expander]


@pytest.mark.parametrize("name", ["themes", "groups", "voices", "rounds", "transparency",
                                  "present", "curate", "projects"])
def test_no_page_interprets_user_text(name, hostile_result):
    at = AppTest.from_file(APP, default_timeout=300)
    at.session_state["result"] = hostile_result
    at.run()
    at.switch_page(f"analyzer/dashboard/pages/{name}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    if name == "present":  # the quotes are on the theme screens
        for _ in range(3):
            at.button[1].click().run()
    shown = _everything_shown_as_markdown(at)
    html = "\n".join(rendered(value) for value in shown)
    assert "<img" not in html and "<a href" not in html
    for chart in at.get("plotly_chart"):
        spec = chart.proto.spec
        assert "<a href" not in spec and "<img" not in spec
    if name == "themes":  # the probe reached the page: the label is shown, as text
        assert any(f"Buses {TRACKING_IMAGE}" in rendered(v) for v in shown)


def test_an_error_naming_a_hostile_column_is_shown_as_text(tmp_path):
    upload = UploadedInput.from_client("survey.csv", f"{TRACKING_IMAGE},Role\nbus,Parent\n"
                                       .encode())
    at = AppTest.from_file(APP, default_timeout=300)
    at.session_state["inputs"] = (upload,)
    at.session_state["roles"] = ColumnRoles(text=("Comment",))
    at.run()
    assert not at.exception
    assert at.error, "a missing column should be reported"
    html = rendered(at.error[0].value)
    assert "<img" not in html and TRACKING_IMAGE in html


# -- every output cell and header neutralised ---------------------------------------------

@pytest.fixture(scope="module")
def formula_outputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("formula")
    frame = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False).rename(
        columns={"Role": FORMULA_HEADER})
    frame.loc[0, "Comment"] = "=1+2 " + frame.loc[0, "Comment"]
    path = folder / "survey.csv"
    frame.to_csv(path, index=False)
    corpus = read_inputs([path], ColumnRoles(text=("Comment",), groups=(FORMULA_HEADER,),
                                             id="Response ID"))
    result = FeedbackAnalyzer(AnalysisConfig(embedder="tfidf"), use_cache=False).fit(corpus)
    out = folder / "out"
    write_outputs(result, out)
    return result, out


def test_a_formula_header_is_neutralised_in_every_csv(formula_outputs):
    _, out = formula_outputs
    header = pd.read_csv(out / "assignments.csv", nrows=0).columns
    assert f"'{FORMULA_HEADER}" in header and FORMULA_HEADER not in header
    for path in out.glob("*.csv"):
        first_line = path.read_text(encoding="utf-8").splitlines()[0]
        assert not any(cell.strip('"').startswith(("=", "+", "-", "@"))
                       for cell in first_line.split(",")), path.name


def test_a_formula_header_is_text_in_the_xlsx_report_and_the_report_reads_it_back(
        formula_outputs, tmp_path):
    _, out = formula_outputs
    path = write_report(out, "xlsx", output=tmp_path / "report.xlsx")
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    html = write_report(out, "html", output=tmp_path / "report.html").read_text(encoding="utf-8")
    assert "Parent" in html  # the group column was found again under its restored name


def test_dashboard_downloads_neutralise_headers(formula_outputs):
    from analyzer.pipelines.write import neutralise_frame

    result, _ = formula_outputs
    buffer = io.BytesIO()
    neutralise_frame(result.tables["groups"].rename(columns={"group": FORMULA_HEADER})
                     ).to_excel(buffer, index=False)
    sheet = openpyxl.load_workbook(buffer).active
    headers = [cell for cell in next(sheet.iter_rows())]
    assert all(cell.data_type != "f" for cell in headers)
    assert f"'{FORMULA_HEADER}" in [cell.value for cell in headers]


# -- messages carry no terminal control sequences ----------------------------------------

def test_ansi_escapes_in_a_header_never_reach_the_terminal(tmp_path, capsys):
    path = tmp_path / "survey.csv"
    path.write_text("\x1b[2J\x1b]0;owned\x07Comment\x1b[31m,Role\nThe bus is late,Parent\n",
                    encoding="utf-8")
    code = main(["analyze", str(path), "--text", "Comment", "--out", str(tmp_path / "out")])
    error = capsys.readouterr().err
    assert code == 2
    assert "\x1b" not in error and "\x07" not in error
    assert error.count("\n") == 1 and "Comment" in error


# -- who may sign in ---------------------------------------------------------------------

PASSWORD = "correct horse battery staple"


@pytest.fixture
def users_file(tmp_path, monkeypatch):
    import streamlit

    streamlit.cache_resource.clear()  # the sign-in throttle outlives sessions, not tests
    path = tmp_path / "users.json"
    access.add_user(path, "dana", "analyst", PASSWORD)
    access.add_user(path, "vic", "viewer", PASSWORD)
    monkeypatch.setenv(access.USERS_FILE_VARIABLE, str(path))
    return path


def sign_in(name: str, password: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=300)
    at.run()
    at.text_input[0].input(name)
    at.text_input[1].input(password)
    at.button[0].click().run()
    return at


def test_the_users_file_holds_argon2_hashes_readable_by_its_owner_only(users_file):
    data = json.loads(users_file.read_text(encoding="utf-8"))
    assert data["users"]["dana"]["password_hash"].startswith("$argon2id$")
    assert PASSWORD not in users_file.read_text(encoding="utf-8")
    assert stat.S_IMODE(users_file.stat().st_mode) == 0o600


def test_with_a_users_file_nothing_is_shown_before_sign_in(users_file):
    at = AppTest.from_file(APP, default_timeout=300)
    at.run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Feedback theme analyzer"]
    assert not at.dataframe and "Comment" not in str([m.value for m in at.markdown])


def test_a_wrong_password_is_refused_and_five_lock_the_name(users_file):
    at = sign_in("dana", "not the password")
    assert at.error and "do not match" in at.error[0].value
    assert not at.dataframe
    for _ in range(access.MAX_FAILURES):
        at = sign_in("dana", "still wrong")
    at = sign_in("dana", PASSWORD)
    assert at.error and "Too many wrong passwords" in at.error[0].value


def test_an_analyst_reaches_the_data_page(users_file):
    at = sign_in("dana", PASSWORD)
    assert not at.exception
    assert at.title[0].value == "Data" and at.dataframe
    assert any("Signed in as dana (analyst)" in c.value for c in at.sidebar.caption)


def test_a_viewer_cannot_open_the_analyst_pages(users_file, tmp_path):
    at = sign_in("vic", PASSWORD)
    assert not at.exception
    assert at.title[0].value == "Projects"
    assert not at.get("file_uploader")
    for page in access.ANALYST_ONLY_PAGES:  # not registered for this session at all
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(f"analyzer/dashboard/pages/{page}.py")


def test_a_viewer_sees_results_but_cannot_record_responses(users_file, hostile_result):
    at = sign_in("vic", PASSWORD)
    at.session_state["result"] = hostile_result
    at.switch_page("analyzer/dashboard/pages/transparency.py").run()
    assert not at.exception
    assert at.title[0].value == "Transparency"
    assert "response_form" not in str(at.main)


def test_a_removed_user_loses_the_session_at_once(users_file):
    at = sign_in("dana", PASSWORD)
    assert at.title[0].value == "Data"
    data = json.loads(users_file.read_text(encoding="utf-8"))
    del data["users"]["dana"]
    users_file.write_text(json.dumps(data), encoding="utf-8")
    at.run()
    assert [t.value for t in at.title] == ["Feedback theme analyzer"]


def test_signing_out_forgets_the_session_s_data(users_file, hostile_result):
    at = sign_in("dana", PASSWORD)
    at.session_state["result"] = hostile_result
    at.run()
    at.sidebar.button[0].click().run()
    assert "result" not in at.session_state or at.session_state["result"] is None
    assert [t.value for t in at.title] == ["Feedback theme analyzer"]


@pytest.fixture
def listening_everywhere():
    before = streamlit_config.get_option("server.address")
    streamlit_config.set_option("server.address", "0.0.0.0")
    yield
    streamlit_config.set_option("server.address", before)


def test_off_loopback_without_sign_in_the_dashboard_refuses(listening_everywhere):
    at = AppTest.from_file(APP, default_timeout=300)
    at.run()
    assert not at.exception
    assert at.error and "no sign-in is configured" in at.error[0].value
    assert not at.dataframe and not at.title


def test_off_loopback_with_sign_in_the_dashboard_asks_for_it(listening_everywhere, users_file):
    at = AppTest.from_file(APP, default_timeout=300)
    at.run()
    assert not at.error and at.text_input


def test_serve_refuses_a_network_address_without_sign_in(capsys):
    assert main(["serve", "--address", "0.0.0.0", "--port", "8599"]) == 2
    assert "no sign-in is configured" in capsys.readouterr().err


def test_the_bundled_config_listens_on_loopback_only():
    import tomllib

    settings_file = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert access.is_loopback(settings_file["server"]["address"])


@pytest.mark.parametrize("password", ["short", ""])
def test_short_passwords_are_refused(tmp_path, password):
    with pytest.raises(ConfigError, match="use at least 12"):
        access.add_user(tmp_path / "users.json", "dana", "analyst", password)


def test_a_damaged_users_file_is_a_clear_error(tmp_path, monkeypatch):
    path = tmp_path / "users.json"
    path.write_text('{"users": {"dana": {"role": "admin", "password_hash": "x"}}}')
    with pytest.raises(ConfigError, match="role 'admin' is not one of viewer, analyst"):
        access.read_users(path)
    monkeypatch.setenv(access.USERS_FILE_VARIABLE, str(path))
    at = AppTest.from_file(APP, default_timeout=300)
    at.run()
    assert not at.exception and at.error and "admin" in at.error[0].value
    assert not at.title


def test_identity_provider_users_get_the_role_the_file_gives_them(tmp_path):
    path = tmp_path / "users.json"
    path.write_text(json.dumps({"identity_provider_roles": {"Dana@Example.org": "analyst",
                                                            "*": "viewer"}}))
    users = access.read_users(path)
    assert users.role_for_email("dana@example.org") == "analyst"
    assert users.role_for_email("someone@else.org") == "viewer"
    assert access.UsersFile().role_for_email(None) == "viewer"


def test_the_throttle_forgets_failures_after_the_lockout():
    now = [0.0]
    throttle = access.LoginThrottle(clock=lambda: now[0])
    for _ in range(access.MAX_FAILURES):
        throttle.failed("dana")
    assert throttle.locked("dana") and not throttle.locked("vic")
    now[0] += access.LOCKOUT_SECONDS + 1
    assert not throttle.locked("dana")



def test_with_an_identity_provider_the_dashboard_offers_its_sign_in_first():
    at = AppTest.from_file(APP, default_timeout=300)
    at.secrets["auth"] = {"redirect_uri": "https://feedback.example.org/oauth2callback",
                          "cookie_secret": "x" * 32, "client_id": "id", "client_secret": "s",
                          "server_metadata_url": "https://idp.example.org/.well-known/"
                                                 "openid-configuration"}
    at.run()
    assert not at.exception
    assert [b.label for b in at.button] == ["Sign in with your organisation"]
    assert not at.dataframe and not at.text_input


def test_uploads_over_the_session_total_are_refused_before_they_are_kept(monkeypatch):
    from analyzer.dashboard import state
    from analyzer.pipelines.ingest import ReadLimits

    monkeypatch.setattr(state, "UPLOAD_LIMITS", ReadLimits(max_upload_bytes=1000))
    at = AppTest.from_file(APP, default_timeout=300)
    at.run()
    csv = b"Comment,Role\n" + b"The bus is late again,Parent\n" * 30
    at.file_uploader[0].set_value([("a.csv", csv, "text/csv"), ("b.csv", csv, "text/csv")])
    at.run()
    assert not at.exception
    assert at.error and "limit for one session" in at.error[0].value
    assert at.session_state["inputs"] is None  # still the sample: nothing was kept


def test_streamlit_refuses_files_over_the_dashboard_limit_before_holding_them():
    import tomllib

    from analyzer.dashboard.state import UPLOAD_LIMITS

    settings_file = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert settings_file["server"]["maxUploadSize"] * 2**20 == UPLOAD_LIMITS.max_file_bytes


def test_report_takes_a_database_url_and_never_prints_its_password(tmp_path, capsys):
    url = "postgresql+psycopg://analyzer:s3cret-pass@127.0.0.1:1/feedback"
    assert main(["report", url, "--format", "html", "--output", str(tmp_path / "r.html")]) == 2
    error = capsys.readouterr().err
    assert "s3cret-pass" not in error and "127.0.0.1:1/feedback" in error
    assert "does not exist" not in error  # read as a database, not as a path


def test_control_characters_in_group_names_do_not_break_the_slides(tmp_path):
    frame = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False).head(300)
    frame.loc[::3, "Role"] = "Parent\x0bTab"
    frame.loc[1::3, "Role"] = "Parent \x1b[31mred"
    path = tmp_path / "survey.csv"
    frame.to_csv(path, index=False)
    corpus = read_inputs([path], ColumnRoles(text=("Comment",), groups=("Role",)))
    result = FeedbackAnalyzer(AnalysisConfig(embedder="tfidf"), use_cache=False).fit(corpus)
    deck = write_report(result, "pptx", output=tmp_path / "deck.pptx")
    from pptx import Presentation

    text = " ".join(shape.text_frame.text for slide in Presentation(deck).slides
                    for shape in slide.shapes if shape.has_text_frame)
    assert "\x1b" not in text and "\x0b" not in text and text
