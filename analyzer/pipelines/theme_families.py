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

FAMILY_COVERAGE = 0.25
"""Share of each member's comments the family's phrase must reach (and no other theme)."""
MAX_FAMILY_SIZE = 3
MIN_THEMES_FOR_FAMILIES = 4
"""Fewer themes than this are read as one list, without families."""


def family_labels(labels: dict[int, str], coverage: dict[int, dict[str, float]],
                  written: dict[str, str], centroids: np.ndarray,
                  rates: dict[str, np.ndarray], common: AbstractSet[str]) -> dict[int, str]:
    """"<Family>: <label>" for each theme in a named family, by theme id.

    `labels`: each theme's own name as written (no capital added); `coverage`: the share of
    each theme's comments using each of its candidate phrases; `rates`: each phrase's share
    in every theme, rows in the order of `labels`; `common`: phrases too common to name. A
    family whose phrase shares a word with a member's name ("Bus: bus stop") is not named.
    """
    theme_ids = list(labels)
    if len(theme_ids) < MIN_THEMES_FOR_FAMILIES:
        return {}
    named = {}
    for rows in theme_families(centroids[theme_ids]):
        members = [theme_ids[row] for row in rows]
        phrase = _family_phrase(rows, rates, common, [coverage[t] for t in members])
        if phrase is None or any(set(phrase.split()) & set(labels[t].lower().split())
                                 for t in members):
            continue
        family = written.get(phrase, phrase)
        for theme_id in members:
            named[theme_id] = f"{family[:1].upper()}{family[1:]}: {labels[theme_id]}"
    return named


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
    for a, b, _, count in tree:
        parent_size[int(a)] = parent_size[int(b)] = int(count)
    return [sorted(leaves[node]) for node in range(n, 2 * n - 1)
            if 2 <= len(leaves[node]) <= MAX_FAMILY_SIZE
            and parent_size.get(node, n + 1) > MAX_FAMILY_SIZE]


def _family_phrase(rows: Sequence[int], rates: dict[str, np.ndarray], common: AbstractSet[str],
                   members: Sequence[dict[str, float]]) -> str | None:
    """The phrase every member's comments use most (at least `FAMILY_COVERAGE`) that no
    theme outside the family uses as much; None when there is none."""
    inside = np.zeros(len(next(iter(rates.values()))) if rates else 0, dtype=bool)
    inside[list(rows)] = True
    shared = set.intersection(*(set(m) for m in members))
    best, best_share = None, FAMILY_COVERAGE
    for phrase in sorted(shared - set(common)):
        shares = rates[phrase]
        lowest = float(shares[inside].min())
        outside = float(shares[~inside].max()) if (~inside).any() else 0.0
        if lowest >= best_share and outside < FAMILY_COVERAGE:
            best, best_share = phrase, lowest
    return best
