"""Within-respondent repeats: the same person pasting one answer under several questions.

A comment is a repeat when the same respondent gave the same text (compared by `fingerprint`)
or a near-identical one in an earlier comment, that is, an earlier question: earlier in the
frame's order, which intake makes file, row, then question order. Near-identical means the
two texts share at least `similarity` of their distinct words (Jaccard), both having at
least `MIN_WORDS_NEAR` words. The first occurrence is never a repeat, so each answer still
counts once.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

MIN_WORDS_NEAR = 3
"""Shorter texts are only repeats when they match exactly."""


def find_respondent_repeats(respondent_ids: Sequence[str] | pd.Series,
                            keys: Sequence[str] | pd.Series, similarity: float,
                            eligible: Sequence[bool] | np.ndarray | None = None) -> np.ndarray:
    """Boolean per comment: an earlier comment of the same respondent says the same.

    `keys` are fingerprints; comments where `eligible` is False (non-answers, say) neither
    are repeats nor make others repeats.
    """
    frame = pd.DataFrame({"respondent": np.asarray(respondent_ids, dtype=object),
                          "key": np.asarray(keys, dtype=object)})
    n = len(frame)
    take = np.ones(n, dtype=bool) if eligible is None else np.asarray(eligible, dtype=bool)
    take &= (frame["key"] != "").to_numpy()
    repeat = np.zeros(n, dtype=bool)
    if take.sum() < 2:
        return repeat
    candidates = frame[take]
    exact = candidates.duplicated(["respondent", "key"], keep="first").to_numpy()
    repeat[np.flatnonzero(take)[exact]] = True

    # Near-identical: only respondents with two or more distinct texts need a look.
    rest = candidates[~exact]
    several = rest["respondent"].duplicated(keep=False).to_numpy()
    rest = rest[several]
    if rest.empty:
        return repeat
    words = [frozenset(k.split()) for k in rest["key"]]
    positions = rest.index.to_numpy()
    order = np.argsort(pd.factorize(rest["respondent"])[0], kind="stable")
    owners = rest["respondent"].to_numpy()[order]
    starts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])
    ends = np.r_[starts[1:], len(order)]
    for start, end in zip(starts, ends):
        members = order[start:end]
        for a in range(1, len(members)):
            later = words[members[a]]
            if len(later) < MIN_WORDS_NEAR:
                continue
            for b in range(a):
                earlier = words[members[b]]
                if len(earlier) >= MIN_WORDS_NEAR and \
                        len(later & earlier) >= similarity * len(later | earlier):
                    repeat[positions[members[a]]] = True
                    break
    return repeat
