"""Frames to plain values and back, keeping columns, their order and their dtypes exactly.

A frame is described by a layout: its columns as [name, dtype] pairs (and its index, when it
is not the default 0..n-1). Values travel as JSON-ready Python values: numbers, text, booleans
and None for missing; dates as ISO text. Reading casts each column back to its dtype, so
`decode_frame(encode_frame(f))` equals `f`, dtypes included.

What is read back may have been damaged or edited since it was written, so rebuilding checks
the layout's shape and each column's values against its dtype, and raises `LayoutError`
naming the column; the project reader says which table it came from.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import math
from pathlib import PurePath
from typing import Any, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

Layout = dict[str, Any]


class LayoutError(ValueError):
    """Stored values that do not fit the layout stored with them (the message names the
    column), or a layout that is not one."""


def dumps(value: Any) -> str:
    """JSON text for a value (numpy scalars, arrays, dates and tuples included)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_json_default)


def loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (dt.date, dt.datetime, pd.Timestamp)):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    if isinstance(value, (decimal.Decimal, PurePath)):
        return str(value)
    if value is pd.NA or value is pd.NaT:
        return None
    raise TypeError(f"cannot store a {type(value).__name__} in a project")


def layout_of(frame: pd.DataFrame) -> Layout:
    """Columns with their dtypes, and the index when it is not 0..n-1."""
    layout: Layout = {"columns": [[str(name), str(dtype)] for name, dtype in frame.dtypes.items()]}
    if not _default_index(frame.index):
        layout["index"] = column_values(frame.index.to_series())
        layout["index_dtype"] = str(frame.index.dtype)
        layout["index_name"] = frame.index.name
    return layout


def _default_index(index: pd.Index) -> bool:
    return isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1 \
        and index.name is None


def column_values(series: pd.Series) -> list:
    """The column as plain Python values, None for missing."""
    kind = series.dtype.kind if isinstance(series.dtype, np.dtype) else "O"
    if kind in "iub":
        return series.to_numpy().tolist()
    if kind == "f":
        return [None if math.isnan(v) else v for v in series.to_numpy(dtype=float).tolist()]
    if kind == "M":
        return [None if pd.isna(v) else pd.Timestamp(v).isoformat() for v in series]
    return [_plain(v) for v in series.to_numpy(dtype=object)]


def _plain(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, (list, tuple, dict, np.ndarray)):
        return json.loads(dumps(value))
    if pd.isna(value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (dt.date, dt.datetime, pd.Timestamp)):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def restore_column(values: Sequence, dtype: str) -> pd.Series:
    """A column of `dtype` from plain values (the inverse of `column_values`)."""
    series = pd.Series(list(values), dtype=object)
    if dtype == "object":
        return series
    if dtype.startswith("datetime64"):
        return pd.to_datetime(series).astype(dtype)
    if dtype.startswith("float"):
        return series.astype(float).astype(dtype)
    return series.astype(dtype)


def frame_from_columns(layout: Layout, columns: Mapping[str, Sequence],
                       n_rows: int) -> pd.DataFrame:
    """Rebuild the frame `layout` describes from its columns' plain values; a column
    missing from `columns` is all missing values."""
    names = _layout_columns(layout)
    data = {}
    for name, dtype in names:
        values = columns.get(name)
        if values is None:
            values = [None] * n_rows
        elif len(values) != n_rows:
            raise LayoutError(f"column '{name}' has {len(values):,} values for {n_rows:,} rows")
        data[name] = _restored(f"column '{name}'", values, dtype)
    frame = pd.DataFrame(data, columns=[name for name, _ in names])
    if "index" in layout:
        index = layout["index"]
        if not isinstance(index, list) or len(index) != n_rows:
            raise LayoutError(f"the row index does not list one value for each of the "
                              f"{n_rows:,} rows")
        frame.index = pd.Index(_restored("the row index", index, layout.get("index_dtype")),
                               name=layout.get("index_name"))
    elif len(frame.columns) == 0:
        frame = pd.DataFrame(index=pd.RangeIndex(n_rows))
    return frame


def _layout_columns(layout: Any) -> list[tuple[str, str]]:
    """The [name, dtype] pairs of a layout, checked."""
    pairs = layout.get("columns") if isinstance(layout, dict) else None
    if not isinstance(pairs, list):
        raise LayoutError("its layout does not list the columns")
    for pair in pairs:
        if not (isinstance(pair, list) and len(pair) == 2
                and all(isinstance(part, str) for part in pair)):
            raise LayoutError(f"its layout lists {str(pair)[:40]!r} where a [name, dtype] pair "
                              "belongs")
    return [(name, dtype) for name, dtype in pairs]


def _restored(what: str, values: Sequence, dtype: Any) -> pd.Series:
    """`restore_column`, with values that do not fit the dtype (or a dtype that is not one)
    reported as a LayoutError naming `what`."""
    if not isinstance(dtype, str):
        raise LayoutError(f"{what} has {str(dtype)[:40]!r} where a dtype belongs")
    try:
        return restore_column(values, dtype)
    except (TypeError, ValueError, OverflowError) as error:
        reason = str(error).splitlines()[0][:120] if str(error) else type(error).__name__
        raise LayoutError(f"{what} does not hold {dtype} values ({reason})") from None


def encode_frame(frame: pd.DataFrame) -> str:
    """One JSON text holding the frame's layout and its values, column by column."""
    layout = layout_of(frame)
    layout["rows"] = len(frame)
    layout["data"] = {str(name): column_values(frame[name]) for name in frame.columns}
    return dumps(layout)


def decode_frame(text: str) -> pd.DataFrame:
    """The frame `encode_frame` wrote as `text`."""
    try:
        layout = loads(text)
    except (ValueError, RecursionError):
        raise LayoutError("it is not valid JSON") from None
    if not isinstance(layout, dict):
        raise LayoutError("it is not a JSON object")
    rows, data = layout.get("rows"), layout.get("data")
    if not isinstance(rows, int) or isinstance(rows, bool) or rows < 0:
        raise LayoutError(f"its row count is {str(rows)[:40]!r}")
    if not isinstance(data, dict):
        raise LayoutError("it holds no column values")
    # Every column must be stored: a missing one would be padded to `rows` values, and the
    # row count is just a number in the text.
    missing = [name for name, _ in _layout_columns(layout) if name not in data]
    if missing:
        raise LayoutError(f"it holds no values for column '{missing[0]}'")
    return frame_from_columns(layout, data, rows)


def rows_with_extra(frame: pd.DataFrame, fixed: Mapping[str, str]) -> Iterable[dict[str, Any]]:
    """One dict per row: frame columns named in `fixed` under their SQL names, every other
    column in `extra` as JSON text."""
    present = {col: sql for col, sql in fixed.items() if col in frame.columns}
    others = [c for c in frame.columns if c not in present]
    fixed_values = {sql: column_values(frame[col]) for col, sql in present.items()}
    other_values = {str(c): column_values(frame[c]) for c in others}
    for i in range(len(frame)):
        row = {sql: values[i] for sql, values in fixed_values.items()}
        row["extra"] = dumps({name: values[i] for name, values in other_values.items()})
        yield row


def columns_from_rows(rows: Sequence[Mapping[str, Any]], fixed: Mapping[str, str],
                      extras: Sequence[Mapping[str, Any]]) -> dict[str, list]:
    """The inverse of `rows_with_extra`, given each row's decoded `extra`: column name ->
    plain values."""
    columns: dict[str, list] = {col: [row[sql] for row in rows] for col, sql in fixed.items()}
    names = dict.fromkeys(name for extra in extras for name in extra)
    for name in names:
        columns[name] = [extra.get(name) for extra in extras]
    return columns


__all__ = ["LayoutError", "column_values", "columns_from_rows", "decode_frame", "dumps",
           "encode_frame", "frame_from_columns", "layout_of", "loads", "restore_column",
           "rows_with_extra"]
