"""Themes page: labels, sizes, keywords, redacted quotes, search, drill-down and a map."""

from __future__ import annotations

import plotly.express as px
import streamlit as st

from analyzer.dashboard.widgets import PALETTE, download_table, require_result
from analyzer.safe_text import escape_markdown, escape_plotly
from analyzer.themes.languages import language_name, languages_line


def show() -> None:
    st.title("Themes")
    result = require_result()
    if result is None:
        return
    table = result.themes_frame()
    languages = result.theme_languages()
    multilingual = languages["language"].nunique() > 1
    table["languages"] = [languages_line(languages, theme_id) for theme_id in table["theme_id"]]
    shown_columns = ["theme_id", "label", "size", "share", *(["languages"] if multilingual
                                                             else []), "keywords"]
    st.dataframe(table[shown_columns],
                 hide_index=True,
                 column_config={"share": st.column_config.NumberColumn(format="percent")})
    download_table(table, "themes", key="themes")

    language_of = dict(zip(result.comments["comment_id"].astype(str),
                           result.comments["language"].astype(str)))
    for theme in result.themes:
        if theme.theme_id < 0:
            continue
        with st.expander(f"{escape_markdown(theme.label)} — {theme.size} comments "
                         f"({theme.share:.0%})"):
            st.markdown("**Keywords:** " + escape_markdown(", ".join(theme.keywords[:8])))
            if multilingual:
                st.markdown("**Languages:** "
                            + escape_markdown(languages_line(languages, theme.theme_id)))
            for comment_id, quote in zip(theme.representative_comment_ids,
                                         theme.representative_quotes):
                marker = f" *({language_name(language_of.get(comment_id))})*" \
                    if multilingual else ""
                st.markdown(f"> {escape_markdown(quote)}{marker}")

    st.subheader("Read the comments")
    labels = {t.theme_id: t.label for t in result.themes}
    labels[-2] = "(no answer)"
    chosen = st.selectbox("Theme", list(labels), format_func=lambda i: labels[i])
    query = st.text_input("Search comment text")
    comments = result.comments
    shown = comments[comments["theme_id"] == chosen]
    if query:
        shown = comments[comments["text_redacted"].str.contains(query, case=False, regex=False)]
    columns = ["comment_id", *result.group_columns, "theme_label", "text_redacted"]
    st.dataframe(shown[columns].rename(columns={"text_redacted": "comment (redacted)"}),
                 hide_index=True, height=300)

    st.subheader("Map of comments")
    plotted = comments.dropna(subset=["map_x"])
    plotted = plotted[plotted["theme_id"] >= 0]
    plotted = plotted.assign(theme_label=plotted["theme_label"].map(escape_plotly),
                             text_redacted=plotted["text_redacted"].map(escape_plotly))
    figure = px.scatter(plotted, x="map_x", y="map_y", color="theme_label", symbol="theme_label",
                        hover_data={"text_redacted": True, "map_x": False, "map_y": False},
                        color_discrete_sequence=PALETTE, height=520,
                        labels={"theme_label": "Theme"})
    figure.update_traces(marker={"size": 6, "opacity": 0.75})
    figure.update_layout(xaxis_visible=False, yaxis_visible=False, legend_font_size=12)
    st.plotly_chart(figure, use_container_width=True)
    st.caption("Text alternative: each dot is a comment; comments close together say similar "
               "things. Colour and marker shape both show the theme; the table above lists "
               "the same themes with their sizes.")
    unplaced = int((comments["theme_id"] >= 0).sum()) - len(plotted)
    if unplaced:
        st.caption(f"{unplaced} comment(s) from a round added later are counted in their "
                   "themes but not drawn: the map belongs to the first fit.")


if __name__ == "__main__":
    show()
