"""Form-letter campaigns: many copies of the same long text, identical or lightly edited.

Texts are compared by their `fingerprint` (case, accents and punctuation ignored). Only texts
of at least `min_words` words take part: short answers such as "very good" repeat because
people agree, not because they copied. Identical texts are grouped first; each distinct text
then gets a seeded MinHash (datasketch) of its word shingles, and MinHashLSH, set a little
below `similarity`, proposes pairs that are probably similar. A proposed pair is joined when
the exact Jaccard similarity of its shingle sets is at least `similarity` (the MinHash
estimate only finds candidates, so the result does not depend on sampling noise). Joined
pairs are merged transitively (union-find), and a group with at least `min_copies` texts,
counting every copy, is a campaign.

Shingles are single words by default (`shingle_size=1`: each text as its set of words). With
similarity 0.8 and 20-copy letters of 30 words where each copy has 0-2 small edits (a word
changed, added or dropped), all copies ended up in one group in 60 of 60 simulated letters
with 1-word shingles, 5 of 60 with 2-word and 0 of 60 with 3-word shingles: one edit breaks
two or three longer shingles. Word order is ignored, which costs little: two people rarely
write 15 or more words that mostly coincide unless one copied the other. On the sample survey
(min_words 15) all 150 planted copies are found with 1-, 2- and 3-word shingles; 142, 82 and
73 other comments are flagged too, near-copies the generator made by reusing its sentences
("Honestly, X. Y." next to "X. Y."); with min_words 25 that falls to 11, 8 and 8.

Campaign ids are `C001`, `C002`, ... by size (largest first), then by first occurrence.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from analyzer.errors import ConfigError
from analyzer.pipelines.clean.normalize import fingerprint, per_distinct

NUM_PERM = 128
SHINGLE_SIZE = 1
LSH_MARGIN = 0.15
NOT_A_CAMPAIGN = ("", 0)


def find_campaigns(texts: Sequence[str] | pd.Series, min_words: int, similarity: float,
                   min_copies: int = 3, seed: int = 1, *, shingle_size: int = SHINGLE_SIZE,
                   num_perm: int = NUM_PERM) -> list[tuple[str, int]]:
    """(campaign id, campaign size) per text; ("", 0) for a text in no campaign.

    >>> letter = "please keep the east side library open on weekends for working families"
    >>> find_campaigns([letter, letter + " now", "very good", letter], 10, 0.6)
    [('C001', 3), ('C001', 3), ('', 0), ('C001', 3)]
    """
    _check(min_words, similarity, min_copies, shingle_size, num_perm)
    return campaigns_of_keys(per_distinct(fingerprint, texts), min_words, similarity,
                             min_copies, seed, shingle_size, num_perm)


def campaigns_of_keys(keys: np.ndarray, min_words: int, similarity: float, min_copies: int,
                      seed: int, shingle_size: int = SHINGLE_SIZE,
                      num_perm: int = NUM_PERM) -> list[tuple[str, int]]:
    """`find_campaigns` for texts already turned into fingerprints (settings trusted)."""
    if keys.size == 0:
        return []
    # One entry per distinct eligible fingerprint, with its copies and first position.
    codes, distinct = pd.factorize(keys)
    n_words = np.fromiter((len(k.split()) for k in distinct), dtype=np.int64,
                          count=len(distinct))
    eligible = np.flatnonzero(n_words >= min_words)
    if eligible.size == 0:
        return [NOT_A_CAMPAIGN] * len(keys)
    copies = np.bincount(codes, minlength=len(distinct))
    groups = _group_similar([distinct[i] for i in eligible], similarity, shingle_size,
                            num_perm, seed)
    # Group size counts every copy; codes are numbered by first occurrence already.
    group_of_distinct = np.full(len(distinct), -1, dtype=np.int64)
    group_of_distinct[eligible] = groups
    sizes = np.bincount(groups, weights=copies[eligible]).astype(np.int64)
    first = np.full(sizes.size, np.iinfo(np.int64).max)
    np.minimum.at(first, groups, eligible)
    campaigns = [g for g in range(sizes.size) if sizes[g] >= min_copies]
    campaigns.sort(key=lambda g: (-sizes[g], first[g]))
    width = max(3, len(str(len(campaigns))))
    label = {g: (f"C{rank:0{width}d}", int(sizes[g])) for rank, g in enumerate(campaigns, 1)}
    per_distinct_label = [label.get(g, NOT_A_CAMPAIGN) for g in group_of_distinct]
    return [per_distinct_label[c] for c in codes]


def _check(min_words: int, similarity: float, min_copies: int, shingle_size: int,
           num_perm: int) -> None:
    if min_words < 1:
        raise ConfigError(f"min_words={min_words} should be >= 1.")
    if not 0.0 < similarity <= 1.0:
        raise ConfigError(f"similarity={similarity} should be in (0, 1].")
    if min_copies < 2:
        raise ConfigError(f"min_copies={min_copies} should be >= 2.")
    if shingle_size < 1:
        raise ConfigError(f"shingle_size={shingle_size} should be >= 1.")
    if num_perm < 16:
        raise ConfigError(f"num_perm={num_perm} should be >= 16.")


def _shingles(key: str, size: int) -> list[bytes]:
    words = key.split()
    if len(words) <= size:
        return [key.encode("utf-8")]
    return list({" ".join(words[i:i + size]).encode("utf-8")
                 for i in range(len(words) - size + 1)})


def _group_similar(keys: list[str], similarity: float, shingle_size: int, num_perm: int,
                   seed: int) -> np.ndarray:
    """Group number (0..k-1, in order of first member) per key; similar keys share one.

    Keys are taken in order. A key asks the LSH index for candidates, computes their exact
    Jaccard similarity in one vectorised step, and joins the similar ones to its group. A key
    joined this way does not ask in turn (its neighbours are mostly the asker's, and a
    campaign of n distinct variants would otherwise cost n x n comparisons), but it is still
    a candidate for every later asker, so a copy similar only to it still joins the group.
    """
    from datasketch import MinHash, MinHashLSH

    parent = np.arange(len(keys))
    if len(keys) < 2:
        return np.zeros(len(keys), dtype=np.int64)
    shingles = [_shingles(k, shingle_size) for k in keys]
    minhashes = list(MinHash.generator(shingles, num_perm=num_perm, seed=seed))
    # A looser LSH threshold than `similarity`, so that pairs near it are not missed by chance.
    lsh = MinHashLSH(threshold=max(0.3, similarity - LSH_MARGIN), num_perm=num_perm)
    for i, minhash in enumerate(minhashes):
        lsh.insert(i, minhash, check_duplication=False)
    pointers, columns = _incidence(shingles)
    sizes = np.diff(pointers)
    marks = np.zeros(int(columns.max()) + 1, dtype=np.int64)
    covered = np.zeros(len(keys), dtype=bool)
    for i, minhash in enumerate(minhashes):
        if covered[i]:
            continue
        candidates = np.fromiter(lsh.query(minhash), dtype=np.int64)
        # A pair is looked at once: by its first key, or by the other if the first was covered.
        candidates = np.sort(candidates[(candidates > i) | covered[candidates]])
        if candidates.size == 0:
            continue
        shared = _shared_counts(pointers, columns, marks, i, candidates)
        jaccard = shared / (sizes[candidates] + sizes[i] - shared)
        similar = candidates[jaccard >= similarity]
        own = _find(parent, i)
        for j in similar[_roots(parent, similar) != own].tolist():
            own = _union(parent, own, _find(parent, j))
        covered[similar] = True
    return pd.factorize(_roots(parent, np.arange(len(keys))))[0]


def _incidence(shingles: list[list[bytes]]) -> tuple[np.ndarray, np.ndarray]:
    """Texts as rows of shingle ids (pointers, columns), compressed like a CSR matrix:
    row r is columns[pointers[r]:pointers[r + 1]]."""
    vocabulary: dict[bytes, int] = {}
    columns = [vocabulary.setdefault(s, len(vocabulary)) for text in shingles for s in text]
    lengths = np.fromiter((len(text) for text in shingles), dtype=np.int64, count=len(shingles))
    return np.concatenate([[0], np.cumsum(lengths)]), np.asarray(columns, dtype=np.int64)


def _shared_counts(pointers: np.ndarray, columns: np.ndarray, marks: np.ndarray, row: int,
                   candidates: np.ndarray) -> np.ndarray:
    """Shingles each candidate row shares with `row`, vectorised; `marks` is all zeros."""
    own = columns[pointers[row]:pointers[row + 1]]
    marks[own] = 1
    starts, lengths = pointers[candidates], np.diff(pointers)[candidates]
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    positions = np.arange(lengths.sum()) - np.repeat(offsets - starts, lengths)
    shared = np.add.reduceat(marks[columns[positions]], offsets)
    marks[own] = 0
    return shared


def _roots(parent: np.ndarray, items: np.ndarray) -> np.ndarray:
    """Union-find roots of `items`, vectorised; the items' links are shortened on the way."""
    roots = parent[items]
    while True:
        up = parent[roots]
        if np.array_equal(up, roots):
            break
        roots = up
    parent[items] = roots
    return roots


def _find(parent: np.ndarray, item: int) -> int:
    root = item
    while parent[root] != root:
        root = parent[root]
    return int(root)


def _union(parent: np.ndarray, root_a: int, root_b: int) -> int:
    """Merge two groups given by their roots; the smaller root stays root and is returned."""
    low, high = min(root_a, root_b), max(root_a, root_b)
    parent[high] = low
    return int(low)
