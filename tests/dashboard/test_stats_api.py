"""GET /v1/stats: the articles' real aggregates, and no claim counted twice."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.contract.support import Contract

VALUE_ADDED = "morocco-ai-2030:value_added:100000000000:MAD"
JOBS = "morocco-ai-2030:jobs:50000:jobs"
DAKHLA = "dakhla-data-centre:power_capacity:500:MW"
SOURCES = ("000", "001", "002", "003", "004")


@pytest.fixture(scope="module")
def stats(client: TestClient) -> dict[str, Any]:
    r = client.get("/v1/stats")
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def by(items: list[dict[str, Any]], key: str) -> dict[Any, dict[str, Any]]:
    return {i[key]: i for i in items}


def test_rules_are_stated(stats: dict[str, Any]) -> None:
    assert set(stats["rules"]) >= {"claims", "derived", "currencies", "components", "rates"}
    assert "never added" in stats["rules"]["currencies"]


def test_counts(stats: dict[str, Any]) -> None:
    c = stats["counts"]
    assert (c["sources"], c["partners"], c["events"]) == (5, 15, 7)
    assert (c["figures"], c["derived_figures"]) == (31, 2)
    # 29 article figures state 23 distinct claims; 3 claims are stated by several articles
    assert (c["claims"], c["claims_in_several_sources"]) == (23, 3)


def test_money_by_currency_counts_top_level_funds_once_and_never_mixes(
    stats: dict[str, Any],
) -> None:
    totals = by(stats["funds"]["by_currency"], "currency")
    assert set(totals) == {"MAD", "USD"}
    mad, usd = totals["MAD"], totals["USD"]
    # 11 bn (infrastructure 2024-2026) + 1.3 bn (investors and founders fund): the
    # articles do not say whether one contains the other, so the sum is no total
    assert mad["total"] is None
    assert mad["sum_if_separate"] == 11_000_000_000 + 1_300_000_000 == 12_300_000_000
    assert sorted(mad["figure_ids"]) == ["infrastructure-investment-002", "investors-fund-003"]
    # 10 bn (AI plan to 2030) + 140 M (Oracle, which 003 lists among the plan's partners)
    assert usd["total"] is None
    assert usd["sum_if_separate"] == 10_140_000_000
    assert sorted(usd["figure_ids"]) == ["oracle-investment-003", "plan-investment-003"]
    for t in (mad, usd):
        assert t["double_counts"] is None  # unknown, not "no"
        assert t["count"] == len(t["claims"]) == 2
        assert t["sum_if_separate"] == sum(c["value"] for c in t["claims"])
    # components, the per-month stipend and derived sums are never in a total
    counted = set(mad["figure_ids"]) | set(usd["figure_ids"])
    assert not counted & {
        "investors-fund-startups-003",
        "investors-fund-vc-003",
        "investors-fund-technopark-003",
        "pass-stipend-003",
        "investors-fund-components-sum",
        "pass-total-stipends",
    }


def test_a_sum_says_it_is_masdars_what_it_adds_and_that_overlap_is_unknown(
    stats: dict[str, Any],
) -> None:
    """No article gives Morocco's AI budget: 11 bn (002) + 1.3 bn (003) MAD and 10 bn +
    140 M (003) USD are masdar's arithmetic over amounts the articles do not keep apart."""
    totals = by(stats["funds"]["by_currency"], "currency")
    mad, usd = totals["MAD"], totals["USD"]
    assert (mad["total_basis"], mad["sum_if_separate_basis"], mad["overlap"]) == (
        None,
        "computed",
        "unknown",
    )
    assert mad["formula"] == "11000000000 (002) + 1300000000 (003)"
    assert [(a["claim_id"], a["value"], a["sources"]) for a in mad["adds"]] == [
        ("morocco-ai-2030:investment:11000000000:MAD", 11_000_000_000, ["002"]),
        ("investors-founders-fund:fund_size:1300000000:MAD", 1_300_000_000, ["003"]),
    ]
    assert usd["formula"] == "10000000000 (003) + 140000000 (003)"
    assert usd["overlap"] == "unknown" and "not a total any article states" in usd["overlap_note"]
    for t in (mad, usd):
        # a null value has a null basis: the arithmetic's basis is sum_if_separate_basis
        assert (t["total"], t["total_basis"], t["sum_if_separate_basis"]) == (
            None,
            None,
            "computed",
        )
        assert "could count the same money twice" in t["total_withheld_because"]
    [comp] = stats["funds"]["components"][0]["by_currency"]
    assert (comp["overlap"], comp["total_basis"]) == ("parts_of_one_total", "computed")
    # the components 003 lists for its fund: a total, kept apart by the article
    assert (comp["total"], comp["sum_if_separate"], comp["total_withheld_because"]) == (
        1_270_000_000,
        None,
        None,
    )
    assert comp["double_counts"] is False
    assert "not a budget" in stats["rules"]["sums"]
    assert "sum_if_separate" in stats["rules"]["sums"]


def test_a_single_amount_is_a_total_that_double_counts_nothing(stats: dict[str, Any]) -> None:
    oracle = next(p for p in stats["by_partner"] if p["partner"]["id"] == "oracle")
    [usd] = oracle["funds_given"]
    assert (usd["total"], usd["sum_if_separate"], usd["overlap"]) == (140_000_000, None, "single")
    assert (usd["double_counts"], usd["total_withheld_because"]) == (False, None)


def test_article_only_stats_leave_sums_out(client: TestClient) -> None:
    body = client.get("/v1/stats?basis=article").json()
    assert [t["total"] for t in body["funds"]["by_currency"]] == [None, None]
    assert [t["sum_if_separate"] for t in body["funds"]["by_currency"]] == [None, None]
    [comp] = body["funds"]["components"][0]["by_currency"]
    assert (comp["total"], comp["sum_if_separate"]) == (None, None)
    assert [c["value"] for c in body["headline"]][:2] == [11_000_000_000, 1_300_000_000]


def test_fund_components_are_shown_apart_with_their_parent(stats: dict[str, Any]) -> None:
    [comp] = stats["funds"]["components"]
    assert comp["parent"]["figure_ids"] == ["investors-fund-003"]
    assert comp["parent"]["value"] == 1_300_000_000
    [mad] = comp["by_currency"]
    assert mad["currency"] == "MAD"
    assert sorted(c["value"] for c in mad["claims"]) == [70_000_000, 450_000_000, 750_000_000]
    assert mad["total"] == 750_000_000 + 450_000_000 + 70_000_000 == 1_270_000_000
    assert comp["parent_minus_components"] == 30_000_000
    assert comp["derived_figure_ids"] == ["investors-fund-components-sum"]


def test_a_monthly_stipend_is_a_rate_not_a_total(stats: dict[str, Any]) -> None:
    [rate] = stats["funds"]["rates"]
    assert (rate["value"], rate["unit"], rate["per_unit"], rate["duration_months"]) == (
        7000,
        "MAD",
        "month",
        36,
    )
    [derived] = rate["derived_figures"]
    # 7,000 MAD x 1,200 researchers x 36 months, computed by masdar, shown but not added
    assert (derived["id"], derived["value"]) == ("pass-total-stipends", 302_400_000)


def test_partners_by_country(stats: dict[str, Any]) -> None:
    countries = by(stats["by_country"], "country")
    assert {k: v["partners"] for k, v in countries.items()} == {"MA": 8, "US": 4, "FR": 2, "AE": 1}
    assert countries["FR"]["partner_ids"] == ["mistral-ai", "onepoint"]
    assert countries["US"]["partner_ids"] == ["google-cloud", "nvidia", "oracle", "ustda"]
    assert countries["AE"]["partner_ids"] == ["ai71"]
    assert [t["total"] for t in countries["US"]["funds_given"]] == [140_000_000]
    assert [(t["currency"], t["total"]) for t in countries["MA"]["funds_given"]] == [
        ("MAD", 11_000_000_000)
    ]
    assert countries["FR"]["funds_given"] == []


def test_by_partner(stats: dict[str, Any]) -> None:
    partners = {p["partner"]["id"]: p for p in stats["by_partner"]}
    assert len(partners) == 15
    mistral = partners["mistral-ai"]
    assert (mistral["initiatives"], mistral["roles"]) == (3, ["co_develops", "partners", "signs"])
    # the minister «أشرف … على توقيع بروتوكول اتفاق»: he oversaw a signing (an event), the
    # ministry does not supervise the Onepoint centre
    assert partners["ministry-industry-trade"]["initiatives"] == 0
    assert [
        (t["currency"], t["total"], t["figure_ids"]) for t in partners["oracle"]["funds_given"]
    ] == [("USD", 140_000_000, ["oracle-investment-003"])]
    assert partners["nvidia"]["roles"] == ["supplies_gpus"]


def test_targets_by_deadline_year_count_claims_once(stats: dict[str, Any]) -> None:
    years = by(stats["by_deadline_year"], "year")
    assert [y for y in years if y is not None] == [2026, 2029, 2030]
    y2030 = years[2030]["targets"]
    assert y2030["count"] == 2
    assert [c["id"] for c in y2030["claims"]] == [JOBS, VALUE_ADDED]
    value_added = next(c for c in y2030["claims"] if c["id"] == VALUE_ADDED)
    # stated three times (headline and body of 000, and 002): counted once
    assert value_added["figure_ids"] == [
        "value-added-000",
        "value-added-000-headline",
        "value-added-002",
    ]
    assert (value_added["corroborated_by"], value_added["sources"]) == (2, ["000", "002"])
    assert y2030["double_counts"] is False
    assert [c["id"] for c in years[2029]["targets"]["claims"]] == [
        "onepoint-centre-of-excellence:jobs:500:jobs"
    ]
    # funds whose period ends that year: 11 bn MAD in 2026, 10 bn USD in 2030
    assert [(t["currency"], t["total"]) for t in years[2026]["funds"]] == [("MAD", 11_000_000_000)]
    assert [(t["currency"], t["total"]) for t in years[2030]["funds"]] == [("USD", 10_000_000_000)]
    assert years[None]["targets"]["count"] == 12


def test_by_initiative_kind_and_region(stats: dict[str, Any]) -> None:
    kinds = by(stats["by_initiative_kind"], "kind")
    assert sum(k["initiatives"] for k in kinds.values()) == 24
    assert (kinds["sector"]["initiatives"], kinds["cloud"]["initiatives"]) == (5, 2)
    assert [(t["currency"], t["total"]) for t in kinds["strategy"]["funds"]] == [
        ("MAD", 11_000_000_000),
        ("USD", 10_000_000_000),
    ]
    regions = by(stats["by_region"], "region")
    assert {k: v["initiatives"] for k, v in regions.items()} == {
        "Casablanca-Settat": 2,
        "Dakhla-Oued Ed-Dahab": 2,
        "Rabat-Salé-Kénitra": 1,
        None: 19,
    }
    assert regions["Casablanca-Settat"]["initiative_ids"] == [
        "onepoint-centre-of-excellence",
        "oracle-cloud-regions",
    ]
    assert [t["total"] for t in regions["Casablanca-Settat"]["funds"]] == [140_000_000]


def test_by_source_dedupes_a_headline_and_its_body(stats: dict[str, Any]) -> None:
    sources = {s["source"]["id"]: s for s in stats["by_source"]}
    assert list(sources) == ["000", "001", "002", "003", "004"]
    # article 000 states value added and jobs twice each (headline, body): 5 figures, 3 claims
    assert (sources["000"]["figures"], sources["000"]["claims"]) == (5, 3)
    assert (sources["003"]["figures"], sources["003"]["claims"]) == (14, 14)
    assert [(t["currency"], t["total"], t["sum_if_separate"]) for t in sources["003"]["funds"]] == [
        ("MAD", 1_300_000_000, None),
        ("USD", None, 10_140_000_000),  # the plan and Oracle's 140 M: overlap unknown
    ]
    assert sum(s["citations"] for s in sources.values()) == stats["counts"]["citations"]


def test_headline_lists_money_and_corroborated_targets(stats: dict[str, Any]) -> None:
    ids = [c["id"] for c in stats["headline"]]
    assert ids[-3:] == [DAKHLA, JOBS, VALUE_ADDED]
    dakhla = stats["headline"][-3]
    assert (dakhla["corroborated_by"], dakhla["qualifiers"]) == (3, ["none", "up_to"])
    assert sorted(dakhla["figure_ids"]) == [
        "dakhla-capacity-000",
        "dakhla-capacity-002",
        "dakhla-capacity-003",
    ]


def citations_in(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every citation object anywhere in a stats answer, with where it is."""
    if isinstance(node, dict):
        if "quote" in node:
            yield path, node
        for k, v in node.items():
            yield from citations_in(v, f"{path}.{k}")
    elif isinstance(node, list):
        for n, v in enumerate(node):
            yield from citations_in(v, f"{path}[{n}]")


def test_every_citation_is_the_apis_citation_with_its_offsets(
    client: TestClient, stats: dict[str, Any]
) -> None:
    texts = {s: client.get(f"/v1/sources/{s}").json()["text"] for s in SOURCES}
    found = list(citations_in(stats))
    sections = {path.split(".")[1].split("[")[0] for path, _ in found}
    assert sections == {
        "headline",
        "funds",
        "by_deadline_year",
        "by_partner",
        "by_country",
        "by_initiative_kind",
        "by_region",
        "by_source",
    }
    assert any(".funds.rates[" in p for p, _ in found)
    assert any(".funds.components[" in p for p, _ in found)
    for path, c in found:
        assert set(c) == {
            "id",
            "source_id",
            "quote",
            "start",
            "end",
            "prefix",
            "suffix",
            "field",
            "figure_id",
        }, path
        assert texts[c["source_id"]][c["start"] : c["end"]] == c["quote"], path
        assert texts[c["source_id"]][: c["start"]].endswith(c["prefix"]), path
        assert texts[c["source_id"]][c["end"] :].startswith(c["suffix"]), path
        # the same object /v1/citations/{id} serves
        served = client.get(f"/v1/citations/{c['id']}").json()
        assert {k: served[k] for k in c if k != "figure_id"} == {
            k: v for k, v in c.items() if k != "figure_id"
        }, path


def test_citations_carry_the_offsets_the_articles_give(stats: dict[str, Any]) -> None:
    headline = {c["id"]: c for c in stats["headline"]}
    spans = {
        cid: [(q["source_id"], q["start"], q["end"], q["quote"]) for q in c["citations"]]
        for cid, c in headline.items()
    }
    assert spans["morocco-ai-2030:investment:11000000000:MAD"] == [
        ("002", 2124, 2169, "خصصت الحكومة 11 مليار درهم للفترة 2024 – 2026")
    ]
    assert spans["investors-founders-fund:fund_size:1300000000:MAD"] == [
        ("003", 2170, 2212, "صندوق المستثمرين والمؤسسين: 1.3 مليار درهم")
    ]
    # 003 writes «10 مليارات دولار» five times: five citations, each with its own offsets
    plan = spans["morocco-ai-2030:plan_investment:10000000000:USD"]
    assert [(s, start) for s, start, _, _ in plan] == [
        ("003", 73),
        ("003", 349),
        ("003", 442),
        ("003", 590),
        ("003", 714),
    ]
    assert {q for *_, q in plan} == {"10 مليارات دولار"}
    assert (
        len(
            {
                c["id"]
                for c in headline["morocco-ai-2030:plan_investment:10000000000:USD"]["citations"]
            }
        )
        == 5
    )
    [comp] = stats["funds"]["components"]
    assert [(q["start"], q["end"]) for q in comp["parent"]["citations"]] == [(2170, 2212)]
    [mad] = comp["by_currency"]
    assert [(c["value"], c["citations"][0]["start"]) for c in mad["claims"]] == [
        (750_000_000, 2295),
        (450_000_000, 2339),
        (70_000_000, 2389),
    ]
    [rate] = stats["funds"]["rates"]
    assert [(q["quote"], q["start"]) for q in rate["citations"]] == [
        ("7,000 درهم شهريًا لمدة 3 سنوات", 1894)
    ]
    usd = by(stats["funds"]["by_currency"], "currency")["USD"]
    oracle = next(c for c in usd["claims"] if c["figure_ids"] == ["oracle-investment-003"])
    assert [(q["quote"], q["start"], q["end"]) for q in oracle["citations"]] == [
        ("استثمار 140 مليون دولار", 3726, 3749)
    ]


def test_every_component_names_its_fund_and_what_its_subject_is(
    stats: dict[str, Any],
) -> None:
    """003 lists 750 M, 450 M and 70 M MAD under «صندوق المستثمرين والمؤسسين: 1.3 مليار
    درهم»; the 70 M is «لتوسيع شبكة Technopark»: its subject is the Technopark network
    (what it is for: /v1/figures?subject=technopark-network finds it), its fund the
    investors and founders fund, like its siblings'."""
    [comp] = stats["funds"]["components"]
    assert comp["parent"]["subject"] == "investors-founders-fund"
    [mad] = comp["by_currency"]
    assert [(c["value"], c["fund"], c["subject"], c["subject_role"]) for c in mad["claims"]] == [
        (750_000_000, "investors-founders-fund", "investors-founders-fund", "fund"),
        (450_000_000, "investors-founders-fund", "investors-founders-fund", "fund"),
        (70_000_000, "investors-founders-fund", "technopark-network", "purpose"),
    ]
    technopark = mad["claims"][2]
    assert technopark["subject_note"] == (
        "A component of «صندوق المستثمرين والمؤسسين: 1.3 مليار درهم» (003), for Technopark "
        "network as the article says («**70 مليون درهم** لتوسيع شبكة Technopark»): its "
        "subject is what the amount is for, not who holds it; the money is the fund's."
    )
    assert mad["claims"][0]["subject_note"].startswith(
        "A component of «صندوق المستثمرين والمؤسسين: 1.3 مليار درهم» (003); its subject is "
        "the fund itself"
    )
    assert "subject_role: purpose" in stats["rules"]["components"]


@pytest.mark.parametrize("query", ["", "?basis=article"])
def test_the_answer_is_what_the_openapi_document_says(client: TestClient, query: str) -> None:
    """Every field documented, none undeclared; nullable ones say so (total,
    sum_if_separate, double_counts)."""
    contract = Contract(client.get("/openapi.json").json())
    assert contract.problems("/v1/stats", "get", client.get(f"/v1/stats{query}")) == []
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    money = schemas["MoneyTotal"]
    assert set(money["required"]) == set(money["properties"])
    for name in ("total", "sum_if_separate", "total_withheld_because", "double_counts"):
        assert {"type": "null"} in money["properties"][name]["anyOf"], name
        assert money["properties"][name]["description"], name
    quote = schemas["ClaimQuote"]
    assert {"start", "end", "prefix", "suffix", "field", "figure_id"} <= set(quote["required"])
    component = schemas["ComponentClaim"]
    assert {"fund", "subject_role", "subject_note"} <= set(component["required"])
