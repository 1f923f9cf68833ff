"""Streamlit pages over the library: layout and session state only, no analysis logic."""
