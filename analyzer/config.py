"""Typed, frozen settings for an analysis.

Settings are data: validated once here, stored inside every result and written to the method
card, so any run can be reproduced from its `method.json`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

from analyzer.errors import ConfigError

CampaignCounting = Literal["once", "every_copy"]
Granularity = Literal["coarse", "balanced", "fine"]

GRANULARITIES = ("coarse", "balanced", "fine")
CAMPAIGN_COUNTING = ("once", "every_copy")


@dataclass(frozen=True)
class CleaningConfig:
    """How raw comments become analysable text."""

    campaign_min_words: int = 15
    """A text needs at least this many words before copies of it count as a campaign."""
    campaign_similarity: float = 0.8
    """Estimated Jaccard similarity of word shingles above which two texts are copies."""
    redact_names: bool = True
    """Run spaCy NER to redact person names (patterns always redact emails, phones, ...)."""

    def __post_init__(self) -> None:
        if self.campaign_min_words < 1:
            raise ConfigError(f"campaign_min_words={self.campaign_min_words} should be >= 1.")
        if not 0.0 < self.campaign_similarity <= 1.0:
            raise ConfigError(
                f"campaign_similarity={self.campaign_similarity} should be in (0, 1].")


@dataclass(frozen=True)
class AnalysisConfig:
    """Everything that decides the themes, apart from the data itself."""

    embedder: str = "auto"
    """Embedding backend: 'minilm', 'tfidf', 'static', 'multilingual', a local
    sentence-transformers model, or 'auto': MiniLM up to 20,000 distinct comments, the static
    model above, either under 'multilingual' when the comments mix languages (see embed.py)."""
    seed: int = 42
    n_themes: int | None = None
    """Fixed number of themes; None chooses one from the corpus size and `granularity`."""
    granularity: Granularity = "balanced"
    clustering: str = "auto"
    """'ward', 'kmeans', or 'auto' (k-means for the TF-IDF embedder, Ward otherwise)."""
    max_unassigned_share: float = 0.10
    """Upper bound on the share of comments left without a theme."""
    fit_sample_size: int = 5_000
    """Themes are fitted on at most this many distinct comments; the rest are assigned
    (Ward clustering needs time and memory growing with the square of this number). On
    banking77 (13,083 queries, MiniLM) 5,000 scored NMI 0.786/0.784 over two seeds, 6,000
    0.785/0.784 and 4,000 0.781/0.779, with Ward's time falling by half from 6,000 to 5,000."""
    campaign_counting: CampaignCounting = "once"
    """Whether a form-letter campaign counts once or once per copy in the statistics."""
    min_group_size: int = 10
    """Groups smaller than this are merged into 'other' in public outputs."""
    representation_threshold: float = 0.8
    """Groups whose participation/benchmark ratio is below this are flagged."""
    n_representatives: int = 3
    cleaning: CleaningConfig = field(default_factory=CleaningConfig)

    def __post_init__(self) -> None:
        if self.granularity not in GRANULARITIES:
            raise ConfigError(
                f"granularity='{self.granularity}' is not one of {', '.join(GRANULARITIES)}.")
        if self.clustering not in ("auto", "ward", "kmeans"):
            raise ConfigError(f"clustering='{self.clustering}' is not one of auto, ward, kmeans.")
        if self.campaign_counting not in CAMPAIGN_COUNTING:
            raise ConfigError(f"campaign_counting='{self.campaign_counting}' should be one of "
                              f"{', '.join(CAMPAIGN_COUNTING)}.")
        if self.n_themes is not None and not 2 <= self.n_themes <= 500:
            raise ConfigError(f"n_themes={self.n_themes} should be between 2 and 500.")
        if not 0.0 <= self.max_unassigned_share < 1.0:
            raise ConfigError(
                f"max_unassigned_share={self.max_unassigned_share} should be in [0, 1).")
        if self.fit_sample_size < 100:
            raise ConfigError(f"fit_sample_size={self.fit_sample_size} should be >= 100.")
        if self.min_group_size < 1:
            raise ConfigError(f"min_group_size={self.min_group_size} should be >= 1.")
        if not isinstance(self.seed, int):
            raise ConfigError(f"seed={self.seed!r} should be a whole number.")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "AnalysisConfig":
        """Rebuild a config from `to_dict` output, rejecting unknown keys."""
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ConfigError(f"unknown settings {sorted(unknown)}; "
                              f"valid ones are {sorted(known)}.")
        values = dict(data)
        if isinstance(values.get("cleaning"), dict):
            values["cleaning"] = CleaningConfig(**values["cleaning"])
        return cls(**values)
