"""The dashboard's pages, in the order a user meets them.

Each page is a module with a `show()` function, registered by file so that tests can open it
(`AppTest.switch_page("analyzer/dashboard/pages/themes.py")`); the file calls `show()` when
Streamlit runs it as a page.
"""

from pathlib import Path

import streamlit as st

HERE = Path(__file__).resolve().parent

PAGES = (("data", "Data"), ("run", "Run"), ("themes", "Themes"), ("groups", "Groups"),
         ("voices", "Voices"), ("rounds", "Rounds"), ("transparency", "Transparency"),
         ("present", "Present"), ("curate", "Curate"))
"""(module, title) pairs, in menu order."""


def all_pages() -> list:
    return [st.Page(HERE / f"{name}.py", title=title, url_path=name, default=index == 0)
            for index, (name, title) in enumerate(PAGES)]
