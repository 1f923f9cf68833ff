"""The dashboard driven page by page with Streamlit's AppTest, on one real TF-IDF analysis."""

from __future__ import annotations

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest  # noqa: E402

from analyzer import read_inputs  # noqa: E402
from analyzer.dashboard import state  # noqa: E402
from analyzer.dashboard.pages import PAGES  # noqa: E402
from analyzer.dashboard.uploads import UploadedInput  # noqa: E402
from tests.dashboard_app import APP, LABELS, RESULT, page, shown_text  # noqa: E402


@pytest.mark.parametrize("name", [name for name, _ in PAGES])
def test_every_page_opens_without_a_traceback(name):
    at = page(name)
    assert at.title or at.markdown


@pytest.mark.parametrize("name", [name for name, _ in PAGES if name != "data"])
def test_pages_without_a_result_point_to_the_next_step(name):
    at = page(name, result=None, corpus=None)
    assert at.info, f"{name} should say what to do first"


def test_themes_page_lists_the_theme_labels():
    text = shown_text(page("themes"))
    for label in LABELS:
        assert label in text


def test_run_page_finds_themes_with_tfidf():
    at = page("run", result=None)
    at.selectbox[0].set_value("tfidf")
    at.text_input[0].input("gb, us, mx")
    at.button[0].click().run()
    assert not at.exception
    assert any(s.value.startswith("Found ") and " themes in " in s.value for s in at.success)
    result = at.session_state["result"]
    assert result.config.cleaning.phone_regions == ("GB", "US", "MX")
    assert result.method["privacy"]["phone_regions"] == ["GB", "US", "MX"]


def test_run_page_refuses_an_unknown_phone_region_before_running():
    at = page("run", result=None)
    at.text_input[0].input("US, UK")
    at.button[0].click().run()
    assert not at.exception and at.session_state["result"] is None
    assert any("UK" in e.value and "region code" in e.value for e in at.error)


def test_run_page_offers_the_configs_embedders_and_granularities():
    from analyzer.config import EMBEDDERS, GRANULARITIES

    at = page("run", result=None)
    assert list(at.selectbox[0].options) == list(EMBEDDERS.values())
    assert list(at.radio[0].options) == list(GRANULARITIES)


def test_groups_page_shows_common_ground_and_comparison():
    at = page("groups")
    text = shown_text(at)
    assert "Common ground" in text and "geometric mean" in text
    assert "Distinctive themes per group" in text
    assert any(s.label == "Group" for s in at.selectbox)


def test_voices_page_shows_representation_prevalence_and_hidden():
    text = shown_text(page("voices"))
    assert "Who took part" in text and "equal_weight_share" in text
    hidden = RESULT.tables["hidden"]
    assert "gracias" in hidden["label"].iloc[0].lower()  # the Spanish-language theme leads
    assert "Hidden themes" in text and hidden["label"].iloc[0] in text


def test_rounds_page_draws_the_chart_with_a_text_alternative():
    at = page("rounds")
    assert "Text alternative" in shown_text(at)
    assert at.get("plotly_chart")


def test_transparency_shows_the_seed_and_records_a_response():
    at = page("transparency")
    assert f"**Seed:** {RESULT.method['seed']}" in shown_text(at)
    form = at.text_area
    form[0].input("We are adding two bus routes.")
    form[1].input("Many groups raised it.")
    at.selectbox[1].set_value("adopted")
    at.button(key="FormSubmitter:response_form-Save response").click().run()
    assert not at.exception
    log = at.session_state["responses"]
    assert len(log) == 1 and log.entries[0].status == "adopted"


def test_transparency_rejects_an_empty_response_kindly():
    at = page("transparency")
    at.button(key="FormSubmitter:response_form-Save response").click().run()
    assert not at.exception
    assert at.error and "What to do" in at.error[0].value


def test_curate_rename_changes_the_label_everywhere():
    at = page("curate")
    at.text_input(key="curator_name").input("Dana")
    first = RESULT.themes[0]
    at.text_input[1].input("School buses")
    at.button(key="FormSubmitter:rename_form-Rename").click().run()
    assert not at.exception
    renamed = at.session_state["result"]
    assert renamed.themes[0].label == "School buses" != first.label
    at.switch_page("analyzer/dashboard/pages/transparency.py").run()
    assert "Dana" in shown_text(at)


def test_curate_offers_the_suggested_names_and_picking_one_renames_the_theme():
    at = page("curate")
    at.text_input(key="curator_name").input("Dana")
    first = RESULT.themes[0]
    offered = at.radio(key="rename_suggestion")
    assert list(offered.options) == list(first.label_alternatives) and offered.options
    offered.set_value(first.label_alternatives[0])
    at.button(key="FormSubmitter:rename_form-Rename").click().run()
    assert not at.exception
    renamed = at.session_state["result"].themes[0]
    assert renamed.label == first.label_alternatives[0]
    assert first.label in renamed.label_alternatives
    at.run()  # the next run of the page offers the old name in the picked one's place
    assert at.radio(key="rename_suggestion").options[0] == first.label


def test_curate_without_a_name_shows_a_friendly_error():
    at = page("curate")
    at.text_input[1].input("School buses")
    at.button(key="FormSubmitter:rename_form-Rename").click().run()
    assert not at.exception
    assert at.error
    assert at.session_state["result"] is RESULT or at.session_state["result"].themes[0].label \
        == RESULT.themes[0].label


def test_present_page_steps_through_findings_and_builds_the_deck():
    at = page("present")
    assert any(m.value.startswith("# What we heard") for m in at.markdown)
    at.button[1].click().run()  # Next
    assert any(m.value.startswith("# 1. ") for m in at.markdown), [m.value for m in at.markdown][:4]
    deck = [b for b in at.button if b.label.startswith("Prepare")][0]
    deck.click().run()
    assert not at.exception
    assert at.get("download_button")


def test_a_bad_upload_shows_a_friendly_message():
    bad = (UploadedInput("broken.csv", b"", "broken"),)
    at = AppTest.from_file(APP, default_timeout=300)
    at.session_state["inputs"] = bad
    at.session_state["roles"] = None
    at.run()
    assert not at.exception
    assert at.error and "What to do" in at.error[0].value


def test_curate_moves_one_comment_found_by_its_words():
    at = page("curate")
    assert "Comments offered at a time" not in shown_text(at)  # no stray page text
    at.text_input(key="curator_name").input("Dana")
    at.text_input(key="move_query").input("bus").run()
    form_boxes = [box for box in at.selectbox if box.label in ("Comment", "Move it to")]
    comment_id = form_boxes[0].value
    before = RESULT.comments.set_index("comment_id").loc[comment_id, "theme_id"]
    target = next(t.theme_id for t in RESULT.themes if t.is_real and t.theme_id != before)
    form_boxes[1].set_value(target)
    at.button(key="FormSubmitter:move_form-Move").click().run()
    assert not at.exception
    moved = at.session_state["result"].comments.set_index("comment_id")
    assert "bus" in moved.loc[comment_id, "text_redacted"].lower()
    assert moved.loc[comment_id, "theme_id"] == target
    assert at.session_state["result"].method["curation"][-1]["kind"] == "move"


def test_themes_page_says_which_comments_of_a_later_round_are_not_on_the_map(tmp_path):
    from analyzer.pipelines.ingest import ColumnRoles
    from analyzer.projects import assign_round

    later = tmp_path / "follow_up.csv"
    later.write_text("Response ID,Role,Comment\n" + "\n".join(
        f"f{i},Parent,The bus stop on our street needs a crossing guard {i}" for i in range(12)),
        encoding="utf-8")
    corpus = read_inputs([later], ColumnRoles(text=("Comment",), groups=("Role",),
                                              id="Response ID"))
    extended = assign_round(RESULT, corpus, "Autumn follow-up", use_cache=False)
    assert (extended.comments[extended.round_column] == "Autumn follow-up").sum() == 12
    at = page("themes", result=extended)
    assert not at.exception
    assert "12 comment(s) from a round added later" in shown_text(at)


def test_groups_and_voices_compare_by_the_language_of_each_comment():
    assert RESULT.group_columns[-1] == "Language of comment"
    at = page("groups")
    choice = next(s for s in at.selectbox if s.label == "Compare groups by")
    assert choice.options == list(RESULT.group_columns)
    choice.select("Language of comment").run()
    assert not at.exception
    groups_table = at.dataframe[0].value
    assert {"English", "Spanish"} <= set(groups_table["Group"])
    at = page("voices")
    next(s for s in at.selectbox if s.label == "Compare groups by").select(
        "Language of comment").run()
    representation = at.dataframe[0].value
    assert {"English", "Spanish"} <= set(representation["Group"])


def test_themes_page_counts_languages_and_marks_each_quote_with_its_language():
    at = page("themes")  # the card of the largest theme opens first
    text = shown_text(at)
    assert "**Languages:** English" in text and "*(English)*" in text
    language = dict(zip(RESULT.comments["comment_id"], RESULT.comments["language"]))
    quoted_in_spanish = next(t for t in RESULT.themes if any(
        language[c] == "es" for c in t.representative_comment_ids))
    at.selectbox(key="theme_card").set_value(quoted_in_spanish.theme_id).run()
    assert "*(Spanish)*" in shown_text(at)


def test_rounds_page_follows_the_spanish_language_comments_alone():
    at = page("rounds")
    at.selectbox(key="rounds_attribute").select("Language of comment").run()
    at.selectbox(key="rounds_group").select("Spanish").run()
    assert not at.exception
    table = at.dataframe[0].value
    spanish = RESULT.comments[RESULT.comments["language"] == "es"]
    assert 0 < table["Comments (weighted)"].astype(int).sum() <= len(spanish)


def test_projects_page_saves_redacted_text_unless_the_analyst_keeps_originals(
        tmp_path, monkeypatch):
    from analyzer.projects import list_analyses

    store = tmp_path / "projects.feedback.db"
    monkeypatch.setenv(state.PROJECT_STORE_VARIABLE, str(store))
    secret = "48 Birch Lane"  # a planted address in the sample
    assert RESULT.comments["text_original"].str.contains(secret).any()
    at = page("projects")
    assert "Only the redacted comments are saved" in shown_text(at)
    at.text_input[0].input("Redacted")
    next(b for b in at.button if b.label == "Save").click().run()
    assert not at.exception and secret not in store.read_bytes().decode("utf-8", "replace")

    at.checkbox(key="keep_originals").check().run()
    assert any("read what people wrote, unredacted" in w.value for w in at.warning)
    at.text_input[0].input("With originals")
    next(b for b in at.button if b.label == "Save").click().run()
    assert not at.exception
    assert [(r.name, r.originals_kept) for r in list_analyses(store)] == \
        [("Redacted", False), ("With originals", True)]
    assert secret in store.read_bytes().decode("utf-8", "replace")
    assert "holds original text" in " ".join(str(o) for o in at.selectbox[0].options)

    purge = next(w for w in at.warning if "original, unredacted text" in w.value)
    assert "With originals (2)" in purge.value
    next(c for c in at.checkbox if c.label.startswith("Remove the original text")).check()
    next(b for b in at.button if b.label == "Remove original text").click().run()
    assert not at.exception
    assert [r.originals_kept for r in list_analyses(store)] == [False, False]
    assert secret not in store.read_bytes().decode("utf-8", "replace")


def test_transparency_page_says_whether_originals_were_kept():
    text = shown_text(page("transparency"))
    assert "Privacy" in text and "Original text not kept" in text


def test_no_page_file_holds_a_bare_string_that_streamlit_would_print():
    """Streamlit's magic writes every bare expression of a page script on the screen, so a
    string under a constant (a docstring habit) would show as text on the page."""
    import ast

    from analyzer.dashboard.pages import HERE

    printed = []
    for name, _ in PAGES:
        tree = ast.parse((HERE / f"{name}.py").read_text(encoding="utf-8"))
        printed += [(name, node.lineno) for node in tree.body[1:]
                    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)]
    assert printed == []
