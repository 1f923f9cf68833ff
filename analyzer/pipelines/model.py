"""Fitting themes with BERTopic: the only module that imports it.

BERTopic is used as a framework of pluggable stages: our embeddings are passed in, the
dimensionality-reduction slot is left empty (measured: Ward on the full vectors agrees better
with human categories than on UMAP's 5-D projection), our `ThemeClusterer` fills the
clustering slot, and BERTopic's class-based TF-IDF gives each theme its keywords.

Keywords leave out the stop words of the corpus's languages when they are given
(`languages`, one code per text; see `analyzer.pipelines.stopwords.stop_words_for`), else
English, Spanish and survey filler.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from analyzer.pipelines.cluster import ThemeClusterer, _centroids
from analyzer.pipelines.stopwords import STOP_WORDS, stop_words_for
from analyzer.pipelines.terms import keyword_vectorizer


@dataclass(frozen=True)
class ThemeFit:
    """Themes found in a set of distinct texts. Theme ids run 0..k-1, largest first."""

    labels: np.ndarray
    """Theme id per input text; -1 = unassigned."""
    keywords: dict[int, tuple[str, ...]]
    centroids: np.ndarray
    """Row t is the normalised mean embedding of theme t."""
    n_fitted: int
    """How many texts the clustering itself saw (the rest were assigned to its themes)."""
    bertopic_version: str
    clustering: str
    """The clustering method used: 'ward' or 'kmeans'."""
    vectors: np.ndarray
    """The vectors the themes were placed with, one row per text: the embeddings passed in,
    with exact vectors where an estimate was not kept (`ThemeClusterer.estimated`)."""
    estimated: np.ndarray
    """True for the rows of `vectors` that are still estimates."""


def fit_themes(texts: Sequence[str], embeddings: np.ndarray, *, n_themes: int, seed: int,
               fit_sample_size: int, max_unassigned_share: float, clustering: str = "ward",
               n_keywords: int = 10, languages: Sequence[str] | None = None,
               estimated: np.ndarray | None = None,
               exact_vectors: Callable[[np.ndarray], np.ndarray] | None = None) -> ThemeFit:
    """Cluster `texts` (their `embeddings` given) into about `n_themes` themes.

    `languages`: the detected language of each text ("en", "fr", "und"...); keywords then
    leave out the stop words of every language present. None: English and Spanish ones.
    `estimated` and `exact_vectors`: rows whose embeddings are estimates, and how to get
    their exact vectors where an estimate cannot place them (see `ThemeClusterer`); at most
    `fit_sample_size` of them are read again, so a corpus of any size costs the sentence
    model at most twice the fitted sample.
    """
    if languages is not None and len(languages) != len(texts):
        raise ValueError(f"languages has {len(languages)} entries for {len(texts)} texts; "
                         "pass one language code per text")
    stop_words = STOP_WORDS if languages is None else stop_words_for(set(languages))
    import bertopic
    from bertopic import BERTopic
    from bertopic.dimensionality import BaseDimensionalityReduction
    from bertopic.vectorizers import ClassTfidfTransformer

    clusterer = ThemeClusterer(n_themes=n_themes, method=clustering,
                               fit_sample_size=fit_sample_size,
                               max_unassigned_share=max_unassigned_share, seed=seed,
                               estimated=estimated, exact_vectors=exact_vectors,
                               max_exact_reads=fit_sample_size)
    # BERTopic fits the vectorizer on one joined document per theme, so a min_df of 2 would
    # keep only words found in two themes or more: on the sample it dropped "mental health",
    # "counselor" and "anxiety" from the mental-health theme and left "coming; staff; wish;
    # days; local", the words it shares with others. Every word stays countable.
    vectorizer = keyword_vectorizer(min_df=1, stop_words=stop_words)
    topic_model = BERTopic(
        embedding_model=None,
        umap_model=BaseDimensionalityReduction(),
        hdbscan_model=clusterer,
        vectorizer_model=vectorizer,
        ctfidf_model=ClassTfidfTransformer(reduce_frequent_words=True),
        top_n_words=n_keywords,
        # "english" would make BERTopic drop every non-ASCII letter before counting words
        # ("más" -> "ms"); with our own embeddings the setting has no other effect.
        language="multilingual",
        calculate_probabilities=False,
        verbose=False,
    )
    # BERTopic joins a theme's comments with spaces before counting words; a closing period
    # keeps a two-word keyword from spanning the end of one comment and the next.
    documents = [f"{text} ." for text in texts]
    topics, _ = topic_model.fit_transform(documents, embeddings=embeddings)
    labels = np.asarray(topics, dtype=int)
    n_real = int(labels.max()) + 1 if (labels >= 0).any() else 0
    keywords = {}
    for theme_id in range(n_real):
        words = topic_model.get_topic(theme_id) or []
        keywords[theme_id] = tuple(word for word, score in words if word and score > 0)
    assigned = labels >= 0
    vectors = clusterer.vectors_
    centroids = _centroids(vectors[assigned], labels[assigned], n_real) if n_real else \
        np.zeros((0, vectors.shape[1]), dtype=np.float32)
    return ThemeFit(labels=labels, keywords=keywords, centroids=centroids,
                    n_fitted=int(clusterer.n_fitted_), bertopic_version=bertopic.__version__,
                    clustering=clustering, vectors=vectors, estimated=clusterer.estimated_)
