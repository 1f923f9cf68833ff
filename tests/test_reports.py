"""Reports: open the generated HTML, XLSX and PPTX and check what a reader would see.

Most tests use one real analysis (TF-IDF embedder, synthetic comments with two groups, two
rounds, a fake e-mail address and two injection attempts), run once per module; a few use a
small hand-built `ReportData` to reach cases the pipeline cleans away (script tags in labels).
"""

from __future__ import annotations

import datetime as dt
import re

import lxml.html
import numpy as np
import openpyxl
import pandas as pd
import pytest
from markdown_it import MarkdownIt
from pptx import Presentation
from pptx.util import Pt

from analyzer import AnalysisConfig, ColumnRoles, FeedbackAnalyzer, read_inputs, write_outputs
from analyzer.cli import main
from analyzer.errors import ConfigError
from analyzer.pipelines.write import FORMULA_PREFIXES
from analyzer.reports import ReportData, write_report, write_responses
from analyzer.reports.charts import heat_map_chart, rounds_chart, theme_sizes_chart
from analyzer.reports.data import read_csv, restore_cell
from analyzer.reports.html import render_html
from analyzer.reports.method_card import limitations, method_card_markdown
from analyzer.themes.responses import ResponseEntry, ResponseLog
from analyzer.themes.statistics import STATISTICS
from analyzer.themes.theme import Theme
from tests.conftest import synthetic_feedback

FORMULA = '=HYPERLINK("http://evil.example","x")'
SCRIPT = "<script>alert(1)</script>"
EMAIL = "jane.doe@example.com"
PNG = b"\x89PNG\r\n\x1a\n"


# -- one real analysis for the module -------------------------------------------------------

@pytest.fixture(scope="module")
def analysis(tmp_path_factory):
    """(result, outdir, responses) from the real library on synthetic comments."""
    folder = tmp_path_factory.mktemp("reports")
    frame = synthetic_feedback(n_per_topic=12)
    frame["round"] = np.where(np.arange(len(frame)) % 2, "Spring", "Autumn")
    frame.loc[0, "comment"] = f"{FORMULA} the school bus is always late in the morning"
    frame.loc[1, "comment"] = (f"{SCRIPT} school lunch food is cold, write to {EMAIL} about "
                               "the cafeteria")
    frame.loc[2, "comment"] = f"Please email {EMAIL}: bullying in the hallways is bad"
    path = folder / "survey.csv"
    frame.drop(columns=["topic"]).to_csv(path, index=False)
    roles = ColumnRoles(text=("comment",), groups=("role",), round="round")
    result = FeedbackAnalyzer(AnalysisConfig(embedder="tfidf", n_themes=3),
                              use_cache=False).fit(read_inputs([path], roles))
    outdir = folder / "out"
    write_outputs(result, outdir)
    largest = max((t for t in result.themes if t.is_real), key=lambda t: t.size)
    responses = ResponseLog().add(ResponseEntry(
        largest.theme_id, largest.label, "adopted", "Extra staff from September.",
        "Raised by every group.", dt.date(2024, 5, 1))).add(ResponseEntry(
            -99, "A theme from last round", "not adopted", f"{FORMULA} No budget this year.",
            "", dt.date(2024, 5, 2)))
    write_responses(responses, outdir)
    return result, outdir, responses


@pytest.fixture(scope="module")
def reports(analysis):
    _, outdir, _ = analysis
    return {fmt: write_report(outdir, fmt) for fmt in ("html", "xlsx", "pptx")}


def real_themes(result):
    return sorted((t for t in result.themes if t.is_real), key=lambda t: -t.size)


# -- the data behind every report -----------------------------------------------------------

def test_from_result_and_from_outdir_give_the_same_content(analysis):
    result, outdir, responses = analysis
    in_memory = ReportData.from_result(result, responses)
    on_disk = ReportData.from_outdir(outdir)
    assert in_memory.themes == on_disk.themes
    pd.testing.assert_frame_equal(in_memory.assignments, on_disk.assignments)
    assert in_memory.tables.keys() == on_disk.tables.keys()
    for name in in_memory.tables:
        pd.testing.assert_frame_equal(in_memory.tables[name], on_disk.tables[name],
                                      check_exact=False, obj=name)
    assert dict(in_memory.method) == dict(on_disk.method)
    assert in_memory.responses == on_disk.responses == responses
    assert on_disk.group_columns == ("role",) and on_disk.round_column == "round"


def test_report_data_holds_redacted_text_only(analysis):
    result, outdir, _ = analysis
    data = ReportData.from_outdir(outdir)
    assert "text_original" not in data.assignments.columns
    assert "text" not in data.assignments.columns
    texts = " ".join(data.assignments["text_redacted"])
    assert EMAIL not in texts and "[EMAIL]" in texts
    # the neutralised formula reads back as the participant wrote it (redacted URL)
    assert data.assignments["text_redacted"].str.startswith("=HYPERLINK(").any()
    assert all(EMAIL not in q for t in data.themes for q in t.representative_quotes)
    assert [t.label for t in data.real_themes] == [t.label for t in real_themes(result)]


@pytest.mark.parametrize("stored, restored", [
    ("'=1+2", "=1+2"), ("'+44 20", "+44 20"), ("'-x", "-x"), ("'@here", "@here"),
    ("'\tx", "\tx"), ("'quoted'", "'quoted'"), ("'", "'"), ("plain", "plain"), (3, 3)])
def test_restore_cell_undoes_only_neutralisation(stored, restored):
    assert restore_cell(stored) == restored


def test_read_csv_keeps_text_as_written(tmp_path):
    path = tmp_path / "groups.csv"
    path.write_text("theme_id,group,count,share_of_group\n0,NA,3,0.5\n0,007,,0.25\n"
                    "1,'=SUM(A1),1.0,\n", encoding="utf-8")
    frame = read_csv(path)
    assert frame["group"].tolist() == ["NA", "007", "=SUM(A1)"]
    assert frame["theme_id"].dtype == np.int64
    assert np.isnan(frame.loc[1, "count"]) and frame.loc[2, "count"] == 1.0


def test_from_outdir_explains_a_wrong_folder(tmp_path):
    with pytest.raises(ConfigError, match=r"lacks themes.csv, assignments.csv, method.json"):
        ReportData.from_outdir(tmp_path)
    with pytest.raises(ConfigError, match=r"is not a folder"):
        ReportData.from_outdir(tmp_path / "missing")


# -- HTML -------------------------------------------------------------------------------------

def parse(path):
    return lxml.html.fromstring(path.read_text(encoding="utf-8"))


def test_html_has_every_section_with_content(analysis, reports):
    result, _, _ = analysis
    page = parse(reports["html"])
    ids = [s.get("id") for s in page.xpath("//section")]
    assert ids == ["summary", "themes", "common-ground", "groups", "voices", "rounds",
                   "responses", "method"]
    assert page.xpath("string(//h1)") == "What we heard"
    theme_headings = page.xpath("//section[@id='themes']//h3/text()")
    assert theme_headings == [t.label for t in real_themes(result)]
    largest = real_themes(result)[0]
    summary = page.xpath("string(//section[@id='summary'])")
    assert f"“{largest.label}” ({largest.share:.0%})" in summary
    assert f"{len(result.comments)}" in summary
    groups = page.xpath("string(//section[@id='groups'])")
    assert "Parent" in groups and "Student" in groups
    rounds = page.xpath("string(//section[@id='rounds'])")
    assert page.xpath("//section[@id='rounds']//img")
    assert "Autumn" in page.xpath("//section[@id='rounds']//img/@alt")[0]
    assert "Spring" in page.xpath("//section[@id='rounds']//img/@alt")[0] or "Spring" in rounds


def test_html_quotes_are_redacted_and_from_the_theme(analysis, reports):
    result, _, _ = analysis
    page = parse(reports["html"])
    quotes = [q.text_content() for q in page.xpath("//section[@id='themes']//blockquote")]
    expected = [q for t in real_themes(result) for q in t.representative_quotes]
    assert quotes == expected and quotes
    assert EMAIL not in reports["html"].read_text(encoding="utf-8")


def test_html_method_section_has_seed_hash_and_statistics(analysis, reports):
    result, _, _ = analysis
    method = parse(reports["html"]).xpath("//section[@id='method']")[0]
    rows = {tr.xpath("string(th)"): tr.xpath("string(td)") for tr in method.xpath(".//tr")}
    assert rows["seed"] == "42"
    assert rows["embedder"] == "tfidf"
    assert rows["embedding model"] == result.method["embedding_model"]
    text = method.text_content()
    assert result.method["inputs"][0]["sha256"] in text
    assert re.search(r"[0-9a-f]{64}", text)
    assert STATISTICS["common_ground"].name in text and STATISTICS["rounds"].name in text
    assert "Known limitations" in text


def test_html_is_self_contained_and_accessible(reports):
    raw = reports["html"].read_text(encoding="utf-8")
    page = lxml.html.fromstring(raw)
    assert page.get("lang") == "en"
    assert not page.xpath("//script | //link | //iframe | //object")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", raw)
    images = page.xpath("//img")
    assert len(images) == 3  # theme sizes, group heat map, rounds
    for image in images:
        assert image.get("src").startswith("data:image/png;base64,")
        assert len(image.get("alt")) > 40
    for table in page.xpath("//table"):
        assert table.xpath("string(caption)").strip()
        assert table.xpath(".//th[@scope]")
    levels = [int(h.tag[1]) for h in page.xpath("//h1|//h2|//h3|//h4|//h5|//h6")]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:]))


def test_html_responses_you_said_we_did(analysis, reports):
    result, _, _ = analysis
    section = parse(reports["html"]).xpath("//section[@id='responses']")[0]
    rows = [[td.text_content() for td in tr.xpath("td")] for tr in section.xpath(".//tbody/tr")]
    largest = real_themes(result)[0]
    assert [largest.label, "adopted", "Extra staff from September.", "Raised by every group.",
            "2024\u201105\u201101"] in rows
    assert sum(r[1] == "no response yet" for r in rows) == len(real_themes(result)) - 1
    assert any(r[0] == "A theme from last round" and r[2].startswith(FORMULA) for r in rows)
    assert "1 adopted, 0 under review, 1 not adopted, 0 out of scope." in section.text_content()


def tiny_report(label: str = "Bus times", quote: str = "The bus is late.") -> ReportData:
    """A hand-built report: two themes, two groups, no rounds."""
    themes = (Theme(0, label, ("bus",), 6, 0.6, ("c1",), (quote,)),
              Theme(1, "Lunch", ("lunch",), 4, 0.4, ("c2",), ("Lunch is cold.",)))
    assignments = pd.DataFrame({"comment_id": ["c1", "c2"], "theme_id": [0, 1],
                                "group": ["=Parent", "Student"],
                                "text_redacted": [quote, "Lunch is cold."]})
    groups = pd.DataFrame({"theme_id": [0, 1, 0, 1], "group": ["=Parent"] * 2 + ["Student"] * 2,
                           "count": [4.0, 1, 2, 3], "share_of_group": [0.8, 0.2, 0.4, 0.6]})
    method = {"seed": 7, "embedding_model": "all-MiniLM-L6-v2",
              "inputs": [{"file": "a<b>.csv", "sha256": "ab" * 32, "rows_read": 10}],
              "config": {"seed": 7, "embedder": "minilm"},
              "ledger": {"rows_read": 10, "kept": 10, "dropped": 0},
              "comments": {"kept": 10, "answered": 10, "non_answers": 0, "unassigned": 0}}
    return ReportData(themes=themes, assignments=assignments, tables={"groups": groups},
                      method=method)


def test_html_escapes_markup_in_comments_labels_and_files():
    data = tiny_report(label='<img src=x onerror="alert(2)">', quote=f"{SCRIPT} late bus")
    raw = render_html(data, generated_on=dt.date(2024, 5, 1))
    page = lxml.html.fromstring(raw)
    assert not page.xpath("//script") and len(page.xpath("//img")) == 2  # our two charts
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    assert page.xpath("//blockquote")[0].text_content() == f"{SCRIPT} late bus"
    assert page.xpath("//section[@id='themes']//h3")[0].text_content() == \
        '<img src=x onerror="alert(2)">'
    assert "a&lt;b&gt;.csv" in raw and "<b>" not in raw


def test_html_without_groups_or_rounds_says_so():
    data = tiny_report()
    data = ReportData(themes=data.themes, assignments=data.assignments, tables={},
                      method=data.method)
    page = lxml.html.fromstring(render_html(data))
    assert "No group column was given" in page.xpath("string(//section[@id='groups'])")
    assert "No round column was given" in page.xpath("string(//section[@id='rounds'])")
    assert len(page.xpath("//img")) == 1


# -- XLSX -------------------------------------------------------------------------------------

def test_xlsx_has_a_formatted_sheet_per_table(analysis, reports):
    result, _, _ = analysis
    book = openpyxl.load_workbook(reports["xlsx"])
    assert book.sheetnames == ["Summary", "Themes", "Groups", "Common ground", "Distinctive",
                               "Hidden", "Representation", "Prevalence", "Rounds",
                               "Responses", "Comments", "Method"]
    themes = book["Themes"]
    header = [c.value for c in themes[1]]
    assert header[:4] == ["theme_id", "label", "size", "share"]
    assert all(c.font.bold for c in themes[1])
    assert themes.freeze_panes == "A2"
    labels = [row[1] for row in themes.iter_rows(min_row=2, values_only=True)]
    assert set(labels) >= {t.label for t in real_themes(result)}
    assert themes["D2"].number_format == "0.0%"
    assert themes.column_dimensions["B"].width > 10
    groups = book["Groups"]
    assert [c.value for c in groups[1]][:3] == ["theme_id", "label", "group"]
    assert groups.max_row - 1 == len(result.tables["groups"])


def test_xlsx_method_sheet_has_seed_hash_and_versions(analysis, reports):
    result, _, _ = analysis
    rows = list(openpyxl.load_workbook(reports["xlsx"])["Method"].iter_rows(values_only=True))
    pairs = {(r[0], r[1]): r[2] for r in rows[1:]}
    assert pairs[("Parameters", "seed")] == "42"
    assert result.method["inputs"][0]["sha256"] in pairs[("Inputs", "survey.csv")]
    assert pairs[("Software versions", "pandas")] == pd.__version__
    assert any(section == "Statistics used" for section, _ in pairs)


def test_xlsx_cells_are_inert(reports):
    book = openpyxl.load_workbook(reports["xlsx"])
    found = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_PREFIXES), \
                        f"{sheet.title}!{cell.coordinate} = {cell.value!r}"
                    if "HYPERLINK" in cell.value:
                        found.append((sheet.title, cell.value))
    comments = [v for s, v in found if s == "Comments"]
    assert comments and all(v.startswith("'=HYPERLINK(") for v in comments)
    assert any(s == "Responses" and v.startswith("'=HYPERLINK(") for s, v in found)


def test_csv_outputs_are_inert(analysis):
    _, outdir, _ = analysis
    raw = (outdir / "assignments.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK(" in raw and "\n=HYPERLINK" not in raw and ",=HYPERLINK" not in raw
    assert "'=HYPERLINK(" in (outdir / "responses.csv").read_text(encoding="utf-8")


# -- PPTX -------------------------------------------------------------------------------------

def slides_of(path):
    deck = Presentation(str(path))
    return [(s, s.shapes[0].text_frame.text, s.notes_slide.notes_text_frame.text)
            for s in deck.slides]


def test_pptx_one_finding_per_slide_with_notes(analysis, reports):
    result, _, _ = analysis
    slides = slides_of(reports["pptx"])
    titles = [title for _, title, _ in slides]
    largest = real_themes(result)[0]
    assert titles[0] == "What we heard"
    assert titles[1] == f"Largest theme: “{largest.label}” ({largest.share:.0%} of comments)"
    assert titles[2].startswith("Common ground: every group raised")
    assert titles[3] == "How each group's comments divide across themes"
    stood_out = [t for t in titles if t.startswith("What stood out for")]
    assert {t.split(":")[0][len("What stood out for "):] for t in stood_out} <= {"Parent",
                                                                                 "Student"}
    assert stood_out
    assert any(t.startswith(("Hidden themes", "No hidden themes")) for t in titles)
    assert any("rounds" in t for t in titles)
    assert titles[-2] == "You said, we did" and titles[-1] == "How we did this"
    notes = slides[1][2]
    for theme in real_themes(result):
        assert f"{theme.label}: {theme.size} ({theme.share:.1%})" in notes
    assert result.method["inputs"][0]["sha256"] in slides[-1][2]
    assert all(n.strip() for _, _, n in slides)


def test_pptx_pictures_have_alt_text_and_type_is_large(analysis, reports):
    result, _, _ = analysis
    slides = slides_of(reports["pptx"])
    pictures = [shape for slide, _, _ in slides for shape in slide.shapes
                if shape.shape_type == 13]
    # themes, groups and rounds, then each theme's slide with its group breakdown
    assert len(pictures) == 3 + len(real_themes(result))
    assert all(len(p._element.nvPicPr.cNvPr.get("descr", "")) > 40 for p in pictures)
    sizes = [run.font.size for slide, _, _ in slides for shape in slide.shapes
             if shape.has_text_frame for p in shape.text_frame.paragraphs for run in p.runs]
    assert sizes and min(sizes) >= Pt(20)
    responses = " ".join(shape.text_frame.text for slide, title, _ in slides
                         if title == "You said, we did" for shape in slide.shapes
                         if shape.has_text_frame)
    assert "Extra staff from September." in responses and "ADOPTED" in responses


# -- stability flags --------------------------------------------------------------------------

def test_unstable_themes_are_flagged_in_every_format(analysis, tmp_path):
    from analyzer.pipelines.stability import StabilityReport, with_stability

    result, _, _ = analysis
    themes = real_themes(result)
    shaky = themes[-1]
    frame = pd.DataFrame({"theme_id": [t.theme_id for t in themes],
                          "label": [t.label for t in themes],
                          "stability": [0.9] * (len(themes) - 1) + [0.31],
                          "min_jaccard": [0.8] * (len(themes) - 1) + [0.2],
                          "size": [t.size for t in themes],
                          "unstable": [False] * (len(themes) - 1) + [True]})
    flagged = with_stability(result, StabilityReport(frame, 0.7, 0.8, (1, 2), 0.8, 0.5))
    page = lxml.html.fromstring(write_report(flagged, "html", tmp_path / "r.html")
                                .read_text(encoding="utf-8"))
    warnings = page.xpath("//section[@id='themes']//p[@class='warning']")
    assert len(warnings) == 1 and "⚠ Unstable theme (stability 0.31" in warnings[0].text_content()
    assert warnings[0].getparent().xpath("string(h3)") == shaky.label
    assert f"“{shaky.label}” (0.31)" in page.xpath("string(//section[@id='summary'])")
    assert f"{shaky.label} (unstable)" in page.xpath("//section[@id='themes']//img/@alt")[0] \
        or f"{shaky.label} (unstable)" in page.xpath("string(//section[@id='groups']//img/@alt)")
    method = page.xpath("string(//section[@id='method'])")
    assert "Stability" in method and "0.31 — unstable" in method
    book = openpyxl.load_workbook(write_report(flagged, "xlsx", tmp_path / "r.xlsx"))
    assert "Stability" in book.sheetnames
    rows = {r[1]: r for r in book["Themes"].iter_rows(min_row=2, values_only=True)}
    header = [c.value for c in book["Themes"][1]]
    assert rows[shaky.label][header.index("unstable")] == "yes"
    deck = slides_of(write_report(flagged, "pptx", tmp_path / "r.pptx"))
    assert f"“{shaky.label}” (0.31)" in deck[1][2]


def test_pptx_flags_missing_voices_and_quotes_the_group(tmp_path):
    base = tiny_report()
    representation = pd.DataFrame({"group": ["=Parent", "Student"], "comments": [8.0, 2.0],
                                   "share": [0.8, 0.2], "benchmark_share": [0.5, 0.5],
                                   "ratio": [1.6, 0.4], "weight": [0.625, 2.5],
                                   "flagged": [False, True]})
    distinctive = pd.DataFrame({"group": ["Student"], "theme_id": [1], "log_odds": [1.2],
                                "z": [2.5], "themed_share_in_group": [0.6],
                                "themed_share_elsewhere": [0.2]})
    data = ReportData(themes=base.themes, assignments=base.assignments.assign(
                          group=["=Parent", "Student"]),
                      tables={**base.tables, "representation": representation,
                              "distinctive": distinctive},
                      method=base.method, group_columns=("group",))
    slides = slides_of(write_report(data, "pptx", tmp_path / "d.pptx"))
    by_title = {title: (slide, notes) for slide, title, notes in slides}
    slide, notes = by_title["Whose voices are missing: Student"]
    assert "Student: 20% of comments, 50% of the community" in slide.shapes[1].text_frame.text
    assert "ratio 0.40, weight 2.50" in notes
    slide, notes = by_title["What stood out for Student: “Lunch”"]
    assert "“Lunch is cold.”" in " ".join(s.text_frame.text for s in slide.shapes)
    assert "A comment from Student: Lunch is cold." in notes


# -- entry points -----------------------------------------------------------------------------

def test_write_report_paths_and_errors(analysis, tmp_path):
    result, outdir, _ = analysis
    target = write_report(result, "html", tmp_path / "sub" / "r.html")
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    with pytest.raises(ConfigError, match=r"report format 'pdf' is not known; use one of "
                                          r"html, xlsx, pptx"):
        write_report(outdir, "pdf")
    with pytest.raises(ConfigError, match=r"pass output=PATH"):
        write_report(result, "html")


def test_cli_report_command(analysis, tmp_path, capsys):
    _, outdir, _ = analysis
    output = tmp_path / "deck.pptx"
    assert main(["report", str(outdir), "--format", "pptx", "--output", str(output)]) == 0
    assert output.is_file() and f"Wrote {output}" in capsys.readouterr().out
    assert main(["report", str(tmp_path / "nowhere"), "--format", "html"]) == 2
    assert "does not exist" in capsys.readouterr().err


# -- method card and charts -------------------------------------------------------------------

def test_method_card_markdown_lists_inputs_parameters_and_limitations():
    method = {"seed": 3, "embedding_model": "all-MiniLM-L6-v2",
              "inputs": [{"file": "s|urvey.csv", "sha256": "f" * 64, "rows_read": 120}],
              "config": {"seed": 3, "n_themes": None, "cleaning": {"redact_names": True}},
              "cleaning": {"languages": {"en": 80, "es": 15, "vi": 5}},
              "comments": {"answered": 100, "unassigned": 7},
              "theme_model": {"distinct_texts": 90}, "package_versions": {"pandas": "3.1"}}
    markdown = method_card_markdown(method, tables=["groups"], notes=["2 groups merged."])
    text = MarkdownIt("commonmark").enable("table").render(markdown)  # as Streamlit shows it
    assert "<td>seed</td>\n<td>3</td>" in text and "<td>n_themes</td>\n<td>not set</td>" in text
    assert "<td>cleaning.redact_names</td>\n<td>True</td>" in text
    assert f"<td>s|urvey.csv</td>\n<td>120 rows; SHA-256 {'f' * 64}</td>" in text
    assert "<li>20% of comments are not in English: Spanish (15), Vietnamese (5)." in text
    assert "2 groups merged." in text and "7 of 100 answered comments (7%)" in text
    assert STATISTICS["wilson_interval"].name in text
    assert STATISTICS["common_ground"].name not in text


@pytest.mark.parametrize("model, warned", [("all-MiniLM-L6-v2", "trained on English"),
                                           ("tfidf-svd-100", "matches words"),
                                           ("paraphrase-multilingual-MiniLM-L12-v2", None)])
def test_language_limitation_depends_on_the_model(model, warned):
    found = " ".join(limitations({"embedding_model": model,
                                  "cleaning": {"languages": {"en": 9, "es": 1}}}))
    if warned:
        assert warned in found and "Spanish (1)" in found
    else:
        assert "Spanish" not in found


def test_charts_are_pngs_and_cope_with_gaps():
    assert theme_sizes_chart(["a", "b"], [5, 3], [0.6, 0.4]).startswith(PNG)
    grid = np.array([[0.5, np.nan], [0.0, 0.25]])
    assert heat_map_chart(grid, ["t1", "t2"], ["g1", "g2"], scale=1.5).startswith(PNG)
    assert rounds_chart(["R1", "R2", "R3"], {"a": [0.1, np.nan, 0.3]}).startswith(PNG)
