"""The hedge vocabulary and its intervals (app/models/qualifier.py), on the articles' words."""

from __future__ import annotations

import math

import pytest

from app.models.qualifier import (
    Interval,
    Qualifier,
    hedges_in,
    interval,
    overlap,
    written_precision,
)


@pytest.mark.parametrize(
    ("qualifier", "inside", "outside"),
    [
        (None, [500], [499.9, 500.1]),
        ("approximate", [45_000, 50_000, 55_000], [44_999, 55_001]),
        ("at_least", [50, 51, 10**9], [49.99]),
        ("more_than", [50.01, 51, 10**9], [50, 49]),
        ("up_to", [0, 250, 500], [500.01]),
        ("less_than", [0, 499.99], [500, 501]),
    ],
)
def test_interval_of_each_hedge(
    qualifier: str | None, inside: list[float], outside: list[float]
) -> None:
    value = (
        50_000
        if qualifier == "approximate"
        else (50 if qualifier in ("at_least", "more_than") else 500)
    )
    allowed = interval(value, qualifier)
    assert all(x in allowed for x in inside), allowed
    assert not any(x in allowed for x in outside), allowed


def test_unknown_qualifier_is_an_error() -> None:
    with pytest.raises(ValueError, match="atleast"):
        interval(5, "atleast")


@pytest.mark.parametrize(
    ("a", "b", "both_true"),
    [
        ((500, "up_to"), (500, None), True),  # Dakhla: «تصل إلى 500» (000) and «500» (002)
        ((50, "more_than"), (50, None), False),  # more than 50 excludes exactly 50
        ((50, "at_least"), (50, None), True),
        ((500, "up_to"), (500, "more_than"), False),
        ((500, "less_than"), (500, "at_least"), False),
        ((450, "at_least"), (500, None), True),
        ((300, None), (500, "up_to"), True),
        ((300, None), (500, None), False),
        ((100, "approximate"), (109, None), True),
        ((100, "approximate"), (111, None), False),
    ],
)
def test_two_statements_can_both_be_true(
    a: tuple[float, str | None], b: tuple[float, str | None], both_true: bool
) -> None:
    assert interval(*a).overlaps(interval(*b)) is both_true
    assert overlap([interval(*a), interval(*b)]) is both_true


@pytest.mark.parametrize(
    ("outer", "inner", "implied"),
    [
        ((500, "up_to"), (500, None), True),  # «500 ميغاواط» (002) implies "up to 500"
        ((500, None), (500, "up_to"), False),  # "up to 500" does not imply exactly 500
        ((50_000, "approximate"), (50_000, None), True),
        ((50_000, None), (50_000, "approximate"), False),  # the hedge dropped
        ((500, "more_than"), (500, "more_than"), True),
        ((500, "at_least"), (500, "more_than"), True),
        ((500, "more_than"), (500, "at_least"), False),  # 500 itself
        ((500, None), (500, "more_than"), False),
        ((500, "less_than"), (500, "up_to"), False),
        ((500, "up_to"), (500, "less_than"), True),
        ((400, "more_than"), (500, None), True),
        ((600, "up_to"), (500, "approximate"), True),
    ],
)
def test_one_statement_implies_another(
    outer: tuple[float, str | None], inner: tuple[float, str | None], implied: bool
) -> None:
    assert interval(*outer).includes(interval(*inner)) is implied


def test_written_precision_is_what_rounds_to_the_written_number() -> None:
    assert written_precision(1_300_000_000, 100_000_000) == Interval(
        1_250_000_000, 1_350_000_000, high_open=True
    )
    assert 1_270_000_000 in written_precision(1_300_000_000, 100_000_000)  # 750 M + 450 M + 70 M
    assert 1_270_000_000 not in written_precision(1_300_000_000, 10_000_000)  # «1.30»
    assert written_precision(500, 0) == Interval(500, 500)
    assert str(interval(50, "more_than")) == "(50, ∞)"
    assert str(interval(500, "less_than")) == "[0, 500)"
    assert math.isinf(interval(50, "at_least").high)


@pytest.mark.parametrize(
    ("quote", "hedges"),
    [
        ("تحويل أكثر من 50 موقعًا إلى بوابة موحدة", {Qualifier.more_than}),
        ("خلق أكثر من 500 فرصة شغل عالية التأهيل", {Qualifier.more_than}),
        ("بطاقة تصل إلى 500 ميغاواط", {Qualifier.up_to}),
        ("ما يقارب 50 ألف فرصة عمل مباشرة وغير مباشرة", {Qualifier.approximate}),
        ("خلق قيمة مضافة تقارب 100 مليار درهم", {Qualifier.approximate}),
        ("ما لا يقل عن 10 مواقع", {Qualifier.at_least}),
        ("أقل من 5 سنوات", {Qualifier.less_than}),
        ("مركز بيانات بطاقة 500 ميغاواط في الداخلة", set()),
        ("تمتد حتى 2030", set()),  # «حتى» is "until" here
        ("دون الحاجة لدفع تكاليف عالية", set()),
        ("ولن تتجاوز رسوم التسيير نسبة ٢ بالمائة", {Qualifier.up_to}),
        ("40% على الأقل", {Qualifier.at_least}),
        ("لن تقل عن 20 في المائة", {Qualifier.at_least}),
        ("about 500 MW", {Qualifier.approximate}),
        ("more than 1,200 researchers", {Qualifier.more_than}),
        ("500 MW or more", {Qualifier.at_least}),
        ("less than 5 percent", {Qualifier.less_than}),
    ],
)
def test_hedge_words_in_the_articles(quote: str, hedges: set[Qualifier]) -> None:
    assert hedges_in(quote) == hedges
