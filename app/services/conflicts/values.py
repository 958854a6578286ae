"""Rule: the same subject and metric (and unit) with different values in different sources.

Classed by :func:`app.services.conflicts.figures.judge`: ``different_times`` when the
figures are about different years, ``different_hedges`` when the values their hedges
allow overlap, ``rounding`` when the numbers as written are round enough to meet,
``contradiction`` otherwise (300 MW against 500 MW for one data centre).
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from app.services.claims import number_text
from app.services.conflicts.figures import VERDICTS, Fig, judge, side_text, stated
from app.services.conflicts.vocabulary import Row, conflict, fmt, record


def value_conflicts(figs: list[Fig]) -> list[Row]:
    groups: dict[tuple[str, str, str], list[Fig]] = defaultdict(list)
    for f in stated(figs):
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
            out.append(_value_conflict(subject, metric, unit, a, b, fa, fb))
    return out


def _value_conflict(
    subject: str, metric: str, unit: str, a: float, b: float, fa: list[Fig], fb: list[Fig]
) -> Row:
    klass = judge([fa, fb])
    name = fa[0].subject_name
    what = f"{name}, {metric.replace('_', ' ')}"

    def srcs(fs: list[Fig]) -> str:
        return ", ".join(sorted({s for f in fs for s in f.sources}))

    summary = f"{what}: {fmt(a)} {unit} in {srcs(fa)} vs {fmt(b)} {unit} in {srcs(fb)}."
    reason = f"{side_text(fa)}, but {side_text(fb)}: {VERDICTS[klass]}."
    return conflict(
        "value_mismatch",
        f"{subject}:{metric}:{unit}:{number_text(a)}:{number_text(b)}",
        klass=klass,
        reason=reason,
        summary=summary,
        rule="the same subject and metric have different values in different sources",
        records=[record("figure", f.id) for f in fa + fb],
        values=[f.value_row() for f in fa + fb],
        citations=[c for f in fa + fb for c in f.citations()],
        difference={"absolute": b - a, "relative": round((b - a) / b, 6), "unit": unit},
    )
