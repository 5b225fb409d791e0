"""Installs that last: the version flag, help on every command and option, the project root
and data found after a normal install, and a clear message when an extra is missing."""

from __future__ import annotations

import argparse
import subprocess
import sys
import tomllib

import pytest

from analysis import cli, extras, paths


def _parsers(p: argparse.ArgumentParser):
    yield "analysis", p
    for action in p._actions:
        if isinstance(action, argparse._SubParsersAction):
            yield from action.choices.items()


def test_version_flag_prints_the_package_version():
    r = subprocess.run(
        [sys.executable, "-m", "analysis", "--version"], capture_output=True, text=True
    )
    assert r.returncode == 0
    version = tomllib.loads((paths.project_root() / "pyproject.toml").read_text())["project"][
        "version"
    ]
    assert r.stdout.strip() == f"analysis {version}"


def test_every_command_and_option_has_a_help_text():
    p = cli.parser()
    undocumented = []
    for name, sub in _parsers(p):
        for action in sub._actions:
            if isinstance(action, argparse._SubParsersAction):
                undocumented += [f"command {c.dest}" for c in action._choices_actions if not c.help]
                continue
            if action.help is None or (
                action.help != argparse.SUPPRESS and not action.help.strip()
            ):
                undocumented.append(f"{name}: {action.dest}")
    assert undocumented == []
    commands = {n for n, _ in _parsers(p)} - {"analysis"}
    assert {"build", "notebooks", "book", "render", "quarto", "ingest"} <= commands


def test_every_subcommand_help_runs():
    for name, _ in _parsers(cli.parser()):
        if name == "analysis":
            continue
        with pytest.raises(SystemExit) as exc:
            cli.parser().parse_args([name, "--help"])
        assert exc.value.code == 0


def test_non_editable_install_finds_the_project_from_the_working_directory(tmp_path, monkeypatch):
    """A package in site-packages (no _quarto.yml above it) finds the clone it is run in."""
    project = tmp_path / "clone"
    (project / "data" / "raw").mkdir(parents=True)
    (project / "_quarto.yml").write_text("project: {type: book}\n")
    (project / "notebooks").mkdir()
    site = tmp_path / "site-packages" / "analysis"
    site.mkdir(parents=True)
    monkeypatch.delenv(paths.ROOT_VAR, raising=False)
    monkeypatch.setattr(paths, "__file__", str(site / "paths.py"))
    monkeypatch.chdir(project / "notebooks")
    assert paths.project_root() == project.resolve()
    assert paths.processed_dir() == project.resolve() / "data" / "processed"
    monkeypatch.setenv(paths.ROOT_VAR, str(tmp_path))
    assert paths.project_root() == tmp_path.resolve()


def test_an_install_outside_any_clone_says_to_set_analysis_data(tmp_path, monkeypatch):
    """pip install into a venv, then a loader in a folder that is no clone: the error says what
    to do (set ANALYSIS_DATA), not that site-packages/../data/processed/facts.csv is missing."""
    import analysis

    site = tmp_path / "venv" / "lib" / "python3.11" / "site-packages" / "analysis"
    site.mkdir(parents=True)
    monkeypatch.delenv(paths.ROOT_VAR, raising=False)
    monkeypatch.delenv(paths.DATA_VAR, raising=False)
    monkeypatch.setattr(paths, "__file__", str(site / "paths.py"))
    paths._source_root.cache_clear()
    monkeypatch.chdir(tmp_path)
    try:
        with pytest.raises(analysis.MissingDataError) as exc:
            analysis.load_indicators()
    finally:
        paths._source_root.cache_clear()
    msg = str(exc.value)
    assert f"{paths.DATA_VAR} is not set" in msg and "unzipped data release" in msg
    assert str(tmp_path) in msg and "site-packages" not in msg


def test_analysis_data_points_the_loaders_at_a_release_folder(tmp_path, monkeypatch):
    import analysis

    monkeypatch.setenv(paths.DATA_VAR, str(tmp_path))
    assert paths.published_dir() == tmp_path.resolve()
    assert paths.processed_dir() != tmp_path.resolve()  # the build never writes there
    with pytest.raises(analysis.MissingDataError, match=paths.DATA_VAR):
        analysis.load_indicators()


def test_a_missing_extra_names_the_pip_line(monkeypatch):
    real = extras.find_spec
    monkeypatch.setattr(
        extras, "find_spec", lambda m: None if m in {"geopandas", "pdfplumber"} else real(m)
    )
    with pytest.raises(extras.MissingExtraError) as exc:
        extras.require("geopandas", "pandas", purpose="reading district boundaries")
    msg = str(exc.value)
    assert "reading district boundaries needs geopandas" in msg
    assert "pip install 'analysis[geo]'" in msg
    with pytest.raises(ModuleNotFoundError, match=r"analysis\[geo,ingest\]"):
        extras.require("pdfplumber", "geopandas", purpose="x")
    extras.require("pandas", purpose="nothing missing")  # no error


def test_a_conda_environment_without_a_library_is_one_line_naming_the_update(monkeypatch):
    real = extras.find_spec
    monkeypatch.setattr(
        extras, "find_spec", lambda m: None if m in {"geopandas", "altair"} else real(m)
    )
    with pytest.raises(SystemExit) as exc:
        extras.check_environment("egov-book")
    assert str(exc.value) == (
        "the conda environment egov-book lacks geopandas, altair: "
        "conda env update -f environment.yml (then make again)"
    )
    monkeypatch.setattr(extras, "find_spec", real)
    extras.check_environment("egov-book")  # nothing missing: no exit


def test_extras_in_pyproject_match_the_extra_of_each_module():
    opt = tomllib.loads((paths.project_root() / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]
    names = {extra: " ".join(opt[extra]).lower().replace("-", "_") for extra in opt}
    for module, extra in extras.EXTRA_OF.items():
        dist = {"pypandoc": "pypandoc_binary", "vl_convert": "vl_convert_python"}.get(
            module, module
        )
        assert dist in names[extra], f"{module} is said to come with [{extra}]"


_CHARTS_ONLY = """
import importlib.abc, sys
BLOCKED = {blocked!r}
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
sys.meta_path.insert(0, Block())
import analysis
from analysis.book import charts, export, style
style.enable()
ind = analysis.load_indicators()
charts.compare_bar(ind, "online_application_rate", provinces=["Tra Vinh", "An Giang"]).to_dict()
charts.theme_overview(ind, "online_services").to_dict()
series = ind[(ind["indicator"] == "online_application_rate") & (ind["province"] == "An Giang")]
charts.trend_chart(series).to_dict()
assert export.to_svg(charts.compare_bar(ind, "online_application_rate")).startswith("<svg")
print("drawn", sorted(m for m in BLOCKED if m in sys.modules))
"""


def test_the_charts_extra_is_enough_to_draw_the_charts_of_a_release(built):
    """`pip install analysis[charts]` with ANALYSIS_DATA at a release: the chart API of the
    README works with every library of the other extras (build, ingest, geo, book) absent."""
    import subprocess
    import sys
    import tomllib

    opt = tomllib.loads((paths.project_root() / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]
    assert "charts" in opt and "analysis[build,geo,charts]" in opt["book"]
    others = {m for m, e in extras.EXTRA_OF.items() if e != "charts"}
    others |= {"jupyter", "jupyter_cache", "ipykernel", "IPython", "nbclient", "nbformat"}
    assert {"altair", "vl_convert", "statsmodels"} <= set(extras.modules_of("charts"))
    env = {
        **__import__("os").environ,
        paths.DATA_VAR: str(built["_root"] / "data" / "processed"),
    }
    done = subprocess.run(
        [sys.executable, "-c", _CHARTS_ONLY.format(blocked=sorted(others))],
        cwd=built["_root"].parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "drawn []"
