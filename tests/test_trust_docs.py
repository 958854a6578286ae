"""docs/trust.md quotes the articles verbatim and shows real answers."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from app.config import PROJECT_ROOT

DOC = (PROJECT_ROOT / "docs" / "trust.md").read_text("utf-8")
QUOTED = re.compile(r"«([^«»]+)» \((\d{3})(?:[,)]| and)")


def test_every_quote_with_its_article_is_verbatim(client: TestClient) -> None:
    found = QUOTED.findall(DOC)
    assert len(found) >= 12
    texts: dict[str, str] = {}
    for quote, source in found:
        if source not in texts:
            texts[source] = client.get(f"/v1/sources/{source}").json()["text"]
        assert quote in texts[source], (source, quote)


def test_the_article_only_example_is_a_real_answer(client: TestClient) -> None:
    body = client.get("/v1/funds/oracle-investment-003?basis=article").json()
    assert (body["amount"], body["value_basis"]) == (140_000_000, "article")
    giver = body["giver"]
    shown = (
        '"giver": {"id": "oracle", "name": "Oracle", "country": null,\n'
        '           "country_basis": "general_knowledge", "kind": "company"}'
    )
    assert shown in DOC
    assert (
        giver["id"],
        giver["name"],
        giver["country"],
        giver["country_basis"],
        giver["kind"],
    ) == (
        "oracle",
        "Oracle",
        None,
        "general_knowledge",
        "company",
    )


def test_the_classes_table_lists_the_vocabulary() -> None:
    from app.models.conflict import CLASSES

    rows = re.findall(r"^\| `(\w+)` \|", DOC.split("## Conflicts", 1)[1].split("## Stats")[0], re.M)
    assert rows == list(CLASSES)


def test_the_readme_section_is_short_real_and_links_the_page(client: TestClient) -> None:
    readme = (PROJECT_ROOT / "README.md").read_text("utf-8")
    section = readme.split("## Trust: what masdar states, and on what basis\n", 1)[1]
    section = section.split("\n## ", 1)[0]
    # the basis, the conflict classes with one case each, what stats add: one screen
    assert len(section.strip().splitlines()) <= 32
    assert "[docs/trust.md](docs/trust.md)" in section
    from app.models.conflict import CLASSES

    assert re.findall(r"^\| `(\w+)` \|", section, re.M) == list(CLASSES)
    body = client.get("/v1/funds/oracle-investment-003?basis=article").json()
    assert f'"amount": {body["amount"]}, "value_basis": "{body["value_basis"]}"' in section
    assert '"country": null, "country_basis": "general_knowledge"' in section
    assert body["giver"]["country"] is None
