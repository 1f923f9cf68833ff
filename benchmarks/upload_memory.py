"""Server memory per upload: the real `streamlit run app.py`, one upload at a time.

    python -m benchmarks.upload_memory                    # every case
    python -m benchmarks.upload_memory --cases csv-50mb,xlsx-near-limits
    python -m benchmarks.upload_memory --list

Each case starts a fresh server (`tests/streamlit_client.py`'s `run_server`, so nothing an
earlier upload left behind is counted), opens the Data page as a browser would, and uploads
one file through Streamlit's real upload endpoint. Where the file is valid, it then confirms
the columns on the Data page (text and group columns), so the corpus is built from the
upload. The server process's RSS, its children included, is sampled every 0.1 s from before
the upload until the page's last answer.

Reported per case: the server's RSS once the sample's Data page has loaded (baseline), the
peak while the upload was read, the growth, the seconds until the page answered the upload
and the confirmation, and what the page said. The target is that any single upload within
the dashboard's limits (`UPLOAD_LIMITS` in analyzer/dashboard/state.py) leaves the server
under 2 GB.

A guard stops a case's server when it passes `--cap-gb` (default 8 GB) or when the page has
not answered within `--timeout` seconds, so a hostile case cannot take the machine down;
such a case is reported as the cap or time it reached ("at least").

The table is printed as Markdown and written to results/upload_memory.md.
"""

from __future__ import annotations

import argparse
import base64
import io
import json
import os
import platform
import random
import re
import sys
import tempfile
import threading
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from streamlit_client import Page, Session, UploadRefused, run_server  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "upload_memory.md"
UPLOADER = "Feedback files"
TEXT_PICKER = "Open-ended answer column(s)"
GROUP_PICKER = "Who wrote it (group columns)"
CONFIRM = "Confirm columns"
TARGET = 2 * 2**30
MiB = 2**20

# -- files -----------------------------------------------------------------------------------

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def _package(sheet: bytes, shared: bytes | None = None) -> bytes:
    """A one-sheet workbook whose sheet (and shared strings) XML is exactly as given."""
    overrides = f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_SHEET_TYPE}"/>'
    relations = (f'<Relationship Id="rId1" Type="{_DOC}/worksheet" '
                 'Target="worksheets/sheet1.xml"/>')
    if shared is not None:
        overrides += f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_STRINGS_TYPE}"/>'
        relations += (f'<Relationship Id="rId2" Type="{_DOC}/sharedStrings" '
                      'Target="sharedStrings.xml"/>')
    parts = {
        "[Content_Types].xml":
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            f'officedocument.spreadsheetml.sheet.main+xml"/>{overrides}</Types>',
        "_rels/.rels":
            f'<Relationships xmlns="{_RELS}"><Relationship Id="rId1" '
            f'Type="{_DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml":
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_DOC}"><sheets><sheet name="Responses" '
            'sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{_RELS}">{relations}</Relationships>',
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        if shared is not None:
            archive.writestr("xl/sharedStrings.xml", shared)
    return buffer.getvalue()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _survey_rows(n: int, ratings: int, seed: int = 11):
    """`n` survey responses: id, round, role, school, language, `ratings` ratings, comment."""
    from benchmarks.scale import synthetic_corpus

    rng = random.Random(seed)
    corpus = synthetic_corpus(n, seed=seed).frame
    schools = ("Maple Grove Elementary", "Cedar Hills High School", "Riverside Middle School",
               "Oak Park Elementary", "Lakeview Academy")
    languages = ("English", "Spanish", "Vietnamese", "Somali", "Arabic")
    rounds = ("Spring 2026", "Autumn 2025")
    for i, (text, role) in enumerate(zip(corpus["text"], corpus["role"])):
        yield [f"R{i:07d}", rng.choice(rounds), role, rng.choice(schools),
               rng.choice(languages), *(str(rng.randint(1, 5)) for _ in range(ratings)), text]


def survey_header(ratings: int) -> list[str]:
    return ["Response ID", "Round", "Role", "School", "Preferred language",
            *(f"Rating {i}" for i in range(1, ratings + 1)), "Comment"]


CSV_RATINGS = 6
XLSX_RATINGS = 15
"""Enough rating columns that the workbook nears the cell limit as it nears the text limit
(a comment averages about 150 characters)."""


def csv_near_file_limit(limit: int) -> bytes:
    """A valid survey CSV just under the dashboard's file size limit."""
    import csv

    target = limit - MiB // 2
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(survey_header(CSV_RATINGS))
    size = 0
    for row in _survey_rows(400_000, CSV_RATINGS):
        start = out.tell()
        writer.writerow(row)
        size = out.tell()
        if size > target:
            out.seek(start)
            out.truncate()
            break
    return out.getvalue().encode("utf-8")


def xlsx_near_limits(limits) -> bytes:
    """A valid workbook near every dashboard limit that binds a workbook: cells (rows x
    columns), text in characters, and file size; comments and repeated labels in a shared
    string table, ratings as numbers, as Excel writes them."""
    header_names = survey_header(XLSX_RATINGS)
    width = len(header_names)
    cell_budget = int(limits.max_cells * 0.97)
    char_budget = int(limits.max_file_bytes * 0.95)
    strings: dict[str, int] = {}

    def shared(text: str) -> int:
        return strings.setdefault(text, len(strings))

    rows = []
    chars = sum(map(len, header_names))
    cells = width
    header = "".join(f'<c r="{_column_letters(j)}1" t="s"><v>{shared(h)}</v></c>'
                     for j, h in enumerate(header_names, 1))
    rows.append(f'<row r="1">{header}</row>')
    for number, row in enumerate(_survey_rows(400_000, XLSX_RATINGS), start=2):
        chars += sum(map(len, row))
        cells += width
        if chars > char_budget or cells > cell_budget:
            break
        out = []
        for j, value in enumerate(row, 1):
            ref = f"{_column_letters(j)}{number}"
            if 5 < j < width:  # the ratings
                out.append(f'<c r="{ref}"><v>{value}</v></c>')
            else:
                out.append(f'<c r="{ref}" t="s"><v>{shared(value)}</v></c>')
        rows.append(f'<row r="{number}">{"".join(out)}</row>')
    sheet = (f'<worksheet xmlns="{_MAIN}"><sheetData>{"".join(rows)}</sheetData>'
             '</worksheet>').encode()
    table = "".join(f"<si><t>{_escape(text)}</t></si>" for text in strings)
    shared_xml = (f'<sst xmlns="{_MAIN}" count="{cells}" uniqueCount="{len(strings)}">'
                  f"{table}</sst>").encode()
    return _package(sheet, shared_xml)


def xlsx_cell_in_xfd_per_row() -> bytes:
    """The issue's first bomb: rows each holding one cell in column XFD (296 KB)."""
    rows = "".join(f'<row r="{r}"><c r="XFD{r}"><v>{r}</v></c></row>' for r in range(1, 40_001))
    sheet = (f'<worksheet xmlns="{_MAIN}"><dimension ref="A1:XFD40000"/><sheetData>{rows}'
             "</sheetData></worksheet>").encode()
    return _package(sheet)


def csv_million_column_header() -> bytes:
    """The issue's second bomb: an 8 MB CSV, a 1,000,000-column header and 400 rows."""
    header = ",".join(f"c{i}" for i in range(1_000_000))
    return (header + "\n" + ("x" * 3_500 + "\n") * 400).encode()


def json_deep_list() -> bytes:
    """The issue's third bomb: a list nested 100,000 deep."""
    return b"[" * 100_000 + b"]" * 100_000


def json_many_small_records(limit: int) -> bytes:
    """A JSON list of tiny records filling the file size limit: json.loads builds every
    record (about 25 bytes of memory per byte of file) before the row limit is checked."""
    count = (limit - 2 * MiB) // 8
    return b"[" + b'{"":{}},' * (count - 1) + b'{"":{}}]'


def jsonl_many_small_lines(limit: int) -> bytes:
    """JSON Lines of `{}` filling the file size limit: every line is split off as a string
    before the row limit is checked."""
    return b"{}\n" * ((limit - 2 * MiB) // 3)


def _flood(element: bytes, budget: int, noise: int, seed: int) -> list[bytes]:
    """Pieces of XML, `budget` bytes in all, of `element` repeated, with a comment of `noise`
    random bytes (base64) after every 100,000 so that deflate packs the whole about 70 times
    (the zip bomb check refuses parts packed more than 100 times)."""
    rng = random.Random(seed)
    chunk = element * 100_000
    pieces, size = [], 0
    while size < budget:
        comment = base64.b64encode(rng.randbytes(noise)).replace(b"-", b"A")
        piece = chunk + b"<!--" + comment + b"-->"
        pieces.append(piece)
        size += len(piece)
    return pieces


def _expansion_budget(limits) -> int:
    """Bytes one workbook part may expand to, a little under the dashboard's limit."""
    from analyzer.pipelines.ingest.workbook import EXPANSION_FACTOR

    return int(EXPANSION_FACTOR * limits.max_file_bytes * 0.97)


_FLOOD_ROWS = ('<row r="1"><c r="A1" t="inlineStr"><is><t>Comment</t></is></c></row>' + "".join(
    f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>the bus is late {r}</t></is></c></row>'
    for r in range(2, 22)))


def xlsx_element_flood(limits) -> bytes:
    """A sheet whose XML, after a few rows, holds millions of empty unknown elements, packed
    about 74:1 (under the 100:1 zip bomb check), the workbook under the expansion limit.
    openpyxl keeps every element it does not know until the sheet ends."""
    head = f'<worksheet xmlns="{_MAIN}"><sheetData>{_FLOOD_ROWS}</sheetData>'.encode()
    pieces = _flood(b"<x/>", _expansion_budget(limits) - len(head), 4_500, seed=5)
    return _package(b"".join([head, *pieces, b"</worksheet>"]))


def xlsx_shared_strings_flood(limits) -> bytes:
    """The same flood of unknown elements in the shared string table instead of the sheet:
    openpyxl's string table reader keeps them too."""
    sheet = f'<worksheet xmlns="{_MAIN}"><sheetData>{_FLOOD_ROWS}</sheetData></worksheet>'
    head = f'<sst xmlns="{_MAIN}"><si><t>hello</t></si>'.encode()
    pieces = _flood(b"<x/>", _expansion_budget(limits) - len(head), 4_500, seed=6)
    return _package(sheet.encode(), b"".join([head, *pieces, b"</sst>"]))


def xlsx_empty_shared_strings(limits) -> bytes:
    """A shared string table of about 95 million empty strings (<si/>), packed about 68:1:
    openpyxl turns each into a Python string, a few microseconds apiece."""
    sheet = f'<worksheet xmlns="{_MAIN}"><sheetData>{_FLOOD_ROWS}</sheetData></worksheet>'
    head = f'<sst xmlns="{_MAIN}">'.encode()
    pieces = _flood(b"<si/>", _expansion_budget(limits) - len(head), 6_000, seed=7)
    return _package(sheet.encode(), b"".join([head, *pieces, b"</sst>"]))


def parquet_fixed_size_binary() -> bytes:
    """40,000 rows of one 100 KB fixed-size binary value: FIXED_LEN_BYTE_ARRAY is not read
    as a dictionary, so a ~100 KB file decodes to 3.7 GB before its unpacked size is
    checked."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    width, rows, step = 100_000, 40_000, 1_000
    kind = pa.binary(width)
    schema = pa.schema([("Comment", pa.string()), ("blob", kind)])
    buffer = io.BytesIO()
    with pq.ParquetWriter(buffer, schema, compression="zstd", use_dictionary=True) as writer:
        for start in range(0, rows, step):
            writer.write_table(pa.table({
                "Comment": [f"the bus is late {i}" for i in range(start, start + step)],
                "blob": pa.array([b"\x00" * width] * step, kind)}, schema=schema))
    return buffer.getvalue()


# -- cases -----------------------------------------------------------------------------------

@dataclass
class Case:
    key: str
    file_name: str
    what: str
    build: Callable[[], bytes]
    mime: str
    confirm: tuple[tuple[str, ...], tuple[str, ...]] | None = None
    """(text columns, group columns) to confirm on the Data page; None: the file is refused."""
    origin: str = "issue"


def cases() -> list[Case]:
    from analyzer.dashboard.state import UPLOAD_LIMITS as limits

    survey = (("Comment",), ("Role",))
    return [
        Case("csv-50mb", "survey.csv", "valid survey CSV just under the 50 MB file limit",
             lambda: csv_near_file_limit(limits.max_file_bytes), "text/csv", survey, "valid"),
        Case("xlsx-near-limits", "survey.xlsx",
             "valid workbook near the cell and text limits (shared strings)",
             lambda: xlsx_near_limits(limits),
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", survey,
             "valid"),
        Case("xlsx-xfd-per-row", "bomb.xlsx", "40,000 rows, each one cell in column XFD",
             xlsx_cell_in_xfd_per_row,
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        Case("csv-million-columns", "bomb.csv", "1,000,000-column header and 400 rows",
             csv_million_column_header, "text/csv"),
        Case("json-100000-deep", "bomb.json", "a list nested 100,000 deep", json_deep_list,
             "application/json"),
        Case("json-small-records", "records.json",
             "tiny records {\"\":{}} filling the file limit",
             lambda: json_many_small_records(limits.max_file_bytes), "application/json",
             origin="new"),
        Case("jsonl-small-lines", "records.jsonl", "JSON Lines of {} filling the file limit",
             lambda: jsonl_many_small_lines(limits.max_file_bytes), "application/json",
             origin="new"),
        Case("xlsx-element-flood", "flood.xlsx",
             "sheet XML of unknown empty elements, 74:1, at the expansion limit",
             lambda: xlsx_element_flood(limits),
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             origin="new"),
        Case("xlsx-strings-flood", "strings.xlsx",
             "shared string table of unknown empty elements, 74:1, at the expansion limit",
             lambda: xlsx_shared_strings_flood(limits),
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             origin="new"),
        Case("xlsx-empty-strings", "empty.xlsx",
             "shared string table of ~95 million empty <si/>, 68:1",
             lambda: xlsx_empty_shared_strings(limits),
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             origin="new"),
        Case("parquet-fixed-binary", "blob.parquet",
             "40,000 x 100 KB fixed-size binary values (3.7 GB decoded)",
             parquet_fixed_size_binary, "application/octet-stream", origin="new"),
    ]


# -- measuring -------------------------------------------------------------------------------

class Sampler:
    """RSS of a process and its children, every `interval` seconds, on a thread; stops the
    process (and reports it) past `cap` bytes."""

    def __init__(self, pid: int, cap: int, interval: float = 0.1):
        self.process = psutil.Process(pid)
        self.cap, self.interval = cap, interval
        self.peak = 0
        self.capped = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def rss(self) -> int:
        try:
            family = [self.process] + self.process.children(recursive=True)
        except psutil.Error:
            return 0
        total = 0
        for member in family:
            try:
                total += member.memory_info().rss
            except psutil.Error:
                pass
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            now = self.rss()
            self.peak = max(self.peak, now)
            if now > self.cap and not self.capped:
                self.capped = True
                self.kill()
            self._stop.wait(self.interval)

    def kill(self) -> None:
        try:
            family = self.process.children(recursive=True) + [self.process]
        except psutil.Error:
            return
        for member in family:
            try:
                member.kill()
            except psutil.Error:
                pass

    def start(self) -> "Sampler":
        self._thread.start()
        return self

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


@dataclass
class Outcome:
    case: Case
    size: int
    baseline: int = 0
    peak: int = 0
    upload_s: float | None = None
    confirm_s: float | None = None
    answer: str = ""
    stopped: str = ""
    notes: list[str] = field(default_factory=list)


_MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@[-`{-~])")


def _plain(text: str) -> str:
    """An alert's Markdown (user text arrives escaped) as the text a reader sees, one line."""
    return " ".join(_MARKDOWN_ESCAPE.sub(r"\1", text).split())


def _said(page: Page) -> str:
    """What the Data page answered, in one line."""
    if page.errors:
        return "error: " + _plain(page.errors[0].split("\n\nWhat to do:")[0])[:200]
    rows = [m.body for m in page.of("metric") if m.label == "Rows read"]
    kept = [m.body for m in page.of("metric") if m.label == "Kept"]
    if rows:
        return f"read: {rows[0]} rows, {kept[0] if kept else '?'} kept"
    warnings = [a.body for a in page.of("alert")]
    return ("alert: " + _plain(warnings[0])[:200]) if warnings else "no answer shown"


class Deadline:
    """Stops the server when one page answer takes longer than `seconds`."""

    def __init__(self, sampler: Sampler, seconds: float):
        self.sampler, self.seconds = sampler, seconds
        self.passed = False

    def _stop(self) -> None:
        self.passed = True
        self.sampler.kill()

    def timed(self, call: Callable[[], Page]) -> tuple[Page, float]:
        timer = threading.Timer(self.seconds, self._stop)
        timer.start()
        start = time.monotonic()
        try:
            return call(), time.monotonic() - start
        finally:
            timer.cancel()


def measure(case: Case, data: bytes, cap: int, timeout: float) -> Outcome:
    outcome = Outcome(case, len(data))
    with tempfile.TemporaryDirectory(prefix="upload-memory-") as folder:
        with run_server(ROOT, Path(folder)) as server:
            session = Session(server, timeout=timeout + 30)
            first = session.rerun()
            uploader = first.widget("file_uploader", UPLOADER).id
            time.sleep(1.0)
            sampler = Sampler(server.process.pid, cap)
            outcome.baseline = sampler.rss()
            sampler.start()
            deadline = Deadline(sampler, timeout)
            try:
                page, outcome.upload_s = deadline.timed(
                    lambda: session.upload(uploader, [(case.file_name, data)], mime=case.mime))
                outcome.answer = _said(page)
                if case.confirm is not None and not page.errors:
                    text, groups = case.confirm
                    session.set(page.widget("multiselect", TEXT_PICKER).id, list(text))
                    session.set(page.widget("multiselect", GROUP_PICKER).id, list(groups))
                    confirm = page.widget("button", CONFIRM).id
                    page, outcome.confirm_s = deadline.timed(
                        lambda: session.rerun(clicks=(confirm,)))
                    outcome.answer = _said(page)
            except UploadRefused as refused:
                outcome.answer = f"upload refused by the endpoint ({refused.status})"
            except Exception as error:  # noqa: BLE001 - the server was stopped or went away
                outcome.answer = f"no answer ({type(error).__name__})"
            finally:
                outcome.peak = sampler.stop()
                try:
                    session.close()
                except Exception:  # noqa: BLE001 - the socket may be gone with the server
                    pass
            if sampler.capped:
                outcome.stopped = f"stopped past the {cap / 2**30:.0f} GB cap"
            elif deadline.passed:
                outcome.stopped = f"stopped: no answer within {timeout:.0f} s"
    return outcome


# -- reporting -------------------------------------------------------------------------------

def _gb(size: int) -> str:
    return f"{size / 2**30:.2f} GB"


def _seconds(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _size(size: int) -> str:
    return f"{size / MiB:.1f} MB" if size >= MiB else f"{size / 1024:.0f} KB"


def table(outcomes: list[Outcome]) -> str:
    lines = ["| upload | file | what it is | baseline | peak RSS | growth | under 2 GB | "
             "upload answered (s) | columns confirmed (s) | the Data page's answer |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for o in outcomes:
        peak = (f"≥ {_gb(o.peak)}" if o.stopped else _gb(o.peak))
        under = "no" if o.stopped or o.peak >= TARGET else "yes"
        answer = o.answer.replace("|", "\\|")
        if o.stopped:
            answer = f"{o.stopped}; {answer}"
        label = o.case.key + (" (new)" if o.case.origin == "new" else "")
        lines.append(f"| {label} | {_size(o.size)} | {o.case.what} | {_gb(o.baseline)} | "
                     f"{peak} | {_gb(max(o.peak - o.baseline, 0))} | {under} | "
                     f"{_seconds(o.upload_s)} | {_seconds(o.confirm_s)} | {answer} |")
    return "\n".join(lines)


def machine() -> str:
    memory = psutil.virtual_memory().total / 2**30
    return (f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
            f"{memory:.0f} GB RAM, Python {platform.python_version()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.upload_memory",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", help="comma-separated case keys (default: all)")
    parser.add_argument("--list", action="store_true", help="list the cases and stop")
    parser.add_argument("--cap-gb", type=float, default=8.0,
                        help="stop a case's server past this RSS (default 8)")
    parser.add_argument("--timeout", type=float, default=300.0,
                        help="seconds the page may take to answer (default 300)")
    parser.add_argument("--output", type=Path, default=RESULTS,
                        help=f"Markdown file to write (default {RESULTS.relative_to(ROOT)})")
    args = parser.parse_args(argv)
    available = cases()
    if args.list:
        for case in available:
            print(f"{case.key:24} {case.origin:6} {case.what}")
        return 0
    chosen = available
    if args.cases:
        wanted = [key.strip() for key in args.cases.split(",") if key.strip()]
        unknown = sorted(set(wanted) - {c.key for c in available})
        if unknown:
            parser.error(f"unknown case(s): {', '.join(unknown)}")
        chosen = [c for c in available if c.key in wanted]
    outcomes = []
    for case in chosen:
        data = case.build()
        print(f"{case.key}: {_size(len(data))} ...", file=sys.stderr, flush=True)
        outcome = measure(case, data, int(args.cap_gb * 2**30), args.timeout)
        del data
        outcomes.append(outcome)
        print(f"  peak {_gb(outcome.peak)} (baseline {_gb(outcome.baseline)}), "
              f"{outcome.stopped or outcome.answer}", file=sys.stderr, flush=True)
    from analyzer.dashboard.state import UPLOAD_LIMITS as limits

    report = "\n".join([
        "# Server memory per upload",
        "",
        f"`python -m benchmarks.upload_memory` on {machine()}; a fresh `streamlit run app.py` "
        "per upload, RSS of the server and its children sampled every 0.1 s. Dashboard "
        f"limits: {limits.max_file_bytes // MiB} MB a file, {limits.max_cells:,} cells, "
        f"{limits.max_columns:,} columns, {limits.max_rows:,} rows, "
        f"{limits.max_cell_chars:,} characters a cell. Target: under 2 GB for any single "
        "upload within them. \"(new)\": a file found by red-teaming, not in the issue.",
        "",
        table(outcomes),
        "",
    ])
    print(report)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(report, encoding="utf-8")
    print(json.dumps([{"case": o.case.key, "bytes": o.size, "baseline": o.baseline,
                       "peak": o.peak, "upload_s": o.upload_s, "confirm_s": o.confirm_s,
                       "answer": o.answer, "stopped": o.stopped} for o in outcomes]),
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
