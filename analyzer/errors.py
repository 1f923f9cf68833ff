"""One family of exceptions, each with a message a non-programmer can act on.

The CLI turns any `AnalyzerError` into a one-line message and exit code 2; the dashboard shows
it as a friendly error box. Anything else escaping the library is a bug.

Two families tell a caller what to fix: `ConfigError`, a setting has a value it may not have;
`DataError`, the settings are fine but the data does not allow the analysis (`InputError` for
a problem located in an input file, `TooFewCommentsError`, `WeightingError`,
`DamagedOutputError`).
"""

from __future__ import annotations


class AnalyzerError(Exception):
    """Base class: every problem the user can fix derives from this."""


class DataError(AnalyzerError):
    """The data cannot be analysed as asked: every setting is valid, but the comments (or a
    table, a saved analysis, an output folder) do not allow it. The fix is in the data, not
    in a setting; compare `ConfigError`."""


class TooFewCommentsError(DataError):
    """Too few comments (or themes with comments) are left for a step to work on."""


class WeightingError(DataError):
    """Statistical weights cannot be computed for these comments: a group has no comments,
    is missing from the benchmark, or raking does not converge."""


class InputError(DataError):
    """A problem with an input file, located as precisely as we can (file, row, column)."""

    def __init__(self, message: str, *, source: str | None = None, row: int | None = None,
                 column: str | None = None):
        self.source = source
        self.row = row
        self.column = column
        where = []
        if source:
            where.append(f"file '{source}'")
        if row is not None:
            where.append(f"row {row}")
        if column:
            where.append(f"column '{column}'")
        prefix = (", ".join(where) + ": ") if where else ""
        super().__init__(prefix + message)


class UnreadableFileError(InputError):
    """The file cannot be opened or decoded as a table."""


class ColumnNotFoundError(InputError):
    """A column named by the user is not in the file."""


class NoUsableTextError(InputError, TooFewCommentsError):
    """After cleaning, nothing is left to analyse."""


class FileTooLargeError(InputError):
    """The file exceeds the configured size limit."""


class LimitExceededError(InputError):
    """The file holds more than a read limit allows (columns, rows, cells, cell length, JSON
    nesting, a session's total upload): refused before it can exhaust memory."""


class ConfigError(AnalyzerError):
    """A setting (or an argument of a library call) has an invalid value; the message quotes
    it and says what is allowed."""


class DamagedOutputError(DataError):
    """A folder written by `analyze` holds a file that `analyze` would not have written (cut
    short, hand-edited, from another tool): the message names the file, the column or key and
    the value, and says to run `analyze` again."""


class ModelUnavailableError(AnalyzerError):
    """An embedding or language model cannot be loaded offline."""


class ProjectError(AnalyzerError):
    """A saved project cannot be read or written."""


class WorkerError(AnalyzerError):
    """A helper process stopped before finishing its share of the work."""
