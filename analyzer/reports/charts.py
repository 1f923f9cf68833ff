"""Charts for the reports, as PNG bytes drawn with matplotlib's Agg canvas.

No pyplot and no global state: each chart builds its own `Figure`, so charts can be drawn from
several threads (the dashboard) and nothing opens a window. Colours are the Okabe-Ito palette
(safe for the common colour-vision deficiencies) and the cividis colour map; every chart also
prints its numbers, and lines and groups differ by marker (and dash) as well as colour, so
nothing is told by colour alone. Text is near-black on white (contrast above 15:1).
"""

from __future__ import annotations

import io
import textwrap
import unicodedata
from typing import Sequence

import numpy as np

from analyzer.reports.numbers import interval

OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
             "#000000")
"""Okabe & Ito (2008) colour-blind-safe palette (orange, sky blue, green, yellow, blue,
vermillion, purple, black)."""
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
DASHES = ("-", "--", "-.", ":")
BAR_COLOUR = OKABE_ITO[4]
TEXT_COLOUR = "#1a1a1a"
GROUP_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
                 "#000000")
"""Okabe-Ito in the dashboard's order (`analyzer.dashboard.widgets.PALETTE`), so a group has
one colour on the Groups page, the Present screens and the slides."""
GROUP_MARKERS = MARKERS
"""A marker per group, the same as the dashboard's symbols, so colour is never the only cue."""
EDGE_COLOUR = "#1a1a1a"
"""Every marker's outline: the light colours (yellow, sky blue) keep a 3:1 edge on white."""


def _figure(width: float, height: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _fonts(axes, scale: float) -> None:
    """Tick and axis label sizes, `scale` times our 9-10 pt defaults."""
    axes.tick_params(labelsize=9 * scale)
    axes.xaxis.label.set_fontsize(10 * scale)
    axes.yaxis.label.set_fontsize(10 * scale)


def _png(figure, dpi: int) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()


def _wrap(label: str, width: int = 28) -> str:
    """`label` in lines of at most `width` characters, control characters (an escape pasted
    into a group name, a line break) read as spaces: the chart fonts have no glyph for them."""
    printable = "".join(" " if unicodedata.category(char) == "Cc" else char
                        for char in str(label))
    # "$...$" would be read as maths (and a broken formula stops the chart): a "$" is text
    return "\n".join(textwrap.wrap(printable, width) or [""]).replace("$", r"\$")


def theme_sizes_chart(labels: Sequence[str], sizes: Sequence[float],
                      shares: Sequence[float] | None = None, *, title: str = "",
                      dpi: int = 120, width: float = 8.0, scale: float = 1.0,
                      height: float | None = None) -> bytes:
    """Horizontal bars, largest at the top, each labelled with its count (and share).

    `scale` enlarges every font (slides use about 1.6); `height` (inches) overrides the
    height worked out from the number of bars.
    """
    labels, sizes = list(labels), [float(s) for s in sizes]
    height = height or max(2.2, (0.55 * len(labels) + 1.0) * scale ** 0.5)
    figure = _figure(width, height)
    axes = figure.add_subplot()
    positions = np.arange(len(labels))[::-1]
    axes.barh(positions, sizes, color=BAR_COLOUR, height=0.65)
    axes.set_yticks(positions, [_wrap(label) for label in labels], fontsize=10 * scale)
    top = max(sizes, default=0) or 1.0
    for i, (position, size) in enumerate(zip(positions, sizes)):
        text = f"{size:,.0f}"
        if shares is not None:
            text += f" ({shares[i]:.0%})"
        axes.text(size + top * 0.01, position, text, va="center", fontsize=10 * scale,
                  color=TEXT_COLOUR)
    axes.set_xlim(0, top * 1.22)
    axes.set_xlabel("Comments")
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    _fonts(axes, scale)
    if title:
        axes.set_title(title, loc="left", fontsize=12 * scale)
    return _png(figure, dpi)


def heat_map_chart(values: np.ndarray, row_labels: Sequence[str], column_labels: Sequence[str],
                   *, title: str = "", value_format: str = "{:.0%}", colourbar_label: str = "",
                   dpi: int = 120, width: float | None = None, scale: float = 1.0,
                   height: float | None = None) -> bytes:
    """A grid of `values` (rows × columns) on the cividis map with each value printed in its
    cell, in black or white, whichever reads better on that cell.

    `scale` enlarges every font (slides use about 1.6).
    """
    values = np.asarray(values, dtype=float)
    n_rows, n_columns = values.shape
    width = width or min(12.0, max(5.0, 1.3 * n_columns + 3.0))
    height = height or max(2.2, (0.6 * n_rows + 1.9) * scale ** 0.5)
    figure = _figure(width, height)
    axes = figure.add_subplot()
    finite = values[np.isfinite(values)]
    high = float(finite.max()) if finite.size and finite.max() > 0 else 1.0
    image = axes.imshow(values, cmap="cividis", vmin=0.0, vmax=high, aspect="auto")
    axes.set_xticks(range(n_columns), [_wrap(c, 14) for c in column_labels], fontsize=9 * scale)
    axes.set_yticks(range(n_rows), [_wrap(r, 24) for r in row_labels], fontsize=10 * scale)
    axes.tick_params(top=True, labeltop=True, bottom=False, labelbottom=False)
    colours = image.cmap(image.norm(values))
    for r in range(n_rows):
        for c in range(n_columns):
            value = values[r, c]
            text = value_format.format(value) if np.isfinite(value) else "–"
            red, green, blue = colours[r, c, :3]
            luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
            axes.text(c, r, text, ha="center", va="center", fontsize=10 * scale,
                      color="black" if luminance > 0.5 else "white")
    colourbar = figure.colorbar(image, ax=axes, shrink=0.8)
    colourbar.ax.tick_params(labelsize=9 * scale)
    if colourbar_label:
        colourbar.set_label(colourbar_label, fontsize=10 * scale)
    _fonts(axes, scale)
    if title:
        axes.set_title(title, loc="left", fontsize=12 * scale)
    return _png(figure, dpi)


def share_intervals_chart(labels: Sequence[str], shares: Sequence[float],
                          lows: Sequence[float], highs: Sequence[float], *,
                          colours: Sequence[str] | None = None,
                          markers: Sequence[str] | None = None, xlabel: str = "",
                          title: str = "", dpi: int = 120, width: float = 8.0,
                          scale: float = 1.0, height: float | None = None) -> bytes:
    """One row per label, first at the top: a dot at its share and a line across its
    interval, with "42% (35–50%)" printed in a column on the right.

    `colours` and `markers` give each row its own (a group's colour and marker, as on the
    Groups page); without them every dot is the bar blue and round. Shares are fractions;
    a missing interval draws the dot alone.
    """
    labels = list(labels)
    shares, lows, highs = (np.asarray(v, dtype=float) for v in (shares, lows, highs))
    colours = list(colours) if colours is not None else [BAR_COLOUR] * len(labels)
    markers = list(markers) if markers is not None else ["o"] * len(labels)
    height = height or max(2.2, (0.55 * len(labels) + 1.0) * scale ** 0.5)
    figure = _figure(width, height)
    axes = figure.add_subplot()
    positions = np.arange(len(labels))[::-1]
    for position, share, low, high, colour, marker in zip(positions, shares, lows, highs,
                                                          colours, markers):
        if np.isfinite(low) and np.isfinite(high):
            axes.plot([low, high], [position, position], color=EDGE_COLOUR, linewidth=2,
                      solid_capstyle="butt")
        axes.plot([share], [position], linestyle="none", marker=marker, markersize=11 * scale,
                  markerfacecolor=colour, markeredgecolor=EDGE_COLOUR, markeredgewidth=1.2,
                  clip_on=False)
    ends = np.concatenate([shares, highs])
    right = float(np.max(ends[np.isfinite(ends)])) if np.isfinite(ends).any() else 0.0
    right = right if np.isfinite(right) and right > 0 else 1.0
    # the numbers as a column right of the plot, where the layout keeps room for them
    beside = axes.get_yaxis_transform()
    for position, share, low, high in zip(positions, shares, lows, highs):
        if not np.isfinite(share):
            continue
        text = interval(share, low, high)
        axes.text(1.03, position, text, transform=beside, va="center", fontsize=10 * scale,
                  color=TEXT_COLOUR)
    axes.set_yticks(positions, [_wrap(label) for label in labels], fontsize=10 * scale)
    axes.tick_params(axis="y", pad=8 * scale)  # clear of a dot sitting at 0%
    axes.set_ylim(-0.6, len(labels) - 0.4)
    axes.set_xlim(0, right * 1.05)
    axes.xaxis.set_major_formatter(lambda value, _: f"{value:.0%}")
    axes.grid(axis="x", color="#dddddd")
    axes.set_axisbelow(True)
    if xlabel:
        axes.set_xlabel(xlabel)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    _fonts(axes, scale)
    if title:
        axes.set_title(_wrap(title, 70), loc="left", fontsize=12 * scale)
    return _png(figure, dpi)


def rounds_chart(rounds: Sequence[str], series: dict[str, Sequence[float]], *,
                 title: str = "", dpi: int = 120, width: float = 8.0,
                 scale: float = 1.0, height: float | None = None) -> bytes:
    """One line per theme across rounds (share of the round's comments), each with its own
    colour, marker and dash, labelled at its last point."""
    figure = _figure(width, height or 4.2 * scale ** 0.5)
    axes = figure.add_subplot()
    x = np.arange(len(rounds))
    for i, (label, shares) in enumerate(series.items()):
        y = np.asarray(shares, dtype=float)
        axes.plot(x, y, color=OKABE_ITO[i % len(OKABE_ITO)],
                  marker=MARKERS[i % len(MARKERS)], linestyle=DASHES[i % len(DASHES)],
                  linewidth=2, markersize=7, label=_wrap(label, 30))
        if len(y) and np.isfinite(y[-1]):
            axes.annotate(f"{y[-1]:.0%}", (x[-1], y[-1]), xytext=(6, 0),
                          textcoords="offset points", va="center", fontsize=9 * scale,
                          color=TEXT_COLOUR)
    axes.set_xticks(x, [str(r) for r in rounds])
    axes.set_xlim(-0.2, max(len(rounds) - 1, 1) + 0.4)
    axes.set_ylim(bottom=0)
    axes.yaxis.set_major_formatter(lambda value, _: f"{value:.0%}")
    axes.set_ylabel("Share of the round's comments")
    axes.grid(axis="y", color="#dddddd")
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.legend(loc="center left", bbox_to_anchor=(1.02, 0.5), frameon=False, fontsize=9 * scale)
    _fonts(axes, scale)
    if title:
        axes.set_title(title, loc="left", fontsize=12 * scale)
    return _png(figure, dpi)


__all__ = ["GROUP_COLOURS", "GROUP_MARKERS", "OKABE_ITO", "heat_map_chart", "rounds_chart",
           "share_intervals_chart", "theme_sizes_chart"]
