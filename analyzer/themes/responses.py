"""The response log: "you said, we did", one entry per theme.

For each theme the agency records what it decided (a status), what it is doing about it (the
response), why (the rationale) and when. Reports and the dashboard show the log next to the
themes so participants can see how their input was used.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any, Iterator

import pandas as pd

from analyzer.errors import ConfigError

STATUSES = ("adopted", "under review", "not adopted", "out of scope")
"""Valid statuses, in the order reports list them."""

RESPONSE_COLUMNS = ("theme_id", "theme_label", "status", "response", "rationale",
                    "recorded_on", "updated_on")
_REQUIRED_COLUMNS = ("theme_id", "status", "response")


def parse_status(value: Any) -> str:
    """The canonical status for `value`; case, spaces, '_' and '-' are forgiven.

    >>> parse_status("Under_Review")
    'under review'
    """
    text = " ".join(str(value).strip().lower().replace("_", " ").replace("-", " ").split())
    if text not in STATUSES:
        raise ConfigError(f"status '{value}' is not valid; use one of: {', '.join(STATUSES)}.")
    return text


def parse_date(value: Any, what: str = "date") -> dt.date:
    """A `date` from a date, a datetime, a pandas Timestamp or an ISO text like 2024-05-31."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise ConfigError(f"{what} '{value}' is not a date; write it as YYYY-MM-DD, "
                          "e.g. 2024-05-31.") from None


@dataclass(frozen=True)
class ResponseEntry:
    """What the agency did about one theme."""

    theme_id: int
    theme_label: str
    status: str
    """One of STATUSES: adopted, under review, not adopted, out of scope."""
    response: str
    """What is being done, in words participants will read."""
    rationale: str = ""
    """Why: especially needed when a theme is not adopted or out of scope."""
    recorded_on: dt.date | None = None
    """When the response was first recorded (today when not given)."""
    updated_on: dt.date | None = None
    """When it last changed (the recording date when not given)."""

    def __post_init__(self) -> None:
        # Normalise in place: the object is still immutable to its users.
        if isinstance(self.theme_id, bool) or not _is_whole(self.theme_id):
            raise ConfigError(f"theme_id={self.theme_id!r} should be a whole number.")
        set_ = object.__setattr__
        set_(self, "theme_id", int(float(self.theme_id)))
        set_(self, "theme_label", _text(self.theme_label))
        set_(self, "status", parse_status(self.status))
        set_(self, "response", _text(self.response))
        set_(self, "rationale", _text(self.rationale))
        if not self.response:
            raise ConfigError(f"the response for theme {self.theme_id} is empty; say what is "
                              "being done (or why not) in a sentence participants can read.")
        recorded = parse_date(self.recorded_on, "recorded_on") if _given(self.recorded_on) \
            else dt.date.today()
        updated = parse_date(self.updated_on, "updated_on") if _given(self.updated_on) \
            else recorded
        if updated < recorded:
            raise ConfigError(f"updated_on={updated.isoformat()} is before "
                              f"recorded_on={recorded.isoformat()} for theme {self.theme_id}.")
        set_(self, "recorded_on", recorded)
        set_(self, "updated_on", updated)

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in RESPONSE_COLUMNS}


@dataclass(frozen=True)
class ResponseLog:
    """Responses by theme, at most one per theme, kept in the order they were recorded.

    The log is immutable: `add` and `update` return a new log.
    """

    entries: tuple[ResponseEntry, ...] = ()

    def __post_init__(self) -> None:
        seen: set[int] = set()
        for entry in self.entries:
            if not isinstance(entry, ResponseEntry):
                raise ConfigError(f"a response log holds ResponseEntry objects, not {entry!r}.")
            if entry.theme_id in seen:
                raise ConfigError(f"theme {entry.theme_id} has two responses; keep one and "
                                  "update it instead.")
            seen.add(entry.theme_id)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[ResponseEntry]:
        return iter(self.entries)

    def __contains__(self, theme_id: object) -> bool:
        return any(e.theme_id == theme_id for e in self.entries)

    def get(self, theme_id: int) -> ResponseEntry | None:
        """The response for a theme, or None when none has been recorded."""
        for entry in self.entries:
            if entry.theme_id == theme_id:
                return entry
        return None

    def add(self, entry: ResponseEntry) -> "ResponseLog":
        """A log with `entry` added; a theme that already has a response must be updated."""
        if entry.theme_id in self:
            raise ConfigError(f"theme {entry.theme_id} already has a response; use update() "
                              "to change it.")
        return ResponseLog(self.entries + (entry,))

    def update(self, theme_id: int, /, *, on: dt.date | str | None = None,
               **changes: Any) -> "ResponseLog":
        """A log where the theme's response has `changes` (status, response, rationale,
        theme_label) applied and `updated_on` set to `on` (today by default)."""
        current = self.get(theme_id)
        if current is None:
            raise ConfigError(f"theme {theme_id} has no response yet; use add() to record one.")
        allowed = {"theme_label", "status", "response", "rationale"}
        unknown = sorted(set(changes) - allowed)
        if unknown:
            raise ConfigError(f"cannot update {', '.join(unknown)}; the fields that can change "
                              f"are {', '.join(sorted(allowed))}.")
        updated_on = parse_date(on, "on") if _given(on) else dt.date.today()
        changed = replace(current, **changes, updated_on=updated_on)
        return ResponseLog(tuple(changed if e.theme_id == theme_id else e
                                 for e in self.entries))

    def remove(self, theme_id: int) -> "ResponseLog":
        if theme_id not in self:
            raise ConfigError(f"theme {theme_id} has no response to remove.")
        return ResponseLog(tuple(e for e in self.entries if e.theme_id != theme_id))

    def status_counts(self) -> dict[str, int]:
        """How many themes have each status, every status listed (zeros included)."""
        counts = dict.fromkeys(STATUSES, 0)
        for entry in self.entries:
            counts[entry.status] += 1
        return counts

    def to_frame(self) -> pd.DataFrame:
        """One row per response with RESPONSE_COLUMNS; dates as ISO text (YYYY-MM-DD)."""
        rows = []
        for entry in self.entries:
            row = entry.as_dict()
            row["recorded_on"] = entry.recorded_on.isoformat()
            row["updated_on"] = entry.updated_on.isoformat()
            rows.append(row)
        frame = pd.DataFrame(rows, columns=list(RESPONSE_COLUMNS))
        return frame.astype({"theme_id": "int64"})

    @classmethod
    def coerce(cls, responses: "ResponseLog | pd.DataFrame | None") -> "ResponseLog":
        """A log from a log, a table shaped like `to_frame()`, or None (empty)."""
        if responses is None:
            return cls()
        if isinstance(responses, cls):
            return responses
        if isinstance(responses, pd.DataFrame):
            return cls.from_frame(responses)
        raise ConfigError(f"responses should be a ResponseLog or a table, not "
                          f"{type(responses).__name__}.")

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> "ResponseLog":
        """Rebuild a log from `to_frame` output or a spreadsheet with the same columns.

        theme_id, status and response are required; errors name the offending row (1-based,
        header excluded).
        """
        missing = [c for c in _REQUIRED_COLUMNS if c not in frame.columns]
        if missing:
            raise ConfigError(f"the response table lacks the column(s) {', '.join(missing)}; it "
                              f"needs {', '.join(RESPONSE_COLUMNS)}.")
        entries = []
        for number, record in enumerate(frame.to_dict("records"), start=1):
            values = {c: record.get(c) for c in RESPONSE_COLUMNS}
            values = {k: (None if not _given(v) else v) for k, v in values.items()}
            try:
                entries.append(ResponseEntry(
                    theme_id=values["theme_id"], theme_label=values["theme_label"] or "",
                    status=values["status"] or "", response=values["response"] or "",
                    rationale=values["rationale"] or "", recorded_on=values["recorded_on"],
                    updated_on=values["updated_on"]))
            except ConfigError as error:
                raise ConfigError(f"response row {number}: {error}") from None
        return cls(tuple(entries))


def _given(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    try:
        return not bool(pd.isna(value))
    except (TypeError, ValueError):
        return True


def _is_whole(value: Any) -> bool:
    try:
        number = float(value)
        return number == int(number)
    except (TypeError, ValueError, OverflowError):
        return False


def _text(value: Any) -> str:
    return str(value).strip() if _given(value) else ""


__all__ = ["RESPONSE_COLUMNS", "STATUSES", "ResponseEntry", "ResponseLog", "parse_date",
           "parse_status"]
