"""What masdar holds, as the fact-check compares a sentence with it.

The claims of ``app.services.claims`` (one fact: subject, metric, unit, value, every figure
that states it, ``corroborated_by``), with what a sentence may also state about each of
their figures (a deadline or a period, who gives the money, a rate), the precision the
articles wrote the number with, the open conflicts on it, and who stands behind each
subject (its partners, by role). Loaded once per data version: the knowledge base is a few
dozen figures, a check reads it many times.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, SQLModel

from app.reading.quantities import read_quantities
from app.reading.text import bare
from app.search.normalize import name_key
from app.services import claims as claims_service
from app.services import conflicts as conflicts_service
from app.services import subjects
from app.services.pages import SHOW_RETRACTED
from app.services.recent import Recent

T = SQLModel.metadata.tables
Row = dict[str, Any]

RESPONSIBLE_ROLES = frozenset({"funds", "co_develops", "signs"})
"""A partner with one of these roles stands behind an initiative: "Oracle will invest
$140 million" is about Oracle's cloud regions. A partner that only ``partners``,
``supports`` or ``supplies`` an initiative is not its actor (Mistral AI is a partner of the
whole strategy; the strategy's 50,000 jobs are not Mistral's)."""


@dataclass(frozen=True)
class Member:
    """One figure of a claim: one article's statement of the fact."""

    id: str
    kind: str
    label: str
    qualifier: str | None
    sources: tuple[str, ...]
    citations: tuple[Row, ...]
    """The figure's quotes (the value's, the deadline's or the period's), in article order."""
    deadline_year: int | None = None
    period_start_year: int | None = None
    period_end_year: int | None = None
    per_unit: str | None = None
    giver_id: str | None = None
    giver_name: str | None = None

    @property
    def year(self) -> int | None:
        """The year the figure is due by: a target's deadline, the end of a fund's period."""
        return self.deadline_year or self.period_end_year


@dataclass(frozen=True)
class Claim:
    id: str
    subject_id: str
    subject_name: str
    subject_name_ar: str | None
    metric: str
    value: float
    unit: str
    precision: float
    """One step of the last digit the articles wrote (``1.3 مليار`` -> 1e8)."""
    members: tuple[Member, ...]
    sources: tuple[str, ...]
    corroborated_by: int
    conflicts: tuple[Row, ...] = ()
    partners: frozenset[str] = frozenset()
    """Partners standing behind the subject (:data:`RESPONSIBLE_ROLES`)."""
    words: frozenset[str] = frozenset()
    """The words of its figures' labels and value quotes (:func:`word_keys`): what the
    money is for, when one subject has several amounts of one kind (a fund's parts)."""

    @property
    def per_unit(self) -> str | None:
        return next((m.per_unit for m in self.members if m.per_unit), None)

    @property
    def givers(self) -> dict[str, str]:
        """Who gives the money, by partner id (funds only)."""
        return {m.giver_id: m.giver_name or m.giver_id for m in self.members if m.giver_id}


@dataclass
class Knowledge:
    claims: list[Claim]
    names: subjects.Names
    umbrella: frozenset[str] = frozenset()
    """The national strategies (initiatives of kind ``strategy``): every initiative is part
    of them, so naming one names no particular initiative."""


_WORD = re.compile(r"\w+")


def word_keys(text: str) -> frozenset[str]:
    """Every word of ``text`` as a search key, with and without its Arabic clitics."""
    out: set[str] = set()
    for m in _WORD.finditer(text):
        key = name_key(m.group())
        if key and not key.isdigit():
            out |= {key, *bare(key)}
    return frozenset(out)


def _precision(value: float, quotes: list[str]) -> float:
    """The step of the last digit an article wrote for ``value``, read from its quotes;
    else one step of the value's last significant digit."""
    for quote in quotes:
        for q in read_quantities(quote):
            if abs(float(q.value) - value) <= 1e-9 * max(abs(value), 1):
                return float(q.precision)
    whole, _, decimals = f"{value:f}".rstrip("0").partition(".")
    if decimals:
        return 10.0 ** -len(decimals)
    return 10.0 ** (len(whole) - len(whole.rstrip("0")))


def _extras(session: Session) -> dict[str, Row]:
    """Per figure: its deadline (targets), period, rate and giver (funds)."""
    fu, tg, p = T["fund"].c, T["target"].c, T["partner"].c
    out: dict[str, Row] = defaultdict(dict)
    for fid, deadline in session.execute(select(tg.figure_id, tg.deadline_year)):
        out[fid]["deadline_year"] = deadline
    stmt = select(
        fu.figure_id,
        fu.period_start_year,
        fu.period_end_year,
        fu.per_unit,
        fu.giver_id,
        p.name,
    ).outerjoin(T["partner"], p.id == fu.giver_id)
    for fid, start, end, per, giver, giver_name in session.execute(stmt):
        out[fid] |= {
            "period_start_year": start,
            "period_end_year": end,
            "per_unit": per,
            "giver_id": giver,
            "giver_name": giver_name,
        }
    return out


def _open_conflicts(session: Session) -> dict[str, list[Row]]:
    """The conflicts on each figure that a curator has not dismissed."""
    found = conflicts_service.with_reviews(session, conflicts_service.figure_conflicts(session))
    out: dict[str, list[Row]] = defaultdict(list)
    for c in found:
        if c["status"] == "dismissed":
            continue
        brief = {
            "id": c["id"],
            "kind": c["kind"],
            "class": c["class"],
            "severity": c["severity"],
            "status": c["status"],
            "summary": c["summary"],
            "reason": c["reason"],
            "url": c["url"],
        }
        for r in c["records"]:
            if r["type"] == "figure" and brief not in out[r["id"]]:
                out[r["id"]].append(brief)
    return out


def _responsible(session: Session) -> dict[str, set[str]]:
    link = T["initiative_partner"].c
    out: dict[str, set[str]] = defaultdict(set)
    for ini, partner, role in session.execute(
        select(link.initiative_id, link.partner_id, link.role)
    ):
        if role in RESPONSIBLE_ROLES:
            out[ini].add(partner)
    return out


def load(session: Session) -> Knowledge:
    """Every claim with its figures' years, givers, rates, precision and open conflicts."""
    extras = _extras(session)
    conflicts = _open_conflicts(session)
    partners = _responsible(session)
    out = []
    for c in claims_service.all_claims(session):
        cites: dict[str, list[Row]] = defaultdict(list)
        for q in c["citations"]:
            cites[q["record_id"]].append(q)
        members = tuple(
            Member(
                id=f["id"],
                kind=f["kind"],
                label=f["label"],
                qualifier=f["qualifier"],
                sources=tuple(f["sources"]),
                citations=tuple(
                    {k: q[k] for k in ("id", "source_id", "quote", "start", "end", "field")}
                    for q in cites[f["id"]]
                ),
                **extras.get(f["id"], {}),
            )
            for f in c["figures"]
        )
        value_quotes = [q["quote"] for m in members for q in m.citations if q["field"] == "value"]
        seen: set[str] = set()
        on_claim = [
            x
            for m in members
            for x in conflicts.get(m.id, [])
            if not (x["id"] in seen or seen.add(x["id"]))  # type: ignore[func-returns-value]
        ]
        out.append(
            Claim(
                id=c["id"],
                subject_id=c["subject"],
                subject_name=c["subject_name"],
                subject_name_ar=c["subject_name_ar"],
                metric=c["metric"],
                value=float(c["value"]),
                unit=c["unit"],
                precision=_precision(float(c["value"]), value_quotes),
                members=members,
                sources=tuple(c["sources"]),
                corroborated_by=c["corroborated_by"],
                conflicts=tuple(on_claim),
                partners=frozenset(partners.get(c["subject"], ())),
                words=word_keys(" ".join([*value_quotes, *(m.label for m in members)])),
            )
        )
    i = T["initiative"].c
    umbrella = frozenset(session.scalars(select(i.id).where(i.kind == "strategy")))
    return Knowledge(out, subjects.Names(session), umbrella)


# -- one load per data version -----------------------------------------------------------

_LOADED: Recent[Knowledge] = Recent(4)
"""Knowledge of the data versions kept (a process serves one database, sometimes a
replica)."""


def current(session: Session, version: str | None) -> Knowledge:
    """:func:`load`, reused while the data version stays ``version`` (never reused when the
    database has none, or for a curator who sees retracted records)."""
    key = (version or "", SHOW_RETRACTED.get())
    if version is None or key[1]:
        return load(session)
    return _LOADED.get(key, lambda: load(session))
