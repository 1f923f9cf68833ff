"""The language of each comment as a voice: a group attribute and a count per theme.

People who answer in another language are often the ones a consultation most needs to hear.
When a corpus holds more than one language, "Language of comment" becomes a group attribute
like any column the user chose (common ground, distinctive and hidden themes, Voices,
rounds), and every theme says how many of its comments were written in each language.

Languages are ISO 639-1 codes as the cleaning stage detects them; "und" marks a comment too
short or too unclear to tell, shown as `UNDETERMINED_NAME`.
"""

from __future__ import annotations

from typing import Sequence

import pandas as pd

LANGUAGE_ATTRIBUTE = "Language of comment"
"""The group attribute holding each comment's detected language, by name."""
UNDETERMINED = "und"
UNDETERMINED_NAME = "Too short to tell"

LANGUAGE_NAMES = {
    "en": "English", "es": "Spanish", "zh": "Chinese", "vi": "Vietnamese", "ko": "Korean",
    "tl": "Tagalog", "ar": "Arabic", "fr": "French", "ru": "Russian", "pt": "Portuguese",
    "ht": "Haitian Creole", "so": "Somali", "hi": "Hindi", "bn": "Bengali", "pa": "Punjabi",
    "gu": "Gujarati", "ta": "Tamil", "te": "Telugu", "th": "Thai", "lo": "Lao", "km": "Khmer",
    "my": "Burmese", "ka": "Georgian", "hy": "Armenian", "he": "Hebrew", "am": "Amharic",
    "el": "Greek", "ja": "Japanese", "de": "German", "it": "Italian", "uk": "Ukrainian",
    "fa": "Persian", "ur": "Urdu", "pl": "Polish", "tr": "Turkish", "nl": "Dutch",
    "id": "Indonesian", "da": "Danish", "sv": "Swedish", "no": "Norwegian", "ro": "Romanian",
    "hr": "Croatian", "sr": "Serbian", "sw": "Swahili", UNDETERMINED: UNDETERMINED_NAME,
}
"""English names of the languages the cleaning stage can detect (others show their code)."""


def language_name(code: object) -> str:
    """A language's English name from its code; unknown codes as written.

    >>> language_name("es"), language_name("und"), language_name("xx")
    ('Spanish', 'Too short to tell', 'xx')
    """
    text = "" if code is None or (isinstance(code, float) and code != code) else str(code)
    return LANGUAGE_NAMES.get(text, text or UNDETERMINED_NAME)


def is_multilingual(languages: Sequence[str] | pd.Series, min_comments: int = 1) -> bool:
    """Whether a language other than the main one holds at least `min_comments` comments
    (a smaller language would only be merged into "Other" by small-group suppression).

    >>> is_multilingual(["en"] * 30 + ["es"] * 3, min_comments=10)
    False
    """
    main = main_language(languages)
    counts = pd.Series([str(code) for code in languages], dtype=object).value_counts()
    return bool((counts.drop([main, UNDETERMINED], errors="ignore") >= min_comments).any())


def main_language(languages: Sequence[str] | pd.Series) -> str:
    """The most common determined language (ties by code); English when none is determined.

    >>> main_language(["es", "en", "und", "es", "en"]), main_language(["und"])
    ('en', 'en')
    """
    counts: dict[str, int] = {}
    for code in languages:
        if str(code) != UNDETERMINED:
            counts[str(code)] = counts.get(str(code), 0) + 1
    if not counts:
        return "en"
    return min(counts, key=lambda code: (-counts[code], code))


def with_language_attribute(comments: pd.DataFrame) -> pd.DataFrame:
    """`comments` with the `LANGUAGE_ATTRIBUTE` column: each comment's language by name
    (a column of that name already in the data is the user's, and is kept)."""
    if LANGUAGE_ATTRIBUTE in comments:
        return comments
    return comments.assign(**{LANGUAGE_ATTRIBUTE: comments["language"].map(language_name)})


def theme_languages(comments: pd.DataFrame) -> pd.DataFrame:
    """Comments per theme and language: theme_id, language, language_name, count,
    share_of_theme. Every comment counts (campaign copies too), as theme sizes do; the
    rows of a theme run from its largest language down, ties by code."""
    columns = ["theme_id", "language", "language_name", "count", "share_of_theme"]
    if comments.empty or "language" not in comments:
        return pd.DataFrame(columns=columns)
    counts = (comments.assign(language=comments["language"].fillna(UNDETERMINED).astype(str))
              .groupby(["theme_id", "language"]).size().rename("count").reset_index())
    counts["share_of_theme"] = counts["count"] / counts.groupby("theme_id")["count"].transform(
        "sum")
    counts["language_name"] = counts["language"].map(language_name)
    counts = counts.sort_values(["theme_id", "count", "language"],
                                ascending=[True, False, True], kind="stable")
    return counts[columns].reset_index(drop=True)


def languages_line(counts: pd.DataFrame, theme_id: int, *, by_name: bool = True) -> str:
    """One theme's languages on a line, largest first: "English 120, Spanish 8", or by code
    for a CSV cell ("en 120; es 8"). `counts` is a `theme_languages` table; an empty string
    when the theme has none."""
    rows = counts[counts["theme_id"] == theme_id]
    names = rows["language_name"] if by_name else rows["language"]
    separator = ", " if by_name else "; "
    return separator.join(f"{name} {int(count)}" for name, count in zip(names, rows["count"]))
