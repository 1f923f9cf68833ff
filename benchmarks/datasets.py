"""Loaders for the public labelled sets in `../shared/datasets/` and the bundled sample.

Each loader returns a `LabelledSet`: the texts, one or more label columns to score against,
and optional group columns. Nothing is copied into the repository; a missing folder raises
`DatasetMissing`, which the runner reports as a skipped dataset.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATASETS = ROOT.parent / "shared" / "datasets"
SAMPLE_DIR = ROOT / "sample_feedback"
POLIS_DEFAULT = "american-assembly.bowling-green"
NO_GROUP = "(no group)"


class DatasetMissing(FileNotFoundError):
    """A dataset's files are not on this machine."""


@dataclass(frozen=True)
class LabelledSet:
    """Texts with the human labels a clustering is scored against."""

    name: str
    frame: pd.DataFrame
    """Columns: `id`, `text`, then every label and group column."""
    label_columns: tuple[str, ...] = ()
    """Label columns to score against, coarsest first (e.g. domain, then intent)."""
    group_columns: tuple[str, ...] = ()
    scored_mask: pd.Series | None = field(default=None, compare=False)
    """Rows that carry a real label (e.g. the sample's themed rows); None means every row."""

    def __len__(self) -> int:
        return len(self.frame)

    @property
    def texts(self) -> list[str]:
        return self.frame["text"].tolist()

    def n_labels(self, column: str) -> int:
        return int(self.frame.loc[self._mask(), column].nunique())

    def _mask(self) -> pd.Series:
        if self.scored_mask is None:
            return pd.Series(True, index=self.frame.index)
        return self.scored_mask


def _require(path: Path) -> Path:
    if not path.exists():
        raise DatasetMissing(f"{path} not found (the shared datasets live in ../shared/datasets)")
    return path


def load_banking77(base: Path = SHARED_DATASETS) -> LabelledSet:
    """All 13,083 banking77 messages (train then test), labelled by their 77 intents."""
    folder = base / "banking77"
    parts = [pd.read_csv(_require(folder / f"{split}.csv"), dtype=str, keep_default_na=False)
             for split in ("train", "test")]
    frame = pd.concat(parts, ignore_index=True).rename(columns={"category": "intent"})
    frame.insert(0, "id", [f"b{i:05d}" for i in range(len(frame))])
    return LabelledSet("banking77", frame[["id", "text", "intent"]], ("intent",))


def load_clinc150(base: Path = SHARED_DATASETS, split: str = "test") -> LabelledSet:
    """CLINC150's in-scope queries of one split, labelled by intent and by its 10 domains."""
    folder = base / "clinc150"
    data = json.loads(_require(folder / "data_full.json").read_text(encoding="utf-8"))
    domains = json.loads(_require(folder / "domains.json").read_text(encoding="utf-8"))
    if split not in data:
        raise ValueError(f"split={split!r} is not in data_full.json; choose one of {sorted(data)}.")
    domain_of = {intent: domain for domain, intents in domains.items() for intent in intents}
    frame = pd.DataFrame(data[split], columns=["text", "intent"])
    unknown = sorted(set(frame["intent"]) - set(domain_of))
    if unknown:
        raise ValueError(f"intents {unknown[:5]} have no domain in domains.json")
    frame["domain"] = frame["intent"].map(domain_of)
    frame.insert(0, "id", [f"c{i:05d}" for i in range(len(frame))])
    return LabelledSet(f"clinc150-{split}", frame[["id", "text", "domain", "intent"]],
                       ("domain", "intent"))


def load_polis(conversation: str = POLIS_DEFAULT, base: Path = SHARED_DATASETS) -> LabelledSet:
    """A Polis conversation's comments with their author's opinion group (`group`).

    Authors who are not in `participants-votes.csv`, or have no group there, get
    "(no group)". Polis group ids are numbers; they are reported as "group 0", "group 1"...
    """
    folder = base / "polis_openData" / conversation
    comments = pd.read_csv(_require(folder / "comments.csv"), dtype=str, keep_default_na=False)
    votes = pd.read_csv(_require(folder / "participants-votes.csv"), dtype=str,
                        keep_default_na=False, usecols=["participant", "group-id"])
    group_of = {p: (f"group {g}" if g != "" else NO_GROUP)
                for p, g in zip(votes["participant"], votes["group-id"])}
    frame = pd.DataFrame({
        "id": "p" + comments["comment-id"],
        "text": comments["comment-body"],
        "group": comments["author-id"].map(group_of).fillna(NO_GROUP),
        "moderated": comments["moderated"],
    })
    return LabelledSet(f"polis-{conversation}", frame, (), ("group",))


def load_sample(folder: Path = SAMPLE_DIR) -> LabelledSet:
    """The bundled district survey, scored against `planted_truth.csv` where it exists.

    Only rows planted with a theme are scored (not the empty rows or the non-answers, which
    the analyzer sets aside by design).
    """
    survey = pd.read_csv(_require(folder / "district_survey.csv"), dtype=str,
                         keep_default_na=False)
    frame = pd.DataFrame({"id": survey["Response ID"], "text": survey["Comment"],
                          "Role": survey["Role"], "School": survey["School"],
                          "Round": survey["Round"]})
    truth_path = folder / "planted_truth.csv"
    if not truth_path.exists():
        return LabelledSet("sample", frame, (), ("Role", "School"))
    truth = pd.read_csv(truth_path, dtype=str, keep_default_na=False)
    planted = dict(zip(truth["Response ID"], truth["planted_theme"]))
    frame["planted_theme"] = frame["id"].map(planted).fillna("")
    scored = ~frame["planted_theme"].isin(["", "empty", "non_answer"])
    return LabelledSet("sample", frame, ("planted_theme",), ("Role", "School"), scored)


LOADERS = {
    "clinc150": load_clinc150,
    "banking77": load_banking77,
    "sample": load_sample,
    "polis": load_polis,
}
"""Dataset name on the command line -> loader (the `scale` runs are generated, not loaded)."""
