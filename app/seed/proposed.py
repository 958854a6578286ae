"""Proposals in the seed format: ``figures.yaml`` entries and ``coverage.yaml`` skips.

``masdar propose FILE --yaml`` writes what masdar read in an article the way
``data/seed/`` holds curated facts (see data/seed/README.md), for a person to review:
each figure with its subject (the first candidate, or null with a note when none was
named nearby), its quotes (with ``occurrence`` when the words occur more than once) and
a plain English label to rewrite; each number that is no figure as a coverage skip with
the reader's reason. Ranges are listed as comments: a figure holds one value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from app.reading.statements import RANGE
from app.seed.export import _dump
from app.seed.verify import occurrences

NOTE = (
    "# Proposed by masdar from the article's text: review every entry (subject, metric,\n"
    "# label, qualifier) before it goes into data/seed/. Labels are mechanical, not ours yet.\n"
)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:110] or "figure"


def _cite(source_id: str, c: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"source": source_id, "quote": c["quote"]}
    if c.get("occurrence"):
        out["occurrence"] = c["occurrence"]
    out["field"] = c["field"]
    return out


def _num(v: float) -> int | float:
    return int(v) if float(v).is_integer() else v


def _located(text: str, source_id: str, start: int, end: int, reason: str) -> dict[str, Any]:
    quote = text[start:end]
    starts = occurrences(text, quote)
    skip: dict[str, Any] = {"source": source_id, "quote": quote}
    if len(starts) > 1:
        skip["occurrence"] = starts.index(start) + 1
    return skip | {"reason": reason}


def figures_and_skips(
    source_id: str, text: str, rows: list[dict[str, Any]], taken: Iterable[str] = ()
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    """(figure entries, coverage skips, comments for what the format cannot hold)."""
    used = set(taken)
    ids: dict[str, str] = {}
    figures: list[dict[str, Any]] = []
    skips: list[dict[str, Any]] = []
    comments: list[str] = []
    cited: set[tuple[int, int]] = set()
    for p in rows:
        if not p["is_figure"]:
            continue
        if p["qualifier"] == RANGE:
            c = p["citations"][0]
            what = f"a range, {_num(p['value'])}–{_num(p['value_high'])} {p['unit']}"
            comments.append(f"# {what} «{c['quote']}»: record it by hand")
            reason = f"{what}: a figure holds one value (proposed by masdar)"
            skips.append(_located(text, source_id, c["start"], c["end"], reason))
            continue
        base, n = _slug(f"{p['metric'] or 'figure'}-{source_id}"), 1
        fid = base
        while fid in used:
            n += 1
            fid = f"{base}-{n}"
        used.add(fid)
        ids[p["id"]] = fid
        subject = p["subjects"][0] if p["subjects"] else None
        entry: dict[str, Any] = {
            "id": fid,
            "kind": p["kind"],
            "subject": subject["id"] if subject else None,
            "metric": p["metric"],
            "value": _num(p["value"]),
            "unit": p["unit"],
            "qualifier": p["qualifier"],
            "label": f"{(p['metric'] or 'figure').replace('_', ' ').capitalize()}: "
            f"{subject['name'] if subject else 'subject to name'}",
        }
        if p["kind"] == "target":
            entry |= {"target_kind": p["target_kind"], "deadline_year": p["deadline_year"]}
        else:
            entry |= {
                "giver": None,
                "parent": ids.get(p["parent_id"] or ""),
                "period_start_year": p["period_start_year"],
                "period_end_year": p["period_end_year"],
                "per_unit": p["per_unit"],
                "duration_months": p["duration_months"],
            }
        entry["cite"] = [_cite(source_id, c) for c in p["citations"]]
        cited |= {(c["start"], c["end"]) for c in p["citations"]}
        figures.append(entry)
        unit = p["reading"].get("unit_words")
        for m in p["reading"]["mentions"]:
            if unit and unit["start"] <= m["start"] and m["end"] <= unit["end"]:  # في المائة
                reason = f"«{m['text']}» is part of the unit «{unit['text']}» (proposed by masdar)"
                skips.append(_located(text, source_id, unit["start"], unit["end"], reason))
    for p in rows:
        if p["is_figure"]:
            continue
        c = p["citations"][0]
        if any(a <= c["start"] and c["end"] <= b for a, b in cited):
            continue  # a deadline or a period, cited by its figure
        reason = f"{p['not_figure']}: {p['reason']} (proposed by masdar)"
        skips.append(_located(text, source_id, c["start"], c["end"], reason))
    return figures, skips, comments


def to_yaml(
    source_id: str, text: str, rows: list[dict[str, Any]], taken: Iterable[str] = ()
) -> str:
    """The ``figures.yaml`` entries, then the ``coverage.yaml`` skips as a second YAML
    document (``---``)."""
    figures, skips, comments = figures_and_skips(source_id, text, rows, taken)
    missing = [f["id"] for f in figures if f["subject"] is None]
    head = NOTE
    if missing:
        head += f"# no initiative is named near {', '.join(missing)}: fill in `subject`.\n"
    body = _dump(figures) if figures else "[]\n"
    tail = "\n".join(comments) + "\n" if comments else ""
    skipped = _dump(skips) if skips else "[]\n"
    return (
        f"# figures.yaml\n{head}{body}{tail}---\n# coverage.yaml: numbers that are no "
        f"figure\n{skipped}"
    )
