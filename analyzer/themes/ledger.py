"""The ledger: every input row of every file, kept or dropped, with a reason.

Trust in the analysis starts with "nothing was silently lost": the ledger is built during
intake and cleaning and checked so that kept + dropped == rows read, per file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

KEPT = "kept"
DROPPED = "dropped"
LEDGER_COLUMNS = ("source", "row", "status", "reason")


@dataclass(frozen=True)
class Ledger:
    """Row-level accounting for a set of input files.

    `entries` has one row per input data row (1-based, header rows excluded) with the columns
    source, row, status (`kept`/`dropped`) and reason (empty for kept rows unless noted).
    `rows_read` maps each source to the number of data rows the reader saw.
    """

    entries: pd.DataFrame
    rows_read: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        missing = [c for c in LEDGER_COLUMNS if c not in self.entries.columns]
        if missing:
            raise ValueError(f"ledger entries lack columns {missing}")
        self.check()

    @classmethod
    def empty(cls) -> "Ledger":
        return cls(pd.DataFrame({c: pd.Series(dtype="object") for c in LEDGER_COLUMNS}), {})

    @classmethod
    def concat(cls, ledgers: list["Ledger"]) -> "Ledger":
        frames = [ledger.entries for ledger in ledgers if len(ledger.entries)]
        rows_read: dict[str, int] = {}
        for ledger in ledgers:
            rows_read.update(ledger.rows_read)
        if not frames:
            return cls(cls.empty().entries, rows_read)
        return cls(pd.concat(frames, ignore_index=True), rows_read)

    def check(self) -> None:
        """Assert that every row read is accounted for exactly once."""
        counts = self.entries.groupby("source").size().to_dict() if len(self.entries) else {}
        for source, n_read in self.rows_read.items():
            n_entries = counts.get(source, 0)
            if n_entries != n_read:
                raise AssertionError(
                    f"ledger for '{source}' has {n_entries} entries but {n_read} rows were read")
        if self.entries.duplicated(["source", "row"]).any():
            raise AssertionError("ledger lists the same input row twice")
        bad = set(self.entries["status"]) - {KEPT, DROPPED}
        if bad:
            raise AssertionError(f"ledger has unknown statuses {sorted(bad)}")

    def with_drops(self, drops: pd.DataFrame) -> "Ledger":
        """Return a ledger where the (source, row) pairs in `drops` are marked dropped.

        `drops` has columns source, row, reason; a row already dropped keeps its first reason.
        """
        if drops.empty:
            return self
        entries = self.entries.copy()
        key = entries["source"].astype(str) + "\x1f" + entries["row"].astype(str)
        drop_key = drops["source"].astype(str) + "\x1f" + drops["row"].astype(str)
        reason_by_key = dict(zip(drop_key, drops["reason"]))
        hit = key.isin(reason_by_key) & (entries["status"] == KEPT)
        entries.loc[hit, "status"] = DROPPED
        entries.loc[hit, "reason"] = key[hit].map(reason_by_key)
        return Ledger(entries, dict(self.rows_read))

    @property
    def n_read(self) -> int:
        return len(self.entries)

    @property
    def n_kept(self) -> int:
        return int((self.entries["status"] == KEPT).sum())

    @property
    def n_dropped(self) -> int:
        return int((self.entries["status"] == DROPPED).sum())

    def drop_reasons(self) -> dict[str, int]:
        dropped = self.entries[self.entries["status"] == DROPPED]
        return {str(k): int(v) for k, v in dropped["reason"].value_counts().sort_index().items()}

    def summary(self) -> dict:
        """Totals for the method card and the dashboard."""
        return {"rows_read": self.n_read, "kept": self.n_kept, "dropped": self.n_dropped,
                "dropped_by_reason": self.drop_reasons(),
                "rows_read_by_source": dict(self.rows_read)}
