"""Execute the book's notebooks headless (nbclient), in the order ``_quarto.yml`` gives.

The chapters are Jupyter notebooks in the percent format (``notebooks/*.py``, ``# %%`` cells):
Quarto executes them itself when it renders (through a transient notebook, never writing
outputs into the source); this runner lets the data team and the tests check every chapter
without Quarto. Executed copies go to ``_build/notebooks/<chapter>.ipynb`` (ignored by git).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from .. import paths
from ..book_config import notebook_paths, read_notebook
from ..extras import require
from .export import write_vega_bundle


@dataclass(frozen=True)
class NotebookRun:
    path: Path
    seconds: float
    figures: int
    error: str | None = None


def _count_figures(nb) -> int:
    """Figures in an executed notebook: images, Vega-Lite outputs and the book's figure blocks.

    ``style.show`` writes a chart as a Markdown cross-reference block (``::: {#fig-…}``) with
    the PNG as a file, so counting image outputs alone reported "0 figures" for every chapter.
    """
    n = 0
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            markdown = data.get("text/markdown", "")
            if isinstance(markdown, list):
                markdown = "".join(markdown)
            image = any(k.startswith(("image/", "application/vnd.vegalite")) for k in data)
            n += image or markdown.lstrip().startswith("::: {#fig-")
    return n


#: Run in each kernel this runner starts, before the first cell. jsonschema (imported by
#: Altair) compiles the RFC 3987 grammar of the optional ``rfc3987-syntax`` package whenever it
#: is installed (jupyter-events pulls it in): about 2 s per kernel, for an IRI format check the
#: book never uses. Marking it absent in the kernel halves ``analysis notebooks`` (measured: 49-53 s
#: → 19-21 s for the 13 chapters on 2 cores). It is scoped to these kernels: ``import analysis``
#: changes nothing, and kernels that Quarto starts itself pay the 2 s.
KERNEL_STARTUP = "import sys; sys.modules.setdefault('rfc3987_syntax', None)"


def execute_notebook(
    path: Path,
    *,
    timeout: int = 120,
    save_to: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> NotebookRun:
    """Run one notebook top to bottom in a fresh kernel; record time and figure count.

    ``env``: variables set in the kernel's environment (on top of this process's), so that
    several notebooks can run at once against different roots or read logs. The kernel is
    stopped at once when the last cell is done (a graceful shutdown costs about 0.5 s per
    notebook and has nothing left to save).
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = read_notebook(path)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        extra_arguments=[f"--IPKernelApp.exec_lines={KERNEL_STARTUP}"],
        shutdown_kernel="immediate",
    )
    t0 = time.perf_counter()
    error = None
    try:
        # The book's chapters render their charts as HTML + PNG (style.enable reads this).
        client.execute(env={**os.environ, "ANALYSIS_CHART_RENDERER": "book", **(env or {})})
    except CellExecutionError as exc:
        error = str(exc).strip().splitlines()[-1] if str(exc).strip() else repr(exc)
    seconds = time.perf_counter() - t0
    if save_to is not None:
        save_to.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, save_to)
    return NotebookRun(path, seconds, _count_figures(nb), error)


def execute_many(
    notebooks: list[Path],
    out_dir: Path,
    *,
    workers: int | None = None,
    env_for: Callable[[Path], Mapping[str, str]] | None = None,
) -> Iterator[NotebookRun]:
    """Execute ``notebooks`` in parallel, saving each to ``out_dir/<stem>.ipynb``; runs are
    yielded in the order given. Each runs in a fork of one warm process
    (:mod:`analysis.book.forked`), or with ``ANALYSIS_NOTEBOOK_ENGINE=kernel`` in a kernel of
    its own; ``workers`` at a time (default: one per CPU, at most 4).

    Notebooks are independent (each reads ``data/processed`` only); ``env_for(path)`` gives
    the extra environment of one notebook's kernel.
    """
    from concurrent.futures import ThreadPoolExecutor

    require("nbclient", "nbformat", "rich", purpose="executing the chapters")
    workers = workers or default_workers()
    if engine() == "fork":
        yield from _execute_forked(notebooks, out_dir, workers, env_for)
        return

    def run(nb: Path) -> NotebookRun:
        env = env_for(nb) if env_for else None
        return execute_notebook(nb, save_to=out_dir / f"{nb.stem}.ipynb", env=env)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(run, notebooks)


ENGINE_VAR = "ANALYSIS_NOTEBOOK_ENGINE"


def engine() -> str:
    """How chapters run: ``fork`` (forks of one warm process, :mod:`analysis.book.forked`;
    the default where ``os.fork`` exists) or ``kernel`` (a Jupyter kernel each)."""
    chosen = os.environ.get(ENGINE_VAR, "").strip().lower()
    if chosen in ("kernel", "fork"):
        return chosen if chosen == "kernel" or hasattr(os, "fork") else "kernel"
    return "fork" if hasattr(os, "fork") else "kernel"


def _execute_forked(
    notebooks: list[Path],
    out_dir: Path,
    workers: int,
    env_for: Callable[[Path], Mapping[str, str]] | None,
) -> Iterator[NotebookRun]:
    """:func:`execute_many` through one ``python -m analysis.book.forked`` process; runs are
    yielded in the order given, each as soon as it and those before it are done."""
    import json
    import subprocess
    import sys

    jobs = [
        {
            "path": str(nb.resolve()),
            "save_to": str((out_dir / f"{nb.stem}.ipynb").resolve()),
            "env": {"ANALYSIS_CHART_RENDERER": "book", **(env_for(nb) if env_for else {})},
        }
        for nb in notebooks
    ]
    proc = subprocess.Popen(
        [sys.executable, "-m", "analysis.book.forked"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(json.dumps({"jobs": jobs, "workers": workers}))
    proc.stdin.close()
    done: dict[str, NotebookRun] = {}
    order: list[str] = [str(j["path"]) for j in jobs]
    for line in proc.stdout:
        row = json.loads(line)
        done[row["path"]] = NotebookRun(
            Path(row["path"]), row["seconds"], row["figures"], row["error"]
        )
        while order and order[0] in done:
            run = done.pop(order.pop(0))
            yield replace(run, path=notebooks[len(jobs) - len(order) - 1])
    if proc.wait() != 0 or order:
        missing = ", ".join(Path(p).name for p in order)
        raise RuntimeError(
            f"the chapter runner stopped (exit {proc.returncode}); not run: {missing}"
        )


def default_workers() -> int:
    """Kernels run at once: one per CPU, at most 4."""
    return max(1, min(4, os.cpu_count() or 1))


def execute_all(*, progress: bool = True, workers: int | None = None) -> list[NotebookRun]:
    """Execute every notebook of the book; executed copies go to ``_build/notebooks``."""
    from rich.console import Console

    console = Console(stderr=True, quiet=not progress)
    write_vega_bundle()  # the libraries the charts' HTML loads
    out_dir = paths.project_root() / "_build" / "notebooks"
    notebooks = notebook_paths()
    workers = workers or default_workers()
    t0 = time.perf_counter()
    runs: list[NotebookRun] = []
    with console.status(f"executing {len(notebooks)} notebooks ({workers} at a time)"):
        for run in execute_many(notebooks, out_dir, workers=workers):
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
