"""Curation: a person renames, merges and splits themes and moves comments between them.

The edits live here, above the domain objects, because each one rebuilds the group tables
(`analyzer.pipelines.groups`) and a split embeds and keywords the theme's texts; the record
of edits (`CurationEdit`, `curation_log`) and the bookkeeping saved projects share are in
`analyzer.themes.curation`.

Every edit is a pure function: it takes an `AnalysisResult` and returns a new one in which
the comments' theme_id/theme_label, the `Theme` objects (size, share, keywords,
representatives), the theme centres and every group table agree with each other, and the
edit itself is appended to `result.method["curation"]`, so the method card, every export and
every saved project say who changed what and when.

    edited = rename_theme(result, 2, "Bullying and safety", who="Ana")
    edited = merge_themes(edited, [0, 3], who="Ana")

Theme ids stay stable so the response log and earlier exports keep their meaning: a merge
keeps the smallest id of the merged themes, a split keeps the theme's id for its largest
part and gives the other parts new ids that were never used before. Row t of
`result.centroids` stays the centre of theme t; rows of themes merged away are zero.

Splitting uses k-means (seeded with `config.seed`, so the same split every time) on the
theme's distinct texts, embedded with the analysis's own embedder. With a sentence model
those vectors live in the same space as the theme centres, so the parts get real centres.
The TF-IDF embedder is fitted on whatever it encodes, so it embeds the theme's texts in a
space of their own, which separates them well but is not the space of the centres: the parts
then keep the split theme's centre, and `add_round` (which rebuilds TF-IDF centres from the
stored assignments) is unaffected. Pass `embeddings` to split on vectors you already have.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from typing import Any, Sequence

import numpy as np
import pandas as pd

from analyzer.errors import ConfigError, DataError, TooFewCommentsError
from analyzer.pipelines import embed as embedding
from analyzer.pipelines.groups import group_statistics
from analyzer.pipelines.terms import keyword_vectorizer
from analyzer.themes.curation import (
    CurationEdit,
    label_column,
    next_theme_id,
    recount_themes,
    representatives,
    text_keys,
)
from analyzer.themes.quotes import pick_quotes, quote_group
from analyzer.themes.result import AnalysisResult
from analyzer.themes.splitting import MAX_LABEL_LENGTH, default_part_labels, split_centroids
from analyzer.themes.theme import (
    NON_ANSWER_ID,
    NON_ANSWER_LABEL,
    UNASSIGNED_ID,
    UNASSIGNED_LABEL,
    Theme,
)
from analyzer.vectors import l2_normalise

MAX_SPLIT_PARTS = 10


# -- the four edits -------------------------------------------------------------------------

def rename_theme(result: AnalysisResult, theme_id: int, new_label: str, *,
                 who: str) -> AnalysisResult:
    """A result where theme `theme_id` is called `new_label`; its old label joins its
    alternatives, in the place of the new label when that was one of them."""
    who = _check_who(who)
    theme = _real_theme(result, theme_id)
    label = _check_label(result, new_label, ignore=(theme.theme_id,))
    if label == theme.label:
        raise ConfigError(f"theme {theme.theme_id} is already called '{label}'.")
    alternatives = tuple(theme.label if a == label else a for a in theme.label_alternatives)
    if theme.label not in alternatives:
        alternatives = (theme.label,) + alternatives
    renamed = dataclasses.replace(theme, label=label, label_alternatives=alternatives)
    themes = tuple(renamed if t.theme_id == theme.theme_id else t for t in result.themes)
    edit = _edit(result, "rename", who,
                 f"Renamed theme {theme.theme_id} from '{theme.label}' to '{label}'",
                 {"theme_id": theme.theme_id, "old_label": theme.label, "new_label": label})
    return _rebuilt(result, result.comments, themes, result.centroids, edit,
                    memberships_changed=False)


def merge_themes(result: AnalysisResult, theme_ids: Sequence[int], new_label: str | None = None,
                 *, who: str) -> AnalysisResult:
    """A result where the themes `theme_ids` are one theme.

    The merged theme keeps the smallest of the ids and, unless `new_label` is given, the
    label of the largest theme. Keywords are interleaved, largest theme first; the quotes are
    chosen again (`analyzer.themes.quotes`) from the merged themes' quotes, interleaved
    largest theme first, then their other comments, so two themes that each quoted a copy
    of one letter do not quote it twice. The centre is the size-weighted mean of the merged
    centres.
    """
    who = _check_who(who)
    ids = list(dict.fromkeys(_whole(i, "theme id") for i in theme_ids))
    if len(ids) < 2:
        raise ConfigError(f"merging needs at least two different theme ids; got {list(theme_ids)}.")
    merged = [_real_theme(result, i) for i in ids]
    by_size = sorted(merged, key=lambda t: (-t.size, t.theme_id))
    target = min(ids)
    label = (_check_label(result, new_label, ignore=tuple(ids)) if new_label is not None
             else by_size[0].label)
    n_keywords = max(len(t.keywords) for t in merged)
    n_reps = max([len(t.representative_comment_ids) for t in merged]
                 + [result.config.n_representatives])
    comments = result.comments.copy()
    comments.loc[comments["theme_id"].isin(ids), "theme_id"] = target
    quoted = [cid for cid, _ in _interleave([representatives(t) for t in by_size], len(comments))]
    combined = _with_quotes(
        Theme(theme_id=target, label=label,
              keywords=tuple(_interleave([list(t.keywords) for t in by_size], n_keywords)),
              size=0, share=0.0, representative_comment_ids=()),
        _quote_candidates(comments, target, quoted), n_reps, result.group_columns)
    themes = tuple(combined if t.theme_id == target else t for t in result.themes
                   if t.theme_id == target or t.theme_id not in ids)
    centroids = _merged_centroids(result.centroids, merged, target)
    listed = ", ".join(f"{t.theme_id} '{t.label}'" for t in merged)
    edit = _edit(result, "merge", who, f"Merged themes {listed} into theme {target} '{label}'",
                 {"theme_ids": ids, "into": target, "label": label,
                  "old_labels": {str(t.theme_id): t.label for t in merged}})
    return _rebuilt(result, comments, themes, centroids, edit)


def split_theme(result: AnalysisResult, theme_id: int, n_parts: int = 2, *, who: str,
                embeddings: np.ndarray | None = None,
                labels: Sequence[str] | None = None) -> AnalysisResult:
    """A result where theme `theme_id` is split into `n_parts` themes by k-means.

    `embeddings`, when given, has one row per comment of the theme, in the order of
    `result.comments_in(theme_id)`; otherwise the theme's distinct texts are embedded with the
    analysis's embedder. Copies of a text (and of a campaign) always stay together. The
    largest part keeps the theme's id; `labels` (one per part, largest first) default to the
    theme's label followed by the part's most distinctive keyword.
    """
    who = _check_who(who)
    theme = _real_theme(result, theme_id)
    n_parts = _whole(n_parts, "n_parts")
    if not 2 <= n_parts <= MAX_SPLIT_PARTS:
        raise ConfigError(f"n_parts={n_parts} should be between 2 and {MAX_SPLIT_PARTS}.")
    members = result.comments_in(theme.theme_id)
    keys = text_keys(members)
    first = ~keys.duplicated().to_numpy()
    if first.sum() < n_parts:
        raise TooFewCommentsError(f"theme {theme.theme_id} '{theme.label}' has "
                                  f"{int(first.sum())} distinct comment(s); it cannot be split "
                                  f"into {n_parts} parts.")
    if labels is not None and len(labels) != n_parts:
        raise ConfigError(f"{len(labels)} label(s) given for {n_parts} parts; give one per part.")

    vectors, same_space = split_vectors(result, members, first, embeddings)
    from sklearn.cluster import KMeans

    part_of_key = KMeans(n_clusters=n_parts, n_init=10,
                         random_state=result.config.seed).fit_predict(vectors)
    key_part = dict(zip(keys[first], part_of_key))
    part = keys.map(key_part).to_numpy()
    # Largest part first (ties: the part whose first comment comes first).
    sizes = np.bincount(part, minlength=n_parts)
    first_seen = [int(np.flatnonzero(part == p)[0]) if sizes[p] else len(part)
                  for p in range(n_parts)]
    order = sorted(range(n_parts), key=lambda p: (-sizes[p], first_seen[p]))
    if sizes[order[-1]] == 0:
        raise DataError(f"theme {theme.theme_id} '{theme.label}' could not be split into "
                        f"{n_parts} non-empty parts; try fewer parts.")
    next_id = next_theme_id(result)
    new_ids = [theme.theme_id] + list(range(next_id, next_id + n_parts - 1))
    id_of_part = {p: new_ids[rank] for rank, p in enumerate(order)}

    distinct = members[first]
    keywords_of_part = part_keywords(distinct["text_redacted"].astype(str).tolist(),
                                     part_of_key, n_parts, max(len(theme.keywords), 10))
    if labels is None:
        labels = default_part_labels(result, theme, [keywords_of_part[p] for p in order])
    else:
        labels = [_check_label(result, lab, ignore=(theme.theme_id,)) for lab in labels]
        if len({lab.casefold() for lab in labels}) < n_parts:
            raise ConfigError(f"the labels {list(labels)} repeat; give each part its own label.")

    centre_rows: dict[int, np.ndarray] = {}
    new_themes = []
    for rank, p in enumerate(order):
        in_part = part_of_key == p
        centre = l2_normalise(vectors[in_part].mean(axis=0))
        similarity = vectors[in_part] @ centre
        ranked = distinct[in_part].iloc[np.argsort(-similarity, kind="stable")]
        part_theme = Theme(theme_id=id_of_part[p], label=labels[rank],
                           keywords=keywords_of_part[p], size=0, share=0.0,
                           representative_comment_ids=())
        new_themes.append(_with_quotes(part_theme, ranked, result.config.n_representatives,
                                       result.group_columns))
        if same_space:
            centre_rows[id_of_part[p]] = centre

    comments = result.comments.copy()
    comments.loc[members.index, "theme_id"] = [id_of_part[p] for p in part]
    themes = tuple(t for t in result.themes if t.theme_id != theme.theme_id) + tuple(new_themes)
    centroids = split_centroids(result.centroids, theme.theme_id, new_ids, centre_rows)
    parts_text = ", ".join(f"{t.theme_id} '{t.label}'" for t in new_themes)
    edit = _edit(result, "split", who,
                 f"Split theme {theme.theme_id} '{theme.label}' into {parts_text}",
                 {"theme_id": theme.theme_id, "n_parts": n_parts, "new_theme_ids": new_ids,
                  "labels": list(labels), "old_label": theme.label,
                  "vectors": "given" if embeddings is not None else
                  str(result.method.get("embedding_model", result.config.embedder)),
                  "method": "k-means", "seed": result.config.seed})
    return _rebuilt(result, comments, themes, centroids, edit)


def move_comment(result: AnalysisResult, comment_id: str, to_theme_id: int, *,
                 who: str) -> AnalysisResult:
    """A result where comment `comment_id` belongs to theme `to_theme_id` (-1: unassigned).

    Only that comment moves, not other copies of its text. Theme centres stay those of the
    fit. Non-answers are decided by cleaning and cannot be moved. When the comment was one
    of its theme's quotes, the theme keeps its other quotes and gets another in its place
    (chosen by the rules of `analyzer.themes.quotes`, the theme's comments in their order).
    """
    who = _check_who(who)
    comment_id = str(comment_id)
    hits = np.flatnonzero(result.comments["comment_id"].astype(str).to_numpy() == comment_id)
    if len(hits) == 0:
        examples = ", ".join(f"'{c}'" for c in result.comments["comment_id"].astype(str).head(3))
        raise ConfigError(f"comment '{comment_id}' is not in this analysis; comment ids look "
                          f"like {examples}.")
    position = result.comments.index[hits[0]]
    current = int(result.comments.at[position, "theme_id"])
    if current == NON_ANSWER_ID:
        raise ConfigError(f"comment '{comment_id}' is a non-answer (such as 'n/a'); non-answers "
                          "are set by cleaning and cannot be moved into a theme.")
    to_theme_id = _whole(to_theme_id, "theme id")
    target = (_unassigned_theme(result) if to_theme_id == UNASSIGNED_ID
              else _real_theme(result, to_theme_id))
    if current == target.theme_id:
        raise ConfigError(f"comment '{comment_id}' is already in theme {current} "
                          f"'{target.label}'.")
    source_label = _label_of(result, current)
    comments = result.comments.copy()
    comments.loc[position, "theme_id"] = target.theme_id
    themes = tuple(_requoted_without(t, comment_id, comments, result)
                   if t.theme_id == current else t for t in result.themes)
    edit = _edit(result, "move", who,
                 f"Moved comment '{comment_id}' from theme {current} '{source_label}' to theme "
                 f"{target.theme_id} '{target.label}'",
                 {"comment_id": comment_id, "from_theme_id": current,
                  "to_theme_id": target.theme_id})
    return _rebuilt(result, comments, themes, result.centroids, edit)


# -- quotes ---------------------------------------------------------------------------------

def _with_quotes(theme: Theme, ranked: pd.DataFrame, n: int, group_columns: Sequence[str],
                 keep: Sequence[str] = ()) -> Theme:
    """`theme` quoting the comments `pick_quotes` chooses from `ranked` (best first)."""
    picks = pick_quotes(ranked, n, group=quote_group(group_columns), keep=keep)
    return dataclasses.replace(theme,
                               representative_comment_ids=tuple(picks["comment_id"].astype(str)),
                               representative_quotes=tuple(picks["text_redacted"].astype(str)))


def _quote_candidates(comments: pd.DataFrame, theme_id: int,
                      first: Sequence[str]) -> pd.DataFrame:
    """The distinct texts of theme `theme_id` as candidates for its quotes: the comments
    `first` in that order, then the others in the order of `comments` (an edit has no vectors
    to rank them by)."""
    members = comments[comments["theme_id"] == theme_id]
    rank = members["comment_id"].astype(str).map(
        {cid: i for i, cid in enumerate(dict.fromkeys(map(str, first)))})
    leading = members[rank.notna()].iloc[np.argsort(rank.dropna().to_numpy(), kind="stable")]
    candidates = pd.concat([leading, members]).drop_duplicates("comment_id")
    return candidates[~text_keys(candidates).duplicated().to_numpy()]


def _requoted_without(theme: Theme, comment_id: str, comments: pd.DataFrame,
                      result: AnalysisResult) -> Theme:
    """`theme` after its comment `comment_id` moved out: its other quotes stay and, when
    the comment was one of them, another takes its place."""
    if comment_id not in theme.representative_comment_ids or not theme.representative_quotes:
        return theme
    kept = [cid for cid in theme.representative_comment_ids if cid != comment_id]
    n = max(len(theme.representative_comment_ids), result.config.n_representatives)
    return _with_quotes(theme, _quote_candidates(comments, theme.theme_id, kept), n,
                        result.group_columns, keep=kept)


# -- the stages a split needs --------------------------------------------------------------

def split_vectors(result: AnalysisResult, members: pd.DataFrame, first: np.ndarray,
                  embeddings: np.ndarray | None) -> tuple[np.ndarray, bool]:
    """Vectors of the theme's distinct texts, and whether they share the centres' space."""
    centre_dims = result.centroids.shape[1] if result.centroids.ndim == 2 else 0
    if embeddings is not None:
        vectors = embedding.checked_embeddings(embeddings, len(members), "comment of the theme",
                                     "result.comments_in(theme_id)")[first]
        return vectors, vectors.shape[1] == centre_dims

    embedder = embedding.make_embedder(result.embedder_name, seed=result.config.seed)
    vectors = embedding.embed_texts(members.loc[first, "text"].astype(str).tolist(), embedder)
    corpus_independent = bool(getattr(embedder, "cacheable", False))
    return vectors, corpus_independent and vectors.shape[1] == centre_dims


def part_keywords(texts: list[str], parts: np.ndarray, n_parts: int,
                  n_keywords: int) -> dict[int, tuple[str, ...]]:
    """Class-based TF-IDF keywords per part: frequent in the part, rare in the others."""
    documents = ["\n".join(t for t, p in zip(texts, parts) if p == part) for part in range(n_parts)]
    vectorizer = keyword_vectorizer()
    try:
        counts = vectorizer.fit_transform(documents).toarray().astype(float)
    except ValueError:  # nothing but stop words
        return {part: () for part in range(n_parts)}
    words = vectorizer.get_feature_names_out()
    tf = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1.0)
    average = counts.sum() / n_parts
    idf = np.log(1.0 + average / np.maximum(counts.sum(axis=0), 1.0))
    scores = tf * idf
    keywords = {}
    for part in range(n_parts):
        order = np.lexsort((words, -scores[part]))
        keywords[part] = tuple(str(words[i]) for i in order[:n_keywords] if scores[part, i] > 0)
    return keywords


# -- helpers --------------------------------------------------------------------------------

def _rebuilt(result: AnalysisResult, comments: pd.DataFrame, themes: Sequence[Theme],
             centroids: np.ndarray, edit: CurationEdit, *,
             memberships_changed: bool = True) -> AnalysisResult:
    """The new result, consistent everywhere: labels, sizes, tables and the method card."""
    themes = recount_themes(themes, comments)
    comments = comments.assign(theme_label=label_column(comments, themes))
    tables = group_statistics(comments, themes, result.group_columns, result.round_column,
                              result.config, benchmark=result.benchmark,
                              round_order=result.method.get("round_order"))
    if not memberships_changed and "stability" in result.tables:
        names = {t.theme_id: t.label for t in themes}
        stability = result.tables["stability"].copy()
        stability["label"] = stability["theme_id"].map(names).fillna(
            stability["label"]).astype(stability["label"].dtype)
        tables["stability"] = stability
    method = copy.deepcopy(result.method)
    method.setdefault("curation", []).append(edit.as_dict())
    if isinstance(method.get("comments"), dict):
        method["comments"]["unassigned"] = int((comments["theme_id"] == UNASSIGNED_ID).sum())
    if memberships_changed:
        method.pop("stability", None)  # measured on the old themes; rerun theme_stability
    elif isinstance(method.get("stability"), dict):
        _relabel_stability(method["stability"], themes)
    return dataclasses.replace(result, comments=comments, themes=tuple(themes), tables=tables,
                               method=method, centroids=centroids)


def _relabel_stability(stability: dict, themes: Sequence[Theme]) -> None:
    names = {t.theme_id: t.label for t in themes}
    for row in stability.get("themes") or ():
        if isinstance(row, dict) and row.get("theme_id") in names:
            row["label"] = names[row["theme_id"]]
    if "unstable_theme_ids" in stability:
        stability["unstable_themes"] = [names.get(i, str(i))
                                        for i in stability["unstable_theme_ids"]]


def _edit(result: AnalysisResult, kind: str, who: str, what: str,
          params: dict[str, Any]) -> CurationEdit:
    number = len(result.method.get("curation") or ()) + 1
    when = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    return CurationEdit(edit_id=number, kind=kind, who=who, when=when, what=what, params=params)


def _check_who(who: Any) -> str:
    text = str(who).strip() if who is not None else ""
    if not text:
        raise ConfigError("say who made the edit (a name or initials); `who` is empty.")
    return text


def _whole(value: Any, what: str) -> int:
    if isinstance(value, bool):
        raise ConfigError(f"{what}={value!r} should be a whole number.")
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ConfigError(f"{what}={value!r} should be a whole number.") from None
    if number != value and str(number) != str(value).strip():
        raise ConfigError(f"{what}={value!r} should be a whole number.")
    return number


def _real_theme(result: AnalysisResult, theme_id: Any) -> Theme:
    theme_id = _whole(theme_id, "theme id")
    for theme in result.themes:
        if theme.theme_id == theme_id and theme.is_real:
            return theme
    valid = ", ".join(str(t.theme_id) for t in result.themes if t.is_real)
    raise ConfigError(f"theme {theme_id} is not a theme of this analysis; valid theme ids are "
                      f"{valid}.")


def _unassigned_theme(result: AnalysisResult) -> Theme:
    for theme in result.themes:
        if theme.theme_id == UNASSIGNED_ID:
            return theme
    return Theme(UNASSIGNED_ID, UNASSIGNED_LABEL, (), 0, 0.0, ())


def _label_of(result: AnalysisResult, theme_id: int) -> str:
    for theme in result.themes:
        if theme.theme_id == theme_id:
            return theme.label
    return UNASSIGNED_LABEL if theme_id == UNASSIGNED_ID else NON_ANSWER_LABEL


def _check_label(result: AnalysisResult, label: Any, ignore: Sequence[int] = ()) -> str:
    text = " ".join(str(label).split()) if label is not None else ""
    if not text:
        raise ConfigError("the new label is empty; write a few words that say what the theme "
                          "is about.")
    if len(text) > MAX_LABEL_LENGTH:
        raise ConfigError(f"the label is {len(text)} characters long; keep it under "
                          f"{MAX_LABEL_LENGTH}.")
    reserved = {UNASSIGNED_LABEL.casefold(), NON_ANSWER_LABEL.casefold()}
    if text.casefold() in reserved:
        raise ConfigError(f"'{text}' is reserved for comments outside every theme; choose "
                          "another label.")
    for theme in result.themes:
        if theme.is_real and theme.theme_id not in ignore and \
                theme.label.casefold() == text.casefold():
            raise ConfigError(f"theme {theme.theme_id} is already called '{theme.label}'; "
                              "choose another label, or merge the two themes.")
    return text


def _interleave(lists: Sequence[Sequence], limit: int) -> list:
    """Round-robin over `lists`, first list first, duplicates dropped, at most `limit`."""
    out: list = []
    seen: set = set()
    for depth in range(max((len(items) for items in lists), default=0)):
        for items in lists:
            if depth < len(items):
                item = items[depth]
                key = item[0] if isinstance(item, tuple) else item
                if key not in seen:
                    seen.add(key)
                    out.append(item)
    return out[:limit]


def _merged_centroids(centroids: np.ndarray, merged: Sequence[Theme], target: int) -> np.ndarray:
    ids = [t.theme_id for t in merged]
    if centroids.ndim != 2 or centroids.shape[0] <= max(ids):
        return centroids
    out = centroids.copy()
    weights = np.array([max(t.size, 1) for t in merged], dtype=np.float64)
    centre = (centroids[ids].astype(np.float64) * weights[:, None]).sum(axis=0)
    for theme_id in ids:
        out[theme_id] = 0.0
    out[target] = l2_normalise(centre)
    return out


__all__ = ["MAX_SPLIT_PARTS", "merge_themes", "move_comment", "part_keywords", "rename_theme",
           "split_theme", "split_vectors"]
