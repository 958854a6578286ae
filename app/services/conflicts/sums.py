"""Rule: a fund total that is not the sum of the components its article lists.

``rounding`` when the sum rounds to the total at the precision the article writes it
(750 M + 450 M + 70 M = 1.27 bn under «1.3 مليار درهم»); ``different_hedges`` when the
total is hedged and the sum is inside its hedge; ``partial_list`` when the parts add up to
less (the article may list only some); ``contradiction`` when they add up to more.
"""

from __future__ import annotations

import math
from collections import defaultdict

from app.models.qualifier import phrase
from app.services.conflicts.figures import Fig, stated_precision
from app.services.conflicts.vocabulary import ConflictClass, Row, conflict, fmt, record


def sum_conflicts(figs: list[Fig]) -> list[Row]:
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
        found = _sum_conflict(total, sorted(parts, key=lambda p: (-p.value, p.id)), figs)
        if found is not None:
            out.append(found)
    return out


def _judge(total: Fig, parts_sum: float) -> tuple[ConflictClass, str]:
    if total.qualifier is not None and parts_sum in total.interval():
        return "different_hedges", (
            f"the total is hedged ({total.qualifier}) and the sum is one of the values the "
            "hedge allows"
        )
    written = stated_precision(total)
    if total.qualifier is None and written and parts_sum in total.precise():
        return "rounding", (
            f"the sum rounds to the total at the {written[1]} significant digits the article "
            f"writes it with («{written[0]}»); the article does not say whether it lists "
            "every component"
        )
    if parts_sum < total.value:
        return "partial_list", (
            "the parts add up to less than the total, beyond rounding, and the article does "
            "not say it lists them all"
        )
    return "contradiction", (
        "the parts add up to more than the total, beyond rounding: both cannot be exact"
    )


def _sum_conflict(total: Fig, parts: list[Fig], figs: list[Fig]) -> Row | None:
    parts_sum = math.fsum(p.value for p in parts)
    diff = total.value - parts_sum
    if math.isclose(diff, 0, abs_tol=1e-6 * max(total.value, 1)):
        return None
    relative = abs(diff) / max(total.value, parts_sum)
    klass, why = _judge(total, parts_sum)
    unit = total.unit
    listed = f"{' + '.join(fmt(p.value) for p in parts)} = {fmt(parts_sum)} {unit}"
    gap = f"{fmt(abs(diff))} {unit} ({relative:.1%})"
    summary = (
        f"{total.subject_name}: its {len(parts)} listed components add up to {listed}, "
        f"which rounds to the total written, {fmt(total.value)} {unit}; taken as exact, "
        f"the gap would be {gap}."
        if klass == "rounding"
        else f"{total.subject_name}: the total {fmt(total.value)} {unit} is not the sum of "
        f"its {len(parts)} components ({listed}); the gap is {gap}."
    )
    reason = (
        f"{total.quote()} ({', '.join(total.sources)}) lists components adding up to "
        f"{phrase(parts_sum, None, unit)}: {why}."
    )
    derived = [
        f
        for f in figs
        if f.derived and f.formula == "sum" and set(f.inputs) == {p.id for p in parts}
    ]
    records = [record("figure", total.id)] + [record("figure", p.id) for p in parts]
    records += [record("figure", d.id) for d in derived]
    values = [total.value_row()] + [p.value_row() for p in parts]
    values += [
        {**d.value_row(), "sources": sorted({s for p in parts for s in p.sources})} for d in derived
    ]
    return conflict(
        "sum_mismatch",
        total.id,
        klass=klass,
        reason=reason,
        summary=summary,
        rule="a fund total differs from the sum of its components",
        records=records,
        values=values,
        citations=total.citations() + [c for p in parts for c in p.citations()],
        difference={
            "absolute": diff,
            "relative": round(relative, 6),
            "unit": unit,
            "note": "total minus the sum of the components",
        },
    )
