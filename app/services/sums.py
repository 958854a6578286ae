"""What masdar adds and what it never adds: sums of money claims, with their basis.

A sum is masdar's computation (``total_basis: computed``), lists exactly what it adds
(``adds``) and says whether the articles keep the amounts apart (``overlap``). Where they
do not say (``unknown``), the arithmetic is no ``total``: it is ``sum_if_separate``, with
``total_withheld_because``, and ``double_counts`` is null. A fund's components are summed
under their fund, never added to it; rates (per month) are never added to money.
:mod:`app.services.stats` serves these sums; its ``RULES`` say the same in words.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

Row = dict[str, Any]


def number(v: float) -> int | float:
    return int(v) if float(v).is_integer() else v


def public(claim: Row) -> Row:
    return {k: v for k, v in claim.items() if not k.startswith("_")}


def money_totals(claims: Iterable[Row], *, parts_of: str | None = None) -> list[Row]:
    """One sum per currency over counted (top-level, non-rate) fund claims; ``parts_of``:
    they are the components an article lists for that fund."""
    by: dict[str, list[Row]] = defaultdict(list)
    for c in claims:
        by[c["unit"]].append(c)
    return [_total("currency", unit, cs, parts_of=parts_of) for unit, cs in sorted(by.items())]


OVERLAP_NOTES = {
    "single": "One amount: nothing is added.",
    "parts_of_one_total": "The components one article lists for one fund: it keeps them apart.",
    "unknown": "The articles do not say whether these amounts are separate or one contains "
    "another: their sum is masdar's arithmetic, not a total any article states.",
}

DOUBLE_COUNTS: dict[str, bool | None] = {
    "single": False,
    "parts_of_one_total": False,
    "unknown": None,
}
"""Whether a sum may count the same money twice, by ``overlap``: false when the amounts
are one or an article keeps them apart, null (unknown) when no article says whether one
contains another. (True would be an article saying one contains the other: masdar adds no
such amounts, a fund's components are never added to it.)"""

TOTAL_WITHHELD = (
    "overlap unknown: no article says whether one of these amounts contains another, so "
    "their sum (sum_if_separate) could count the same money twice; it is not a budget and "
    "masdar does not serve it as a total."
)


def _total(key: str, value: Any, claims: list[Row], *, parts_of: str | None = None) -> Row:
    """The sum of ``claims`` (one currency): ``total`` when the amounts are one or kept
    apart, else null with the arithmetic under ``sum_if_separate`` and the reason."""
    claims = sorted(claims, key=lambda c: (-c["value"], c["id"]))
    overlap = "single" if len(claims) == 1 else "parts_of_one_total" if parts_of else "unknown"
    arithmetic = number(sum(c["value"] for c in claims))
    is_total = overlap != "unknown"
    return {
        key: value,
        "total": arithmetic if is_total else None,
        "total_basis": "computed" if is_total else None,
        "sum_if_separate": None if is_total else arithmetic,
        "sum_if_separate_basis": None if is_total else "computed",
        "total_withheld_because": None if is_total else TOTAL_WITHHELD,
        "formula": " + ".join(f"{number(c['value'])} ({', '.join(c['sources'])})" for c in claims),
        "adds": [
            {"claim_id": c["id"], "value": c["value"], "sources": c["sources"], "label": c["label"]}
            for c in claims
        ],
        "overlap": overlap,
        "overlap_note": OVERLAP_NOTES[overlap],
        "count": len(claims),
        "claims": [public(c) for c in claims],
        "figure_ids": [f for c in claims for f in c["figure_ids"]],
        "qualifiers": sorted({q for c in claims for q in c["qualifiers"]} - {"none"}),
        "double_counts": DOUBLE_COUNTS[overlap],
    }


def counted(claim: Row) -> bool:
    return claim["kind"] == "fund" and claim["_component_of"] is None and claim["_rate"] is None


def _component(claim: Row, fund: str, parent: Row | None) -> Row:
    """A component claim, saying which fund it belongs to and what its ``subject`` is:
    the fund itself, or what the article says the amount is for (``purpose``)."""
    role = "fund" if claim["subject"] == fund else "purpose"
    whole = (
        f"«{parent['citations'][0]['quote']}» ({parent['citations'][0]['source_id']})"
        if parent and parent["citations"]
        else f"the fund {fund}"
    )
    said = f" («{claim['citations'][0]['quote']}»)" if claim["citations"] else ""
    note = (
        f"A component of {whole}; its subject is the fund itself: what the article says it "
        f"is for{said} is no initiative of its own."
        if role == "fund"
        else f"A component of {whole}, for {claim['subject_name']} as the article says{said}: "
        "its subject is what the amount is for, not who holds it; the money is the fund's."
    )
    return {**claim, "fund": fund, "subject_role": role, "subject_note": note}


def funds(claims: list[Row], figs: list[Row], fund_subjects: dict[str, str]) -> Row:
    """Top-level money by currency, fund components under their parent, and rates.
    ``fund_subjects``: the subject of every parent fund figure."""
    by_figure = {fid: c for c in claims for fid in c["figure_ids"]}
    derived = [f for f in figs if f["derived"]]
    inputs: dict[str, list[str]] = defaultdict(list)
    for d in derived:
        for i in d.get("inputs", []):
            inputs[i].append(d["id"])
    components: list[Row] = []
    parents: dict[str, list[Row]] = defaultdict(list)
    for c in claims:
        if c["kind"] == "fund" and c["_component_of"]:
            parents[c["_component_of"]].append(c)
    for parent_id, parts in sorted(parents.items()):
        parent = by_figure.get(parent_id)
        sums = money_totals(parts, parts_of=parent_id)
        for t in sums:
            t["claims"] = [_component(c, fund_subjects[parent_id], parent) for c in t["claims"]]
        entry: Row = {
            "parent": public(parent) if parent else {"id": parent_id},
            "by_currency": sums,
            "derived_figure_ids": sorted(
                {d for p in parts for f in p["figure_ids"] for d in inputs.get(f, [])}
            ),
        }
        total = sums[0]["total"] if len(sums) == 1 else None
        if parent and total is not None and sums[0]["currency"] == parent["unit"]:
            entry["parent_minus_components"] = number(parent["value"] - total)
        components.append(entry)
    rates = [
        {
            **public(c),
            "per_unit": c["_rate"],
            "duration_months": next(
                (f["duration_months"] for f in c["_members"] if f["duration_months"]), None
            ),
            "derived_figures": [
                {
                    "id": d["id"],
                    "value": number(d["value"]),
                    "unit": d["unit"],
                    "formula": d["formula"],
                    "label": d["label"],
                }
                for d in derived
                if any(f in d.get("inputs", []) for f in c["figure_ids"])
            ],
        }
        for c in claims
        if c["kind"] == "fund" and c["_rate"]
    ]
    return {
        "by_currency": money_totals(c for c in claims if counted(c)),
        "components": components,
        "rates": rates,
    }
