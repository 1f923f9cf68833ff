"""Scale runs: synthetic corpora of 10,000 to 1,000,000 comments through `FeedbackAnalyzer`.

Each size runs in its own child process (`python -m benchmarks.scale --n N`), so the peak
memory it reports is what a user's process would need, not what earlier benchmark rows left
behind. The child prints one JSON line: stage seconds, end-to-end seconds, peak RSS, themes,
unassigned share, NMI/ARI against the planted topic, and how many comments the themes were
fitted on.

The corpus is built from the bundled sample when it exists: every themed sample comment is
split into sentences, pooled by its planted theme, and each synthetic comment draws one to
three sentences of one theme, with an optional opener and closer, so that almost every
comment is distinct (as in a real docket) and the planted theme is known. Without the sample
a small built-in set of sentences is used.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import random
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.datasets import ROOT, SAMPLE_DIR, LabelledSet

ROLES = ("Resident", "Business owner", "Student", "Commuter", "Parent")
OPENERS = ("", "", "", "Honestly,", "I think", "In my view,", "As a long-time resident,",
           "Please note:", "Two things.", "Quick comment:")
CLOSERS = ("", "", "", "Thank you.", "Please fix this.", "This matters.", "It has been years.",
           "Thanks for asking.")
FALLBACK = {
    "transit": ["The bus is always late in the morning.", "We need more frequent trains.",
                "Bus stops need shelters and benches.", "Fares are too high for families."],
    "housing": ["Rent has doubled in five years.", "Build more affordable apartments.",
                "Zoning blocks new homes near transit.", "Property taxes keep rising."],
    "safety": ["Street lights are out on my block.", "Speeding cars near the school scare me.",
               "We need crosswalks on Main Street.", "Police response times are too slow."],
    "parks": ["The park needs more trees and shade.", "Playgrounds are old and broken.",
              "Keep the pool open longer in summer.", "Add trails along the river."],
}
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def sentence_pools(folder: Path = SAMPLE_DIR) -> dict[str, list[str]]:
    """Theme -> distinct sentences from the sample's themed, non-campaign comments."""
    survey, truth = folder / "district_survey.csv", folder / "planted_truth.csv"
    if not (survey.exists() and truth.exists()):
        return FALLBACK
    comments = pd.read_csv(survey, dtype=str, keep_default_na=False)
    planted = pd.read_csv(truth, dtype=str, keep_default_na=False)
    frame = comments.merge(planted, on="Response ID")
    frame = frame[~frame["planted_theme"].isin(["", "empty", "non_answer"])
                  & (frame.get("is_campaign", "0") != "1")]
    pools: dict[str, set[str]] = {}
    for theme, text in zip(frame["planted_theme"], frame["Comment"]):
        for sentence in SENTENCE_END.split(text.strip()):
            if len(sentence.split()) >= 3:
                pools.setdefault(theme, set()).add(sentence)
    return {theme: sorted(sentences) for theme, sentences in sorted(pools.items())}


def synthetic_corpus(n: int, seed: int = 7) -> LabelledSet:
    """`n` comments with a planted `topic` and a `role` group column."""
    rng = random.Random(seed)
    pools = sentence_pools()
    topics = list(pools)
    weights = [1.0 / (rank + 1) ** 0.5 for rank in range(len(topics))]  # some themes larger
    chosen = rng.choices(topics, weights=weights, k=n)
    texts, roles = [], []
    for topic in chosen:
        pool = pools[topic]
        parts = [rng.choice(OPENERS), *rng.sample(pool, min(len(pool), rng.randint(1, 3))),
                 rng.choice(CLOSERS)]
        texts.append(" ".join(p for p in parts if p))
        roles.append(ROLES[(topics.index(topic) + rng.randint(0, 2)) % len(ROLES)])
    frame = pd.DataFrame({"id": [f"s{i:07d}" for i in range(n)], "text": texts,
                          "role": roles, "topic": chosen})
    return LabelledSet(f"synthetic-{n}", frame, ("topic",), ("role",))


def run_child(n: int, embedder: str, redact_names: bool = True,
              profile_to: Path | None = None) -> dict:
    """Generate, then time one end-to-end run in this process (the child side).

    Imports and model loads happen first, in a 90-comment warm-up whose seconds are reported
    apart (`startup_seconds`): a one-off per process, not a cost per comment.
    """
    from benchmarks.measure import PeakRSS, agreement, hwm_mb, theme_summary
    from benchmarks.ours import fit_ours_end_to_end, warm_up

    startup = warm_up(embedder, redact_names)
    dataset = synthetic_corpus(n)
    distinct = int(dataset.frame["text"].str.lower().nunique())
    profiler = cProfile.Profile() if profile_to else None
    with PeakRSS() as peak:
        start = time.perf_counter()
        if profiler:
            profiler.enable()
        fit = fit_ours_end_to_end(dataset, embedder, redact_names=redact_names)
        if profiler:
            profiler.disable()
        total = time.perf_counter() - start
    if profiler:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
        stats.print_stats(40)
        stats.print_stats("analyzer", 40)
        profile_to.write_text(out.getvalue())
    nmi, ari = agreement(fit.themes, dataset.frame["topic"].to_numpy())
    n_themes, unassigned = theme_summary(fit.themes)
    return {"n": n, "embedder": embedder, "redact_names": redact_names,
            "startup_seconds": startup, "stages": fit.stages.seconds, "e2e_seconds": total,
            "peak_rss_mb": max(peak.mb, hwm_mb() or 0.0), "themes": n_themes,
            "unassigned": unassigned, "nmi": nmi, "ari": ari, "distinct_texts": distinct,
            "n_fitted": fit.detail["n_fitted"], "n_topics_planted": dataset.n_labels("topic")}


def run_scale(n: int, embedder: str, *, redact_names: bool = True, timeout: float,
              profile_to: Path | None = None) -> dict:
    """Run one size in a child process; returns its JSON, or an `error` entry."""
    command = [sys.executable, "-m", "benchmarks.scale", "--n", str(n), "--embedder", embedder]
    if not redact_names:
        command.append("--no-redact-names")
    if profile_to:
        command += ["--profile", str(profile_to)]
    start = time.perf_counter()
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"n": n, "embedder": embedder, "redact_names": redact_names,
                "error": f"timed out after {timeout:.0f} s"}
    wall = time.perf_counter() - start
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        return {"n": n, "embedder": embedder, "redact_names": redact_names,
                "error": " | ".join(tail) or f"exit {done.returncode}"}
    result = json.loads(lines[-1])
    result["process_seconds"] = wall
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, required=True)
    parser.add_argument("--embedder", default="static")
    parser.add_argument("--no-redact-names", dest="redact_names", action="store_false",
                        help="cleaning without spaCy's name recognition")
    parser.add_argument("--profile", type=Path, default=None,
                        help="write the costliest calls (cumulative; all, then analyzer's) "
                             "to this file")
    args = parser.parse_args(argv)
    np.seterr(all="ignore")
    print(json.dumps(run_child(args.n, args.embedder, args.redact_names, args.profile)))


if __name__ == "__main__":
    main()
