"""The Themes page, pictures first, driven with AppTest on the real TF-IDF analysis of
tests/test_dashboard.py: the chart of shares, a theme's card, the comment explorer, the map."""

from __future__ import annotations

import base64
import io
import json
import re

import numpy as np
import pytest

pytest.importorskip("streamlit")

from analyzer.dashboard.explorer import matching_comments  # noqa: E402
from analyzer.pipelines.curate import rename_theme  # noqa: E402
from analyzer.reports.theme_map import theme_map_chart  # noqa: E402
from analyzer.themes.summaries import split_sentences  # noqa: E402
from tests.dashboard_app import RESULT, page  # noqa: E402

COMMENT = "Comment (personal details hidden)"
HOSTILE = "<b>x</b> [a](http://x) $\\notacommand$"


def in_order(at):
    """The element types of the main area, in the order a reader meets them."""
    found = []

    def walk(node):
        for child in getattr(node, "children", {}).values():
            found.append(child.type)
            walk(child)
    walk(at.main)
    return found


def charts(at) -> list[dict]:
    return [json.loads(element.proto.spec) for element in at.get("plotly_chart")]


def numbers(values) -> np.ndarray:
    """A plotly array from a chart's JSON: a list, or typed ({"dtype", "bdata"}) base64."""
    if isinstance(values, dict):
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"])
    return np.asarray(values, dtype=float)


def comments_table(at):
    return next(d.value for d in at.dataframe if COMMENT in d.value.columns)


def unescaped(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


@pytest.fixture(scope="module")
def themes_page():
    return page("themes")


def test_the_page_opens_on_the_themes_by_share_with_intervals_before_any_table(themes_page):
    kinds = in_order(themes_page)
    assert "plotly_chart" in kinds and kinds.index("plotly_chart") < kinds.index(
        "dataframe")
    dots = charts(themes_page)[0]["data"][0]
    real = sorted((t for t in RESULT.themes if t.is_real), key=lambda t: (-t.size, t.theme_id))
    assert [label.replace("<br>", " ") for label in dots["y"]] == [t.label for t in real]
    assert np.allclose(numbers(dots["x"]), [t.share for t in real])
    assert min(numbers(dots["error_x"]["array"])) > 0
    assert min(numbers(dots["error_x"]["arrayminus"])) > 0
    alternative = next(c.value for c in themes_page.caption
                       if c.value.startswith("Text alternative: the share"))
    for theme in real:
        assert f"{theme.share:.0%}".rstrip("%") in alternative
        assert unescaped(theme.label) in unescaped(alternative)


def test_the_card_gives_a_sentence_of_the_themes_own_comments_and_its_groups(themes_page):
    at = themes_page
    for theme_id in at.selectbox(key="theme_card").options[:1] + ["Gracias"]:
        if theme_id == "Gracias":  # the theme of the Spanish comments' thanks
            theme = next(t for t in RESULT.themes if "gracias" in t.label.lower())
            at.selectbox(key="theme_card").set_value(theme.theme_id).run()
        else:
            theme = next(t for t in RESULT.themes if t.label == theme_id)
        assert not at.exception
        line = next(m.value for m in at.markdown if m.value.startswith("**In one sentence**"))
        sentence = unescaped(line.split("“", 1)[1].rstrip("”"))
        own = RESULT.comments_in(theme.theme_id)["text_redacted"]
        assert any(sentence in split_sentences(text) for text in own)
        assert 8 <= len(sentence.split()) <= 30
        keywords = next(m.value for m in at.markdown if m.value.startswith("**Keywords:**"))
        assert unescaped(theme.keywords[0]) in unescaped(keywords)
        groups = RESULT.tables["groups"]
        mine = groups[groups["theme_id"] == theme.theme_id]
        breakdown = next(c.value for c in at.caption if "share of each group" in c.value)
        for group in mine["group"]:
            assert group in unescaped(breakdown)
    spanish = mine.set_index("group")["share_of_group"]
    assert spanish.idxmax() == "Spanish-speaking family"  # the Gracias theme's own group
    assert charts(at)[1]["data"][0]["y"][0] == "Spanish-speaking family"


def test_the_explorer_shows_only_the_comments_matching_words_group_and_round():
    at = page("themes")
    at.text_input(key="explore_words").input("bus").run()
    shown = comments_table(at)
    assert len(shown) == len(matching_comments(RESULT.comments, words="bus")) > 0
    assert shown[COMMENT].str.lower().str.contains("bus").all()
    at.multiselect(key="explore_group_Role").select("Parent").run()
    shown = comments_table(at)
    assert len(shown) > 0 and set(shown["Role"]) == {"Parent"}
    assert shown[COMMENT].str.lower().str.contains("bus").all()
    at.multiselect(key="explore_round").select("Fall 2026").run()
    shown = comments_table(at)
    expected = RESULT.comments[RESULT.comments["text_redacted"].str.contains("bus", case=False)
                               & (RESULT.comments["Role"] == "Parent")
                               & (RESULT.comments["Round"] == "Fall 2026")]
    assert sorted(shown[COMMENT]) == sorted(expected["text_redacted"])
    bus = next(t for t in RESULT.themes if t.label == "Bus")
    at.selectbox(key="explore_theme").set_value(bus.theme_id).run()
    assert set(comments_table(at)["Theme"]) == {"Bus"}


def test_the_explorer_filters_by_language_and_takes_search_words_as_text():
    comments = RESULT.comments
    spanish = matching_comments(comments, languages=["es"])
    assert len(spanish) == (comments["language"] == "es").sum() > 0
    assert matching_comments(comments, words="[a-z]+ .*").empty  # no pattern: read as text
    both = matching_comments(comments, words="BUS stop")
    assert both["text_redacted"].str.lower().map(lambda t: "bus" in t and "stop" in t).all()


def test_the_map_has_theme_names_on_it_and_its_button_downloads_a_png(monkeypatch):
    from streamlit.testing.v1 import app_test

    managers = []

    class Recorded(app_test.MediaFileManager):  # the real one, remembered for the test
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            managers.append(self)

    monkeypatch.setattr(app_test, "MediaFileManager", Recorded)
    at = page("themes")
    the_map = charts(at)[-1]
    written = {a["text"].replace("<br>", " ") for a in the_map["layout"]["annotations"]}
    assert written == {t.label for t in RESULT.themes if t.is_real}
    button = next(b.proto for b in at.get("download_button")
                  if b.proto.label == "Download the map (PNG)")
    manager = managers[-1]
    url = manager.execute_deferred(button.deferred_file_id)
    png = manager.read_file(url.rsplit("/", 1)[-1]).content
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    from matplotlib.image import imread

    assert imread(io.BytesIO(png)).shape[:2] == (1200, 1800)


def test_the_png_map_leaves_out_comments_without_a_place_and_reads_names_as_text(
        monkeypatch):
    from analyzer.errors import DataError
    from analyzer.reports import theme_map

    drawn = {}
    save = theme_map._png

    def seen(figure, dpi):  # what the figure holds when it is saved
        drawn["names"] = [t.get_text().replace("\n", " ") for t in figure.axes[0].texts]
        drawn["dots"] = sum(len(c.get_offsets()) for c in figure.axes[0].collections)
        return save(figure, dpi)

    monkeypatch.setattr(theme_map, "_png", seen)
    x = [0.0, 1.0, float("nan"), 0.5]
    png = theme_map_chart(x, [0.0, 1.0, 2.0, 0.5], [HOSTILE, HOSTILE, "later", "b"])
    assert png.startswith(b"\x89PNG")
    assert drawn["dots"] == 3 and sorted(drawn["names"]) == sorted([HOSTILE, "b"])
    with pytest.raises(DataError, match="one position"):
        theme_map_chart([0.0], [0.0, 1.0], ["a"])


def test_hostile_labels_are_shown_as_text_in_charts_and_markdown():
    theme = max((t for t in RESULT.themes if t.is_real), key=lambda t: t.size)
    hostile = rename_theme(RESULT, theme.theme_id, HOSTILE, who="tester")
    at = page("themes", result=hostile)
    specs = json.dumps(charts(at))
    assert "<b>x</b>" not in specs and "&lt;b&gt;x&lt;/b&gt;" in specs
    texts = [e.value for kind in ("markdown", "caption", "subheader") for e in getattr(at, kind)]
    assert not any("[a](http://x)" in text or "<b>" in text for text in texts)
    assert any(HOSTILE in unescaped(text) for text in texts)
