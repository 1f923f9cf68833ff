"""Keyword terms: the words and two-word phrases class-based TF-IDF counts.

scikit-learn's CountVectorizer removes stop words before it pairs words, so "coming to school"
yields the bigram "coming school" and "on time. Lower ..." yields "time lower": pairs no
one wrote. Here a bigram is two adjacent words, neither a stop word, in the same clause
(punctuation ends a clause).
"""

from __future__ import annotations

import re

from analyzer.pipelines.stopwords import STOP_WORDS

WORD = re.compile(r"[^\W\d_][^\W\d_'’]+")
CLAUSE_BREAK = re.compile(r"[.,;:!?()\[\]{}\"“”/\n]+")


def keyword_terms(text: str) -> list[str]:
    """Lower-cased words of two letters or more that are not stop words, and the pairs of
    such words standing next to each other within a clause."""
    terms: list[str] = []
    for clause in CLAUSE_BREAK.split(text.lower()):
        words = WORD.findall(clause)
        terms += [w for w in words if w not in STOP_WORDS]
        terms += [f"{a} {b}" for a, b in zip(words, words[1:])
                  if a not in STOP_WORDS and b not in STOP_WORDS]
    return terms


def keyword_vectorizer(min_df: int = 1):
    """A CountVectorizer over `keyword_terms`."""
    from sklearn.feature_extraction.text import CountVectorizer

    return CountVectorizer(analyzer=keyword_terms, min_df=min_df)
