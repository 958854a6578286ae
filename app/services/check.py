from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from app.models import Citation, Source


def check_citations(engine: Engine) -> tuple[list[str], int]:
    """Compare every citation with its source text; return the drifted ones and the total."""
    problems: list[str] = []
    total = 0
    with Session(engine) as session:
        texts: dict[str, str] = {}
        for source_id, text in session.execute(select(col(Source.id), col(Source.text))):
            texts[source_id] = text
        for c in session.scalars(select(Citation).order_by(Citation.id)):
            total += 1
            text = texts.get(c.source_id)
            if text is None or text[c.start : c.end] != c.quote:
                problems.append(
                    f"citation {c.id} ({c.record_type} {c.record_id}, source {c.source_id}, "
                    f"{c.start}:{c.end}) no longer matches its quote"
                )
    return problems, total
