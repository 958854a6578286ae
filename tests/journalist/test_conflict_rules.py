"""Each conflict rule on its real cases in the five articles (through HTTP, on SQLite and
PostgreSQL), and on the cases that must come out otherwise: a true contradiction added to a
test database is called one."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.config import Settings
from app.db import make_engine
from app.models import Citation, Figure, Source, Target
from app.seed.numbers import find_numbers
from app.services.conflicts.figures import Fig, significant_digits
from app.services.conflicts.hedges import hedge_conflicts
from app.services.conflicts.spelling import spelling_variant
from app.services.conflicts.sums import sum_conflicts
from app.services.conflicts.units import territories
from app.services.conflicts.values import value_conflicts
from app.services.event_dates import when


def _get(client: TestClient, cid: str) -> dict:  # type: ignore[type-arg]
    r = client.get(f"/v1/conflicts/{cid}")
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


def _fig(fid: str, value: float, qualifier: str | None = None, **kw: object) -> Fig:
    base: dict[str, object] = {
        "kind": "target",
        "subject": "s",
        "subject_name": "S",
        "metric": "m",
        "unit": "MW",
        "label": fid,
        "derived": False,
        "formula": None,
        "parent_id": None,
        "cites": [{"id": fid, "source_id": fid[-3:], "quote": "x", "start": 0, "end": 1}],
    }
    return Fig(id=fid, value=value, qualifier=qualifier, **{**base, **kw})  # type: ignore[arg-type]


# -- sums ----------------------------------------------------------------------


def test_fund_total_gap_is_rounding_at_the_written_precision(client: TestClient) -> None:
    c = _get(client, "sum_mismatch:investors-fund-003")
    assert (c["kind"], c["class"], c["severity"]) == ("sum_mismatch", "rounding", "rounding")
    assert c["difference"]["absolute"] == 30_000_000
    assert c["difference"]["relative"] == pytest.approx(30 / 1300, abs=1e-6)
    assert "2 significant digits" in c["reason"] and "(«1.3»)" in c["reason"]
    values = {v["record"]["id"]: v["value"] for v in c["values"]}
    assert values == {
        "investors-fund-003": 1_300_000_000,
        "investors-fund-startups-003": 750_000_000,
        "investors-fund-vc-003": 450_000_000,
        "investors-fund-technopark-003": 70_000_000,
        "investors-fund-components-sum": 1_270_000_000,
    }
    assert [q["quote"] for q in c["citations"]][0] == "صندوق المستثمرين والمؤسسين: 1.3 مليار درهم"


@pytest.mark.parametrize(
    ("parts", "klass"),
    [
        ([750, 450, 70], "rounding"),  # 1,270 under «1.3»
        ([750, 450], "partial_list"),  # 1,200: less, beyond rounding
        ([900, 450, 70], "contradiction"),  # 1,420: more than the whole
    ],
)
def test_sum_classes(parts: list[float], klass: str) -> None:
    cite = {"id": "t", "source_id": "003", "quote": "1.3 مليار درهم", "start": 0, "end": 14}
    total = _fig("total-003", 1.3e9, kind="fund", unit="MAD", cites=[cite])
    comps = [
        _fig(f"part{i}-003", v * 1e6, kind="fund", unit="MAD", parent_id="total-003")
        for i, v in enumerate(parts)
    ]
    (found,) = sum_conflicts([total, *comps])
    assert found["class"] == klass, found["reason"]


# -- values --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "qualifier", "klass"),
    [(300, None, "contradiction"), (450, "at_least", "different_hedges")],
)
def test_an_added_figure_is_classed_by_its_interval(
    seeded_url: str, make_client: object, value: int, qualifier: str | None, klass: str
) -> None:
    """300 MW for the Dakhla data centre cannot be true beside 002's and 003's 500 MW: a true
    contradiction. "At least 450 MW" can."""
    engine = make_engine(Settings(database_url=seeded_url))  # type: ignore[call-arg]
    with Session(engine) as s:
        text = s.get_one(Source, "004").text
        quote = "المغرب"
        start = text.index(quote)
        s.add(
            Figure(
                id="dakhla-capacity-test",
                kind="target",
                subject_id="dakhla-data-centre",
                metric="power_capacity",
                value=value,
                unit="MW",
                qualifier=qualifier,
                label="A contradicting capacity",
            )
        )
        s.flush()
        s.add(Target(figure_id="dakhla-capacity-test", target_kind="capacity"))
        s.add(
            Citation(
                id="testcite0001",
                source_id="004",
                record_type="figure",
                record_id="dakhla-capacity-test",
                field="value",
                quote=quote,
                start=start,
                end=start + len(quote),
            )
        )
        s.commit()
    engine.dispose()
    cid = f"value_mismatch:dakhla-data-centre:power_capacity:MW:{value}:500"
    with make_client(seeded_url) as client:  # type: ignore[operator]
        c = client.get(f"/v1/conflicts/{cid}").json()
        fig = client.get("/v1/figures/dakhla-capacity-test").json()
        contradictions = client.get("/v1/conflicts?class=contradiction").json()["items"]
    assert c["class"] == klass, c["reason"]
    assert c["difference"]["absolute"] == 500 - value
    assert {r["id"] for r in c["records"]} == {
        "dakhla-capacity-test",
        "dakhla-capacity-000",
        "dakhla-capacity-002",
        "dakhla-capacity-003",
    }
    assert "testcite0001" in {q["id"] for q in c["citations"]}
    assert cid in fig["conflict_ids"]
    assert [x["id"] for x in contradictions] == ([cid] if klass == "contradiction" else [])
    if klass == "contradiction":
        assert c["reason"].endswith("both cannot be true.")
        assert "«بطاقة 500 ميغاواط»" not in c["reason"]  # quotes are the figures' own
        assert "«مركز بيانات بطاقة 500 ميغاواط في الداخلة» (002)" in c["reason"]


def test_values_for_different_years_are_not_a_contradiction() -> None:
    found = value_conflicts(
        [_fig("a-001", 300, deadline_year=2026), _fig("b-002", 500, deadline_year=2030)]
    )
    assert [c["class"] for c in found] == ["different_times"]


@pytest.mark.parametrize(
    ("a", "b", "klass"),
    [
        ("1.27 مليار درهم", "1.3 مليار درهم", "rounding"),  # 1.27 bn rounds to «1.3»
        ("480 ميغاواط", "500 ميغاواط", "contradiction"),  # each exact to the megawatt
    ],
)
def test_values_round_enough_to_meet_are_rounding(a: str, b: str, klass: str) -> None:
    def fig(fid: str, quote: str) -> Fig:
        value = float(find_numbers(quote)[0].value or 0)
        cite = {"id": fid, "source_id": fid[-3:], "quote": quote, "start": 0, "end": len(quote)}
        return _fig(fid, value, unit="MAD" if "درهم" in quote else "MW", cites=[cite])

    assert [c["class"] for c in value_conflicts([fig("a-001", a), fig("b-002", b)])] == [klass]


# -- hedges --------------------------------------------------------------------


def test_dakhla_up_to_500_and_500_are_different_hedges(client: TestClient) -> None:
    c = _get(client, "qualifier_mismatch:dakhla-data-centre:power_capacity:500:MW")
    assert c["class"] == "different_hedges"
    assert "«بطاقة تصل إلى 500 ميغاواط» (000) says up to 500 MW" in c["reason"]
    assert {v["record"]["id"]: v["qualifier"] for v in c["values"]} == {
        "dakhla-capacity-000": "up_to",
        "dakhla-capacity-002": None,
        "dakhla-capacity-003": None,
    }


@pytest.mark.parametrize(
    ("a", "b", "klass"),
    [
        ("up_to", "more_than", "contradiction"),
        ("less_than", "at_least", "contradiction"),
        ("more_than", None, "rounding"),  # "more than 500" vs a written "500": round enough
        ("at_least", None, "different_hedges"),
    ],
)
def test_hedges_that_exclude_each_other(a: str, b: str | None, klass: str) -> None:
    cites = [{"id": "q", "source_id": "002", "quote": "500", "start": 0, "end": 3}]
    found = hedge_conflicts([_fig("x-001", 500, a), _fig("y-002", 500, b, cites=cites)])
    assert [c["class"] for c in found] == [klass]


# -- units ---------------------------------------------------------------------


def test_twelve_regions_and_twelve_institutions_in_all_provinces_are_loose_wording(
    client: TestClient,
) -> None:
    c = _get(client, "unit_mismatch:jazari-network:12:institutes:regions")
    assert c["class"] == "loose_wording" and c["severity"] == "informational"
    assert {r["id"] for r in c["records"]} == {"jazari-regions-001", "jazari-institutes-003"}
    assert "province in 003, region in 001" in c["reason"]
    assert {q["source_id"] for q in c["citations"]} == {"001", "003"}


@pytest.mark.parametrize(
    ("quote", "found"),
    [
        ("المنتشرة في جميع الجهات الإثنتي عشرة للمملكة", {"region"}),
        ("12 مؤسسة Jazari** في جميع الأقاليم", {"province"}),
        ("توقيع ثماني اتفاقيات", set()),
    ],
)
def test_territories(quote: str, found: set[str]) -> None:
    assert territories(quote) == found


# -- spelling ------------------------------------------------------------------


def test_minister_name_spelled_differently(client: TestClient) -> None:
    c = _get(client, "spelling:person:amal-el-fallah-seghrouchni")
    assert c["class"] == "spelling"
    assert {v["value"]: v["sources"] for v in c["values"]} == {
        "السغروشني": ["000", "004"],
        "سغروتشني": ["001"],
        "صغروتشني": ["001"],
    }


@pytest.mark.parametrize(
    ("a", "b", "variant"),
    [
        ("السغروشني", "سغروتشني", True),
        ("أمل الفلاح السغروشني", "أمل الفلاح سغروتشني", True),
        ("الجزري", "جزاري", True),
        ("الحوسبة السحابية السيادية", "السحابة الوطنية الجديدة", False),
        ("ميسترال", "Mistral", False),
        ("غيثة مزور", "رياض مزور", False),
        ("الجزري", "الجزري", False),
    ],
)
def test_spelling_variant(a: str, b: str, variant: bool) -> None:
    assert spelling_variant(a, b) is variant


# -- dates ---------------------------------------------------------------------


def test_welcomed_in_mid_2024_and_launched_in_2026_are_stages(client: TestClient) -> None:
    c = _get(client, "date_mismatch:jazari-network:ustda-visit-rabat-2024:ai-made-in-morocco-day")
    assert c["class"] == "stages"
    # mid-2024 (002) against the day's bounds: after the forum «الذي انعقد في يوليو الماضي»
    # (July 2025 by the page date) and not after the page date, 2026-01-16 (001)
    assert [v["value"] for v in c["values"]] == ["2024-04-01/2024-09-30", "2025-07-01/2026-01-16"]
    assert c["difference"]["days"] == (date(2025, 7, 1) - date(2024, 9, 30)).days == 274
    assert [v["sources"] for v in c["values"]] == [["002"], ["001"]]
    quotes = {q["quote"] for q in c["citations"]}
    assert {"خلال زيارة إلى الرباط في منتصف عام 2024", "إطلاق شبكة المعاهد « جزاري »"} <= quotes
    assert "هذا اليوم يأتي استكمالاً للملتقى الوطني للذكاء الاصطناعي" in quotes


def test_a_weekday_is_not_read_as_the_week_before_the_page_date(client: TestClient) -> None:
    """«يوم الاثنين» on a page dated «الجمعة, 16 يناير 2026» (001): the timeline gives no date,
    so the rule may not read it as 2026-01-10..16 either. It compares the bounds the
    timeline serves, and names only 001 (which dates the day) as the date's source: 003
    names the "AI Made in Morocco" event but does not date it."""
    c = _get(
        client, "date_mismatch:ai-made-in-morocco:ustda-visit-rabat-2024:ai-made-in-morocco-day"
    )
    assert c["class"] == "stages"
    assert [(v["value"], v["sources"]) for v in c["values"]] == [
        ("2024-04-01/2024-09-30", ["002"]),
        ("2025-07-01/2026-01-16", ["001"]),
    ]
    assert c["difference"]["days"] == 274
    assert "at least 274 days apart" in c["reason"] and "at least 274 days apart" in c["summary"]
    assert "between 2025-07-01 and 2026-01-16 by its inferred bounds (001)" in c["reason"]
    for text in (c["reason"], c["summary"], *(v["value"] for v in c["values"])):
        assert "2026-01-10" not in text and "week" not in text and "467" not in text


def _events_served(client: TestClient) -> dict[str, dict]:  # type: ignore[type-arg]
    t = client.get("/v1/timeline").json()
    return {e["record"]["id"]: e for e in t["items"] + t["undated"] if e["type"] == "event"}


def test_date_rules_compare_only_the_bounds_the_timeline_serves(client: TestClient) -> None:
    """The whole class: every date value a conflict compares is the window the timeline
    serves for that event (earliest/latest), and its sources are the articles that cite a
    date of that event (happened_on, not_before, not_after, date_text_ar)."""
    served = _events_served(client)
    found = client.get("/v1/conflicts?kind=date_mismatch&limit=200").json()["items"]
    assert found
    date_fields = {"happened_on", "happened_year", "happened_month"}
    date_fields |= {"not_before", "not_after", "date_text_ar"}
    for c in found:
        for v in c["values"]:
            e = served[v["record"]["id"]]
            assert v["value"] == f"{e['earliest'] or '..'}/{e['latest'] or '..'}", c["id"]
            event = client.get(v["record"]["url"]).json()
            dating = {x["source_id"] for x in event["citations"] if x["field"] in date_fields}
            assert v["sources"] == sorted(dating), (c["id"], v)


@pytest.mark.parametrize(
    ("event", "served", "window"),
    [
        (
            {"happened_on": date(2025, 7, 22), "date_precision": "day"},
            ("2025-07-22", "day", "article"),
            (date(2025, 7, 22), date(2025, 7, 22)),
        ),
        (
            {"happened_year": 2024, "date_precision": "mid_year"},
            ("2024", "mid_year", "article"),
            (date(2024, 4, 1), date(2024, 9, 30)),
        ),
        (
            {"date_text_ar": "في منتصف عام 2024", "date_precision": "mid_year"},
            ("2024", "mid_year", "article"),
            (date(2024, 4, 1), date(2024, 9, 30)),
        ),
        (
            {
                "happened_month": 7,
                "not_after": date(2026, 1, 16),
                "date_text_ar": "في يوليو الماضي",
            },
            ("2025-07", "month", "inferred"),
            (date(2025, 7, 1), date(2025, 7, 31)),
        ),
        # a weekday is not a date: no date, no basis, and no week before the page date
        (
            {"date_text_ar": "يوم الاثنين", "not_after": date(2026, 1, 16)},
            (None, None, None),
            (None, date(2026, 1, 16)),
        ),
        (
            {
                "date_text_ar": "يوم الاثنين",
                "not_before": date(2025, 7, 1),
                "not_after": date(2026, 1, 16),
            },
            (None, None, None),
            (date(2025, 7, 1), date(2026, 1, 16)),
        ),
        # a stored bound tightens the extent of a date
        (
            {"happened_year": 2025, "not_before": date(2025, 7, 1)},
            ("2025", "year", "article"),
            (date(2025, 7, 1), date(2025, 12, 31)),
        ),
        ({"not_after": date(2026, 1, 16)}, (None, None, None), (None, date(2026, 1, 16))),
        ({}, (None, None, None), (None, None)),
    ],
)
def test_event_dates(
    event: dict,  # type: ignore[type-arg]
    served: tuple[str | None, str | None, str | None],
    window: tuple[date | None, date | None],
) -> None:
    w = when(event)
    assert (w.date, w.precision, w.basis) == served
    assert w.window == window
    public = w.public()
    for name in ("date", "earliest", "latest"):
        # a basis (and what it was inferred from) is null exactly when its value is
        assert (public[name] is None) == (public[f"{name}_basis"] is None), (name, public)
        if public[f"{name}_basis"] != "inferred":
            assert public[f"{name}_inferred_from"] is None


def test_a_bound_from_the_page_date_says_so() -> None:
    w = when({"date_text_ar": "يوم الاثنين", "not_after": date(2026, 1, 16)})
    assert w.latest is not None and w.latest.basis == "inferred"
    assert w.latest.inferred_from is not None
    assert w.latest.inferred_from.startswith("the page date 2026-01-16 bounds it")
    assert w.note is not None and "names a weekday, not a date" in w.note


# -- announcers ----------------------------------------------------------------


def test_the_strategy_announcers_are_different_or_unnamed_actors(client: TestClient) -> None:
    c = _get(client, "announcer_mismatch:morocco-ai-2030")
    assert c["class"] == "different_actors"
    parties = {(v["record"]["type"], v["record"]["id"]): v["sources"] for v in c["values"]}
    # 001's «أعلنت الوزيرة عن إطلاق شبكة المعاهد « جزاري »» announces the Jazari launch,
    # not the plan; 002's unnamed «وزيرة الانتقال الرقمي» is not assumed to be Ghita Mezzour.
    assert parties == {
        ("person", "amal-el-fallah-seghrouchni"): ["000"],
        ("partner", "mtnra"): ["002"],
    }
    # 002's statement names a title, not a person: the reason says so, who 002 gives that
    # title to elsewhere (Ghita Mezzour, at the 2024 meeting), who else has a role at the
    # ministry (000/001/004's minister delegate), and that it does not say who held it then
    assert (
        "002 credits «كشفت وزيرة الانتقال الرقمي أن المغرب يسعى»: the Minister of Digital "
        "Transition (the title «وزيرة الانتقال الرقمي»), whom that statement does not name; "
        "002 gives that title to Ghita Mezzour («وزيرة الانتقال الرقمي غيثة مزور»); the "
        "articles give another role at the Ministry of Digital Transition and Administrative "
        "Reform to Amal El Fallah Seghrouchni (000, 001, 004); the statement does not say who "
        "held the title when it was made" in c["reason"]
    )
    assert [v["value"] for v in c["values"]] == [
        "Amal El Fallah Seghrouchni",
        "the Minister of Digital Transition, not named in that statement",
    ]
    assert "Ministry" not in c["summary"].split("different actors are credited")[0]
    quotes = {q["quote"] for q in c["citations"]}
    assert "أعلنت الوزيرة عن إطلاق شبكة المعاهد « جزاري »" not in quotes
    assert "كشفت وزيرة الانتقال الرقمي أن المغرب يسعى" in quotes


# -- helpers -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "digits"),
    [
        ("1.3", 2),
        ("750", 2),
        ("1,200", 2),
        ("7,000", 1),
        ("100", 1),
        ("12", 2),
        ("0.50", 2),
        ("١٫٣", 2),
    ],
)
def test_significant_digits(written: str, digits: int) -> None:
    assert significant_digits(written) == digits
