"""The typed objects of intake: what to read, which columns mean what, and what came out."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Mapping

import pandas as pd

from analyzer.errors import ConfigError
from analyzer.themes.ledger import Ledger

ALL_SHEETS = "*"
NOT_GIVEN = "(not given)"
BASE_COLUMNS = ("comment_id", "source", "row", "partner", "question", "respondent_id",
                "text_original")
"""The first columns of `Corpus.comments`; group and round columns follow under their names."""


@dataclass(frozen=True)
class InputSpec:
    """One file to read."""

    path: Path
    label: str | None = None
    """Partner or effort label reported as `partner`; defaults to the file stem."""
    sheet: str | None = None
    """XLSX sheet name; None reads the first sheet, "*" reads every sheet. Ignored otherwise."""
    display_name: str | None = None
    """Name reported as `source` (for uploads: the original file name); defaults to path.name."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", Path(self.path))

    @property
    def name(self) -> str:
        return self.display_name or self.path.name

    @property
    def partner(self) -> str:
        if self.label:
            return self.label
        return Path(self.display_name).stem if self.display_name else self.path.stem

    @classmethod
    def coerce(cls, spec: "InputSpec | str | Path") -> "InputSpec":
        return spec if isinstance(spec, InputSpec) else cls(Path(spec))


@dataclass
class Grid:
    """Rows of cells from one table; `ragged_is_error` for delimited text, where an extra
    cell means an unquoted delimiter shifted the row."""

    rows: list[list[str]]
    sheet: str | None = None
    ragged_is_error: bool = False
    delimiter: str | None = None
    encoding: str | None = None
    marked: bool = False
    """Whether cells may hold undecodable-byte marks (see `decode`), so must be scanned."""


@dataclass
class LoadedFile:
    """The grids read from one file (one per sheet read), and what identifies the file."""

    grids: list[Grid]
    sha256: str
    size_bytes: int
    kind: str


class FrozenMap(Mapping[str, str]):
    """A read-only, hashable str -> str mapping (so that `ColumnRoles` stays hashable)."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, str] | None = None):
        self._items = dict(items or {})

    def __getitem__(self, key: str) -> str:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(tuple(sorted(self._items.items())))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mapping) and dict(self._items) == dict(other)

    def __repr__(self) -> str:
        return f"FrozenMap({self._items!r})"


def _names(value: str | tuple[str, ...] | list[str] | None, what: str) -> tuple[str, ...]:
    if value is None:
        return ()
    names = (value,) if isinstance(value, str) else tuple(value)
    for name in names:
        if not isinstance(name, str) or not name.strip():
            raise ConfigError(f"{what} column name {name!r} should be a non-empty text.")
    return names


@dataclass(frozen=True)
class ColumnRoles:
    """Which columns hold the comments, the groups, the respondent id and the round.

    Names are the headers a person sees in a file's first row. `aliases` maps a header used in
    some file to the canonical name used here and in the output, so that files with different
    headers (`I am a...` in one, `Role` in another) merge. Aliases apply one step only.
    """

    text: tuple[str, ...]
    groups: tuple[str, ...] = ()
    id: str | None = None
    round: str | None = None
    aliases: Mapping[str, str] = field(default_factory=FrozenMap)

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", _names(self.text, "text"))
        object.__setattr__(self, "groups", _names(self.groups, "group"))
        _names(self.id, "id")
        _names(self.round, "round")
        aliases = self.aliases if isinstance(self.aliases, FrozenMap) else FrozenMap(self.aliases)
        for key, value in aliases.items():
            _names((key, value), "alias")
        object.__setattr__(self, "aliases", aliases)
        if not self.text:
            raise ConfigError("name at least one text column (the open-ended question to analyse).")
        seen: dict[str, str] = {}
        for role, name in self.named():
            canonical = self.canonical(name)
            if canonical in seen:
                other = seen[canonical]
                detail = "twice" if other == role else f"as both {other} and {role}"
                raise ConfigError(f"column '{canonical}' is named {detail}; "
                                  "each column can have one role only.")
            seen[canonical] = role
            if role in ("group", "round") and canonical in BASE_COLUMNS:
                raise ConfigError(
                    f"{role} column '{canonical}' has the same name as a built-in output column "
                    f"({', '.join(BASE_COLUMNS)}); give it another name with aliases, e.g. "
                    f"aliases={{'{canonical}': '{canonical.capitalize()} (from file)'}}.")

    def canonical(self, name: str) -> str:
        """The name a header is reported under, after aliases."""
        return self.aliases.get(name, name)

    def named(self) -> list[tuple[str, str]]:
        """(role, name) for every column named, in output order."""
        pairs = [("text", t) for t in self.text] + [("group", g) for g in self.groups]
        if self.id is not None:
            pairs.append(("id", self.id))
        if self.round is not None:
            pairs.append(("round", self.round))
        return pairs


@dataclass(frozen=True)
class InputFile:
    """Provenance of one table read (a file, or one sheet of a workbook)."""

    name: str
    label: str
    sha256: str
    rows_read: int
    layout: str
    sheet: str | None
    size_bytes: int


@dataclass(frozen=True, eq=False)
class Corpus:
    """The canonical comments, the row ledger and where everything came from.

    `comments` columns, in order: comment_id, source, row, partner, question, respondent_id,
    text_original, then each group column and the round column under their canonical names.
    """

    comments: pd.DataFrame
    ledger: Ledger
    inputs: tuple[InputFile, ...]
    roles: ColumnRoles


@dataclass(frozen=True, eq=False)
class RawTable:
    """One table as read, before roles are applied: what a preview shows.

    `frame` has one column per visible header (all values strings, nothing coerced) and one
    row per data row, so `frame.iloc[i]` is data row i + 1. Header rows of survey-tool exports
    are folded away; `labels` maps a column to its question text where the tool gives one
    (Qualtrics), and such a column can be addressed by either name.
    """

    frame: pd.DataFrame
    source: str
    layout: str = "plain"
    header_rows: int = 1
    """Rows above the first data row in the file (header rows and leading blank rows)."""
    sheet: str | None = None
    labels: Mapping[str, str] = field(default_factory=dict)
    header_cells: tuple[tuple[str, ...], ...] = ()
    """The raw header rows, aligned with `frame.columns`, to spot repeated headers."""
    unreadable: frozenset[tuple[int, str]] = frozenset()
    """(data row, column) of cells whose bytes could not be decoded."""
    repeated_headers: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Header -> the columns it heads, by the names they are read as ("Q", "Q (2)"), for
    headers over several columns: such a header cannot say which column a role means."""
    sha256: str = ""
    size_bytes: int = 0

    @property
    def columns(self) -> list[str]:
        return [str(c) for c in self.frame.columns]
