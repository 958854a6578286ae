"""The verdict on one statement of a sentence: masdar's judgment, and the rule behind it.

A statement (``Reading``: value in base units, unit, what is counted, hedge, year, and the
initiatives and partners the text names) is compared with every claim
(``knowledge.Claim``). A claim is **comparable** when it counts the same kind of thing:
both money (an amount, an investment and a fund size are one kind; value added to the
economy another), or the same unit with the same noun (researchers are not graduates);
a statement that does not say what it counts (``amount``, ``count``) is compared only
with the claims of a subject it names. For each comparable claim the comparison lists
what differs:

- ``subject``: the claim is about another initiative than the one named, or the money
  is given by another partner than the one named (Oracle's 140 M credited to Mistral);
- ``unit``: another currency, or a rate (per month) where the sentence has none;
- ``value``: the numbers differ beyond the precision both wrote (``1.3 مليار`` is
  1.25–1.35 bn; ``1 billion`` does not admit 1.3 bn, nor ``1.27 billion``);
- ``hedge_dropped``: the number is the same but every article hedges it and the sentence
  does not («أكثر من 500» stated as "500"); ``hedge``: another hedge that the articles'
  intervals do not imply ("more than 500 MW" for «500 ميغاواط»);
- ``year``: the articles give another deadline or period.

**supported**: a claim with nothing different: the same subject (named, or behind a
named partner), metric, unit and number, and some article's interval inside the
sentence's (``app.models.qualifier.Interval.includes``). **differs**: no claim supports
it, and a claim of a named subject (or this very number credited to another subject)
differs in what ``differs_in`` says. **not_found**: masdar holds nothing comparable; not
found is not false. A year the articles do not give is ``unchecked``, never guessed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from app.models.qualifier import Interval, interval
from app.reading.statements import MONEY, RANGE
from app.services.factcheck.knowledge import Claim

SUPPORTED, DIFFERS, NOT_FOUND = "supported", "differs", "not_found"
VERDICTS = (SUPPORTED, DIFFERS, NOT_FOUND)
ASPECTS = ("subject", "unit", "value", "hedge_dropped", "hedge", "year")
VALUE_METRICS = frozenset({"value_added", "gdp"})
"""Money added to the economy; every other amount (investment, budget, fund size,
allocation, stipend) is money spent or given."""
GENERIC = frozenset({"amount", "count", "people", "duration"})
"""What the reader says when the words do not say what is counted."""
TOLERANCE = 1e-9


@dataclass(frozen=True)
class Reading:
    """What masdar understood of one statement of the sentence."""

    value: float
    unit: str
    metric: str
    precision: float
    value_high: float | None = None
    qualifier: str | None = None
    """A hedge (``app.models.qualifier``) or ``range``."""
    year: int | None = None
    period_start_year: int | None = None
    per_unit: str | None = None
    initiatives: frozenset[str] = frozenset()
    """Initiatives the text names near the statement."""
    umbrella: frozenset[str] = frozenset()
    """Of those, the national strategies: they hold every initiative, so naming one does
    not name the initiative a partner stands behind."""
    partners: frozenset[str] = frozenset()
    """Partners the text names near the statement."""
    words: frozenset[str] = frozenset()
    """The words after the statement, up to the next figure (``knowledge.word_keys``):
    what the sentence says the amount is for ("450 million for venture capital")."""
    words_before: frozenset[str] = frozenset()
    """The words before it, back to the previous figure ("for start-ups, 750 million")."""

    @property
    def money(self) -> bool:
        return self.unit in MONEY

    @property
    def loose(self) -> bool:
        return self.metric in GENERIC or self.metric == self.unit

    def interval(self, value: float) -> Interval:
        """The values the sentence allows, its number read as ``value``."""
        if self.qualifier == RANGE and self.value_high is not None:
            return Interval(self.value, self.value_high)
        return interval(value, self.qualifier)


@dataclass(frozen=True)
class Comparison:
    claim: Claim
    fit: str
    """How the claim's subject relates to the text: ``named``, ``linked`` (a named
    partner stands behind it), ``unnamed`` (the text names nothing) or ``other``."""
    loose: bool
    """The statement does not say what it counts: compared by unit only."""
    differs_in: tuple[str, ...]
    unchecked: tuple[str, ...]
    distance: float
    """``|log(statement / claim)|``: how far apart the numbers are."""


@dataclass(frozen=True)
class Judgment:
    verdict: str
    evidence: tuple[Comparison, ...] = ()
    differs_in: tuple[str, ...] = ()
    unchecked: tuple[str, ...] = ()
    rule: str = ""
    """Which rule decided, in one sentence."""
    related: tuple[Comparison, ...] = field(default=())


def comparable(r: Reading, c: Claim) -> bool | None:
    """None when the claim counts another kind of thing; else whether the match is
    loose (the statement does not say what it counts)."""
    if r.money != (c.unit in MONEY):
        return None
    if r.money:
        if r.metric == "amount":
            return True
        return None if (r.metric in VALUE_METRICS) != (c.metric in VALUE_METRICS) else False
    if r.unit == "count" and r.metric == "count":
        return True  # «12» alone, «two» of something the reader did not name
    if r.unit != c.unit and not (c.unit == "count" and r.unit in c.metric.split("_")):
        return None  # two cloud regions (regions) are Oracle's 2 cloud_regions (count)
    if r.metric == c.metric or r.metric in c.metric.split("_"):
        return False
    return True if r.loose else None


def _fit(r: Reading, c: Claim) -> str:
    specific = r.initiatives - r.umbrella
    if c.subject_id in r.initiatives:
        return "named"
    if not specific and r.partners & c.partners:
        return "linked"
    if not r.initiatives and not r.partners:
        return "unnamed"
    return "other"


def same_number(r: Reading, c: Claim) -> bool:
    """Both numbers admit each other at the precision they were written with."""
    if r.value_high is not None:
        return r.value * (1 - TOLERANCE) <= c.value <= r.value_high * (1 + TOLERANCE)
    gap = abs(r.value - c.value)
    return gap <= min(r.precision, c.precision) / 2 + TOLERANCE * max(abs(c.value), 1)


def hedge_difference(r: Reading, c: Claim) -> str | None:
    """None when some article's interval lies within the sentence's."""
    allowed = r.interval(c.value)
    if any(allowed.includes(interval(c.value, m.qualifier)) for m in c.members):
        return None
    return "hedge_dropped" if r.qualifier is None else "hedge"


def year_state(r: Reading, c: Claim) -> str:
    """``ok``, ``differs``, or ``unstated`` (the articles give no year for this fact)."""
    if r.year is None:
        return "ok"
    ends = {m.year for m in c.members if m.year}
    if not ends:
        return "unstated"
    starts = {m.period_start_year for m in c.members if m.period_start_year}
    if r.year not in ends or (r.period_start_year and starts and r.period_start_year not in starts):
        return "differs"
    return "ok"


def compare(r: Reading, c: Claim) -> Comparison | None:
    loose = comparable(r, c)
    if loose is None:
        return None
    fit = _fit(r, c)
    differs: list[str] = []
    givers = set(c.givers)
    if fit == "other" or (r.partners and givers and not r.partners & givers):
        differs.append("subject")
    if r.money and (r.unit != c.unit or r.per_unit != c.per_unit):
        differs.append("unit")
    if not same_number(r, c):
        differs.append("value")
    elif (hedge := hedge_difference(r, c)) is not None:
        differs.append(hedge)
    year = year_state(r, c)
    if year == "differs":
        differs.append("year")
    distance = abs(math.log(r.value / c.value)) if r.value > 0 and c.value > 0 else math.inf
    return Comparison(
        c, fit, loose, tuple(differs), ("year",) if year == "unstated" else (), distance
    )


def _other_part(r: Reading, support: list[Comparison], claims: list[Claim]) -> Comparison | None:
    """When the supporting claim has siblings (the same subject, metric and unit, another
    value: a fund's parts), the sentence's words may say which one it means: the 450 M
    «لدعم شركات رأس المال المخاطر» is not the part «لبناء المشاريع الناشئة». The words
    every sibling shares say nothing; the words after the number speak first, else those
    before it; a sibling whose own words they use more than the supporting claim's is the
    one the sentence means."""
    if len(support) != 1:
        return None
    c = support[0].claim
    siblings = [
        s
        for s in claims
        if (s.subject_id, s.metric, s.unit) == (c.subject_id, c.metric, c.unit) and s.id != c.id
    ]
    if not siblings:
        return None
    shared = frozenset.intersection(c.words, *(s.words for s in siblings))
    for words in (r.words, r.words_before):

        def used(s: Claim, words: frozenset[str] = words) -> int:
            return len(words & (s.words - shared))

        mine = used(c)
        best = max(siblings, key=lambda s: (used(s), -abs(s.value - c.value)))
        theirs = used(best)
        if mine or theirs:
            break
    if theirs <= mine:
        return None
    found = compare(r, best)
    return found if found is not None and found.differs_in else None


def _closest(r: Reading, found: list[Comparison]) -> tuple[Comparison, ...]:
    """The comparisons that differ in the fewest ways, the same metric before another of
    its kind, nearest number first (two at most)."""

    def rank(x: Comparison) -> tuple[int, bool]:
        return len(x.differs_in), x.claim.metric != r.metric

    fewest = min(rank(x) for x in found)
    best = [x for x in found if rank(x) == fewest]
    best.sort(key=lambda x: (x.distance, -x.claim.corroborated_by, x.claim.id))
    return tuple(best[:2])


def _judgeable(r: Reading, x: Comparison, sole: set[str]) -> bool:
    """Can this comparison decide? A statement that does not say what it counts (loose)
    decides only when the number is the same, or a rate in the claim's period, or the
    money's giver is named: else nothing says it is the same fact. A text that names no
    subject decides only with a statement that says what it counts; for money (the
    articles give many amounts), only to support it, unless what the money is names one
    subject's claim (``sole``: value added is only the strategy's) or its period is the
    claim's. A loose statement about nothing named is supported only in the claim's
    period ("11 billion dirhams between 2024 and 2026")."""
    dated = r.year is not None and year_state(r, x.claim) == "ok"
    if x.fit == "unnamed" and x.loose:
        return dated and not x.differs_in
    if x.fit == "unnamed" and r.money and x.differs_in:
        return x.claim.metric in sole or dated
    if x.loose and "value" in x.differs_in:
        rate = r.per_unit is not None and r.per_unit == x.claim.per_unit
        return rate or bool(r.partners & set(x.claim.givers))
    return True


def judge(r: Reading, claims: list[Claim]) -> Judgment:
    compared = [x for c in claims if (x := compare(r, c)) is not None]
    subjects: dict[str, set[str]] = {}
    for c in claims:
        subjects.setdefault(c.metric, set()).add(c.subject_id)
    sole = {m for m, held_by in subjects.items() if len(held_by) == 1 and m == r.metric}
    found = [x for x in compared if _judgeable(r, x, sole)]
    for fit, rule in (
        (
            "named",
            "a claim about the subject the text names has the same metric, unit and "
            "number, and an article's hedge implies the sentence's",
        ),
        (
            "linked",
            "a claim about an initiative the named partner stands behind has the same "
            "metric, unit and number, and an article's hedge implies the sentence's",
        ),
        (
            "unnamed",
            "the text names no subject; a claim with the same metric, unit and "
            "number, and an article's hedge implying the sentence's",
        ),
    ):
        support = [x for x in found if x.fit == fit and not x.differs_in]
        other = _other_part(r, support, claims)
        if other is not None:
            return Judgment(
                DIFFERS,
                (other,),
                other.differs_in,
                (),
                "the articles give this subject several amounts of this kind; the words "
                "around the number are those of another one",
            )
        if support:
            support.sort(key=lambda x: (-x.claim.corroborated_by, x.claim.id))
            unchecked = tuple(sorted({u for x in support for u in x.unchecked}))
            if any(not x.unchecked for x in support):
                unchecked = ()
            return Judgment(SUPPORTED, tuple(support), (), unchecked, rule)
    on_subject = [x for x in found if x.fit == "named" and "subject" not in x.differs_in]
    swapped = [x for x in found if x.differs_in == ("subject",) and not x.loose]
    if swapped and on_subject and min(len(x.differs_in) for x in on_subject) > 1:
        on_subject = []  # this very number is another subject's: that says more
    linked = [x for x in found if x.fit == "linked" and "subject" not in x.differs_in]
    unnamed = [x for x in found if x.fit == "unnamed"]
    for group, rule in (
        (on_subject, "the articles give this subject's {what} otherwise"),
        (swapped, "the articles give this very number, metric and unit for another subject"),
        (
            linked,
            "the articles give the {what} of the initiative the named partner stands "
            "behind otherwise",
        ),
        (unnamed, "the text names no subject; the nearest claim with this metric and unit differs"),
    ):
        if group:
            best = _closest(r, group)
            differs = tuple(a for a in ASPECTS if any(a in x.differs_in for x in best[:1]))
            what = best[0].claim.metric.replace("_", " ")
            return Judgment(DIFFERS, best, differs, (), rule.format(what=what))
    related = tuple(x for x in compared if x.fit in ("named", "linked"))
    return Judgment(
        NOT_FOUND,
        rule="no claim with this subject, metric and unit: masdar holds nothing on it, "
        "which does not make it false",
        related=related[:3],
    )
