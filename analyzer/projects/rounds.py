"""A new round of engagement placed in an existing analysis's themes, without refitting.

    extended = add_round("district.feedback.db", read_inputs(["june.csv"], roles), "June")

The new comments are cleaned with the analysis's own settings, embedded with its embedder,
and each distinct text joins the theme whose centre it is most similar to (cosine), or stays
unassigned when no centre reaches `similarity_floor`. Non-answers get theme -2 as always.
Earlier rounds are not touched: every comment already in the analysis keeps its theme.

Sentence-model embedders (minilm, static, a local model) give every text the same vector
whatever else is embedded, so the new comments are compared with the theme centres stored
with the analysis. The TF-IDF embedder is fitted on the texts it encodes, so a new round's
vectors would not live in the stored centres' space; for it the stored comments' distinct
texts and the new ones are embedded together and each theme's centre is rebuilt, in that
shared space, from the comments the analysis already assigns to it. Either way the method
card records which was done (`method["rounds_added"]`).

An analysis without a round column gets one (`round`, or `round (added)` if that name is
taken) in which its own comments are `first_round_label`. When a new file has the same name
as an earlier input, its sources and comment ids are prefixed with "<round>/" so that every
comment and ledger row stays unique; campaign ids are always prefixed that way, since each
round's campaigns are found separately.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy.engine import URL

from analyzer.errors import ConfigError, DataError, TooFewCommentsError
from analyzer.themes.curation import label_column, recount_themes
from analyzer.themes.languages import with_language_attribute
from analyzer.themes.ledger import Ledger
from analyzer.themes.result import AnalysisResult
from analyzer.themes.texts import text_keys
from analyzer.themes.theme import NON_ANSWER_ID, UNASSIGNED_ID
from analyzer.vectors import l2_normalise

DEFAULT_SIMILARITY_FLOOR = 0.25
"""Cosine similarity to the nearest theme centre below which a new comment stays unassigned."""
DEFAULT_ROUND_COLUMN = "round"


def assign_round(result: AnalysisResult, corpus, round_label: str, *,
                 first_round_label: str = "Round 1",
                 similarity_floor: float = DEFAULT_SIMILARITY_FLOOR,
                 use_cache: bool = True, cache_dir: Path | None = None) -> AnalysisResult:
    """`result` with the comments of `corpus` added as round `round_label` (no database).

    Vectors are cached in `cache_dir` (`default_cache_dir()` when None) unless `use_cache`
    is False."""
    from analyzer.core import statistical_weights
    from analyzer.pipelines.clean import clean_comments, cleaning_summary
    from analyzer.pipelines.groups import group_statistics

    round_label = _round_label(round_label, "round_label")
    if not 0.0 <= float(similarity_floor) < 1.0:
        raise ConfigError(f"similarity_floor={similarity_floor} should be in [0, 1).")
    round_column, old = _with_round_column(result, _round_label(first_round_label,
                                                                "first_round_label"))
    earlier = set(old[round_column].dropna().astype(str).str.strip())
    if round_label in earlier:
        raise ConfigError(f"round '{round_label}' is already in this analysis (rounds: "
                          f"{', '.join(sorted(earlier))}); give the new round another label.")

    new, ledger = clean_comments(corpus.comments, corpus.ledger, result.config.cleaning,
                                 result.group_columns)
    new = with_language_attribute(new)
    new, ledger, renamed = _unique_provenance(result, old, new, ledger, round_label)
    new[round_column] = round_label
    missing_groups = [c for c in result.group_columns if c not in new.columns]
    answered = ~new["is_non_answer"].to_numpy(dtype=bool)
    theme_ids, placement = _nearest_themes(result, old, new, answered, float(similarity_floor),
                                           use_cache, cache_dir)
    new["theme_id"] = theme_ids
    new["weight"] = statistical_weights(new, result.config.campaign_counting)
    new["map_x"] = np.nan
    new["map_y"] = np.nan

    comments = _aligned_concat(old, new)
    themes = recount_themes(result.themes, comments)
    comments["theme_label"] = label_column(comments, themes)
    full_ledger = Ledger.concat([result.ledger, ledger])
    round_order = _round_order(result, old[round_column], round_label)
    tables = group_statistics(comments, themes, result.group_columns, round_column,
                              result.config, benchmark=result.benchmark,
                              round_order=round_order)

    method = copy.deepcopy(result.method)
    if isinstance(method.get("columns"), dict):
        method["columns"]["round"] = round_column
    method.setdefault("inputs", []).extend(
        {"file": f.name, "label": f.label, "sha256": f.sha256, "rows_read": f.rows_read,
         "layout": f.layout, "sheet": f.sheet, "size_bytes": f.size_bytes, "round": round_label}
        for f in corpus.inputs)
    method["round_order"] = round_order
    method["ledger"] = full_ledger.summary()
    method["comments"] = _comment_counts(comments)
    entry: dict[str, Any] = {
        "round": round_label,
        "added_on": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "comments": int(len(new)),
        "assigned": int((theme_ids >= 0).sum()),
        "unassigned": int((theme_ids == UNASSIGNED_ID).sum()),
        "non_answers": int((theme_ids == NON_ANSWER_ID).sum()),
        "similarity_floor": float(similarity_floor),
        **placement,
        "cleaning": cleaning_summary(new, redact_names=result.config.cleaning.redact_names),
    }
    if result.round_column is None:
        entry["first_round_label"] = first_round_label
    if renamed:
        entry["renamed"] = renamed
    if missing_groups:
        entry["missing_group_columns"] = missing_groups
    method.setdefault("rounds_added", []).append(entry)
    return dataclasses.replace(result, comments=comments, themes=themes, ledger=full_ledger,
                               tables=tables, method=method, round_column=round_column)


def add_round(url_or_path: str | Path | URL, corpus, round_label: str, *,
              analysis_id: int | None = None, name: str | None = None,
              first_round_label: str = "Round 1",
              similarity_floor: float = DEFAULT_SIMILARITY_FLOOR,
              use_cache: bool = True, cache_dir: Path | None = None) -> AnalysisResult:
    """Add round `round_label` to a saved analysis (the latest when `analysis_id` is None).

    The extended analysis is saved as a new analysis of the project (its parent and round
    recorded, the parent's response log copied) and returned; the parent stays as it was.
    """
    from analyzer.projects.responses import load_responses
    from analyzer.projects.store import analysis_info, open_project, save_project

    base = analysis_info(url_or_path, analysis_id)
    result = open_project(url_or_path, base.analysis_id)
    extended = assign_round(result, corpus, round_label, first_round_label=first_round_label,
                            similarity_floor=similarity_floor, use_cache=use_cache,
                            cache_dir=cache_dir)
    responses = load_responses(url_or_path, base.analysis_id)
    save_project(extended, url_or_path, name=name or f"{base.name} + {round_label}",
                 parent_id=base.analysis_id, round_label=str(round_label).strip(),
                 responses=responses if len(responses) else None)
    return extended


def _round_label(value: Any, what: str) -> str:
    text = str(value).strip() if value is not None else ""
    if not text:
        raise ConfigError(f"{what} is empty; name the round, e.g. 'June 2024' or 'Round 2'.")
    return text


def _with_round_column(result: AnalysisResult, first_round_label: str
                       ) -> tuple[str, pd.DataFrame]:
    if result.round_column:
        return result.round_column, result.comments
    name = DEFAULT_ROUND_COLUMN
    while name in result.comments.columns:
        name = f"{name} (added)"
    column = pd.Series(first_round_label, index=result.comments.index).astype(str)
    return name, result.comments.assign(**{name: column})


def _unique_provenance(result: AnalysisResult, old: pd.DataFrame, new: pd.DataFrame,
                       ledger: Ledger, round_label: str
                       ) -> tuple[pd.DataFrame, Ledger, dict[str, str]]:
    """Prefix the new round's sources and comment ids where they clash with earlier ones."""
    prefix = f"{round_label}/"
    renamed: dict[str, str] = {}
    new = new.copy()
    earlier_sources = set(result.ledger.entries["source"].astype(str)) | \
        set(old["source"].astype(str))
    clash = set(ledger.entries["source"].astype(str)) & earlier_sources
    if clash:
        entries = ledger.entries.copy()
        entries["source"] = (prefix + entries["source"].astype(str)).astype(
            ledger.entries["source"].dtype)
        new["source"] = (prefix + new["source"].astype(str)).astype(new["source"].dtype)
        ledger = Ledger(entries, {prefix + k: v for k, v in ledger.rows_read.items()})
        renamed["sources"] = f"prefixed with '{prefix}' (an earlier input has the same name)"
    if new["comment_id"].astype(str).isin(set(old["comment_id"].astype(str))).any():
        new["comment_id"] = (prefix + new["comment_id"].astype(str)).astype(
            new["comment_id"].dtype)
        renamed["comment_ids"] = f"prefixed with '{prefix}' (earlier comments use the same ids)"
    if "campaign_id" in new.columns:
        campaign = new["campaign_id"].fillna("").astype(str)
        new["campaign_id"] = campaign.where(campaign == "", prefix + campaign).astype(
            new["campaign_id"].dtype)
    return new, ledger, renamed


def _nearest_themes(result: AnalysisResult, old: pd.DataFrame, new: pd.DataFrame,
                    answered: np.ndarray, floor: float, use_cache: bool,
                    cache_dir: Path | None) -> tuple[np.ndarray, dict[str, Any]]:
    """Theme id per new comment, and how the placement was done (for the method card)."""
    from analyzer.pipelines import embed as embedding

    theme_ids = np.full(len(new), NON_ANSWER_ID, dtype=np.int64)
    embedder = embedding.make_embedder(result.embedder_name, seed=result.config.seed)
    placement: dict[str, Any] = {"embedding_model": embedder.name}
    if not answered.any():
        placement["centres"] = "none needed: every new comment is a non-answer"
        return theme_ids, placement
    keys = text_keys(new[answered])
    first = ~keys.duplicated().to_numpy()
    texts = new.loc[answered, "text"].astype(str).to_numpy()[first].tolist()

    if getattr(embedder, "cacheable", False):
        fitted_with = result.method.get("embedding_model")
        if fitted_with and fitted_with != embedder.name:
            raise ConfigError(f"the analysis was fitted with '{fitted_with}' but its settings "
                              f"now give '{embedder.name}'; a round must be embedded with the "
                              "same model as the analysis.")
        cache = embedding.EmbeddingCache(embedding.cache_file(cache_dir)) if use_cache else None
        vectors = embedding.embed_texts(texts, embedder, cache)
        ids, centres = _stored_centres(result, vectors.shape[1])
        placement["centres"] = "the theme centres stored with the analysis"
    else:
        stored = old[old["theme_id"].to_numpy() >= 0]
        stored_first = ~text_keys(stored).duplicated().to_numpy()
        stored_texts = stored["text"].astype(str).to_numpy()[stored_first].tolist()
        stored_themes = stored["theme_id"].to_numpy(dtype=int)[stored_first]
        together = embedding.embed_texts(stored_texts + texts, embedder)
        reference, vectors = together[:len(stored_texts)], together[len(stored_texts):]
        ids = [t.theme_id for t in result.themes
               if t.is_real and (stored_themes == t.theme_id).any()]
        centres = np.vstack([l2_normalise(reference[stored_themes == i].mean(axis=0))
                             for i in ids]) if ids else np.zeros((0, vectors.shape[1]))
        placement["centres"] = ("rebuilt from the analysis's assigned comments, embedded "
                                "together with the new round (the TF-IDF embedder is fitted "
                                "on what it encodes)")
    if not ids:
        raise TooFewCommentsError("the analysis has no theme with comments to place a new round "
                                  "in.")
    similarity = vectors @ centres.T
    best = similarity.argmax(axis=1)
    chosen = np.where(similarity.max(axis=1) >= floor, np.asarray(ids)[best], UNASSIGNED_ID)
    key_theme = dict(zip(keys.to_numpy()[first], chosen))
    theme_ids[answered] = keys.map(key_theme).to_numpy(dtype=np.int64)
    return theme_ids, placement


def _stored_centres(result: AnalysisResult, dims: int) -> tuple[list[int], np.ndarray]:
    centroids = np.asarray(result.centroids, dtype=np.float32)
    if centroids.ndim != 2 or centroids.shape[0] == 0:
        raise DataError("this analysis has no stored theme centres, so a new round cannot "
                        "be placed in its themes; run a new analysis over all rounds.")
    if centroids.shape[1] != dims:
        raise DataError(f"the stored theme centres have {centroids.shape[1]} dimensions but "
                        f"the embedder gives {dims}; the model changed since the analysis.")
    ids = [t.theme_id for t in result.themes if t.is_real and t.theme_id < len(centroids)
           and np.linalg.norm(centroids[t.theme_id]) > 0]
    return ids, centroids[ids] if ids else np.zeros((0, dims), dtype=np.float32)


def _aligned_concat(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Old rows untouched, new rows below them with the old frame's columns and dtypes."""
    new = new.reindex(columns=old.columns)
    for column in old.columns:
        try:
            new[column] = new[column].astype(old[column].dtype)
        except (TypeError, ValueError):
            pass  # an absent bool/int column: keep the new values as they are
    return pd.concat([old, new], ignore_index=True)


def _round_order(result: AnalysisResult, earlier: pd.Series, round_label: str) -> list[str]:
    """Rounds in time order, the new one last (for rounds_table's `round_order`)."""
    from analyzer.pipelines.compare import order_rounds

    known = result.method.get("round_order")
    present = earlier.dropna().astype(str).str.strip()
    order = list(known) if known else order_rounds(present.unique())
    order += [r for r in dict.fromkeys(present) if r not in order]
    return order + [round_label]


def _comment_counts(comments: pd.DataFrame) -> dict[str, int]:
    theme_ids = comments["theme_id"].to_numpy()
    return {"kept": int(len(comments)), "answered": int((theme_ids != NON_ANSWER_ID).sum()),
            "non_answers": int((theme_ids == NON_ANSWER_ID).sum()),
            "unassigned": int((theme_ids == UNASSIGNED_ID).sum())}


__all__ = ["DEFAULT_SIMILARITY_FLOOR", "add_round", "assign_round"]
