"""Theme labels a person would write: the noun phrases that set a theme apart.

Keyword lists such as `0_the_and_bus` are unreadable in a meeting. For each theme we read the
comments nearest its centre with spaCy (tagger and lemmatizer only, batched; the coarse
part of speech comes straight from the fine tag, which is much faster than spaCy's
attribute ruler and all that phrase finding needs), collect noun
phrases (adjectives and nouns ending in a noun, lemmatised), and score each phrase by how
many of the theme's comments use it, discounted by how many other themes use it too (the
class-based TF-IDF idea applied to phrases). The label is the best phrase, joined by "and"
to a second one when that adds a different idea.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Iterable, Iterator, Sequence

import numpy as np

from analyzer.pipelines.stopwords import STOP_WORDS
from analyzer.pipelines.workers import map_in_chunks
from analyzer.themes.languages import UNDETERMINED, main_language

PHRASE_TAGS = {"ADJ", "NOUN", "PROPN"}
PARALLEL_FROM = 400
"""Comments to tag from which two processes pay for their start (about 0.1 s)."""
TEXTS_PER_TASK = 100
MAX_PHRASE_WORDS = 3
LABEL_COMPONENTS = ("tok2vec", "tagger", "lemmatizer")
COARSE_TAGS = {"NN": ("NOUN", "Number=Sing"), "NNS": ("NOUN", "Number=Plur"),
               "NNP": ("PROPN", "Number=Sing"), "NNPS": ("PROPN", "Number=Plur"),
               "JJ": ("ADJ", "Degree=Pos"), "JJR": ("ADJ", "Degree=Cmp"),
               "JJS": ("ADJ", "Degree=Sup")}
"""Penn Treebank tag -> (universal part of speech, morphology) for the tags phrases use.
The lemmatizer needs both: a singular noun ("class", "crisis") is left as it is."""
MAX_ACRONYM_LETTERS = 5
"""Longer words in capitals are shouting ("BUSES"), shown in lower case."""
MIN_MAIN_LANGUAGE_COMMENTS = 2
"""Main-language comments a theme needs for its label to be read from them alone."""
VAGUE_ADJECTIVES = frozenset("""
real good great bad better best worse worst big huge small whole other same different certain
actual entire various several nice awesome terrible horrible main important little new
""".split())
"""Adjectives that make a phrase vaguer, not more specific ("real classroom"): no phrase
starts with one, so the noun phrase without it is used."""


def _phrases(doc, lemmatise: bool = True) -> dict[str, str]:
    """Runs of adjectives/nouns ending in a noun, 1-3 words long: lower-case key -> how to
    show it. Keys are lemmatised when the text is English (the English lemmatizer would turn
    Spanish "gracias" into "gracia"); the shown form keeps acronyms and proper nouns as
    written ("WKU", "Bowling Green")."""
    found: dict[str, str] = {}
    run: list = []
    for token in list(doc) + [None]:
        if token is not None and token.pos_ in PHRASE_TAGS and token.is_alpha:
            run.append(token)
            continue
        for end, last in enumerate(run):
            if last.pos_ not in {"NOUN", "PROPN"}:
                continue
            for size in range(1, MAX_PHRASE_WORDS + 1):
                tokens = run[max(0, end - size + 1):end + 1]
                words = [(t.lemma_ if lemmatise else t.text).lower() for t in tokens]
                vague = words[0] in VAGUE_ADJECTIVES and tokens[0].pos_ == "ADJ"
                if (len(words) == size and not vague and not _ends_a_compound(tokens[0])
                        and all(w not in STOP_WORDS and len(w) > 2 for w in words)):
                    found[" ".join(words)] = " ".join(
                        _as_written(t, word) for t, word in zip(tokens, words))
        run = []
    return found


def _ends_a_compound(token) -> bool:
    """Whether the token is the second half of a hyphenated word ("time" in "real-time"):
    a phrase starting there would read as a fragment ("time bus tracking")."""
    if token.i < 2:
        return False
    hyphen = token.nbor(-1)
    return hyphen.text == "-" and not hyphen.whitespace_ and not token.nbor(-2).whitespace_


def _as_written(token, word: str) -> str:
    """`word` (the token's key form) as a label shows it: acronyms in capitals ("IEP" for
    "IEPs"), proper nouns and adjectives ("American") capitalised inside a clause kept as
    written; capitals that only open a sentence or list item are dropped."""
    acronym = token.text.removesuffix("s")
    if 1 < len(acronym) <= MAX_ACRONYM_LETTERS and acronym.isupper() \
            and word.upper() == acronym.upper():
        return word.upper()
    title_case = token.i > 0 and token.nbor(-1).text[:1].isupper() and _opens(token.nbor(-1))
    if (token.pos_ in ("PROPN", "ADJ") and token.text[:1].isupper() and not _opens(token)
            and not title_case):
        return token.text
    return word


def _opens(token) -> bool:
    """Whether the token starts a sentence, a line or a clause after punctuation."""
    if token.i == 0 or token.is_sent_start:
        return True
    previous = token.nbor(-1)
    return previous.is_punct or "\n" in previous.text + previous.whitespace_


def _keyword_label(keywords: Sequence[str]) -> str:
    """For a theme without a repeated phrase: its top keyword, and the next one that shares
    no word with it."""
    words = [k for k in keywords if k]
    if not words:
        return "Miscellaneous"
    second = next((k for k in words[1:] if not _share_a_word(k, words[0])), None)
    return _sentence_case(f"{words[0]} and {second}" if second else words[0])


def _share_a_word(phrase: str, other: str) -> bool:
    return bool(set(phrase.split()) & set(other.split()))


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def _label_from(scored: list[tuple[str, float]], coverage: Counter,
                fallback: Sequence[str], shown: dict[str, Counter]) -> str:
    """Best phrase, widened to a longer phrase most of its uses share ('bus' -> 'bus route'),
    joined to a second, unrelated phrase when that one is nearly as strong; each phrase in
    its most common written form."""
    if not scored:
        return _keyword_label(fallback)

    def written(phrase: str) -> str:
        """The most common written form; on a tie, the one with fewer capitals."""
        forms = shown.get(phrase)
        if not forms:
            return phrase
        return max(forms, key=lambda form: (forms[form], -sum(c.isupper() for c in form)))

    def widened(phrase: str) -> str:
        wider = [p for p, _ in scored[:15] if f" {phrase} " in f" {p} " and p != phrase
                 and coverage[p] >= 0.5 * coverage[phrase]]
        return max(wider, key=lambda p: (coverage[p], -len(p))) if wider else phrase

    best, best_score = scored[0]
    best = widened(best)
    for phrase, score in scored[1:6]:
        if score < 0.6 * best_score:
            break
        second = widened(phrase)  # holds every word of `phrase`
        if not _share_a_word(second, best):
            return _sentence_case(f"{written(best)} and {written(second)}")
    return _sentence_case(written(best))


def label_themes(texts: Sequence[str], embeddings: np.ndarray, labels: np.ndarray,
                 centroids: np.ndarray, keywords: dict[int, Sequence[str]],
                 *, languages: Sequence[str] | None = None,
                 per_theme: int = 30) -> dict[int, str]:
    """A readable, unique label for each theme id in `keywords`.

    `languages` gives each text's detected language (None: all English). A label is written
    in the corpus's main language: it is read from the theme's main-language comments nearest
    its centre (all its comments when it has fewer than `MIN_MAIN_LANGUAGE_COMMENTS` of them),
    so a theme English and Spanish speakers share reads the same to both halves of an
    English-speaking meeting. Only English phrases are lemmatised.
    """
    codes = np.asarray(["en"] * len(texts) if languages is None else list(languages),
                       dtype=object)
    main = main_language(codes)
    readable = (codes == main) | (codes == UNDETERMINED)
    theme_ids = sorted(keywords)
    chosen: dict[int, list[int]] = {}
    for theme_id in theme_ids:
        members = np.flatnonzero(labels == theme_id)
        if readable[members].sum() >= MIN_MAIN_LANGUAGE_COMMENTS:
            members = members[readable[members]]
        similarity = embeddings[members] @ centroids[theme_id]
        chosen[theme_id] = members[np.argsort(-similarity, kind="stable")][:per_theme].tolist()
    order = [(t, i) for t in theme_ids for i in chosen[t]]
    phrase_counts: dict[int, Counter] = {t: Counter() for t in theme_ids}
    shown: dict[str, Counter] = {}
    read = [(texts[i], codes[i] in ("en", UNDETERMINED)) for _, i in order]
    for (theme_id, _), phrases in zip(order, _phrases_of(read)):
        phrase_counts[theme_id].update(phrases.keys())
        for key, form in phrases.items():
            shown.setdefault(key, Counter())[form] += 1
    themes_using = Counter()
    for counts in phrase_counts.values():
        themes_using.update(p for p, c in counts.items() if c >= 2)
    result: dict[int, str] = {}
    for theme_id in theme_ids:
        n_docs = max(len(chosen[theme_id]), 1)
        keyword_set = set(keywords[theme_id][:10])
        scored = []
        for phrase, count in phrase_counts[theme_id].items():
            if count < 2:
                continue
            rarity = math.log(1 + len(theme_ids) / max(themes_using[phrase], 1))
            bonus = 1.25 if phrase in keyword_set or set(phrase.split()) & keyword_set else 1.0
            length_bonus = 1.0 + 0.15 * (len(phrase.split()) - 1)
            scored.append((phrase, count / n_docs * rarity * bonus * length_bonus))
        scored.sort(key=lambda item: (-item[1], item[0]))
        result[theme_id] = _label_from(scored, phrase_counts[theme_id],
                                        list(keywords[theme_id]), shown)
    return _make_unique(result, keywords)


def _phrases_of(texts: list[tuple[str, bool]]) -> list[dict[str, str]]:
    """`_phrases` of each (text, is English); many texts are tagged in two processes."""
    from analyzer.nlp import english_pipeline

    english_pipeline(LABEL_COMPONENTS)  # loaded once, before any worker starts
    return map_in_chunks(_phrases_in, texts, chunk_size=TEXTS_PER_TASK,
                         parallel_from=PARALLEL_FROM)


def _phrases_in(texts: list[tuple[str, bool]]) -> list[dict[str, str]]:
    docs = _tagged(text for text, _ in texts)
    return [_phrases(doc, lemmatise) for doc, (_, lemmatise) in zip(docs, texts)]


def _tagged(texts: Iterable[str]) -> Iterator:
    """Docs with fine tags, coarse parts of speech and lemmas."""
    from analyzer.nlp import english_pipeline

    nlp = english_pipeline(LABEL_COMPONENTS)
    tok2vec, tagger, lemmatizer = (nlp.get_pipe(name) for name in LABEL_COMPONENTS)
    docs = tagger.pipe(tok2vec.pipe(nlp.tokenizer.pipe(texts), batch_size=256), batch_size=256)
    for doc in docs:
        for token in doc:
            token.pos_, morph = COARSE_TAGS.get(token.tag_, ("X", ""))
            token.set_morph(morph or None)
        yield lemmatizer(doc)


def _make_unique(labels: dict[int, str], keywords: dict[int, Sequence[str]]) -> dict[int, str]:
    seen: Counter = Counter(labels.values())
    unique = {}
    for theme_id, label in labels.items():
        if seen[label] > 1:
            extra = next((w for w in keywords[theme_id] if w.lower() not in label.lower()), None)
            label = f"{label} ({extra})" if extra else f"{label} ({theme_id})"
        unique[theme_id] = label
    return unique
