"""Redaction's speed on its own: `Redactor.find_many` on distinct comments, as cleaning calls it.

    python -m benchmarks.redaction_speed                       # 20,000 synthetic, all Polis
    python -m benchmarks.redaction_speed --synthetic 50000 --no-polis

Cleaning redacts each distinct text once, so the texts here are distinct: synthetic comments
(`benchmarks.scale.synthetic_corpus`, about a third with a digit) and the Polis comments of
`../shared/datasets` (every conversation: short, in several languages, few digits). Each
corpus is read with names off (patterns only) and on (the default: patterns, cue words and
spaCy's recogniser), each text with the language cleaning detects for it. Languages and
models are ready before the clock starts. `spans_sha` is a digest of every span found, so
two versions of the redactor can be compared for the same output, not only the same speed:
run this on each and compare the lines.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time

from analyzer.pipelines.clean.language import detect_languages
from analyzer.pipelines.pii import Redactor
from benchmarks.datasets import load_polis
from benchmarks.scale import synthetic_corpus
from benchmarks.votes import conversations


def corpora(synthetic: int, polis: bool) -> dict[str, list[str]]:
    """Distinct texts of each corpus, in their first order."""
    found = {}
    if synthetic:
        texts = synthetic_corpus(synthetic).frame["text"].astype(str)
        found[f"synthetic-{synthetic}"] = list(dict.fromkeys(texts))
    if polis:  # every conversation there, in several languages
        folders = [folder.name for folder in conversations()]
        texts = [text for folder in folders for text in load_polis(folder).frame["text"]]
        found[f"polis ({len(folders)} conversations)"] = list(dict.fromkeys(map(str, texts)))
    return found


def timed(texts: list[str], languages: list[str], names: bool) -> dict:
    """One reading of `texts`, after a warm-up that loads what the redactor needs."""
    redactor = Redactor(redact_names=names)
    redactor.find_many(texts[:200], languages[:200])
    started = time.perf_counter()
    spans = redactor.find_many(texts, languages)
    seconds = time.perf_counter() - started
    digest = hashlib.sha256(json.dumps(
        [[(span.start, span.end, span.kind) for span in found] for found in spans]).encode())
    return {"seconds": round(seconds, 2), "per_second": round(len(texts) / seconds),
            "spans": sum(map(len, spans)), "spans_sha": digest.hexdigest()[:16]}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=20000, metavar="N",
                        help="synthetic comments to draw (0: none)")
    parser.add_argument("--no-polis", action="store_true", help="leave the Polis comments out")
    args = parser.parse_args(argv)
    print("| corpus | distinct texts | names | seconds | comments/s | spans | spans_sha |")
    print("|---|---|---|---|---|---|---|")
    for name, texts in corpora(args.synthetic, not args.no_polis).items():
        languages = detect_languages(texts)
        for names in (False, True):
            row = timed(texts, languages, names)
            print(f"| {name} | {len(texts):,} | {'on' if names else 'off'} | {row['seconds']} "
                  f"| {row['per_second']:,} | {row['spans']:,} | `{row['spans_sha']}` |",
                  flush=True)


if __name__ == "__main__":
    main()
