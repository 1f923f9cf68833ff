"""Numbers as every output writes them: one way to print a share and its interval, so the
dashboard, the charts, the slides and the HTML report never disagree ("0.4%" on one and
"0%" on another)."""

from __future__ import annotations

import math
from typing import Any


def number_or_none(value: Any) -> float | None:
    """`value` as a float, or None when it is missing or not a number."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def pct(value: Any, digits: int = 0) -> str:
    """0.423 -> '42%'; a share under 1% keeps a decimal ('0.4%') so that it does not read as
    nothing; missing -> '–'.

    >>> pct(0.423), pct(0.004), pct(0), pct(None)
    ('42%', '0.4%', '0%', '–')
    """
    number = number_or_none(value)
    if number is None:
        return "–"
    if digits == 0 and number != 0 and abs(number) < 0.01:
        digits = 1
    return f"{number * 100:.{digits}f}%"


def interval(share: Any, low: Any, high: Any) -> str:
    """'42% (35–50%)', or the share alone when the interval is missing."""
    if number_or_none(low) is None or number_or_none(high) is None:
        return pct(share)
    return f"{pct(share)} ({pct(low).rstrip('%')}–{pct(high)})"
