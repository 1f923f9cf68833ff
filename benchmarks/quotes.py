"""How different from each other a theme's quotes are, on the sample and on a Polis conversation.

    python -m benchmarks.quotes                       # sample + Polis bowling-green, tfidf
    python -m benchmarks.quotes --embedder auto       # the default embedder
    python -m benchmarks.quotes --pairs               # also the similarity of every pair of
                                                      # distinct texts within a theme

Per dataset it prints the real themes, how many of them quote two copies of one campaign,
how many quote two near-duplicates (`analyzer.themes.quotes.are_near_duplicates`: word-set
Jaccard at or above `NEAR_DUPLICATE_SIMILARITY`, same polarity), and how many distinct
groups (the first group column) and languages a theme's quotes span on average. `--pairs`
counts the pairs of distinct texts within the same theme by similarity band, the measurement
behind the threshold.
"""

from __future__ import annotations

import argparse
import itertools
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.datasets import SAMPLE_DIR, load_polis

BANDS = (0.5, 0.6, 0.7, 0.8, 0.9)


def analyse(name: str, embedder: str):
    """(result, group column) of the dataset `name` ('sample' or a Polis conversation)."""
    from analyzer.config import AnalysisConfig
    from analyzer.core import FeedbackAnalyzer
    from analyzer.pipelines.ingest import ColumnRoles, read_inputs

    config = AnalysisConfig(embedder=embedder)
    if name == "sample":
        roles = ColumnRoles(text=("Comment",), groups=("Role",), id="Response ID",
                            round="Round")
        corpus = read_inputs([SAMPLE_DIR / "district_survey.csv"], roles)
        return FeedbackAnalyzer(config, use_cache=False).fit(corpus), "Role"
    dataset = load_polis(name)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "polis.csv"
        dataset.frame[["id", "text", "group"]].to_csv(path, index=False)
        corpus = read_inputs([path], ColumnRoles(text=("text",), groups=("group",), id="id"))
        return FeedbackAnalyzer(config, use_cache=False).fit(corpus), "group"


def quote_summary(result, group: str) -> dict[str, float]:
    from analyzer.themes.quotes import are_near_duplicates

    rows = result.comments.set_index(result.comments["comment_id"].astype(str))
    themes = [t for t in result.themes if t.is_real and t.representative_comment_ids]
    campaign_twice = near_twice = 0
    groups, languages = [], []
    for theme in themes:
        quoted = rows.loc[list(theme.representative_comment_ids)]
        campaigns = quoted["campaign_id"].astype(str)
        campaigns = campaigns[campaigns != ""]
        campaign_twice += bool(campaigns.duplicated().any())
        texts = quoted["text_redacted"].astype(str).tolist()
        near_twice += any(are_near_duplicates(a, b) for a, b in itertools.combinations(texts, 2))
        groups.append(quoted[group].astype(str).nunique())
        languages.append(quoted["language"].astype(str).nunique())
    return {"themes": len(themes), "two_from_one_campaign": campaign_twice,
            "near_duplicate_quotes": near_twice,
            "mean_groups_quoted": float(np.mean(groups)) if groups else 0.0,
            "mean_languages_quoted": float(np.mean(languages)) if languages else 0.0,
            "mean_quotes": float(np.mean([len(t.representative_comment_ids) for t in themes]))}


def pair_bands(result) -> pd.DataFrame:
    """Pairs of distinct texts within a theme, by similarity band, and one example per band."""
    from analyzer.themes.quotes import similarity
    from analyzer.themes.texts import text_keys

    comments = result.comments[result.comments["theme_id"] >= 0]
    distinct = comments[~text_keys(comments).duplicated().to_numpy()]
    counts = dict.fromkeys(BANDS, 0)
    example: dict[float, tuple[str, str]] = {}
    for _, members in distinct.groupby("theme_id"):
        texts = members["text_redacted"].astype(str).tolist()
        for a, b in itertools.combinations(texts, 2):
            score = similarity(a, b)
            for band in reversed(BANDS):
                if score >= band:
                    counts[band] += 1
                    example.setdefault(band, (a[:90], b[:90]))
                    break
    return pd.DataFrame({"from": list(counts), "pairs": list(counts.values()),
                         "example": [example.get(b, ("", "")) for b in counts]})


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embedder", default="tfidf")
    parser.add_argument("--datasets", default="sample,american-assembly.bowling-green")
    parser.add_argument("--pairs", action="store_true")
    args = parser.parse_args(argv)
    for name in args.datasets.split(","):
        result, group = analyse(name, args.embedder)
        print(name, args.embedder, quote_summary(result, group))
        if args.pairs:
            with pd.option_context("display.width", 250, "display.max_colwidth", 200):
                print(pair_bands(result).to_string(index=False))


if __name__ == "__main__":
    main()
