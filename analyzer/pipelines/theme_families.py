"""Family names: sibling themes of the theme tree named by the phrase they share.

Ward clustering builds a tree; neighbouring themes often split one subject ("portables:
heating" and "portables: mould"). The tree is rebuilt from the theme centroids (Ward
linkage on k points: instant), and a family is a subtree of two or three themes. A family
gets a name only when one phrase, not common to the whole corpus, is used by at least
`FAMILY_COVERAGE` of the comments of every theme in it and by less than that in every theme
outside it: the phrase marks the family and nothing else. A family is named only when its
phrase adds a word to every member's name (no "Bus: bus stop"); each member is then
"<Family>: <its name>" ("Building: mold and roof"), and its name without the family comes
first among its alternatives.
"""

from __future__ import annotations

from typing import AbstractSet, Sequence

import numpy as np

from analyzer.pipelines.labels import (
    MAX_ALTERNATIVES, ThemeName, _Candidates, _names_from, _sentence_case, _share_a_word)

FAMILY_COVERAGE = 0.25
"""Share of each member's comments the family's phrase must reach (and no other theme)."""
MAX_FAMILY_SIZE = 3
MIN_THEMES_FOR_FAMILIES = 4
"""Fewer themes than this are read as one list, without families."""


def with_family_names(names: dict[int, ThemeName], found: dict[int, _Candidates],
                      centroids: np.ndarray, theme_ids: Sequence[int],
                      rates: dict[str, np.ndarray], common: AbstractSet[str],
                      fallbacks: dict[int, Sequence[str]],
                      avoided: AbstractSet[str]) -> dict[int, ThemeName]:
    """`names` with a family prefix on each member of every family that has a name; a family
    whose phrase shares a word with a member's own name ("Bus: bus stop") keeps its names."""
    if len(theme_ids) < MIN_THEMES_FOR_FAMILIES:
        return dict(names)
    renamed = dict(names)
    for rows in theme_families(centroids[list(theme_ids)]):
        members = [theme_ids[row] for row in rows]
        phrase = _family_phrase(rows, rates, common, [found[t] for t in members])
        if phrase is None or any(_share_a_word(names[t].label, phrase) for t in members):
            continue
        family = _sentence_case(found[members[0]].written.get(phrase, phrase))
        for theme_id in members:
            own = _names_from(found[theme_id], fallbacks[theme_id], avoided, opening=str)
            label = f"{family}: {own.label}"
            others = (names[theme_id].label,) + names[theme_id].alternatives
            alternatives = tuple(dict.fromkeys(a for a in others if a != label))
            renamed[theme_id] = ThemeName(label, alternatives[:MAX_ALTERNATIVES])
    return renamed


def theme_families(centroids: np.ndarray) -> list[list[int]]:
    """Rows of `centroids` grouped into the largest subtrees of their Ward tree holding two
    to `MAX_FAMILY_SIZE` themes, in the order of the tree's merges (deterministic)."""
    from scipy.cluster.hierarchy import linkage

    n = len(centroids)
    if n < 2:
        return []
    tree = linkage(np.asarray(centroids, dtype=np.float64), method="ward")
    leaves: dict[int, list[int]] = {i: [i] for i in range(n)}
    for step, (a, b, _, _) in enumerate(tree):
        leaves[n + step] = leaves[int(a)] + leaves[int(b)]
    parent_size = {}
    for step, (a, b, _, count) in enumerate(tree):
        parent_size[int(a)] = parent_size[int(b)] = int(count)
    return [sorted(leaves[node]) for node in range(n, 2 * n - 1)
            if 2 <= len(leaves[node]) <= MAX_FAMILY_SIZE
            and parent_size.get(node, n + 1) > MAX_FAMILY_SIZE]


def _family_phrase(rows: Sequence[int], rates: dict[str, np.ndarray], common: AbstractSet[str],
                   members: Sequence[_Candidates]) -> str | None:
    """The phrase every member's comments use most (at least `FAMILY_COVERAGE`) that no
    theme outside the family uses as much; None when there is none."""
    inside = np.zeros(len(next(iter(rates.values()))) if rates else 0, dtype=bool)
    inside[list(rows)] = True
    shared = set.intersection(*(set(m.coverage) for m in members))
    best, best_share = None, FAMILY_COVERAGE
    for phrase in sorted(shared - set(common)):
        shares = rates[phrase]
        lowest = float(shares[inside].min())
        outside = float(shares[~inside].max()) if (~inside).any() else 0.0
        if lowest >= best_share and outside < FAMILY_COVERAGE:
            best, best_share = phrase, lowest
    return best
