"""Rule: one claim (same subject, metric, unit and number) hedged differently by different
articles: «بطاقة تصل إلى 500 ميغاواط» (up to, 000) and «بطاقة 500 ميغاواط» (002).

Classed by :func:`app.services.conflicts.figures.judge`: usually ``different_hedges``;
``contradiction`` when the hedges exclude each other (up to 500 and more than 500).
"""

from __future__ import annotations

from collections import defaultdict

from app.services.claims import claim_id
from app.services.conflicts.figures import VERDICTS, Fig, judge, side_text, stated
from app.services.conflicts.vocabulary import Row, conflict, fmt, record


def hedge_conflicts(figs: list[Fig]) -> list[Row]:
    groups: dict[str, list[Fig]] = defaultdict(list)
    for f in stated(figs):
        groups[claim_id(f.subject, f.metric, f.value, f.unit)].append(f)
    out = []
    for cid, members in sorted(groups.items()):
        per_source: dict[str, set[str]] = defaultdict(set)
        for f in members:
            for s in f.sources:
                per_source[s].add(f.qualifier or "none")
        if len(per_source) < 2 or len({frozenset(q) for q in per_source.values()}) < 2:
            continue
        by_hedge: dict[str | None, list[Fig]] = defaultdict(list)
        for f in members:
            by_hedge[f.qualifier].append(f)
        klass = judge(list(by_hedge.values()))
        said = "; ".join(f"{s}: {' and '.join(sorted(q))}" for s, q in sorted(per_source.items()))
        first = members[0]
        out.append(
            conflict(
                "qualifier_mismatch",
                cid,
                klass=klass,
                reason=f"{side_text(members)}: {VERDICTS[klass]}.",
                summary=(
                    f"{first.subject_name}, {first.metric.replace('_', ' ')} "
                    f"{fmt(first.value)} {first.unit}: the articles hedge it differently "
                    f"({said})."
                ),
                rule="the same claim is hedged differently by different sources",
                records=[record("figure", f.id) for f in members],
                values=[f.value_row() for f in members],
                citations=[c for f in members for c in f.citations()],
            )
        )
    return out
