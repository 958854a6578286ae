"""Quantities: numbers in every notation, with their unit, value, precision and span."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from app.reading.quantities import Quantity, context, read_quantities, words

SEED = Path(__file__).parents[2] / "data" / "seed"
SOURCES = sorted((SEED / "sources").glob("*.txt"))


def _read(text: str) -> list[tuple[str, Decimal, str | None]]:
    return [(q.text, q.value, q.unit) for q in read_quantities(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # digits, separators, other digit scripts
        ("50000", [("50000", 50_000, None)]),
        ("50,000", [("50,000", 50_000, None)]),
        ("1,200 باحث", [("1,200 باحث", 1200, "people")]),
        ("1.3", [("1.3", Decimal("1.3"), None)]),
        ("٥٠٠ ميغاواط", [("٥٠٠ ميغاواط", 500, "MW")]),
        ("١٬٢٠٠ باحث", [("١٬٢٠٠ باحث", 1200, "people")]),
        ("١٫٣ مليار درهم", [("١٫٣ مليار درهم", 1_300_000_000, "MAD")]),
        ("۱۲ مؤسسة", [("۱۲ مؤسسة", 12, "institutes")]),
        ("1.200 مليون درهم", [("1.200 مليون درهم", 1_200_000_000, "MAD")]),
        ("أكثر من 3.000 منصب شغل", [("3.000 منصب شغل", 3000, "jobs")]),
        ("٢ بالمائة", [("٢ بالمائة", 2, "percent")]),
        ("عشرون شركة ناشئة", [("عشرون شركة", 20, "companies")]),
        ("train 12,000 young people", [("12,000 young people", 12_000, "people")]),
        ("اثنا عشر مركزًا جهويًا", [("اثنا عشر مركزًا", 12, "centres")]),
        # Arabic number and scale words, duals, plurals
        ("خمسين ألف وظيفة", [("خمسين ألف وظيفة", 50_000, "jobs")]),
        ("عشرة مليارات دولار", [("عشرة مليارات دولار", 10_000_000_000, "USD")]),
        ("مليارين", [("مليارين", 2_000_000_000, None)]),
        ("مليارين درهم", [("مليارين درهم", 2_000_000_000, "MAD")]),
        ("ثماني اتفاقيات", [("ثماني اتفاقيات", 8, "count")]),
        ("ثلاثة آلاف طالب", [("ثلاثة آلاف طالب", 3000, "people")]),
        ("مليارات الدراهم", []),
        # English words, scales and abbreviations
        ("100 billion", [("100 billion", 100_000_000_000, None)]),
        ("100 billion dirhams", [("100 billion dirhams", 100_000_000_000, "MAD")]),
        ("1.3 bn", [("1.3 bn", 1_300_000_000, None)]),
        ("1.3bn MAD", [("1.3bn MAD", 1_300_000_000, "MAD")]),
        ("140 million", [("140 million", 140_000_000, None)]),
        ("$140m", [("$140m", 140_000_000, "USD")]),
        ("US$ 140 million", [("US$ 140 million", 140_000_000, "USD")]),
        ("USD 140 million", [("USD 140 million", 140_000_000, "USD")]),
        ("500MW", [("500MW", 500, "MW")]),
        ("500 megawatts", [("500 megawatts", 500, "MW")]),
        ("2 GW", [("2 GW", 2000, "MW")]),
        ("15k jobs", [("15k jobs", 15_000, "jobs")]),
        ("fifty thousand jobs", [("fifty thousand jobs", 50_000, "jobs")]),
        ("twenty-five", [("twenty-five", 25, None)]),
        (
            "two hundred and fifty thousand graduates",
            [("two hundred and fifty thousand graduates", 250_000, "people")],
        ),
        ("a million dollars", [("a million dollars", 1_000_000, "USD")]),
        ("20%", [("20%", 20, "percent")]),
        ("20 في المائة", [("20 في المائة", 20, "percent")]),
        ("1e9", [("1e9", 1_000_000_000, None)]),
        # units after a filler word, or an Arabic definite noun before the number
        ("60 ألف من فرص العمل", [("60 ألف من فرص العمل", 60_000, "jobs")]),
        ("الجهات الإثنتي عشرة", [("الإثنتي عشرة", 12, "regions")]),
        # English modifiers between the number and its unit, never after a year
        ("1,200 AI researchers", [("1,200 AI researchers", 1200, "people")]),
        ("50 government websites", [("50 government websites", 50, "websites")]),
        ("500 highly qualified jobs", [("500 highly qualified jobs", 500, "jobs")]),
        ("five new data centres", [("five new data centres", 5, "centres")]),
        ("2030 AI jobs", [("2030", 2030, None)]),
        ("140 million to build data centres", [("140 million", 140_000_000, None)]),
        ("10,000 GPUs to Morocco", [("10,000", 10_000, None)]),
        ("3 of the jobs", [("3", 3, None)]),
        # not numbers, or no value
        ("AI71 و UM6P", []),
        ("عثمان القدوري", []),
        ("٫٫٫", []),
        ("ًٌٍَُِّْ", []),
        ("hundreds of jobs", []),
    ],
)
def test_read_quantities(text: str, expected: list[tuple[str, Any, str | None]]) -> None:
    assert _read(text) == [(t, Decimal(v), u) for t, v, u in expected]


def test_fact_check_sentences() -> None:
    ar = read_quantities("المغرب سيخلق 60 ألف فرصة عمل بحلول 2030")
    assert [(q.text, q.value, q.unit, q.noun) for q in ar] == [
        ("60 ألف فرصة عمل", 60_000, "jobs", "jobs"),
        ("2030", 2030, None, None),
    ]
    en = read_quantities("Oracle will invest $140 million in two cloud regions")
    assert [(q.text, q.value, q.unit, q.start, q.end) for q in en] == [
        ("$140 million", 140_000_000, "USD", 19, 31),
        ("two cloud regions", 2, "regions", 35, 52),  # a modifier between number and unit
    ]
    assert en[0].number.text == "140 million" and en[0].unit_span == (19, 20)


@pytest.mark.parametrize(
    ("text", "value", "admitted"),
    [
        ("1.3 billion", 1_300_000_000, True),
        ("1.3 billion", 1_270_000_000, True),  # the fund's components sum to 1.27 bn
        ("1.27 billion", 1_300_000_000, False),
        ("1.27 billion", 1_270_000_000, True),
        ("100 billion", 100_000_000_000, True),
        ("100 billion", 101_000_000_000, False),
        ("50 ألف", 50_000, True),
        ("50 ألف", 50_400, True),
        ("50000", 50_400, False),
        ("50,000", 50_000.0, True),
        ("مليارين", 2_000_000_000, True),
        ("1e309", 1e308, False),
    ],
)
def test_precision_the_writer_used(text: str, value: float, admitted: bool) -> None:
    (q,) = read_quantities(text)
    assert q.admits(value) is admitted


def test_admits_checks_the_unit_when_both_have_one() -> None:
    (q,) = read_quantities("140 مليون دولار")
    assert q.admits(140_000_000, "USD") and not q.admits(140_000_000, "MAD")
    (bare,) = read_quantities("140 million")
    assert bare.admits(140_000_000, "MAD") and bare.admits(140_000_000, "USD")


def test_rate_and_describe() -> None:
    stipend, years = read_quantities("**7,000 درهم شهريًا لمدة 3 سنوات**")
    assert (stipend.text, stipend.value, stipend.unit, stipend.per) == (
        "7,000 درهم شهريًا",
        7000,
        "MAD",
        "month",
    )
    assert (years.value, years.unit, years.per) == (3, "years", None)
    assert [q.describe() for q in read_quantities("Oracle will invest $140m in two regions")] == [
        "$140m = 140000000 USD (±500000)",
        "two regions = 2 regions (±0.5)",
    ]


def test_context_gives_the_words_a_statement_reader_needs() -> None:
    text = "خلق قيمة مضافة تقارب 100 مليار درهم وتوفير ما يقارب 50 ألف فرصة عمل بحلول عام 2030"
    value_added, jobs, year = read_quantities(text)
    before, after = context(text, value_added, 2)
    assert [w.text for w in before] == ["مضافة", "تقارب"]
    assert [w.text for w in after] == ["وتوفير", "ما"]
    before, after = context(text, jobs, 2)
    assert [w.text for w in before] == ["ما", "يقارب"]
    assert [(w.text, w.key) for w in after] == [("بحلول", "بحلول"), ("عام", "عام")]
    assert year.value == 2030 and year.unit is None


def _figure_quotes() -> list[tuple[str, float, str, str]]:
    figures = yaml.safe_load((SEED / "figures.yaml").read_text(encoding="utf-8"))
    return [
        (f["id"], f["value"], f["unit"], c["quote"])
        for f in figures
        for c in f["cite"]
        if c.get("field") in (None, "value")
    ]


@pytest.mark.parametrize(("fid", "value", "unit", "quote"), _figure_quotes(), ids=lambda x: x)
def test_every_figure_quote_reads_as_its_value_and_unit(
    fid: str, value: float, unit: str, quote: str
) -> None:
    found = [q for q in read_quantities(quote) if q.admits(value, unit)]
    assert found, f"{fid}: {[q.describe() for q in read_quantities(quote)]}"
    assert found[0].unit in (unit, None)


def test_figure_quotes_name_their_units() -> None:
    units = {
        fid: next(q.unit for q in read_quantities(quote) if q.admits(value, unit))
        for fid, value, unit, quote in _figure_quotes()
    }
    assert units["dakhla-capacity-003"] == "MW"  # ميغاوات, the other spelling
    assert units["jobs-000"] == "jobs"  # فرصة عمل
    assert units["onepoint-jobs-004"] == "jobs"  # فرصة شغل
    assert units["pass-researchers-003"] == "people"
    assert units["plan-investment-003"] == "USD"
    assert units["oracle-cloud-regions-003"] is None  # منطقتي سحابة: the dual counts clouds


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_spans_are_exact_in_every_article(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    found = read_quantities(text)
    end = 0
    for q in found:
        assert text[q.start : q.end] == q.text
        assert q.start <= q.number.start and q.number.end <= q.end
        assert q.start >= end
        end = q.end
    for w in words(text):
        assert text[w.start : w.end] == w.text


def test_hostile_text_reads_without_error() -> None:
    assert read_quantities("") == []
    long = "١٫٢" * 5000
    assert all(long[q.start : q.end] == q.text for q in read_quantities(long))
    huge = read_quantities("1" + "0" * 400 + " دولار")
    assert huge[0].unit == "USD" and huge[0].value == Decimal(10) ** 400
    assert isinstance(read_quantities("1e-9999")[0], Quantity)
