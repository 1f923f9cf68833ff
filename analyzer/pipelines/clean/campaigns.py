"""Form-letter campaigns: many copies of the same long text, identical or lightly edited.

Texts are compared by their `fingerprint` (case, accents and punctuation ignored). Only texts
of at least `min_words` words take part: short answers such as "very good" repeat because
people agree, not because they copied. Identical texts are grouped first; each distinct text
then gets a seeded MinHash of its word shingles (numpy, in blocks of texts), and banded LSH,
set a little below `similarity`, proposes pairs that are probably similar. A proposed pair
is joined when the exact Jaccard similarity of its shingle sets is at least `similarity`
(the MinHash estimate only finds candidates, so the result does not depend on sampling
noise). Joined pairs are merged transitively (connected components), and a group with at
least `min_copies` texts, counting every copy, is a campaign.

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

from typing import Iterator, Sequence

import numpy as np
import pandas as pd

from analyzer.config import CLEANING_CONSTRAINTS
from analyzer.errors import ConfigError
from analyzer.pipelines.clean.normalize import fingerprint, per_distinct

NUM_PERM = 128
SHINGLE_SIZE = 1
LSH_MARGIN = 0.15
"""LSH proposes pairs from this much below `similarity`, so pairs near it are not missed."""
PERMUTATION_BLOCK = 8
"""Permutations hashed at a time."""
TEXT_BLOCK = 20_000
"""Texts hashed at a time: the hashes in flight take shingles x `PERMUTATION_BLOCK` x 4
bytes, about 17 MB for 20,000 texts of 27 words, rather than a gigabyte per 200,000 texts
when every text was hashed at once (216,291 synthetic letters: 1,129 MB)."""
PAIR_BLOCK = 200_000
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
    CLEANING_CONSTRAINTS["campaign_min_words"].check("min_words", min_words)
    CLEANING_CONSTRAINTS["campaign_similarity"].check("similarity", similarity)
    if min_copies < 2:
        raise ConfigError(f"min_copies={min_copies} should be >= 2.")
    if shingle_size < 1:
        raise ConfigError(f"shingle_size={shingle_size} should be >= 1.")
    if num_perm < 16:
        raise ConfigError(f"num_perm={num_perm} should be >= 16.")


def _shingles(key: str, size: int) -> list[str]:
    words = key.split()
    if len(words) <= size:
        return [key]
    # In order of first use, not a set's order: that changes with Python's string hashing
    # from one process to the next, and with it the shingle ids and the MinHash signatures.
    return list(dict.fromkeys(" ".join(words[i:i + size]) for i in range(len(words) - size + 1)))


def _group_similar(keys: list[str], similarity: float, shingle_size: int, num_perm: int,
                   seed: int) -> np.ndarray:
    """Group number (0..k-1, in order of first member) per key; similar keys share one.

    MinHash signatures and the LSH bands are computed with numpy. Keys whose band values
    agree land in one bucket; each bucket proposes pairs (every member with the bucket's
    first member and with the member before it), rather than all pairs, so that a campaign
    of n variants costs about n comparisons per band rather than n x n. A proposed pair
    whose exact Jaccard similarity reaches `similarity` is joined, transitively. Bands are
    joined one at a time, and a pair already in one group, or already found dissimilar, is
    not compared again: the groups are those of every similar proposed pair, without
    keeping every band's pairs (14.5 million for 654,787 synthetic letters; grouping them
    rose 1,240 MB above the process's base, this way 470 MB).
    """
    from scipy.sparse import csr_matrix

    if len(keys) < 2:
        return np.zeros(len(keys), dtype=np.int64)
    pointers, columns = _incidence(keys, shingle_size)
    incidence = csr_matrix((np.ones(columns.size, dtype=np.float32), columns, pointers),
                           shape=(len(keys), int(columns.max()) + 1))
    sizes = np.diff(pointers)
    n = len(keys)
    group = np.arange(n)
    dissimilar = np.empty(0, dtype=np.int64)  # pairs as first x n + second, sorted
    threshold = max(0.3, similarity - LSH_MARGIN)
    for first, second in _band_pairs(pointers, columns, num_perm, threshold, seed):
        apart = group[first] != group[second]
        codes = _distinct(np.minimum(first, second)[apart] * n + np.maximum(first, second)[apart])
        codes = codes[~_in_sorted(codes, dissimilar)]
        first, second = codes // n, codes % n
        similar = _jaccard_reaches(incidence, sizes, first, second, similarity)
        new = codes[~similar]  # sorted, and none of them in `dissimilar` yet
        dissimilar = np.insert(dissimilar, np.searchsorted(dissimilar, new), new)
        if similar.any():
            group = _joined(group, first[similar], second[similar])
    return pd.factorize(group)[0]


def _distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted. Not `np.unique`: under numpy 2.4 it took 2.8 s for 2.7
    million random int64 pair codes, sorting and dropping repeats 0.06 s."""
    ordered = np.sort(values)
    first_of_its_value = np.ones(ordered.size, dtype=bool)
    first_of_its_value[1:] = ordered[1:] != ordered[:-1]
    return ordered[first_of_its_value]


def _in_sorted(values: np.ndarray, sorted_values: np.ndarray) -> np.ndarray:
    """Whether each value occurs in `sorted_values`."""
    if sorted_values.size == 0:
        return np.zeros(values.size, dtype=bool)
    at = np.minimum(np.searchsorted(sorted_values, values), sorted_values.size - 1)
    return sorted_values[at] == values


def _jaccard_reaches(incidence, sizes: np.ndarray, first: np.ndarray, second: np.ndarray,
                     similarity: float) -> np.ndarray:
    """Whether each pair's shingle sets have Jaccard similarity of at least `similarity`."""
    similar = np.zeros(first.size, dtype=bool)
    for block in range(0, first.size, PAIR_BLOCK):
        i, j = first[block:block + PAIR_BLOCK], second[block:block + PAIR_BLOCK]
        shared = np.asarray(incidence[i].multiply(incidence[j]).sum(axis=1)).ravel()
        similar[block:block + PAIR_BLOCK] = shared >= similarity * (sizes[i] + sizes[j] - shared)
    return similar


def _joined(group: np.ndarray, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Group per key after joining the groups of each (first, second) pair."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    n = group.size
    links = csr_matrix((np.ones(first.size), (group[first], group[second])), shape=(n, n))
    return connected_components(links, directed=False)[1][group]


def _incidence(keys: list[str], shingle_size: int) -> tuple[np.ndarray, np.ndarray]:
    """Texts as rows of shingle ids (pointers, columns), compressed like a CSR matrix:
    row r is columns[pointers[r]:pointers[r + 1]]. Ids are numbered by first use, read
    one text at a time into one array: a list of every text's shingles first took 360 MB
    for 216,291 synthetic letters, and their ids as Python numbers as much again."""
    vocabulary: dict[str, int] = {}
    lengths = np.empty(len(keys), dtype=np.int64)

    def ids() -> Iterator[int]:
        for row, key in enumerate(keys):
            shingles = _shingles(key, shingle_size)
            lengths[row] = len(shingles)
            for shingle in shingles:
                yield vocabulary.setdefault(shingle, len(vocabulary))

    # int32: a corpus has far fewer distinct shingles than 2**31 (fromiter raises if not).
    columns = np.fromiter(ids(), dtype=np.int32)
    return np.concatenate([[0], np.cumsum(lengths)]), columns


def hash_functions(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(a, b) of `num_perm` seeded multiply-shift hashes, (a*x + b) mod 2**64 keeping the
    top 32 bits: a universal family that needs no slow modulo."""
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
    return a, b


def _minhash(pointers: np.ndarray, columns: np.ndarray, a: np.ndarray,
             b: np.ndarray) -> np.ndarray:
    """(texts, len(a)) MinHash signatures: per hash function (`hash_functions`), the smallest
    hash over each text's shingle ids. Each shingle id is hashed once per function and looked
    up for every text using it: hashing every occurrence took 39.6 s for the 18.9 million
    shingles of 654,787 synthetic letters, the lookups 18.9 s (the same signatures)."""
    n_texts = pointers.size - 1
    shingle_ids = np.arange(int(columns.max()) + 1, dtype=np.uint64)[:, None]
    signatures = np.empty((n_texts, a.size), dtype=np.uint32)
    for start in range(0, a.size, PERMUTATION_BLOCK):
        block = slice(start, start + PERMUTATION_BLOCK)
        hashes = ((shingle_ids * a[block] + b[block]) >> np.uint64(32)).astype(np.uint32)
        for first in range(0, n_texts, TEXT_BLOCK):
            texts = slice(first, min(first + TEXT_BLOCK, n_texts))
            starts = pointers[texts]
            hashed = hashes[columns[starts[0]:pointers[texts.stop]]]
            signatures[texts, block] = np.minimum.reduceat(hashed, starts - starts[0], axis=0)
    return signatures


def _band_shape(num_perm: int, threshold: float) -> tuple[int, int]:
    """(bands, rows per band): the most rows whose LSH threshold (1/bands)^(1/rows) is still
    at or below `threshold`. With the margin below `similarity` this proposes pairs at
    `similarity` almost surely (>= 0.99 with 128 permutations and similarity 0.8)."""
    best = (num_perm, 1)
    for rows in range(1, num_perm + 1):
        bands = num_perm // rows
        if bands >= 1 and (1 / bands) ** (1 / rows) <= threshold:
            best = (bands, rows)
    return best


def _band_pairs(pointers: np.ndarray, columns: np.ndarray, num_perm: int, threshold: float,
                seed: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Per LSH band, the (first, second) indices of the pairs it proposes: in each bucket of
    texts whose band of the MinHash signature agrees, every member with the bucket's first
    member and with the member before it. Signatures are computed a band at a time: all
    128 values of 654,787 texts took 335 MB."""
    bands, rows = _band_shape(num_perm, threshold)
    a, b = hash_functions(num_perm, seed)
    mixers = np.random.default_rng(seed + 1).integers(1, 2**63, size=rows, dtype=np.uint64) | 1
    n = pointers.size - 1
    for band in range(bands):
        functions = slice(band * rows, (band + 1) * rows)
        signatures = _minhash(pointers, columns, a[functions], b[functions])
        keys = (signatures.astype(np.uint64) * mixers).sum(1)
        order = np.argsort(keys, kind="stable")
        ordered = keys[order]
        same_as_previous = np.concatenate([[False], ordered[1:] == ordered[:-1]])
        bucket_start = np.maximum.accumulate(np.where(same_as_previous, 0, np.arange(n)))
        members = np.flatnonzero(same_as_previous)
        yield (np.concatenate([order[bucket_start[members]], order[members - 1]]),
               np.tile(order[members], 2))
