"""Dashboard entry point: it only routes. Each page is a small module over the library.

Nothing is shown until `gate.signed_in_user()` says who is using this session; it also
refuses to serve other machines when no sign-in is configured.
"""

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # models load from local files only

import streamlit as st  # noqa: E402

from analyzer.dashboard import gate, pages, state, widgets  # noqa: E402

st.set_page_config(page_title="Feedback theme analyzer", layout="wide")
state.initialise()
user = gate.signed_in_user()
if user is not None:
    widgets.show_ids_option()
    st.navigation(pages.all_pages(user.pages)).run()
