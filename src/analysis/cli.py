"""Command line: ``python -m analysis <command>`` (also installed as ``analysis``).

Commands
  build       rebuild data/processed from data/raw (incremental; deterministic)
  notebooks   execute every notebook of the book headless
  book        build + notebooks + render with Quarto when it is available
  render      render the book with Quarto only
  quarto      ``status`` or ``install`` (pinned release, checksum-verified, into .tools/)
  ingest      add a new report to the corpus (see README, "Quarterly update")
  review      write a report's review page (offline HTML); record decisions in reviews.csv
  evaluate    precision and recall of the facts engine on tests/evaluation (--set holdout)
  release     zip the published tables (CSV, Parquet, datapackage.json) as a data release

Exit codes
  0  success
  1  failure: invalid input or data, a notebook error, a render error (message on stderr)
  2  usage error (bad command line), or ``ingest`` refused its input (nothing was changed)
  3  ``book``: data built and notebooks executed, but Quarto is missing so nothing was rendered
  4  busy: another command held the corpus lock past the timeout (nothing was changed)
"""

from __future__ import annotations

import argparse
import logging
import sys

from .extras import modules_of, require

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_NO_QUARTO, EXIT_BUSY = 0, 1, 2, 3, 4
TO_HELP = "output formats to render (default: html pdf)"
QUARTO_EXECUTES_HELP = (
    "let Quarto execute the chapters itself, one at a time, as a plain `quarto render` does "
    "(default: execute them first, one per CPU, and render both editions at once)"
)
log = logging.getLogger("analysis")


def _setup_logging(args: argparse.Namespace) -> None:
    level = logging.WARNING if args.quiet else logging.DEBUG if args.verbose else logging.INFO
    logging.basicConfig(level=level, format="%(message)s", stream=sys.stderr)
    for noisy in ("urllib3", "traitlets", "asyncio"):  # library chatter, even with --verbose
        logging.getLogger(noisy).setLevel(logging.WARNING)


def cmd_build(args: argparse.Namespace) -> int:
    check_package = getattr(args, "check_package", False)
    previous = getattr(args, "previous", None)
    if not (args.full or check_package or previous) and _nothing_to_build():
        return EXIT_OK
    require(*modules_of("build"), purpose="`analysis build`")
    from .pipeline import build

    result = build(
        full=args.full, progress=not args.quiet, check_package=check_package, previous=previous
    )
    log.info(result.summary())
    return EXIT_OK


def _nothing_to_build() -> bool:
    """A build with nothing to do, answered before the pipeline (and pandas) is imported:
    under the corpus lock, the build record matches the inputs and every file is intact."""
    import time

    from .locks import corpus_lock
    from .tables.integrity import unchanged_summary, up_to_date_message

    t0 = time.perf_counter()
    with corpus_lock("build"):
        summary = unchanged_summary()
    if summary is not None:
        log.info(up_to_date_message(summary, time.perf_counter() - t0))
    return summary is not None


def cmd_notebooks(args: argparse.Namespace) -> int:
    require(*modules_of("build", "geo", "charts", "book"), purpose="`analysis notebooks`")
    from .book.notebooks import execute_all

    runs = execute_all(progress=not args.quiet)
    failed = [r for r in runs if r.error]
    if failed:
        log.error(
            "%d of %d notebooks failed: %s",
            len(failed),
            len(runs),
            ", ".join(r.path.name for r in failed),
        )
    return EXIT_FAIL if failed else EXIT_OK


def cmd_render(args: argparse.Namespace) -> int:
    from .book import quarto

    exe = quarto.find_quarto()
    if exe is None:
        print(quarto.how_to_get(), file=sys.stderr)
        return EXIT_NO_QUARTO
    in_quarto = getattr(args, "quarto_executes", False)
    if not in_quarto and not getattr(args, "built", False):
        # the chapters are executed before Quarto runs, so before its pre-render build
        args.full = getattr(args, "full", False)
        rc = cmd_build(args)
        if rc != EXIT_OK:
            return rc
    quarto.render(
        exe,
        tuple(args.to),
        skip_unchanged=getattr(args, "skip_unchanged", False),
        quarto_executes=in_quarto,
    )
    log.info("book rendered to _book/en/ and _book/vi/")
    return EXIT_OK


def cmd_book(args: argparse.Namespace) -> int:
    from . import paths
    from .book import quarto

    # Quarto executes the chapters itself (a failing cell fails the render), so the headless
    # run is only needed, as the check that every chapter works, when there is no Quarto.
    steps = (cmd_build,) if quarto.find_quarto() else (cmd_build, cmd_notebooks)
    for step in steps:
        rc = step(args)
        if rc != EXIT_OK:
            return rc
    # `book` leaves an edition whose inputs did not change since its last render as it is
    # (`render` always renders).
    args.skip_unchanged = True
    args.built = True
    rc = cmd_render(args)
    root = paths.project_root()
    if rc == EXIT_OK:
        print(
            f"open the book: {root / '_book' / 'en' / 'index.html'} "
            f"(Vietnamese edition: {root / '_book' / 'vi' / 'index.html'})",
            file=sys.stderr,
        )
    elif rc == EXIT_NO_QUARTO:
        print(
            "not rendered (no Quarto); the executed chapters are in "
            f"{root / '_build' / 'notebooks'} (open them with Jupyter)",
            file=sys.stderr,
        )
    return rc


def cmd_quarto(args: argparse.Namespace) -> int:
    from .book import quarto

    if args.action == "install":
        if quarto.find_quarto():
            log.info("quarto already available: %s", quarto.find_quarto())
            return EXIT_OK
        if not quarto.online():
            print(
                "No internet connection: cannot download Quarto.\n" + quarto.how_to_get(),
                file=sys.stderr,
            )
            return EXIT_FAIL
        exe = quarto.install()
        log.info("installed %s", exe)
        return EXIT_OK
    found = quarto.find_quarto()
    if found is None:
        print(quarto.how_to_get(), file=sys.stderr)
        return EXIT_NO_QUARTO
    print(f"{found} (version {'.'.join(map(str, quarto.quarto_version(found)))})")
    return EXIT_OK


def cmd_ingest(args: argparse.Namespace) -> int:
    """Ingest one report; exit 2 when the input is refused (then nothing was changed)."""
    require(*modules_of("build", "ingest"), purpose="`analysis ingest`")
    from .ingest import IngestError, ingest

    try:
        row = ingest(
            args.path,
            province=args.province,
            period=args.period,
            issuer=args.issuer,
            title=args.title,
            report_id=args.report_id,
            sidecar=args.metadata,
            language=args.language,
        )
    except IngestError as exc:  # refused input: like a usage error, nothing was changed
        print(f"ingest refused (nothing was changed): {exc}", file=sys.stderr)
        return EXIT_USAGE
    log.info(
        "ingested %s as %s (%s, %s): text %s",
        args.path,
        row["report_id"],
        row["province"],
        row["period_label"],
        row["file"],
    )
    if not args.no_build:
        return cmd_build(args)
    return EXIT_OK


def cmd_review(args: argparse.Namespace) -> int:
    """Write the review page of a report, or record decisions (``--import``, ``--action``)."""
    from .review_work import record_decisions, write_review_page

    if args.import_csv or args.action:
        n = record_decisions(args)
        log.info("recorded %d decision(s) in reviews.csv; rebuild to apply them", n)
        return cmd_build(args) if not args.no_build else EXIT_OK
    out = write_review_page(args.report_id, args.out)
    log.info("review page written to %s", out)
    return EXIT_OK


def cmd_evaluate(args: argparse.Namespace) -> int:
    """Precision and recall of the facts engine on the labelled evaluation set."""
    from .facts import evaluation as ev

    if args.set == "holdout":  # the blind held-out set: a measure, never tuned against
        groups = ev.evaluate(ev.load_cases(ev.evaluation_dir() / "holdout"))
        print("held-out set (tests/evaluation/holdout)")
        print(ev.format_scores(groups, per_id=not args.brief))
    else:
        groups = ev.evaluate()
        print(ev.format_scores(groups, per_id=not args.brief))
        print()
        print(ev.format_examples(ev.example_results()))
    if args.misses:
        print("\n".join(["", *groups["all"].misses]))
    return EXIT_OK


def cmd_release(args: argparse.Namespace) -> int:
    """Zip the published tables as a versioned data release (rebuilt first unless asked)."""
    from pathlib import Path

    from .locks import corpus_lock
    from .release import make_release

    with corpus_lock("release"):  # no ingest between the build and the zip of its tables
        if not args.no_build:
            rc = cmd_build(args)
            if rc != EXIT_OK:
                return rc
        out = Path(args.out) if args.out else None
        rel = make_release(out, args.release_version)
    if not rel.new:
        log.info(
            "no new data release: the tables are those of release %s (drop %d), %s",
            rel.version,
            rel.drop,
            f"written again to {rel.path}" if rel.written else f"{rel.path}, left as it was",
        )
        return EXIT_OK
    log.info(
        "data release %s (drop %d): %s; %s",
        rel.version,
        rel.drop,
        rel.path,
        ", ".join(f"{n} {c}" for n, c in rel.rows.items()),
    )
    return EXIT_OK


def _verbosity(p: argparse.ArgumentParser, default: object) -> None:
    g = p.add_mutually_exclusive_group()
    g.add_argument(
        "-q", "--quiet", action="store_true", default=default, help="only warnings and errors"
    )
    g.add_argument("-v", "--verbose", action="store_true", default=default, help="debug detail")


def version() -> str:
    """The installed distribution's version (``pyproject.toml`` in a source tree)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("analysis")
    except PackageNotFoundError:  # run from a source tree that was never installed
        import tomllib

        from . import paths

        data = tomllib.loads((paths.project_root() / "pyproject.toml").read_text("utf-8"))
        return str(data["project"]["version"])


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="analysis", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {version()}")
    _verbosity(p, False)
    # -q/-v are accepted before or after the command (`analysis -q build`, `analysis build -q`)
    common = argparse.ArgumentParser(add_help=False)
    _verbosity(common, argparse.SUPPRESS)
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", parents=[common], help="rebuild data/processed")
    b.add_argument("--full", action="store_true", help="ignore the cache, re-extract everything")
    b.add_argument(
        "--check-package",
        action="store_true",
        help="also validate every published file against datapackage.json (Frictionless)",
    )
    b.add_argument(
        "--previous",
        metavar="PATH",
        help="the data release last published, which this build continues (its drops kept, "
        "this one numbered after them): a release zip, the site's data/ folder (with "
        "latest.json) or an unzipped release",
    )
    b.set_defaults(func=cmd_build)
    nb = sub.add_parser("notebooks", parents=[common], help="execute all notebooks")
    nb.set_defaults(func=cmd_notebooks)
    r = sub.add_parser("render", parents=[common], help="render the book with Quarto")
    r.add_argument(
        "--to", nargs="+", default=["html", "pdf"], choices=["html", "pdf"], help=TO_HELP
    )
    r.add_argument("--quarto-executes", action="store_true", help=QUARTO_EXECUTES_HELP)
    r.set_defaults(func=cmd_render)
    bk = sub.add_parser("book", parents=[common], help="build, execute notebooks, render")
    bk.add_argument("--full", action="store_true", help="rebuild the data ignoring the cache")
    bk.add_argument(
        "--to", nargs="+", default=["html", "pdf"], choices=["html", "pdf"], help=TO_HELP
    )
    bk.add_argument("--quarto-executes", action="store_true", help=QUARTO_EXECUTES_HELP)
    bk.set_defaults(func=cmd_book)
    q = sub.add_parser("quarto", parents=[common], help="find or install Quarto")
    q.add_argument(
        "action",
        choices=["status", "install"],
        help="status: print the Quarto found (exit 3 if none); install: the pinned release "
        "into .tools/",
    )
    q.set_defaults(func=cmd_quarto)
    i = sub.add_parser(
        "ingest", parents=[common], help="add a report (.txt, .md, .docx, .pdf) to the corpus"
    )
    i.add_argument("path", help="the report file: .txt, .md, .docx or .pdf")
    i.add_argument("--province", help="province as named by the issuer (e.g. 'An Giang')")
    i.add_argument("--period", help="period label: YYYY, YYYY-Qn, YYYY-Hn, YYYY-MM or START/END")
    i.add_argument("--issuer", help="issuing body, e.g. 'Sở Thông tin và Truyền thông tỉnh X'")
    i.add_argument("--title", help="report title (default: read from the document)")
    i.add_argument("--report-id", help="id to use (default: province-period)")
    i.add_argument("--metadata", help="YAML sidecar with the same fields (flags win)")
    i.add_argument("--language", choices=["vi", "en"], help="report language (default: detected)")
    i.add_argument("--no-build", action="store_true", help="do not rebuild after ingesting")
    i.add_argument("--full", action="store_true", help=argparse.SUPPRESS)
    i.set_defaults(func=cmd_ingest)
    _add_review_commands(sub, common)
    rl = sub.add_parser(
        "release", parents=[common], help="zip the published tables as a versioned data release"
    )
    rl.add_argument(
        "--version",
        dest="release_version",
        help="release version, also in the zip's name (default: today's date, YYYY-MM-DD; "
        "the tables of an earlier release keep that release's version)",
    )
    rl.add_argument("--out", help="folder for the zip (default: releases/ in the project)")
    rl.add_argument(
        "--no-build", action="store_true", help="package data/processed as it is, without a build"
    )
    rl.add_argument("--full", action="store_true", help=argparse.SUPPRESS)
    rl.set_defaults(func=cmd_release, check_package=False)
    return p


def _add_review_commands(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """The ``review`` and ``evaluate`` commands: a drop's review page, the engine's scores."""
    rv = sub.add_parser(
        "review", parents=[common], help="review page of a report; record accept/correct/reject"
    )
    rv.add_argument("report_id", help="the report to review (its id in the manifest)")
    rv.add_argument("--out", help="page path (default: _build/review/REPORT_ID.html)")
    rv.add_argument(
        "--import", dest="import_csv", help="append the decisions of a CSV the page exported"
    )
    rv.add_argument("--line", type=int, help="line of the figure (with --quote, --action)")
    rv.add_argument("--quote", help="the figure's quote, or a unique ending of it")
    rv.add_argument(
        "--action", choices=["accept", "correct", "reject"], help="the decision on the figure"
    )
    rv.add_argument("--reason", default="", help="why (required)")
    for f in ("indicator", "value", "unit", "scope", "qualifier"):
        rv.add_argument(f"--{f}", default="", help=f"corrected {f} (action correct)")
    rv.add_argument("--reviewer", default="", help="who decided (recorded in reviews.csv)")
    rv.add_argument("--no-build", action="store_true", help="do not rebuild after recording")
    rv.add_argument("--full", action="store_true", help=argparse.SUPPRESS)
    rv.set_defaults(func=cmd_review)
    e = sub.add_parser(
        "evaluate", parents=[common], help="precision and recall on tests/evaluation"
    )
    e.add_argument("--brief", action="store_true", help="groups only, not every id")
    e.add_argument("--misses", action="store_true", help="list every figure read wrong")
    e.add_argument(
        "--set",
        choices=["main", "holdout"],
        default="main",
        help="main: tests/evaluation and the catalog examples; holdout: the blind held-out set",
    )
    e.set_defaults(func=cmd_evaluate)


def main(argv: list[str] | None = None) -> int:
    from .locks import CorpusBusyError

    args = parser().parse_args(argv)
    _setup_logging(args)
    try:
        return args.func(args)
    except CorpusBusyError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_BUSY
    except KeyboardInterrupt:
        print("interrupted; nothing half-written was kept", file=sys.stderr)
        return EXIT_FAIL
    except Exception as exc:  # one clear line for users; --verbose shows the traceback
        if args.verbose:
            raise
        name = type(exc).__name__
        print(f"error ({name}): {exc}", file=sys.stderr)
        return EXIT_FAIL
