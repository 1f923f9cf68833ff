"""Benchmark rows, the one printed table, and the CSV/Markdown files under `results/`."""

from __future__ import annotations

import datetime as dt
import os
import platform
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd
import psutil

from analyzer.core import package_versions

STAGES = ("intake", "cleaning", "embedding", "reduction", "clustering", "labelling", "groups")
STAGE_HEADERS = ("intake", "clean", "embed", "reduce", "cluster", "label", "groups")
PLAIN = "plain BERTopic"
PACKAGES = ("bertopic", "sentence-transformers", "transformers", "torch", "umap-learn",
            "hdbscan", "scikit-learn", "model2vec", "numpy", "spacy")


@dataclass
class Row:
    """One measured configuration on one dataset, scored against one label set."""

    dataset: str
    scored_against: str
    """Label column ('domain (10)'), or '' when the dataset has no labels."""
    method: str
    n_docs: int
    stages: dict[str, float]
    """Seconds per stage (keys from `STAGES`); absent = stage not run by this method."""
    peak_rss_mb: float
    themes: int
    unassigned: float
    nmi: float | None = None
    ari: float | None = None
    embed_recorded: bool = False
    """Embedding seconds come from the vector cache's record, not from this run."""
    partial: bool = False
    """Clustering only: no labelling/intake/cleaning, so end-to-end is not comparable."""
    note: str = ""
    ratios: dict[str, float] = field(default_factory=dict)

    @property
    def e2e_seconds(self) -> float:
        return float(sum(self.stages.values()))

    @property
    def core_seconds(self) -> float:
        """Embedding + reduction + clustering: the part every configuration has."""
        return float(sum(self.stages.get(s, 0.0) for s in ("embedding", "reduction", "clustering")))

    def flat(self) -> dict:
        out = {k: v for k, v in asdict(self).items() if k not in ("stages", "ratios")}
        for stage in STAGES:
            seconds = self.stages.get(stage)
            out[f"{stage}_s"] = seconds
            out[f"{stage}_per_s"] = self.n_docs / seconds if seconds else None
        out["e2e_s"] = self.e2e_seconds
        out["core_s"] = self.core_seconds
        out.update({f"ratio_{k}": v for k, v in self.ratios.items()})
        return out


def add_ratios(rows: list[Row]) -> None:
    """Against the plain BERTopic row of the same dataset and label set: how many times faster
    end to end (plain s / ours s), and NMI and ARI as ours / plain."""
    plain = {(r.dataset, r.scored_against): r for r in rows if r.method == PLAIN}
    for row in rows:
        ref = plain.get((row.dataset, row.scored_against))
        if ref is None or row is ref:
            continue
        row.ratios = {"speed": ref.e2e_seconds / row.e2e_seconds if row.e2e_seconds else None}
        if row.nmi is not None and ref.nmi:
            row.ratios["nmi"] = row.nmi / ref.nmi
        if row.ari is not None and ref.ari:
            row.ratios["ari"] = row.ari / ref.ari


def _rate(n: int, seconds: float | None) -> str:
    if seconds is None:
        return "–"
    if seconds <= 0:
        return "inst."
    rate = n / seconds
    if rate >= 1e6:
        return f"{rate / 1e6:.1f}M"
    if rate >= 1e4:
        return f"{rate / 1e3:.0f}k"
    if rate >= 1e3:
        return f"{rate / 1e3:.1f}k"
    return f"{rate:.0f}"


def _num(value: float | None, fmt: str) -> str:
    return "–" if value is None else format(value, fmt)


def table(rows: list[Row]) -> pd.DataFrame:
    """The printed table: comments/second per stage, then totals, quality and ratios."""
    records = []
    for r in rows:
        record = {"dataset": r.dataset, "scored vs": r.scored_against or "–", "method": r.method,
                  "n": r.n_docs}
        for stage, header in zip(STAGES, STAGE_HEADERS):
            cell = _rate(r.n_docs, r.stages.get(stage))
            if stage == "embedding" and r.embed_recorded and stage in r.stages:
                cell += "*"
            record[header] = cell
        record["e2e s"] = f"{r.e2e_seconds:.1f}" + ("†" if r.partial else "")
        record["peak MB"] = f"{r.peak_rss_mb:.0f}"
        record["themes"] = r.themes
        record["unass."] = f"{100 * r.unassigned:.1f}%"
        record["NMI"] = _num(r.nmi, ".3f")
        record["ARI"] = _num(r.ari, ".3f")
        record["speed×"] = _num(r.ratios.get("speed"), ".1f")
        record["NMI×"] = _num(r.ratios.get("nmi"), ".2f")
        record["ARI×"] = _num(r.ratios.get("ari"), ".2f")
        records.append(record)
    return pd.DataFrame(records)


LEGEND = (
    "Stage columns are comments/second (n / stage seconds); '–' = stage not part of that "
    "method. embed* = encoding speed recorded when the cached vectors were made "
    "(.cache/bench/), not re-measured in this run. e2e s = sum of the stage seconds; "
    "† = clustering only (no intake, cleaning or labelling), so not a full pipeline. "
    "peak MB = highest process RSS sampled (10 ms) during the row. Unassigned documents "
    "count as one extra cluster in NMI/ARI. speed× = plain BERTopic e2e s / this row's e2e s "
    "on the same dataset; NMI×, ARI× = this row / plain BERTopic.")


def as_text(frame: pd.DataFrame) -> str:
    """Fixed-width text; numbers and rates right-aligned, names left-aligned."""
    cells = [list(map(str, frame.columns))] + [list(map(str, row)) for row in frame.to_numpy()]
    widths = [max(len(row[i]) for row in cells) for i in range(len(frame.columns))]
    left = {"dataset", "scored vs", "method"}
    lines = []
    for number, row in enumerate(cells):
        lines.append("  ".join(c.ljust(w) if h in left else c.rjust(w)
                               for c, w, h in zip(row, widths, frame.columns)).rstrip())
        if number == 0:
            lines.append("-" * len(lines[0]))
    return "\n".join(lines)


def as_markdown(frame: pd.DataFrame) -> str:
    header = "| " + " | ".join(map(str, frame.columns)) + " |"
    rule = "|" + "|".join("---" for _ in frame.columns) + "|"
    body = ["| " + " | ".join(str(v).replace("|", "\\|") for v in row) + " |"
            for row in frame.to_numpy()]
    return "\n".join([header, rule, *body])


def machine() -> dict[str, str]:
    info = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu": _cpu_model(),
        "logical cores": str(os.cpu_count()),
        "RAM": f"{psutil.virtual_memory().total / 2**30:.1f} GiB",
        "load average at start (1/5/15 min)": " / ".join(f"{x:.2f}" for x in os.getloadavg()),
    }
    info.update({k: v for k, v in package_versions(PACKAGES).items() if k != "python"})
    return info


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def write_results(rows: list[Row], folder: Path, *, info: dict[str, str], command: str,
                  notes: list[str], extra_tables: dict[str, pd.DataFrame]) -> tuple[Path, Path]:
    """results.csv (every number, full precision) and results.md (the table and context)."""
    folder.mkdir(parents=True, exist_ok=True)
    csv_path, md_path = folder / "results.csv", folder / "results.md"
    frame = pd.DataFrame([r.flat() for r in rows])
    for key in ("date", "cpu", "logical cores", "RAM"):
        frame[key.replace(" ", "_")] = info[key]
    frame.to_csv(csv_path, index=False, float_format="%.6g")
    lines = ["# Benchmark results", "", f"Command: `{command}`", "",
             "| machine | |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in info.items()]
    lines += ["", "## Results", "", as_markdown(table(rows)), "", LEGEND, ""]
    for title, extra in extra_tables.items():
        lines += [f"## {title}", "", as_markdown(extra), ""]
    if notes:
        lines += ["## Notes", ""] + [f"- {note}" for note in notes] + [""]
    md_path.write_text("\n".join(lines), encoding="utf-8")
    return csv_path, md_path
