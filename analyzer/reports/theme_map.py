"""The map of comments as a PNG for the meeting screen: every comment a dot, theme names on it.

Drawn with matplotlib's Agg canvas (no pyplot, no window, safe from several threads), as
`analyzer.reports.charts` does. Legible on a projector and without colour: the largest themes
get a colour of the Okabe-Ito palette and a marker shape of their own, the rest share a light
grey, and every named theme has its name written at the middle of its comments (the median
position, which one stray comment cannot drag), in large type with a white halo so it reads
over the dots. The map has no axes: its coordinates mean nothing on their own, only
closeness does.
"""

from __future__ import annotations

import io
import textwrap
import unicodedata
from typing import Sequence

import numpy as np

from analyzer.errors import DataError
from analyzer.reports.charts import MARKERS, OKABE_ITO

OTHER_COLOUR = "#BBBBBB"
TEXT_COLOUR = "#1a1a1a"
MAX_COLOURS = 8


def theme_map_chart(x: Sequence[float], y: Sequence[float], themes: Sequence[str], *,
                    palette: Sequence[str] = OKABE_ITO, max_colours: int = MAX_COLOURS,
                    title: str = "", width: float = 12.0, height: float = 8.0,
                    dpi: int = 150, font_size: float = 14.0) -> bytes:
    """PNG bytes: a dot per comment at (`x`, `y`) in the colour of its theme (`themes`, one
    name per comment). The `max_colours` largest themes are coloured (in `palette` order,
    largest first) and their names written in bold; the others are drawn grey and named in
    plain type. Comments without a position (NaN, such as those of a round
    placed after the map was drawn) are left out."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    themes = np.asarray([str(theme) for theme in themes], dtype=object)
    if not (len(x) == len(y) == len(themes)):
        raise DataError(f"the map needs one position and one theme per comment; got "
                        f"{len(x)} x, {len(y)} y and {len(themes)} themes.")
    if not 1 <= max_colours <= min(len(palette), len(MARKERS)):
        raise DataError(f"max_colours={max_colours} should be between 1 and "
                        f"{min(len(palette), len(MARKERS))}.")
    placed = np.isfinite(x) & np.isfinite(y)
    x, y, themes = x[placed], y[placed], themes[placed]
    by_size = themes_by_size(themes)
    coloured, grey = by_size[:max_colours], by_size[max_colours:]

    figure = _figure(width, height)
    axes = figure.add_subplot()
    if grey:
        rest = np.isin(themes, grey)
        axes.scatter(x[rest], y[rest], s=14, c=OTHER_COLOUR, marker=".", linewidths=0,
                     zorder=1)
    for i, name in enumerate(coloured):
        mine = themes == name
        axes.scatter(x[mine], y[mine], s=26, c=palette[i], marker=MARKERS[i], alpha=0.8,
                     edgecolors="#333333", linewidths=0.3, zorder=2)
    axes.set_axis_off()
    if title:
        axes.set_title(_plain(title), fontsize=font_size * 1.2, color=TEXT_COLOUR,
                       parse_math=False)
    if grey:
        figure.text(0.01, 0.005, f"In colour: the {len(coloured)} largest themes; in grey, "
                    f"named in plain type: the other {len(grey)}.", fontsize=font_size * 0.7,
                    color=TEXT_COLOUR, va="bottom")
    if len(x):
        _write_names(figure, axes, x, y, themes, coloured, grey, font_size)
    else:
        axes.text(0.5, 0.5, "No comment has a place on the map.", ha="center",
                  transform=axes.transAxes, fontsize=font_size, color=TEXT_COLOUR)
    return _png(figure, dpi)


def themes_by_size(themes: Sequence[str]) -> list[str]:
    """The distinct names in `themes` (one per comment), most comments first, ties in
    alphabetical order: the order the map gives out colours in (the dashboard's map too)."""
    names, counts = np.unique(np.asarray([str(t) for t in themes], dtype=object),
                              return_counts=True)
    return [str(names[i]) for i in sorted(range(len(names)), key=lambda i: (-counts[i],
                                                                             names[i]))]


def _write_names(figure, axes, x, y, themes, coloured: list[str], grey: list[str],
                 font_size: float) -> None:
    """Each theme's name at the median of its comments, coloured themes' in bold; a name
    that would cover one written before is moved up or down by whole lines to the nearest
    free place (largest themes are written first, so they keep their place)."""
    from matplotlib import patheffects

    halo = [patheffects.withStroke(linewidth=4, foreground="white")]
    figure.canvas.draw()  # fixes the layout, so the names' boxes can be measured
    renderer = figure.canvas.get_renderer()
    taken = []
    for name in coloured + grey:
        mine = themes == name
        bold = name in coloured
        text = axes.text(float(np.median(x[mine])), float(np.median(y[mine])),
                         _wrap(name, 24), ha="center", va="center",
                         fontsize=font_size if bold else font_size * 0.8,
                         fontweight="bold" if bold else "normal", color=TEXT_COLOUR,
                         path_effects=halo, zorder=3, in_layout=False,
                         parse_math=False)  # a "$" in a theme's name is a dollar, not maths
        taken.append(_free_place(text, axes, renderer, taken))


def _free_place(text, axes, renderer, taken: list, reach: int = 16):
    """Moves `text` to the nearest place, in steps of half its height up or down and a
    quarter of its width sideways (at most `reach` steps), where its box overlaps none of
    `taken`, and draws a thin line back to where it belonged if it moved more than a line;
    returns the box it ends in (where it was, when no place is free)."""
    box = text.get_window_extent(renderer)
    anchor = axes.transData.transform(text.get_position())
    up, side = box.height / 2 + 2, box.width / 4
    steps = sorted(((dx, dy) for dx in range(-reach // 4, reach // 4 + 1)
                    for dy in range(-reach, reach + 1)),
                   key=lambda step: ((step[0] * side) ** 2 + (step[1] * up) ** 2, step))
    for dx, dy in steps:
        moved = box.translated(dx * side, dy * up)
        if not any(moved.overlaps(other) for other in taken):
            inverse = axes.transData.inverted()
            text.set_position(inverse.transform((anchor[0] + dx * side, anchor[1] + dy * up)))
            if abs(dy) > 2 or dx:
                start, end = inverse.transform(anchor), text.get_position()
                axes.plot([start[0], end[0]], [start[1], end[1]], color=TEXT_COLOUR,
                          linewidth=0.6, zorder=2.5)
            return moved
    return box


def _figure(width: float, height: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _png(figure, dpi: int) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()


def _plain(text: str) -> str:
    """`text` with control characters read as spaces: the fonts have no glyph for them."""
    return "".join(" " if unicodedata.category(char) == "Cc" else char for char in str(text))


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(_plain(text), width) or [""])


__all__ = ["MAX_COLOURS", "OTHER_COLOUR", "theme_map_chart", "themes_by_size"]
