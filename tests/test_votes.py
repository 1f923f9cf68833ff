"""Votes: reading both forms, opinion groups, Polis's consensus and repness, worked by hand.

The table used throughout, six participants in two groups (A: p1-p3, B: p4-p6) and three
comments; a blank is a comment not seen.

             c10  c11  c12
    p1 (A)    1    1
    p2 (A)    1    1
    p3 (A)    1   -1
    p4 (B)    1   -1
    p5 (B)    1   -1
    p6 (B)    0        -1

Smoothed agree share (A + 1) / (S + 2) per group:
    c10: A 4/5, B 3/5  -> consensus 12/25; more than half of each group agreed
    c11: A 3/5, B 1/4  -> consensus 3/20; A mostly agrees, B mostly disagrees (3/4)
    c12: A 1/2 (unseen), B 1/3 -> consensus 1/6; B's disagree share 2/3, A none
Representativeness on c11: A agree (3/5) / (1/4) = 12/5; B agree (1/4) / (3/5) = 5/12;
B disagree (3/4) / ((1 + 1) / (3 + 2)) = 15/8; A disagree (2/5) / (3/4) = 8/15.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analyzer.errors import ColumnNotFoundError, ConfigError, DataError, InputError
from analyzer.pipelines.compare import wilson_interval
from analyzer.pipelines.votes import (
    comment_agreement,
    computed_groups,
    most_divisive,
    opinion_groups,
    read_votes,
    theme_agreement,
    theme_group_agreement,
    widest_agreement,
)
from analyzer.pipelines.votes.groups import COMPUTED, FROM_FILE, clustered_participants
from analyzer.themes.votes import group_letter

POLIS = """participant,group-id,n-comments,n-votes,n-agree,n-disagree,10,11,12
1,0,0,2,2,0,1,1,
2,0,0,2,2,0,1,1,
3,0,0,2,1,1,1,-1,
4,1,0,2,1,1,1,-1,
5,1,0,2,1,1,1,-1,
6,1,0,2,0,1,0,,-1
"""

LONG = """voter-id,comment-id,vote,group,timestamp
1,10,agree,A,1
1,11,1,A,2
2,10,1,A,3
2,11,disagree,A,4
2,11,1,A,9
3,10,1,A,5
3,11,-1,A,6
4,10,1,B,7
4,11,-1,B,8
5,10,+1,B,10
5,11,-1,B,11
6,10,pass,B,12
6,12,-1,B,13
6,11,,B,14
"""


def write(tmp_path: Path, text: str, name: str = "votes.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def polis(tmp_path):
    return read_votes(write(tmp_path, POLIS, "participants-votes.csv"))


def test_the_polis_export_reads_every_vote_and_its_groups(polis):
    assert polis.form == "polis"
    assert polis.comment_ids == ("10", "11", "12")
    assert polis.participants == ("1", "2", "3", "4", "5", "6")
    assert len(polis.votes) == 12
    assert polis.declared_groups == {"1": "A", "2": "A", "3": "A", "4": "B", "5": "B", "6": "B"}
    assert polis.totals().loc["11"].to_dict() == {"agree": 2, "disagree": 3, "pass": 0,
                                                  "votes": 5}
    assert polis.ledger.summary()["kept"] == 6
    assert polis.ledger.entries["reason"].tolist() == [""] * 6


def test_the_long_form_keeps_the_last_vote_and_ledgers_every_row(tmp_path, polis):
    votes = read_votes(write(tmp_path, LONG))
    assert votes.form == "long"
    key = ["participant", "comment_id"]
    assert votes.votes.sort_values(key).reset_index(drop=True).equals(
        polis.votes.sort_values(key).reset_index(drop=True))
    entries = votes.ledger.entries
    assert entries.loc[entries["status"] == "dropped", ["row", "reason"]].values.tolist() == [
        [4, "replaced by a later vote"], [14, "empty vote"]]
    assert votes.ledger.n_read == 14 and votes.ledger.n_kept == 12
    assert votes.declared_groups == polis.declared_groups


def test_the_timestamp_not_the_row_order_decides_the_final_vote(tmp_path):
    text = "participant,comment_id,vote,timestamp\np,c,1,20\np,c,-1,10\n"
    votes = read_votes(write(tmp_path, text))
    assert votes.votes["vote"].tolist() == [1]
    assert votes.ledger.entries["reason"].tolist() == ["", "replaced by a later vote"]


def test_a_polis_row_without_votes_is_dropped_and_edited_counts_are_noted(tmp_path):
    text = POLIS.replace("6,1,0,2,0,1,0,,-1", "6,1,0,5,0,1,0,,-1") + "7,,0,0,0,0,,,\n"
    votes = read_votes(write(tmp_path, text))
    entries = votes.ledger.entries.set_index("row")
    assert entries.loc[7, ["status", "reason"]].tolist() == ["dropped", "no votes"]
    assert entries.loc[6, "status"] == "kept"
    assert entries.loc[6, "reason"].startswith("count columns differ")
    assert "7" not in votes.declared_groups


def test_group_aware_consensus_per_group_counts_and_flags_match_the_hand_working(polis):
    groups = opinion_groups(polis)
    assert groups.method == FROM_FILE and groups.order == ("A", "B")
    table = comment_agreement(polis, groups).set_index("comment_id")
    assert table["group_aware_consensus"].tolist() == pytest.approx([12 / 25, 3 / 20, 1 / 6])
    assert table["typical_group_agreement"].tolist() == pytest.approx(
        [np.sqrt(12 / 25), np.sqrt(3 / 20), np.sqrt(1 / 6)])
    assert table.loc["10", ["A_agree", "A_disagree", "A_pass", "B_agree", "B_disagree",
                            "B_pass"]].tolist() == [3, 0, 0, 2, 0, 1]
    assert table.loc["12", ["A_agree", "A_disagree", "A_pass", "B_agree", "B_disagree",
                            "B_pass", "group_votes"]].tolist() == [0, 0, 0, 0, 1, 0, 1]
    assert table["broad_agreement"].tolist() == [True, False, False]
    assert table["divides_groups"].tolist() == [False, True, False]
    assert table.loc["11", "group_spread"] == pytest.approx(3 / 5 - 1 / 4)


def test_representativeness_is_the_groups_smoothed_share_over_the_rests(polis):
    row = comment_agreement(polis, opinion_groups(polis)).set_index("comment_id").loc["11"]
    assert row["A_repness_agree"] == pytest.approx(12 / 5)
    assert row["B_repness_agree"] == pytest.approx(5 / 12)
    assert row["B_repness_disagree"] == pytest.approx(15 / 8)
    assert row["A_repness_disagree"] == pytest.approx(8 / 15)


def test_ungrouped_participants_count_in_the_totals_only(tmp_path):
    votes = read_votes(write(tmp_path, POLIS + "7,,0,1,1,0,1,,\n"))
    table = comment_agreement(votes, opinion_groups(votes)).set_index("comment_id")
    assert table.loc["10", "agree"] == 6 and table.loc["10", "group_votes"] == 6
    assert table.loc["10", "group_aware_consensus"] == pytest.approx(12 / 25)


def with_themes(polis, themes: dict[str, int]) -> pd.DataFrame:
    table = comment_agreement(polis, opinion_groups(polis))
    return table.assign(theme_id=table["comment_id"].map(themes).astype("Int64"))


def test_theme_agreement_counts_statements_with_wilson_intervals(polis):
    table = with_themes(polis, {"10": 0, "11": 0, "12": 1})
    themes = pd.DataFrame({"theme_id": [0, 1], "label": ["Buses", "Lunch"]})
    summary = theme_agreement(table, themes).set_index("theme_id")
    buses = summary.loc[0]
    assert (buses["label"], buses["statements"], buses["votes"]) == ("Buses", 2, 11)
    assert (buses["broad_agreement"], buses["divides_groups"]) == (1, 1)
    low, high = wilson_interval(1, 2)
    assert (buses["broad_agreement_ci_low"], buses["broad_agreement_ci_high"]) == \
        pytest.approx((low, high))
    assert buses["widest_agreement_comment_id"] == "10"
    assert buses["most_divisive_comment_id"] == "11"
    lunch = summary.loc[1]
    assert (lunch["statements"], lunch["broad_agreement"], lunch["divides_groups"]) == (1, 0, 0)
    assert lunch["most_divisive_comment_id"] == ""


def test_agreed_by_sums_each_groups_votes_over_the_themes_statements(polis):
    table = with_themes(polis, {"10": 0, "11": 0, "12": 1})
    agreed = theme_group_agreement(table, opinion_groups(polis)).set_index(["theme_id", "group"])
    assert agreed.loc[(0, "A"), ["votes", "agree", "disagree", "pass"]].tolist() == [6, 5, 1, 0]
    assert agreed.loc[(0, "B"), ["votes", "agree", "disagree", "pass"]].tolist() == [5, 2, 2, 1]
    assert agreed.loc[(0, "A"), "agree_share"] == pytest.approx(5 / 6)
    assert agreed.loc[(1, "A"), "statements"] == 0 and np.isnan(agreed.loc[(1, "A"),
                                                                          "agree_share"])


def test_widest_agreement_and_most_divisive_rank_the_statements(polis):
    table = with_themes(polis, {"10": 0, "11": 0, "12": 1})
    assert widest_agreement(table, 2)["comment_id"].tolist() == ["10", "12"]
    assert most_divisive(table)["comment_id"].tolist() == ["11"]


@pytest.mark.parametrize("number, letters", [(0, "A"), (1, "B"), (25, "Z"), (26, "AA"),
                                             (27, "AB")])
def test_groups_are_lettered_as_polis_shows_them(number, letters):
    assert group_letter(number) == letters


# -- computed opinion groups (red-dwarf) ----------------------------------------------------

def two_camps(n_per_camp: int = 12, n_comments: int = 10, seed: int = 3) -> str:
    """Camp one agrees with the first half of the comments and disagrees with the rest;
    camp two the opposite; one vote in ten flipped, a few left unseen."""
    rng = np.random.default_rng(seed)
    header = "participant,n-votes," + ",".join(f"c{j}" for j in range(n_comments))
    lines = [header]
    for i in range(2 * n_per_camp):
        sign = 1 if i < n_per_camp else -1
        cells = []
        for j in range(n_comments):
            vote = sign if j < n_comments // 2 else -sign
            if rng.random() < 0.1:
                vote = -vote
            cells.append("" if rng.random() < 0.05 else str(vote))
        lines.append(f"p{i},{sum(c != '' for c in cells)}," + ",".join(cells))
    return "\n".join(lines) + "\n"


def test_computed_groups_find_the_two_camps(tmp_path):
    from sklearn.metrics import adjusted_rand_score

    votes = read_votes(write(tmp_path, two_camps()))
    assert not votes.has_declared_groups
    groups = opinion_groups(votes, seed=42)
    assert groups.method == COMPUTED and groups.order == ("A", "B")
    truth = [0] * 12 + [1] * 12
    assert adjusted_rand_score(truth, groups.of(votes.participants)) == 1.0
    again = computed_groups(votes, seed=42)
    assert again.labels.equals(groups.labels)  # deterministic


def test_polis_clusters_the_fifteen_busiest_voters_when_few_vote_on_seven_comments(tmp_path):
    lines = ["participant," + ",".join(f"c{j}" for j in range(8))]
    for i in range(20):  # participant i votes on i % 8 + 1 comments
        n = i % 8 + 1
        lines.append(f"p{i}," + ",".join("1" if j < n else "" for j in range(8)))
    votes = read_votes(write(tmp_path, "\n".join(lines) + "\n"))
    chosen = clustered_participants(votes)
    assert len(chosen) == 15
    assert {"p6", "p7", "p14", "p15"} <= set(chosen)  # the 7 and 8 vote ones first
    assert "p0" not in chosen and "p8" not in chosen  # one vote each: left out


def early_and_late_voters(with_times: bool) -> str:
    """'early' votes once, first of all; then p0..p15 each vote on 8 of 8 comments; 'late'
    votes on 3 comments at the very end."""
    rows = [("early", "c0", 1)]
    rows += [(f"p{i}", f"c{j}", 1 if (i + j) % 2 else -1) for i in range(16) for j in range(8)]
    rows += [("late", f"c{j}", 1) for j in range(3)]
    header = "timestamp,participant,comment_id,vote" if with_times else \
        "participant,comment_id,vote"
    lines = [header] + [(f"{1000 + t}," if with_times else "") + f"{p},{c},{v}"
                        for t, (p, c, v) in enumerate(rows)]
    return "\n".join(lines) + "\n"


def test_who_is_clustered_is_replayed_in_vote_order_when_the_file_has_times(tmp_path):
    # Polis takes in whoever qualifies at any update and never takes anyone out: 'early'
    # voted while fewer than 15 were in (the greedy fill), so stays in with one vote; 'late'
    # came when 16 had voted on 7 or more comments, so three votes are not enough.
    timed = read_votes(write(tmp_path, early_and_late_voters(True)))
    assert timed.first_vote_times is not None
    chosen = clustered_participants(timed)
    assert chosen == ["early"] + [f"p{i}" for i in range(16)]
    groups = computed_groups(timed)
    assert "early" in groups.labels.index and "late" not in groups.labels.index
    assert groups.details["who_is_clustered"] == "replayed in vote order"
    # Without times only the final votes count: 'early' has one of eight.
    untimed = read_votes(write(tmp_path, early_and_late_voters(False), "untimed.csv"))
    assert untimed.first_vote_times is None
    assert clustered_participants(untimed) == [f"p{i}" for i in range(16)]


def test_first_vote_times_are_the_first_vote_on_each_comment(tmp_path):
    votes = read_votes(write(tmp_path, "timestamp,participant,comment_id,vote\n"
                                       "30,a,c1,1\n10,a,c1,-1\n20,b,c1,0\n"))
    # a's final vote (time 30) replaced the one at 10; a was in the matrix from 10.
    kept = dict(zip(votes.votes["participant"], zip(votes.votes["vote"],
                                                      votes.first_vote_times)))
    assert kept == {"a": (1, 10.0), "b": (0, 20.0)}


def test_computed_groups_take_the_server_state_k_and_start_centres(tmp_path):
    votes = read_votes(write(tmp_path, two_camps()))
    found = computed_groups(votes, seed=42)
    positions = found.positions
    assert list(positions.index) == list(found.labels.index)
    assert list(positions.columns) == ["x", "y"]
    camp_one_x = positions["x"].iloc[:12].mean()
    camp_two_x = positions["x"].iloc[12:].mean()
    assert np.sign(camp_one_x) == -np.sign(camp_two_x)  # the first axis splits the camps
    centres = positions.groupby(found.labels).mean()
    # Started from the centres in the other order, the same camps get each other's letters.
    swapped = computed_groups(votes, seed=42, group_count=2,
                              start_centers=centres.loc[["B", "A"]].to_numpy().tolist())
    first, second = found.labels.iloc[0], found.labels.iloc[-1]
    assert found.labels.tolist() == [first] * 12 + [second] * 12
    assert swapped.labels.tolist() == [second] * 12 + [first] * 12
    three = computed_groups(votes, seed=42, group_count=3)
    assert three.order == ("A", "B", "C")


@pytest.mark.parametrize("options, message", [
    ({"group_count": 1}, r"group_count must be a whole number of at least 2 .*not 1\."),
    ({"group_count": "2"}, r"not '2'\."),
    ({"group_count": 24}, r"group_count 24 needs more than 24 clustered participants; 24"),
    ({"start_centers": [1.0, 2.0]}, r"start_centers must be a list of \[x, y\] pairs"),
])
def test_bad_group_settings_are_config_errors(tmp_path, options, message):
    votes = read_votes(write(tmp_path, two_camps()))
    with pytest.raises(ConfigError, match=message):
        computed_groups(votes, **options)


def test_too_few_voters_for_opinion_groups_is_a_data_error(tmp_path):
    votes = read_votes(write(tmp_path, "participant,c1,c2\np1,1,-1\np2,-1,1\n"))
    with pytest.raises(DataError, match=r"only 2 participant\(s\) voted on at least 2 comments"):
        computed_groups(votes)


# -- bad vote files -------------------------------------------------------------------------

@pytest.mark.parametrize("text, error, message", [
    (POLIS.replace("3,0,0,2,1,1,1,-1,", "3,0,0,2,1,1,1,yes,"), InputError,
     r"file 'votes.csv', row 3, column '11': 'yes' is not a vote \(row 4 when opened in a "
     r"spreadsheet\); write 1 or agree, -1 or disagree, 0 or pass"),
    (POLIS + "2,0,0,0,0,0,,,\n", InputError,
     r"row 7, column 'participant': participant '2' has two rows \(rows 2 and 7\)"),
    (POLIS.replace("\n4,", "\n,"), InputError,
     r"row 4, column 'participant': the participant is empty"),
    ("participant,group-id,n-votes\n1,0,0\n", ColumnNotFoundError,
     r"this Polis vote file has no comment columns"),
    ("name,comment\nDana,hello\n", ColumnNotFoundError,
     r"this is not a vote file: it needs either a 'participant' column .* Its columns are: "
     r"'name', 'comment'\."),
    ("vote,comment_id\n1,c1\n", ColumnNotFoundError,
     r"has a 'vote' column but no participant column; name it one of 'participant'"),
    ("participant,comment_id,vote\np1,,1\n", InputError,
     r"row 1, column 'comment_id': the comment is empty"),
    ("participant,comment_id,vote\np1,c1,maybe\n", InputError,
     r"row 1, column 'vote': 'maybe' is not a vote"),
    ("participant,comment_id,vote,timestamp\np1,c1,1,soon\n", InputError,
     r"row 1, column 'timestamp': 'soon' is not a time"),
    ("participant,comment_id,vote,group\np1,c1,1,A\np1,c2,1,B\n", InputError,
     r"row 2, column 'group': participant 'p1' is in group 'A' in row 1 and in group 'B' in "
     r"row 2"),
])
def test_a_bad_vote_file_gets_a_one_line_message_naming_the_place(tmp_path, text, error,
                                                                  message):
    with pytest.raises(error, match=message) as caught:
        read_votes(write(tmp_path, text))
    assert "\n" not in str(caught.value)
