"""Attacks the first run of issue 12 found handled well, kept here so they stay handled:
byte-identical rebuilds whatever the time zone, locale and hash seed; a damaged PDF and RC4
encryption; and (slow) kills of ingest and build at random moments."""

from __future__ import annotations

import hashlib
import io
import random
import signal
import time

import pytest
from input_helpers import META, cli, tree, write
from store_helpers import corpus_is_whole, ingest_args, run_cli, write_report
from test_input_files import PDF_LINES, _flags, _pdf

from analysis.corpus.manifest import read_manifest
from analysis.tables.integrity import damaged_files


def _digests(folder) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file() and p.name != "README.md" and not p.name.startswith(".")
    }


def test_a_build_in_another_time_zone_locale_and_hash_seed_is_byte_identical(built, project_copy):
    """UTC+14, another locale and another string-hash seed: every published byte the same."""
    env = {"TZ": "Pacific/Kiritimati", "LC_ALL": "C", "LANG": "C", "PYTHONHASHSEED": "4242"}
    res = run_cli(project_copy, "-q", "build", env=env)
    assert res.returncode == 0, res.stderr
    got = _digests(project_copy / "data" / "processed")
    assert got == _digests(built["_root"] / "data" / "processed")


def test_a_damaged_pdf_is_refused_with_exit_2(project_copy, tmp_path):
    good = _pdf(tmp_path / "good.pdf").read_bytes()
    src = write(tmp_path / "hong.pdf", good[: len(good) // 2])
    state = tree(project_copy)
    res = cli("ingest", str(src), *_flags(), "--no-build")
    assert res.returncode == 2, res.stderr
    assert "hong.pdf: not a readable PDF" in res.stderr and "Traceback" not in res.stderr
    assert tree(project_copy) == state


def _rc4_pdf(path, user_password: str):
    from pypdf import PdfReader, PdfWriter

    plain = _pdf(path).read_bytes()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(plain)))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return write(path, out.getvalue())


def test_rc4_pdfs_are_read_or_refused_by_their_password(project_copy, tmp_path):
    from analysis.ingest import ingest

    row = ingest(_rc4_pdf(tmp_path / "rc4.pdf", ""), **META)
    text = (project_copy / "data" / "raw" / "reports" / row["file"]).read_text(encoding="utf-8")
    assert PDF_LINES[-1] in text
    src = _rc4_pdf(tmp_path / "rc4-khoa.pdf", "secret")
    state = tree(project_copy)
    res = cli("ingest", str(src), *_flags(), "--no-build")
    assert res.returncode == 2, res.stderr
    assert "the PDF is password-protected" in res.stderr and tree(project_copy) == state


def _kill_after(root, delay: float, *args: str) -> None:
    proc = run_cli(root, *args, wait=False)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)  # as kill -9: no clean-up of any kind
    proc.communicate(timeout=120)


def _published_whole(root) -> None:
    processed = root / "data" / "processed"
    if not processed.exists():
        return
    names = [p.name for p in processed.iterdir() if p.name not in ("README.md", ".build.json")]
    assert damaged_files(processed, names) == {}


@pytest.mark.slow
def test_ingests_and_builds_killed_at_random_moments_leave_the_corpus_whole(project_copy, tmp_path):
    """Twenty kills (seeded: reproducible), each at a random moment of an ingest (which then
    builds) or of a build; after each the corpus is whole, the next command completes, and
    the tables it publishes match their build record."""
    rng = random.Random(12)
    assert run_cli(project_copy, "-q", "build").returncode == 0
    for i in range(20):
        month = 1 + i % 12
        src = write_report(tmp_path, month, 40 + i, 2010 + i // 12)
        args = ingest_args(src, month, 2010 + i // 12)[:-1]  # ingest, then build
        if i % 2:
            _kill_after(project_copy, rng.uniform(0.2, 4.0), "-q", "build")
        else:
            _kill_after(project_copy, rng.uniform(0.2, 4.0), *args)
        reports = project_copy / "data/raw/reports"
        problems = corpus_is_whole(project_copy)
        assert not [p for p in problems if p.startswith("row ")], problems  # rows always whole
        if not (reports / ".ingest.journal").exists():  # else the next command rolls it back
            assert not [p for p in problems if p.startswith("unreferenced")], problems
        period = f"{2010 + i // 12}-{month:02d}"
        if not i % 2 and period not in set(read_manifest(reports / "manifest.csv")["period_label"]):
            res = run_cli(project_copy, *args)  # the retry of the killed ingest
            assert res.returncode == 0, res.stderr
        res = run_cli(project_copy, "-q", "build")  # the next command recovers
        assert res.returncode == 0, res.stderr
        assert corpus_is_whole(project_copy) == [], f"kill {i}"
        _published_whole(project_copy)
