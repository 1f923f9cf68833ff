"""Keyword terms: the words and two-word phrases class-based TF-IDF counts.

scikit-learn's CountVectorizer removes stop words before it pairs words, so "coming to school"
yields the bigram "coming school" and "on time. Lower ..." yields "time lower": pairs no
one wrote. Here a bigram is two adjacent words, neither a stop word, in the same clause
(punctuation ends a clause).

Chinese is written without spaces, so a whole sentence would be one "word" that no other
comment repeats. A run of Han characters yields its overlapping character pairs instead
("没有校车" -> "没有", "有校", "校车"), leaving out pairs that are stop words or hold a
grammatical character (`HAN_FUNCTION_CHARACTERS`); frequent pairs such as "校车" (school bus)
then surface as keywords.

The stop words are a parameter: `STOP_WORDS` when the corpus's languages are not known,
`stop_words_for(languages)` when they are.
"""

from __future__ import annotations

import re
from functools import partial
from typing import AbstractSet

from analyzer.pipelines.stopwords import HAN_FUNCTION_CHARACTERS, STOP_WORDS

WORD = re.compile(r"[^\W\d_][^\W\d_'’]+")
CLAUSE_BREAK = re.compile(r"[.,;:!?()\[\]{}\"“”/\n。，、；：！？（）「」『』【】《》]+")
HAN_RUN = re.compile("([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)")


def keyword_terms(text: str, stop_words: AbstractSet[str] = STOP_WORDS) -> list[str]:
    """Lower-cased words of two letters or more that are not stop words, and the pairs of
    such words standing next to each other within a clause; in Chinese, character pairs.

    >>> keyword_terms("Lower the lunch prices!")
    ['lower', 'lunch', 'prices', 'lunch prices']
    >>> keyword_terms("没有校车。")
    ['没有', '有校', '校车']
    """
    terms: list[str] = []
    for clause in CLAUSE_BREAK.split(text.lower()):
        parts = HAN_RUN.split(clause) if HAN_RUN.search(clause) else [clause]
        for i, part in enumerate(parts):
            if i % 2:
                terms += _han_pairs(part, stop_words)
            else:
                terms += _word_terms(part, stop_words)
    return terms


def _word_terms(clause: str, stop_words: AbstractSet[str]) -> list[str]:
    words = WORD.findall(clause)
    terms = [w for w in words if w not in stop_words]
    terms += [pair for a, b in zip(words, words[1:])
              if a not in stop_words and b not in stop_words
              and (pair := f"{a} {b}") not in stop_words]
    return terms


def _han_pairs(run: str, stop_words: AbstractSet[str]) -> list[str]:
    pairs = (run[i:i + 2] for i in range(len(run) - 1))
    return [p for p in pairs if p not in stop_words and HAN_FUNCTION_CHARACTERS.isdisjoint(p)]


def keyword_vectorizer(min_df: int = 1, stop_words: AbstractSet[str] = STOP_WORDS):
    """A CountVectorizer over `keyword_terms` with `stop_words` (picklable)."""
    from sklearn.feature_extraction.text import CountVectorizer

    if stop_words is STOP_WORDS:
        analyzer = keyword_terms
    else:
        analyzer = partial(keyword_terms, stop_words=frozenset(stop_words))
    return CountVectorizer(analyzer=analyzer, min_df=min_df)
