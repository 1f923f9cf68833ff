"""Command line: a thin layer that turns library errors into one-line messages (exit 2).

    python -m analyzer analyze INPUT [INPUT ...] --text COLUMN [--group COLUMN ...] --out OUTDIR
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import os
import sys
import tomllib
from pathlib import Path

from analyzer.config import EMBEDDERS, REPORT_FORMATS, choices, default
from analyzer.dashboard.access import ROLES
from analyzer.errors import AnalyzerError, ConfigError
from analyzer.pipelines.phones import DEFAULT_PHONE_REGIONS
from analyzer.safe_text import one_line

EXIT_BAD_INPUT = 2
APP = Path(__file__).resolve().parents[1] / "app.py"


def _pairs(values: list[str] | None, what: str) -> dict[str, str]:
    """Parse repeated `KEY=VALUE` options."""
    parsed = {}
    for value in values or []:
        key, sep, target = value.partition("=")
        if not sep or not key.strip() or not target.strip():
            raise ConfigError(f"{what} '{value}' should look like KEY=VALUE.")
        parsed[key.strip()] = target.strip()
    return parsed


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analyzer",
                                     description="Community feedback theme analyzer.")
    commands = parser.add_subparsers(dest="command", required=True)

    analyze = commands.add_parser("analyze", help="find themes per group and write the results")
    analyze.add_argument("inputs", nargs="+", type=Path,
                         help="CSV/TSV/XLSX/JSON/Parquet files, or patterns such as "
                              "'exports/*.csv' (quoted, or the shell expands them itself)")
    analyze.add_argument("--text", action="append", required=True,
                         help="open-ended question column (repeat for several questions)")
    analyze.add_argument("--group", action="append", default=[],
                         help="column saying who wrote the comment (repeatable)")
    analyze.add_argument("--id", dest="id_column", help="respondent or comment id column")
    analyze.add_argument("--round", dest="round_column", help="engagement round or date column")
    analyze.add_argument("--alias", action="append", metavar="HEADER=NAME",
                         help="treat column HEADER as NAME, to merge files (repeatable)")
    analyze.add_argument("--mapping", type=Path,
                         help="CSV file with columns header,name listing column aliases")
    analyze.add_argument("--label", action="append", metavar="FILE=LABEL",
                         help="partner or effort label for one input file (repeatable)")
    analyze.add_argument("--sheet", help="XLSX sheet to read ('*' for every sheet)")
    analyze.add_argument("--seed", type=int, default=default("seed"),
                         help="same seed, same themes (default: %(default)s)")
    analyze.add_argument("--embedder", default=default("embedder"),
                         help="; ".join(f"{name} = {what}" for name, what in EMBEDDERS.items())
                              + "; or the folder of a local sentence-transformers model "
                              "(default: %(default)s)")
    analyze.add_argument("--themes", dest="n_themes", type=int, default=default("n_themes"),
                         help="fixed number of themes (default: chosen from the corpus size "
                              "and --granularity)")
    analyze.add_argument("--granularity", choices=choices("granularity"),
                         default=default("granularity"),
                         help="theme detail (default: %(default)s)")
    analyze.add_argument("--campaign-counting", choices=choices("campaign_counting"),
                         default=default("campaign_counting"),
                         help="a form-letter campaign counts once or once per copy in the "
                              "statistics (default: %(default)s)")
    analyze.add_argument("--min-group-size", type=int, default=default("min_group_size"),
                         help="groups smaller than this are merged into 'other' in public "
                              "outputs (default: %(default)s)")
    analyze.add_argument("--benchmark", type=Path,
                         help="CSV with columns attribute,group,share (e.g. enrolment shares)")
    analyze.add_argument("--votes", type=Path,
                         help="votes on the comments: Polis's participants-votes.csv, or a "
                              "table of participant, comment_id, vote (needs --id naming the "
                              "comment id column); adds agreement.csv, theme_agreement.csv "
                              "and opinion_groups.csv")
    analyze.add_argument("--author",
                         help="with --votes: the column naming who wrote each comment, to "
                              "compare opinion groups (default: Polis's author-id, if present)")
    analyze.add_argument("--phone-regions", metavar="US,GB,...",
                         help="countries (two-letter codes) whose national phone formats are "
                              "redacted; numbers written with + are redacted whatever the list "
                              f"(default: {','.join(DEFAULT_PHONE_REGIONS)})")
    analyze.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                         help="run the per-comment stages on a Dask cluster: the address "
                              "`dask scheduler` prints, or 'local' for two worker processes "
                              "on this machine")
    analyze.add_argument("--no-cache", action="store_true", help="do not reuse cached embeddings")
    analyze.add_argument("--out", required=True, type=Path, help="folder for the results")
    analyze.add_argument("--project", metavar="FILE_OR_URL",
                         help="also save the analysis in this project (a .feedback.db file, "
                              "created if needed, or a database URL); only redacted text is "
                              "stored unless --keep-originals is given")
    analyze.add_argument("--project-name", metavar="NAME",
                         help="name of the saved analysis (default: the first input's name)")
    analyze.add_argument("--keep-originals", action="store_true",
                         help="store every comment's original, unredacted text in the project "
                              "as well; anyone who can open the project can then read names, "
                              "phones and emails people wrote")

    report = commands.add_parser("report", help="write a report from an analysis folder or project")
    report.add_argument("source", help="OUTDIR written by `analyze`, a project file, or a "
                                       "project database URL (postgresql+psycopg://...)")
    report.add_argument("--format", required=True, choices=REPORT_FORMATS)
    report.add_argument("--output", type=Path,
                        help="file to write (default: report.FORMAT in OUTDIR, or "
                             "NAME-report.FORMAT beside a project file)")

    purge = commands.add_parser("purge-originals",
                                help="remove comments' unredacted text from a saved project")
    purge.add_argument("project", help="a project file or database URL")

    users = commands.add_parser("users", help="add a dashboard user with a hashed password")
    users.add_argument("action", choices=("add",))
    users.add_argument("name")
    users.add_argument("--role", required=True, choices=ROLES)
    users.add_argument("--file", type=Path, default=Path("users.json"),
                       help="the users file (default: users.json)")
    users.add_argument("--password-stdin", action="store_true",
                       help="read the password from standard input instead of asking")

    commands.add_parser("prepare", help="build the models analyses read, once per install "
                                        "(`make setup` runs it); the folder is "
                                        "$ANALYZER_MODELS_DIR, else "
                                        "~/.cache/feedback-analyzer/models")

    serve = commands.add_parser("serve", help="serve the dashboard to a team (needs sign-in)")
    serve.add_argument("--address", default="0.0.0.0", help="address to listen on")
    serve.add_argument("--port", type=int, default=8501)
    serve.add_argument("--users", type=Path,
                       help="users file with hashed passwords (or set FEEDBACK_ANALYZER_USERS)")
    return parser


def run_prepare() -> int:
    """Build the models into the models folder, one line per model as it is ready."""
    from analyzer.pipelines.embed import default_models_dir, prepare_models

    folder = default_models_dir()
    print(f"Preparing models in {folder}", flush=True)
    prepare_models(folder, lambda what, seconds: print(f"  {what}: ready ({seconds:.1f} s)",
                                                        flush=True))
    return 0


def run_users(args: argparse.Namespace) -> int:
    from analyzer.dashboard.access import add_user

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass(f"Password for {args.name}: ")
        if getpass.getpass("Again: ") != password:
            raise ConfigError("the two passwords differ; nothing was written.")
    add_user(args.file, args.name, args.role, password)
    print(f"{args.name} ({args.role}) is in {args.file}")
    return 0


def run_serve(args: argparse.Namespace) -> int:
    """Check that sign-in is configured for a non-loopback address, then become Streamlit."""
    from analyzer.dashboard.access import USERS_FILE_VARIABLE, read_users, refusal

    environ = dict(os.environ, HF_HUB_OFFLINE="1")
    if args.users:
        environ[USERS_FILE_VARIABLE] = str(args.users.resolve())
    users_file = environ.get(USERS_FILE_VARIABLE)
    configured = bool(read_users(Path(users_file) if users_file else None).passwords) or \
        _identity_provider_configured(APP.parent / ".streamlit" / "secrets.toml")
    reason = refusal(args.address, configured)
    if reason:
        raise ConfigError(reason)
    command = [sys.executable, "-m", "streamlit", "run", str(APP),
               "--server.address", args.address, "--server.port", str(args.port)]
    os.execve(sys.executable, command, environ)
    return 0  # not reached: the process is Streamlit now


def _identity_provider_configured(secrets: Path) -> bool:
    try:
        return "auth" in tomllib.loads(secrets.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return False
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"cannot read {secrets}: {error}") from None


def run_analyze(args: argparse.Namespace) -> int:
    from analyzer.config import AnalysisConfig, CleaningConfig, phone_regions_from_text
    from analyzer.core import FeedbackAnalyzer
    from analyzer.pipelines.groups import read_benchmark
    from analyzer.pipelines.ingest import ColumnRoles, InputSpec, read_inputs
    from analyzer.pipelines.ingest.patterns import expand_inputs
    from analyzer.pipelines.write import write_outputs

    aliases = _pairs(args.alias, "--alias")
    if args.mapping:
        aliases.update(_read_mapping(args.mapping))
    labels = _pairs(args.label, "--label")
    specs = [InputSpec(path=p, label=labels.get(p.name, labels.get(str(p), labels.get(given))),
                       sheet=args.sheet)
             for given, p in expand_inputs(args.inputs)]
    roles = ColumnRoles(text=tuple(args.text), groups=tuple(args.group), id=args.id_column,
                        round=args.round_column, aliases=aliases)
    if args.keep_originals and not args.project:
        raise ConfigError("--keep-originals keeps original text in a saved project; give the "
                          "project with --project FILE (output folders never hold it).")
    if args.project:
        _check_project_location(args.project)
    cleaning = CleaningConfig(phone_regions=phone_regions_from_text(args.phone_regions))
    config = AnalysisConfig(embedder=args.embedder, seed=args.seed, n_themes=args.n_themes,
                            granularity=args.granularity,
                            campaign_counting=args.campaign_counting,
                            min_group_size=args.min_group_size,
                            keep_originals=args.keep_originals, cleaning=cleaning)
    analyzer = FeedbackAnalyzer(config, use_cache=not args.no_cache, scheduler=args.scheduler)
    benchmark = read_benchmark(args.benchmark) if args.benchmark else None
    votes = _read_votes(args)

    def progress(stage: str, fraction: float) -> None:
        print(f"[{fraction:4.0%}] {stage}", file=sys.stderr)

    with _cluster(analyzer.scheduler):  # the files are read by the workers that analyse them
        corpus = read_inputs(specs, roles)
        result = analyzer.fit(corpus, benchmark=benchmark, progress=progress)
    if votes is not None:
        from analyzer.pipelines.votes import add_votes, read_comment_facts

        facts = read_comment_facts(specs, id_column=args.id_column, author_column=args.author)
        result = add_votes(result, votes, comments=facts)
    written = write_outputs(result, args.out)
    summary = result.method["comments"]
    real = sum(1 for t in result.themes if t.theme_id >= 0)
    print(f"{real} themes from {summary['answered']} answered comments "
          f"({summary['unassigned']} unassigned, {summary['non_answers']} non-answers); "
          f"ledger: {result.ledger.n_read} rows read, {result.ledger.n_kept} kept, "
          f"{result.ledger.n_dropped} dropped. Wrote {len(written)} files to {args.out}")
    if "votes" in result.method:
        voted = result.method["votes"]
        print(f"votes: {voted['votes']} from {voted['participants']} participants on "
              f"{voted['comments']} comments ({voted['comments_analysed']} analysed); "
              f"{len(voted['opinion_groups']['groups'])} opinion groups "
              f"{voted['opinion_groups']['method']}")
    if args.project:
        from analyzer.projects import save_project

        ref = save_project(result, args.project,
                           name=args.project_name or specs[0].path.stem)
        kept = "with the original text" if ref.originals_kept else "redacted text only"
        print(f"Saved analysis {ref.analysis_id} '{ref.name}' in {ref.url} ({kept})")
    return 0


def _cluster(scheduler: str | None):
    """The Dask cluster of `--scheduler` for the block, or nothing to enter."""
    if scheduler is None:
        return contextlib.nullcontext()
    from analyzer.pipelines.dask_runner import on_cluster

    return on_cluster(scheduler)


def _check_project_location(location: str) -> None:
    """Refuse a project that cannot be saved before spending minutes on the analysis."""
    from analyzer.projects.database import resolve_url, sqlite_file

    path = sqlite_file(resolve_url(location))
    if path is not None and not path.parent.is_dir():
        raise ConfigError(f"--project {location}: the folder {path.parent} does not exist.")


def run_purge(args: argparse.Namespace) -> int:
    from analyzer.projects import purge_originals

    purged = purge_originals(args.project)
    if purged:
        print(f"Removed the original text of analyses {', '.join(map(str, purged))}; only "
              "redacted text is left.")
    else:
        print("Nothing to remove: the project holds redacted text only.")
    return 0


def _read_votes(args: argparse.Namespace):
    """The vote file, read before the (slow) analysis so that a bad one fails at once."""
    if args.votes is None:
        if args.author:
            raise ConfigError("--author only applies with --votes (it names who wrote each "
                              "comment, to compare opinion groups).")
        return None
    if not args.id_column:
        raise ConfigError("--votes needs --id naming the comment id column that the votes refer "
                          "to (for a Polis export: --id comment-id).")
    from analyzer.pipelines.votes import read_votes

    return read_votes(args.votes)


def _read_mapping(path: Path) -> dict[str, str]:
    import pandas as pd

    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read the mapping file '{path}': {exc}") from exc
    if not {"header", "name"} <= set(frame.columns):
        raise ConfigError(f"the mapping file '{path}' needs the columns header,name.")
    return dict(zip(frame["header"].str.strip(), frame["name"].str.strip()))


def main(argv: list[str] | None = None) -> int:
    # Models load from local files only; the entry point, not the library, keeps the Hugging
    # Face libraries from reaching out to the network.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "analyze":
            return run_analyze(args)
        if args.command == "users":
            return run_users(args)
        if args.command == "prepare":
            return run_prepare()
        if args.command == "serve":
            return run_serve(args)
        if args.command == "purge-originals":
            return run_purge(args)
        from analyzer.reports import write_report

        path = write_report(args.source, args.format, args.output)
        print(f"Wrote {path}")
        return 0
    except AnalyzerError as error:
        print(f"error: {one_line(error)}", file=sys.stderr)
        return EXIT_BAD_INPUT
