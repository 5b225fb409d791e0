"""The analysts' review layer: ``data/raw/reference/reviews.csv``.

One row per decision about one fact, keyed by ``report_id``, ``line`` and ``quote`` (the
quote may be the fact's full quote or a unique ending of it, since a quote always ends with
its figure). ``action`` is

* ``accept``  — the extracted row is right (status ``reviewed``);
* ``correct`` — replace the non-empty fields among ``indicator``, ``value``, ``unit``,
  ``scope``, ``qualifier`` (status ``overridden``);
* ``reject``  — not a usable figure (status ``rejected``; kept in facts, never used).

Every row needs a ``reason``. A row that is wrong in itself (bad action, no reason, a
quote that matches several facts, two decisions on one figure, a correction the catalog
refuses) stops the build with an error naming the reviews file row. A row whose figure is no
longer read (the report or the extractor changed, e.g. a rejected look-alike is no longer
taken for a figure) is not applied and never stops the build: it is returned in
:attr:`ReviewOutcome.unmatched`, which the build publishes as an audit warning
(``review_unmatched``) naming the row, so the decision is never silently orphaned. A *new*
decision (``python -m analysis review``) must match a figure.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import paths
from ..storage import write_text
from ..vocabulary import QUALIFIERS, SCOPES, UNITS
from .catalog import Catalog

REVIEW_COLUMNS = (
    "report_id",
    "line",
    "quote",
    "action",
    "indicator",
    "value",
    "unit",
    "scope",
    "qualifier",
    "reason",
    "reviewer",
    "reviewed_on",
)
ACTIONS = {"accept": "reviewed", "correct": "overridden", "reject": "rejected"}


class ReviewError(ValueError):
    """A review row is invalid or points at no fact (message names the row)."""


@dataclass(frozen=True)
class Unmatched:
    """A review row (``row``: its line in the reviews file) whose figure is no longer read."""

    row: int
    review: dict


@dataclass(frozen=True)
class ReviewOutcome:
    facts: pd.DataFrame
    applied: pd.DataFrame  # reviews with the index of the fact each one matched
    unmatched: tuple[Unmatched, ...] = ()


def reviews_path() -> Path:
    return paths.reference_dir() / "reviews.csv"


def load_reviews(path: Path | None = None) -> pd.DataFrame:
    """Read the reviews file (an absent file means no reviews)."""
    path = path or reviews_path()
    if not path.exists():
        return pd.DataFrame(columns=list(REVIEW_COLUMNS), dtype="string")
    try:
        df = pd.read_csv(path, dtype="string", keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise ReviewError(
            f"{path}: not a readable UTF-8 CSV ({exc}); quote fields that contain commas"
        ) from exc
    missing = [c for c in REVIEW_COLUMNS if c not in df.columns]
    if missing:
        raise ReviewError(f"{path.name}: missing column(s) {', '.join(missing)}")
    df.attrs["source"] = path.name
    return df


def apply_reviews(facts: pd.DataFrame, reviews: pd.DataFrame, catalog: Catalog) -> ReviewOutcome:
    """Apply every review to ``facts`` (a copy); raise :class:`ReviewError` on a row that is
    wrong in itself; a row whose figure is no longer read is left out and returned in
    ``unmatched`` (see the module docstring)."""
    source = reviews.attrs.get("source", "reviews.csv")
    out = facts.copy()
    matched = []
    unmatched = []
    seen: dict[int, int] = {}
    for i, rev in enumerate(reviews.to_dict("records"), start=2):
        where = f"{source} row {i} ({rev['report_id']} line {rev['line']})"
        action = rev["action"].strip()
        if action not in ACTIONS:
            raise ReviewError(f"{where}: action {action!r} not in {sorted(ACTIONS)}")
        if not rev["reason"].strip():
            raise ReviewError(f"{where}: a review needs a reason")
        idx = _match(out, rev, where)
        if idx is None:
            unmatched.append(Unmatched(i, {**rev, "action": action}))
            continue
        if idx in seen:
            raise ReviewError(
                f"{where}: the same figure is already reviewed in row {seen[idx]}; "
                "keep one decision per figure"
            )
        seen[idx] = i
        if action == "correct":
            _correct(out, idx, rev, where, catalog)
        out.loc[idx, "status"] = ACTIONS[action]
        matched.append({**rev, "fact_index": idx})
    return ReviewOutcome(out, pd.DataFrame(matched), tuple(unmatched))


def unmatched_message(where: str, quote: str) -> str:
    """What to do about a review whose figure is no longer read."""
    return (
        f"{where}: no fact with this quote any more: {quote!r}. The report or the "
        "extractor changed; update or delete this review."
    )


def _match(facts: pd.DataFrame, rev: dict, where: str) -> int | None:
    """The index of the one fact ``rev`` names; None when no fact has its quote."""
    try:
        line = int(rev["line"])
    except ValueError:
        raise ReviewError(f"{where}: line {rev['line']!r} is not a number") from None
    quote = rev["quote"]
    if not quote:
        raise ReviewError(f"{where}: quote is empty")
    cand = facts[(facts["report_id"] == rev["report_id"]) & (facts["line"] == line)]
    exact = cand.index[cand["quote"] == quote]
    if len(exact) == 1:
        return int(exact[0])
    # a shorter quote must be a whole-word ending: "8%" does not match "91,08%"
    ends = cand.index[
        [
            q.endswith(quote)
            and (
                len(q) == len(quote)
                or not (q[-len(quote) - 1].isalnum() or q[-len(quote) - 1] in ".,")
            )
            for q in cand["quote"]
        ]
    ]
    if len(ends) == 1:
        return int(ends[0])
    if len(ends) == 0:
        return None
    raise ReviewError(f"{where}: quote {quote!r} matches {len(ends)} facts; quote more words")


def _correct(facts: pd.DataFrame, idx: int, rev: dict, where: str, catalog: Catalog) -> None:
    changes = {
        k: rev[k].strip()
        for k in ("indicator", "value", "unit", "scope", "qualifier")
        if rev[k].strip()
    }
    if not changes:
        raise ReviewError(f"{where}: action 'correct' changes nothing")
    if "indicator" in changes:
        if changes["indicator"] not in catalog:
            raise ReviewError(f"{where}: indicator {changes['indicator']!r} is not in the catalog")
        unit = changes.get("unit") or str(facts.loc[idx, "unit"])
        want = catalog[changes["indicator"]].unit
        if {unit, want} != {want} and not {unit, want} <= {"count", "ratio"}:
            raise ReviewError(
                f"{where}: indicator {changes['indicator']!r} is in {want}, the "
                f"figure in {unit}; correct the unit too, or pick another indicator"
            )
    if "scope" in changes and changes["scope"] not in SCOPES:
        raise ReviewError(f"{where}: scope {changes['scope']!r} not in {sorted(SCOPES)}")
    if "qualifier" in changes and changes["qualifier"] not in QUALIFIERS:
        raise ReviewError(
            f"{where}: qualifier {changes['qualifier']!r} not in {sorted(QUALIFIERS)}"
        )
    if "unit" in changes and changes["unit"] not in UNITS:
        raise ReviewError(f"{where}: unit {changes['unit']!r} not in {sorted(UNITS)}")
    if "value" in changes:
        try:
            value = float(changes.pop("value"))
        except ValueError:
            raise ReviewError(f"{where}: value {rev['value']!r} is not a number") from None
        if not math.isfinite(value):
            raise ReviewError(f"{where}: value {rev['value']!r} is not a finite number")
        facts.loc[idx, "value"] = value
    for k, v in changes.items():
        facts.loc[idx, k] = v


def record_reviews(
    new: pd.DataFrame, facts: pd.DataFrame, catalog: Catalog, path: Path | None = None
) -> int:
    """Append the decisions in ``new`` (columns of :data:`REVIEW_COLUMNS`; missing ones
    empty) to the reviews file, after checking every decision, old and new, against
    ``facts`` the way the build does; nothing is written when one fails. Returns the count."""
    path = path or reviews_path()
    new = new.astype("string").fillna("")
    for c in REVIEW_COLUMNS:
        if c not in new.columns:
            new[c] = ""
    new = new[list(REVIEW_COLUMNS)]
    old = load_reviews(path)
    both = pd.concat([old, new], ignore_index=True).astype("string").fillna("")
    both.attrs["source"] = f"{path.name} + new decisions (rows {len(old) + 2}–)"
    outcome = apply_reviews(facts, both, catalog)  # raises ReviewError naming the row
    for miss in outcome.unmatched:  # an old row may have lost its figure; a new one may not
        if miss.row >= len(old) + 2:
            where = f"new decision ({miss.review['report_id']} line {miss.review['line']})"
            raise ReviewError(unmatched_message(where, miss.review["quote"]))
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(new.itertuples(index=False, name=None))
    head = path.read_text(encoding="utf-8") if path.exists() else ",".join(REVIEW_COLUMNS) + "\n"
    if head and not head.endswith("\n"):
        head += "\n"
    write_text(path, head + buf.getvalue())
    return len(new)
