"""pyproject.toml (pip) and environment.yml (conda) declare the same dependencies, with the
same version bounds, and the same Python."""

from __future__ import annotations

import os
import re
import subprocess
import tomllib

import yaml

from analysis import paths

#: what environment.yml adds that no PyPI requirement stands for
CONDA_ONLY = {"python", "quarto", "pip", "fonts-conda-ecosystem"}


def _name(req: str) -> str:
    return re.split(r"[<>=!~ \[;]", req.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _spec(req: str) -> str:
    """The version bounds of a requirement, without spaces or comments."""
    req = req.split("#")[0].strip()
    return req[len(_name(req)) :].replace(" ", "")


def _pyproject() -> dict:
    return tomllib.loads((paths.project_root() / "pyproject.toml").read_text())


def _pyproject_requirements(*, with_dev: bool) -> dict[str, str]:
    """name -> bounds of every runtime requirement (core and extras; the dev tools too)."""
    project = _pyproject()["project"]
    reqs = list(project["dependencies"])
    for extra, items in project["optional-dependencies"].items():
        if extra != "dev" or with_dev:
            reqs += [r for r in items if not r.startswith("analysis[")]
    return {_name(r): _spec(r) for r in reqs}


def _conda() -> dict:
    return yaml.safe_load((paths.project_root() / "environment.yml").read_text())


def _conda_requirements() -> dict[str, str]:
    out: dict[str, str] = {}
    for dep in _conda()["dependencies"]:
        for req in dep.get("pip", []) if isinstance(dep, dict) else [dep]:
            req = req.split("::")[-1]
            out[_name(req)] = _spec(req)
    return out


def test_every_dependency_and_dev_tool_is_in_both_files_with_the_same_bounds():
    """The conda environment runs `make test` too, so it holds the dev tools as well."""
    pip = _pyproject_requirements(with_dev=True)
    conda = {k: v for k, v in _conda_requirements().items() if k not in CONDA_ONLY}
    assert set(pip) - set(conda) == set(), "in pyproject.toml but not environment.yml"
    assert set(conda) - set(pip) == set(), "in environment.yml but not pyproject.toml"
    assert conda == pip, "version bounds differ between the two files"


def _make_install_dry_run(env: dict[str, str]) -> str:
    """The commands `make install` would run in this environment (make -n)."""
    return subprocess.run(
        ["make", "-n", "-B", "install"],
        cwd=paths.project_root(),
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_make_uses_an_active_conda_environment_instead_of_building_a_venv():
    env = {**os.environ, "CONDA_PREFIX": "/opt/conda/envs/egov-book"}
    env["CONDA_DEFAULT_ENV"] = "egov-book"
    dry = _make_install_dry_run(env)
    assert "/opt/conda/envs/egov-book/bin/python -m pip install --quiet --no-deps -e ." in dry
    assert 'check_environment("egov-book")' in dry  # names what the environment lacks
    assert ".venv" not in dry and "uv sync" not in dry
    env["CONDA_DEFAULT_ENV"] = "base"  # base is never used: a project venv is built
    dry = _make_install_dry_run(env)
    assert "-m venv .venv" in dry and "uv sync --quiet --locked" in dry


def test_environment_pins_quarto_floor_and_the_python_of_pyproject():
    env = _conda()
    deps = [d for d in env["dependencies"] if isinstance(d, str)]
    assert any(re.fullmatch(r"quarto>=1\.7\S*", d.split("#")[0].strip()) for d in deps)
    assert "conda-forge" in env["channels"]
    requires = _pyproject()["project"]["requires-python"].replace(" ", "")
    assert _conda_requirements()["python"] == requires


def _locked_versions() -> dict[str, set[str]]:
    """name -> every version uv.lock pins (a package can be pinned per Python or platform)."""
    lock = tomllib.loads((paths.project_root() / "uv.lock").read_text())
    out: dict[str, set[str]] = {}
    for pkg in lock["package"]:
        if "version" in pkg:
            out.setdefault(pkg["name"].lower().replace("_", "-"), set()).add(pkg["version"])
    return out


def _outside(bounds: dict[str, str], locked: dict[str, set[str]]) -> dict[str, list[str]]:
    """name -> the locked versions that ``bounds`` (name -> specifier) does not allow."""
    from packaging.specifiers import SpecifierSet

    found = {n: sorted(v for v in locked[n] if v not in SpecifierSet(b)) for n, b in bounds.items()}
    return {n: v for n, v in found.items() if v}


def test_the_versions_make_installs_from_the_lock_fit_the_conda_bounds():
    """No conda channel is reachable where the tests run, so the conda route is checked
    statically: every library environment.yml asks for is in uv.lock, and every version the
    lock pins (the versions `make test` runs with) is inside environment.yml's bounds, so a
    conda environment can hold exactly the tested versions. Python agrees with the lock too."""
    from packaging.specifiers import SpecifierSet

    locked = _locked_versions()
    conda = {k: v for k, v in _conda_requirements().items() if k not in CONDA_ONLY}
    assert set(conda) - set(locked) == set(), "in environment.yml but not in uv.lock"
    assert _outside(conda, locked) == {}, "locked versions outside environment.yml's bounds"
    lock = tomllib.loads((paths.project_root() / "uv.lock").read_text())
    assert SpecifierSet(lock["requires-python"]) == SpecifierSet(_conda_requirements()["python"])


def test_the_lock_check_names_a_bound_the_locked_version_breaks():
    locked = _locked_versions()
    (pandas,) = locked["pandas"]
    major = int(pandas.split(".")[0])
    bounds = {"pandas": f">={major + 1}.0", "polars": _conda_requirements()["polars"]}
    assert _outside(bounds, locked) == {"pandas": [pandas]}


def test_floors_are_the_ones_a_lowest_direct_install_passes_with():
    """`uv pip install --resolution lowest-direct` found two floors false: frictionless before
    5.19 validates the releases' Parquet files only with fastparquet ("Please install
    frictionless[parquet]"), and statsmodels before 0.14.5 imports a SciPy helper that SciPy
    1.17 no longer has."""
    reqs = _pyproject_requirements(with_dev=False)
    assert reqs["frictionless"] == ">=5.19,<6"
    assert reqs["statsmodels"] == ">=0.14.5"
