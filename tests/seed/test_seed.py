"""The seeder on the real articles: every quote verbatim, numbers in their quotes,
100 % coverage, one transaction, idempotent."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import text

from app.config import Settings
from app.db import make_engine
from app.migrate import migrate_to_head, seed_database
from app.models import Figure, Partner, Source
from app.seed.builder import SeedBundle
from app.seed.coverage import compute
from app.seed.load import load_seed
from app.seed.numbers import mentions_value

SEED = Settings().seed_dir


@pytest.fixture(scope="module")
def bundle() -> SeedBundle:
    return load_seed(SEED)


def test_every_quote_is_verbatim_at_its_offsets(bundle: SeedBundle) -> None:
    assert len(bundle.citations) >= 250
    for c in bundle.citations:
        text = bundle.texts[c.source_id]
        assert text[c.start : c.end] == c.quote
        assert c.prefix == text[max(0, c.start - 32) : c.start]
        assert c.suffix == text[c.end : c.end + 32]


ORIGINALS = {
    # sha256 of the five articles as published to the team (../shared/seeds/ beside the
    # first checkout), recorded when data/seed/sources/ was copied from them byte for byte
    "000_054447a936ffc493.txt": "b0da8898cede7914a7ef56800e0b70737fb07a2757ae032581f35b7fe7138827",
    "001_eea382bfc51c9b51.txt": "23ee9183ca0f85ef1504c9305c22c2768cd4a3e5de60721c9fbf78337604e906",
    "002_870762d835b40ab6.txt": "749925e0ee962163afa2a9ef75091c91165fb7c8bc690ec1560e7f66c6f97ba6",
    "003_d79e3f1e07c13cf2.txt": "07bbf4a76e1e399acba077dd39c8041dc88c2988e42ee78ec9c72f058d30dec3",
    "004_664fefe41d1e0b64.txt": "3804431a1fde0aab63cd8f323d5fed4f1925b24d89970c6d6fe33b75508cddd7",
}


def test_sources_are_byte_identical_to_the_original_articles(bundle: SeedBundle) -> None:
    sources = {r.file_name: r for r in bundle.rows if isinstance(r, Source)}
    assert sorted(sources) == sorted(ORIGINALS)
    for name, digest in ORIGINALS.items():
        raw = (SEED / "sources" / name).read_bytes()
        assert hashlib.sha256(raw).hexdigest() == digest, name
        assert sources[name].sha256 == digest and sources[name].text == raw.decode("utf-8")


def test_each_figure_states_its_number_in_a_quote(bundle: SeedBundle) -> None:
    figures = {r.id: r for r in bundle.rows if isinstance(r, Figure) and not r.derived}
    assert len(figures) == 29
    for fid, fig in figures.items():
        quotes = [
            c.quote for c in bundle.citations if c.record_id == fid and c.field in (None, "value")
        ]
        assert any(mentions_value(q, fig.value) for q in quotes), fid


def test_real_values(bundle: SeedBundle) -> None:
    figures = {r.id: r for r in bundle.rows if isinstance(r, Figure)}
    assert (figures["investors-fund-003"].value, figures["investors-fund-003"].unit) == (
        1_300_000_000,
        "MAD",
    )
    assert figures["investors-fund-components-sum"].value == 1_270_000_000
    assert figures["pass-total-stipends"].value == 302_400_000
    assert figures["jazari-regions-001"].value == 12  # written الإثنتي عشرة
    assert figures["oracle-cloud-regions-003"].value == 2  # written منطقتي
    cite = next(c for c in bundle.citations if c.record_id == "investors-fund-003")
    text = bundle.texts["003"]
    assert cite.quote == "صندوق المستثمرين والمؤسسين: 1.3 مليار درهم"
    assert (cite.start, cite.end) == (text.index(cite.quote), text.index(cite.quote) + 42)
    partners = {r.id: r for r in bundle.rows if isinstance(r, Partner)}
    for pid in (
        "mistral-ai",
        "onepoint",
        "oracle",
        "ustda",
        "ai71",
        "taqa-morocco",
        "nvidia",
        "ocp-group",
        "um6p",
    ):
        assert partners[pid].name and partners[pid].country, pid
    assert (partners["mistral-ai"].country, partners["mistral-ai"].country_basis) == (
        "FR",
        "article",
    )
    assert partners["ai71"].country == "AE"


def test_coverage_is_complete_and_skips_are_few(bundle: SeedBundle) -> None:
    report = compute(bundle)
    assert [len(s.uncovered) for s in report.sources] == [0, 0, 0, 0, 0]
    assert report.total == 71 and report.percent == 100.0
    assert len(report.skips) <= 16
    assert all(reason for _, _, reason in report.skips)


def _counts(url: str) -> dict[str, int]:
    engine = make_engine(Settings(database_url=url))
    with engine.connect() as conn:
        out = {
            t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
            for t in (
                "source",
                "partner",
                "person",
                "initiative",
                "figure",
                "citation",
                "alias",
                "event",
            )
        }
    engine.dispose()
    return out


def test_seed_loads_and_a_second_run_changes_nothing(empty_url: str) -> None:
    engine = make_engine(Settings(database_url=empty_url))
    migrate_to_head(empty_url, engine)
    changed, report = seed_database(engine, SEED)
    assert changed and report[-1].endswith("= 100.0 %")
    first = _counts(empty_url)
    assert first == {
        "source": 5,
        "partner": 15,
        "person": 10,
        "initiative": 24,
        "figure": 31,
        "citation": first["citation"],
        "alias": first["alias"],
        "event": 7,
    }
    with engine.connect() as conn:
        before = conn.execute(text('SELECT id, start, "end" FROM citation ORDER BY id')).all()
    changed, _ = seed_database(engine, SEED)
    assert not changed
    assert _counts(empty_url) == first
    with engine.connect() as conn:
        after = conn.execute(text('SELECT id, start, "end" FROM citation ORDER BY id')).all()
    assert after == before
    engine.dispose()
