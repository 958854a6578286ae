"""The verdict rules (app/services/factcheck/judge.py) on claims built by hand: no database,
each rule alone."""

from __future__ import annotations

import pytest

from app.services.factcheck.judge import Reading, judge, same_number
from app.services.factcheck.knowledge import Claim, Member, word_keys


def member(fid: str, qualifier: str | None = None, **extra: object) -> Member:
    return Member(id=fid, kind="target", label=fid, qualifier=qualifier, sources=("000",),
                  citations=(), **extra)  # type: ignore[arg-type]  # fmt: skip


def claim(
    subject: str,
    metric: str,
    value: float,
    unit: str,
    *members: Member,
    precision: float = 1.0,
    partners: frozenset[str] = frozenset(),
    words: str = "",
) -> Claim:
    return Claim(
        id=f"{subject}:{metric}:{value:g}:{unit}",
        subject_id=subject,
        subject_name=subject,
        subject_name_ar=None,
        metric=metric,
        value=value,
        unit=unit,
        precision=precision,
        members=members or (member(f"{subject}-{metric}"),),
        sources=("000",),
        corroborated_by=1,
        partners=partners,
        words=word_keys(words),
    )


DAKHLA = claim(
    "dakhla", "power_capacity", 500, "MW", member("d0", "up_to"), member("d2"), member("d3")
)
ONEPOINT = claim(
    "onepoint-centre", "jobs", 500, "jobs", member("o4", "more_than", deadline_year=2029)
)
FUND = claim("fund", "fund_size", 1.3e9, "MAD", precision=1e8)
ORACLE = claim(
    "oracle-regions",
    "investment",
    140e6,
    "USD",
    member("oi", giver_id="oracle", giver_name="Oracle"),
    precision=1e6,
    partners=frozenset({"oracle"}),
)
CLAIMS = [DAKHLA, ONEPOINT, FUND, ORACLE]


def reading(value: float, unit: str, metric: str, **extra: object) -> Reading:
    extra.setdefault("precision", 1.0)
    return Reading(value=value, unit=unit, metric=metric, **extra)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "precision", "same"),
    [
        (1.3e9, 1e8, True),  # "1.3 billion"
        (1_300_000_000, 1, True),  # written out in full
        (1e9, 1e9, False),  # "1 billion" admits 1.3 bn, but 1.3 bn does not admit 1 bn
        (1.27e9, 1e7, False),  # "1.27 billion": the components' sum, not the stated total
        (1.4e9, 1e8, False),
    ],
)
def test_numbers_are_the_same_when_each_admits_the_other(
    value: float, precision: float, same: bool
) -> None:
    r = Reading(value=value, unit="MAD", metric="fund_size", precision=precision)
    assert same_number(r, FUND) is same


@pytest.mark.parametrize(
    ("qualifier", "verdict", "differs_in"),
    [
        (None, "supported", ()),  # 002 and 003 state exactly 500
        ("up_to", "supported", ()),
        ("approximate", "supported", ()),
        ("more_than", "differs", ("hedge",)),
        ("less_than", "differs", ("hedge",)),
    ],
)
def test_a_hedge_is_supported_when_an_article_implies_it(
    qualifier: str | None, verdict: str, differs_in: tuple[str, ...]
) -> None:
    r = reading(500, "MW", "power_capacity", qualifier=qualifier, initiatives=frozenset({"dakhla"}))
    j = judge(r, CLAIMS)
    assert (j.verdict, j.differs_in) == (verdict, differs_in)


def test_a_hedge_dropped_and_a_year() -> None:
    named = frozenset({"onepoint-centre"})
    dropped = judge(reading(500, "jobs", "jobs", year=2029, initiatives=named), CLAIMS)
    assert (dropped.verdict, dropped.differs_in) == ("differs", ("hedge_dropped",))
    kept = judge(
        reading(500, "jobs", "jobs", qualifier="more_than", year=2029, initiatives=named), CLAIMS
    )
    assert kept.verdict == "supported" and kept.unchecked == ()
    late = judge(
        reading(500, "jobs", "jobs", qualifier="more_than", year=2031, initiatives=named), CLAIMS
    )
    assert (late.verdict, late.differs_in) == ("differs", ("year",))
    no_year = judge(
        reading(500, "MW", "power_capacity", year=2027, initiatives=frozenset({"dakhla"})), CLAIMS
    )
    assert (no_year.verdict, no_year.unchecked) == ("supported", ("year",))


def test_money_given_by_another_partner() -> None:
    oracle = reading(140e6, "USD", "investment", partners=frozenset({"oracle"}))
    assert judge(oracle, CLAIMS).verdict == "supported"  # the initiative Oracle funds
    mistral = reading(140e6, "USD", "investment", partners=frozenset({"mistral"}))
    j = judge(mistral, CLAIMS)
    assert (j.verdict, j.differs_in, j.evidence[0].claim.id) == ("differs", ("subject",), ORACLE.id)
    dirhams = reading(140e6, "MAD", "investment", partners=frozenset({"oracle"}))
    assert judge(dirhams, CLAIMS).differs_in == ("unit",)


def test_what_a_text_does_not_say_is_not_judged() -> None:
    # no subject named, and the words do not say what the money is: nothing to compare
    assert judge(reading(140e6, "USD", "amount"), CLAIMS).verdict == "not_found"
    # a subject named, but another number that may count something else
    loose = reading(2e9, "MAD", "amount", initiatives=frozenset({"fund"}))
    assert judge(loose, CLAIMS).verdict == "not_found"
    # the same number with the subject named: it is this fund
    same = reading(1.3e9, "MAD", "amount", precision=1e8, initiatives=frozenset({"fund"}))
    assert judge(same, CLAIMS).verdict == "supported"
    # researchers are not jobs
    assert judge(reading(500, "people", "researchers"), CLAIMS).verdict == "not_found"


def test_a_funds_parts_are_told_apart_by_their_words() -> None:
    startups = claim("fund", "allocation", 750e6, "MAD", words="building start-ups")
    venture = claim("fund", "allocation", 450e6, "MAD", words="supporting venture-capital firms")
    named = frozenset({"fund"})

    def said(value: float, words: str) -> str:
        r = reading(value, "MAD", "allocation", initiatives=named, words=word_keys(words))
        return judge(r, [startups, venture]).verdict

    assert said(450e6, "for venture capital") == "supported"
    assert said(450e6, "to building start-ups") == "differs"
    assert said(450e6, "") == "supported"  # the words say nothing: the number decides
