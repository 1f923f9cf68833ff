"""The record of curation and the bookkeeping every edit shares.

A person renames, merges and splits themes and moves comments between them with the edits in
`analyzer.pipelines.curate`; each edit is appended to `result.method["curation"]` as a
`CurationEdit`, so the method card, every export and every saved project say who changed
what and when. What is here needs nothing but the domain objects, so saved projects and
rounds (which rebuild themes from stored assignments) use it too.
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import pandas as pd

from analyzer.errors import ConfigError
from analyzer.themes.result import AnalysisResult
from analyzer.themes.texts import text_keys
from analyzer.themes.theme import (
    NON_ANSWER_ID,
    NON_ANSWER_LABEL,
    UNASSIGNED_ID,
    UNASSIGNED_LABEL,
    Theme,
)

EDIT_KINDS = ("rename", "merge", "split", "move")


@dataclass(frozen=True)
class CurationEdit:
    """One change a person made to an analysis, as recorded in `method["curation"]`."""

    edit_id: int
    """1, 2, 3 ... in the order the edits were made."""
    kind: str
    """One of EDIT_KINDS: rename, merge, split, move."""
    who: str
    when: str
    """UTC time as ISO 8601 text, e.g. 2024-05-31T14:02:11+00:00."""
    what: str
    """The edit in words, for the method card."""
    params: Mapping[str, Any] = field(default_factory=dict)
    """Everything needed to redo the edit (JSON-ready)."""

    def __post_init__(self) -> None:
        if self.kind not in EDIT_KINDS:
            raise ConfigError(f"edit kind '{self.kind}' is not one of {', '.join(EDIT_KINDS)}.")

    def as_dict(self) -> dict[str, Any]:
        return {"edit_id": self.edit_id, "kind": self.kind, "who": self.who, "when": self.when,
                "what": self.what, "params": copy.deepcopy(dict(self.params))}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "CurationEdit":
        return cls(edit_id=int(data["edit_id"]), kind=str(data["kind"]), who=str(data["who"]),
                   when=str(data["when"]), what=str(data["what"]),
                   params=dict(data.get("params") or {}))


def curation_log(result: AnalysisResult) -> tuple[CurationEdit, ...]:
    """The edits made to `result`, oldest first."""
    return tuple(CurationEdit.from_dict(d) for d in result.method.get("curation") or ())


# -- shared with the edits, saved projects and rounds --------------------------------------

def recount_themes(themes: Sequence[Theme], comments: pd.DataFrame) -> tuple[Theme, ...]:
    """Themes with size and share counted from `comments`, representatives that are no longer
    members dropped, real themes in id order and the unassigned bucket last.

    Share is of the answered comments (non-answers excluded), as in the fitted analysis.
    """
    theme_ids = comments["theme_id"].to_numpy()
    counts = pd.Series(theme_ids).value_counts().to_dict()
    total = max(int((theme_ids != NON_ANSWER_ID).sum()), 1)
    theme_of = dict(zip(comments["comment_id"].astype(str), theme_ids))
    out = []
    for theme in themes:
        kept = [(cid, quote) for cid, quote in representatives(theme)
                if theme_of.get(cid) == theme.theme_id]
        size = int(counts.get(theme.theme_id, 0))
        out.append(dataclasses.replace(
            theme, size=size, share=size / total,
            representative_comment_ids=tuple(cid for cid, _ in kept),
            representative_quotes=tuple(q for _, q in kept) if theme.representative_quotes
            else ()))
    if not any(t.theme_id == UNASSIGNED_ID for t in out):
        size = int(counts.get(UNASSIGNED_ID, 0))
        out.append(Theme(UNASSIGNED_ID, UNASSIGNED_LABEL, (), size, size / total, ()))
    return tuple(sorted(out, key=lambda t: (t.theme_id < 0, t.theme_id)))


def label_column(comments: pd.DataFrame, themes: Sequence[Theme]) -> pd.Series:
    """theme_label for every comment, from the themes' labels."""
    names = {t.theme_id: t.label for t in themes}
    names.setdefault(UNASSIGNED_ID, UNASSIGNED_LABEL)
    names[NON_ANSWER_ID] = NON_ANSWER_LABEL
    labels = comments["theme_id"].map(names)
    if "theme_label" in comments.columns:
        return labels.astype(comments["theme_label"].dtype)
    return labels.astype(str)


def next_theme_id(result: AnalysisResult) -> int:
    """An id no theme of this analysis has ever had (merged-away ids are not reused)."""
    used = [t.theme_id for t in result.themes] + [result.centroids.shape[0] - 1, -1]
    for edit in result.method.get("curation") or ():
        params = edit.get("params") or {}
        used += [int(i) for i in params.get("theme_ids", []) + params.get("new_theme_ids", [])]
    return max(used) + 1


def representatives(theme: Theme) -> list[tuple[str, str]]:
    """(comment id, quote) of each representative of `theme`; the quote is '' where the theme
    keeps ids without quotes."""
    quotes = tuple(theme.representative_quotes)
    quotes += ("",) * (len(theme.representative_comment_ids) - len(quotes))
    return list(zip(theme.representative_comment_ids, quotes))


__all__ = ["EDIT_KINDS", "CurationEdit", "curation_log", "label_column", "next_theme_id",
           "recount_themes", "representatives", "text_keys"]
