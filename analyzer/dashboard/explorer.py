"""The comment explorer on the Themes page: read the comments by words, theme, group, round
and language.

`matching_comments` is the filter itself (no Streamlit), `show_explorer` its widgets. The
table shows the redacted text only, with plain headers (`widgets.show_table`); the download
beside it keeps the machine column names of the CLI's comments file.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import pandas as pd
import streamlit as st

from analyzer.dashboard.widgets import download_table, show_table
from analyzer.safe_text import escape_markdown
from analyzer.themes.languages import LANGUAGE_ATTRIBUTE, language_name
from analyzer.themes.theme import NON_ANSWER_ID, NON_ANSWER_LABEL

ALL_THEMES = "All themes"


def matching_comments(comments: pd.DataFrame, *, words: str = "",
                      theme_ids: Sequence[int] = (),
                      groups: Mapping[str, Sequence[str]] | None = None,
                      round_column: str | None = None, rounds: Sequence[str] = (),
                      languages: Sequence[str] = ()) -> pd.DataFrame:
    """The comments holding every one of `words` (as written, case aside: the text is data,
    not a pattern), on one of `theme_ids`, in one of the chosen values of each group column
    in `groups`, of one of `rounds` and written in one of `languages` (codes). An empty
    choice does not filter."""
    keep = pd.Series(True, index=comments.index)
    text = comments["text_redacted"].astype(str)
    for word in words.split():
        keep &= text.str.contains(word, case=False, regex=False)
    if theme_ids:
        keep &= comments["theme_id"].isin(list(theme_ids))
    for column, values in (groups or {}).items():
        if values:
            keep &= comments[column].astype(str).isin([str(v) for v in values])
    if round_column and rounds:
        keep &= comments[round_column].astype(str).isin([str(r) for r in rounds])
    if languages:
        keep &= comments["language"].astype(str).isin(list(languages))
    return comments[keep]


def show_explorer(result) -> None:
    comments = result.comments
    labels = {t.theme_id: t.label for t in result.themes}
    labels[NON_ANSWER_ID] = NON_ANSWER_LABEL
    theme_ids = [i for i in labels if (comments["theme_id"] == i).any()]
    top = st.columns(2)
    words = top[0].text_input("Search words", key="explore_words",
                              help="Comments holding every word typed here, in any case.")
    theme = top[1].selectbox("Theme", [ALL_THEMES, *theme_ids], key="explore_theme",
                             format_func=lambda i: i if i == ALL_THEMES else labels[i])
    filters = [column for column in result.group_columns if column != LANGUAGE_ATTRIBUTE]
    round_column = result.round_column if result.round_column in comments else None
    languages = _values(comments["language"])
    multilingual = len(languages) > 1
    boxes = st.columns(max(1, len(filters) + bool(round_column) + multilingual))
    chosen_groups = {column: box.multiselect(escape_markdown(column), _values(comments[column]),
                                             key=f"explore_group_{column}",
                                             placeholder="Every group")
                     for column, box in zip(filters, boxes)}
    chosen_rounds: list = []
    if round_column:
        chosen_rounds = boxes[len(filters)].multiselect(
            "Round", _round_order(result), key="explore_round", placeholder="Every round")
    chosen_languages: list = []
    if multilingual:
        chosen_languages = boxes[-1].multiselect("Language", languages, key="explore_language",
                                                 format_func=language_name,
                                                 placeholder="Every language")
    shown = matching_comments(
        comments, words=words, theme_ids=() if theme == ALL_THEMES else (theme,),
        groups=chosen_groups, round_column=round_column, rounds=chosen_rounds,
        languages=chosen_languages)
    st.caption(f"{len(shown):,} of {len(comments):,} comments match. Personal details are "
               "hidden ([NAME], [PHONE], ...).")
    columns = ["comment_id", "theme_label", *filters,
               *([round_column] if round_column else []), "text_redacted"]
    readable = shown[columns]
    if multilingual:
        readable = readable.assign(language=shown["language"].map(language_name))
        readable = readable[[*columns[:-1], "language", "text_redacted"]]
    show_table(readable, height=360)
    download_table(shown[["comment_id", "theme_id", *columns[1:-1], "language",
                          "text_redacted"]], "comments", key="explore")


def _values(column: pd.Series) -> list[str]:
    return sorted(column.dropna().astype(str).unique())


def _round_order(result) -> list[str]:
    """The rounds in the analysis's own order (`method["round_order"]`), any others after."""
    present = _values(result.comments[result.round_column])
    order = [str(r) for r in result.method.get("round_order") or () if str(r) in present]
    return order + [r for r in present if r not in order]

