"""Groups page: how often each group raised each theme."""

from __future__ import annotations

import plotly.express as px
import streamlit as st

from analyzer.dashboard.widgets import download_table, require_result


def show() -> None:
    st.title("Groups")
    result = require_result()
    if result is None:
        return
    table = result.tables.get("groups")
    if table is None:
        st.info("No group column was chosen on the **Data** page, so there is nothing to compare.")
        return
    labels = {t.theme_id: t.label for t in result.themes}
    labels[-2] = "(no answer)"
    shown = table.assign(theme=table["theme_id"].map(labels))
    st.markdown("Share of each group's comments that raised each theme, with a 95 % "
                "confidence interval.")
    pivot = shown.pivot_table(index="theme", columns="group", values="share_of_group")
    figure = px.imshow(pivot, color_continuous_scale="cividis", aspect="auto", text_auto=".0%",
                       labels={"color": "share of group"}, height=max(400, 28 * len(pivot)))
    st.plotly_chart(figure, use_container_width=True)
    st.caption("Text alternative: the table below holds every number in the heat map; "
               "darker cells are smaller shares, and each cell prints its value.")
    st.dataframe(shown, hide_index=True)
    download_table(shown, "groups", key="groups")
