"""Cleaning: raw comments to analysable text, with non-answers, languages, campaigns,
within-respondent repeats and a PII-redacted copy marked, and the ledger updated.

    comments, ledger = clean_comments(corpus.comments, corpus.ledger, config.cleaning)

Columns added to the intake frame (the original text stays in `text_original`):

- `text`: `normalize_text` of the original (mojibake repaired, HTML removed, spaces folded);
- `is_non_answer`: "n/a", "nothing", "no sé", "-" ... (kept, as the "(no answer)" bucket);
- `language`: ISO 639-1 code, or "und" for short or unclear texts;
- `campaign_id`, `campaign_size`: "C001", 20 for a copy of the largest form letter; "", 0 else;
- `respondent_repeat`: the respondent already gave this text under an earlier question;
- `text_redacted`: `text` with emails, phones, names... replaced by [EMAIL], [PHONE], [NAME].

Comments empty after cleaning (an answer that was only "<br>") are removed; an input row is
marked dropped in the ledger, reason "empty after cleaning", only when all of its comments
were. Non-answers are never campaigns nor repeats. Each step runs once per distinct text.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from analyzer.config import CleaningConfig
from analyzer.pipelines.clean.campaigns import (
    NUM_PERM,
    SHINGLE_SIZE,
    campaigns_of_keys,
    find_campaigns,
)
from analyzer.pipelines.clean.language import PLAUSIBLE_LANGUAGES, detect_languages, languages_of
from analyzer.pipelines.clean.nonanswers import NON_ANSWER_PHRASES, is_non_answer
from analyzer.pipelines.clean.normalize import (
    fingerprint,
    normalize_many,
    normalize_text,
    per_distinct,
)
from analyzer.pipelines.clean.repeats import find_respondent_repeats
from analyzer.themes.ledger import Ledger

__all__ = ["CLEAN_COLUMNS", "EMPTY_AFTER_CLEANING", "MIN_CAMPAIGN_COPIES", "NON_ANSWER_PHRASES",
           "PLAUSIBLE_LANGUAGES", "clean_comments", "cleaning_summary", "detect_languages",
           "find_campaigns", "find_respondent_repeats", "fingerprint", "is_non_answer",
           "normalize_text"]

EMPTY_AFTER_CLEANING = "empty after cleaning"
MIN_CAMPAIGN_COPIES = 3
"""A text needs this many copies (itself included) to be a campaign."""
CAMPAIGN_SEED = 1
"""Seed of the MinHash permutations (they only propose pairs; each pair is checked exactly)."""
CLEAN_COLUMNS = ("text", "is_non_answer", "language", "campaign_id", "campaign_size",
                 "respondent_repeat", "text_redacted")


def clean_comments(comments: pd.DataFrame, ledger: Ledger, config: CleaningConfig,
                   group_columns: Sequence[str] = ()) -> tuple[pd.DataFrame, Ledger]:
    """The comments with empty ones removed and `CLEAN_COLUMNS` added, and the ledger with
    rows whose every comment became empty marked dropped.

    Values of `group_columns` that name places ("Lincoln Park Elementary", "Eastview") are
    mentioned often in comments; name redaction leaves them visible. Other values (which
    could be people, such as a facilitator column) are not exempted.
    """
    if not isinstance(config, CleaningConfig):
        raise TypeError(f"config should be a CleaningConfig, got {type(config).__name__}")
    missing = [c for c in ("source", "row", "respondent_id", "text_original")
               if c not in comments.columns]
    if missing:
        raise ValueError(f"comments frame lacks columns {missing}; pass the frame from intake "
                         "(`Corpus.comments`)")
    text = np.asarray(normalize_many(comments["text_original"]), dtype=object)
    empty = text == ""
    ledger = ledger.with_drops(_rows_left_empty(comments, empty))

    cleaned = comments.loc[~empty].reset_index(drop=True)
    text = text[~empty]
    cleaned["text"] = pd.Series(text, dtype=str)
    keys = per_distinct(fingerprint, text)
    non_answer = np.fromiter(map(is_non_answer, text, keys), dtype=bool, count=len(text))
    cleaned["is_non_answer"] = non_answer
    cleaned["language"] = pd.Series(languages_of(text, keys), dtype=str)
    campaign_keys = np.where(non_answer, "", keys).astype(object)  # non-answers: 0 words
    campaigns = campaigns_of_keys(campaign_keys, config.campaign_min_words,
                                  config.campaign_similarity, MIN_CAMPAIGN_COPIES, CAMPAIGN_SEED)
    cleaned["campaign_id"] = pd.Series([c for c, _ in campaigns], dtype=str)
    cleaned["campaign_size"] = np.array([s for _, s in campaigns], dtype=np.int64)
    cleaned["respondent_repeat"] = find_respondent_repeats(
        cleaned["respondent_id"].astype(str), keys, config.campaign_similarity,
        eligible=~non_answer)
    places = _group_values(cleaned, group_columns)
    cleaned["text_redacted"] = pd.Series(
        _redacted(text, config.redact_names, places, cleaned["language"].to_numpy(),
                  config.phone_regions), dtype=str)
    return cleaned, ledger


def _rows_left_empty(comments: pd.DataFrame, empty: np.ndarray) -> pd.DataFrame:
    """(source, row, reason) of input rows whose comments all became empty."""
    if not empty.any():
        return pd.DataFrame(columns=["source", "row", "reason"])
    flags = pd.DataFrame({"source": comments["source"].to_numpy(),
                          "row": comments["row"].to_numpy(), "empty": empty})
    all_empty = flags.groupby(["source", "row"], sort=False)["empty"].all()
    drops = all_empty[all_empty].reset_index()[["source", "row"]]
    drops["reason"] = EMPTY_AFTER_CLEANING
    return drops


def _group_values(comments: pd.DataFrame, group_columns: Sequence[str]) -> list[str]:
    """Distinct values of the group columns that name places."""
    from analyzer.pipelines.pii import names_a_place

    values = pd.unique(pd.concat([comments[c].astype(str) for c in group_columns
                                  if c in comments.columns] or [pd.Series([], dtype=str)]))
    return sorted(v.strip() for v in values
                  if v.strip()[:1].isupper() and len(v.split()) <= 5 and names_a_place(v))


def _redacted(texts: np.ndarray, redact_names: bool, places: Sequence[str] = (),
              languages: np.ndarray | None = None,
              phone_regions: Sequence[str] | None = None) -> list[str]:
    """Texts with personal information replaced by placeholders, once per distinct text;
    `languages` (one per text) gives Spanish comments the Spanish name rules, and
    `phone_regions` (None: the redactor's default) the countries whose phone formats are read."""
    from analyzer.pipelines.pii import Redactor

    values = np.asarray(texts, dtype=object)
    if values.size == 0:
        return []
    codes, distinct = pd.factorize(values)
    language_of = None
    if languages is not None:  # a text's language depends on the text alone
        first = np.unique(codes, return_index=True)[1]
        language_of = [str(languages[i]) for i in first]
    regions = {} if phone_regions is None else {"phone_regions": tuple(phone_regions)}
    redactor = Redactor(redact_names=redact_names, keep=places, **regions)
    redacted = redactor.redact_many(list(distinct), language_of)
    return [redacted[c] for c in codes]


def cleaning_summary(cleaned: pd.DataFrame, *, top_non_answers: int = 10,
                     redact_names: bool = True) -> dict:
    """Counts for the method card and the dashboard, JSON-ready.

    Non-answers (with the most frequent wordings), campaigns (id, size, a redacted example
    copy), languages, how names were found, within-respondent repeats, and how campaigns
    were detected.
    """
    from analyzer.pipelines.pii import name_redaction_method

    n = len(cleaned)
    non_answer = cleaned["is_non_answer"].to_numpy(dtype=bool)
    wordings = cleaned.loc[non_answer, "text_redacted"].str.lower().value_counts()
    in_campaign = cleaned[cleaned["campaign_size"] > 0]
    campaigns = [{"campaign_id": str(cid), "size": int(len(copies)),
                  "example": str(copies["text_redacted"].iloc[0])}
                 for cid, copies in in_campaign.groupby("campaign_id", sort=True)]
    languages = cleaned["language"].value_counts()
    return {
        "comments": n,
        "non_answers": int(non_answer.sum()),
        "non_answer_wordings": {str(k): int(v) for k, v in wordings.head(top_non_answers).items()},
        "campaigns": campaigns,
        "comments_in_campaigns": int(len(in_campaign)),
        "languages": {str(k): int(v) for k, v in languages.items()},
        "name_redaction": name_redaction_method(languages.index) if redact_names else "off",
        "respondent_repeats": int(cleaned["respondent_repeat"].sum()),
        "campaign_method": (f"MinHash ({NUM_PERM} permutations, seed {CAMPAIGN_SEED}) of "
                            f"{SHINGLE_SIZE}-word shingles with LSH proposes similar texts; "
                            "copies are joined when the exact Jaccard similarity of their "
                            f"shingles reaches the threshold; at least {MIN_CAMPAIGN_COPIES} "
                            "copies make a campaign"),
    }
