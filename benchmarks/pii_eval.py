"""Precision and recall of PII redaction on the hand-labelled comments.

    python -m benchmarks.pii_eval [--errors] [--no-names] [--data PATH]
    python -m benchmarks.pii_eval --spanish [--split dev|test] [--no-spanish-model] [--errors]
    python -m benchmarks.pii_eval --phones [--split dev|test] [--errors]
    python -m benchmarks.pii_eval --world [--split dev|test|fresh|...|fresh5]
        [--errors] [--presidio]
    python -m benchmarks.pii_eval --names-on CSV [--sample N]

`--spanish` scores the Spanish set (tests/data/pii_spanish.jsonl), each comment with the
language the analyzer detects for it, as cleaning passes them; `--split` keeps the half used to
write the Spanish rules (dev) or the half held out from that work (test). `--phones` scores
the phone set (tests/data/pii_phones.jsonl: phones as written in 13 countries and number-like
text that is not a phone), also split into dev and test, with phone recall per country.
`--world` scores the world set (tests/data/pii_world.jsonl: phones, emails, national IDs,
addresses, URLs and names from 80 countries), the dev half unless `--split test` is given,
per kind and per country, and with `--presidio` Presidio's defaults beside ours
(`benchmarks.pii_world`, which also counts a stricter "covered"); `--split fresh` is the third
part, written later and kept out of all tuning; `--split fresh2` the fourth, written blind
after tuning on the other three and scored once, `--split fresh3` the fifth, written
blind after tuning on all four, `--split fresh4` the sixth, written blind after tuning on
all five, and `--split fresh5` the seventh, written blind after tuning on all six.
`--names-on` reads real feedback (a Polis `comments.csv`, column `comment-body`), where
nearly nothing is a person's name, and prints NAME spans per 1,000 comments and a fixed
sample of them with their context, to read by eye.

Matching is by span: a gold span counts as found when a predicted span of the same kind
overlaps it; a predicted span counts as correct when it overlaps a gold span of its kind.
Precision = correct predicted spans / predicted spans; recall = found gold spans / gold spans.
With nothing to count (no predictions, or no gold spans of a kind) the ratio is reported as 1.0.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path
from typing import Any, Iterable, Sequence

from analyzer.pipelines.pii import KINDS, PiiSpan, Redactor

DEFAULT_DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "pii_labelled.jsonl"
SPANISH_DATA = DEFAULT_DATA.with_name("pii_spanish.jsonl")
PHONES_DATA = DEFAULT_DATA.with_name("pii_phones.jsonl")


def load_records(path: Path | str = DEFAULT_DATA) -> list[dict[str, Any]]:
    """The labelled comments: one {"text", "spans": [{"start", "end", "kind"}]} per line."""
    records = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                records.append(json.loads(line))
    return records


def evaluate(redactor: Redactor, records: Sequence[dict[str, Any]],
             languages: Sequence[str] | None = None) -> dict[str, Any]:
    """Span-level precision and recall per kind and overall, plus every miss and false alarm.

    `languages` (one code per record) is passed to `find_many`; None leaves it out.

    Returns {"kinds": {kind: counts}, "overall": counts, "misses": [...],
    "false_positives": [...]}, where counts holds gold, found, predicted, correct, precision
    and recall; misses and false positives are (record index, kind, text of the span).
    """
    texts = [record["text"] for record in records]
    predicted_all = (redactor.find_many(texts) if languages is None
                     else redactor.find_many(texts, languages))
    counts = {kind: dict.fromkeys(("gold", "found", "predicted", "correct"), 0) for kind in KINDS}
    misses, false_positives = [], []
    for index, (record, predicted) in enumerate(zip(records, predicted_all)):
        gold = [PiiSpan(s["start"], s["end"], s["kind"]) for s in record["spans"]]
        text = record["text"]
        for span in gold:
            counts[span.kind]["gold"] += 1
            if _overlaps_any(span, predicted):
                counts[span.kind]["found"] += 1
            else:
                misses.append((index, span.kind, text[span.start:span.end]))
        for span in predicted:
            counts[span.kind]["predicted"] += 1
            if _overlaps_any(span, gold):
                counts[span.kind]["correct"] += 1
            else:
                false_positives.append((index, span.kind, text[span.start:span.end]))
    overall = {key: sum(c[key] for c in counts.values()) for key in counts[KINDS[0]]}
    return {"kinds": {kind: _with_ratios(c) for kind, c in counts.items()},
            "overall": _with_ratios(overall),
            "misses": misses, "false_positives": false_positives}


def _overlaps_any(span: PiiSpan, others: Iterable[PiiSpan]) -> bool:
    return any(o.kind == span.kind and o.start < span.end and span.start < o.end for o in others)


def _with_ratios(counts: dict[str, int]) -> dict[str, float | int]:
    precision = counts["correct"] / counts["predicted"] if counts["predicted"] else 1.0
    recall = counts["found"] / counts["gold"] if counts["gold"] else 1.0
    return {**counts, "precision": precision, "recall": recall}


def format_table(report: dict[str, Any]) -> str:
    """The per-kind counts and ratios as a fixed-width text table."""
    lines = [f"{'kind':<8} {'gold':>5} {'found':>6} {'pred':>5} {'correct':>8} "
             f"{'precision':>10} {'recall':>7}"]
    rows = [*report["kinds"].items(), ("overall", report["overall"])]
    for name, c in rows:
        lines.append(f"{name:<8} {c['gold']:>5} {c['found']:>6} {c['predicted']:>5} "
                     f"{c['correct']:>8} {c['precision']:>10.3f} {c['recall']:>7.3f}")
    return "\n".join(lines)


def phones_by_country(redactor: Redactor, records: Sequence[dict[str, Any]]) -> str:
    """Phone recall per `country` field, and phone false alarms on the records marked "neg"."""
    lines = [f"{'country':<8} {'gold':>5} {'found':>6} {'false alarms':>13}"]
    for country in dict.fromkeys(record.get("country", "?") for record in records):
        counts = evaluate(redactor, [r for r in records if r.get("country", "?") == country])
        phone = counts["kinds"]["PHONE"]
        lines.append(f"{country:<8} {phone['gold']:>5} {phone['found']:>6} "
                     f"{phone['predicted'] - phone['correct']:>13}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None, help="labelled JSONL file")
    parser.add_argument("--spanish", action="store_true",
                        help="the Spanish set, with detected languages")
    parser.add_argument("--phones", action="store_true",
                        help="the phone set, with phone recall per country")
    parser.add_argument("--world", action="store_true",
                        help="the world set, per kind and per country (dev half by default)")
    parser.add_argument("--presidio", action="store_true",
                        help="with --world: Presidio's defaults beside ours")
    parser.add_argument("--names-on", metavar="CSV", default=None,
                        help="NAME spans per 1,000 comments of a Polis comments.csv")
    parser.add_argument("--sample", type=int, default=50, metavar="N",
                        help="with --names-on: how many NAME spans to print")
    parser.add_argument("--split",
                        choices=("dev", "test", "fresh", "fresh2", "fresh3", "fresh4",
                                 "fresh5"),
                        default=None,
                        help="only the records of this split (Spanish, phone or world set)")
    parser.add_argument("--no-spanish-model", action="store_true",
                        help="Spanish comments without the Spanish recogniser")
    parser.add_argument("--no-names", action="store_true", help="evaluate redact_names=False")
    parser.add_argument("--errors", action="store_true", help="list every miss and false alarm")
    parser.add_argument("--speed", type=int, default=2000, metavar="N",
                        help="time redact_many on N comments drawn from the set (0 to skip)")
    args = parser.parse_args(argv)
    if args.presidio and not args.world:
        parser.error("--presidio goes with --world")
    if args.names_on:
        return _names_on(args.names_on, args.sample)
    if args.world:
        return _world(args.data, args.split or "dev", args.presidio, args.errors)
    args.data = args.data or str(SPANISH_DATA if args.spanish
                                  else PHONES_DATA if args.phones else DEFAULT_DATA)
    records = [record for record in load_records(args.data)
               if args.split is None or record.get("split") == args.split]
    languages = None
    if args.spanish:
        from analyzer.pipelines.clean.language import detect_languages

        languages = list(detect_languages([record["text"] for record in records]))
    redactor = Redactor(redact_names=not args.no_names,
                        spanish_model=not args.no_spanish_model)
    report = evaluate(redactor, records, languages)
    print(f"{len(records)} comments, {sum(bool(r['spans']) for r in records)} with PII "
          f"({args.data}{', split ' + args.split if args.split else ''})")
    if languages is not None:
        from analyzer.pipelines.pii import spanish_model_available

        print(f"detected languages: {dict(Counter(languages).most_common())}; Spanish model "
              f"{'used' if redactor.spanish_model and spanish_model_available() else 'not used'}")
    print(format_table(report))
    if args.phones:
        print("\n" + phones_by_country(redactor, records))
    if args.errors:
        for title, items in (("misses", report["misses"]),
                             ("false positives", report["false_positives"])):
            print(f"\n{title} ({len(items)}):")
            for index, kind, text in items:
                print(f"  #{index:<4} {kind:<8} {text!r}")
    if args.speed:
        texts = [records[i % len(records)]["text"] for i in range(args.speed)]
        started = time.perf_counter()
        redactor.redact_many(texts, None if languages is None
                             else [languages[i % len(records)] for i in range(args.speed)])
        seconds = time.perf_counter() - started
        print(f"\nredact_many: {len(texts)} comments in {seconds:.2f} s "
              f"= {len(texts) / seconds:,.0f} comments/s (model already loaded)")
    return 0


def _world(data: str | None, split: str, presidio: bool, errors: bool) -> int:
    from benchmarks.pii_world import WORLD_DATA, run

    path = data or WORLD_DATA
    records = [record for record in load_records(path) if record.get("split") == split]
    print(f"world set {path}, split {split}")
    print(run(records, with_presidio=presidio, errors=errors))
    return 0


def names_on_real_feedback(redactor: Redactor, texts: Sequence[str], languages: Sequence[str],
                            sample: int = 50) -> tuple[float, list[str]]:
    """NAME spans per 1,000 texts, and `sample` of them (a fixed draw) with 30 characters of
    context either side, the span in [brackets]."""
    import random

    spans = [(text, span) for text, found in zip(texts, redactor.find_many(texts, languages))
             for span in found if span.kind == "NAME"]
    drawn = random.Random(0).sample(spans, min(sample, len(spans)))
    shown = [f"{text[max(0, s.start - 30):s.start]}[{text[s.start:s.end]}]"
             f"{text[s.end:s.end + 30]}".replace("\n", " ") for text, s in drawn]
    return 1000 * len(spans) / max(len(texts), 1), shown


def _names_on(path: str, sample: int) -> int:
    import csv

    from analyzer.pipelines.clean.language import detect_languages

    with open(path, encoding="utf-8", newline="") as handle:
        texts = [row["comment-body"] for row in csv.DictReader(handle) if row["comment-body"]]
    per_thousand, shown = names_on_real_feedback(
        Redactor(), texts, list(detect_languages(texts)), sample)
    print(f"{path}: {len(texts)} comments, {per_thousand:.1f} NAME spans per 1,000 comments")
    for line in shown:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
