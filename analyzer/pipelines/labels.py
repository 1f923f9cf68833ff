"""Theme names a person would write: the noun phrases that set a theme apart.

Keyword lists such as `0_the_and_bus` are unreadable in a meeting. For each theme we read the
comments nearest its centre with spaCy (tagger and lemmatizer only, batched; the coarse
part of speech comes straight from the fine tag, which is much faster than spaCy's
attribute ruler and all that phrase finding needs) and collect noun phrases (adjectives and
nouns ending in a noun, lemmatised). Each phrase is then looked for in all of every theme's
comments (0.2 s for the sample's 2,000) and scored by the share of its theme's comments that
use it, discounted by how many themes use it (the class-based TF-IDF idea applied to
phrases). A phrase that half the themes use names none of them: on the Bowling Green Polis
conversation the city's name was the label of a theme and turned up in 7 of its 13 themes.

The name is the best phrase, widened to a longer one that covers most of its uses, joined by
"and" to a second one only when no single phrase covers `GOOD_PHRASE_COVERAGE` of the
theme; sibling themes may take a family name (`analyzer.pipelines.theme_families`); the next
phrases are kept as alternatives for a reviewer.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import AbstractSet, Iterable, Iterator, Sequence

import numpy as np

from analyzer.pipelines.cluster import closest_first
from analyzer.pipelines.stopwords import STOP_WORDS
from analyzer.pipelines.terms import CLAUSE_BREAK
from analyzer.pipelines.theme_families import family_labels
from analyzer.pipelines.workers import map_in_chunks
from analyzer.themes.languages import UNDETERMINED, main_language

PHRASE_TAGS = {"ADJ", "NOUN", "PROPN"}
PARALLEL_FROM = 400
"""Comments to tag from which two processes pay for their start (about 0.1 s)."""
TEXTS_PER_TASK = 100
MAX_PHRASE_WORDS = 4
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
PHRASE_WORD = re.compile(r"[^\W\d_]+")
"""A word as spaCy's alphabetic tokens are: letters only ("kids'" -> "kids")."""
USED_BY_SHARE = 0.02
"""A theme uses a phrase when at least this share of its comments holds it."""
WIDER_PHRASE_SHARE = 0.5
"""A longer phrase replaces a shorter one inside it when it covers at least this share of the
shorter one's uses ("bus" -> "bus route")."""
GOOD_PHRASE_COVERAGE = 0.35
"""A phrase this share of a theme's comments use names it alone; below it, a second phrase
may join it with "and"."""
SECOND_PHRASE_SCORE = 0.6
"""A second phrase joins a label that covers too little of its theme when it scores at least
this share of the best."""
SECOND_IDEA_SCORE, SECOND_IDEA_COVERAGE = 0.75, 0.7
"""A one-word label takes a second phrase scoring at least 0.75 of it and used by at least
0.7 as many comments. On the sample (TF-IDF) it turns "Art", "Raise", "StudentHub",
"Bathroom" and "Spanish" into "Art and music", "Raise and teacher salary", "StudentHub and
wifi", "Bathroom and hallway", "Spanish and interpreter"; "Portable" stays alone ("roof" is
in 29 % of its comments against 46 %), as do "Bus", "Lunch" and "Homework"."""
MAX_ALTERNATIVES = 4
COMMON_WORD_PENALTY = 0.5
"""A phrase holding words most themes use ("Springfield park") loses up to this share of
its score, by the share of its words that are common, so the phrase without them wins."""


def _phrases(doc, lemmatise: bool = True) -> dict[str, tuple[str, str]]:
    """Runs of adjectives/nouns ending in a noun, 1-4 words long: lower-case key -> (how to
    show it, how it was written in lower case). Keys are lemmatised when the text is English
    (the English lemmatizer would turn Spanish "gracias" into "gracia"); the shown form keeps
    acronyms and proper nouns as written ("WKU", "Bowling Green"); the written form is what
    `_phrase_rates` looks for in the rest of the comments."""
    found: dict[str, tuple[str, str]] = {}
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
                    found[" ".join(words)] = (
                        " ".join(_as_written(t, word) for t, word in zip(tokens, words)),
                        " ".join(t.text.lower() for t in tokens))
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


def _keyword_label(keywords: Sequence[str], avoided: AbstractSet[str]) -> str:
    """For a theme without a repeated phrase: its top keyword, and the next one that shares
    no word with it; keywords made only of `avoided` (common) words are passed over."""
    words = [k for k in keywords if k and not set(k.split()) <= avoided] or \
        [k for k in keywords if k]
    if not words:
        return "Miscellaneous"
    second = next((k for k in words[1:] if not _share_a_word(k, words[0])), None)
    return _sentence_case(f"{words[0]} and {second}" if second else words[0])


def _share_a_word(phrase: str, other: str) -> bool:
    return bool(set(phrase.lower().split()) & set(other.lower().split()))


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class ThemeName:
    """A theme's label and the next best names, for a reviewer to choose from."""

    label: str
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Candidates:
    """One theme's phrases, best first, with what `_names_from` needs to read them."""

    scored: list[tuple[str, float]]
    coverage: dict[str, float]
    """Share of the theme's comments that use each phrase."""
    written: dict[str, str]
    """Each phrase in its most common shown form."""


def _names_from(found: _Candidates, fallback: Sequence[str], avoided: AbstractSet[str],
                everywhere: AbstractSet[str] = frozenset(),
                n_alternatives: int = MAX_ALTERNATIVES, opening=_sentence_case) -> ThemeName:
    """Best phrase, widened to a longer phrase most of its uses share ('bus' -> 'bus route')
    unless that adds a word `everywhere` (every theme) uses ('park', not 'Springfield park'),
    joined to a second, unrelated phrase only when no one phrase covers the theme well and
    the second is nearly as strong; then the next distinct phrases as alternatives."""
    scored, coverage = found.scored, found.coverage
    if not scored:
        return ThemeName(_keyword_label(fallback, avoided))

    def widened(phrase: str) -> str:
        wider = [p for p, _ in scored[:15] if f" {phrase} " in f" {p} " and p != phrase
                 and coverage[p] >= WIDER_PHRASE_SHARE * coverage[phrase]
                 and not (set(p.split()) - set(phrase.split())) & everywhere]
        return max(wider, key=lambda p: (coverage[p], -len(p))) if wider else phrase

    def shown(phrase: str) -> str:
        return opening(found.written.get(phrase, phrase))

    best, best_score = scored[0]
    best = widened(best)
    label = shown(best)
    one_word = " " not in best
    if one_word or coverage[best] < GOOD_PHRASE_COVERAGE:
        least_score = SECOND_IDEA_SCORE if one_word else SECOND_PHRASE_SCORE
        least_coverage = SECOND_IDEA_COVERAGE * coverage[best] if one_word else 0.0
        for phrase, score in scored[1:6]:  # best first, so the rest score lower still
            if score < least_score * best_score:
                break
            second = widened(phrase)  # holds every word of `phrase`
            if not _share_a_word(second, best) and coverage[second] >= least_coverage:
                label = f"{label} and {found.written.get(second, second)}"
                break
    alternatives: list[str] = []
    seen = {label.lower()}
    for phrase, _ in scored:
        name = shown(widened(phrase))
        if name.lower() not in seen:
            seen.add(name.lower())
            alternatives.append(name)
        if len(alternatives) == n_alternatives:
            break
    return ThemeName(label, tuple(alternatives))


def label_themes(texts: Sequence[str], embeddings: np.ndarray, labels: np.ndarray,
                 centroids: np.ndarray, keywords: dict[int, Sequence[str]],
                 *, languages: Sequence[str] | None = None, per_theme: int = 30,
                 family_names: bool = True, estimated: np.ndarray | None = None
                 ) -> dict[int, ThemeName]:
    """A readable, unique name, and up to `MAX_ALTERNATIVES` others, for each theme id in
    `keywords`.

    Candidate phrases are read with spaCy from the `per_theme` comments nearest each theme's
    centre; each is then counted in all of every theme's comments (`_phrase_rates`), so a
    phrase scores by the share of its theme that uses it, discounted by how many themes use
    it. A phrase (or one made only of words) used by at least half the themes, such as the
    city's name in a city's consultation, names none of them.

    `languages` gives each text's detected language (None: all English). A name is written
    in the corpus's main language: it is read from the theme's main-language comments (all
    its comments when it has fewer than `MIN_MAIN_LANGUAGE_COMMENTS` of them), so a theme
    English and Spanish speakers share reads the same to both halves of an English-speaking
    meeting. Only English phrases are lemmatised.

    `family_names`: sibling themes of the Ward tree of the centroids that share a phrase get
    it as a prefix ("Bus: crossing guard"), see `analyzer.pipelines.theme_families`.
    `estimated`: rows whose embeddings are estimates; phrases are read from exact ones first
    (`cluster.closest_first`).
    """
    codes = np.asarray(["en"] * len(texts) if languages is None else list(languages),
                       dtype=object)
    main = main_language(codes)
    readable = (codes == main) | (codes == UNDETERMINED)
    theme_ids = sorted(keywords)
    members_of: dict[int, np.ndarray] = {}
    chosen: dict[int, list[int]] = {}
    for theme_id in theme_ids:
        members = np.flatnonzero(labels == theme_id)
        if readable[members].sum() >= MIN_MAIN_LANGUAGE_COMMENTS:
            members = members[readable[members]]
        members_of[theme_id] = members
        chosen[theme_id] = closest_first(members, embeddings, centroids[theme_id],
                                         estimated)[:per_theme].tolist()
    order = [(t, i) for t in theme_ids for i in chosen[t]]
    nearest_counts: dict[int, Counter] = {t: Counter() for t in theme_ids}
    shown: dict[str, Counter] = {}
    surfaces: dict[str, set[str]] = {}
    read = [(texts[i], codes[i] in ("en", UNDETERMINED)) for _, i in order]
    for (theme_id, _), phrases in zip(order, _phrases_of(read)):
        nearest_counts[theme_id].update(phrases.keys())
        for key, (form, surface) in phrases.items():
            shown.setdefault(key, Counter())[form] += 1
            surfaces.setdefault(key, set()).add(surface)
    candidates = sorted({p for counts in nearest_counts.values() for p, c in counts.items()
                         if c >= 2})
    rates = _phrase_rates(texts, [members_of[t] for t in theme_ids], candidates, surfaces)
    spread = _themes_using(rates, np.array([len(members_of[t]) for t in theme_ids]))
    common = {p for p, n in spread.items() if n >= max(2, len(theme_ids) / 2)}
    common_words = {p for p in common if " " not in p}
    everywhere = {p for p in common_words if spread[p] == len(theme_ids)}
    written = {p: _most_common_form(forms) for p, forms in shown.items()}
    found: dict[int, _Candidates] = {}
    for row, theme_id in enumerate(theme_ids):
        keyword_set = set(keywords[theme_id][:10])
        scored = []
        coverage = {}
        for phrase, count in nearest_counts[theme_id].items():
            words = phrase.split()
            if count < 2 or phrase in common or set(words) <= common_words:
                continue
            coverage[phrase] = rates[phrase][row]
            rarity = math.log(1 + len(theme_ids) / max(spread[phrase], 1))
            bonus = 1.25 if phrase in keyword_set or set(words) & keyword_set else 1.0
            length_bonus = 1.0 + 0.15 * (len(words) - 1)
            shared_words = sum(w in common_words for w in words) / len(words)
            commonness = 1.0 - COMMON_WORD_PENALTY * shared_words
            scored.append((phrase, coverage[phrase] * rarity * bonus * length_bonus * commonness))
        scored.sort(key=lambda item: (-item[1], item[0]))
        found[theme_id] = _Candidates(scored, coverage, written)
    def name_of(theme_id: int) -> ThemeName:
        return _names_from(found[theme_id], list(keywords[theme_id]), common_words, everywhere)

    names = _without_shared_labels({t: name_of(t) for t in theme_ids}, found, name_of)
    if family_names:
        own = {t: _names_from(found[t], list(keywords[t]), common_words, everywhere,
                              opening=str).label
               for t in theme_ids}
        coverage = {t: found[t].coverage for t in theme_ids}
        for theme_id, label in family_labels(own, coverage, written, centroids, rates,
                                             common).items():
            others = (names[theme_id].label,) + names[theme_id].alternatives
            names[theme_id] = ThemeName(label, others[:MAX_ALTERNATIVES])
    return _make_unique(names, keywords)


def _without_shared_labels(names: dict[int, ThemeName], found: dict[int, _Candidates],
                           name_of) -> dict[int, ThemeName]:
    """Themes that would share a label: the one whose comments use its first phrase most
    keeps it, the others are named again without the phrases sharing a word with it
    ("Warren county" names the
    theme about the county's internet, not one that mentions the county a tenth as often).
    Two rounds; `_make_unique` settles what is left."""
    names = dict(names)
    for _ in range(2):
        by_label: dict[str, list[int]] = {}
        for theme_id, name in names.items():
            by_label.setdefault(name.label, []).append(theme_id)
        clashes = [ids for ids in by_label.values() if len(ids) > 1]
        if not clashes:
            break
        for ids in clashes:
            def use(theme_id: int) -> float:
                scored = found[theme_id].scored
                return found[theme_id].coverage[scored[0][0]] if scored else 0.0
            keeper = max(ids, key=lambda t: (use(t), -t))
            taken = found[keeper].scored[0][0] if found[keeper].scored else ""
            for theme_id in ids:
                rest = [(p, s) for p, s in found[theme_id].scored if not _share_a_word(p, taken)]
                if theme_id != keeper and rest:
                    found[theme_id] = replace(found[theme_id], scored=rest)
                    names[theme_id] = name_of(theme_id)
    return names


def _most_common_form(forms: Counter) -> str:
    """The most common shown form of a phrase; on a tie, the one with fewer capitals."""
    return max(forms, key=lambda form: (forms[form], -sum(c.isupper() for c in form)))


def _phrase_rates(texts: Sequence[str], members: Sequence[np.ndarray], phrases: Sequence[str],
                  surfaces: dict[str, set[str]]) -> dict[str, np.ndarray]:
    """For each phrase, the share of each theme's `members` whose text holds it, written as
    it was in the comments the phrase was read from ("class sizes" for "class size"), as
    consecutive words within a clause."""
    wanted = {form: phrase for phrase in phrases for form in surfaces[phrase]}
    rates = {phrase: np.zeros(len(members)) for phrase in phrases}
    for row, indices in enumerate(members):
        counts: Counter = Counter()
        for i in indices:
            counts.update({wanted[g] for g in _word_runs(texts[i]) if g in wanted})
        for phrase, count in counts.items():
            rates[phrase][row] = count / max(len(indices), 1)
    return rates


def _word_runs(text: str) -> Iterator[str]:
    """Every run of one to `MAX_PHRASE_WORDS` consecutive words of a clause, lower case."""
    for clause in CLAUSE_BREAK.split(text.lower()):
        words = PHRASE_WORD.findall(clause)
        for size in range(1, MAX_PHRASE_WORDS + 1):
            for start in range(len(words) - size + 1):
                yield " ".join(words[start:start + size])


def _themes_using(rates: dict[str, np.ndarray], sizes: np.ndarray) -> dict[str, int]:
    """How many themes use each phrase: in two comments or more, and in at least
    `USED_BY_SHARE` of their comments."""
    return {phrase: int(((shares >= USED_BY_SHARE) & (shares * sizes > 1.5)).sum())
            for phrase, shares in rates.items()}


def _phrases_of(texts: list[tuple[str, bool]]) -> list[dict[str, tuple[str, str]]]:
    """`_phrases` of each (text, is English); many texts are tagged in two processes."""
    from analyzer.nlp import english_pipeline

    english_pipeline(LABEL_COMPONENTS)  # loaded once, before any worker starts
    return map_in_chunks(_phrases_in, texts, chunk_size=TEXTS_PER_TASK,
                         parallel_from=PARALLEL_FROM)


def _phrases_in(texts: list[tuple[str, bool]]) -> list[dict[str, tuple[str, str]]]:
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


def _make_unique(names: dict[int, ThemeName],
                 keywords: dict[int, Sequence[str]]) -> dict[int, ThemeName]:
    seen: Counter = Counter(name.label for name in names.values())
    unique = {}
    for theme_id, name in names.items():
        label = name.label
        if seen[label] > 1:
            extra = next((w for w in keywords[theme_id] if w.lower() not in label.lower()), None)
            label = f"{label} ({extra})" if extra else f"{label} ({theme_id})"
        unique[theme_id] = ThemeName(label, tuple(a for a in name.alternatives if a != label))
    return unique
