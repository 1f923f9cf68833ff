"""The dashboard's pages, in the order a user meets them.

Each page is a module with a `show()` function, registered by file so that tests can open it
(`AppTest.switch_page("analyzer/dashboard/pages/themes.py")`); the file calls `show()` when
Streamlit runs it as a page. A user is offered only the pages their role allows
(`analyzer.dashboard.access`); the others are not registered, so no URL reaches them.
"""

from pathlib import Path

import streamlit as st

HERE = Path(__file__).resolve().parent

PAGES = (("data", "Data"), ("run", "Run"), ("themes", "Themes"), ("groups", "Groups"),
         ("voices", "Voices"), ("agreement", "Agreement"), ("rounds", "Rounds"),
         ("transparency", "Transparency"), ("present", "Present"), ("curate", "Curate"),
         ("projects", "Projects"))
"""(module, title) pairs, in menu order."""


def all_pages(allowed: tuple[str, ...]) -> list:
    """The pages named in `allowed`, in menu order; the first of them opens by default."""
    names = [(name, title) for name, title in PAGES if name in allowed]
    start = "data" if "data" in allowed else "projects"
    return [st.Page(HERE / f"{name}.py", title=title, url_path=name, default=name == start)
            for name, title in names]
