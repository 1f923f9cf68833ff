"""Reading a vote file: the Polis export or a long table of votes, into a `VoteTable`.

The file is read by the intake (`analyzer.pipelines.ingest.read_table`), so CSV, TSV, Excel,
JSON and Parquet all work, within the same read limits and with the same errors for a file
that cannot be read. The form is told by its headers: a `vote` column makes it the long form,
a `participant` column without one the Polis export. What each form holds, and the spellings
of a vote, are declared in `analyzer.themes.votes`.

Every data row lands in the ledger: a Polis row (one participant) is kept, or dropped when it
holds no vote; a long-form row (one vote) is kept, or dropped when its vote cell is empty or a
later vote of the same participant on the same comment replaces it. A cell that is not a vote,
a row without a participant or comment, or a participant listed twice is an `InputError`
naming the row and column: such a file was cut or edited, and guessing would skew the counts.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd

from analyzer.errors import ColumnNotFoundError, InputError
from analyzer.pipelines.ingest import DEFAULT_LIMITS, InputSpec, RawTable, ReadLimits, read_table
from analyzer.themes.ledger import DROPPED, KEPT, LEDGER_COLUMNS, Ledger
from analyzer.themes.votes import (
    LONG_FORM,
    LONG_FORM_COLUMNS,
    POLIS_COUNT_COLUMNS,
    POLIS_FORM,
    POLIS_PARTICIPANT_COLUMNS,
    SPELLINGS_SHOWN,
    VOTE_SPELLINGS,
    VoteTable,
    group_letter,
)

NO_VOTES = "no votes"
EMPTY_VOTE = "empty vote"
REPLACED = "replaced by a later vote"
COUNTS_DIFFER = "count columns differ from the votes (the votes are used)"


def read_votes(source: InputSpec | str | Path, *, limits: ReadLimits = DEFAULT_LIMITS
               ) -> VoteTable:
    """The votes of one file, in either form; see the module docstring."""
    table = read_table(InputSpec.coerce(source), limits=limits)
    table = dataclasses.replace(table, frame=table.frame.reset_index(drop=True))
    headers = _headers(table)
    if "vote" in headers:
        return _long_form(table, headers)
    if "participant" in headers:
        return _polis_form(table, headers)
    raise ColumnNotFoundError(
        "this is not a vote file: it needs either a 'participant' column followed by one "
        "column per comment id (Polis's participants-votes.csv), or the columns participant, "
        f"comment_id and vote (one row per vote). Its columns are: {_listing(table.columns)}.",
        source=table.source)


def _headers(table: RawTable) -> dict[str, str]:
    """Lower-cased, stripped header -> the column as read (first one wins)."""
    headers: dict[str, str] = {}
    for column in table.columns:
        headers.setdefault(column.strip().lower(), column)
    return headers


def _listing(columns, most: int = 12) -> str:
    shown = ", ".join(f"'{c}'" for c in list(columns)[:most])
    return shown + (f" and {len(columns) - most} more" if len(columns) > most else "")


def _sheet_row(table: RawTable, row: int) -> str:
    return f"row {row + table.header_rows} when opened in a spreadsheet"


def _parse_votes(cells: pd.Series, table: RawTable, column_of) -> pd.Series:
    """Vote cells (text, blanks already removed) as 1 / -1 / 0, or an InputError at the first
    cell that is none of the spellings. `column_of(index)` names the cell's column."""
    parsed = cells.str.strip().str.lower().map(VOTE_SPELLINGS)
    bad = parsed.isna()
    if bad.any():
        where = bad.idxmax()
        row, column = column_of(where)
        raise InputError(
            f"'{cells[where].strip()}' is not a vote ({_sheet_row(table, row)}); write "
            f"{SPELLINGS_SHOWN}, or leave the cell empty for a comment not seen.",
            source=table.source, row=row, column=column)
    return parsed.astype(np.int8)


def _ledger(table: RawTable, reasons: np.ndarray) -> Ledger:
    """One entry per data row; rows whose reason is a drop reason are dropped."""
    n = len(table.frame)
    dropped = np.isin(reasons, [NO_VOTES, EMPTY_VOTE, REPLACED])
    entries = pd.DataFrame({"source": table.source, "row": np.arange(1, n + 1),
                            "status": np.where(dropped, DROPPED, KEPT), "reason": reasons},
                           columns=list(LEDGER_COLUMNS))
    return Ledger(entries, {table.source: n})


def _group_label(value: str) -> str:
    """Polis's numeric group ids read as its letters (0 -> A); any other name as written."""
    return group_letter(int(value)) if value.isdigit() else value


# -- Polis participants-votes.csv -----------------------------------------------------------

def _polis_form(table: RawTable, headers: dict[str, str]) -> VoteTable:
    frame = table.frame
    known = {headers[name] for name in POLIS_PARTICIPANT_COLUMNS if name in headers}
    comment_columns = [c for c in table.columns if c not in known]
    if not comment_columns:
        raise ColumnNotFoundError(
            "this Polis vote file has no comment columns: after 'participant' (and group-id "
            "and the count columns) it should have one column per comment id.",
            source=table.source)
    participants = frame[headers["participant"]].str.strip()
    _check_participants(participants, table, headers["participant"])

    cells = frame[comment_columns].stack()  # (position, column) -> text
    cells = cells[cells.str.strip() != ""]
    votes = _parse_votes(cells, table, lambda key: (int(key[0]) + 1, key[1]))
    long = pd.DataFrame({
        "participant": participants.loc[votes.index.get_level_values(0)].to_numpy(),
        "comment_id": [str(c).strip() for c in votes.index.get_level_values(1)],
        "vote": votes.to_numpy(),
    })

    counts = long.groupby("participant", sort=False).size().reindex(participants).fillna(0)
    reasons = np.where(counts.to_numpy() == 0, NO_VOTES, "").astype(object)
    reasons[_counts_differ(long, participants, frame, headers)] = COUNTS_DIFFER
    groups = {}
    if "group-id" in headers:
        group_cells = frame[headers["group-id"]].str.strip()
        groups = {p: _group_label(g) for p, g in zip(participants, group_cells) if g}
    return VoteTable(votes=long, comment_ids=tuple(str(c).strip() for c in comment_columns),
                     participants=tuple(participants), source=table.source, form=POLIS_FORM,
                     ledger=_ledger(table, reasons.astype(str)), declared_groups=groups)


def _check_participants(participants: pd.Series, table: RawTable, column: str) -> None:
    empty = participants == ""
    if empty.any():
        row = int(np.argmax(empty.to_numpy())) + 1
        raise InputError(f"the participant is empty ({_sheet_row(table, row)}); every row of a "
                         "Polis vote file is one participant and needs their id.",
                         source=table.source, row=row, column=column)
    repeated = participants.duplicated(keep=False).to_numpy()
    if repeated.any():
        first = participants[repeated].iloc[0]
        rows = [i + 1 for i, p in enumerate(participants) if p == first][:2]
        raise InputError(f"participant '{first}' has two rows (rows {rows[0]} and {rows[1]}); "
                         "each participant should have one row with all their votes.",
                         source=table.source, row=rows[1], column=column)


def _counts_differ(long: pd.DataFrame, participants: pd.Series, frame: pd.DataFrame,
                   headers: dict[str, str]) -> np.ndarray:
    """Rows whose n-votes / n-agree / n-disagree cells disagree with the row's votes: an
    edited export. The votes are what is counted; the ledger notes the row."""
    differ = np.zeros(len(frame), dtype=bool)
    for name, vote in POLIS_COUNT_COLUMNS.items():
        if name not in headers:
            continue
        chosen = long if vote == "any" else long[long["vote"] == vote]
        counted = chosen.groupby("participant", sort=False).size().reindex(participants)
        stated = pd.to_numeric(frame[headers[name]].str.strip(), errors="coerce").to_numpy()
        differ |= ~np.isnan(stated) & (stated != counted.fillna(0).to_numpy())
    return differ


# -- long form: one row per vote ------------------------------------------------------------

def _role_columns(table: RawTable, headers: dict[str, str]) -> dict[str, str]:
    found = {}
    for role, names in LONG_FORM_COLUMNS.items():
        for name in names:
            if name in headers:
                found[role] = headers[name]
                break
    for role in ("participant", "comment"):
        if role not in found:
            accepted = ", ".join(f"'{n}'" for n in LONG_FORM_COLUMNS[role][:4])
            raise ColumnNotFoundError(
                f"this vote file has a 'vote' column but no {role} column; name it one of "
                f"{accepted}. Its columns are: {_listing(table.columns)}.", source=table.source)
    return found


def _long_form(table: RawTable, headers: dict[str, str]) -> VoteTable:
    frame = table.frame
    columns = _role_columns(table, headers)
    participant = frame[columns["participant"]].str.strip()
    comment = frame[columns["comment"]].str.strip()
    vote_cells = frame[columns["vote"]]
    has_vote = (vote_cells.str.strip() != "").to_numpy()
    blank = ~has_vote & (participant == "").to_numpy() & (comment == "").to_numpy()
    for role, values in (("participant", participant), ("comment", comment)):
        missing = (values == "").to_numpy() & ~blank
        if missing.any():
            row = int(np.argmax(missing)) + 1
            raise InputError(f"the {role} is empty ({_sheet_row(table, row)}); every vote needs "
                             "a participant and a comment.", source=table.source, row=row,
                             column=columns[role])
    rows = np.arange(1, len(frame) + 1)
    voted = pd.Series(vote_cells.to_numpy()[has_vote], index=rows[has_vote])
    votes = _parse_votes(voted, table, lambda row: (int(row), columns["vote"]))

    long = pd.DataFrame({"row": rows[has_vote], "participant": participant.to_numpy()[has_vote],
                         "comment_id": comment.to_numpy()[has_vote], "vote": votes.to_numpy()})
    if "timestamp" in columns:
        long["time"] = _timestamps(frame[columns["timestamp"]].to_numpy()[has_vote], long["row"],
                                   table, columns["timestamp"])
        long = long.sort_values(["time", "row"], kind="stable")
        long["first_time"] = long.groupby(["participant", "comment_id"])["time"].transform("min")
    final = ~long.duplicated(["participant", "comment_id"], keep="last")
    reasons = np.where(has_vote, "", EMPTY_VOTE).astype(object)
    reasons[long.loc[~final, "row"].to_numpy() - 1] = REPLACED
    kept = long[final].sort_values("row")
    groups = _long_form_groups(frame, columns, participant, has_vote, table)
    times = kept["first_time"].to_numpy(dtype=float) if "time" in kept else None
    return VoteTable(votes=kept[["participant", "comment_id", "vote"]].reset_index(drop=True),
                     comment_ids=tuple(pd.unique(comment[comment != ""])),
                     participants=tuple(pd.unique(participant[participant != ""])),
                     source=table.source, form=LONG_FORM,
                     ledger=_ledger(table, reasons.astype(str)), declared_groups=groups,
                     first_vote_times=times)


def _timestamps(cells: np.ndarray, rows: pd.Series, table: RawTable, column: str) -> np.ndarray:
    """Numbers (Polis's milliseconds) or dates, as sortable numbers; an InputError names the
    first cell that is neither."""
    text = pd.Series(cells, dtype=str).str.strip()
    numbers = pd.to_numeric(text, errors="coerce")
    if numbers.notna().all():
        return numbers.to_numpy(dtype=float)
    dates = pd.to_datetime(text, errors="coerce", format="mixed")
    bad = dates.isna().to_numpy()
    if bad.any():
        i = int(np.argmax(bad))
        row = int(rows.iloc[i])
        raise InputError(f"'{text.iloc[i]}' is not a time ({_sheet_row(table, row)}); write a "
                         "date and time, or a number such as Polis's milliseconds, or leave "
                         "the column out.", source=table.source, row=row, column=column)
    return dates.astype("int64").to_numpy(dtype=float)


def _long_form_groups(frame: pd.DataFrame, columns: dict[str, str], participant: pd.Series,
                      has_vote: np.ndarray, table: RawTable) -> dict[str, str]:
    if "group" not in columns:
        return {}
    cells = frame[columns["group"]].str.strip()
    pairs = pd.DataFrame({"participant": participant, "group": cells})[has_vote]
    pairs = pairs[pairs["group"] != ""]
    per_participant = pairs.groupby("participant", sort=False)["group"].nunique()
    if (per_participant > 1).any():
        who = per_participant[per_participant > 1].index[0]
        rows = pairs[pairs["participant"] == who].drop_duplicates("group").index[:2] + 1
        raise InputError(f"participant '{who}' is in group '{cells.iloc[rows[0] - 1]}' in row "
                         f"{rows[0]} and in group '{cells.iloc[rows[1] - 1]}' in row {rows[1]}; "
                         "a participant belongs to one opinion group.", source=table.source,
                         row=int(rows[1]), column=columns["group"])
    first = pairs.drop_duplicates("participant")
    return {p: _group_label(g) for p, g in zip(first["participant"], first["group"])}


__all__ = ["read_votes"]
