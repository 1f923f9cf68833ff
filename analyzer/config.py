"""Typed, frozen settings for an analysis.

Settings are data: validated once here, stored inside every result and written to the method
card, so any run can be reproduced from its `method.json`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal, get_args

from analyzer.constraints import Boolean, Interval, OneOf, SubsetOf, WholeNumber, validate
from analyzer.errors import ConfigError

CampaignCounting = Literal["once", "every_copy"]
Granularity = Literal["coarse", "balanced", "fine"]

GRANULARITIES: tuple[str, ...] = get_args(Granularity)
"""Theme detail, coarsest first (`analyzer.pipelines.cluster` says how many themes each gives)."""
CAMPAIGN_COUNTING: tuple[str, ...] = get_args(CampaignCounting)
CLUSTERING_METHODS = ("auto", "ward", "kmeans")
REPORT_FORMATS = ("html", "xlsx", "pptx")

AUTO_STATIC_FROM = 20_000
"""With embedder 'auto', corpora of more distinct comments than this use the static model.

MiniLM on ONNX Runtime reads 170-470 comments/s on two cores, depending on their length
(benchmarks/results/fast_minilm.md: 20,000 take one to two minutes, 100,000 five to ten);
the static model reads tens of thousands a second. On the labelled benchmark sets
MiniLM agrees better with human categories (NMI 0.06-0.11 higher, benchmarks/results/), so it
stays the choice wherever its wait is bearable."""

EMBEDDERS = {
    "auto": f"Automatic (MiniLM with 8-bit weights up to {AUTO_STATIC_FROM:,} distinct comments, "
            "the static model above; multilingual over either when the comments mix languages)",
    "minilm": "MiniLM sentence model (best quality, English)",
    "minilm-int8": "MiniLM with 8-bit weights (about 1.5x faster, nearly the same themes)",
    "multilingual": "Multilingual (MiniLM, with other languages placed by multilingual e5)",
    "static": "Static MiniLM (fastest for large files)",
    "tfidf": "Word counts (no model, quick check)",
}
"""The named embedders, each with what it does in words the Run page and `--help` show;
`embedder` may also name a local sentence-transformers model (see
`analyzer.pipelines.embed.make_embedder`)."""


@dataclass(frozen=True)
class CleaningConfig:
    """How raw comments become analysable text."""

    campaign_min_words: int = 15
    """A text needs at least this many words before copies of it count as a campaign."""
    campaign_similarity: float = 0.8
    """Estimated Jaccard similarity of word shingles above which two texts are copies."""
    redact_names: bool = True
    """Run spaCy NER to redact person names (patterns always redact emails, phones, ...)."""
    phone_regions: tuple[str, ...] | None = None
    """Countries (ISO 3166 two-letter codes, e.g. ("US", "GB", "MX")) whose national phone
    formats are redacted; a number written with "+" is redacted whatever the list. None: the
    redactor's default list (`analyzer.pipelines.phones.DEFAULT_PHONE_REGIONS`)."""

    def __post_init__(self) -> None:
        if isinstance(self.phone_regions, list):  # as read back from JSON
            object.__setattr__(self, "phone_regions", tuple(self.phone_regions))
        validate(self, CLEANING_CONSTRAINTS)


@dataclass(frozen=True)
class AnalysisConfig:
    """Everything that decides the themes, apart from the data itself."""

    embedder: str = "auto"
    """Embedding backend: one of `EMBEDDERS` or a local sentence-transformers model; 'auto' is
    MiniLM with int8 weights up to `AUTO_STATIC_FROM` distinct comments, the static model
    above, either under 'multilingual' when the comments mix languages (see embed.py)."""
    seed: int = 42
    n_themes: int | None = None
    """Fixed number of themes; None chooses one from the corpus size and `granularity`."""
    granularity: Granularity = "balanced"
    clustering: str = "auto"
    """One of `CLUSTERING_METHODS`: 'ward', 'kmeans', or 'auto' (k-means for the TF-IDF
    embedder, Ward otherwise)."""
    max_unassigned_share: float = 0.10
    """Upper bound on the share of comments left without a theme."""
    fit_sample_size: int = 5_000
    """Themes are fitted on at most this many distinct comments; the rest are assigned
    (Ward clustering needs time and memory growing with the square of this number). On
    banking77 (13,083 queries, MiniLM) 5,000 scored NMI 0.786/0.784 over two seeds, 6,000
    0.785/0.784 and 4,000 0.781/0.779, with Ward's time falling by half from 6,000 to 5,000."""
    estimate_beyond_sample: bool = True
    """With MiniLM, comments beyond the fitted sample are first placed with estimated vectors
    (`analyzer.pipelines.token_vectors`) and read by the model only where the estimate's
    nearest sample neighbours disagree on a theme or it is less typical of its theme than the
    median member. On banking77 (10,000, 5,000 fitted, int8) that left 2,291 of the other 5,000
    unread, with 99.6 % of the comments in the theme of the run that read all of them
    (benchmarks/results/first_run.md). False reads every comment with the model."""
    campaign_counting: CampaignCounting = "once"
    """Whether a form-letter campaign counts once or once per copy in the statistics."""
    min_group_size: int = 10
    """Groups smaller than this are merged into 'other' in public outputs."""
    representation_threshold: float = 0.8
    """Groups whose participation/benchmark ratio is below this are flagged."""
    n_representatives: int = 3
    keep_originals: bool = False
    """Saved projects also store each comment's original and cleaned text, unredacted. Off by
    default: a project then holds redacted text only, and features that read a saved
    analysis's text again (splitting a theme, placing a new round with TF-IDF) read that."""
    cleaning: CleaningConfig = field(default_factory=CleaningConfig)

    def __post_init__(self) -> None:
        validate(self, ANALYSIS_CONSTRAINTS)

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


def phone_region_codes() -> frozenset[str]:
    """The two-letter region codes libphonenumber has phone formats for (read when a
    setting is checked, not at import)."""
    import phonenumbers

    return frozenset(code for code in phonenumbers.SUPPORTED_REGIONS
                     if len(code) == 2 and code.isalpha())


def phone_regions_from_text(text: str | None) -> tuple[str, ...] | None:
    """Region codes as a person types them ("us, GB") for `CleaningConfig.phone_regions`;
    None when nothing was given (the redactor's default list).

    >>> phone_regions_from_text("us, GB"), phone_regions_from_text(None)
    (('US', 'GB'), None)
    """
    if text is None:
        return None
    return tuple(code.strip().upper() for code in str(text).split(",") if code.strip())


CLEANING_CONSTRAINTS = {
    "campaign_min_words": Interval(1),
    "campaign_similarity": Interval(0, 1, closed="right"),
    "redact_names": Boolean(),
    "phone_regions": SubsetOf(phone_region_codes, "two-letter region code",
                              ("US", "GB", "MX"), optional=True),
}
"""What each `CleaningConfig` field allows (checked on construction)."""

ANALYSIS_CONSTRAINTS = {
    "granularity": OneOf(GRANULARITIES),
    "clustering": OneOf(CLUSTERING_METHODS),
    "campaign_counting": OneOf(CAMPAIGN_COUNTING),
    "n_themes": Interval(2, 500, optional=True),
    "max_unassigned_share": Interval(0, 1, closed="left"),
    "fit_sample_size": Interval(100),
    "min_group_size": Interval(1),
    "seed": WholeNumber(),
    "keep_originals": Boolean(),
}
"""What each `AnalysisConfig` field allows (checked on construction); the CLI and the
dashboard take their choices from here."""


def default(name: str, settings: type = AnalysisConfig) -> Any:
    """The default value of the field `name` of a settings dataclass, for the CLI and the
    dashboard to show and use.

    >>> default("granularity"), default("campaign_min_words", CleaningConfig)
    ('balanced', 15)
    """
    for item in fields(settings):
        if item.name == name:
            return item.default
    raise ConfigError(f"'{name}' is not a setting of {settings.__name__}; valid ones are "
                      f"{', '.join(f.name for f in fields(settings))}.")


def choices(name: str) -> tuple[str, ...]:
    """The values an `AnalysisConfig` field allows, when it is a choice among names.

    >>> choices("campaign_counting")
    ('once', 'every_copy')
    """
    named = {n: c for n, c in ANALYSIS_CONSTRAINTS.items() if isinstance(c, OneOf)}
    if name not in named:
        raise ConfigError(f"'{name}' is not a choice among names; those are "
                          f"{', '.join(named)}.")
    return named[name].options
