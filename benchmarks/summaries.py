"""How often a theme's summary sentence speaks for the theme, on the bundled sample.

    python -m benchmarks.summaries               # TF-IDF vectors (a minute on two cores)
    python -m benchmarks.summaries --embedder auto

Each kept comment of `sample_feedback/district_survey.csv` has a planted topic
(`planted_truth.csv`). A theme's majority topic is the most common planted topic among its
comments; a summary is on topic when the comment it was taken from was planted on that
topic. Printed: the fraction on topic for `analyzer.themes.summaries` and, for scale, for the
plain choice of the first sentence of 8-30 words in the theme's first comment.
"""

from __future__ import annotations

import argparse

import pandas as pd

from benchmarks.datasets import SAMPLE_DIR


def first_sentence_baseline(rows) -> tuple[str, str]:
    """(sentence, comment_id): the first sentence of 8-30 words in the theme's comments."""
    from analyzer.themes.summaries import split_sentences

    for comment_id, text, _ in rows:
        for sentence in split_sentences(text):
            if 8 <= len(sentence.split()) <= 30:
                return sentence, comment_id
    return rows[0][1], rows[0][0]


def purity(sentence: str, comments: pd.DataFrame, truth: pd.Series, topic: str) -> float:
    """The share of all comments holding `sentence` that were planted on `topic`: an opener
    every role writes scores low even when its first comment happens to be on topic."""
    holding = comments.loc[comments["text_redacted"].str.contains(sentence, regex=False),
                           "comment_id"]
    return float((truth.reindex(holding) == topic).mean()) if len(holding) else 0.0


def main(argv=None) -> None:
    from analyzer import AnalysisConfig, FeedbackAnalyzer, read_inputs
    from analyzer.dashboard import state
    from analyzer.themes.summaries import summarise_result, theme_rows

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embedder", default="tfidf")
    args = parser.parse_args(argv)
    corpus = read_inputs([state.SAMPLE_FILE], state.SAMPLE_ROLES)
    result = FeedbackAnalyzer(AnalysisConfig(embedder=args.embedder), use_cache=False).fit(corpus)
    truth = pd.read_csv(SAMPLE_DIR / "planted_truth.csv").set_index("Response ID")[
        "planted_theme"]
    rows = theme_rows(result)
    summaries = summarise_result(result)
    hits, pure = {"ours": 0, "plain": 0}, {"ours": [], "plain": []}
    for theme_id, summary in summaries.items():
        majority = truth.reindex([r[0] for r in rows[theme_id]]).value_counts().index[0]
        picks = {"ours": (summary.sentence, summary.comment_id) if summary else ("", ""),
                 "plain": first_sentence_baseline(rows[theme_id])}
        for name, (sentence, comment_id) in picks.items():
            hits[name] += truth.get(comment_id) == majority
            pure[name].append(purity(sentence, result.comments, truth, majority))
        print(f"{theme_id:>3} {result.theme(theme_id).label[:32]:<32} {majority:<16} "
              f"{pure['ours'][-1]:.2f} {picks['ours'][0]}")
    n = len(summaries)
    for name, what in (("ours", "analyzer.themes.summaries"),
                       ("plain", "first 8-30-word sentence of the theme's first comment")):
        print(f"{what}: from a comment on the theme's majority topic {hits[name]}/{n} = "
              f"{hits[name] / n:.2f}; comments holding the sentence on that topic, mean "
              f"{sum(pure[name]) / n:.2f}, lowest {min(pure[name]):.2f}")
    print(f"embedder {args.embedder}")


if __name__ == "__main__":
    main()
