"""The Groups and Present pages open on charts a meeting room can read, each with a text
alternative; the slide deck keeps Present mode's charts. Driven with AppTest on the same real
TF-IDF analysis of the sample as tests/test_dashboard.py."""

from __future__ import annotations

import dataclasses
import io
import json
import re

import pytest

pytest.importorskip("streamlit")
from pptx import Presentation  # noqa: E402

from analyzer.dashboard.widgets import PALETTE  # noqa: E402
from analyzer.pipelines.groups import group_statistics  # noqa: E402
from analyzer.reports import write_report  # noqa: E402
from analyzer.reports.findings import interval  # noqa: E402
from tests.dashboard_app import RESULT, is_code_style, page  # noqa: E402

GROUPS = RESULT.tables["groups"]
LARGEST = max((t for t in RESULT.themes if t.is_real), key=lambda t: t.size)
HOSTILE_GROUP = "<b>x</b>"


def in_order(node):
    """Every element under `node`, in the order the page shows them."""
    for child in getattr(node, "children", {}).values():
        yield child
        yield from in_order(child)


def contrast(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two '#rrggbb' colours."""
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def shares_of(theme_id: int) -> dict[str, str]:
    """Each group's share of a theme with its interval, as the page writes it."""
    rows = GROUPS[GROUPS["theme_id"] == theme_id]
    return {str(r.group): interval(r.share_of_group, r.ci_low, r.ci_high)
            for r in rows.itertuples()}


# -- Groups -----------------------------------------------------------------------------------

def test_groups_opens_on_a_legible_dot_plot_before_any_table():
    at = page("groups")
    kinds = [getattr(node, "type", None) for node in in_order(at.main)]
    assert "plotly_chart" in kinds and "dataframe" in kinds
    assert kinds.index("plotly_chart") < kinds.index("dataframe")
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    traces = spec["data"]
    assert [t["name"] for t in traces] == list(dict.fromkeys(GROUPS["group"].astype(str)))
    assert all(t["type"] == "scatter" and t["error_x"]["array"] for t in traces)
    assert [t["marker"]["color"] for t in traces] == PALETTE[:len(traces)]
    assert len({t["marker"]["symbol"] for t in traces}) == len(traces)  # not colour alone
    layout = spec["layout"]
    assert layout["font"]["size"] >= 14 and layout["xaxis"]["tickfont"]["size"] >= 14
    assert contrast(layout["font"]["color"], layout["paper_bgcolor"]) >= 4.5
    assert contrast(layout["font"]["color"], layout["plot_bgcolor"]) >= 4.5
    assert LARGEST.label in layout["yaxis"]["ticktext"]
    # the Present charts and the slides give each group the same colour as this page


def test_no_table_on_groups_has_a_code_style_header():
    at = page("groups")
    headers = [str(c) for frame in at.dataframe for c in frame.value.columns]
    assert headers and not [h for h in headers if is_code_style(h)], headers
    assert "Share of the group" in headers
    first = at.dataframe[0].value
    number = r"\d+(\.\d)?"
    assert first["Share of the group"].str.fullmatch(rf"{number}% \({number}–{number}%\)").all()
    assert first["Theme"].iloc[0] == LARGEST.label  # largest theme first


def test_the_groups_chart_in_words_gives_every_groups_share_of_a_theme():
    at = page("groups")
    words = next(e for e in at.expander if e.label == "The chart in words")
    text = "\n".join(m.value for m in words.markdown).replace("\\", "")  # Markdown escapes
    line = next(line for line in text.splitlines() if line.startswith(f"- {LARGEST.label}:"))
    expected = shares_of(LARGEST.theme_id)
    assert len(expected) >= 2
    for group, share in expected.items():
        assert f"{group} {share}" in line, (group, share, line)
    alt = at.get("plotly_chart")[0].proto.alt
    assert all(f"{group} {share}" in alt for group, share in expected.items())


def hostile_result():
    """The sample's analysis with its Teachers renamed to HTML, group tables recomputed."""
    comments = RESULT.comments.copy()
    role = RESULT.group_columns[0]
    comments[role] = comments[role].replace({"Teacher": HOSTILE_GROUP})
    tables = group_statistics(comments, RESULT.themes, RESULT.group_columns, None, RESULT.config)
    return dataclasses.replace(RESULT, comments=comments, tables={**RESULT.tables, **tables})


def test_a_group_named_in_html_is_shown_as_text_on_charts():
    result = hostile_result()
    assert HOSTILE_GROUP in set(result.tables["groups"]["group"])
    at = page("groups", result=result)
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    names = [trace["name"] for trace in spec["data"]]
    assert "&lt;b&gt;x&lt;/b&gt;" in names and HOSTILE_GROUP not in names
    assert "<b>" not in json.dumps(spec)
    assert HOSTILE_GROUP in set(at.dataframe[0].value["Group"])  # a table cell is plain text
    at = page("present", result=result)
    at.button[1].click().run()
    caption = next(c.value for c in at.caption if c.value.startswith("Text alternative"))
    assert "\\<b\\>x\\<\\/b\\>" in caption  # Markdown shows the tag, never renders it


# -- Present ----------------------------------------------------------------------------------

def test_present_shows_a_chart_with_its_numbers_on_the_summary_and_theme_screens():
    at = page("present")
    assert at.image, "the summary screen draws the themes' shares"
    alt = at.image[0].proto.imgs[0].alt
    assert f"{LARGEST.label}: {interval(LARGEST.share, *_theme_interval())}" in alt
    assert any(c.value.startswith("Text alternative") for c in at.caption)
    at.button[1].click().run()
    assert any(m.value.startswith(f"# 1. {LARGEST.label}") for m in at.markdown)
    alt = at.image[0].proto.imgs[0].alt
    for group in shares_of(LARGEST.theme_id):
        assert group in alt
    rows = GROUPS[GROUPS["theme_id"] == LARGEST.theme_id]
    first = rows.iloc[0]
    share = interval(first["share_of_group"], first["ci_low"], first["ci_high"])
    assert f"{first['group']}: {share}" in alt


def _theme_interval() -> tuple[float, float]:
    from analyzer.pipelines.compare import wilson_interval

    return wilson_interval(LARGEST.size, RESULT.method["comments"]["answered"])


def test_the_deck_keeps_present_modes_charts_with_alt_text(tmp_path):
    deck = Presentation(str(write_report(RESULT, "pptx", output=tmp_path / "deck.pptx")))
    slides = {s.shapes[0].text_frame.text: s for s in deck.slides}
    overview = next(s for title, s in slides.items() if title.startswith("Largest theme"))
    alt = [p._element.nvPicPr.cNvPr.get("descr") for p in overview.shapes if p.shape_type == 13]
    assert alt and "95% intervals" in alt[0] and LARGEST.label in alt[0]
    title = next(t for t in slides if t.startswith(f"1. {LARGEST.label}:"))
    pictures = [p for p in slides[title].shapes if p.shape_type == 13]
    assert len(pictures) == 1
    alt = pictures[0]._element.nvPicPr.cNvPr.get("descr")
    rows = GROUPS[GROUPS["theme_id"] == LARGEST.theme_id]
    for row in rows.itertuples():
        assert f"{row.group}: {interval(row.share_of_group, row.ci_low, row.ci_high)}" in alt
    text = " ".join(s.text_frame.text for s in slides[title].shapes if s.has_text_frame)
    assert LARGEST.representative_quotes[0][:60] in text
    image = pictures[0].image.blob
    from PIL import Image

    assert Image.open(io.BytesIO(image)).size[0] >= 900  # drawn large enough for a slide
    theme_slides = [t for t in slides if re.match(r"\d+\. ", t)]
    assert len(theme_slides) == min(10, sum(t.is_real for t in RESULT.themes))
