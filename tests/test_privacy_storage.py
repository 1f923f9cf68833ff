"""What the analyzer keeps on disk: redacted text only unless originals are kept on purpose,
owner-only files (SQLite side files, the cache, output folders), no text in the embedding
cache, old projects purged of their originals, and phone regions passed to the redactor."""

from __future__ import annotations

import dataclasses
import json
import os
import sqlite3
import stat
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pytest

from analyzer.config import AnalysisConfig, CleaningConfig
from analyzer.errors import ConfigError
from analyzer.private_files import PRIVATE_FILE_MODE, PRIVATE_FOLDER_MODE
from analyzer.projects import list_analyses, open_project, purge_originals, save_project
from analyzer.reports.method_card import method_card_markdown
from tests.fitted import read_survey, write_survey

ROOT = Path(__file__).resolve().parents[1]
SECRETS = ("312-555-0199", "zorbalina.quexley@example.org", "Thistlewood", "1428 Elmwood Avenue")
PII_ROWS = [
    {"id": "pii-1", "role": "Parent", "comment": "The bus is late every single morning, "
     "call me at 312-555-0199 about it."},
    {"id": "pii-2", "role": "Parent", "comment": "Lunch runs out before the last period, "
     "write to zorbalina.quexley@example.org with the menu."},
    {"id": "pii-3", "role": "Student", "comment": "Ms. Thistlewood said bullying in the "
     "hallway will be reported to the principal."},
    {"id": "pii-4", "role": "Parent", "comment": "The bus skips our stop at 1428 Elmwood "
     "Avenue most days."},
]


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    """A real TF-IDF analysis of the synthetic survey with four comments holding details."""
    from analyzer.core import FeedbackAnalyzer

    corpus = read_survey(write_survey(tmp_path_factory.mktemp("pii"), n_per_topic=12,
                                      extra_rows=PII_ROWS))
    fitted = FeedbackAnalyzer(AnalysisConfig(embedder="tfidf", n_themes=3),
                              use_cache=False).fit(corpus)
    planted = fitted.comments[fitted.comments["comment_id"].str.startswith("pii-")]
    assert not any(s in t for s in SECRETS for t in planted["text_redacted"])
    assert all(any(s in t for s in SECRETS) for t in planted["text_original"])
    return fitted


def secrets_in(*paths: Path) -> list[str]:
    found = []
    for path in paths:
        text = path.read_bytes().decode("utf-8", errors="replace")
        found += [f"{path.name}: {s}" for s in SECRETS if s in text]
    return found


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@contextmanager
def umask(value: int):
    """The process umask set to `value` for the block: modes must not depend on it."""
    previous = os.umask(value)
    try:
        yield
    finally:
        os.umask(previous)


# -- what a project stores -------------------------------------------------------------------

def test_a_default_save_stores_redacted_text_only(result, tmp_path):
    path = tmp_path / "survey.feedback.db"
    ref = save_project(result, path, name="Spring")
    assert ref.originals_kept is False
    with sqlite3.connect(path) as db:
        counts = db.execute("SELECT count(*), count(text_original), count(text), "
                            "count(text_redacted) FROM comments").fetchone()
    assert counts == (len(result.comments), 0, 0, len(result.comments))
    assert secrets_in(path) == []

    reopened = open_project(path)
    assert "text_original" not in reopened.comments.columns
    assert reopened.comments["text"].tolist() == result.comments["text_redacted"].tolist()
    assert reopened.config.keep_originals is False
    assert reopened.method["privacy"]["originals_kept"] is False
    assert list_analyses(path)[0].originals_kept is False


def test_originals_are_stored_when_asked_and_reopen_exactly(result, tmp_path):
    by_argument, by_config = tmp_path / "argument.feedback.db", tmp_path / "config.feedback.db"
    save_project(result, by_argument, name="Spring", keep_originals=True)
    keeping = dataclasses.replace(
        result, config=dataclasses.replace(result.config, keep_originals=True))
    save_project(keeping, by_config, name="Spring")
    for path in (by_argument, by_config):
        assert sorted(s.split(": ")[1] for s in secrets_in(path)) == sorted(SECRETS)
        reopened = open_project(path)
        pd.testing.assert_frame_equal(reopened.comments, result.comments)
        assert reopened.config.keep_originals is True
        assert reopened.method["privacy"]["originals_kept"] is True
        assert list_analyses(path)[0].originals_kept is True
    # The cleaned text is stored only where redaction changed it: once per comment otherwise.
    with sqlite3.connect(by_argument) as db:
        assert db.execute("SELECT count(text) FROM comments").fetchone()[0] == len(PII_ROWS)


def test_an_explicit_choice_at_save_overrides_the_config(result, tmp_path):
    keeping = dataclasses.replace(
        result, config=dataclasses.replace(result.config, keep_originals=True))
    path = tmp_path / "survey.feedback.db"
    save_project(keeping, path, name="Spring", keep_originals=False)
    assert secrets_in(path) == []
    assert open_project(path).config.keep_originals is False


def test_keeping_originals_needs_originals_and_a_true_or_false(result, tmp_path):
    path = tmp_path / "survey.feedback.db"
    save_project(result, path, name="Spring")
    with pytest.raises(ConfigError, match="holds no original text to keep"):
        save_project(open_project(path), path, name="Again", keep_originals=True)
    with pytest.raises(ConfigError, match=r"keep_originals='no' should be True or False"):
        save_project(result, path, name="Again", keep_originals="no")
    with pytest.raises(ConfigError, match=r"keep_originals=1 should be True or False"):
        AnalysisConfig(keep_originals=1)
    assert [r.name for r in list_analyses(path)] == ["Spring"]


def test_a_theme_of_a_redacted_only_project_can_be_split(result, tmp_path):
    from analyzer.pipelines.curate import split_theme

    path = tmp_path / "survey.feedback.db"
    save_project(result, path, name="Spring")
    reopened = open_project(path)
    largest = max((t for t in reopened.themes if t.theme_id >= 0), key=lambda t: t.size)
    split = split_theme(reopened, largest.theme_id, 2, who="Ana")
    assert len([t for t in split.themes if t.theme_id >= 0]) == 4
    assert split.method["curation"][-1]["kind"] == "split"
    again = save_project(split, path, name="Split", parent_id=1)
    assert again.originals_kept is False and secrets_in(path) == []


# -- projects saved with originals (or by an earlier version) --------------------------------

def make_like_an_earlier_version(path: Path) -> None:
    """What versions before redacted-only saves wrote: originals, and no record of them."""
    with sqlite3.connect(path) as db:
        config, method = db.execute("SELECT config, method FROM analyses").fetchone()
        config, method = json.loads(config), json.loads(method)
        del config["keep_originals"], method["privacy"]
        db.execute("UPDATE analyses SET config=?, method=?",
                   (json.dumps(config), json.dumps(method)))


def test_an_earlier_versions_project_opens_and_its_originals_can_be_purged(result, tmp_path):
    path = tmp_path / "old.feedback.db"
    save_project(result, path, name="Spring", keep_originals=True)
    save_project(result, path, name="Copy")
    make_like_an_earlier_version(path)
    old = open_project(path, 1)
    pd.testing.assert_frame_equal(old.comments, result.comments)
    assert "is not recorded" in method_card_markdown(old.method)
    assert [r.originals_kept for r in list_analyses(path)] == [True, False]

    assert purge_originals(path) == [1]
    assert secrets_in(path) == []  # gone from the file, not just from the rows
    purged = open_project(path, 1)
    assert "text_original" not in purged.comments.columns
    assert purged.comments["text"].tolist() == result.comments["text_redacted"].tolist()
    assert purged.config.keep_originals is False
    assert purged.method["privacy"] == {"originals_kept": False}
    assert "Original text not kept" in method_card_markdown(purged.method)
    assert [r.originals_kept for r in list_analyses(path)] == [False, False]
    assert purge_originals(path) == []


def test_the_purge_command_says_what_it_removed(result, tmp_path, capsys):
    from analyzer.cli import main

    path = tmp_path / "survey.feedback.db"
    save_project(result, path, name="Spring", keep_originals=True)
    assert main(["purge-originals", str(path)]) == 0
    assert "Removed the original text of analyses 1" in capsys.readouterr().out
    assert main(["purge-originals", str(path)]) == 0
    assert "Nothing to remove" in capsys.readouterr().out
    assert main(["purge-originals", str(tmp_path / "missing.feedback.db")]) == 2
    assert "there is no project at" in capsys.readouterr().err


# -- owner-only files --------------------------------------------------------------------------

def test_a_new_project_and_its_journal_are_owner_only_whatever_the_umask(result, tmp_path):
    from analyzer.projects.database import transaction
    from analyzer.projects.migrations import ensure_schema

    path = tmp_path / "survey.feedback.db"
    with umask(0):
        with transaction(path, create=True) as connection:
            ensure_schema(connection, create=True)  # pages written: the journal is open
            journal = Path(f"{path}-journal")
            assert journal.exists() and mode(journal) == PRIVATE_FILE_MODE
        assert mode(path) == PRIVATE_FILE_MODE
        save_project(result, path, name="Spring")
    assert mode(path) == PRIVATE_FILE_MODE


def test_an_existing_project_keeps_its_mode(result, tmp_path):
    path = tmp_path / "shared.feedback.db"
    save_project(result, path, name="Spring")
    path.chmod(0o640)  # a team's choice, e.g. group-readable for a service account
    save_project(result, path, name="Again")
    assert mode(path) == 0o640


def test_a_wal_project_keeps_its_side_files_private_and_free_of_originals(result, tmp_path):
    path = tmp_path / "survey.feedback.db"
    save_project(result, path, name="Spring")
    reader = sqlite3.connect(path)  # held open, so the -wal file stays after each save
    try:
        assert reader.execute("PRAGMA journal_mode=WAL").fetchone() == ("wal",)
        reader.execute("SELECT count(*) FROM comments").fetchone()
        save_project(result, path, name="Again")
        wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
        assert mode(wal) == PRIVATE_FILE_MODE and mode(shm) == PRIVATE_FILE_MODE
        assert secrets_in(path, wal) == []
        save_project(result, path, name="Kept", keep_originals=True)
        assert secrets_in(wal), "the -wal file holds the new pages: the originals just saved"
    finally:
        reader.close()


def test_outputs_are_owner_only_and_an_existing_file_is_narrowed(result, tmp_path):
    from analyzer.pipelines.write import write_outputs

    with umask(0):
        written = write_outputs(result, tmp_path / "new" / "out")
    assert mode(tmp_path / "new" / "out") == PRIVATE_FOLDER_MODE
    assert written and all(mode(path) == PRIVATE_FILE_MODE for path in written)

    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    (shared / "assignments.csv").write_text("old", encoding="utf-8")
    (shared / "assignments.csv").chmod(0o644)
    write_outputs(result, shared)
    assert mode(shared) == 0o755  # a folder that existed is left as it was
    assert mode(shared / "assignments.csv") == PRIVATE_FILE_MODE
    assert pd.read_csv(shared / "assignments.csv")["comment_id"].tolist() == \
        result.comments["comment_id"].tolist()
    assert secrets_in(*written) == []


def test_the_embedding_cache_holds_vectors_and_hashes_but_no_text(tmp_path):
    from analyzer.pipelines.embed import EmbeddingCache, cache_file, embed_texts, make_embedder

    texts = [row["comment"] for row in PII_ROWS]
    embedder = make_embedder("minilm")
    path = cache_file(tmp_path / "cache")
    with umask(0):
        vectors = embed_texts(texts, embedder, EmbeddingCache(path))
    assert vectors.shape == (len(texts), 384)
    files = [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]
    assert files == [path]
    assert mode(path) == PRIVATE_FILE_MODE and mode(path.parent) == PRIVATE_FOLDER_MODE
    stored = path.read_bytes()
    assert all(EmbeddingCache.key(t).encode() in stored for t in texts)  # the right file
    assert secrets_in(path) == []
    assert not [t for t in texts if t[:30].encode() in stored]


# -- phone regions -----------------------------------------------------------------------------

def test_phone_regions_reach_the_redactor(tmp_path):
    from analyzer.pipelines.clean import clean_comments
    from analyzer.pipelines.ingest import ColumnRoles, read_inputs

    survey = tmp_path / "survey.csv"
    # A US number in its national layout: with no trunk 0 or phone word, only the regions
    # decide (a London "020 ..." number is now taken by the lenient rule whatever they are).
    survey.write_text("comment\nThe office is 312 555 0199 before nine.\n",
                      encoding="utf-8")
    corpus = read_inputs([survey], ColumnRoles(text=("comment",)))

    def redacted(regions) -> str:
        config = CleaningConfig(redact_names=False, phone_regions=regions)
        return clean_comments(corpus.comments, corpus.ledger, config)[0]["text_redacted"][0]

    assert "312 555 0199" in redacted(("GB",))  # a Chicago number is not a UK one
    assert redacted(("GB", "US")) == "The office is [PHONE] before nine."
    assert redacted(None) == "The office is [PHONE] before nine."  # default list has US


def test_phone_regions_are_checked_and_survive_a_project(result, tmp_path):
    config = AnalysisConfig(cleaning=CleaningConfig(phone_regions=["MX"]))  # as JSON gives it
    assert config.cleaning.phone_regions == ("MX",)
    assert AnalysisConfig.from_dict(json.loads(json.dumps(config.to_dict()))) == config
    for bad, message in ((("UK",), r"phone_regions holds 'UK', which is not a two-letter "
                                   r"region code"),
                         ("US", r"phone_regions='US' should be a list"),
                         ((), r"phone_regions is an empty list")):
        with pytest.raises(ConfigError, match=message):
            CleaningConfig(phone_regions=bad)
    path = tmp_path / "survey.feedback.db"
    save_project(dataclasses.replace(result, config=config), path, name="Spring")
    assert open_project(path).config.cleaning.phone_regions == ("MX",)


@pytest.mark.parametrize("arguments, message", [
    (["--phone-regions", "US,UK"], "phone_regions holds 'UK'"),
    (["--phone-regions", " , "], "phone_regions is an empty list"),
    (["--keep-originals"], "--keep-originals keeps original text in a saved project"),
    (["--project", "/no/such/folder/x.feedback.db"], "the folder /no/such/folder does not"),
])
def test_bad_privacy_options_exit_2_with_one_line(tmp_path, capsys, arguments, message):
    from analyzer.cli import main

    survey = write_survey(tmp_path, n_per_topic=2)
    code = main(["analyze", str(survey), "--text", "comment", "--embedder", "tfidf",
                 "--out", str(tmp_path / "out"), *arguments])
    error = capsys.readouterr().err
    assert code == 2
    assert error.startswith("error: ") and error.count("\n") == 1 and message in error
    assert not (tmp_path / "out").exists()  # refused before any work


# -- the method card ---------------------------------------------------------------------------

def test_the_method_card_has_a_privacy_section(result):
    from analyzer.core import privacy_record
    from analyzer.reports.method_card import method_card_sections

    privacy = [s for s in method_card_sections(result.method) if s.title == "Privacy"]
    assert len(privacy) == 1
    rows = dict(privacy[0].rows)
    for kind in ("email [EMAIL]", "url [URL]", "phone [PHONE]", "address [ADDRESS]",
                 "name [NAME]"):  # and any kind the redactor learns later
        assert kind in rows["kinds redacted"]
    assert rows["phone formats read"].startswith("US, CA, GB, IE")
    assert privacy[0].paragraphs[0].startswith("Original text not kept")
    unnamed = dataclasses.replace(result.config, cleaning=CleaningConfig(redact_names=False))
    assert "NAME" not in privacy_record(unnamed)["redacted_kinds"]
