"""Find, (optionally) install and run Quarto, the book's renderer.

Quarto is not on PyPI or npm as a runnable binary. Users get it from conda-forge
(``environment.yml``) or the official installer. Where it is missing we still build the data
and execute every notebook, and say plainly how to get it. With network access,
``python -m analysis quarto install`` fetches a pinned official release into ``.tools/`` and
verifies its SHA-256 before unpacking.
"""

from __future__ import annotations

import hashlib
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
from pathlib import Path

from .. import paths
from ..book_config import EDITIONS

MIN_VERSION = (1, 7)
#: Pinned official release for ``quarto install`` (Linux x86-64 tarball) and its SHA-256.
PINNED_VERSION = "1.7.32"
# Checksum as published for the v1.7.32 release tarball (quarto-1.7.32-linux-amd64.tar.gz,
# 132,145,241 bytes); the same value is pinned by Homebrew and Yggdrasil.
PINNED_SHA256 = {
    "linux-amd64": "262505e3d26459c64e66efefd4b9240eb755ea20dd6fe876d6aa64c7a7b13d27",
}
RELEASE_URL = (
    "https://github.com/quarto-dev/quarto-cli/releases/download/v{v}/quarto-{v}-{plat}.tar.gz"
)

HOW_TO_GET_QUARTO = (
    "Quarto was not found, so the book was not rendered (the data were built and every "
    "notebook was executed). To render the HTML and PDF book, install Quarto >= {minv}: either "
    "create the conda environment (`conda env create -f environment.yml && conda activate "
    "egov-book`, which brings quarto from conda-forge) or use the official installer from "
    "https://quarto.org/docs/get-started/ ; with internet access `make quarto` installs the "
    "pinned release {pinned} into .tools/ after checking its SHA-256. For the PDF, also run "
    "`quarto install tinytex` once. Then run `make book` again."
)


class QuartoError(RuntimeError):
    pass


def tools_dir() -> Path:
    return paths.project_root() / ".tools"


def find_quarto() -> Path | None:
    """The quarto executable: ``$QUARTO``, then PATH, then ``.tools/``."""
    env = os.environ.get("QUARTO")
    if env and Path(env).is_file():
        return Path(env)
    found = shutil.which("quarto")
    if found:
        return Path(found)
    local = tools_dir() / f"quarto-{PINNED_VERSION}" / "bin" / "quarto"
    return local if local.is_file() else None


def quarto_version(exe: Path) -> tuple[int, ...]:
    out = subprocess.run([str(exe), "--version"], capture_output=True, text=True, check=True)
    m = re.match(r"(\d+)\.(\d+)(?:\.(\d+))?", out.stdout.strip())
    if not m:
        raise QuartoError(f"cannot read the version of {exe}: {out.stdout!r}")
    return tuple(int(x) for x in m.groups() if x is not None)


def how_to_get() -> str:
    return HOW_TO_GET_QUARTO.format(minv=".".join(map(str, MIN_VERSION)), pinned=PINNED_VERSION)


def online(host: str = "github.com", timeout: float = 3.0) -> bool:
    try:
        with socket.create_connection((host, 443), timeout=timeout):
            return True
    except OSError:
        return False


def _platform() -> str:
    machine = platform.machine().lower()
    if platform.system() != "Linux" or machine not in ("x86_64", "amd64"):
        raise QuartoError(
            f"no pinned Quarto build for {platform.system()} {machine}; use conda or the installer"
        )
    return "linux-amd64"


def install(*, dest: Path | None = None) -> Path:
    """Download the pinned Quarto release, verify its SHA-256 and unpack it into ``.tools/``."""
    plat = _platform()
    expected = PINNED_SHA256.get(plat)
    if not expected:
        raise QuartoError("no checksum is pinned for this platform; refusing to install")
    dest = dest or tools_dir()
    target = dest / f"quarto-{PINNED_VERSION}"
    if (target / "bin" / "quarto").is_file():
        return target / "bin" / "quarto"
    url = RELEASE_URL.format(v=PINNED_VERSION, plat=plat)
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=dest) as tmp:
        tarball = Path(tmp) / Path(url).name
        with urllib.request.urlopen(url, timeout=60) as resp, open(tarball, "wb") as fh:
            shutil.copyfileobj(resp, fh)
        digest = hashlib.sha256(tarball.read_bytes()).hexdigest()
        if digest != expected:
            raise QuartoError(f"checksum mismatch for {url}: got {digest}, expected {expected}")
        unpack = Path(tmp) / "unpacked"
        with tarfile.open(tarball) as tf:
            tf.extractall(unpack, filter="data")
        inner = next(unpack.iterdir())
        os.replace(inner, target)
    return target / "bin" / "quarto"


#: Quarto reads ``_environment.local`` (ignored by git) before it looks for Python, so a plain
#: ``quarto render`` or ``quarto preview`` runs the pre-render step and the chapters with the
#: project's own interpreter, not whatever ``python`` is first on PATH.
ENV_LOCAL = "_environment.local"
#: Kernel settings for every IPython kernel of this environment (``sys.prefix/etc/ipython``):
#: errors only (ipykernel >= 7 warns on every start that its local TCP sockets are not
#: encrypted, which says nothing about the book) and the start-up line of
#: :data:`analysis.book.notebooks.KERNEL_STARTUP` (2 s less per chapter).
KERNEL_CONFIG = {
    "IPKernelApp": {
        "log_level": "ERROR",
        "exec_lines": ["import sys; sys.modules.setdefault('rfc3987_syntax', None)"],
    }
}


def prepare(root: Path | None = None) -> None:
    """Point Quarto at this interpreter and quieten its kernels (idempotent)."""
    import json

    root = root or paths.project_root()
    line = f"QUARTO_PYTHON={sys.executable}\nJUPYTERCACHE={paths.jupyter_cache_dirs()[0]}\n"
    env_file = root / ENV_LOCAL
    if not env_file.is_file() or env_file.read_text(encoding="utf-8") != line:
        env_file.write_text(line, encoding="utf-8")
    conf = Path(sys.prefix) / "etc" / "ipython" / "ipython_kernel_config.json"
    text = json.dumps(KERNEL_CONFIG, indent=2) + "\n"
    if not conf.is_file() or conf.read_text(encoding="utf-8") != text:
        conf.parent.mkdir(parents=True, exist_ok=True)
        conf.write_text(text, encoding="utf-8")


def render(
    exe: Path,
    formats: tuple[str, ...] = ("html", "pdf"),
    *,
    skip_unchanged: bool = False,
    quarto_executes: bool = False,
) -> list[str]:
    """Render each edition with Quarto in one call (every format lands in ``_book/<edition>/``;
    a call per format would empty the output folder before the next); raises on failure.

    By default the chapters are executed here first, one worker per CPU
    (:mod:`analysis.book.forked`), and each edition is rendered from its executed chapters by
    its own Quarto, both at once
    (:mod:`analysis.book.staging`); the data must be built. ``quarto_executes``: Quarto renders
    the project itself, executing the chapters one at a time (its pre-render step builds the
    data), as a plain ``quarto render`` does.

    ``skip_unchanged`` (``make book``): an edition whose inputs are those of its last full
    render (:mod:`analysis.book.render_inputs`) is left as it is. Returns the editions
    rendered."""
    from . import render_inputs

    version = quarto_version(exe)
    if version < MIN_VERSION:
        raise QuartoError(f"{exe} is older than Quarto {'.'.join(map(str, MIN_VERSION))}")
    prepare()
    # The chart libraries are a render input the pre-render step writes on a first render:
    # written here first, the digest of a first render equals the next one's.
    from .export import write_vega_bundle

    write_vega_bundle()
    both = set(formats) >= {"html", "pdf"}
    current = render_inputs.digest(quarto_version=".".join(map(str, version))) if both else ""
    # Quarto runs the notebooks and the pre-render build with *this* Python (the project's env).
    env = {
        **os.environ,
        "QUARTO_PYTHON": sys.executable,
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
    }
    args = [] if both else ["--to", ",".join(formats)]
    todo = []
    for edition in EDITIONS:
        if skip_unchanged and both and render_inputs.up_to_date(edition, current):
            print(f"_book/{edition}: inputs unchanged since its last render", file=sys.stderr)
            continue
        render_inputs.forget(edition)
        todo.append(edition)
    if quarto_executes:
        # One call per edition (a Quarto profile each: _book/en, _book/vi).
        for edition in todo:
            subprocess.run(
                [str(exe), "render", "--profile", edition, *args],
                cwd=paths.project_root(),
                check=True,
                env=env,
            )
            if both:
                render_inputs.record(edition, current)
    elif todo:
        for edition in _render_executed(exe, todo, args, env):
            if both:
                render_inputs.record(edition, current)
    write_landing_page()
    return todo


def _render_executed(
    exe: Path, editions: list[str], args: list[str], env: dict[str, str]
) -> list[str]:
    """Execute the chapters of ``editions`` whose inputs changed since their last execution
    (:mod:`analysis.book.chapter_inputs`; one worker per CPU), then render each edition from
    the executed chapters with its own Quarto, started as soon as its last chapter is done;
    returns the editions published to ``_book/``."""
    import time

    from ..book_config import book_config, notebook_paths
    from . import chapter_inputs, staging
    from .notebooks import default_workers

    root = paths.project_root()
    executed = root / "_build" / "notebooks"
    chapters = {e: notebook_paths(book_config(e)) for e in editions}
    order = list(dict.fromkeys(p for e in editions for p in chapters[e]))
    left = {e: set(chapters[e]) for e in editions}
    t0 = time.perf_counter()
    todo = chapter_inputs.plan(order, executed, root)
    workers = default_workers()
    kept = len(order) - len(todo.stale)
    print(
        f"executing {len(todo.stale)} of {len(order)} chapters ({workers} at a time"
        + (f"; {kept} unchanged since they were executed" if kept else "")
        + f"), then rendering {', '.join(editions)} (Quarto's output: _build/stage/<edition>.log)",
        file=sys.stderr,
    )
    failed: list[str] = []
    started: dict[str, tuple[subprocess.Popen, Path]] = {}

    def start(edition: str) -> None:
        folder = staging.stage(edition, executed, root)
        log = folder.with_suffix(".log")
        with log.open("w", encoding="utf-8") as fh:
            proc = subprocess.Popen(
                [str(exe), "render", "--profile", edition, *args],
                cwd=folder,
                env=env,
                stdout=fh,
                stderr=fh,
            )
        started[edition] = (proc, log)

    try:
        for chapter, error in chapter_inputs.execute(todo, workers=workers):
            if error:
                failed.append(f"{chapter.relative_to(root)}: {error}")
            for edition in editions:
                left[edition].discard(chapter)
                if not left[edition] and edition not in started and not failed:
                    start(edition)
        if failed:
            raise QuartoError("chapters failed, the book was not rendered:\n" + "\n".join(failed))
        print(f"chapters executed in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        bad = []
        for edition, (proc, log) in started.items():
            if proc.wait() != 0:
                tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-40:]
                print("\n".join(tail), file=sys.stderr)
                bad.append(f"{edition} (see {log.relative_to(root)})")
        if bad:
            raise QuartoError("Quarto failed to render " + ", ".join(bad))
    finally:
        for proc, _ in started.values():
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    for edition in editions:
        staging.publish(edition, root)
    print(f"rendered {', '.join(editions)} in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return editions


#: ``_book/index.html``: sends a reader to the English edition, offers the Vietnamese one.
LANDING_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="refresh" content="0; url=en/index.html">
<title>E-government in four Vietnamese provinces</title></head>
<body><p><a href="en/index.html">English edition</a> ·
<a href="vi/index.html" lang="vi">Bản tiếng Việt</a></p></body></html>
"""


def write_landing_page(book_dir: Path | None = None) -> Path:
    """Write ``_book/index.html`` (the editions live in ``_book/en`` and ``_book/vi``)."""
    out = (book_dir or paths.project_root() / "_book") / "index.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(LANDING_PAGE, encoding="utf-8")
    return out
