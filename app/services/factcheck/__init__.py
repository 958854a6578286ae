"""Fact-check a sentence: every figure-like statement in a text, judged against the claims
masdar holds, with the evidence (``POST /v1/check``, ``GET /v1/check``, the ``/check``
page and the MCP tool ``check_claim``).

``check_text(session, text, lang=None)`` reads the text with masdar's one statement reader
(``app.reading.statements``: numbers in digits of any script or in words, Arabic or
English, with unit or currency, hedge, range, deadline or period), finds the initiatives
and partners it names near each statement (``app.services.subjects``: aliases, every
spelling, Arabic word forms), and judges each statement (:mod:`.judge`). Numbers that are
no figure (dates, years, ordinals, law numbers) are listed as skipped, with why.

A check is a read: nothing is stored. Results are kept in memory by the text's SHA-256
(with ``lang`` and the data version), so the same text checked again costs a lookup.
"""

from __future__ import annotations

import copy
import hashlib
import math
import threading
from collections import OrderedDict
from typing import Any

from sqlmodel import Session

from app.errors import ContentTooLarge, Unprocessable
from app.reading import vocabulary
from app.reading.statements import Statement, read_statements
from app.reading.text import Text, script_of
from app.search.normalize import name_key
from app.services import subjects
from app.services.factcheck import knowledge
from app.services.factcheck.explain import explain
from app.services.factcheck.judge import NOT_FOUND, VERDICTS, Judgment, Reading, judge
from app.services.factcheck.knowledge import Claim, Knowledge, Member
from app.services.meta import version_of
from app.services.pages import SHOW_RETRACTED

__all__ = ["LANGS", "MAX_CHARS", "check_text"]

Row = dict[str, Any]
MAX_CHARS = 20_000
"""The longest text checked, in code points: a few paragraphs (a press release, a speech
excerpt). A longer one is refused with 413 naming this limit."""
LANGS = ("ar", "en")
RARE = 3
"""A word in at most this many aliases names something (``app.services.subjects``)."""
LARGEST = 1e18
"""A number above this is no quantity masdar could hold (``1e309``, a run of digits)."""
BASIS = "inferred"
"""A verdict is masdar's judgment, worked out from the evidence it lists; no article's
words. ``reason`` says which rule decided."""


def check_text(session: Session, text: str, *, lang: str | None = None) -> Row:
    """The check of ``text``: each statement with its reading, verdict, evidence and
    explanation; the numbers skipped and why; counts per verdict."""
    _validate(text, lang)
    version = version_of(session)
    key = (version, SHOW_RETRACTED.get(), hashlib.sha256(text.encode()).hexdigest(), lang)
    found = _MEMO.get(key) if version is not None else None
    if found is None:
        found = _check(session, text, lang, version)
        if version is not None:
            _MEMO.put(key, found)
    return copy.deepcopy(found)


def _validate(text: str, lang: str | None) -> None:
    if len(text) > MAX_CHARS:
        raise ContentTooLarge(
            f"The text is {len(text):,} characters long; masdar checks texts of up to "
            f"{MAX_CHARS:,} characters (a few paragraphs). Check it in parts.",
            errors=[
                {"in": "body", "name": "text", "message": f"longer than {MAX_CHARS} characters"}
            ],
        )
    if not text.strip():
        raise Unprocessable(
            "The text is empty: send the sentence or paragraph to check.",
            errors=[{"in": "body", "name": "text", "message": "empty"}],
        )
    if any("\ud800" <= ch <= "\udfff" for ch in text):
        raise Unprocessable(
            "The text holds an unpaired UTF-16 surrogate, which is no character: send "
            "valid Unicode.",
            errors=[{"in": "body", "name": "text", "message": "unpaired surrogate"}],
        )
    if lang is not None and lang not in LANGS:
        raise Unprocessable(
            f"lang must be one of {', '.join(LANGS)} (or left out); got {lang!r}.",
            errors=[{"in": "body", "name": "lang", "message": "not ar or en"}],
        )


def _check(session: Session, text: str, lang: str | None, version: str | None) -> Row:
    script, readable = script_of(text)
    arabic = lang == "ar" or (lang is None and script == "ARABIC")
    out: Row = {
        "lang": "ar" if arabic else "en",
        "direction": "rtl" if arabic else "ltr",
        "characters": len(text),
        "sha256": hashlib.sha256(text.encode()).hexdigest(),
        "statements": [],
        "skipped": [],
        "note": None,
    }
    if not readable:
        out["note"] = (
            f"The text is mostly in {script.title()} script; masdar reads numbers, units and "
            "hedges in Arabic and English only, so it checked nothing."
        )
        return _counted(out)
    found = read_statements(text)
    if not found:
        out["note"] = "The text holds no number: there is no figure to check."
        return _counted(out)
    know = knowledge.current(session, version)
    index = subjects.Index(text)
    t = Text(text)
    for stmt in found:
        if not stmt.figure:
            out["skipped"].append(_skipped(stmt.quote, stmt.number, stmt.not_figure, stmt.reason))
        elif stmt.value is None or not math.isfinite(stmt.value) or stmt.value > LARGEST:
            reason = "a number too large to be a quantity masdar could hold"
            out["skipped"].append(_skipped(stmt.quote, stmt.number, "too_large", reason))
        else:
            n = len(out["statements"]) + 1
            out["statements"].append(_statement(n, stmt, found, t, index, know, arabic))
    if not out["statements"]:
        out["note"] = "The text holds no figure to check: every number in it is skipped."
    return _counted(out)


def _counted(out: Row) -> Row:
    counts = dict.fromkeys(VERDICTS, 0)
    for s in out["statements"]:
        counts[s["verdict"]] += 1
    out["counts"] = {**counts, "skipped": len(out["skipped"])}
    return out


def _span(x: Any) -> Row | None:
    return None if x is None else {"start": x.start, "end": x.end, "text": x.text}


def _skipped(quote: Any, number: Any, kind: str | None, reason: str | None) -> Row:
    return {"span": _span(quote), "number": _span(number), "kind": kind, "reason": reason}


def _year(stmt: Statement, found: list[Statement], t: Text) -> tuple[int | None, Any]:
    """The statement's deadline or period end, else the one year its sentence states after
    it ("50,000 jobs in 2030") or as a deadline before it ("By 2030, …"). A plain year
    before the figure dates an event ("In 2024, the government allocated…"): not this."""
    if stmt.deadline_year is not None:
        return stmt.deadline_year, stmt.deadline
    if stmt.period_end_year is not None:
        return stmt.period_end_year, stmt.period
    s_start, s_end = t.sentence(stmt.number.start)
    deadline = (vocabulary.REASONS["deadline"], vocabulary.REASONS["until"])
    years = [
        x
        for x in found
        if x.not_figure == "year"
        and x.value is not None
        and s_start <= x.number.start < s_end
        and (x.number.start >= stmt.quote.end or x.reason in deadline)
    ]
    if len(years) == 1 and years[0].period_end_year is None:
        return int(years[0].value or 0), years[0].quote
    return None, None


def _stretch(stmt: Statement, found: list[Statement], t: Text) -> tuple[str, str]:
    """The words of the statement's sentence before it and after it, up to the figures
    on either side: what says what this number is for."""
    start, end = t.sentence(stmt.number.start)
    for other in found:
        if other.figure and other is not stmt:
            if start <= other.quote.end <= stmt.quote.start:
                start = other.quote.end
            if stmt.quote.end <= other.quote.start < end:
                end = other.quote.start
    return t.text[start : stmt.quote.start], t.text[stmt.quote.end : end]


def _named(c: subjects.Candidate, names: subjects.Names, index: subjects.Index) -> bool:
    """A name in a short text: the whole alias, or its rarest word, or a word few aliases
    share ("portal" of "Unified e-government portal"). «المغرب» and «الذكاء الاصطناعي»
    alone do not name «الذكاء الاصطناعي صنع في المغرب», nor "Morocco" and "2030" Digital
    Morocco 2030: every text about the strategy has them."""
    if c.partner is not None or c.score >= 0.999:
        return True
    words = [w for w in name_key(c.via).split() if w not in subjects.STOP_WORDS]
    if not words:
        return False
    rare = math.log(1 + len(names.aliases) / RARE)
    rarest = max(words, key=lambda w: names.weight.get(w, 0.0))
    return rarest in index.at or any(
        w in index.at and names.weight.get(w, 0.0) >= rare for w in words
    )


def _statement(
    n: int,
    stmt: Statement,
    found: list[Statement],
    t: Text,
    index: subjects.Index,
    know: Knowledge,
    arabic: bool,
) -> Row:
    inis, partners = subjects.candidates(know.names, index, stmt.quote.start, stmt.quote.end)
    # partners only from the statement's own sentence (who gives the money is named with
    # it); initiatives from the nearest scope that names one ("The centre will…")
    partners = [c for c in partners if c.scope == "sentence" and _named(c, know.names, index)]
    direct = [c for c in inis if c.partner is None and _named(c, know.names, index)]
    nearest = min((c.scope for c in direct), key=subjects.SCOPES.index, default=None)
    direct = [c for c in direct if c.scope == nearest]
    year, year_quote = _year(stmt, found, t)
    before, after = _stretch(stmt, found, t)
    assert stmt.value is not None and stmt.unit is not None
    reading = Reading(
        value=stmt.value,
        value_high=stmt.value_high,
        precision=stmt.precision or 1.0,
        unit=stmt.unit,
        metric=stmt.metric or stmt.unit,
        qualifier=stmt.qualifier,
        year=year,
        period_start_year=stmt.period_start_year if stmt.period_end_year == year else None,
        per_unit=stmt.per_unit,
        initiatives=frozenset(c.id for c in direct),
        umbrella=frozenset(c.id for c in direct if c.id in know.umbrella),
        partners=frozenset(c.id for c in partners),
        words=knowledge.word_keys(after),
        words_before=knowledge.word_keys(before),
    )
    j = judge(reading, know.claims)
    named = [(c.name, c.name_ar) for c in partners] or [(c.name, c.name_ar) for c in direct]
    en, ar = explain(reading, j, named)
    return {
        "id": f"s{n}",
        "span": _span(stmt.quote),
        "number": _span(stmt.number),
        "reading": {
            "value": reading.value,
            "value_high": reading.value_high,
            "precision": reading.precision,
            "unit": reading.unit,
            "metric": reading.metric,
            "qualifier": reading.qualifier,
            "hedge": _span(stmt.hedge),
            "per_unit": reading.per_unit,
            "year": year,
            "period_start_year": reading.period_start_year,
            "year_span": _span(year_quote),
            "subjects": [c.public() for c in direct],
            "partners": [c.public() for c in partners],
        },
        "verdict": j.verdict,
        "differs_in": list(j.differs_in),
        "unchecked": list(j.unchecked),
        "basis": BASIS,
        "reason": _reason(j),
        "explanation": en,
        "explanation_ar": ar if arabic else None,
        "evidence": [
            _evidence(x.claim, "supports" if not x.differs_in else "differs", x.differs_in)
            for x in (j.evidence if j.verdict != NOT_FOUND else ())
        ],
    }


def _reason(j: Judgment) -> str:
    rule = j.rule[0].upper() + j.rule[1:]
    ids = ", ".join(x.claim.id for x in j.evidence)
    if not ids:
        return rule + "."
    return f"{rule} (claim {ids})."


def _figure(m: Member, c: Claim) -> Row:
    return {
        "id": m.id,
        "label": m.label,
        "value": c.value,
        "unit": c.unit,
        "qualifier": m.qualifier,
        "deadline_year": m.deadline_year,
        "period_start_year": m.period_start_year,
        "period_end_year": m.period_end_year,
        "per_unit": m.per_unit,
        "giver": {"id": m.giver_id, "name": m.giver_name} if m.giver_id else None,
        "basis": "article",
        "sources": list(m.sources),
        "url": f"/figures/{m.id}",
        "citations": [
            {**q, "url": f"/sources/{q['source_id']}#citation-{q['id']}"} for q in m.citations
        ],
    }


def _evidence(c: Claim, relation: str, differs_in: tuple[str, ...]) -> Row:
    return {
        "relation": relation,
        "differs_in": list(differs_in),
        "claim_id": c.id,
        "subject": {"id": c.subject_id, "name": c.subject_name, "name_ar": c.subject_name_ar},
        "metric": c.metric,
        "value": c.value,
        "unit": c.unit,
        "qualifiers": sorted({m.qualifier or "none" for m in c.members}),
        "corroborated_by": c.corroborated_by,
        "sources": list(c.sources),
        "figures": [_figure(m, c) for m in c.members],
        "conflicts": [dict(x) for x in c.conflicts],
        "url": f"/v1/claims/{c.id}",
    }


class _Memo:
    """Finished checks by (data version, curator view, text SHA-256, lang): an LRU."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self.items: OrderedDict[tuple[Any, ...], Row] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple[Any, ...]) -> Row | None:
        with self.lock:
            found = self.items.get(key)
            if found is not None:
                self.items.move_to_end(key)
            return found

    def put(self, key: tuple[Any, ...], value: Row) -> None:
        with self.lock:
            self.items[key] = value
            while len(self.items) > self.size:
                self.items.popitem(last=False)


_MEMO = _Memo()
