"""Nothing unredacted at rest: personal details planted in real feedback reach no file.

`PLANTS` are details written as people in several countries write them, each inside a
sentence, appended to comments of a slice of the bundled district survey. The real CLI
analyses the planted survey (TF-IDF, a project saved, every report format from the output
folder and from the project), and every byte it wrote is searched for each plant's secrets:
CSV, JSON, HTML, every member of the XLSX and PPTX archives, the project database and its
side files, the embedding cache folder. The same run with `--keep-originals` must find them
in the project, so the search is known to work.

To add a kind the redactor learns (national identifiers, ...), add a `Plant`: the first test
checks that the redactor catches it before anything else relies on it.
"""

from __future__ import annotations

import html
import os
import sqlite3
import stat
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from analyzer.cli import main
from analyzer.private_files import PRIVATE_FILE_MODE, PRIVATE_FOLDER_MODE

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_feedback" / "district_survey.csv"
SLICE = slice(0, None, 10)
"""Every tenth row of the sample: about 200 comments, four rounds, a few in Spanish."""


@dataclass(frozen=True)
class Plant:
    """A sentence holding a personal detail; none of `secrets` may reach any output."""

    kind: str
    sentence: str
    secrets: tuple[str, ...]
    language: str = "en"
    """'es': appended to a comment written in Spanish, so the Spanish rules read it."""


PLANTS = (
    Plant("PHONE", "Text me on 07911 123456 after six.", ("07911 123456", "123456")),
    Plant("PHONE", "The office line is 020 7946 0018.", ("020 7946 0018", "7946 0018")),
    Plant("PHONE", "Ring (0161) 496 0254 any weekday.", ("(0161) 496 0254", "496 0254")),
    Plant("PHONE", "Mi celular es 55 1234 5678.", ("55 1234 5678",), "es"),
    Plant("PHONE", "Call me at (555) 0101-9779 please.", ("(555) 0101-9779", "0101-9779")),
    Plant("PHONE", "My cell is 312-555-0199.", ("312-555-0199",)),
    Plant("PHONE", "From Berlin: +49 30 90182734.", ("+49 30 90182734", "90182734")),
    Plant("PHONE", "Our number in Lagos is +234 803 123 4567.", ("+234 803 123 4567",)),
    Plant("PHONE", "WhatsApp +91 98765 43210 works best.", ("+91 98765 43210", "98765 43210")),
    Plant("PHONE", "Sydney office +61 2 9374 4000.", ("+61 2 9374 4000", "9374 4000")),
    Plant("EMAIL", "Write to zorbalina.quexley@example.org for details.",
          ("zorbalina.quexley@example.org", "zorbalina.quexley")),
    Plant("EMAIL", "My email is t.wexford+pta@mail.example.co.uk if needed.",
          ("t.wexford+pta@mail.example.co.uk", "wexford+pta")),
    Plant("EMAIL", "Contacto: jrodriguez.ochoa@distrito.example.mx gracias.",
          ("jrodriguez.ochoa@distrito.example.mx", "jrodriguez.ochoa"), "es"),
    Plant("ADDRESS", "We live at 1428 Elmwood Avenue near the stop.",
          ("1428 Elmwood Avenue", "Elmwood")),
    Plant("ADDRESS", "Pick up is at 87 Quillfeather Lane, Springfield, IL 62704.",
          ("87 Quillfeather Lane", "Quillfeather")),
    Plant("ADDRESS", "Vivo en 2315 Calle Olivo.", ("2315 Calle Olivo",), "es"),
    Plant("NAME", "My daughter Zephyrine was left at the stop.", ("Zephyrine",)),
    Plant("NAME", "Ms. Thistlewood-Okafor was very kind.", ("Thistlewood",)),
    Plant("NAME", "My name is Marisol Quintanilla and I volunteer.",
          ("Marisol Quintanilla", "Quintanilla")),
    Plant("NAME", "Thanks to Coach Brannigan for the help.", ("Brannigan",)),
    Plant("NAME", "Mi hijo Tadeo llega tarde.", ("Tadeo",), "es"),
    Plant("URL", "See my page at https://example.net/u/wexfordfamily for photos.",
          ("wexfordfamily",)),
    # The examples that the redactor once let through, and national identifiers.
    Plant("PHONE", "Leave a message on 07700 900123.", ("07700 900123", "900123")),
    Plant("ID", "My SSN is 123-45-6789 on the form.", ("123-45-6789", "45-6789")),
    Plant("ID", "National Insurance QQ 12 34 56 C was on the letter.", ("QQ 12 34 56 C",)),
    Plant("EMAIL", "Escríbame a josé.núñez@correo.example.es por favor.",
          ("josé.núñez", "núñez@"), "es"),
    Plant("ADDRESS", "We moved to Hauptstraße 5 last year.", ("Hauptstraße 5",)),
    Plant("ADDRESS", "Vivimos en Calle de Alcalá 45.", ("Alcalá 45",), "es"),
    Plant("NAME", "The nurse who helped was olamide adeyemi.", ("olamide", "adeyemi")),
    Plant("NAME", "Please thank my daughter sophia for the drawing.", ("sophia",)),
    # Identifiers checked by python-stdnum, and names known from the given-name lists.
    Plant("ID", "My Belgian national number is 75.03.12-123.46.", ("75.03.12-123.46", "123.46")),
    Plant("ID", "Portuguese NIF 234 567 813 for the invoice.", ("234 567 813",)),
    Plant("NAME", "Gaspard Lemoine from the parents group fixed the rota.",
          ("Gaspard", "Lemoine")),
    Plant("NAME", "We asked for femke at the desk twice.", ("femke",)),
)
SECRETS = tuple(secret for plant in PLANTS for secret in plant.secrets)
PHONE_REGIONS = "US,GB,MX"
"""Passed as --phone-regions: the national-format plants above are from these countries."""


def planted_survey(folder: Path) -> tuple[Path, dict[Plant, str]]:
    """The slice of the sample with one plant appended to each of as many comments, and the
    response id of the comment each plant went into."""
    survey = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False).iloc[SLICE]
    survey = survey.reset_index(drop=True)
    spanish = survey.index[survey["Preferred language"] == "Spanish"].tolist()
    other = survey.index[survey["Preferred language"] != "Spanish"].tolist()
    planted = {}
    for plant in PLANTS:
        rows = spanish if plant.language == "es" else other
        assert rows, f"the slice has no comment to plant '{plant.sentence}' in"
        row = rows.pop(0)
        survey.loc[row, "Comment"] = f"{survey.loc[row, 'Comment']} {plant.sentence}"
        planted[plant] = survey.loc[row, "Response ID"]
    path = folder / "planted_survey.csv"
    survey.to_csv(path, index=False)
    return path, planted


def analyze_arguments(survey: Path, folder: Path) -> list[str]:
    return ["analyze", str(survey), "--text", "Comment", "--group", "Role",
            "--id", "Response ID", "--round", "Round", "--embedder", "tfidf",
            "--phone-regions", PHONE_REGIONS, "--out", str(folder / "out"),
            "--project", str(folder / "survey.feedback.db")]


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> tuple[Path, dict[Plant, str]]:
    return planted_survey(tmp_path_factory.mktemp("survey"))


@pytest.fixture(scope="module")
def runs(tmp_path_factory, planted) -> dict[str, Path]:
    """Two runs over the same planted survey. By default: `python -m analyzer analyze` in a
    process of its own, as a user runs it, then every report format from the output folder
    and from the project. Keeping originals: the same analysis through the CLI's `main`."""
    survey = planted[0]
    default, kept = tmp_path_factory.mktemp("default"), tmp_path_factory.mktemp("kept")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "ANALYZER_CACHE_DIR": str(default / "cache"),
           "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "analyzer",
                           *analyze_arguments(survey, default)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    (default / "cli-output.txt").write_text(done.stdout + done.stderr, encoding="utf-8")
    for source in (default / "out", default / "survey.feedback.db"):
        for fmt in ("html", "xlsx", "pptx"):
            assert main(["report", str(source), "--format", fmt]) == 0

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ANALYZER_CACHE_DIR", str(kept / "cache"))
        assert main([*analyze_arguments(survey, kept), "--keep-originals"]) == 0
        assert main(["report", str(kept / "out"), "--format", "html"]) == 0
    return {"default": default, "kept": kept}


def readable_parts(path: Path) -> dict[str, str]:
    """The file's text as a reader or a program could get it back: the raw bytes, and for a
    ZIP (XLSX, PPTX) every member; each also with HTML/XML entities resolved."""
    data = path.read_bytes()
    parts = {str(path): data}
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            parts.update({f"{path}!{member}": archive.read(member)
                          for member in archive.namelist()})
    texts = {}
    for name, raw in parts.items():
        text = raw.decode("utf-8", errors="replace")
        texts[name] = text + "\n" + html.unescape(text)
    return texts


def leaks(folder: Path) -> list[str]:
    """'file: secret' for every secret found in any file under `folder`."""
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.name == "cli-output.txt":
            continue
        for name, text in readable_parts(path).items():
            found += [f"{name}: {secret}" for secret in SECRETS if secret in text]
    return found


def test_the_plants_are_new_to_the_sample_and_the_redactor_catches_each(planted, runs):
    sample = SAMPLE.read_text(encoding="utf-8")
    assert not [secret for secret in SECRETS if secret in sample]
    assignments = pd.read_csv(runs["default"] / "out" / "assignments.csv", dtype=str,
                              keep_default_na=False).set_index("comment_id")
    for plant, response_id in planted[1].items():
        redacted = assignments.loc[response_id, "text_redacted"]
        assert f"[{plant.kind}]" in redacted, (plant.sentence, redacted)
        assert not [s for s in plant.secrets if s in redacted], (plant.sentence, redacted)


def test_no_planted_detail_reaches_any_file_the_cli_writes(runs):
    folder = runs["default"]
    written = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert {"out/assignments.csv", "out/themes.csv", "out/method.json", "out/ledger.csv",
            "out/report.html", "out/report.xlsx", "out/report.pptx", "survey.feedback.db",
            "survey.feedback-report.html", "survey.feedback-report.xlsx",
            "survey.feedback-report.pptx"} <= written
    assert leaks(folder) == []
    # What the CLI printed holds none either.
    output = (folder / "cli-output.txt").read_text(encoding="utf-8")
    assert [s for s in SECRETS if s in output] == []
    assert "(redacted text only)" in output


def test_the_saved_project_holds_no_unredacted_column(runs):
    with sqlite3.connect(runs["default"] / "survey.feedback.db") as db:
        comments, originals, cleaned, redacted = db.execute(
            "SELECT count(*), count(text_original), count(text), count(text_redacted) "
            "FROM comments").fetchone()
    assert comments > 150 and redacted == comments
    assert (originals, cleaned) == (0, 0)


def test_with_keep_originals_the_project_holds_them_and_nothing_else_does(runs):
    folder = runs["kept"]
    found = leaks(folder)
    assert found, "the search found nothing in a project that keeps originals"
    places = {entry.split(": ")[0] for entry in found}
    assert places == {str(folder / "survey.feedback.db")}, places
    project_text = readable_parts(folder / "survey.feedback.db")[str(folder / "survey.feedback.db")]
    assert [s for s in SECRETS if s not in project_text] == []


def test_the_method_card_says_whether_originals_were_kept(runs):
    import json

    for name, line in (("default", "Original text not kept"), ("kept", "Original text kept")):
        folder = runs[name]
        method = json.loads((folder / "out" / "method.json").read_text(encoding="utf-8"))
        assert method["privacy"]["originals_kept"] is (name == "kept")
        assert method["privacy"]["phone_regions"] == PHONE_REGIONS.split(",")
        assert method["config"]["cleaning"]["phone_regions"] == PHONE_REGIONS.split(",")
        assert {"EMAIL", "PHONE", "ADDRESS", "NAME", "URL"} <= set(
            method["privacy"]["redacted_kinds"])
        reports = ["out/report.html"] + (["survey.feedback-report.html"] if name == "default"
                                         else [])
        for report in reports:
            text = html.unescape((folder / report).read_text(encoding="utf-8"))
            assert line in text, report
            assert "US, GB, MX, and any number written with +" in text


def test_everything_written_is_readable_by_its_owner_only(runs):
    for folder in runs.values():
        assert stat.S_IMODE((folder / "out").stat().st_mode) == PRIVATE_FOLDER_MODE
        for path in folder.rglob("*"):
            if path.is_file() and path.name != "cli-output.txt":
                assert stat.S_IMODE(path.stat().st_mode) == PRIVATE_FILE_MODE, path
