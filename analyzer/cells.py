"""How a table cell reads as text, in one place for every layer that reads group columns.

An integer column with blanks is read as floats, so a group "9" arrives as 9.0; the analysis,
its comparisons and the reports must all call that group "9", or a report would not find
the groups its tables were computed for.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def cell_text(value: Any) -> str:
    """`value` as text: a whole float as the integer it holds, anything else its `str`.

    >>> cell_text(9.0), cell_text(np.float32(2)), cell_text(2.5), cell_text(" Parent ")
    ('9', '2', '2.5', ' Parent ')
    """
    if isinstance(value, str):
        return value
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    return str(value)


__all__ = ["cell_text"]
