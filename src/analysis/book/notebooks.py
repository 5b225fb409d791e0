"""Execute the book's notebooks headless (nbclient), in the order ``_quarto.yml`` gives.

Quarto executes them itself when it renders; this runner lets the data team and the tests
check every chapter without Quarto. Executed copies go to ``_build/notebooks/`` (ignored by
git); the committed notebooks stay output-free.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from .. import paths


@dataclass(frozen=True)
class NotebookRun:
    path: Path
    seconds: float
    figures: int
    error: str | None = None


def book_config() -> dict:
    """The parsed ``_quarto.yml``."""
    return yaml.safe_load((paths.project_root() / "_quarto.yml").read_text(encoding="utf-8"))


def chapter_files(config: dict | None = None) -> list[str]:
    """Every chapter and appendix file named in ``_quarto.yml``, in book order."""
    config = config or book_config()
    book = config.get("book", {})
    out: list[str] = []

    def walk(items: list) -> None:
        for it in items or []:
            if isinstance(it, str):
                out.append(it)
            elif isinstance(it, dict):
                if it.get("part") and str(it["part"]).endswith((".qmd", ".md", ".ipynb")):
                    out.append(it["part"])
                if it.get("file"):
                    out.append(it["file"])
                walk(it.get("chapters", []))

    walk(book.get("chapters", []))
    walk(book.get("appendices", []))
    return out


def notebook_paths(config: dict | None = None) -> list[Path]:
    root = paths.project_root()
    return [root / f for f in chapter_files(config) if f.endswith(".ipynb")]


def _count_figures(nb) -> int:
    n = 0
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if any(k.startswith(("image/", "application/vnd.vegalite")) for k in data):
                n += 1
    return n


def execute_notebook(path: Path, *, timeout: int = 120, save_to: Path | None = None) -> NotebookRun:
    """Run one notebook top to bottom in a fresh kernel; record time and figure count."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    t0 = time.perf_counter()
    error = None
    try:
        client.execute()
    except CellExecutionError as exc:
        error = str(exc).strip().splitlines()[-1] if str(exc).strip() else repr(exc)
    seconds = time.perf_counter() - t0
    if save_to is not None:
        save_to.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, save_to)
    return NotebookRun(path, seconds, _count_figures(nb), error)


def execute_all(*, progress: bool = True, workers: int | None = None) -> list[NotebookRun]:
    """Execute every notebook of the book; executed copies go to ``_build/notebooks``.

    Notebooks are independent (each reads ``data/processed`` only), so they run in parallel,
    one kernel per worker (default: one worker per CPU, at most 4).
    """
    from concurrent.futures import ThreadPoolExecutor

    from rich.console import Console

    console = Console(stderr=True, quiet=not progress)
    out_dir = paths.project_root() / "_build" / "notebooks"
    notebooks = notebook_paths()
    workers = workers or max(1, min(4, os.cpu_count() or 1))
    t0 = time.perf_counter()
    runs: list[NotebookRun] = []
    with (
        console.status(f"executing {len(notebooks)} notebooks ({workers} at a time)"),
        ThreadPoolExecutor(max_workers=workers) as pool,
    ):
        for run in pool.map(lambda nb: execute_notebook(nb, save_to=out_dir / nb.name), notebooks):
            mark = "[red]FAILED[/red]" if run.error else "[green]ok[/green]"
            console.print(
                f"{mark} {run.path.relative_to(paths.project_root())} "
                f"({run.seconds:.1f} s, {run.figures} figures)"
            )
            if run.error:
                console.print(f"    {run.error}")
            runs.append(run)
    console.print(f"{len(runs)} notebooks in {time.perf_counter() - t0:.1f} s")
    return runs
