"""Attacks on hand-edited YAML: duplicate keys in reference files (D7), alias bombs and huge
values in sidecars (D15)."""

from __future__ import annotations

import time

import pytest
from input_helpers import META, REPORT, cli, tree, write

from analysis.ingest import IngestError, ingest
from analysis.safe_yaml import YamlError, load_yaml


def _reference(project, name: str):
    return project / "data" / "raw" / "reference" / name


def _add_second_unit(path) -> int:
    """Give the first indicator a second ``unit:``; return the line it is on."""
    lines = path.read_text(encoding="utf-8").split("\n")
    i = next(i for i, ln in enumerate(lines) if ln.strip().startswith("unit:"))
    indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
    lines.insert(i + 1, f"{indent}unit: percent")
    path.write_text("\n".join(lines), encoding="utf-8")
    return i + 2


def test_a_duplicate_key_in_the_catalog_stops_the_build_naming_file_and_line(project_copy):
    """D7: the second ``unit:`` no longer wins silently; build exits 1 naming the line."""
    line = _add_second_unit(_reference(project_copy, "indicators.yaml"))
    res = cli("build", "-q")
    assert res.returncode == 1, res.stderr
    assert f"indicators.yaml:{line}: duplicate key 'unit' (first given on line {line - 1})" in (
        res.stderr
    )
    assert not (project_copy / "data" / "processed" / "facts.csv").exists()


def test_a_duplicate_report_in_scopes_is_refused(project_copy):
    path = _reference(project_copy, "scopes.yaml")
    text = path.read_text(encoding="utf-8")
    dup = '  an-giang-2023-q1:\n    - {lines: "1-5", scope: agency}\n'
    path.write_text(text.replace("\ncues:", "\n" + dup + "\ncues:", 1), encoding="utf-8")
    from analysis.facts.scopes import ScopeRulesError, load_scope_rules

    with pytest.raises(
        ScopeRulesError, match=r"scopes\.yaml:\d+: duplicate key 'an-giang-2023-q1'"
    ):
        load_scope_rules()


def test_a_duplicate_key_in_a_sidecar_is_refused(project_copy, tmp_path):
    side = write(tmp_path / "m.yaml", "province: An Giang\nperiod: 2025-02\nperiod: 2025-03\n")
    with pytest.raises(IngestError, match=r"m\.yaml:3: duplicate key 'period'"):
        ingest(write(tmp_path / "r.txt", REPORT), sidecar=side, issuer=META["issuer"])


BOMB = (
    'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "title: &t [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
)


def test_an_alias_bomb_sidecar_is_refused_at_once(project_copy, tmp_path):
    """D15: a few hundred bytes of nested aliases are refused, exit 2, with a message."""
    side = write(tmp_path / "bomb.yaml", BOMB)
    assert side.stat().st_size < 400
    state = tree(project_copy)
    t0 = time.perf_counter()
    src = write(tmp_path / "r.txt", REPORT)
    res = cli("ingest", str(src), "--metadata", str(side), "--no-build")
    assert res.returncode == 2, res.stderr
    assert "bomb.yaml:2: aliases (*name) are not allowed" in res.stderr
    assert time.perf_counter() - t0 < 30
    assert tree(project_copy) == state


def test_a_title_built_from_a_long_scalar_is_refused(project_copy, tmp_path):
    """D15: field lengths are limited, whichever way the value arrives."""
    side = write(tmp_path / "m.yaml", f"title: {'Báo cáo ' * 5000}\n")
    with pytest.raises(IngestError, match="title is 39,999 characters long; at most 300"):
        ingest(write(tmp_path / "r.txt", REPORT), sidecar=side, **META)
    with pytest.raises(IngestError, match=r"issuer is .* at most 200"):
        ingest(write(tmp_path / "r.txt", REPORT), **{**META, "issuer": "Sở " * 500})


def test_oversized_and_nested_sidecars_are_refused(project_copy, tmp_path):
    big = write(tmp_path / "big.yaml", "title: " + "x" * (70 << 10) + "\n")
    with pytest.raises(IngestError, match="over the 65,536-byte limit"):
        ingest(write(tmp_path / "r.txt", REPORT), sidecar=big, **META)
    nested = write(tmp_path / "n.yaml", "title: [a, b]\n")
    with pytest.raises(IngestError, match=r"title.* must be a single value"):
        ingest(write(tmp_path / "r.txt", REPORT), sidecar=nested, **META)
    deep = write(tmp_path / "d.yaml", "title: " + "[" * 5000 + "]" * 5000 + "\n")
    with pytest.raises(IngestError, match="nested too deeply"):
        ingest(write(tmp_path / "r.txt", REPORT), sidecar=deep, **META)


def test_the_loader_reads_the_real_reference_files_as_before():
    import yaml

    from analysis import paths

    for name in ("indicators.yaml", "scopes.yaml"):
        path = paths.reference_dir() / name
        assert load_yaml(path) == yaml.safe_load(path.read_text(encoding="utf-8"))
    with pytest.raises(YamlError, match=r"<string>:1: aliases"):
        from analysis.safe_yaml import loads

        loads("a: *b")
