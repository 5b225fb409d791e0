"""The library's shape: one-way layers, no import cycles, and a book that reads only what the
build publishes. Reads every module's imports with ``ast`` (nothing is imported or executed).

Layer order (a module may import the ground floor, its own layer and earlier layers)::

    ground floor → corpus → reading → facts → checks → tables → geo → book → application

The README's "The library" section describes the same order; a new module must be placed in
one of these layers (the test names any module it cannot place).
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "analysis"

#: The ground floor: shared words and helpers every layer may import; they import only each
#: other (never a layer).
GROUND = (
    "analysis.paths",
    "analysis.extras",
    "analysis.vocabulary",
    "analysis.formats",
    "analysis.text",
    "analysis.storage",
    "analysis.locks",
    "analysis.schemas",
    "analysis.book_config",
    "analysis.safe_yaml",
)
#: Layers in data-flow order, each a subpackage of ``analysis``.
LAYERS = (
    "analysis.corpus",
    "analysis.reading",
    "analysis.facts",
    "analysis.checks",
    "analysis.tables",
    "analysis.geo",
    "analysis.book",
)
#: The application on top (may import everything): build orchestration and the command line.
APPLICATION = (
    "analysis.pipeline",
    "analysis.report_work",
    "analysis.review_work",
    "analysis.ingest",
    "analysis.cli",
    "analysis.release",
    "analysis.previous",
    "analysis.__main__",
)
#: The public facade: ``import analysis`` re-exports the loaders; nothing inside imports it.
FACADE = "analysis"

#: What the book may import besides itself: it reads only ``data/processed`` (the published
#: loaders), names and periods, the gazetteer; the boundary folder only through one loader.
BOOK_MAY_IMPORT = (
    *GROUND,
    "analysis.corpus.periods",
    "analysis.corpus.provinces",
    "analysis.tables.published",
    "analysis.geo.gazetteer",
    "analysis.book",
)
BOUNDARY_LOADER = "analysis.book.data"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_module(name: str) -> bool:
    return name in modules()


def _resolve(module: str, path: Path, node: ast.ImportFrom) -> str:
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    if node.level == 0:
        return node.module or ""
    base = package.split(".")
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


@cache
def imports() -> dict[str, set[str]]:
    """Module -> the ``analysis`` modules it imports (function-level imports included)."""
    out: dict[str, set[str]] = {}
    for module, path in modules().items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name.split(".")[0] == FACADE}
            elif isinstance(node, ast.ImportFrom):
                target = _resolve(module, path, node)
                if target.split(".")[0] != FACADE:
                    continue
                for alias in node.names:  # ``from . import paths`` imports a module
                    sub = f"{target}.{alias.name}"
                    found.add(sub if _is_module(sub) else target)
        out[module] = found - {module}
    return out


def rank(module: str) -> int:
    """0 ground floor, 1..7 the layers, 8 the application; the facade is 9."""
    if module == FACADE:
        return 9
    if module in GROUND:
        return 0
    for i, layer in enumerate(LAYERS, start=1):
        if module == layer or module.startswith(layer + "."):
            return i
    if module in APPLICATION:
        return 8
    raise LookupError(module)


def _layer_name(module: str) -> str:
    r = rank(module)
    return {0: "ground floor", 8: "application", 9: "facade"}.get(r) or LAYERS[r - 1]


def test_every_module_belongs_to_a_layer():
    unplaced = []
    for m in modules():
        try:
            rank(m)
        except LookupError:
            unplaced.append(m)
    assert not unplaced, f"place these modules in a layer (tests/test_architecture.py): {unplaced}"


def against_the_flow(graph: dict[str, set[str]]) -> list[str]:
    """Every import in ``graph`` (module -> imported modules) that breaks the layer order."""
    out = []
    for module, targets in sorted(graph.items()):
        for target in sorted(targets):
            if target == FACADE and module != FACADE:
                out.append(f"{module} imports the facade `analysis` (import the module)")
            elif rank(target) > rank(module) or (rank(module) == 0 < rank(target)):
                out.append(
                    f"{module} ({_layer_name(module)}) imports {target} ({_layer_name(target)})"
                )
    return out


def test_imports_follow_the_layer_order():
    against = against_the_flow(imports())
    assert not against, "imports against the flow:\n  " + "\n  ".join(against)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycles():
    # a package imports its own submodules (re-exports); those edges are not cycles
    graph = {
        m: {t for t in ts if not (modules()[m].name == "__init__.py" and t.startswith(m + "."))}
        for m, ts in imports().items()
    }
    assert _cycles(graph) == []


def book_reads_beyond_published(graph: dict[str, set[str]]) -> list[str]:
    """Imports of book modules outside what the book may read."""
    out = []
    book = LAYERS.index("analysis.book") + 1
    for module, targets in sorted(graph.items()):
        if rank(module) != book:
            continue
        for target in sorted(targets):
            if target == "analysis.geo.boundaries" and module == BOUNDARY_LOADER:
                continue
            if not any(target == ok or target.startswith(ok + ".") for ok in BOOK_MAY_IMPORT):
                out.append(f"{module} imports {target}")
    return out


def test_the_book_reads_only_published_data():
    wrong = book_reads_beyond_published(imports())
    assert not wrong, (
        "the book reads data/processed through analysis.tables.published and the boundary "
        f"folder through {BOUNDARY_LOADER} only:\n  " + "\n  ".join(wrong)
    )


def test_the_checks_catch_what_they_are_for():
    """Each rule fails on the shape it forbids (the issue's own examples)."""
    assert against_the_flow({"analysis.tables.changes": {"analysis.book.present"}})
    assert against_the_flow({"analysis.schemas": {"analysis.reading.numbers"}})  # ground floor
    assert against_the_flow({"analysis.geo.coverage": {"analysis"}})  # the facade
    assert not against_the_flow({"analysis.book.maps": {"analysis.geo.gazetteer"}})
    gaz, names = "analysis.geo.gazetteer", "analysis.geo.names"
    assert _cycles({gaz: {names}, names: {gaz}}) == [[gaz, names]]
    assert book_reads_beyond_published({"analysis.book.chapters": {"analysis.reading.reports"}})
    assert book_reads_beyond_published({"analysis.book.maps": {"analysis.geo.boundaries"}})
    assert not book_reads_beyond_published({BOUNDARY_LOADER: {"analysis.geo.boundaries"}})


@pytest.mark.parametrize("module", sorted(GROUND))
def test_ground_floor_modules_exist(module):
    assert module in modules(), f"{module} is declared on the ground floor but missing"
