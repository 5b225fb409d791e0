"""The command line: documented exit codes and clear messages."""

from __future__ import annotations

import subprocess
import sys

import pytest

from analysis.book import quarto


def run(*args, **kw):
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args], capture_output=True, text=True, **kw
    )


def test_usage_error_exits_2():
    assert run("no-such-command").returncode == 2


def test_render_without_quarto_exits_3_with_guidance(tmp_path):
    if (quarto.tools_dir() / f"quarto-{quarto.PINNED_VERSION}").exists():
        pytest.skip("a pinned Quarto is installed in .tools/")
    r = run("render", env={"PATH": str(tmp_path), "HOME": str(tmp_path)})
    assert r.returncode == 3
    assert "Quarto was not found" in r.stderr and "environment.yml" in r.stderr
    assert "Traceback" not in r.stderr


def test_build_error_is_one_clear_line(project_copy):
    (project_copy / "data" / "raw" / "reports" / "an-giang_2023-q1_stttt.txt").unlink()
    r = run("build")
    assert r.returncode == 1
    assert "file 'an-giang_2023-q1_stttt.txt' not found" in r.stderr
    assert "Traceback" not in r.stderr


def test_quarto_pin_is_a_real_sha256():
    assert quarto.PINNED_VERSION.startswith("1.7.")
    assert all(len(v) == 64 and int(v, 16) >= 0 for v in quarto.PINNED_SHA256.values())


def test_verbosity_flags_work_before_and_after_the_command():
    from analysis.cli import parser

    for argv in (["-q", "build"], ["build", "-q"], ["build", "--quiet"]):
        args = parser().parse_args(argv)
        assert args.quiet and not args.verbose, argv
    args = parser().parse_args(["build"])
    assert not args.quiet and not args.verbose
