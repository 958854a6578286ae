"""Aggregates for dashboards: sums and counts, never double counting a claim, never
presenting a sum as a fact.

The unit of counting is the *claim* (:mod:`app.services.claims`): the article figures
with the same subject, metric, unit and value. Three articles stating "500 MW in Dakhla"
are one claim, counted once; its ``figure_ids`` list all three. Every sum (``total``) is
masdar's computation: ``total_basis`` says so, ``adds`` says exactly what it adds, and
``overlap`` whether the articles keep the amounts apart. 11 bn MAD for digital
infrastructure (002) plus the 1.3 bn MAD investors' fund (003) is 12.3 bn MAD of
arithmetic, not Morocco's AI budget: no article says whether one contains the other, so
that sum is no ``total`` (null) but ``sum_if_separate``, with ``total_withheld_because``,
and ``double_counts`` is null (unknown). The rules are returned with every response
(:data:`RULES`).

Every quote is served as the rest of the API serves a citation (``CitationPublic``: id,
code-point ``start``/``end`` into the article, ``prefix``/``suffix``, ``field``) plus the
``figure_id`` it supports; a quote the article repeats (003 writes «10 مليارات دولار» five
times) is one citation per occurrence, each with its own offsets.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, SQLModel

from app.services import sums
from app.services.claims import claim_id
from app.services.embed import CITATION_COLUMNS
from app.services.pages import visible
from app.services.sums import money_totals, number, public

T = SQLModel.metadata.tables
F, FU, TG, INI, P = T["figure"], T["fund"], T["target"], T["initiative"], T["partner"]
C, IP = T["citation"], T["initiative_partner"]

Row = dict[str, Any]

RULES = {
    "sums": "Every sum here is masdar's computation, never a figure an article states "
    "(total_basis: computed). `adds` lists exactly what it adds and `overlap` says whether "
    "the articles keep the amounts apart: `single` (one amount, nothing added), "
    "`parts_of_one_total` (the components an article lists for one fund), `unknown` (the "
    "articles do not say whether one amount contains another: the 11 bn MAD of 002 and the "
    "1.3 bn MAD fund of 003; Oracle's 140 M USD and the 10 bn USD plan, which 003 does not "
    "place inside or outside the plan: it lists Oracle among the plan's strategic partners). "
    "A sum with overlap `unknown` is not a budget and must not be shown as one: its `total` "
    "is null, the arithmetic is `sum_if_separate` (what the amounts add to if none contains "
    "another) and `total_withheld_because` says why. `double_counts` is false when the "
    "amounts are one or kept apart, null when overlap is unknown. masdar never adds "
    "currencies, and ?basis=article leaves sums out.",
    "claims": "A claim is the set of article figures with the same subject, metric, unit "
    "and value, whatever their hedges; a claim stated by several articles (or "
    "twice in one, as headline and body) is counted once. Every total lists the "
    "claims it adds and all the figures that state them (figure_ids).",
    "derived": "Figures computed by masdar (sums, products) are never added to a total; "
    "they are shown beside the figures they are computed from.",
    "currencies": "Money is totalled per ISO 4217 currency; MAD and USD are never added "
    "together and masdar offers no conversion.",
    "components": "Only top-level funds enter totals. A fund stated as a component of "
    "another (parent_id) is shown under funds.components with its parent, "
    "never added to it. Every component names the fund it belongs to (`fund`); its "
    "`subject` is that fund (`subject_role: fund`) or what the article says the amount is "
    "for (`subject_role: purpose`: 003's «**70 مليون درهم** لتوسيع شبكة Technopark» is the "
    "investors and founders fund's money, for the Technopark network).",
    "rates": "An amount per unit of time (per month, per year) is a rate, not a sum of "
    "money: it is listed under funds.rates and never added to a total.",
    "hedges": "A total that adds a hedged claim (approximate, at least, more than, up to, "
    "less than) lists those hedges in `qualifiers`: the total is no more exact than its parts.",
    "deadlines": "A target claim's deadline year is the earliest deadline any of its "
    "figures states (a headline without a year joins its body's year); a fund's "
    "is the last year of its period.",
    "partners": "Money is attributed to a partner only when it gives it (fund.giver_id); "
    "taking part in an initiative does not make its budget the partner's.",
}


# -- loading -------------------------------------------------------------------


def _load_figures(session: Session) -> list[Row]:
    stmt = (
        select(
            F.c.id,
            F.c.kind,
            F.c.subject_id,
            F.c.metric,
            F.c.value,
            F.c.unit,
            F.c.qualifier,
            F.c.label,
            F.c.derived,
            F.c.formula,
            FU.c.giver_id,
            FU.c.parent_id,
            FU.c.per_unit,
            FU.c.duration_months,
            FU.c.period_start_year,
            FU.c.period_end_year,
            TG.c.deadline_year,
            TG.c.target_kind,
            INI.c.kind.label("subject_kind"),
            INI.c.region.label("subject_region"),
            INI.c.region_ar.label("subject_region_ar"),
            INI.c.name.label("subject_name"),
            INI.c.name_ar.label("subject_name_ar"),
        )
        .join(INI, INI.c.id == F.c.subject_id)
        .outerjoin(FU, FU.c.figure_id == F.c.id)
        .outerjoin(TG, TG.c.figure_id == F.c.id)
        .where(*visible(F))  # retracted figures count nowhere
        .order_by(F.c.id)
    )
    return [dict(r) for r in session.execute(stmt).mappings()]


def _load_citations(session: Session) -> dict[str, list[Row]]:
    """Citations of figures, in article order, with the columns every record embeds
    (``embed.CITATION_COLUMNS``: ``start``/``end`` code-point offsets, ``text[start:end] ==
    quote``, ``prefix``/``suffix``, ``field``)."""
    out: dict[str, list[Row]] = defaultdict(list)
    stmt = (
        select(C.c.record_id, *(C.c[n] for n in CITATION_COLUMNS))
        .where(C.c.record_type == "figure")
        .order_by(C.c.record_id, C.c.source_id, C.c.start, C.c.id)  # ix_citation_record_order
    )
    for r in session.execute(stmt).mappings():
        out[r["record_id"]].append({n: r[n] for n in CITATION_COLUMNS})
    return out


def _claim_citations(members: list[Row], cites: dict[str, list[Row]]) -> list[Row]:
    """The quotes of a claim's value, each the API's citation object plus the figure it
    supports, in article order (as ``/v1/claims/{id}`` lists them)."""
    quotes = [
        {**c, "figure_id": f["id"]}
        for f in members
        for c in cites.get(f["id"], [])
        if c["field"] in (None, "value")
    ]
    return sorted(quotes, key=lambda c: (c["source_id"], c["start"], c["id"]))


# -- claims --------------------------------------------------------------------


def _claims(figs: list[Row], cites: dict[str, list[Row]]) -> list[Row]:
    groups: dict[str, list[Row]] = defaultdict(list)
    for f in figs:
        if not f["derived"]:
            groups[claim_id(f["subject_id"], f["metric"], f["value"], f["unit"])].append(f)
    out = []
    for cid, members in sorted(groups.items()):
        first = members[0]
        quotes = _claim_citations(members, cites)
        sources = sorted({c["source_id"] for f in members for c in cites.get(f["id"], [])})
        deadlines = [f["deadline_year"] for f in members if f["deadline_year"] is not None]
        out.append(
            {
                "id": cid,
                "kind": first["kind"],
                "subject": first["subject_id"],
                "subject_name": first["subject_name"],
                "subject_name_ar": first["subject_name_ar"],
                "metric": first["metric"],
                "value": number(first["value"]),
                "unit": first["unit"],
                "label": first["label"],
                "qualifiers": sorted({f["qualifier"] or "none" for f in members}),
                "figure_ids": [f["id"] for f in members],
                "sources": sources,
                "corroborated_by": len(sources),
                "citations": quotes,
                "url": f"/v1/claims/{cid}",
                # what decides how the claim is counted (not returned):
                "_members": members,
                "_component_of": next((f["parent_id"] for f in members if f["parent_id"]), None),
                "_rate": next((f["per_unit"] for f in members if f["per_unit"]), None),
                "_deadline": min(deadlines) if deadlines else None,
            }
        )
    return out


# -- sections ------------------------------------------------------------------


def _subjects_of(session: Session, figure_ids: Iterable[str]) -> dict[str, str]:
    """The subject of each figure, retracted or not (a component names its parent's)."""
    ids = sorted(set(figure_ids))
    if not ids:
        return {}
    rows = session.execute(select(F.c.id, F.c.subject_id).where(F.c.id.in_(ids)))
    return {str(fid): str(subject) for fid, subject in rows}


def _grouped(
    items: Iterable[tuple[Any, Row]], key: str, extra: Callable[[Any, list[Row]], Row]
) -> list[Row]:
    by: dict[Any, list[Row]] = defaultdict(list)
    for k, c in items:
        by[k].append(c)
    return [{key: k, **extra(k, cs)} for k, cs in by.items()]


def _by_deadline(claims: list[Row], figs: list[Row]) -> list[Row]:
    years: dict[int | None, Row] = defaultdict(lambda: {"targets": [], "funds": []})
    for c in claims:
        if c["kind"] == "target":
            years[c["_deadline"]]["targets"].append(c)
        elif sums.counted(c):
            end = next((f["period_end_year"] for f in c["_members"] if f["period_end_year"]), None)
            if end is not None:
                years[end]["funds"].append(c)
    out = []
    for year in sorted(years, key=lambda y: (y is None, y or 0)):
        g = years[year]
        targets = sorted(g["targets"], key=lambda c: c["id"])
        out.append(
            {
                "year": year,
                "targets": {
                    "count": len(targets),
                    "claims": [public(c) for c in targets],
                    "figure_ids": [f for c in targets for f in c["figure_ids"]],
                    "double_counts": False,
                },
                "funds": money_totals(g["funds"]),
            }
        )
    return out


def _by_source(session: Session, claims: list[Row]) -> list[Row]:
    s = T["source"].c
    rows = session.execute(
        select(s.id, s.title, func.count(C.c.id))
        .outerjoin(C, C.c.source_id == s.id)
        .group_by(s.id, s.title)
        .order_by(s.id)
    ).all()
    out = []
    for sid, title, n_cites in rows:
        mine = [c for c in claims if sid in c["sources"]]
        # within one article too, a headline and its body are one claim
        local = [
            {
                **c,
                "figure_ids": [f["id"] for f in c["_members"] if sid in c["_sources_of"][f["id"]]],
            }
            for c in mine
        ]
        out.append(
            {
                "source": {"id": sid, "title": title},
                "citations": n_cites,
                "figures": sum(len(c["figure_ids"]) for c in local),
                "claims": len(local),
                "targets": sum(1 for c in local if c["kind"] == "target"),
                "funds": money_totals(c for c in local if sums.counted(c)),
            }
        )
    return out


def _headline(claims: list[Row]) -> list[Row]:
    """Top-level money, and every target claim at least two articles state."""
    money = [c for c in claims if sums.counted(c)]
    shared = [c for c in claims if c["kind"] == "target" and c["corroborated_by"] >= 2]
    picked = sorted(money, key=lambda c: (c["unit"], -c["value"])) + sorted(
        shared, key=lambda c: (-c["corroborated_by"], c["id"])
    )
    return [public(c) for c in picked]


def _counts(session: Session, figs: list[Row], claims: list[Row]) -> Row:
    def n(table: str) -> int:
        return int(session.execute(select(func.count()).select_from(T[table])).scalar_one())

    return {
        "sources": n("source"),
        "partners": n("partner"),
        "people": n("person"),
        "initiatives": n("initiative"),
        "events": n("event"),
        "citations": n("citation"),
        "figures": len(figs),
        "derived_figures": sum(1 for f in figs if f["derived"]),
        "claims": len(claims),
        "claims_in_several_sources": sum(1 for c in claims if c["corroborated_by"] > 1),
    }


def load(session: Session) -> tuple[list[Row], list[Row]]:
    """Every figure (with its fund/target columns and derived inputs) and every claim;
    keys of a claim that start with ``_`` are for counting and are not public."""
    figs = _load_figures(session)
    cites = _load_citations(session)
    by_id = {f["id"]: f for f in figs}
    fi = T["figure_input"].c
    for d, i in session.execute(select(fi.derived_id, fi.input_id).order_by(fi.position)):
        by_id[d].setdefault("inputs", []).append(i)
    claims = _claims(figs, cites)
    for c in claims:
        c["_sources_of"] = {
            f["id"]: {x["source_id"] for x in cites.get(f["id"], [])} for f in c["_members"]
        }
    return figs, claims


def stats(session: Session) -> Row:
    figs, claims = load(session)

    partners = [
        dict(r)
        for r in session.execute(
            select(
                P.c.id, P.c.name, P.c.name_ar, P.c.country, P.c.country_basis, P.c.kind
            ).order_by(P.c.id)
        ).mappings()
    ]
    links = [
        dict(r)
        for r in session.execute(
            select(IP.c.partner_id, IP.c.initiative_id, IP.c.role).order_by(IP.c.id)
        ).mappings()
    ]
    inits = [
        dict(r)
        for r in session.execute(
            select(INI.c.id, INI.c.kind, INI.c.region, INI.c.region_ar).order_by(INI.c.id)
        ).mappings()
    ]
    counted = [c for c in claims if sums.counted(c)]
    giver_of = {
        c["id"]: next((f["giver_id"] for f in c["_members"] if f["giver_id"]), None)
        for c in counted
    }

    def partner_extra(pid: str, _: list[Row]) -> Row:
        mine = [x for x in links if x["partner_id"] == pid]
        return {
            "initiatives": len({x["initiative_id"] for x in mine}),
            "initiative_ids": sorted({x["initiative_id"] for x in mine}),
            "roles": sorted({x["role"] for x in mine}),
            "funds_given": money_totals(c for c in counted if giver_of[c["id"]] == pid),
        }

    by_partner = [
        {
            "partner": {
                k: p[k] for k in ("id", "name", "name_ar", "country", "country_basis", "kind")
            },
            **partner_extra(p["id"], []),
        }
        for p in partners
    ]

    def country_extra(country: str | None, ps: list[Row]) -> Row:
        ids = [p["id"] for p in ps]
        return {
            "partners": len(ps),
            "partner_ids": ids,
            "country_basis": sorted({p["country_basis"] for p in ps if p["country_basis"]}),
            "initiatives": len({x["initiative_id"] for x in links if x["partner_id"] in ids}),
            "funds_given": money_totals(c for c in counted if giver_of[c["id"]] in ids),
        }

    by_country = sorted(
        _grouped(((p["country"], p) for p in partners), "country", country_extra),
        key=lambda g: (-g["partners"], g["country"] or "~"),
    )

    def initiative_extra(attr: str) -> Callable[[Any, list[Row]], Row]:
        def extra(value: Any, rows: list[Row]) -> Row:
            ids = [r["id"] for r in rows]
            return {
                "initiatives": len(ids),
                "initiative_ids": ids,
                "funds": money_totals(c for c in counted if c["subject"] in ids),
                "targets": sum(1 for c in claims if c["kind"] == "target" and c["subject"] in ids),
            }

        return extra

    by_kind = sorted(
        _grouped(((i["kind"], i) for i in inits), "kind", initiative_extra("kind")),
        key=lambda g: (-g["initiatives"], g["kind"]),
    )
    by_region = sorted(
        _grouped(((i["region"], i) for i in inits), "region", initiative_extra("region")),
        key=lambda g: (g["region"] is None, -g["initiatives"], g["region"] or ""),
    )
    region_ar = {i["region"]: i["region_ar"] for i in inits if i["region"]}
    for g in by_region:
        g["region_ar"] = region_ar.get(g["region"])

    return {
        "rules": RULES,
        "counts": _counts(session, figs, claims),
        "headline": _headline(claims),
        "funds": sums.funds(
            claims,
            figs,
            _subjects_of(session, (c["_component_of"] for c in claims if c["_component_of"])),
        ),
        "by_deadline_year": _by_deadline(claims, figs),
        "by_partner": sorted(by_partner, key=lambda g: (-g["initiatives"], g["partner"]["id"])),
        "by_country": by_country,
        "by_initiative_kind": by_kind,
        "by_region": by_region,
        "by_source": _by_source(session, claims),
    }
