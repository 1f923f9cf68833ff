"""The dashboard's pages, in the order a user meets them."""

import streamlit as st

from analyzer.dashboard.pages import data, groups, run, themes


def all_pages() -> list:
    return [
        st.Page(data.show, title="Data", url_path="data", default=True),
        st.Page(run.show, title="Run", url_path="run"),
        st.Page(themes.show, title="Themes", url_path="themes"),
        st.Page(groups.show, title="Groups", url_path="groups"),
    ]
