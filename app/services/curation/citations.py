"""Citations on write: each quote located verbatim in its source by the server, with the
seeder's own rules (offsets, context, id), and a figure's number present in its quote."""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from sqlalchemy import bindparam, delete, insert, select
from sqlmodel import Session

from app.errors import Unprocessable
from app.models import writes as w
from app.seed import builder, verify
from app.seed.numbers import mentions_value
from app.seed.verify import QuoteError
from app.services.curation.tables import T, not_retracted
from app.services.prepared import Prepared

_C, _S = T["citation"].c, T["source"]
_CITATIONS_OF = Prepared(
    select(_C.id, _C.source_id, _C.quote, _C.start, _C.end, _C.field)
    .where(_C.record_type == bindparam("rtype"), _C.record_id == bindparam("rid"))
    .order_by(_C.source_id, _C.start, _C.id)
)
_TEXTS = Prepared(
    select(_S.c.id, _S.c.text).where(
        _S.c.id.in_(bindparam("ids", expanding=True)), *not_retracted(_S)
    ),
    expanding="ids",
)
_LIVE_TEXTS = Prepared(select(_S.c.id, _S.c.text).where(*not_retracted(_S)))


def live_texts(session: Session) -> dict[str, str]:
    """Every live article's text, by source id (the alias check reads them all)."""
    return dict(_LIVE_TEXTS.rows(session))


def citations_of(session: Session, rtype: str, rid: str) -> list[dict[str, Any]]:
    return _CITATIONS_OF.dicts(session, {"rtype": rtype, "rid": rid})


def _texts(session: Session, ids: Collection[str]) -> dict[str, str]:
    return dict(_TEXTS.rows(session, {"ids": sorted(ids)})) if ids else {}


def _quote_problem(text: str, c: w.CitationIn, exc: QuoteError) -> str:
    n = len(verify.occurrences(text, c.quote))
    if n > 1 and c.occurrence is None:
        return (
            f"ambiguous: the quote occurs {n} times in source {c.source_id}; "
            f"give occurrence (1–{n})"
        )
    if n == 0:
        for form in ("NFC", "NFD", "NFKC"):
            if unicodedata.normalize(form, c.quote) != c.quote and verify.occurrences(
                text, unicodedata.normalize(form, c.quote)
            ):
                return (
                    f"not verbatim in source {c.source_id}: it matches only after "
                    f"Unicode {form} normalisation; send the article's exact code points"
                )
        return f"not verbatim in source {c.source_id}: {exc}"
    return f"{exc} (source {c.source_id})"


def make_citations(
    session: Session,
    rtype: str,
    rid: str,
    cites: Sequence[w.CitationIn],
    *,
    where: str = "citations",
    texts: Mapping[str, str] | None = None,
) -> list[dict[str, Any]]:
    """Citation rows for ``cites``: each quote located in its (live) source by the server
    (``texts``: the live articles' texts when the caller has read them already)."""
    if texts is None:
        texts = _texts(session, {c.source_id for c in cites})
    out: list[dict[str, Any]] = []
    for i, c in enumerate(cites):
        name = f"{where}[{i}]"
        text = texts.get(c.source_id)
        if text is None:
            raise Unprocessable(
                f"{name}: unknown source {c.source_id!r} (dangling reference)",
                errors=[{"in": "body", "name": f"{name}.source_id", "message": "unknown source"}],
            )
        try:
            start, end = verify.locate(text, c.quote, c.occurrence)
        except QuoteError as exc:
            problem = _quote_problem(text, c, exc)
            raise Unprocessable(
                f"{name}: {problem}",
                errors=[{"in": "body", "name": f"{name}.quote", "message": problem}],
            ) from None
        prefix, suffix = verify.context(text, start, end)
        cid = builder.citation_id(rtype, rid, c.field, c.source_id, start)
        if any(x["id"] == cid for x in out):
            raise Unprocessable(
                f"{name}: the same quote is cited twice",
                errors=[{"in": "body", "name": f"{name}.quote", "message": "cited twice"}],
            )
        out.append(
            {
                "id": cid,
                "source_id": c.source_id,
                "record_type": rtype,
                "record_id": rid,
                "field": c.field,
                "quote": c.quote,
                "start": start,
                "end": end,
                "prefix": prefix,
                "suffix": suffix,
            }
        )
    return out


def store_citations(
    session: Session, rtype: str, rid: str, rows: list[dict[str, Any]], *, replace: bool
) -> None:
    c = T["citation"]
    if replace:
        session.execute(delete(c).where(c.c.record_type == rtype, c.c.record_id == rid))
    if rows:
        session.execute(insert(c), rows)


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else repr(v)


def check_numbers(
    cites: Sequence[dict[str, Any]],
    value: float,
    deadline_year: int | None,
    *,
    where: str = "citations",
) -> None:
    """A figure's number must be in every quote that cites its value (the seeder's rule)."""
    for i, c in enumerate(cites):
        name = f"{where}[{i}]"
        if c["field"] in (None, "value") and not mentions_value(c["quote"], value):
            raise Unprocessable(
                f"{name}: the number {_fmt(value)} is not in its quote «{c['quote']}»",
                errors=[
                    {
                        "in": "body",
                        "name": f"{name}.quote",
                        "message": f"does not state {_fmt(value)}",
                    }
                ],
            )
        if (
            c["field"] == "deadline_year"
            and deadline_year is not None
            and not mentions_value(c["quote"], deadline_year)
        ):
            raise Unprocessable(
                f"{name}: the deadline {deadline_year} is not in its quote «{c['quote']}»",
                errors=[
                    {
                        "in": "body",
                        "name": f"{name}.quote",
                        "message": f"does not state {deadline_year}",
                    }
                ],
            )
