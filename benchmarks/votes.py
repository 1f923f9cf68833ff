"""Votes joined with themes, measured on real Polis conversations (issue 19).

    .venv/bin/python -m benchmarks.votes [--conversations a,b] [--no-themes]
                                         [--server-math DIR] [--out benchmarks/results]

For every conversation in ../shared/datasets/polis_openData with a participants-votes.csv:

- reading: time, participants, comments, votes; the export's own figures as a check: the
  per-comment agree/disagree counts in comments.csv, and (where votes.csv is there) the long
  form read by our reader against the wide matrix;
- opinion groups computed from the votes (red-dwarf, Polis's settings, comments moderated out
  per comments.csv) against the export's group-id: adjusted Rand index over the participants
  both put in a group, the number of groups each found, the index again with k fixed to
  the export's, time;
- themes (TF-IDF embedder, default settings) joined with the votes: how much of the spread of
  agreement between statements the themes account for (eta squared of
  typical_group_agreement by theme, against the same for theme labels shuffled 200 times).

The exports hold no group-aware consensus, so the Polis server's own figures come from
`--server-math DIR`: folders each holding a conversation's `votes.json` and the server's
`math-pca2.json` (red-dwarf's test fixtures are five such: tests/fixtures/* in
github.com/polis-community/red-dwarf). For each, the per-group counts are checked against the
server's `group-votes`, the consensus against `group-aware-consensus`, representativeness
against the `repness` the server picked, and computed groups against its `group-clusters`:
who is clustered against its `in-conv`, then the groups from a fresh start, at the server's k,
and from the server's own group centres (the state a one-off computation lacks).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score

from benchmarks.datasets import SHARED_DATASETS

RESULTS = Path(__file__).resolve().parent / "results"
POLIS = SHARED_DATASETS / "polis_openData"
SHUFFLES = 200


def conversations(names: list[str] | None = None) -> list[Path]:
    found = [d for d in sorted(POLIS.iterdir()) if (d / "participants-votes.csv").exists()]
    return [d for d in found if not names or d.name in names]


def _moderated_out(folder: Path) -> list[str]:
    comments = pd.read_csv(folder / "comments.csv", dtype=str, keep_default_na=False)
    return comments.loc[comments["moderated"] == "-1", "comment-id"].tolist()


def export_checks(folder: Path) -> dict:
    """Our reading of the export against the export's own figures."""
    from analyzer.pipelines.votes import read_votes

    started = time.perf_counter()
    wide = read_votes(folder / "participants-votes.csv")
    read_s = time.perf_counter() - started
    comments = pd.read_csv(folder / "comments.csv", dtype=str, keep_default_na=False)
    stated = comments.set_index("comment-id")[["agrees", "disagrees"]].astype(int)
    totals = wide.totals()
    common = totals.index.intersection(stated.index)
    same_final = ((totals.loc[common, "agree"] == stated.loc[common, "agrees"])
                  & (totals.loc[common, "disagree"] == stated.loc[common, "disagrees"]))
    row = {"conversation": folder.name, "participants": len(wide.participants),
           "comments": len(wide.comment_ids), "votes": len(wide.votes), "read_s": read_s,
           "counts_equal_final": f"{int(same_final.sum())}/{len(common)}"}
    long_path = folder / "votes.csv"
    if long_path.exists():
        long = read_votes(long_path)
        key = ["participant", "comment_id"]
        row["long_equals_wide"] = bool(long.votes.sort_values(key).reset_index(drop=True)
                                       .equals(wide.votes.sort_values(key)
                                               .reset_index(drop=True)))
        every = pd.read_csv(long_path, dtype={"comment-id": str})
        by_comment = every.groupby("comment-id")["vote"]
        all_agree = by_comment.apply(lambda v: int((v == 1).sum())).reindex(common, fill_value=0)
        all_disagree = by_comment.apply(lambda v: int((v == -1).sum())).reindex(common,
                                                                               fill_value=0)
        same_all = ((all_agree == stated.loc[common, "agrees"])
                    & (all_disagree == stated.loc[common, "disagrees"]))
        row["counts_equal_all_rows"] = f"{int(same_all.sum())}/{len(common)}"
        row["replaced_votes"] = int(long.ledger.drop_reasons().get("replaced by a later vote",
                                                                   0))
    return row, wide


def group_check(folder: Path, wide, seed: int = 42) -> dict:
    """Computed opinion groups against the export's group-id."""
    from analyzer.pipelines.votes import computed_groups, opinion_groups

    exported = opinion_groups(wide)
    started = time.perf_counter()
    computed = computed_groups(wide, seed=seed, moderated_out=_moderated_out(folder))
    seconds = time.perf_counter() - started
    both = exported.labels.index.intersection(computed.labels.index)
    row = {"groups_s": seconds, "export_grouped": len(exported.labels),
           "computed_grouped": len(computed.labels), "both_grouped": len(both),
           "k_export": len(exported.order), "k_computed": len(computed.order),
           "ari": adjusted_rand_score(exported.labels[both], computed.labels[both])}
    if len(exported.order) == len(computed.order):
        row["ari_at_export_k"] = row["ari"]
    else:
        at_k = computed_groups(wide, seed=seed, moderated_out=_moderated_out(folder),
                               group_count=len(exported.order))
        row["ari_at_export_k"] = adjusted_rand_score(exported.labels[both], at_k.labels[both])
    return row


def eta_squared(values: np.ndarray, labels: np.ndarray) -> float:
    """Share of the variance of `values` between the groups of `labels`."""
    total = float(((values - values.mean()) ** 2).sum())
    if total == 0:
        return float("nan")
    frame = pd.DataFrame({"v": values, "g": labels})
    means = frame.groupby("g")["v"].transform("mean").to_numpy()
    return float(((means - values.mean()) ** 2).sum()) / total


def theme_check(folder: Path, wide, seed: int = 42) -> dict:
    """Themes of the comments (TF-IDF) joined with the votes: do themes line up with
    agreement?"""
    from analyzer import AnalysisConfig, ColumnRoles, FeedbackAnalyzer, read_inputs
    from analyzer.pipelines.votes import add_votes, read_comment_facts

    spec = folder / "comments.csv"
    started = time.perf_counter()
    corpus = read_inputs([spec], ColumnRoles(text=("comment-body",), id="comment-id"))
    result = FeedbackAnalyzer(AnalysisConfig(embedder="tfidf", seed=seed),
                              use_cache=False).fit(corpus)
    themes_s = time.perf_counter() - started
    started = time.perf_counter()
    joined = add_votes(result, wide, comments=read_comment_facts([spec], id_column="comment-id"))
    join_s = time.perf_counter() - started
    agreement = joined.tables["agreement"]
    voted = agreement[(agreement["group_votes"] > 0) & (agreement["theme_id"] >= 0)]
    values = voted["typical_group_agreement"].to_numpy(dtype=float)
    labels = voted["theme_id"].to_numpy(dtype=int)
    observed = eta_squared(values, labels)
    rng = np.random.default_rng(seed)
    shuffled = np.array([eta_squared(values, rng.permutation(labels)) for _ in range(SHUFFLES)])
    themes = joined.tables["theme_agreement"]
    themes = themes[themes["theme_id"] >= 0]
    return {"themes": len(themes), "themed_statements": len(voted), "themes_s": themes_s,
            "join_s": join_s, "eta2": observed, "eta2_shuffled": float(shuffled.mean()),
            "p_shuffled": float((1 + (shuffled >= observed).sum()) / (1 + SHUFFLES)),
            "broad_share": float(voted["broad_agreement"].mean()),
            "broad_share_theme_range": (f"{themes['broad_agreement_share'].min():.2f}-"
                                        f"{themes['broad_agreement_share'].max():.2f}"),
            "divides_share": float(voted["divides_groups"].mean())}


# -- the Polis server's figures -------------------------------------------------------------

def _fixture_votes(folder: Path):
    """A fixture's votes.json through our long-form reader (the last vote of each participant
    on each comment, by time). The fixtures hold export-signed votes (1 = agree): their
    per-group counts equal the server's group-votes exactly, which the flipped sign would not."""
    from analyzer.pipelines.votes import read_votes

    records = pd.DataFrame(json.loads((folder / "votes.json").read_text(encoding="utf-8")))
    records = records.rename(columns={"pid": "participant_id", "tid": "statement_id"})
    table = pd.DataFrame({"participant": records["participant_id"].astype(str),
                          "comment_id": records["statement_id"].astype(str),
                          "vote": records["vote"].astype(int),
                          "timestamp": records["modified"].astype(float)})
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / f"{folder.name}.csv"
        table.to_csv(path, index=False)
        return read_votes(path)


def server_check(folder: Path, seed: int = 42) -> dict:
    from analyzer.pipelines.votes import OpinionGroups, comment_agreement
    from analyzer.themes.votes import group_letter

    math = json.loads((folder / "math-pca2.json").read_text(encoding="utf-8"))
    votes = _fixture_votes(folder)
    base = dict(zip(math["base-clusters"]["id"], math["base-clusters"]["members"]))
    server = {str(p): group_letter(g["id"]) for g in math["group-clusters"]
              for b in g["members"] for p in base[b]}
    labels = pd.Series(server, dtype=object)
    order = tuple(group_letter(g["id"]) for g in math["group-clusters"])
    table = comment_agreement(votes, OpinionGroups(labels, order, "server")).set_index(
        "comment_id")
    tids = [str(t) for t in math["tids"]]
    mismatched = 0
    for group in math["group-clusters"]:
        letter = group_letter(group["id"])
        for tid, stats in math["group-votes"][str(group["id"])]["votes"].items():
            ours = table.loc[tid]
            if (ours[f"{letter}_agree"], ours[f"{letter}_disagree"],
                    ours[f"{letter}_agree"] + ours[f"{letter}_disagree"] + ours[f"{letter}_pass"]
                    ) != (stats["A"], stats["D"], stats["S"]):
                mismatched += 1
    stated = pd.Series({str(k): v for k, v in math["group-aware-consensus"].items()})
    gac_diff = (table.loc[tids, "group_aware_consensus"] - stated.reindex(tids)).abs()
    repness_diff, picked = 0.0, 0
    for gid, picks in math["repness"].items():
        letter = group_letter(int(gid))
        for pick in picks:
            kind = "agree" if pick["repful-for"] == "agree" else "disagree"
            ours = table.loc[str(pick["tid"]), f"{letter}_repness_{kind}"]
            repness_diff = max(repness_diff, abs(ours - pick["repness"]))
            picked += 1
    row = {"fixture": folder.name, "participants": len(votes.participants),
           "server_grouped": len(labels), "k_server": len(order),
           "count_cells": 3 * sum(len(math["group-votes"][str(g["id"])]["votes"])
                                  for g in math["group-clusters"]),
           "count_mismatches": mismatched, "gac_comments": int(gac_diff.notna().sum()),
           "gac_max_abs_diff": float(gac_diff.max()), "repness_checked": picked,
           "repness_max_abs_diff": repness_diff}
    row.update(server_clustering_check(votes, math, labels, seed))
    return row


def server_clustering_check(votes, math: dict, server: pd.Series, seed: int) -> dict:
    """Computed groups against the server's: who is clustered, then the groups as chosen, at
    the server's k, and at the server's k started from the server's own group centres (its
    state from the update before; the axes' signs matched to the server's projection)."""
    from analyzer.pipelines.votes import computed_groups

    moderated = [str(t) for t in math.get("mod-out") or []]
    computed = computed_groups(votes, seed=seed, moderated_out=moderated)
    in_conv = {str(p) for p in math["in-conv"]}
    ours = set(computed.labels.index)
    k = len(math["group-clusters"])
    at_k = computed_groups(votes, seed=seed, moderated_out=moderated, group_count=k)
    signs = _axis_signs(computed.positions, math)
    centres = [[signs[0] * g["center"][0], signs[1] * g["center"][1]]
               for g in math["group-clusters"]]
    seeded = computed_groups(votes, seed=seed, moderated_out=moderated, group_count=k,
                             start_centers=centres)

    def agreement(found) -> float:
        both = server.index.intersection(found.labels.index)
        return adjusted_rand_score(server[both], found.labels[both])

    return {"in_conv_missing": len(in_conv - ours), "in_conv_extra": len(ours - in_conv),
            "k_computed": len(computed.order), "ari": agreement(computed),
            "ari_at_server_k": agreement(at_k), "ari_server_start": agreement(seeded)}


def _axis_signs(positions: pd.DataFrame, math: dict) -> tuple[int, int]:
    """+1 or -1 per PCA axis: whether ours points the way the server's does (a PCA axis has
    no sign of its own), from the server's projection of each participant's base cluster."""
    base = math["base-clusters"]
    server_xy = pd.DataFrame({str(p): (x, y) for members, x, y in
                              zip(base["members"], base["x"], base["y"]) for p in members},
                             index=["x", "y"]).T
    both = positions.index.intersection(server_xy.index)
    return tuple(1 if np.dot(positions.loc[both, axis], server_xy.loc[both, axis]) >= 0
                 else -1 for axis in ("x", "y"))


# -- the report -----------------------------------------------------------------------------

def markdown(rows: pd.DataFrame, servers: pd.DataFrame | None, command: str) -> str:
    lines = ["# Votes joined with themes (issue 19)", "",
             f"Command: `{command}` (one run on a shared 2-core machine; times are noisy).",
             ""]
    if servers is not None and len(servers):
        lines += ["## Against the Polis server's own figures", "",
                  "DIR: `tests/fixtures` of github.com/polis-community/red-dwarf at v0.4.0 "
                  "(commit 4dbbab1), five conversations with the server's math-pca2.json. "
                  "Per-group vote counts (`count_cells`: agree, disagree and seen per group and "
                  "comment), group-aware consensus and representativeness (of the statements "
                  "the server picked as representative) computed from each fixture's votes "
                  "with the server's own groups, against the server's figures; then opinion "
                  "groups computed from the votes alone, against the server's clustering.", "",
                  "`in_conv_missing` / `in_conv_extra`: participants the server clusters "
                  "(its `in-conv`) that we do not, and the other way round. `ari`: adjusted "
                  "Rand index of our groups against the server's over the participants both "
                  "grouped, k chosen by silhouette; `ari_at_server_k`: k fixed to the "
                  "server's; `ari_server_start`: k fixed and k-means started from the "
                  "server's own group centres, its state from the update before (what "
                  "red-dwarf's own tests do).", "",
                  _table(servers, {"count_mismatches": "{:d}", "gac_max_abs_diff": "{:.1e}",
                                   "repness_max_abs_diff": "{:.1e}", "ari": "{:.3f}",
                                   "ari_at_server_k": "{:.3f}",
                                   "ari_server_start": "{:.3f}"}), ""]
        exact = int((servers["ari_server_start"] > 0.999).sum())
        lines += [f"From the server's state the groups are the server's in {exact} of "
                  f"{len(servers)}; from a fresh start, ARI median "
                  f"{servers['ari'].median():.3f} (at the server's k: "
                  f"{servers['ari_at_server_k'].median():.3f}). The server's groups depend "
                  "on its history (centres carried from update to update, k held back until "
                  "four updates agree), which one snapshot of the votes does not hold.", ""]
    lines += ["## Polis open data: reading, opinion groups, themes", "",
              "`counts_equal_final`: comments whose agree and disagree totals from "
              "participants-votes.csv equal comments.csv's; `counts_equal_all_rows`: the same "
              "counting every row of votes.csv, superseded votes included (comments.csv counts "
              "those); `long_equals_wide`: our long-form reading of votes.csv (last vote wins) "
              "gives exactly the export's vote matrix. `ari`: computed opinion groups against "
              "the export's group-id, over the participants both placed in a group; "
              "`ari_at_export_k`: the same with k fixed to the export's. `eta2`: "
              "share of the variance of typical_group_agreement between statements that the "
              "text themes account for, beside the mean over "
              f"{SHUFFLES} shuffles of the theme labels and the share of shuffles at least as "
              "high (p).", "",
              _table(rows, {"read_s": "{:.2f}", "groups_s": "{:.1f}", "ari": "{:.3f}",
                            "ari_at_export_k": "{:.3f}",
                            "themes_s": "{:.1f}", "join_s": "{:.1f}", "eta2": "{:.3f}",
                            "eta2_shuffled": "{:.3f}", "p_shuffled": "{:.3f}",
                            "broad_share": "{:.2f}", "divides_share": "{:.2f}"}), ""]
    if "ari" in rows:
        lines += [f"Computed groups against the export's group-id: ARI median "
                  f"{rows['ari'].median():.3f}, mean {rows['ari'].mean():.3f}, at least 0.8 "
                  f"in {int((rows['ari'] >= 0.8).sum())} of {len(rows)}; the number of groups "
                  f"agrees in {int((rows['k_export'] == rows['k_computed']).sum())}; with "
                  f"the export's k, median {rows['ari_at_export_k'].median():.3f}, at least "
                  f"0.8 in {int((rows['ari_at_export_k'] >= 0.8).sum())}.", ""]
    if "eta2" in rows:
        above = int((rows["eta2"] > rows["eta2_shuffled"]).sum())
        clear = int((rows["p_shuffled"] <= 0.05).sum())
        lines += [f"Themes and agreement: eta squared {rows['eta2'].min():.3f} to "
                  f"{rows['eta2'].max():.3f} (median {rows['eta2'].median():.3f}); above the "
                  f"shuffled mean in {above} of {len(rows)}, with p <= 0.05 in {clear}.", ""]
    return "\n".join(lines)


def _cell(value, pattern: str | None) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer() and pattern is None:
        return str(int(value))  # a count in a column with blanks
    return pattern.format(value) if pattern else str(value)


def _table(frame: pd.DataFrame, formats: dict[str, str]) -> str:
    shown = pd.DataFrame({column: [_cell(v, formats.get(column)) for v in frame[column]]
                          for column in frame.columns})
    header = "| " + " | ".join(shown.columns) + " |"
    rule = "|" + "|".join("---" for _ in shown.columns) + "|"
    body = ["| " + " | ".join(row) + " |" for row in shown.to_numpy()]
    return "\n".join([header, rule, *body])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--conversations", help="comma-separated folder names (default: all)")
    parser.add_argument("--no-themes", action="store_true", help="skip the theme analyses")
    parser.add_argument("--server-math", type=Path,
                        help="folder of folders with votes.json and math-pca2.json")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    names = args.conversations.split(",") if args.conversations else None
    servers = None
    if args.server_math:
        folders = sorted(args.server_math.iterdir())
        servers = pd.DataFrame([server_check(folder) for folder in folders
                                if (folder / "math-pca2.json").exists()])
        print(servers.to_string(index=False), flush=True)
    rows = []
    for folder in conversations(names):
        row, wide = export_checks(folder)
        row.update(group_check(folder, wide))
        if not args.no_themes:
            row.update(theme_check(folder, wide))
        print(row, flush=True)
        rows.append(row)
    command = "python -m benchmarks.votes" + (f" --conversations {args.conversations}"
                                              if names else "") + \
        (" --no-themes" if args.no_themes else "") + \
        (" --server-math DIR" if args.server_math else "")
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "votes.md").write_text(markdown(pd.DataFrame(rows), servers, command) + "\n",
                                       encoding="utf-8")
    print(f"wrote {args.out / 'votes.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
