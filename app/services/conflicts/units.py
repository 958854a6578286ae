"""Rule: the same subject and number counted in different units, when the metric is the
same or a quote names a territorial division: 12 regions (001) and 12 institutions «في
جميع الأقاليم» (003). Always ``loose_wording``: different measures of one thing can both
hold, and «الأقاليم» (provinces) for «الجهات» (regions) is looser wording, not a second
claim about how many regions there are.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from app.search.normalize import normalize, strip_article
from app.services.claims import number_text
from app.services.conflicts.figures import Fig, stated
from app.services.conflicts.vocabulary import Row, conflict, fmt, record, sources_text

TERRITORIES = {
    "region": ("جهه", "جهات"),
    "province": ("اقليم", "اقاليم"),
    "prefecture": ("عماله", "عمالات"),
}
"""Morocco's territorial divisions, as normalised words (الجهات → جهات)."""


def territories(text: str) -> set[str]:
    words = {strip_article(t) for t in normalize(text).split()}
    return {name for name, forms in TERRITORIES.items() if words & set(forms)}


def unit_conflicts(figs: list[Fig]) -> list[Row]:
    groups: dict[tuple[str, float], list[Fig]] = defaultdict(list)
    for f in stated(figs):
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
            out.append(_unit_conflict(subject, value, fa, fb, ta, tb))
    return out


def _unit_conflict(subject: str, value: float, fa: Fig, fb: Fig, ta: set[str], tb: set[str]) -> Row:
    fa, fb = sorted((fa, fb), key=lambda f: f.unit)
    ta, tb = (ta, tb) if fa.unit <= fb.unit else (tb, ta)
    differ = bool(ta and tb and ta != tb)

    def side(f: Fig, t: set[str]) -> str:
        where = f"; the quote names {'/'.join(sorted(t))}s" if t else ""
        return f"{fmt(value)} {f.unit} ({', '.join(f.sources)}{where})"

    def counts(f: Fig) -> str:
        return f"{sources_text(f.sources)} counts {fmt(value)} {f.unit} ({f.quote()})"

    reason = (
        f"{counts(fa)} and {counts(fb)}: different measures of {fa.subject_name} that can both hold"
    )
    if differ:
        reason += (
            f"; the articles name different territorial divisions ({', '.join(sorted(ta))} "
            f"in {sources_text(fa.sources)}, {', '.join(sorted(tb))} in "
            f"{sources_text(fb.sources)}), which is looser wording, not a second claim"
        )
    summary = f"{fa.subject_name}: {side(fa, ta)} vs {side(fb, tb)}"
    summary += (
        f"; the articles name different territorial divisions "
        f"({', '.join(sorted(ta))} vs {', '.join(sorted(tb))})."
        if differ
        else "; the same number is counted in different units."
    )
    return conflict(
        "unit_mismatch",
        f"{subject}:{number_text(value)}:{fa.unit}:{fb.unit}",
        klass="loose_wording",
        reason=reason + ".",
        summary=summary,
        rule="the same subject and number in different units (or territorial divisions)",
        records=[record("figure", fa.id), record("figure", fb.id)],
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
