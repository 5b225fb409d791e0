"""Optional dependencies: which extra of ``pip install analysis[...]`` brings each library, and
one clear error when a command needs a library that is not installed.

The core (pandas, polars, pyarrow, pyyaml, filelock) is enough to read the published tables;
``[build]`` rebuilds them from the reports, ``[ingest]`` adds reports, ``[geo]`` reads district
boundaries, ``[charts]`` draws the book's charts, ``[book]`` runs the chapters (with charts,
maps and the build), ``[dev]`` is everything plus the test tools. Call :func:`require` just
before importing an optional library, so the error names the extra instead of a bare
``ModuleNotFoundError``.
"""

from __future__ import annotations

from importlib.util import find_spec

#: module (as imported) -> the extra that installs it
EXTRA_OF = {
    "pandera": "build",
    "frictionless": "build",
    "vietnamadminunits": "build",
    "jupytext": "build",
    "rich": "build",
    "pypandoc": "ingest",
    "pdfplumber": "ingest",
    "cryptography": "ingest",  # pdfminer (under pdfplumber) imports it to decrypt AES PDFs
    "geopandas": "geo",
    "pyogrio": "geo",
    "shapely": "geo",
    "altair": "charts",
    "vl_convert": "charts",
    "statsmodels": "charts",
    "nbclient": "book",
    "nbformat": "book",
}


def modules_of(*extras: str) -> tuple[str, ...]:
    """The optional modules that the extras ``extras`` bring."""
    return tuple(m for m, e in EXTRA_OF.items() if e in extras)


class MissingExtraError(ModuleNotFoundError):
    """An optional library is not installed; the message says which extra brings it."""


def missing(*modules: str) -> list[str]:
    """The modules of ``modules`` that cannot be imported."""
    return [m for m in modules if find_spec(m) is None]


def require(*modules: str, purpose: str) -> None:
    """Raise :class:`MissingExtraError` unless every module of ``modules`` is importable.

    ``purpose`` says what needs them ("reading district boundaries"); the message names the
    missing libraries and the ``pip install`` line that brings them.
    """
    absent = missing(*modules)
    if not absent:
        return
    extras = sorted({EXTRA_OF.get(m, "dev") for m in absent})
    line = f"pip install 'analysis[{','.join(extras)}]'"
    raise MissingExtraError(
        f"{purpose} needs {', '.join(absent)}, which {'is' if len(absent) == 1 else 'are'} "
        f"not installed: {line} (or `make install` in a clone, which installs every extra)"
    )


def check_environment(name: str) -> None:
    """Exit with one line naming every optional library the environment ``name`` lacks and
    the command that adds them (``make`` inside an active conda environment calls this)."""
    import sys

    absent = missing(*EXTRA_OF)
    if absent:
        sys.exit(
            f"the conda environment {name} lacks {', '.join(absent)}: "
            "conda env update -f environment.yml (then make again)"
        )
