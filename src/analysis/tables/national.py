"""National index results (DTI, PAR Index, SIPAS, PAPI, Index 766): a reference input.

``data/raw/reference/national_indices.csv`` holds the published results of the national
indices for the four provinces and their 2025 merger partners, one row per index × year ×
province, each with its source URL and publisher. It is not extracted from the reports: it is
read, validated (pandera, row by row, a clear message naming file, line and problem), and
published as ``national_indices.csv`` with three derived columns that tie each row to a study
province (its own result, a merger partner's, or the merged province's after 1 July 2025), and
``note_vi`` and ``publisher_vi``: the note and the publisher's name in Vietnamese, from
``national_notes_vi.yaml`` (the reference file is the shared one, byte for byte, with English
notes and publishers).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from .. import paths
from ..corpus.provinces import canonical_province, mergers
from ..schemas import pandera, records, typed, without_pandera_extras
from ..vocabulary import STUDY_PROVINCES

FILE = "national_indices.csv"
NOTES_VI_FILE = "national_notes_vi.yaml"

#: Index → (what it measures, scale maximum or None when the scale is a share).
INDICES: dict[str, str] = {
    "DTI": "Provincial Digital Transformation Index",
    "PAR Index": "Public Administration Reform Index",
    "SIPAS": "Satisfaction Index of Public Administrative Services",
    "PAPI": "Provincial Governance and Public Administration Performance Index",
    "PAPI e-governance": "PAPI dimension 8: e-governance",
    "Index 766": "Decision 766 index of serving citizens and businesses",
}
STATUSES = ("confirmed", "inferred")
RELATIONS = ("own", "merger partner", "merged province")
#: Provinces ranked before and after the 1 July 2025 merger.
RANK_OF = {False: 63, True: 34}
MERGER_MONTH = "2025-07"

_COLUMNS = (
    "index",
    "year",
    "province",
    "score",
    "score_max",
    "rank",
    "rank_of",
    "status",
    "note",
    "source_url",
    "publisher",
)


class ReferenceDataError(ValueError):
    """The national-index file breaks its rules (message names file, line and problem)."""


def source_path() -> Path:
    return paths.reference_dir() / FILE


def _post_merger(year: str) -> bool:
    """A result assessed on or after July 2025 ranks the 34 merged provinces."""
    return len(year) == 7 and year >= MERGER_MONTH


def _input_schema() -> Any:
    pa = pandera()
    text: dict[str, Any] = {"nullable": False, "coerce": True}
    return pa.DataFrameSchema(
        {
            "index": pa.Column(str, pa.Check.isin(list(INDICES)), **text),
            "year": pa.Column(
                str, pa.Check.str_matches(r"^(19|20)\d{2}(-(0[1-9]|1[0-2]))?$"), **text
            ),
            "province": pa.Column(str, pa.Check.str_length(min_value=2), **text),
            "score": pa.Column(float, pa.Check.ge(0), nullable=True, coerce=True),
            "score_max": pa.Column(float, pa.Check.gt(0), nullable=False, coerce=True),
            "rank": pa.Column("Int64", pa.Check.ge(1), nullable=True, coerce=True),
            "rank_of": pa.Column(
                "Int64", pa.Check.isin(list(RANK_OF.values())), nullable=True, coerce=True
            ),
            "status": pa.Column(str, pa.Check.isin(list(STATUSES)), **text),
            "note": pa.Column(str, nullable=True, coerce=True),
            "source_url": pa.Column(str, pa.Check.str_matches(r"^https?://\S+$"), **text),
            "publisher": pa.Column(str, pa.Check.str_length(min_value=2), **text),
        },
        strict=True,
        ordered=True,
        unique=["index", "year", "province"],
    )


def _schema_errors(df: pd.DataFrame, name: str) -> list[str]:
    pa = pandera()

    try:
        with without_pandera_extras():
            _input_schema().validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        out = []
        for case in exc.failure_cases.itertuples():
            idx = case.index
            where = f"line {int(idx) + 2}" if pd.notna(idx) else "header"
            out.append(
                f"{name}: {where}: column {case.column!r}: value {case.failure_case!r} "
                f"fails {case.check}"
            )
        return out
    return []


def _row_errors(row: dict, where: str) -> list[str]:
    """The rules a schema cannot say: bounds, the merger's rank base, inferred needs a note."""
    out = []
    post = _post_merger(str(row["year"]))
    score, top = row["score"], row["score_max"]
    if pd.notna(score) and score > top:
        out.append(f"{where}: score {score:g} exceeds its maximum {top:g}")
    if pd.notna(row["rank"]) and pd.notna(row["rank_of"]) and row["rank"] > row["rank_of"]:
        out.append(f"{where}: rank {row['rank']} is beyond the {row['rank_of']} ranked")
    if pd.notna(row["rank_of"]) and int(row["rank_of"]) != RANK_OF[post]:
        era = "after" if post else "before"
        out.append(
            f"{where}: ranked of {row['rank_of']}, but {era} July 2025 there were "
            f"{RANK_OF[post]} provinces"
        )
    if pd.isna(score) and pd.isna(row["rank"]):
        out.append(f"{where}: neither a score nor a rank")
    if row["status"] == "inferred" and not (isinstance(row["note"], str) and row["note"].strip()):
        out.append(f"{where}: an inferred value must say in 'note' how it was derived")
    try:
        canonical_province(str(row["province"]), post_merger=post)
    except ValueError as exc:
        out.append(f"{where}: {exc}")
    return out


def read_national_indices(path: Path | None = None) -> pd.DataFrame:
    """The raw file, validated; raises :class:`ReferenceDataError` listing every problem."""
    path = path or source_path()
    if not path.exists():
        raise ReferenceDataError(f"{path}: missing (the national-index reference table)")
    df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    if tuple(df.columns) != _COLUMNS:
        raise ReferenceDataError(
            f"{path.name}: header: expected columns {', '.join(_COLUMNS)}; "
            f"found {', '.join(map(str, df.columns))}"
        )
    errors = _schema_errors(df, path.name)
    if not errors:
        with without_pandera_extras():
            df = _input_schema().validate(df)
        for i, row in enumerate(records(df)):
            errors += _row_errors(row, f"{path.name}: line {i + 2}")
    if errors:
        raise ReferenceDataError("\n".join(errors[:20]))
    return df


def _relation(province: str, post: bool) -> tuple[str, str]:
    """(study province, relation) of one row; ('', '') when it concerns none of them."""
    if not post and province in STUDY_PROVINCES:
        return province, "own"
    merged = mergers()
    target = province if post else merged.get(province, "")
    study = [p for p in STUDY_PROVINCES if merged.get(p) == target]
    if not study:
        return "", ""
    return study[0], "merged province" if post else "merger partner"


def _vi_words(path: Path | None = None) -> tuple[Path, dict]:
    from ..safe_yaml import load_yaml

    path = path or paths.reference_dir() / NOTES_VI_FILE
    if not path.exists():
        return path, {}
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise ReferenceDataError(f"{path.name}: expected a mapping with 'notes' and 'publishers'")
    return path, data


def _mapping(path: Path, data: dict, key: str) -> dict[str, str]:
    words = data.get(key)
    if not isinstance(words, dict):
        raise ReferenceDataError(f"{path.name}: expected a {key!r} mapping")
    empty = [str(k) for k, v in words.items() if not str(v or "").strip()]
    if empty:
        raise ReferenceDataError(f"{path.name}: {key}: no Vietnamese words for {empty[0]!r}")
    return {str(k): str(v) for k, v in words.items()}


def notes_vi(path: Path | None = None) -> dict[str, str]:
    """English note → the same note in Vietnamese (``national_notes_vi.yaml``; empty when the
    file is absent)."""
    path, data = _vi_words(path)
    return _mapping(path, data, "notes") if data else {}


def publishers_vi(path: Path | None = None) -> dict[str, str]:
    """Publisher as the reference file names it → the name in the Vietnamese edition
    (``publishers`` of ``national_notes_vi.yaml``; empty when the file is absent)."""
    path, data = _vi_words(path)
    return _mapping(path, data, "publishers") if data else {}


def _publisher_vi(df: pd.DataFrame, path: Path) -> list[str]:
    """``publisher_vi`` of each row (the words file beside ``path``); a publisher that file
    does not list stops the build, naming its line (an English name must not reach the
    Vietnamese edition)."""
    vi = publishers_vi(path.parent / NOTES_VI_FILE)
    name = path.name
    if not vi:
        return list(df["publisher"])
    missing = [(i, p) for i, p in enumerate(df["publisher"]) if p not in vi]
    if missing:
        i, p = missing[0]
        raise ReferenceDataError(
            f"{name}: line {i + 2}: publisher {p!r} has no Vietnamese name in "
            f"{NOTES_VI_FILE} 'publishers' ({len(missing)} row(s) missing one)"
        )
    return [vi[p] for p in df["publisher"]]


def national_table(path: Path | None = None) -> pd.DataFrame:
    """The published ``national_indices`` table: the validated rows (file order kept) plus
    ``note_vi`` (empty for a note :func:`notes_vi` does not translate), ``publisher_vi``,
    ``post_merger``, ``study_province`` and ``relation``. The Vietnamese words are read from
    ``national_notes_vi.yaml`` beside ``path``."""
    path = path or source_path()
    df = read_national_indices(path)
    vi = notes_vi(path.parent / NOTES_VI_FILE)
    df.insert(
        list(df.columns).index("note") + 1,
        "note_vi",
        [vi.get(n, "") if isinstance(n, str) and n else None for n in df["note"]],
    )
    df.insert(
        list(df.columns).index("publisher") + 1,
        "publisher_vi",
        _publisher_vi(df, path),
    )
    post = df["year"].map(_post_merger)
    rel = [_relation(p, m) for p, m in zip(df["province"], post, strict=True)]
    out = df.assign(
        post_merger=post,
        study_province=[r[0] for r in rel],
        relation=[r[1] for r in rel],
    )
    return typed("national_indices", out)
