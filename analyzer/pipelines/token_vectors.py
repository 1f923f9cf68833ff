"""Estimated sentence vectors: MiniLM's token embeddings, averaged and mapped into its space.

Themes are fitted on a sample of at most `fit_sample_size` distinct comments; every other
comment only has to be placed into one of them, by its nearest neighbours in the sample
(`cluster.ThemeClusterer`). Most are easy to place: on banking77 (10,000 messages, 5,000
fitted) the 10 nearest neighbours of 60 % of the rest share one theme even when the vector
used is a rough estimate. This module makes that estimate for about a hundredth of the cost
of a transformer pass (10,000 comments in about a second):

1. the mean of the packaged MiniLM's input token embeddings over a comment's word pieces
   (the first table of the same model, read from its weight file: no distillation, no text
   of ours stored);
2. mapped into MiniLM's sentence space by a ridge regression fitted on the sample, whose
   exact vectors are known.

Estimated vectors had mean cosine 0.88 to the exact ones. The clusterer keeps an estimate
only where its neighbours are unanimous and it is at least as typical of its theme as the
median member, and reads the others with the model: on banking77, 2,291 estimates kept,
99.6 % of the comments in the theme of the run that read them all, NMI 0.731 against 0.731
(fp32; int8 0.727 against 0.726); end to end, `python -m benchmarks.first_run`
(benchmarks/results/first_run.md).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from analyzer.pipelines.embed import MINILM_QUANTISED
from analyzer.vectors import l2_normalise

ESTIMATES_FOR = tuple(MINILM_QUANTISED)
"""The embedders whose vectors are estimated: those that read the packaged MiniLM, whose
token table the estimates start from."""
RIDGE_ALPHA = 0.01
"""Measured on banking77 (10,000, 5,000 fitted): alpha 0.01 and 0.1 placed the same share
unanimously with agreement 0.993 and 0.992 to exact vectors; 1 and 10 mapped worse (mean
cosine 0.85 and 0.73 against 0.88)."""


@lru_cache(maxsize=1)
def _token_table(model_dir: str) -> np.ndarray:
    from safetensors.numpy import load_file

    weights = load_file(str(Path(model_dir) / "model.safetensors"))
    return weights["embeddings.word_embeddings.weight"].astype(np.float32)


def token_means(texts: Sequence[str], model_dir: Path) -> np.ndarray:
    """One row per text: the mean input embedding of its word pieces (the tokenizer's
    [CLS] and [SEP] left out; a text with no word piece keeps them)."""
    from analyzer.pipelines.onnx_minilm import model_tokenizer

    table = _token_table(str(model_dir))
    rows = np.zeros((len(texts), table.shape[1]), np.float32)
    for row, encoding in enumerate(model_tokenizer(str(model_dir)).encode_batch(list(texts))):
        pieces = encoding.ids[1:-1] or encoding.ids
        rows[row] = table[pieces].mean(axis=0)
    return rows


def estimated_vectors(texts: Sequence[str], fitted_texts: Sequence[str],
                      fitted_vectors: np.ndarray, model_dir: Path) -> np.ndarray:
    """Estimates of the sentence vectors of `texts`, from a map fitted on `fitted_texts`,
    whose exact vectors are `fitted_vectors`. L2-normalised float32 rows."""
    from sklearn.linear_model import Ridge

    ridge = Ridge(alpha=RIDGE_ALPHA).fit(token_means(fitted_texts, model_dir), fitted_vectors)
    return l2_normalise(ridge.predict(token_means(texts, model_dir)).astype(np.float32))


def exact_sample_estimated_rest(texts: Sequence[str], sample: np.ndarray,
                                exact_vectors: Callable[[np.ndarray], np.ndarray],
                                model_dir: Path) -> tuple[np.ndarray, np.ndarray]:
    """Vectors for `texts`: exact for the rows in `sample` (`exact_vectors(rows)`), estimated
    for the others; and the mask of estimated rows."""
    estimated = np.ones(len(texts), bool)
    estimated[sample] = False
    exact = exact_vectors(sample)
    vectors = np.empty((len(texts), exact.shape[1]), np.float32)
    vectors[sample] = exact
    rest = np.flatnonzero(estimated)
    if len(rest):
        vectors[rest] = estimated_vectors([texts[row] for row in rest],
                                          [texts[row] for row in sample], exact, model_dir)
    return vectors, estimated
