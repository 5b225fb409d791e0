"""The publishing workflow (it cannot run here): installs from the lock, builds, tests,
renders with quarto-actions and publishes all of _book/ to GitHub Pages (`quarto publish
gh-pages`, which a local Quarto runs here against a local origin)."""

from __future__ import annotations

import shutil

import pytest
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


def test_no_publish_yml_names_a_gh_pages_destination():
    """Quarto's gh-pages target finds its destination in the gh-pages branch of origin and
    writes no _publish.yml; a gh-pages entry there is a second destination, and a publish
    that cannot ask (CI) stops: "Multiple previous publishes exist" (Quarto 1.7.34)."""
    publish = ROOT / "_publish.yml"
    entries = yaml.safe_load(publish.read_text("utf-8")) if publish.is_file() else []
    assert not any("gh-pages" in (e or {}) for e in entries or [])


def _publish_step() -> dict:
    return _step(lambda s: s.get("uses", "").startswith("quarto-dev/quarto-actions/publish@"))


def test_the_publish_step_publishes_all_of_book_not_the_default_edition():
    step = _publish_step()
    assert step["with"] == {"target": "gh-pages", "render": False}
    profiles = step["env"]["QUARTO_PROFILE"].split(",")
    assert profiles[0] == "site"  # Quarto merges profiles so that the first one named wins
    site = yaml.safe_load((ROOT / "_quarto-site.yml").read_text("utf-8"))
    assert site == {"project": {"output-dir": "_book"}}


def _chapters(node) -> list[str]:
    if isinstance(node, str):
        return [node] if node.endswith((".qmd", ".py")) else []
    if isinstance(node, dict):
        return [f for v in node.values() for f in _chapters(v)]
    if isinstance(node, list):
        return [f for v in node for f in _chapters(v)]
    return []


@pytest.mark.quarto
@pytest.mark.skipif(shutil.which("quarto") is None, reason="quarto is not on PATH")
def test_quarto_publish_pushes_both_editions_the_landing_page_and_the_data(tmp_path):
    """What the publish action runs (`quarto publish gh-pages . --no-render`, with the step's
    environment), by the real Quarto, from a project with this repository's configuration
    whose origin is a local repository with a gh-pages branch."""
    import os
    import subprocess

    origin, work = _origin_and_clone(tmp_path)
    _push_gh_pages(tmp_path, origin, {"index.html": b"old site"})
    for config in ROOT.glob("_quarto*.yml"):
        shutil.copy(config, work / config.name)
        for chapter in _chapters(yaml.safe_load(config.read_text("utf-8"))):
            (work / chapter).parent.mkdir(parents=True, exist_ok=True)
            (work / chapter).touch()  # Quarto checks that every chapter exists
    if (ROOT / "_publish.yml").is_file():
        shutil.copy(ROOT / "_publish.yml", work / "_publish.yml")
    _git(work, "add", "-A")
    _git(work, "commit", "-m", "book")
    site = {
        "index.html": "landing",
        "en/index.html": "en",
        "vi/index.html": "vi",
        "data/latest.json": "{}",
        "data/egov-data-2026-12-02.zip": "PK",
    }
    for name, text in site.items():
        (work / "_book" / name).parent.mkdir(parents=True, exist_ok=True)
        (work / "_book" / name).write_text(text)
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUARTO_PROFILE")}
    env.update({k: str(v) for k, v in _publish_step()["env"].items() if k != "GITHUB_TOKEN"})
    env.update(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org")
    env.update(GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")
    done = subprocess.run(
        ["quarto", "publish", "gh-pages", ".", "--no-render", "--no-browser"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    pushed = _git(tmp_path, "--git-dir", str(origin), "ls-tree", "-r", "--name-only", "gh-pages")
    assert set(pushed.split()) == {*site, ".nojekyll"}
    landing = _git(tmp_path, "--git-dir", str(origin), "show", "gh-pages:index.html")
    assert landing == "landing"


def test_the_preface_links_the_latest_release_where_the_workflow_puts_it():
    site = yaml.safe_load((ROOT / "_quarto.yml").read_text("utf-8"))["book"]["site-url"]
    preface = (ROOT / "index.qmd").read_text("utf-8")
    assert f"]({site}data/egov-data-latest.zip)" in preface
    assert f"]({site}data/latest.json)" in preface


# -- the previous publication's data releases: fetched before the build, kept on the site --


def _step(pred) -> dict:
    return _steps()[_index(pred)]


def _fetch_step() -> dict:
    return _step(lambda s: "git fetch" in s.get("run", "") and "gh-pages" in s.get("run", ""))


def _release_step() -> dict:
    return _step(lambda s: "analysis release" in s.get("run", ""))


def test_the_build_continues_the_release_fetched_from_gh_pages():
    fetch = _index(lambda s: s == _fetch_step())
    build = _index(lambda s: "make data" in s.get("run", ""))
    release = _index(lambda s: s == _release_step())
    publish = _index(lambda s: s.get("uses", "").startswith("quarto-dev/quarto-actions/publish@"))
    assert _index(lambda s: s.get("uses", "").startswith("actions/checkout@")) < fetch < build
    assert build < release < publish
    assert 'PREVIOUS="${PREVIOUS_RELEASE:-}"' in _steps()[build]["run"]
    makefile = (ROOT / "Makefile").read_text("utf-8")
    assert '$(if $(PREVIOUS),--previous "$(PREVIOUS)")' in makefile


def _git(cwd, *args: str) -> str:
    import subprocess

    ident = ["-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "init.defaultBranch=main"]
    done = subprocess.run(["git", *ident, *args], cwd=cwd, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _run_step(step: dict, cwd, tmp_path, **extra: str) -> tuple[int, dict[str, str], str]:
    """Run a step's script as GitHub Actions does (bash -e), in ``cwd`` with the variables
    ``extra``; its exit code, what it wrote to $GITHUB_ENV, and its output."""
    import os
    import subprocess

    env_file = tmp_path / "github_env"
    env_file.write_text("")
    runner = tmp_path / "runner"
    runner.mkdir(exist_ok=True)
    env = {**os.environ, "RUNNER_TEMP": str(runner), "GITHUB_ENV": str(env_file)}
    env.pop("PREVIOUS_RELEASE", None)
    env.update(extra)
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", step["run"]],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )
    written = dict(line.split("=", 1) for line in env_file.read_text().splitlines() if "=" in line)
    return done.returncode, written, done.stdout + done.stderr


def _origin_and_clone(tmp_path):
    origin, work = tmp_path / "origin.git", tmp_path / "checkout"
    _git(tmp_path, "init", "--bare", str(origin))
    _git(tmp_path, "init", str(work))
    (work / "README.md").write_text("book\n")
    _git(work, "add", "README.md")
    _git(work, "commit", "-m", "main")
    _git(work, "remote", "add", "origin", str(origin))
    _git(work, "push", "origin", "main")
    return origin, work


def _push_gh_pages(tmp_path, origin, files: dict[str, bytes]) -> None:
    site = tmp_path / "site"
    _git(tmp_path, "init", str(site))
    for name, data in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(data)
    _git(site, "add", "-A")
    _git(site, "commit", "-m", "site")
    _git(site, "push", str(origin), "HEAD:refs/heads/gh-pages")


def test_first_publication_without_gh_pages_builds_drop_1(tmp_path):
    _, work = _origin_and_clone(tmp_path)
    rc, env, out = _run_step(_fetch_step(), work, tmp_path)
    assert rc == 0, out
    assert "PREVIOUS_RELEASE" not in env and "first publication" in out


def test_a_gh_pages_branch_without_a_data_release_builds_drop_1(tmp_path):
    origin, work = _origin_and_clone(tmp_path)
    _push_gh_pages(tmp_path, origin, {"index.html": b"<p>book</p>"})
    rc, env, out = _run_step(_fetch_step(), work, tmp_path)
    assert rc == 0, out
    assert "PREVIOUS_RELEASE" not in env and "no data release yet" in out


def test_the_published_releases_are_fetched_and_kept_on_the_new_site(tmp_path):
    import json

    origin, work = _origin_and_clone(tmp_path)
    zips = {
        "data/egov-data-2026-12-02.zip": b"PK first release",
        "data/egov-data-2027-03-03.zip": b"PK second release",
    }
    latest = json.dumps({"file": "egov-data-2027-03-03.zip", "drop": 2}).encode()
    _push_gh_pages(tmp_path, origin, {**zips, "data/latest.json": latest, "en/index.html": b"x"})
    rc, env, out = _run_step(_fetch_step(), work, tmp_path)
    assert rc == 0, out
    previous = env["PREVIOUS_RELEASE"]
    assert previous == str(tmp_path / "runner" / "previous-site" / "data")
    for name, data in zips.items():
        assert (tmp_path / "runner" / "previous-site" / name).read_bytes() == data
    assert "egov-data-2027-03-03.zip" in out
    # the release step copies them into the new site before adding this drop's release
    fake = work / ".venv" / "bin" / "python"
    fake.parent.mkdir(parents=True)
    fake.write_text('#!/bin/sh\necho "$@" > released.txt\n')
    fake.chmod(0o755)
    rc, _, out = _run_step(_release_step(), work, tmp_path, PREVIOUS_RELEASE=previous)
    assert rc == 0, out
    for name, data in zips.items():
        assert (work / "_book" / name).read_bytes() == data  # the older zips stay on the site
    assert (work / "released.txt").read_text().split() == [
        "-m",
        "analysis",
        "release",
        "--no-build",
        "--out",
        "_book/data",
    ]


def test_an_unreachable_origin_fails_rather_than_starting_the_drops_again(tmp_path):
    _, work = _origin_and_clone(tmp_path)
    _git(work, "remote", "set-url", "origin", str(tmp_path / "no-such-repo.git"))
    rc, env, out = _run_step(_fetch_step(), work, tmp_path)
    assert rc != 0 and "PREVIOUS_RELEASE" not in env, out
