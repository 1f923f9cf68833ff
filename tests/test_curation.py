"""Curation edits on a real analysis: which comments land where, tables recomputed, edits
recorded, the original result untouched."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from analyzer.errors import ConfigError
from analyzer.pipelines.curate import merge_themes, move_comment, rename_theme, split_theme
from analyzer.themes.curation import CurationEdit, curation_log, next_theme_id
from tests.fitted import fitted_result, theme_of_topic, topic_of


@pytest.fixture(scope="module")
def result():
    return fitted_result()


def ids_in(result, theme_id) -> set[str]:
    return set(result.comments.loc[result.comments["theme_id"] == theme_id, "comment_id"])


def assert_consistent(result):
    """Labels, sizes, representatives and group tables agree with the comments."""
    comments = result.comments
    names = {t.theme_id: t.label for t in result.themes}
    real = comments[comments["theme_id"] >= 0]
    assert (real["theme_label"] == real["theme_id"].map(names)).all()
    answered = int((comments["theme_id"] != -2).sum())
    for theme in result.themes:
        members = ids_in(result, theme.theme_id)
        assert theme.size == len(members)
        assert theme.share == pytest.approx(len(members) / answered)
        assert set(theme.representative_comment_ids) <= members
        assert len(theme.representative_quotes) == len(theme.representative_comment_ids)
    groups = result.tables["groups"]
    counted = groups.groupby("theme_id")["n_comments"].sum().to_dict()
    for theme in result.themes:
        if theme.is_real:
            assert counted.get(theme.theme_id, 0) == theme.size
    assert set(result.tables["common_ground"]["theme_id"]) == \
        {t.theme_id for t in result.themes if t.is_real}


def test_rename_changes_the_label_everywhere_and_records_the_edit(result):
    bus = theme_of_topic(result, "bus")
    old_label = result.theme(bus).label
    renamed = rename_theme(result, bus, "  School   buses ", who="Ana")
    assert renamed.theme(bus).label == "School buses"
    assert (renamed.comments_in(bus)["theme_label"] == "School buses").all()
    cg = renamed.tables["common_ground"].set_index("theme_id")
    assert cg.loc[bus, "label"] == "School buses"
    pd.testing.assert_series_equal(renamed.comments["theme_id"], result.comments["theme_id"])
    (edit,) = curation_log(renamed)
    assert (edit.edit_id, edit.kind, edit.who) == (1, "rename", "Ana")
    assert edit.params == {"theme_id": bus, "old_label": old_label, "new_label": "School buses"}
    assert edit.when.endswith("+00:00")
    assert "School buses" in edit.what and old_label in edit.what
    # Pure: the original result is unchanged.
    assert result.theme(bus).label == old_label
    assert "curation" not in result.method


def test_renaming_to_a_suggested_name_keeps_the_old_name_among_the_suggestions(result):
    theme = next(t for t in result.themes if len(t.label_alternatives) >= 2)
    picked = theme.label_alternatives[1]
    renamed = rename_theme(result, theme.theme_id, picked, who="Ana").theme(theme.theme_id)
    assert renamed.label == picked
    assert renamed.label_alternatives == (theme.label_alternatives[0], theme.label,
                                          *theme.label_alternatives[2:])


def test_merge_puts_both_themes_comments_in_the_smaller_id(result):
    bus, lunch = theme_of_topic(result, "bus"), theme_of_topic(result, "lunch")
    before = ids_in(result, bus) | ids_in(result, lunch)
    merged = merge_themes(result, [bus, lunch], "Bus and lunch", who="Ana")
    target, gone = min(bus, lunch), max(bus, lunch)
    assert ids_in(merged, target) == before
    assert gone not in {t.theme_id for t in merged.themes}
    assert merged.theme(target).label == "Bus and lunch"
    assert merged.theme(target).size == len(before)
    keywords = merged.theme(target).keywords
    assert set(keywords) <= set(result.theme(bus).keywords) | set(result.theme(lunch).keywords)
    assert len(keywords) == len(set(keywords))
    groups = merged.tables["groups"]
    assert set(groups.loc[groups["theme_id"] >= 0, "theme_id"]) == {target, 3 - bus - lunch}
    assert not merged.centroids[gone].any()
    assert np.linalg.norm(merged.centroids[target]) == pytest.approx(1.0, abs=1e-5)
    assert_consistent(merged)
    (edit,) = curation_log(merged)
    assert edit.kind == "merge" and edit.params["into"] == target
    assert sorted(edit.params["theme_ids"]) == sorted([bus, lunch])


def test_merge_keeps_the_largest_themes_label_by_default(result):
    ids = [t.theme_id for t in result.themes if t.is_real][:2]
    largest = max((result.theme(i) for i in ids), key=lambda t: (t.size, -t.theme_id))
    assert merge_themes(result, ids, who="Ana").theme(min(ids)).label == largest.label


def planted_vectors(comments: pd.DataFrame) -> np.ndarray:
    """One-hot vectors by planted topic, with a little noise: the right split is obvious."""
    topics = topic_of(comments["comment_id"])
    axis = topics.map({"bus": 0, "lunch": 1, "safety": 2}).to_numpy()
    rng = np.random.default_rng(0)
    vectors = rng.normal(0, 0.05, (len(comments), 8))
    vectors[np.arange(len(comments)), axis] += 1.0
    return vectors


def test_split_with_given_vectors_separates_the_planted_topics(result):
    bus, lunch = theme_of_topic(result, "bus"), theme_of_topic(result, "lunch")
    merged = merge_themes(result, [bus, lunch], "Bus and lunch", who="Ana")
    target = min(bus, lunch)
    members = merged.comments_in(target)
    split = split_theme(merged, target, 2, who="Bo", embeddings=planted_vectors(members),
                        labels=["First part", "Second part"])
    new_id = next_theme_id(merged)
    assert new_id == 3  # never reuses the id merged away
    parts = {frozenset(ids_in(split, target)), frozenset(ids_in(split, new_id))}
    assert parts == {frozenset(ids_in(result, bus)), frozenset(ids_in(result, lunch))}
    assert {split.theme(target).label, split.theme(new_id).label} == {"First part",
                                                                        "Second part"}
    assert split.centroids.shape[0] == 4
    assert_consistent(split)
    edits = curation_log(split)
    assert [e.kind for e in edits] == ["merge", "split"]
    assert [e.edit_id for e in edits] == [1, 2]
    assert edits[1].params["new_theme_ids"] == [target, new_id]


def test_split_by_re_embedding_is_deterministic_and_keeps_copies_together(result):
    safety = theme_of_topic(result, "safety")
    first = split_theme(result, safety, 2, who="Bo")
    second = split_theme(result, safety, 2, who="Bo")
    pd.testing.assert_series_equal(first.comments["theme_id"], second.comments["theme_id"])
    assert [t.label for t in first.themes] == [t.label for t in second.themes]
    new_id = next_theme_id(result)
    assert ids_in(first, safety) | ids_in(first, new_id) == ids_in(result, safety)
    assert ids_in(first, safety) and ids_in(first, new_id)
    assert first.theme(safety).size >= first.theme(new_id).size  # largest part keeps the id
    members = first.comments[first.comments["theme_id"].isin([safety, new_id])]
    per_text = members.groupby(members["text"].str.lower())["theme_id"].nunique()
    assert (per_text == 1).all()
    assert first.theme(safety).label != first.theme(new_id).label
    assert_consistent(first)


def test_move_comment_changes_one_comment_and_the_counts(result):
    bus, lunch = theme_of_topic(result, "bus"), theme_of_topic(result, "lunch")
    comment = sorted(ids_in(result, bus))[0]
    moved = move_comment(result, comment, lunch, who="Cy")
    row = moved.comments.set_index("comment_id").loc[comment]
    assert (row["theme_id"], row["theme_label"]) == (lunch, moved.theme(lunch).label)
    assert moved.theme(bus).size == result.theme(bus).size - 1
    assert moved.theme(lunch).size == result.theme(lunch).size + 1
    changed = moved.comments["theme_id"] != result.comments["theme_id"]
    assert moved.comments.loc[changed, "comment_id"].tolist() == [comment]
    assert_consistent(moved)
    (edit,) = curation_log(moved)
    assert edit.params == {"comment_id": comment, "from_theme_id": bus, "to_theme_id": lunch}


def test_move_to_unassigned_and_representatives_stay_members(result):
    bus = theme_of_topic(result, "bus")
    representative = result.theme(bus).representative_comment_ids[0]
    moved = move_comment(result, representative, -1, who="Cy")
    assert representative not in moved.theme(bus).representative_comment_ids
    assert moved.theme(-1).size == result.theme(-1).size + 1
    assert moved.method["comments"]["unassigned"] == moved.theme(-1).size
    assert_consistent(moved)


def test_edits_are_carried_into_the_exported_method_card(result, tmp_path):
    from analyzer.pipelines.write import write_outputs

    edited = rename_theme(result, 0, "Renamed theme", who="Ana")
    write_outputs(edited, tmp_path)
    method = json.loads((tmp_path / "method.json").read_text(encoding="utf-8"))
    assert method["curation"][0]["kind"] == "rename"
    themes = pd.read_csv(tmp_path / "themes.csv")
    assert "Renamed theme" in set(themes["label"])


def test_curation_edit_round_trips_through_a_dict():
    edit = CurationEdit(3, "move", "Ana", "2024-05-31T10:00:00+00:00", "Moved x",
                        {"comment_id": "x", "from_theme_id": 1, "to_theme_id": 2})
    assert CurationEdit.from_dict(edit.as_dict()) == edit
    with pytest.raises(ConfigError, match="edit kind 'delete' is not one of rename, merge"):
        CurationEdit(1, "delete", "Ana", "", "", {})


@pytest.mark.parametrize("call, message", [
    (lambda r: rename_theme(r, 7, "X", who="Ana"),
     r"theme 7 is not a theme of this analysis; valid theme ids are 0, 1, 2"),
    (lambda r: rename_theme(r, -1, "X", who="Ana"), r"valid theme ids are 0, 1, 2"),
    (lambda r: rename_theme(r, 0, "   ", who="Ana"), r"the new label is empty"),
    (lambda r: rename_theme(r, 0, r.theme(1).label.upper(), who="Ana"),
     r"theme 1 is already called"),
    (lambda r: rename_theme(r, 0, "(no answer)", who="Ana"), r"is reserved"),
    (lambda r: rename_theme(r, 0, "X", who=" "), r"say who made the edit"),
    (lambda r: merge_themes(r, [1, 1], who="Ana"), r"at least two different theme ids"),
    (lambda r: merge_themes(r, [0, 9], who="Ana"), r"theme 9 is not a theme"),
    (lambda r: split_theme(r, 0, 1, who="Ana"), r"n_parts=1 should be between 2 and 10"),
    (lambda r: split_theme(r, 0, 2, who="Ana", embeddings=np.zeros((2, 3))),
     r"embeddings has shape \(2, 3\); it needs one row per comment of the theme"),
    (lambda r: split_theme(r, 0, 2, who="Ana", labels=["only one"]),
     r"1 label\(s\) given for 2 parts"),
    (lambda r: move_comment(r, "nope", 0, who="Ana"), r"comment 'nope' is not in this analysis"),
    (lambda r: move_comment(r, "na-1", 0, who="Ana"), r"'na-1' is a non-answer"),
    (lambda r: move_comment(r, r.theme(0).representative_comment_ids[0], 0, who="Ana"),
     r"is already in theme 0"),
    (lambda r: move_comment(r, r.theme(0).representative_comment_ids[0], 2.5, who="Ana"),
     r"theme id=2.5 should be a whole number"),
])
def test_invalid_edits_are_refused_with_a_clear_message(result, call, message):
    with pytest.raises(ConfigError, match=message):
        call(result)
