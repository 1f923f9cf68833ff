"""What sets each group apart: log-odds ratios with an informative Dirichlet prior.

Monroe, Colaresi & Quinn (2008), "Fightin' Words", section 3.5: each group is compared with all
other groups pooled, the prior is the pooled distribution itself, and the difference in
log-odds is divided by its standard error so that rare categories do not top the list on
noise. Used for themes (which themes a group raises more than others) and for words within a
theme (what parents mean by "transportation" compared with students).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Callable, Sequence

import numpy as np
import pandas as pd

from analyzer.errors import ConfigError
from analyzer.pipelines.compare._common import count_matrix, natural_sorted, prepared

DISTINCTIVE_COLUMNS = ["group", "theme_id", "log_odds", "z", "count", "themed_share_in_group",
                       "themed_share_elsewhere"]
WORD_COLUMNS = ["group", "word", "log_odds", "z", "count"]

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def log_odds_against_rest(counts: np.ndarray, prior_scale: float = 1.0
                          ) -> tuple[np.ndarray, np.ndarray]:
    """(delta, z) for each row (group) vs all other rows pooled, per column (category).

    The prior gives category w the pseudo-count alpha_w = prior_scale * K * pi_w, where pi_w
    is its pooled share and K the number of categories, so a category of average frequency
    gets `prior_scale` pseudo-counts and alpha_0 = prior_scale * K in all. With y the group's
    counts, n their total and the same for the rest (j):

        delta_w = log[(y_iw + a_w) / (n_i + a_0 - y_iw - a_w)]
                - log[(y_jw + a_w) / (n_j + a_0 - y_jw - a_w)]
        var_w  ~= sum of the reciprocals of the four smoothed cells above
        z_w     = delta_w / sqrt(var_w)

    (Monroe et al. keep only the first reciprocal of each log-odds, which is accurate for rare
    words; themes are not rare, so the full Wald variance is used.)
    """
    counts = np.asarray(counts, dtype=float)
    if counts.ndim != 2:
        raise ConfigError("counts should be a table with one row per group.")
    if prior_scale <= 0:
        raise ConfigError(f"prior_scale={prior_scale} should be > 0.")
    n_groups, n_categories = counts.shape
    pooled = counts.sum(axis=0)
    grand = pooled.sum()
    if n_groups < 2 or grand <= 0 or n_categories < 2:
        empty = np.full(counts.shape, np.nan)
        return empty, empty.copy()
    alpha = prior_scale * n_categories * pooled / grand
    alpha0 = alpha.sum()
    own = counts + alpha
    own_rest = counts.sum(axis=1, keepdims=True) + alpha0 - own
    other = (pooled - counts) + alpha
    other_rest = (grand - counts.sum(axis=1, keepdims=True)) + alpha0 - other
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.log(own / own_rest) - np.log(other / other_rest)
        variance = 1.0 / own + 1.0 / own_rest + 1.0 / other + 1.0 / other_rest
        z = delta / np.sqrt(variance)
    # A category nobody used has alpha 0: no evidence either way.
    unused = pooled <= 0
    delta[:, unused] = np.nan
    z[:, unused] = np.nan
    return delta, z


def distinctive_themes(assignments: pd.DataFrame, group_col: str, *, weight_col: str = "weight",
                       prior_scale: float = 1.0) -> pd.DataFrame:
    """One row per (group, real theme): how much more the group raises it than everyone else.

    `log_odds` > 0 means over-represented in the group; |z| > 1.96 is unlikely to be noise at
    the 5 % level (before correcting for the many comparisons in the table). `count` is the
    group's weighted count; `themed_share_in_group`/`themed_share_elsewhere` are shares among
    the comments *with a theme* of the group and of all other groups. Rows are in natural group
    order, then by z from most to least distinctive. Empty when there are fewer than two groups.
    """
    data = prepared(assignments, group_col, weight_col)
    data = data[data["theme_id"] >= 0]
    if data.empty or data["group"].nunique() < 2:
        return pd.DataFrame(columns=DISTINCTIVE_COLUMNS)
    counts, _, _ = count_matrix(data)
    c = counts.to_numpy()
    delta, z = log_odds_against_rest(c, prior_scale)
    group_total = c.sum(axis=1, keepdims=True)
    rest = c.sum(axis=0, keepdims=True) - c
    with np.errstate(divide="ignore", invalid="ignore"):
        share_in = c / group_total
        share_else = rest / rest.sum(axis=1, keepdims=True)
    groups = np.repeat(counts.index.to_numpy(), c.shape[1])
    table = pd.DataFrame({
        "group": groups,
        "theme_id": np.tile(counts.columns.to_numpy(dtype=int), c.shape[0]),
        "log_odds": delta.ravel(), "z": z.ravel(), "count": c.ravel(),
        "themed_share_in_group": share_in.ravel(),
        "themed_share_elsewhere": share_else.ravel(),
    })
    return _order(table, "theme_id")[DISTINCTIVE_COLUMNS]


def tokenize(text: str) -> list[str]:
    """Lower-case words of two or more letters, stop words (English, Spanish, survey filler)
    dropped."""
    from analyzer.pipelines.stopwords import STOP_WORDS

    words = (w.replace("’", "'") for w in _WORD.findall(str(text).lower()))
    return [w for w in words if len(w) > 1 and w not in STOP_WORDS]


def distinctive_words(texts: Sequence[str], groups: Sequence[str], *, top_n: int = 10,
                      min_count: int = 2, tokenizer: Callable[[str], list[str]] | None = None,
                      weights: Sequence[float] | None = None, prior_scale: float = 1.0
                      ) -> pd.DataFrame:
    """The `top_n` words most distinctive of each group among `texts` (same method as themes).

    Pass the texts of one theme to see how groups talk about it differently. Words used fewer
    than `min_count` times in all are ignored; only words with z > 0 (more used by the group)
    are listed. `weights` (one per text, e.g. 1/k for campaign copies) scale each text's word
    counts; `count` is the group's weighted count of the word.
    """
    if len(texts) != len(groups):
        raise ConfigError(f"got {len(texts)} texts but {len(groups)} group labels; give one "
                          "group label per text.")
    if weights is not None and len(weights) != len(texts):
        raise ConfigError(f"got {len(texts)} texts but {len(weights)} weights.")
    if top_n < 1 or min_count < 1:
        raise ConfigError(f"top_n={top_n} and min_count={min_count} should both be >= 1.")
    split = tokenizer or tokenize
    per_group: dict[str, Counter] = defaultdict(Counter)
    for i, (text, group) in enumerate(zip(texts, groups)):
        weight = 1.0 if weights is None else float(weights[i])
        words = per_group[str(group)]
        for word in split("" if text is None else str(text)):
            words[word] += weight
    if len(per_group) < 2:
        return pd.DataFrame(columns=WORD_COLUMNS)
    counts = pd.DataFrame.from_dict(per_group, orient="index").fillna(0.0)
    counts = counts.loc[natural_sorted(counts.index), sorted(counts.columns)]
    counts = counts.loc[:, counts.sum(axis=0) >= min_count]
    if counts.shape[1] < 2:
        return pd.DataFrame(columns=WORD_COLUMNS)
    c = counts.to_numpy(dtype=float)
    delta, z = log_odds_against_rest(c, prior_scale)
    table = pd.DataFrame({
        "group": np.repeat(counts.index.to_numpy(), c.shape[1]),
        "word": np.tile(counts.columns.to_numpy(), c.shape[0]),
        "log_odds": delta.ravel(), "z": z.ravel(), "count": c.ravel(),
    })
    table = _order(table[table["z"] > 0], "word")
    return table.groupby("group", sort=False).head(top_n).reset_index(drop=True)[WORD_COLUMNS]


def _order(table: pd.DataFrame, tie_column: str) -> pd.DataFrame:
    """Natural group order, then z from high to low, then the tie column."""
    group_rank = {g: i for i, g in enumerate(natural_sorted(table["group"].unique()))}
    table = table.assign(_g=table["group"].map(group_rank), _z=table["z"].fillna(-np.inf))
    table = table.sort_values(["_g", "_z", tie_column], ascending=[True, False, True],
                              kind="mergesort")
    return table.drop(columns=["_g", "_z"]).reset_index(drop=True)
