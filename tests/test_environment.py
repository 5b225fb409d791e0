"""pyproject.toml (pip) and environment.yml (conda) declare the same runtime dependencies."""

from __future__ import annotations

import re
import tomllib

import yaml

from analysis import paths

# conda-forge names that differ from PyPI names
CONDA_ALIASES = {"jupyter": "jupyter"}


def _name(req: str) -> str:
    return re.split(r"[<>=!~ \[;]", req.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pyproject_deps() -> set[str]:
    data = tomllib.loads((paths.project_root() / "pyproject.toml").read_text())
    return {_name(r) for r in data["project"]["dependencies"]}


def _conda_deps() -> tuple[set[str], dict]:
    env = yaml.safe_load((paths.project_root() / "environment.yml").read_text())
    names: set[str] = set()
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            names |= {_name(p) for p in dep.get("pip", [])}
        else:
            names.add(_name(dep.split("::")[-1]))
    return names, env


def test_every_runtime_dependency_is_in_both_files():
    pip = _pyproject_deps()
    conda, _ = _conda_deps()
    conda = {CONDA_ALIASES.get(n, n) for n in conda}
    assert pip - conda == set(), "in pyproject.toml but not environment.yml"
    extra = conda - pip - {"python", "quarto", "pip", "fonts-conda-ecosystem"}
    assert extra == set(), "in environment.yml but not pyproject.toml"


def test_environment_pins_quarto_floor_and_python():
    _, env = _conda_deps()
    deps = [d for d in env["dependencies"] if isinstance(d, str)]
    assert any(re.fullmatch(r"quarto>=1\.7\S*", d.split("#")[0].strip()) for d in deps)
    assert "conda-forge" in env["channels"]
    data = tomllib.loads((paths.project_root() / "pyproject.toml").read_text())
    assert data["project"]["requires-python"] == ">=3.11"
