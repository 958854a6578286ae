"""Conflicts: where the knowledge base disagrees with itself, found by rules over the data.

Nothing here is listed by hand. Each rule reads the tables and returns conflicts
with a deterministic id ``<kind>:<key>``, a severity, an English summary, the
records and values involved, the difference and every citation:

- ``sum_mismatch``: a fund total that is not the sum of its components; ``rounding``
  when rounding the sum to the significant digits the article writes the total with
  gives the total (1.27 bn written "1.3" bn).
- ``value_mismatch``: the same subject and metric (and unit) with different values in
  different sources; ``compatible`` when the hedges (up to, at least, about) overlap.
- ``qualifier_mismatch``: the same claim hedged differently by different sources.
- ``unit_mismatch``: the same subject and number counted in different units, when the
  metric is the same or a quote names a territorial division (regions vs provinces).
- ``spelling``: one person, organisation or initiative spelled differently by
  different articles (aliases that differ only by spelling).
- ``date_mismatch``: events that launched, announced, welcomed (or are named after)
  the same initiative, dated more than six months apart.
- ``announcer_mismatch``: different people credited with announcing the same thing.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from difflib import SequenceMatcher
from itertools import combinations
from typing import Any

from sqlalchemy import or_, select
from sqlmodel import Session, SQLModel

from app.errors import NotFound
from app.models.qualifier import Interval, interval, overlap
from app.search.normalize import name_key, normalize, strip_article
from app.seed.numbers import find_numbers
from app.services import embed
from app.services.citations import RECORD_PATHS
from app.services.claims import claim_id, number_text, paginate
from app.services.pages import Page, visible

T = SQLModel.metadata.tables
Row = dict[str, Any]

DATE_GAP_DAYS = 183
"""Dates further apart than about six months disagree."""
SPELLING_SIMILARITY = 0.75


# -- helpers -------------------------------------------------------------------


def _record(rtype: str, rid: str, field_: str | None = None) -> Row:
    path = RECORD_PATHS.get(rtype)
    return {"type": rtype, "id": rid, "field": field_, "url": path.format(rid) if path else None}


def _attributed(rtype: str, rid: str, cites: Iterable[Row]) -> list[Row]:
    return [{**c, "record_type": rtype, "record_id": rid} for c in cites]


def _sorted_citations(cites: list[Row]) -> list[Row]:
    seen: dict[tuple[str, str, str], Row] = {}
    for c in cites:
        seen.setdefault((c["id"], c["record_type"], c["record_id"]), c)
    return sorted(seen.values(), key=lambda c: (c["source_id"], c["start"], c["id"]))


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.4g}"


def _conflict(
    kind: str,
    key: str,
    *,
    severity: str,
    summary: str,
    rule: str,
    records: list[Row],
    values: list[Row],
    citations: list[Row],
    difference: Row | None = None,
) -> Row:
    cid = f"{kind}:{key}"
    return {
        "id": cid,
        "kind": kind,
        "severity": severity,
        "summary": summary,
        "rule": rule,
        "records": records,
        "values": values,
        "difference": difference,
        "citations": _sorted_citations(citations),
        "url": f"/v1/conflicts/{cid}",
    }


# -- figures -------------------------------------------------------------------


@dataclass
class Fig:
    id: str
    kind: str
    subject: str
    subject_name: str
    metric: str
    value: float
    unit: str
    qualifier: str | None
    label: str
    derived: bool
    formula: str | None
    parent_id: str | None
    cites: list[Row] = field(default_factory=list)
    inputs: list[str] = field(default_factory=list)

    @property
    def sources(self) -> list[str]:
        return sorted({c["source_id"] for c in self.cites})

    def value_row(self) -> Row:
        return {
            "record": _record("figure", self.id),
            "value": self.value,
            "unit": self.unit,
            "qualifier": self.qualifier,
            "label": self.label,
            "sources": self.sources,
        }

    def citations(self) -> list[Row]:
        return _attributed("figure", self.id, self.cites)

    def interval(self) -> Interval:
        """The values the figure allows, given its hedge."""
        return interval(self.value, self.qualifier)


def _related_ids(session: Session, ids: list[str]) -> list[str]:
    """The figures the rules compare with ``ids``: the same subject and metric (value and
    hedge rules), the same subject and number (unit rule), fund parents and siblings (sum
    rule) and the inputs of derived figures. Index-backed: (subject_id, metric, ...)."""
    f, fu, fi = T["figure"].c, T["fund"].c, T["figure_input"].c
    page = session.execute(
        select(f.id, f.subject_id, f.metric, f.value, fu.parent_id)
        .select_from(T["figure"].outerjoin(T["fund"], fu.figure_id == f.id))
        .where(f.id.in_(ids))
    ).all()
    if not page:
        return []
    by_subject: dict[str, tuple[set[str], set[float]]] = defaultdict(lambda: (set(), set()))
    for _, subject, metric, value, _ in page:
        by_subject[subject][0].add(metric)
        by_subject[subject][1].add(value)
    same = or_(
        *(
            (f.subject_id == subject) & (f.metric.in_(metrics) | f.value.in_(values))
            for subject, (metrics, values) in by_subject.items()
        )
    )
    parents = [p for *_, p in page if p is not None]
    related = set(ids) | set(parents)
    related |= set(session.scalars(select(f.id).where(same)))
    related |= set(
        session.scalars(select(fu.figure_id).where(fu.parent_id.in_(parents + list(ids))))
    )
    related |= set(session.scalars(select(fi.input_id).where(fi.derived_id.in_(ids))))
    return sorted(related)


def load_figures(session: Session, *, around: list[str] | None = None) -> list[Fig]:
    """Figures with their fund parent, citations and inputs, in one query.

    Without ``around``: every figure (the conflict list). With ``around`` (a page of
    figure ids): only what the rules need to judge those figures — figures about the
    same subjects, their fund parents and siblings, and the inputs of derived ones —
    so a page costs the same however large the knowledge base grows.
    """
    f, fu, i, fi, c = (T[n] for n in ("figure", "fund", "initiative", "figure_input", "citation"))
    cite_cols = [c.c[n].label(f"c_{n}") for n in embed.CITATION_COLUMNS]
    stmt = (
        select(
            f,
            fu.c.parent_id,
            i.c.name.label("subject_name"),
            fi.c.input_id,
            fi.c.position,
            *cite_cols,
        )
        .join(i, i.c.id == f.c.subject_id)
        .outerjoin(fu, fu.c.figure_id == f.c.id)
        .outerjoin(fi, fi.c.derived_id == f.c.id)
        .outerjoin(c, (c.c.record_type == "figure") & (c.c.record_id == f.c.id))
        .where(*visible(f))  # retracted figures take part in no rule
        .order_by(f.c.id, fi.c.position, c.c.source_id, c.c.start, c.c.id)
    )
    if around is not None:
        stmt = stmt.where(f.c.id.in_(_related_ids(session, around)))
    figs: dict[str, Fig] = {}
    for r in session.execute(stmt).mappings():
        fig = figs.get(r["id"])
        if fig is None:
            fig = figs[r["id"]] = Fig(
                id=r["id"],
                kind=r["kind"],
                subject=r["subject_id"],
                subject_name=r["subject_name"],
                metric=r["metric"],
                value=float(r["value"]),
                unit=r["unit"],
                qualifier=r["qualifier"],
                label=r["label"],
                derived=bool(r["derived"]),
                formula=r["formula"],
                parent_id=r["parent_id"],
            )
        if r["input_id"] is not None and r["input_id"] not in fig.inputs:
            fig.inputs.append(r["input_id"])
        if r["c_id"] is not None and all(x["id"] != r["c_id"] for x in fig.cites):
            fig.cites.append({n: r[f"c_{n}"] for n in embed.CITATION_COLUMNS})
    return list(figs.values())


def significant_digits(number: str) -> int:
    """Significant digits of a number as written: ``"1.3"`` → 2, ``"750"`` → 2, ``"1,200"`` → 2."""
    digits = "".join(
        str(int(ch)) if ch.isdigit() else ch for ch in number if ch.isdigit() or ch in ".٫"
    )
    if "." in digits or "٫" in digits:
        return len(digits.replace(".", "").replace("٫", "").lstrip("0")) or 1
    return len(digits.lstrip("0").rstrip("0")) or 1


_DIGITS = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9][0-9\u0660-\u0669\u06f0-\u06f9.,٫٬]*")


def stated_precision(fig: Fig) -> tuple[str, int] | None:
    """The number the article writes for ``fig`` (in digits) and its significant digits."""
    for c in fig.cites:
        if c.get("field") not in (None, "value"):
            continue
        for m in find_numbers(c["quote"]):
            if any(math.isclose(v, fig.value, rel_tol=1e-9) for v in m.values):
                found = _DIGITS.search(m.text)
                if found:
                    written = found.group().rstrip(".,٫٬")
                    return written, significant_digits(written)
    return None


def round_significant(value: float, digits: int) -> float:
    if value == 0:
        return 0.0
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))


def _overlap(figs: Iterable[Fig]) -> bool:
    return overlap([f.interval() for f in figs])


def sum_mismatches(figs: list[Fig]) -> list[Row]:
    by_id = {f.id: f for f in figs}
    children: dict[str, list[Fig]] = defaultdict(list)
    for f in figs:
        if f.parent_id in by_id:
            children[f.parent_id].append(f)
    out = []
    for total_id, parts in sorted(children.items()):
        total = by_id[total_id]
        if any(p.unit != total.unit for p in parts):
            continue
        out.extend(_sum_mismatch(total, sorted(parts, key=lambda p: (-p.value, p.id)), figs))
    return out


def _sum_mismatch(total: Fig, parts: list[Fig], figs: list[Fig]) -> list[Row]:
    parts_sum = math.fsum(p.value for p in parts)
    diff = total.value - parts_sum
    if math.isclose(diff, 0, abs_tol=1e-6 * max(total.value, 1)):
        return []
    relative = abs(diff) / max(total.value, parts_sum)
    precision = stated_precision(total)
    if precision and math.isclose(
        round_significant(parts_sum, precision[1]), total.value, rel_tol=1e-9
    ):
        severity = "rounding"
        why = (
            f"rounding the sum to the {precision[1]} significant digits the article "
            f"writes the total with (\u201c{precision[0]}\u201d) gives the total"
        )
    elif parts_sum in total.interval():
        severity, why = "compatible", f"the total is hedged ({total.qualifier})"
    else:
        severity = "contradiction"
        why = "rounding at the precision the article writes does not explain the gap"
    unit = total.unit
    summary = (
        f"{total.subject_name}: the total {_fmt(total.value)} {unit} is not the sum of its "
        f"{len(parts)} components ({' + '.join(_fmt(p.value) for p in parts)} = "
        f"{_fmt(parts_sum)} {unit}); the gap is {_fmt(abs(diff))} {unit} "
        f"({relative:.1%}): {why}."
    )
    derived = [
        f
        for f in figs
        if f.derived and f.formula == "sum" and set(f.inputs) == {p.id for p in parts}
    ]
    records = [_record("figure", total.id)] + [_record("figure", p.id) for p in parts]
    records += [_record("figure", d.id) for d in derived]
    values = [total.value_row()] + [p.value_row() for p in parts]
    values += [
        {**d.value_row(), "sources": sorted({s for p in parts for s in p.sources})} for d in derived
    ]
    cites = total.citations() + [c for p in parts for c in p.citations()]
    return [
        _conflict(
            "sum_mismatch",
            total.id,
            severity=severity,
            summary=summary,
            rule="a fund total differs from the sum of its components",
            records=records,
            values=values,
            citations=cites,
            difference={
                "absolute": diff,
                "relative": round(relative, 6),
                "unit": unit,
                "note": f"total minus the sum of the components ({why})",
            },
        )
    ]


def _stated(figs: list[Fig]) -> list[Fig]:
    return [f for f in figs if not f.derived]


def value_mismatches(figs: list[Fig]) -> list[Row]:
    groups: dict[tuple[str, str, str], list[Fig]] = defaultdict(list)
    for f in _stated(figs):
        groups[(f.subject, f.metric, f.unit)].append(f)
    out = []
    for (subject, metric, unit), members in sorted(groups.items()):
        by_value: dict[float, list[Fig]] = defaultdict(list)
        for f in members:
            by_value[f.value].append(f)
        for a, b in combinations(sorted(by_value), 2):
            fa, fb = by_value[a], by_value[b]
            if len({s for f in fa + fb for s in f.sources}) < 2:
                continue  # one article states both: not a disagreement between sources
            out.append(_value_mismatch(subject, metric, unit, a, b, fa, fb))
    return out


def _value_mismatch(
    subject: str, metric: str, unit: str, a: float, b: float, fa: list[Fig], fb: list[Fig]
) -> Row:
    severity = "compatible" if _overlap(fa + fb) else "contradiction"
    name = fa[0].subject_name

    def side(fs: list[Fig], v: float) -> str:
        srcs = ", ".join(sorted({s for f in fs for s in f.sources}))
        hedges = sorted({f.qualifier for f in fs if f.qualifier})
        return f"{_fmt(v)} {unit}" + (f" ({', '.join(hedges)})" if hedges else "") + f" in {srcs}"

    summary = f"{name}, {metric.replace('_', ' ')}: {side(fa, a)} vs {side(fb, b)}" + (
        "; the hedges overlap." if severity == "compatible" else "."
    )
    return _conflict(
        "value_mismatch",
        f"{subject}:{metric}:{unit}:{number_text(a)}:{number_text(b)}",
        severity=severity,
        summary=summary,
        rule="the same subject and metric have different values in different sources",
        records=[_record("figure", f.id) for f in fa + fb],
        values=[f.value_row() for f in fa + fb],
        citations=[c for f in fa + fb for c in f.citations()],
        difference={"absolute": b - a, "relative": round((b - a) / b, 6), "unit": unit},
    )


def qualifier_mismatches(figs: list[Fig]) -> list[Row]:
    groups: dict[str, list[Fig]] = defaultdict(list)
    for f in _stated(figs):
        groups[claim_id(f.subject, f.metric, f.value, f.unit)].append(f)
    out = []
    for cid, members in sorted(groups.items()):
        per_source: dict[str, set[str]] = defaultdict(set)
        for f in members:
            for s in f.sources:
                per_source[s].add(f.qualifier or "none")
        if len(per_source) < 2 or len({frozenset(q) for q in per_source.values()}) < 2:
            continue
        said = "; ".join(f"{s}: {' and '.join(sorted(q))}" for s, q in sorted(per_source.items()))
        first = members[0]
        out.append(
            _conflict(
                "qualifier_mismatch",
                cid,
                severity="compatible",
                summary=(
                    f"{first.subject_name}, {first.metric.replace('_', ' ')} "
                    f"{_fmt(first.value)} {first.unit}: the articles hedge it differently "
                    f"({said})."
                ),
                rule="the same claim is hedged differently by different sources",
                records=[_record("figure", f.id) for f in members],
                values=[f.value_row() for f in members],
                citations=[c for f in members for c in f.citations()],
            )
        )
    return out


TERRITORIES = {
    "region": ("جهه", "جهات"),
    "province": ("اقليم", "اقاليم"),
    "prefecture": ("عماله", "عمالات"),
}
"""Morocco's territorial divisions, as normalised words (الجهات → جهات)."""


def territories(text: str) -> set[str]:
    words = {strip_article(t) for t in normalize(text).split()}
    return {name for name, forms in TERRITORIES.items() if words & set(forms)}


def unit_mismatches(figs: list[Fig]) -> list[Row]:
    groups: dict[tuple[str, float], list[Fig]] = defaultdict(list)
    for f in _stated(figs):
        groups[(f.subject, f.value)].append(f)
    out = []
    for (subject, value), members in sorted(groups.items()):
        for fa, fb in combinations(members, 2):
            if fa.unit == fb.unit or set(fa.sources) == set(fb.sources):
                continue
            ta = set().union(*(territories(c["quote"]) for c in fa.cites))
            tb = set().union(*(territories(c["quote"]) for c in fb.cites))
            if fa.metric != fb.metric and not (ta or tb):
                continue
            out.append(_unit_mismatch(subject, value, fa, fb, ta, tb))
    return out


def _unit_mismatch(subject: str, value: float, fa: Fig, fb: Fig, ta: set[str], tb: set[str]) -> Row:
    fa, fb = sorted((fa, fb), key=lambda f: f.unit)
    ta, tb = (ta, tb) if fa.unit <= fb.unit else (tb, ta)
    differ = bool(ta and tb and ta != tb)

    def side(f: Fig, t: set[str]) -> str:
        where = f"; the quote names {'/'.join(sorted(t))}s" if t else ""
        return f"{_fmt(value)} {f.unit} ({', '.join(f.sources)}{where})"

    summary = f"{fa.subject_name}: {side(fa, ta)} vs {side(fb, tb)}"
    summary += (
        f"; the articles name different territorial divisions "
        f"({', '.join(sorted(ta))} vs {', '.join(sorted(tb))})."
        if differ
        else "; the same number is counted in different units."
    )
    return _conflict(
        "unit_mismatch",
        f"{subject}:{number_text(value)}:{fa.unit}:{fb.unit}",
        severity="contradiction" if differ else "informational",
        summary=summary,
        rule="the same subject and number in different units (or territorial divisions)",
        records=[_record("figure", fa.id), _record("figure", fb.id)],
        values=[
            {**fa.value_row(), "label": f"{fa.label} [{', '.join(sorted(ta)) or '-'}]"},
            {**fb.value_row(), "label": f"{fb.label} [{', '.join(sorted(tb)) or '-'}]"},
        ],
        citations=fa.citations() + fb.citations(),
        difference={
            "note": "units: "
            + f"{fa.unit} vs {fb.unit}"
            + (f"; divisions: {', '.join(sorted(ta))} vs {', '.join(sorted(tb))}" if differ else "")
        },
    )


FIGURE_RULES: tuple[Callable[[list[Fig]], list[Row]], ...] = (
    sum_mismatches,
    value_mismatches,
    qualifier_mismatches,
    unit_mismatches,
)


# -- names ---------------------------------------------------------------------

NAMED = ("person", "partner", "initiative")


def _is_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def spelling_variant(a: str, b: str) -> bool:
    """Two names that differ only by the spelling of some words (سغروتشني/السغروشني),
    not by different words (الحوسبة السحابية / السحابة الوطنية)."""
    ta, tb = name_key(a).split(), name_key(b).split()
    if len(ta) != len(tb) or ta == tb or _is_arabic(a) != _is_arabic(b):
        return False
    return all(x == y or _similar(x, y) for x, y in zip(ta, tb, strict=True))


def spelling_conflicts(session: Session) -> list[Row]:
    a = T["alias"].c
    rows = (
        session.execute(
            select(a.record_type, a.record_id, a.text, a.source_id)
            .where(a.source_id.is_not(None), a.record_type.in_(NAMED))
            .order_by(a.record_type, a.record_id, a.id)
        )
        .mappings()
        .all()
    )
    by_record: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for r in rows:
        by_record[(r["record_type"], r["record_id"])].append(dict(r))
    out = []
    for (rtype, rid), aliases in sorted(by_record.items()):
        variants = _variant_aliases(aliases)
        if variants:
            out.append((rtype, rid, variants))
    if not out:
        return []
    names = {
        rt: embed.by_ids(session, rt, {rid for t, rid, _ in out if t == rt}, "name") for rt in NAMED
    }
    cites = _name_citations(session, out)
    return [
        _spelling(
            rtype,
            rid,
            names[rtype].get(rid, {}).get("name", rid),
            variants,
            cites.get((rtype, rid), []),
        )
        for rtype, rid, variants in out
    ]


def _similar(x: str, y: str) -> bool:
    return SequenceMatcher(None, x, y).ratio() >= SPELLING_SIMILARITY


def _variant_aliases(aliases: list[Row]) -> list[Row]:
    """The spellings of a record's name, by source, when two sources spell it differently."""
    differing: set[str] = set()
    for x, y in combinations(aliases, 2):
        if x["source_id"] != y["source_id"] and spelling_variant(x["text"], y["text"]):
            kx, ky = name_key(x["text"]).split(), name_key(y["text"]).split()
            differing |= {t for a, b in zip(kx, ky, strict=True) if a != b for t in (a, b)}
    merged: dict[str, set[str]] = defaultdict(set)
    for r in aliases:
        if any(_similar(t, d) for t in name_key(r["text"]).split() for d in differing):
            merged[r["text"]].add(r["source_id"])
    return [
        {"text": t, "sources": sorted(s)}
        for t, s in sorted(merged.items(), key=lambda kv: (min(kv[1]), kv[0]))
    ]


def _name_citations(
    session: Session, found: list[tuple[str, str, list[Row]]]
) -> dict[tuple[str, str], list[Row]]:
    """Citations of a named record (and of its roles and event parts) that write a variant."""
    c = T["citation"].c
    owners: dict[tuple[str, str], tuple[str, str]] = {}
    for rtype, rid, _ in found:
        owners[(rtype, rid)] = (rtype, rid)
    sub = {
        "person": (("person_role", "person_id"), ("event_participant", "person_id")),
        "partner": (("event_participant", "partner_id"),),
        "initiative": (
            ("initiative_partner", "initiative_id"),
            ("event_initiative", "initiative_id"),
        ),
    }
    for rtype, rid, _ in found:
        for table, col in sub[rtype]:
            for sid in session.scalars(select(T[table].c.id).where(T[table].c[col] == rid)):
                owners[(table, sid)] = (rtype, rid)
    rows = (
        session.execute(
            T["citation"]
            .select()
            .where(c.record_id.in_([k[1] for k in owners]))
            .order_by(c.source_id, c.start, c.id)
        )
        .mappings()
        .all()
    )
    variants = {(rt, rid): vs for rt, rid, vs in found}
    out: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for r in rows:
        owner = owners.get((r["record_type"], r["record_id"]))
        if owner is None:
            continue
        if any(v["text"] in r["quote"] and r["source_id"] in v["sources"] for v in variants[owner]):
            out[owner].append(
                {k: r[k] for k in (*embed.CITATION_COLUMNS, "record_type", "record_id")}
            )
    return out


def _spelling(rtype: str, rid: str, name: str, variants: list[Row], cites: list[Row]) -> Row:
    said = "; ".join(f"\u201c{v['text']}\u201d ({', '.join(v['sources'])})" for v in variants)
    return _conflict(
        "spelling",
        f"{rtype}:{rid}",
        severity="informational",
        summary=f"{name} is spelled differently by different articles: {said}.",
        rule="aliases of one record that differ only in spelling, written by different sources",
        records=[_record(rtype, rid)],
        values=[
            {"record": _record(rtype, rid, "alias"), "value": v["text"], "sources": v["sources"]}
            for v in variants
        ],
        citations=cites,
    )


# -- events --------------------------------------------------------------------

DATED_RELATIONS = ("launched", "welcomed", "announced", "named_after")
_YEAR = re.compile(r"(?<![0-9٠-٩])([12][0-9]{3}|[١٢][٠-٩]{3})(?![0-9٠-٩])")
_WEEKDAYS = {
    normalize(d)
    for d in ("الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
}


def _month_window(year: int, month: int) -> tuple[date, date]:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return date(year, month, 1), nxt - timedelta(days=1)


def _text_year(text: str) -> int | None:
    found = _YEAR.search(text)
    return int(found.group(1).translate(_EASTERN)) if found else None


_EASTERN = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")

Window = tuple[date | None, date | None, str]


def event_window(ev: Row) -> Window:
    """The dates an event can have: (earliest, latest, how we know). ``None`` is unbounded.

    ``happened_on`` when known; else ``happened_year`` (or a year written in
    ``date_text_ar``) with ``happened_month`` or the precision (``mid_year``:
    April–September); a month without a year is its last occurrence before
    ``not_after`` ("last July"); a weekday ("on Monday") is the week before
    ``not_after`` (the page date).
    """
    text = ev.get("date_text_ar") or ""
    day: date | None = ev.get("happened_on")
    if day is not None:
        return day, day, "happened_on"
    year: int | None = ev.get("happened_year") or _text_year(text)
    month: int | None = ev.get("happened_month")
    not_after: date | None = ev.get("not_after")
    if year is None and month is not None and not_after is not None:
        year = not_after.year - (month > not_after.month)
    if year is not None and month is not None:
        return (*_month_window(year, month), f"{year}-{month:02d}")
    if year is not None:
        if ev.get("date_precision") == "mid_year":
            return date(year, 4, 1), date(year, 9, 30), f"mid-{year}"
        return date(year, 1, 1), date(year, 12, 31), str(year)
    if not_after is not None:
        if set(normalize(text).split()) & _WEEKDAYS:
            return not_after - timedelta(days=7), not_after, "a weekday before the page date"
        return None, not_after, "not after the page date"
    return None, None, "undated"


def _gap_days(a: tuple[date | None, date | None], b: tuple[date | None, date | None]) -> int:
    gaps = [0]
    if a[0] is not None and b[1] is not None:
        gaps.append((a[0] - b[1]).days)
    if b[0] is not None and a[1] is not None:
        gaps.append((b[0] - a[1]).days)
    return max(gaps)


@dataclass
class EventData:
    events: dict[str, Row]
    links: list[Row]
    """event_initiative rows (plus implicit ``named_after`` links), with citations."""
    participants: list[Row]
    initiative_names: dict[str, str]


def load_events(session: Session) -> EventData:
    ev, ei, ep = T["event"], T["event_initiative"], T["event_participant"]
    events = {r["id"]: dict(r) for r in session.execute(ev.select()).mappings()}
    links = [dict(r) for r in session.execute(ei.select().order_by(ei.c.id)).mappings()]
    parts = [
        dict(r)
        for r in session.execute(
            select(ep, T["person"].c.name.label("person_name"))
            .join(T["person"], T["person"].c.id == ep.c.person_id)
            .order_by(ep.c.id)
        ).mappings()
    ]
    ecites = embed.citations(session, "event", list(events))
    for e in events.values():
        e["cites"] = _attributed("event", e["id"], ecites.get(e["id"], []))
    for rtype, rows in (("event_initiative", links), ("event_participant", parts)):
        cites = embed.citations(session, rtype, [r["id"] for r in rows])
        for r in rows:
            r["cites"] = _attributed(rtype, r["id"], cites.get(r["id"], []))
    ini = T["initiative"].c
    names = {r.id: r.name for r in session.execute(select(ini.id, ini.name))}
    links += _named_after(session, events, {x["event_id"] + x["initiative_id"] for x in links})
    return EventData(events, links, parts, names)


def _named_after(session: Session, events: dict[str, Row], linked: set[str]) -> list[Row]:
    """An event whose name contains an initiative's name (as an article writes it) is an
    event of that initiative: the "AI Made in Morocco" day and the initiative of that name."""
    a, ini = T["alias"].c, T["initiative"].c
    names = [
        (r.record_id, r.text)
        for r in session.execute(select(a.record_id, a.text).where(a.record_type == "initiative"))
    ]
    names += [(r.id, r.name_ar) for r in session.execute(select(ini.id, ini.name_ar)) if r.name_ar]
    out = []
    for e in events.values():
        keys = [f" {name_key(n)} " for n in (e["name"], e.get("name_ar")) if n]
        for iid in sorted(
            {
                iid
                for iid, text in names
                if len(name_key(text)) >= 10 and any(f" {name_key(text)} " in k for k in keys)
            }
        ):
            if e["id"] + iid not in linked:
                out.append(
                    {
                        "id": f"{e['id']}--{iid}--named_after",
                        "event_id": e["id"],
                        "initiative_id": iid,
                        "relation": "named_after",
                        "cites": [],
                    }
                )
    return out


def date_conflicts(data: EventData) -> list[Row]:
    by_initiative: dict[str, list[Row]] = defaultdict(list)
    for link in data.links:
        if link["relation"] in DATED_RELATIONS:
            by_initiative[link["initiative_id"]].append(link)
    out = []
    for iid, links in sorted(by_initiative.items()):
        for x, y in combinations(sorted(links, key=lambda r: r["event_id"]), 2):
            if x["event_id"] == y["event_id"]:
                continue
            ex, ey = data.events[x["event_id"]], data.events[y["event_id"]]
            wx, wy = event_window(ex), event_window(ey)
            gap = _gap_days(wx[:2], wy[:2])
            if gap > DATE_GAP_DAYS:
                out.append(
                    _date_conflict(iid, data.initiative_names[iid], (x, ex, wx), (y, ey, wy), gap)
                )
    return out


def _window_text(w: Window) -> str:
    lo, hi, basis = w
    span = f"{lo.isoformat() if lo else '..'}/{hi.isoformat() if hi else '..'}"
    return f"{span} ({basis})"


Side = tuple[Row, Row, Window]


def _date_conflict(iid: str, name: str, a: Side, b: Side, gap: int) -> Row:
    a, b = sorted((a, b), key=lambda s: s[2][1] or date.max)
    (la, ea, wa), (lb, eb, wb) = a, b
    severity = "contradiction" if lb["relation"] == "launched" else "informational"

    def srcs(link: Row, ev: Row) -> list[str]:
        return sorted({c["source_id"] for c in link["cites"] + ev["cites"]})

    summary = (
        f"{name}: {la['relation'].replace('_', ' ')} at \u201c{ea['name']}\u201d "
        f"({_window_text(wa)}; {', '.join(srcs(la, ea))}) but {lb['relation'].replace('_', ' ')} "
        f"at \u201c{eb['name']}\u201d ({_window_text(wb)}; {', '.join(srcs(lb, eb))}): "
        f"at least {gap} days apart."
    )
    date_fields = {"happened_on", "not_after", "date_text_ar", None}
    cites = [
        c
        for link, ev, _ in (a, b)
        for c in link["cites"] + [c for c in ev["cites"] if c.get("field") in date_fields]
    ]
    return _conflict(
        "date_mismatch",
        f"{iid}:{ea['id']}:{eb['id']}",
        severity=severity,
        summary=summary,
        rule="events that begin, announce or welcome one initiative are dated > 6 months apart",
        records=[
            _record("initiative", iid),
            _record("event", ea["id"]),
            _record("event", eb["id"]),
        ],
        values=[
            {
                "record": _record("event", ev["id"], "happened_on"),
                "value": _window_text(w).split(" ")[0],
                "label": f"{link['relation']}: {ev.get('date_text_ar') or w[2]}",
                "sources": srcs(link, ev),
            }
            for link, ev, w in (a, b)
        ],
        citations=cites,
        difference={"days": gap, "note": "least number of days between the two date windows"},
    )


def announcer_conflicts(data: EventData) -> list[Row]:
    announced = defaultdict(list)
    for link in data.links:
        if link["relation"] == "announced":
            announced[link["initiative_id"]].append(link)
    out = []
    for iid, links in sorted(announced.items()):
        event_ids = {x["event_id"] for x in links}
        people = [
            p for p in data.participants if p["event_id"] in event_ids and p["role"] == "announced"
        ]
        if len({p["person_id"] for p in people}) < 2:
            continue
        out.append(_announcer(iid, data.initiative_names[iid], links, people))
    return out


def _announcer(iid: str, name: str, links: list[Row], people: list[Row]) -> Row:
    by_person: dict[str, list[Row]] = defaultdict(list)
    for p in people:
        by_person[p["person_id"]].append(p)

    def srcs(ps: list[Row]) -> list[str]:
        return sorted({c["source_id"] for p in ps for c in p["cites"]})

    said = "; ".join(f"{ps[0]['person_name']} ({', '.join(srcs(ps))})" for ps in by_person.values())
    event_ids = {p["event_id"] for p in people}
    return _conflict(
        "announcer_mismatch",
        iid,
        severity="contradiction",
        summary=f"{name}: different people are credited with announcing it: {said}.",
        rule="different people hold the 'announced' role at events announcing one initiative",
        records=[_record("initiative", iid)]
        + [_record("person", pid) for pid in by_person]
        + [_record("event", e) for e in sorted(event_ids)],
        values=[
            {
                "record": _record("person", pid),
                "value": ps[0]["person_name"],
                "label": "announced at " + ", ".join(sorted({p["event_id"] for p in ps})),
                "sources": srcs(ps),
            }
            for pid, ps in by_person.items()
        ],
        citations=[c for p in people for c in p["cites"]]
        + [c for x in links if x["event_id"] in event_ids for c in x["cites"]],
    )


# -- entry points --------------------------------------------------------------


def all_conflicts(session: Session) -> list[Row]:
    figs = load_figures(session)
    found = [c for rule in FIGURE_RULES for c in rule(figs)]
    found += spelling_conflicts(session)
    events = load_events(session)
    found += date_conflicts(events) + announcer_conflicts(events)
    return sorted(found, key=lambda c: c["id"])


def list_conflicts(
    session: Session,
    *,
    kind: str | None = None,
    severity: str | None = None,
    record: str | None = None,
    after: str | None,
    limit: int,
) -> Page:
    items = [
        c
        for c in all_conflicts(session)
        if (kind is None or c["kind"] == kind)
        and (severity is None or c["severity"] == severity)
        and (record is None or any(r["id"] == record for r in c["records"]))
    ]
    return paginate(items, after=after, limit=limit)


def get_conflict(session: Session, conflict_id: str) -> Row:
    for c in all_conflicts(session):
        if c["id"] == conflict_id:
            return c
    raise NotFound(f"No conflict with id {conflict_id!r}.")


def figure_conflicts(session: Session, figs: list[Fig] | None = None) -> list[Row]:
    """Only the rules over figures (one query, or none when ``figs`` is given)."""
    figs = load_figures(session) if figs is None else figs
    return [c for rule in FIGURE_RULES for c in rule(figs)]


def conflict_ids_by_figure(figs: list[Fig], ids: Iterable[str]) -> dict[str, list[str]]:
    wanted = set(ids)
    out: dict[str, list[str]] = {i: [] for i in wanted}
    for c in (c for rule in FIGURE_RULES for c in rule(figs)):
        for r in c["records"]:
            if r["type"] == "figure" and r["id"] in wanted and c["id"] not in out[r["id"]]:
                out[r["id"]].append(c["id"])
    return out
