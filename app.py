"""Dashboard entry point: it only routes. Each page is a small module over the library."""

import streamlit as st

from analyzer.dashboard import pages, state

st.set_page_config(page_title="Feedback theme analyzer", layout="wide")
state.initialise()
st.navigation(pages.all_pages()).run()
