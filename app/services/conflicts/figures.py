"""The figures the rules compare: values, hedges, when they apply, and their quotes."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from sqlalchemy import or_, select
from sqlmodel import Session, SQLModel

from app.models.qualifier import Interval, interval, overlap, phrase, written_precision
from app.seed.numbers import find_numbers
from app.services import embed
from app.services.conflicts.vocabulary import (
    ConflictClass,
    Row,
    attributed,
    record,
    sources_text,
)
from app.services.pages import visible

T = SQLModel.metadata.tables


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
    deadline_year: int | None = None
    period: tuple[int | None, int | None] = (None, None)
    cites: list[Row] = field(default_factory=list)
    inputs: list[str] = field(default_factory=list)

    @property
    def sources(self) -> list[str]:
        return sorted({c["source_id"] for c in self.cites})

    def value_row(self) -> Row:
        return {
            "record": record("figure", self.id),
            "value": self.value,
            "unit": self.unit,
            "qualifier": self.qualifier,
            "label": self.label,
            "sources": self.sources,
        }

    def citations(self) -> list[Row]:
        return attributed("figure", self.id, self.cites)

    def interval(self) -> Interval:
        """The values the figure allows, given its hedge."""
        return interval(self.value, self.qualifier)

    def precise(self) -> Interval:
        """The values it allows at the precision the article writes: an unhedged "500"
        stands for anything that rounds to it; a hedge keeps its own interval."""
        if self.qualifier is not None:
            return self.interval()
        written = stated_precision(self)
        return written_precision(self.value, written[2]) if written else self.interval()

    @property
    def years(self) -> tuple[float, float] | None:
        """The years the figure is about (its deadline, or its fund period; an open end is
        infinite), or None when the article does not say."""
        if self.deadline_year is not None:
            return self.deadline_year, self.deadline_year
        start, end = self.period
        if start is None and end is None:
            return None
        return (start if start is not None else -math.inf), (end if end is not None else math.inf)

    def quote(self) -> str:
        """The figure's value as its article writes it: «…»."""
        c = next((c for c in self.cites if c.get("field") in (None, "value")), None)
        return f"«{c['quote']}»" if c else self.id


def different_times(a: Fig, b: Fig) -> bool:
    """Both say when, and the times do not meet (a deadline of 2029 vs one of 2030)."""
    ya, yb = a.years, b.years
    if ya is None or yb is None:
        return False
    return ya[1] < yb[0] or yb[1] < ya[0]


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
    f, fu, tg, i, fi, c = (
        T[n] for n in ("figure", "fund", "target", "initiative", "figure_input", "citation")
    )
    cite_cols = [c.c[n].label(f"c_{n}") for n in embed.CITATION_COLUMNS]
    stmt = (
        select(
            f,
            fu.c.parent_id,
            fu.c.period_start_year,
            fu.c.period_end_year,
            tg.c.deadline_year,
            i.c.name.label("subject_name"),
            fi.c.input_id,
            fi.c.position,
            *cite_cols,
        )
        .join(i, i.c.id == f.c.subject_id)
        .outerjoin(fu, fu.c.figure_id == f.c.id)
        .outerjoin(tg, tg.c.figure_id == f.c.id)
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
                deadline_year=r["deadline_year"],
                period=(r["period_start_year"], r["period_end_year"]),
            )
        if r["input_id"] is not None and r["input_id"] not in fig.inputs:
            fig.inputs.append(r["input_id"])
        if r["c_id"] is not None and all(x["id"] != r["c_id"] for x in fig.cites):
            fig.cites.append({n: r[f"c_{n}"] for n in embed.CITATION_COLUMNS})
    return list(figs.values())


def stated(figs: list[Fig]) -> list[Fig]:
    """The figures an article states (derived ones are masdar's computations)."""
    return [f for f in figs if not f.derived]


def significant_digits(number: str) -> int:
    """Significant digits of a number as written: ``"1.3"`` → 2, ``"750"`` → 2, ``"1,200"`` → 2."""
    digits = "".join(
        str(int(ch)) if ch.isdigit() else ch for ch in number if ch.isdigit() or ch in ".٫"
    )
    if "." in digits or "٫" in digits:
        return len(digits.replace(".", "").replace("٫", "").lstrip("0")) or 1
    return len(digits.lstrip("0").rstrip("0")) or 1


_DIGITS = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9][0-9\u0660-\u0669\u06f0-\u06f9.,٫٬]*")


def stated_precision(fig: Fig) -> tuple[str, int, float] | None:
    """The number the article writes for ``fig`` (in digits), its significant digits, and
    the step of its last written digit in base units (``app.reading``: «1.3 مليار» → 0.1 bn)."""
    for c in fig.cites:
        if c.get("field") not in (None, "value"):
            continue
        for m in find_numbers(c["quote"]):
            if m.precision is not None and any(
                math.isclose(v, fig.value, rel_tol=1e-9) for v in m.values
            ):
                found = _DIGITS.search(m.text)
                if found:
                    written = found.group().rstrip(".,٫٬")
                    return written, significant_digits(written), float(m.precision)
    return None


def judge(sides: list[list[Fig]]) -> ConflictClass:
    """The class of a disagreement between groups of figures about one subject and metric:
    different times, else hedges that overlap, else written precision that does, else a
    contradiction."""
    for x, y in combinations(sides, 2):
        if any(different_times(a, b) for a in x for b in y):
            return "different_times"
    every = [f for side in sides for f in side]
    if overlap([f.interval() for f in every]):
        return "different_hedges"
    if overlap([f.precise() for f in every]):
        return "rounding"
    return "contradiction"


VERDICTS: dict[str, str] = {
    "different_times": "they are about different years, so both can be true",
    "different_hedges": "the values their hedges allow overlap, so both can be true",
    "rounding": "their hedges do not meet, but the numbers as written are round enough to",
    "contradiction": "the values they allow do not overlap, even at the precision written: "
    "both cannot be true",
}


def side_text(figs: list[Fig]) -> str:
    """What figures state, hedge by hedge, each quote with its article:
    ``«بطاقة تصل إلى 500 ميغاواط» (000) says up to 500 MW``."""
    by_hedge: dict[str | None, list[Fig]] = defaultdict(list)
    for f in sorted(figs, key=lambda f: (f.sources, f.id)):
        by_hedge[f.qualifier].append(f)
    return "; ".join(
        f"{' and '.join(f'{f.quote()} ({sources_text(f.sources)})' for f in fs)} "
        f"{'says' if len(fs) == 1 else 'say'} {phrase(fs[0].value, q, fs[0].unit)}"
        for q, fs in by_hedge.items()
    )
