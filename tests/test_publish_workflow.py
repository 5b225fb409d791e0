"""The publishing workflow (it cannot run here): installs from the lock, builds, tests,
renders with quarto-actions and publishes to GitHub Pages, as _publish.yml records."""

from __future__ import annotations

import yaml

from analysis import paths

ROOT = paths.project_root()


def _workflow() -> dict:
    return yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text("utf-8"))


def _steps() -> list[dict]:
    (job,) = _workflow()["jobs"].values()
    return job["steps"]


def _index(pred) -> int:
    return next(i for i, s in enumerate(_steps()) if pred(s))


def test_workflow_runs_on_main_and_may_push_gh_pages():
    wf = _workflow()
    on = wf.get("on", wf.get(True))  # YAML 1.1 reads the bare key `on` as true
    assert on["push"]["branches"] == ["main"] and "workflow_dispatch" in on
    assert wf["permissions"]["contents"] == "write"


def test_steps_install_from_the_lock_then_build_test_render_publish_in_order():
    uses = lambda name: lambda s: s.get("uses", "").startswith(name)  # noqa: E731
    runs = lambda cmd: lambda s: cmd in s.get("run", "")  # noqa: E731
    order = [
        _index(uses("actions/checkout@")),
        _index(runs("make install")),
        _index(runs("make data")),
        _index(runs("make test")),
        _index(uses("quarto-dev/quarto-actions/setup@")),
        _index(uses("quarto-dev/quarto-actions/render@")),
        _index(runs("analysis release --no-build --out _book/data")),
        _index(uses("quarto-dev/quarto-actions/publish@")),
    ]
    assert order == sorted(order)
    setup = _steps()[_index(uses("quarto-dev/quarto-actions/setup@"))]
    assert setup["with"]["tinytex"] is True  # the PDF edition needs LaTeX
    publish = _steps()[_index(uses("quarto-dev/quarto-actions/publish@"))]
    assert publish["with"]["target"] == "gh-pages"
    assert publish["env"]["GITHUB_TOKEN"] == "${{ secrets.GITHUB_TOKEN }}"


def test_make_install_reads_the_lock_file():
    makefile = (ROOT / "Makefile").read_text("utf-8")
    assert "uv sync --quiet --locked --all-extras" in makefile
    assert (ROOT / "uv.lock").is_file()


def test_publish_yml_points_at_the_site_url():
    (entry,) = yaml.safe_load((ROOT / "_publish.yml").read_text("utf-8"))
    assert entry["source"] == "project"
    site = yaml.safe_load((ROOT / "_quarto.yml").read_text("utf-8"))["book"]["site-url"]
    assert entry["gh-pages"][0]["url"] == site


def test_the_preface_links_the_latest_release_where_the_workflow_puts_it():
    site = yaml.safe_load((ROOT / "_quarto.yml").read_text("utf-8"))["book"]["site-url"]
    preface = (ROOT / "index.qmd").read_text("utf-8")
    assert f"]({site}data/egov-data-latest.zip)" in preface
    assert f"]({site}data/latest.json)" in preface
