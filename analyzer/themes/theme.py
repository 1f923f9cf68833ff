"""A theme: what a group of comments is about, in words a person would use."""

from __future__ import annotations

from dataclasses import dataclass

UNASSIGNED_ID = -1
NON_ANSWER_ID = -2
UNASSIGNED_LABEL = "(unassigned)"
NON_ANSWER_LABEL = "(no answer)"


@dataclass(frozen=True)
class Theme:
    """One theme. `size` counts comments (every campaign copy included)."""

    theme_id: int
    label: str
    keywords: tuple[str, ...]
    size: int
    share: float
    representative_comment_ids: tuple[str, ...]
    representative_quotes: tuple[str, ...] = ()
    """Redacted texts of the representatives, in the same order."""
    label_alternatives: tuple[str, ...] = ()
    """Other names the labelling found, best first, for a reviewer to choose from."""

    @property
    def is_real(self) -> bool:
        return self.theme_id >= 0
