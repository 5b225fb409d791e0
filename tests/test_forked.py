"""Chapters run in forks of one warm process record what a Jupyter kernel records."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from analysis.book import notebooks

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="forks need POSIX")

CHAPTER = """# %% [markdown]
# # A chapter

# %%
import os
from IPython.display import Markdown, display
print("one"); print("two")
display(Markdown("**shown**"))

# %%
Markdown(os.environ["WHO"] + " " + os.getcwd())

# %%
import warnings
warnings.warn("careful")
"""


def _outputs(path: Path) -> list[list[tuple]]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [
        [
            (o["output_type"], o.get("name"), tuple(sorted(o.get("data", {}))))
            for o in c.get("outputs", [])
        ]
        for c in nb["cells"]
        if c["cell_type"] == "code"
    ]


def _run(tmp_path: Path, engine: str, text: str = CHAPTER, name: str = "ch.py"):
    src = tmp_path / "src" / name
    src.parent.mkdir(exist_ok=True)
    src.write_text(text, encoding="utf-8")
    out = tmp_path / engine
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(notebooks.ENGINE_VAR, engine)
        runs = list(notebooks.execute_many([src], out, env_for=lambda p: {"WHO": p.stem}))
    return runs, out / f"{src.stem}.ipynb"


def test_a_forked_chapter_records_what_a_kernel_records(tmp_path):
    (fork_run,), forked = _run(tmp_path, "fork")
    (kernel_run,), kerneled = _run(tmp_path, "kernel")
    assert fork_run.error is None and kernel_run.error is None
    assert _outputs(forked) == _outputs(kerneled)
    assert _outputs(forked)[0] == [
        ("stream", "stdout", ()),
        ("display_data", None, ("text/markdown", "text/plain")),
    ]
    nb = json.loads(forked.read_text(encoding="utf-8"))
    second = nb["cells"][2]["outputs"][0]
    # the chapter's own environment and working folder (the chapter's)
    assert "".join(second["data"]["text/markdown"]) == f"ch {tmp_path / 'src'}"
    assert second["execution_count"] == 2
    assert "".join(nb["cells"][1]["outputs"][0]["text"]) == "one\ntwo\n"


def test_a_failing_cell_stops_the_chapter_and_names_the_error(tmp_path):
    text = "# %%\nx = 1\n\n# %%\nraise ValueError('no such table: facts')\n\n# %%\nprint('never')\n"
    (run,), saved = _run(tmp_path, "fork", text, "bad.py")
    assert run.error == "ValueError: no such table: facts"
    outs = _outputs(saved)
    assert outs[1] == [("error", None, ())] and outs[2] == []


def test_a_chapter_that_kills_its_process_is_reported_not_lost(tmp_path):
    text = "# %%\nimport os\nos._exit(3)\n"
    runs, _ = _run(tmp_path, "fork", text, "dies.py")
    assert runs[0].error and "did not finish" in runs[0].error


def test_the_engine_can_be_chosen(monkeypatch):
    monkeypatch.setenv(notebooks.ENGINE_VAR, "kernel")
    assert notebooks.engine() == "kernel"
    monkeypatch.delenv(notebooks.ENGINE_VAR)
    assert notebooks.engine() == "fork"


def test_the_runner_counts_the_books_figure_blocks():
    """A chart is a ``::: {#fig-…}`` Markdown block with its PNG as a file: it is a figure."""
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    from analysis.book.notebooks import _count_figures

    def md(text: str):
        return new_output("display_data", data={"text/markdown": text, "text/plain": ""})

    nb = new_notebook(
        cells=[
            new_code_cell(
                outputs=[md("**Share of dossiers.** A caption"), md("::: {#fig-a}\nx\n:::")]
            ),
            new_code_cell(outputs=[md("::: {#fig-b}\n:::"), md("| table | row |")]),
        ]
    )
    assert _count_figures(nb) == 2
