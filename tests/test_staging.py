"""``make book`` renders from chapters executed beforehand (analysis.book.staging)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis import paths
from analysis.book import staging
from analysis.book_config import EDITIONS, book_config, chapter_files
from analysis.safe_yaml import load_yaml


def _flat(items: list) -> list[str]:
    out: list[str] = []
    for it in items:
        if isinstance(it, str):
            out.append(it)
        elif isinstance(it, dict):
            out += _flat(it.get("chapters", []))
    return out


@pytest.mark.parametrize("edition", EDITIONS)
def test_stage_config_renders_the_executed_chapters_without_executing(edition):
    config = staging.stage_config(edition)
    assert config["execute"] == {"enabled": False}
    assert "pre-render" not in config["project"]  # the data are built before
    assert config["project"]["post-render"] == "book/post-render.py"  # still made offline
    assert config["project"]["output-dir"] == f"_book/{edition}"
    assert config["lang"] == edition
    staged = _flat(config["book"]["chapters"]) + _flat(config["book"]["appendices"])
    sources = chapter_files(book_config(edition))
    assert len(staged) == len(sources) and not [c for c in staged if c.endswith(".py")]
    assert staged == [s[: -len(".py")] + ".ipynb" if s.endswith(".py") else s for s in sources]
    # the parts keep their titles, in order
    parts = [p["part"] for p in config["book"]["chapters"] if isinstance(p, dict)]
    assert parts == [p["part"] for p in book_config(edition)["book"]["chapters"] if "part" in p]


def _executed(folder: Path, chapters: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for chapter in chapters:
        nb = {
            "cells": [
                {
                    "cell_type": "markdown",
                    "metadata": {},
                    "source": ["# Chương {#sec-x}\n", "\n", "Xem [Nguồn](00-sources-vi.py).\n"],
                },
                {
                    "cell_type": "code",
                    "metadata": {"execution": {"iopub.status.busy": "2026-01-01T00:00:00Z"}},
                    "source": "#| echo: false\n1 + 1",
                    "outputs": [{"output_type": "execute_result", "data": {"text/plain": "2"}}],
                    "execution_count": 1,
                },
            ],
            "metadata": {"language_info": {"name": "python"}},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
        (folder / f"{Path(chapter).stem}.ipynb").write_text(json.dumps(nb), encoding="utf-8")


def test_stage_holds_the_config_pages_data_and_executed_chapters(tmp_path, monkeypatch):
    root = paths.project_root()
    chapters = [c for c in chapter_files(book_config("vi")) if c.endswith(".py")]
    executed = tmp_path / "executed"
    _executed(executed, chapters)
    # the stage is built inside a scratch project root; the configuration is read from ours
    scratch = tmp_path / "project"
    (scratch / "book").mkdir(parents=True)
    (scratch / "book" / "styles.css").write_text("p {}", encoding="utf-8")
    index = "# Lời nói đầu\n[Nguồn](notebooks/vi/00-sources-vi.py), [x](notebooks/vi/x.py)\n"
    (scratch / "index.qmd").write_text(index, encoding="utf-8")
    (scratch / "data" / "processed").mkdir(parents=True)
    (scratch / "data" / "processed" / "reports.csv").write_text("a\n1\n", encoding="utf-8")
    # the PNGs the vi chapters' kernels wrote beside them (their working folder)
    pngs = scratch / "notebooks" / "vi" / paths.FIGURE_DIR
    pngs.mkdir(parents=True)
    (pngs / "fig-x-0123456789ab.png").write_bytes(b"\x89PNG")
    folder = staging.stage("vi", executed, scratch)
    # beside the staged chapters, where their relative links point
    staged_png = folder / "notebooks" / "vi" / paths.FIGURE_DIR / "fig-x-0123456789ab.png"
    assert staged_png.read_bytes() == b"\x89PNG"
    assert folder == scratch / "_build" / "stage" / "vi"
    for name, config in staging.stage_configs("vi").items():
        assert load_yaml(folder / name) == json.loads(json.dumps(config)), name
    assert set(staging.stage_configs("vi")) == {"_quarto.yml", "_quarto-vi.yml"}
    # links to a chapter name the copy's executed chapter; the project's page is untouched
    staged_index = (folder / "index.qmd").read_text(encoding="utf-8")
    assert "(notebooks/vi/00-sources-vi.ipynb)" in staged_index
    assert "(notebooks/vi/x.py)" in staged_index  # not a chapter: left alone
    assert (scratch / "index.qmd").read_text(encoding="utf-8") == index
    assert (folder / "book" / "styles.css").is_file()
    assert (folder / "data" / "processed" / "reports.csv").read_text() == "a\n1\n"
    for chapter in chapters:
        nb = json.loads((folder / Path(chapter).with_suffix(".ipynb")).read_text())
        assert nb["metadata"]["kernelspec"]["language"] == "python"
        assert "execution" not in nb["cells"][1]["metadata"]  # no timings in the page
        assert nb["cells"][1]["outputs"][0]["data"]["text/plain"] == "2"
        # Markdown stays a list of lines (Quarto joins them), its chapter links followed
        assert nb["cells"][0]["source"] == [
            "# Chương {#sec-x}\n",
            "\n",
            "Xem [Nguồn](00-sources-vi.ipynb).\n",
        ]
    # a chapter that was not executed cannot be staged
    (executed / f"{Path(chapters[0]).stem}.ipynb").unlink()
    with pytest.raises(FileNotFoundError):
        staging.stage("vi", executed, scratch)
    assert root == paths.project_root()


def test_source_links_point_at_the_chapter_sources():
    page = (
        '<a href="https://github.com/o/r/blob/main/notebooks/vi/04-infrastructure-vi.ipynb" '
        'class="toc-action">Xem mã nguồn</a> '
        '<a href="https://github.com/o/r/blob/main/notebooks/04-infrastructure.ipynb">x</a> '
        '<a href="../notebooks/other.ipynb">kept</a>'
    )
    fixed = staging.source_links(
        page,
        ["index.qmd", "notebooks/vi/04-infrastructure-vi.py", "notebooks/04-infrastructure.py"],
    )
    assert 'blob/main/notebooks/vi/04-infrastructure-vi.py"' in fixed
    assert 'blob/main/notebooks/04-infrastructure.py"' in fixed
    assert "../notebooks/other.ipynb" in fixed and '.ipynb" class' not in fixed


def test_publish_moves_the_render_into_book_and_fixes_links(tmp_path):
    out = tmp_path / "_build" / "stage" / "en" / "_book" / "en" / "notebooks"
    out.mkdir(parents=True)
    (out / "04-infrastructure.html").write_text(
        '<a href="https://x/blob/main/notebooks/04-infrastructure.ipynb">View source</a>',
        encoding="utf-8",
    )
    old = tmp_path / "_book" / "en"
    old.mkdir(parents=True)
    (old / "stale.html").write_text("old", encoding="utf-8")
    target = staging.publish("en", tmp_path)
    assert target == old and not (old / "stale.html").exists()
    text = (old / "notebooks" / "04-infrastructure.html").read_text(encoding="utf-8")
    assert "notebooks/04-infrastructure.py" in text
    assert not (tmp_path / "_build" / "stage" / "en" / "_book" / "en").exists()


def _fake_quarto(tmp_path: Path, rc: int = 0) -> Path:
    """A stand-in for Quarto: renders a stage by writing its index page (and a log line)."""
    exe = tmp_path / "quarto"
    exe.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = "--version" ]; then echo 1.7.34; exit 0; fi\n'
        'out=$(sed -n "s/^  output-dir: //p" _quarto-*.yml)\n'
        'mkdir -p "$out" && find notebooks -name "*.ipynb" > "$out/index.html"\n'
        f"echo rendered; exit {rc}\n",
        encoding="utf-8",
    )
    exe.chmod(0o755)
    return exe


def _fake_runs(monkeypatch, error_in: str = "") -> list[str]:
    from analysis.book import notebooks

    done: list[str] = []

    def execute_many(paths_, out_dir, *, workers=None, env_for=None):
        _executed(out_dir, [p.name for p in paths_ if not (out_dir / f"{p.stem}.ipynb").exists()])
        for p in paths_:
            done.append(p.name)
            error = "boom" if p.name == error_in else None
            yield notebooks.NotebookRun(p, 0.1, 0, error)

    monkeypatch.setattr(notebooks, "execute_many", execute_many)
    return done


def _scratch_project(root: Path) -> None:
    """A project with the book's own configuration and a page, a style and a table."""
    import shutil

    for name in ("_quarto.yml", "_quarto-en.yml", "_quarto-vi.yml"):
        shutil.copy(paths.project_root() / name, root / name)
    for name in ("index.qmd", "book/styles.css", "data/processed/reports.csv"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x\n", encoding="utf-8")


def test_render_executes_every_chapter_once_and_publishes_both_editions(tmp_path, monkeypatch):
    from analysis.book import quarto

    expected = {Path(c).name for e in EDITIONS for c in chapter_files(book_config(e))}
    _scratch_project(tmp_path)
    monkeypatch.setattr(paths, "project_root", lambda: tmp_path)
    done = _fake_runs(monkeypatch)
    rendered = quarto._render_executed(_fake_quarto(tmp_path), list(EDITIONS), [], _env())
    assert rendered == list(EDITIONS)
    assert sorted(done) == sorted(c for c in expected if c.endswith(".py"))  # each once
    for edition in EDITIONS:
        index = (tmp_path / "_book" / edition / "index.html").read_text(encoding="utf-8")
        assert "04-infrastructure" in index, edition  # rendered from the staged chapters
        assert "rendered" in (tmp_path / "_build" / "stage" / f"{edition}.log").read_text()


def test_a_failing_chapter_or_quarto_fails_the_render(tmp_path, monkeypatch):
    from analysis.book import quarto

    _scratch_project(tmp_path)
    monkeypatch.setattr(paths, "project_root", lambda: tmp_path)
    _fake_runs(monkeypatch, error_in="04-infrastructure-vi.py")
    with pytest.raises(quarto.QuartoError, match=r"04-infrastructure-vi\.py: boom"):
        quarto._render_executed(_fake_quarto(tmp_path), list(EDITIONS), [], _env())
    assert not (tmp_path / "_book" / "vi").exists()
    _fake_runs(monkeypatch)
    with pytest.raises(quarto.QuartoError, match="Quarto failed to render en"):
        quarto._render_executed(_fake_quarto(tmp_path, rc=1), ["en"], [], _env())
    assert not (tmp_path / "_book" / "en").exists()


def test_render_executes_only_the_chapters_whose_inputs_changed(tmp_path, monkeypatch):
    """A change to the book's layout or its Quarto configuration re-renders from the chapters
    executed before; a change to the data re-executes every chapter, a chapter's own file that
    chapter (analysis.book.chapter_inputs)."""
    from analysis.book import quarto

    _scratch_project(tmp_path)
    monkeypatch.setattr(paths, "project_root", lambda: tmp_path)
    chapters = sorted(Path(c).name for c in _notebook_files())
    done = _fake_runs(monkeypatch)
    exe = _fake_quarto(tmp_path)

    def render() -> list[str]:
        done.clear()
        assert quarto._render_executed(exe, list(EDITIONS), [], _env()) == list(EDITIONS)
        for edition in EDITIONS:
            assert "04-infrastructure" in (tmp_path / "_book" / edition / "index.html").read_text()
        return sorted(done)

    assert render() == chapters  # nothing executed yet
    assert render() == []
    (tmp_path / "book" / "styles.css").write_text("body { margin: 0 }\n", encoding="utf-8")
    (tmp_path / "book" / "straight-quotes.lua").write_text("return {}\n", encoding="utf-8")
    (tmp_path / "index.qmd").write_text("# Preface\n", encoding="utf-8")
    with (tmp_path / "_quarto.yml").open("a", encoding="utf-8") as fh:
        fh.write("\n# a layout-only change\n")
    assert render() == [], "a layout-only change re-executed chapters"
    (tmp_path / "data" / "processed" / "reports.csv").write_text("y\n", encoding="utf-8")
    assert render() == chapters, "a data change must re-execute every chapter"
    chapter = tmp_path / "notebooks" / "04-infrastructure.py"
    chapter.parent.mkdir(exist_ok=True)
    chapter.write_text("# %%\n1\n", encoding="utf-8")
    assert render() == ["04-infrastructure.py"]
    (tmp_path / "src" / "analysis").mkdir(parents=True)
    (tmp_path / "src" / "analysis" / "x.py").write_text("X = 1\n", encoding="utf-8")
    assert render() == chapters, "a code change must re-execute every chapter"
    # an executed notebook edited (or written by another run) or a figure gone: executed again
    executed = tmp_path / "_build" / "notebooks" / "02-online-services.ipynb"
    executed.write_text(executed.read_text(encoding="utf-8") + " ", encoding="utf-8")
    assert render() == ["02-online-services.py"]
    figure = "_figures/fig-a-0123456789ab.png"
    executed.write_text(executed.read_text(encoding="utf-8").replace("1 + 1", figure))
    from analysis.book import chapter_inputs

    saved = tmp_path / "notebooks" / "02-online-services.py"
    chapter_inputs.record(
        saved, executed, chapter_inputs.plan([saved], executed.parent).digests[saved]
    )
    assert render() == ["02-online-services.py"]  # its figure is not in notebooks/_figures
    (tmp_path / "notebooks" / "_figures").mkdir()
    (tmp_path / "notebooks" / figure).write_bytes(b"png")
    executed.write_text(executed.read_text(encoding="utf-8").replace("1 + 1", figure))
    chapter_inputs.record(
        saved, executed, chapter_inputs.plan([saved], executed.parent).digests[saved]
    )
    assert render() == []


def _notebook_files() -> list[str]:
    return list(
        dict.fromkeys(
            c for e in EDITIONS for c in chapter_files(book_config(e)) if c.endswith(".py")
        )
    )


def _env() -> dict[str, str]:
    import os

    return dict(os.environ)


def test_chapter_links_follow_the_executed_chapters():
    chapters = ["index.qmd", "notebooks/00-sources.py", "notebooks/vi/a1-appendices-vi.py"]
    text = (
        "[a](notebooks/00-sources.py) [b](notebooks/vi/a1-appendices-vi.py#sec-crosswalk) "
        "[c](../00-sources.py) [d](notebooks/other.py) [e](https://x.org/notebooks/00-sources.py)"
    )
    fixed = staging.chapter_links(text, ".", chapters)
    assert "[a](notebooks/00-sources.ipynb)" in fixed
    assert "[b](notebooks/vi/a1-appendices-vi.ipynb#sec-crosswalk)" in fixed
    assert (
        "[d](notebooks/other.py)" in fixed and "[e](https://x.org/notebooks/00-sources.py)" in fixed
    )
    # relative to the page's folder
    inside = staging.chapter_links("[c](../00-sources.py)", "notebooks/vi", chapters)
    assert inside == "[c](../00-sources.ipynb)"
    # the book's own pages link to chapters this way
    index = (paths.project_root() / "index.qmd").read_text(encoding="utf-8")
    every = [c for e in EDITIONS for c in chapter_files(book_config(e))]
    assert ".py)" not in staging.chapter_links(index, ".", every).replace(".py#", ".py)")


def test_install_compiles_the_libraries_once():
    """Chapters' kernels load compiled libraries even where PYTHONDONTWRITEBYTECODE is set
    (measured: 34 chapters in 73 s without, 35 s with)."""
    makefile = (paths.project_root() / "Makefile").read_text(encoding="utf-8")
    sync = [line for line in makefile.splitlines() if "uv sync" in line and "--locked" in line]
    assert sync and all("--compile-bytecode" in line for line in sync)
