"""The typed result of one analysis, shared by the CLI, the dashboard and the reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from analyzer.config import AnalysisConfig
from analyzer.themes.languages import languages_line, theme_languages
from analyzer.themes.ledger import Ledger
from analyzer.themes.theme import Theme


@dataclass(frozen=True)
class AnalysisResult:
    """Everything an analysis produced, and everything needed to explain it.

    `comments` has one row per kept comment (non-answers and every campaign copy included)
    with its provenance, cleaned and redacted text, theme_id, theme_label and statistical
    weight. `tables` holds the group statistics by name (see analyzer.themes.statistics).
    """

    comments: pd.DataFrame
    themes: tuple[Theme, ...]
    ledger: Ledger
    tables: dict[str, pd.DataFrame]
    method: dict[str, Any]
    config: AnalysisConfig = field(default_factory=AnalysisConfig)
    group_columns: tuple[str, ...] = ()
    round_column: str | None = None
    benchmark: pd.DataFrame | None = None
    """Benchmark shares (attribute, group, share) the representation tables used, if any."""
    centroids: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))
    """Theme centres in embedding space, used to place a new round's comments without refitting."""

    @property
    def embedder_name(self) -> str:
        """The embedder the vectors came from ('auto' resolved), for embedding more comments
        the same way."""
        return str(self.method.get("embedder") or self.config.embedder)

    def theme(self, theme_id: int) -> Theme:
        for theme in self.themes:
            if theme.theme_id == theme_id:
                return theme
        raise KeyError(f"no theme with id {theme_id}")

    def themes_frame(self) -> pd.DataFrame:
        """themes.csv: theme_id, label, keywords, size, share, representative_comment_ids,
        and languages (comments per detected language, "en 120; es 8")."""
        counts = self.theme_languages()
        return pd.DataFrame([{
            "theme_id": t.theme_id,
            "label": t.label,
            "keywords": "; ".join(t.keywords),
            "size": t.size,
            "share": round(t.share, 4),
            "representative_comment_ids": "; ".join(t.representative_comment_ids),
            "languages": languages_line(counts, t.theme_id, by_name=False),
        } for t in self.themes], columns=["theme_id", "label", "keywords", "size", "share",
                                          "representative_comment_ids", "languages"])

    def theme_languages(self) -> pd.DataFrame:
        """Comments per theme and detected language (see `themes.languages.theme_languages`)."""
        return theme_languages(self.comments)

    def comments_in(self, theme_id: int) -> pd.DataFrame:
        return self.comments[self.comments["theme_id"] == theme_id]
