"""Coverage: is every number in every article linked to a fact, or skipped with a reason?

A number mention is *covered* when it lies inside the quote of a citation whose
record states that number (a figure's value, deadline or period, an event's
date, a name that contains it), and *skipped* when it lies inside a quote of
``coverage.yaml``. Anything else is *uncovered* and listed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.seed.builder import SeedBundle
from app.seed.numbers import NumberMention, find_numbers


@dataclass
class SourceCoverage:
    source_id: str
    mentions: int = 0
    linked: int = 0
    skipped: int = 0
    uncovered: list[NumberMention] = field(default_factory=list)


@dataclass
class CoverageReport:
    sources: list[SourceCoverage]
    skips: list[tuple[str, str, str]]  # (source, quote, reason)

    @property
    def total(self) -> int:
        return sum(s.mentions for s in self.sources)

    @property
    def accounted(self) -> int:
        return sum(s.linked + s.skipped for s in self.sources)

    @property
    def percent(self) -> float:
        return 100.0 if self.total == 0 else 100.0 * self.accounted / self.total

    def lines(self) -> list[str]:
        out = ["coverage of the numbers in the articles:"]
        for s in self.sources:
            out.append(
                f"  {s.source_id}: {s.mentions} numbers, {s.linked} linked to facts, "
                f"{s.skipped} skipped, {len(s.uncovered)} uncovered"
            )
            for m in s.uncovered:
                out.append(f"    UNCOVERED {m.text!r} at {m.start}:{m.end}")
        out.append(f"  skipped on purpose ({len(self.skips)}):")
        for src, quote, reason in self.skips:
            out.append(f"    {src} «{quote}»: {reason}")
        out.append(f"coverage: {self.accounted}/{self.total} = {self.percent:.1f} %")
        return out


def _contains(outer_start: int, outer_end: int, m: NumberMention) -> bool:
    return outer_start <= m.start and m.end <= outer_end


def compute(bundle: SeedBundle) -> CoverageReport:
    by_source: dict[str, list[tuple[int, int, set[float]]]] = {}
    for c in bundle.citations:
        stated = bundle.numbers.get((c.record_type, c.record_id), set())
        by_source.setdefault(c.source_id, []).append((c.start, c.end, stated))
    reports = []
    for sid, text in bundle.texts.items():
        rep = SourceCoverage(sid)
        spans = by_source.get(sid, [])
        skips = [k for k in bundle.skips if k.source_id == sid]
        for m in find_numbers(text):
            rep.mentions += 1
            if m.values and any(
                _contains(a, b, m) and (m.values & stated) for a, b, stated in spans
            ):
                rep.linked += 1
            elif any(_contains(k.start, k.end, m) for k in skips):
                rep.skipped += 1
            else:
                rep.uncovered.append(m)
        reports.append(rep)
    return CoverageReport(reports, [(k.source_id, k.quote, k.reason) for k in bundle.skips])
