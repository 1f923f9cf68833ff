"""xSID, a public parallel intent set, and mixed-language corpora drawn from it.

xSID 0.7 (github.com/mainlp/xsid, `data/xSID-0.7/`, CC BY-SA 4.0) holds the same 800
voice-assistant requests (500 test, 300 validation; alarms, reminders, weather, music,
restaurants, films, books) in English and translated into 18 other languages and dialects,
each labelled with one of 16 intents. Japanese has the first 250 test and 150 validation
requests only.

Nothing is copied into the repository: the files are read from `$XSID_DIR`, or from
`~/.cache/xsid/xSID-0.7` (benchmarks/README.md says how to get them). `build_corpus` takes each
request in exactly one language, seeded, so the same intents appear across languages the way
one survey's answers do, and no comment has its own translation beside it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.datasets import DatasetMissing

XSID_ENV = "XSID_DIR"
DEFAULT_XSID_DIR = Path.home() / ".cache" / "xsid" / "xSID-0.7"
XSID_VERSION = "0.7"
XSID_COMMIT = "761d926c3f2e9f6bea13192d2f39cec1d04d9777"
"""The commit of mainlp/xsid whose `data/xSID-0.7/` files were measured."""
SPLITS = ("test", "valid")


def xsid_dir(path: Path | str | None = None) -> Path:
    """The folder holding `en.test.conll` and the others: `path`, else `$XSID_DIR`, else
    `DEFAULT_XSID_DIR`; `DatasetMissing` when its English files are not there."""
    folder = Path(path or os.environ.get(XSID_ENV) or DEFAULT_XSID_DIR).expanduser()
    for split in SPLITS:
        if not (folder / f"en.{split}.conll").exists():
            raise DatasetMissing(
                f"xSID {XSID_VERSION} not found: {folder / f'en.{split}.conll'} is missing. "
                f"Put the files of data/xSID-{XSID_VERSION}/ from github.com/mainlp/xsid there, "
                f"or point ${XSID_ENV} at them (benchmarks/README.md, 'Public multilingual set').")
    return folder


def read_conll(path: Path) -> list[dict]:
    """One record per sentence of an xSID file: its `id` (1-based position when the file has
    no `# id` lines), `text` and `intent`."""
    records, current = [], {}
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if "text" in current and "intent" in current:
                current.setdefault("id", len(records) + 1)
                records.append(current)
            current = {}
        elif line.startswith("# id = "):
            current["id"] = int(line[len("# id = "):])
        elif line.startswith("# text = "):
            current["text"] = line[len("# text = "):].strip()
        elif line.startswith("# intent = "):
            current["intent"] = line[len("# intent = "):].strip()
    return records


@dataclass(frozen=True)
class ParallelSet:
    """The same requests in several languages."""

    items: pd.DataFrame
    """One row per request: `item` ("test-17"), `intent` (its English label)."""
    texts: dict[str, dict[str, str]]
    """language -> item -> text, for the items that language has."""


def load_xsid(languages: tuple[str, ...], path: Path | str | None = None) -> ParallelSet:
    """xSID's test and validation requests in `languages` (English always included).

    Every request is scored against its English intent: the translations inherit it (the
    Arabic files relabel 26 of the 800, e.g. a film search as a creative-work search)."""
    folder = xsid_dir(path)
    texts: dict[str, dict[str, str]] = {}
    items = []
    for language in dict.fromkeys(("en", *languages)):
        texts[language] = {}
        for split in SPLITS:
            file = folder / f"{language}.{split}.conll"
            if not file.exists():
                raise DatasetMissing(f"{file} is missing (xSID {XSID_VERSION} has no "
                                     f"'{language}' {split} file there).")
            for record in read_conll(file):
                item = f"{split}-{record['id']}"
                texts[language][item] = record["text"]
                if language == "en":
                    items.append({"item": item, "intent": record["intent"]})
    return ParallelSet(pd.DataFrame(items), texts)


@dataclass(frozen=True)
class CorpusDesign:
    """How many requests each language gets; the `majority` language takes the rest."""

    name: str
    majority: str
    minorities: tuple[tuple[str, int], ...]
    """(language, number of requests), drawn in this order from the requests not yet taken
    (put languages that lack some requests, such as Japanese, first)."""

    @property
    def languages(self) -> tuple[str, ...]:
        return (self.majority, *(code for code, _ in self.minorities))


DESIGNS = (
    CorpusDesign("English majority", "en",
                 (("ja", 12), ("zh", 64), ("ar", 48), ("de", 40), ("it", 24), ("kk", 24),
                  ("tr", 12))),
    CorpusDesign("Chinese majority", "zh",
                 (("ja", 12), ("en", 200), ("ar", 48), ("kk", 40), ("de", 20))),
    CorpusDesign("German majority", "de",
                 (("en", 200), ("zh", 56), ("ar", 40), ("it", 12), ("kk", 12))),
)
"""Three mixes of xSID's 800 requests (English 72 %; Chinese 60 %; German 60 %), each with
non-Latin scripts (Chinese, Arabic, Kazakh Cyrillic, Japanese) and a language of 12."""


def build_corpus(data: ParallelSet, design: CorpusDesign, seed: int = 42) -> pd.DataFrame:
    """Each request once, in one language: columns `item`, `language`, `text`, `intent`.

    Requests whose text is repeated (the same words, another request) keep their first copy,
    as the analyzer reads distinct comments."""
    rng = np.random.default_rng(seed)
    items = data.items["item"].to_numpy()
    free = np.ones(len(items), dtype=bool)
    language = np.full(len(items), design.majority, dtype=object)
    for code, count in design.minorities:
        available = np.flatnonzero(free & np.isin(items, list(data.texts[code])))
        if count > len(available):
            raise ValueError(f"{design.name}: {count} requests asked of '{code}', "
                             f"{len(available)} left to draw from.")
        chosen = rng.choice(available, count, replace=False)
        language[chosen] = code
        free[chosen] = False
    frame = pd.DataFrame({"item": items, "language": language,
                          "text": [data.texts[code][item] for code, item in zip(language, items)],
                          "intent": data.items["intent"].to_numpy()})
    return frame.drop_duplicates("text").reset_index(drop=True)
