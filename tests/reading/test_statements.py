"""The statement reader on snippets (Arabic and English) and on whole articles: values,
units, hedges, ranges, deadlines, not-a-figure classes, and quotes the locator agrees on."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.reading.statements import Statement, read_statements
from app.seed.verify import locate

ROOT = Path(__file__).parents[2]
ARTICLES = sorted((ROOT / "data" / "seed" / "sources").glob("*.txt"))
ARTICLES += sorted((ROOT / "tests" / "proposals" / "articles").glob("*.txt"))


def _figures(text: str) -> list[Statement]:
    return [s for s in read_statements(text) if s.figure]


def _one(text: str) -> Statement:
    (s,) = _figures(text)
    return s


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier", "quote"),
    [
        # the seed articles' own words
        (
            "مركز بيانات ضخم في مدينة الداخلة بطاقة تصل إلى 500 ميغاواط، يعمل",
            500,
            "MW",
            "up_to",
            "تصل إلى 500 ميغاواط",
        ),
        (
            "خلق قيمة مضافة تقارب 100 مليار درهم وتوفير",
            1e11,
            "MAD",
            "approximate",
            "تقارب 100 مليار درهم",
        ),
        (
            "وتوفير ما يقارب 50 ألف فرصة عمل مباشرة",
            50_000,
            "jobs",
            "approximate",
            "ما يقارب 50 ألف فرصة عمل",
        ),
        ("تحويل أكثر من 50 موقعًا إلى بوابة موحدة", 50, "websites", "more_than", "أكثر من 50 موقعًا"),
        ("في جميع الجهات الإثنتي عشرة للمملكة", 12, "regions", None, "الجهات الإثنتي عشرة"),
        ("صندوق المستثمرين والمؤسسين: 1.3 مليار درهم", 1.3e9, "MAD", None, "1.3 مليار درهم"),
        ("سيمول **1,200 باحث في الذكاء الاصطناعي**", 1200, "people", None, "1,200 باحث"),
        ("لإنشاء منطقتي سحابة في الدار البيضاء", 2, "count", None, "منطقتي"),
        # forms the seed articles lack
        ("بميزانية تبلغ مليارين درهم", 2e9, "MAD", None, "مليارين درهم"),
        ("و1.200 مليون درهم لتجهيز المختبرات", 1.2e9, "MAD", None, "1.200 مليون درهم"),
        ("حوالي 1.500 باحث", 1500, "people", "approximate", "حوالي 1.500 باحث"),
        (
            "أن تمثل النساء ما لا يقل عن ٣٥ في المائة من",
            35,
            "percent",
            "at_least",
            "لا يقل عن ٣٥ في المائة",
        ),
        ("نسبة الانقطاع أقل من 5 في المائة.", 5, "percent", "less_than", "أقل من 5 في المائة"),
        ("حصة المشاريع 40% على الأقل.", 40, "percent", "at_least", "40% على الأقل"),
        (
            "ولن تتجاوز رسوم التسيير نسبة ٢ بالمائة من القيمة",
            2,
            "percent",
            "up_to",
            "ولن تتجاوز رسوم التسيير نسبة ٢ بالمائة",
        ),
        ("استثمارًا يقارب ١٫٥ مليار دولار", 1.5e9, "USD", "approximate", "يقارب ١٫٥ مليار دولار"),
        ("عشرون شركة ناشئة", 20, "companies", None, "عشرون شركة"),
        # English, for the fact-check of a journalist's sentence
        ("The Dakhla centre will reach up to 500 MW.", 500, "MW", "up_to", "up to 500 MW"),
        (
            "It will fund more than 1,200 researchers.",
            1200,
            "people",
            "more_than",
            "more than 1,200 researchers",
        ),
        ("Oracle will invest $140 million in Morocco.", 1.4e8, "USD", None, "$140 million"),
        (
            "about 100 billion dirhams of value added",
            1e11,
            "MAD",
            "approximate",
            "about 100 billion dirhams",
        ),
        ("The drop-out rate stays below 5%.", 5, "percent", "less_than", "below 5%"),
        ("will cost about MAD 1.8 billion.", 1.8e9, "MAD", "approximate", "about MAD 1.8 billion"),
        ("over four years.", 4, "years", None, "four years"),
    ],
)
def test_a_figure_its_value_unit_hedge_and_quote(
    text: str, value: float, unit: str, qualifier: str | None, quote: str
) -> None:
    s = _one(text)
    assert (s.value, s.unit, s.qualifier, s.quote.text) == (value, unit, qualifier, quote)
    assert text[s.quote.start : s.quote.end] == quote


@pytest.mark.parametrize(
    ("text", "low", "high", "unit", "quote"),
    [
        ("وسيستقبل كل مختبر ما بين 200 و300 باحث", 200, 300, "people", "ما بين 200 و300 باحث"),
        ("ويمنح كل مشروع ما بين 10 و15 مليون درهم.", 1e7, 1.5e7, "MAD", "ما بين 10 و15 مليون درهم"),
        (
            "each lab hosts between 200 and 300 researchers",
            200,
            300,
            "people",
            "between 200 and 300 researchers",
        ),
    ],
)
def test_a_range_is_one_statement_with_both_ends(
    text: str, low: float, high: float, unit: str, quote: str
) -> None:
    s = _one(text)
    assert (s.value, s.value_high, s.unit, s.qualifier, s.quote.text) == (
        low,
        high,
        unit,
        "range",
        quote,
    )


def test_deadline_years_bound_the_figures_of_their_sentence() -> None:
    text = (
        "خلق قيمة مضافة تقارب 100 مليار درهم وتوفير ما يقارب 50 ألف فرصة عمل "
        "بحلول عام 2030. وتكوين 200 ألف خريج."
    )
    value, jobs, graduates = _figures(text)
    assert (value.deadline_year, jobs.deadline_year, graduates.deadline_year) == (2030, 2030, None)
    assert jobs.deadline is not None and jobs.deadline.text == "بحلول عام 2030"
    (onepoint,) = _figures("خلق أكثر من 500 فرصة شغل عالية التأهيل في أفق سنة 2029، فضلاً")
    assert (onepoint.deadline_year, onepoint.qualifier) == (2029, "more_than")
    assert _one("3,000 jobs by 2030.").deadline_year == 2030


def test_a_funds_period_and_rate() -> None:
    fund = _one("خصصت الحكومة 11 مليار درهم للفترة 2024 – 2026 لتطوير")
    assert (fund.period_start_year, fund.period_end_year) == (2024, 2026)
    assert fund.period is not None and fund.period.text == "للفترة 2024 – 2026"
    plan = _one("خطة بقيمة 10 مليارات دولار تمتد حتى عام 2030، في حدث")
    assert (plan.value, plan.unit, plan.period_end_year) == (1e10, "USD", 2030)
    stipend, years = _figures("وسيحصلون على **7,000 درهم شهريًا لمدة 3 سنوات**، بالإضافة")
    assert (stipend.value, stipend.per_unit, stipend.duration_months) == (7000, "month", 36)
    assert (years.value, years.unit, years.metric) == (3, "years", "duration")


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("يسعى المغرب إلى إضافة 100 مليار درهم إلى ناتجه المحلي", "value_added"),
        ("Morocco expects AI to add about 100 billion dirhams", "value_added"),
        ("ستستثمر أوراكل 140 مليون دولار", "investment"),
        ("Oracle plans to invest $140 million", "investment"),
        ("The government earmarked 11 billion dirhams", "budget"),
        ("رصدت الحكومة 11 مليار درهم", "budget"),
        ("The fund is worth MAD 1.3 billion", "fund_size"),
        ("It will cost 2 billion dirhams", "amount"),
        ("The fund's venture capital envelope is 450 million dirhams", "fund_size"),
        ("AI should generate 100 billion dirhams in added value", "value_added"),
        ("ستخصص الحكومة 15 مليار درهم", "budget"),
    ],
)
def test_what_the_money_is(text: str, metric: str) -> None:
    assert _one(text).metric == metric


@pytest.mark.parametrize(
    ("text", "kind", "quote"),
    [
        ("الجمعة, 16 يناير 2026\n13.1 C\nCasablanca", "date", "16 يناير 2026"),
        ("date: 2026-01-17\nauthor: x", "date", "2026-01-17"),
        ("Rabat, March 3, 2027 — The ministry", "date", "March 3, 2027"),
        ("2026\n13.1 C\nCasablanca", "chrome", "13.1 C"),
        ("## 3. صندوق المستثمرين", "ordinal", "## 3."),
        ("لأحكام القانون رقم 09.08 المتعلق", "reference", "رقم 09.08"),
        ("ولا سيما المادة 12 منه.", "reference", "المادة 12"),
        ("بموجب المرسوم رقم 2.21.583 الصادر", "reference", "رقم 2.21.583"),
        ("under Article 12 of the law", "reference", "Article 12"),
        ("follows Decree No. 2.22.431 and", "reference", "No. 2.22.431"),
        ("and ranks 2nd in the plan", "ordinal", "2nd"),
        ("واحتل المغرب المرتبة 3 إفريقيًا", "ordinal", "المرتبة 3"),
        ("ضمن نموذج الصناعة 4.0.", "name", "الصناعة 4.0"),
        ("Morocco AI 2030 will", "name", "AI 2030"),
        ("In 2024, the government", "year", "2024"),
        ("تحت عنوان «Morocco AI 2030»، اختار", "name", "AI 2030"),
        ("ابتداءً من الساعة 10:30 صباحًا", "time", "10:30"),
        ("انطلق منذ 3 سنوات في الرباط", "time", "منذ 3 سنوات"),
        ("خلال زيارة في منتصف عام 2024، بحثت", "year", "عام 2024"),
        ("قد يحد من الاعتماد على شريك واحد قد", "phrase", "شريك واحد"),
        ("تجعل الداخلة واحدة من أرخص المناطق", "phrase", "واحدة من"),
        ("اتفق الطرفان على وضع آليات", "phrase", "اتفق الطرفان"),
        ("في العامين الأخيرين، شهد", "phrase", "العامين الأخيرين"),
        ("تسعى إلى استثمار مليارات الدراهم في", "vague", "مليارات"),
    ],
)
def test_numbers_that_are_no_figure_say_why(text: str, kind: str, quote: str) -> None:
    classed = [s for s in read_statements(text) if not s.figure and s.not_figure == kind]
    assert [s.quote.text for s in classed][:1] == [quote]
    assert classed[0].reason
    assert not _figures(text) or kind == "chrome"


def test_the_dual_of_a_scale_word_and_european_separators() -> None:
    total, grants, labs = _figures(
        "بميزانية إجمالية تبلغ مليارين درهم. "
        "منها ٨٠٠ مليون درهم للمنح، و1.200 مليون درهم للمختبرات."
    )
    assert (total.value, grants.value, labs.value) == (2e9, 8e8, 1.2e9)
    assert total.precision == 1e9 and labs.precision == 1e6


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_every_quote_is_where_the_seeders_locator_finds_it(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    statements = read_statements(text)
    assert statements
    for s in statements:
        assert text[s.quote.start : s.quote.end] == s.quote.text
        assert locate(text, s.quote.text, s.quote.occurrence) == (s.quote.start, s.quote.end)
        assert s.quote.start <= s.number.start and s.number.end <= s.quote.end or not s.figure
        assert s.figure == (s.not_figure is None)
        for extra in (s.deadline, s.period):
            if extra is not None:
                assert locate(text, extra.text, extra.occurrence) == (extra.start, extra.end)


def test_a_repeated_quote_carries_its_occurrence() -> None:
    text = (ROOT / "data" / "seed" / "sources").glob("003_*.txt")
    article = next(text).read_text(encoding="utf-8")
    plans = [s for s in _figures(article) if s.unit == "USD" and s.value == 1e10]
    assert [s.quote.occurrence for s in plans] == [1, 2, 3, 4, 5]
    assert {s.quote.text for s in plans} == {"10 مليارات دولار"}


def test_text_without_numbers_and_empty_text() -> None:
    assert read_statements("") == []
    assert read_statements("أعلنت الوزارة عن برنامج جديد للذكاء الاصطناعي في الرباط.") == []
