"""Saved projects: analyses, curation edits and response logs in a real database.

A project is a SQLite file by default (`survey.feedback.db`, or `sqlite:///survey.feedback.db`)
or any SQLAlchemy URL (PostgreSQL for a shared deployment). Every call runs in one
transaction, so a killed process never leaves half an analysis behind; the schema is
versioned and migrated on open. Nothing is pickled. Only redacted comment text is stored
unless originals are kept on purpose (`keep_originals`), and a new SQLite file is readable by
its owner only.

    ref = save_project(result, "survey.feedback.db", name="Spring survey")
    result = open_project("survey.feedback.db")                  # latest analysis
    extended = add_round("survey.feedback.db", june_corpus, "June")
    save_responses("survey.feedback.db", log, analysis_id=ref.analysis_id)

Every problem is raised as `analyzer.errors.ProjectError` (or `ConfigError` for a bad
argument) with a message that says what to do. A project that was damaged or edited by hand
(a truncated file, a dropped column, text where a number belongs) raises its subclass
`DamagedProjectError`, naming the table and column: everything read is checked first.
"""

from analyzer.projects.database import SQLITE_SUFFIX, DamagedProjectError
from analyzer.projects.purge import purge_originals
from analyzer.projects.responses import load_responses, save_responses
from analyzer.projects.rounds import DEFAULT_SIMILARITY_FLOOR, add_round, assign_round
from analyzer.projects.schema import SCHEMA_VERSION
from analyzer.projects.store import (
                                     ProjectRef,
                                     analysis_info,
                                     delete_analysis,
                                     list_analyses,
                                     open_project,
                                     save_project,
)

__all__ = ["DEFAULT_SIMILARITY_FLOOR", "SCHEMA_VERSION", "SQLITE_SUFFIX", "DamagedProjectError",
           "ProjectRef", "add_round", "analysis_info", "assign_round", "delete_analysis",
           "list_analyses", "load_responses", "open_project", "purge_originals", "save_project",
           "save_responses"]
