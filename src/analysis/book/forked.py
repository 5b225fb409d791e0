"""Execute the chapters in forks of one warm Python process, not one Jupyter kernel each.

A kernel per chapter pays a Python start, the imports of pandas, Altair and this library, and
the kernel's own machinery before its first line runs: about 2 CPU-s of the 2.5 CPU-s a chapter
takes. Here one process (``python -m analysis.book.forked``, started by
:func:`analysis.book.notebooks.execute_many`) imports all that once; each chapter then runs in a
fork of it, in a fresh IPython shell (the shell a kernel wraps, with the same display
formatters), and its outputs are recorded as nbclient records them: streams, display data and
execute results with their MIME bundles, and the error that stopped it. Every fork has its own
environment, working folder and memory, so chapters stay as independent as in their own
kernels. POSIX only; with ``ANALYSIS_NOTEBOOK_ENGINE=kernel`` (or where ``fork`` does not
exist) chapters run in Jupyter kernels.

The server reads its jobs as one JSON list on stdin (``path``, ``save_to``, ``env``) and prints
one JSON line per chapter done (``path``, ``seconds``, ``figures``, ``error``).
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback
from pathlib import Path
from typing import Any

#: Modules every chapter imports: loaded once, before the first fork. ``jupytext`` reads each
#: chapter (:func:`analysis.book_config.read_notebook`): imported in every fork it took a
#: quarter of ``analysis notebooks``' CPU; ``statsmodels.api`` is the national chapters' trends.
WARM = (
    "jupytext",
    "statsmodels.api",
    "numpy",
    "pandas",
    "polars",
    "altair",
    "IPython.core.interactiveshell",
    "nbformat",
    "analysis",
    "analysis.book.chapters",
    "analysis.book.charts",
    "analysis.book.fair",
    "analysis.book.findings",
    "analysis.book.goals",
    "analysis.book.maps",
    "analysis.book.national",
    "analysis.book.style",
)
#: A chapter still running after this long is stopped (its error says so).
TIMEOUT = 300


class _Stream:
    """``sys.stdout`` / ``sys.stderr`` of a chapter: text goes to the current cell's outputs,
    consecutive writes to one stream merged, as a kernel's stream messages are."""

    def __init__(self, name: str, sink: list[dict]) -> None:
        self.name, self.sink = name, sink
        self.encoding = "utf-8"

    def write(self, text: str) -> int:
        if text:
            last = self.sink[-1] if self.sink else None
            if last and last["output_type"] == "stream" and last["name"] == self.name:
                last["text"] += text
            else:
                self.sink.append({"output_type": "stream", "name": self.name, "text": text})
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def _shell(sink: list[dict]) -> Any:
    """A fresh IPython shell whose displays and results land in ``sink``."""
    from IPython.core.displayhook import DisplayHook
    from IPython.core.displaypub import DisplayPublisher
    from IPython.core.interactiveshell import InteractiveShell

    class Publisher(DisplayPublisher):
        def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kw):
            sink.append({"output_type": "display_data", "data": data, "metadata": metadata or {}})

    class Hook(DisplayHook):
        def write_output_prompt(self) -> None:
            pass

        def write_format_data(self, format_dict, md_dict=None) -> None:
            sink.append(
                {
                    "output_type": "execute_result",
                    "execution_count": getattr(self.shell, "execution_count", None),
                    "data": format_dict,
                    "metadata": md_dict or {},
                }
            )

        def finish_displayhook(self) -> None:
            pass

    class Shell(InteractiveShell):
        displayhook_class = Hook
        display_pub_class = Publisher

        def showtraceback(self, *args, **kwargs) -> None:
            """The error is recorded as an ``error`` output (:func:`run_chapter`), not printed."""

    return Shell.instance(colors="nocolor", history_length=0, cache_size=0)


def run_chapter(path: Path, save_to: Path) -> tuple[float, int, str | None]:
    """Run one chapter top to bottom in this (forked) process and save it executed; returns
    (seconds, figures, error). Stops at the first cell that raises, as nbclient does."""
    import nbformat

    from ..book_config import read_notebook
    from .notebooks import _count_figures

    t0 = time.perf_counter()
    nb = read_notebook(path)
    os.chdir(path.parent)
    sink: list[dict] = []
    sys.stdout, sys.stderr = _Stream("stdout", sink), _Stream("stderr", sink)
    shell = _shell(sink)
    error = None
    count = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        count += 1
        sink.clear()
        shell.execution_count = count
        result = shell.run_cell(cell.source, store_history=False)
        cell.execution_count = count
        exc = result.error_before_exec or result.error_in_exec
        if exc is not None:
            sink.append(
                {
                    "output_type": "error",
                    "ename": type(exc).__name__,
                    "evalue": str(exc),
                    "traceback": traceback.format_exception(exc),
                }
            )
            error = f"{type(exc).__name__}: {exc}"
        cell.outputs = [nbformat.from_dict(o) for o in sink]
        if error:
            break
    sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    save_to.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, save_to)
    return time.perf_counter() - t0, _count_figures(nb), error


def _child(job: dict, result_fd: int) -> None:
    """The fork's whole life: environment, chapter, one JSON line of result, exit."""
    code = 0
    try:
        os.environ.update(job.get("env") or {})
        seconds, figures, error = run_chapter(Path(job["path"]), Path(job["save_to"]))
        out = {"path": job["path"], "seconds": seconds, "figures": figures, "error": error}
    except BaseException as exc:  # reported to the parent, never lost
        out = {"path": job["path"], "seconds": 0.0, "figures": 0, "error": repr(exc)}
        code = 1
    os.write(result_fd, (json.dumps(out) + "\n").encode("utf-8"))
    os._exit(code)


def serve(jobs: list[dict], workers: int, timeout: float = TIMEOUT) -> None:
    """Run ``jobs``, ``workers`` forks at a time, printing each result as a JSON line."""
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]  # see KERNEL_STARTUP
    os.environ.setdefault("ANALYSIS_CHART_RENDERER", "book")
    import importlib

    for name in WARM:
        importlib.import_module(name)
    pending = list(jobs)
    running: dict[int, tuple[dict, int, float]] = {}
    while pending or running:
        while pending and len(running) < workers:
            job = pending.pop(0)
            read_fd, write_fd = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(read_fd)
                _child(job, write_fd)
            os.close(write_fd)
            running[pid] = (job, read_fd, time.monotonic())
        pid, status = _wait(running, timeout)
        job, read_fd, started = running.pop(pid)
        with os.fdopen(read_fd, "rb") as f:
            line = f.read().decode("utf-8").strip()
        if not line:
            why = (
                f"stopped after {timeout:.0f} s"
                if status is None
                else f"its process ended without a result (status {status})"
            )
            line = json.dumps(
                {
                    "path": job["path"],
                    "seconds": time.monotonic() - started,
                    "figures": 0,
                    "error": f"the chapter did not finish: {why}",
                }
            )
        print(line, flush=True)


def _wait(running: dict[int, tuple[dict, int, float]], timeout: float) -> tuple[int, int | None]:
    """The next fork to end (``status`` None when it was stopped for taking too long)."""
    import signal

    while True:
        pid, status = os.waitpid(-1, os.WNOHANG)
        if pid:
            return pid, status
        now = time.monotonic()
        for p, (_, _, started) in running.items():
            if now - started > timeout:
                os.kill(p, signal.SIGKILL)
                os.waitpid(p, 0)
                return p, None
        time.sleep(0.02)


def main() -> int:
    request = json.loads(sys.stdin.read())
    serve(request["jobs"], int(request["workers"]), float(request.get("timeout", TIMEOUT)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
