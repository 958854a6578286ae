"""Cite a figure: CSL-JSON, W3C Web Annotations, or one line of text in English and Arabic.

Only what the sources table knows is written: no URL, outlet, author or date is
ever filled in. A derived figure is cited through its inputs and says that it is
computed by masdar.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlmodel import Session, SQLModel

from app.services import figures as figures_service

T = SQLModel.metadata.tables
Row = dict[str, Any]

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
CSL_TYPES = {"news": "article-newspaper", "blog": "post-weblog", "press_release": "article"}
FORMULA_WORDS = {"sum": ("sum", "مجموع"), "product": ("product", "جداء")}


def _sources(session: Session, ids: set[str]) -> dict[str, Row]:
    s = T["source"].c
    cols = (
        s.id,
        s.title,
        s.author,
        s.outlet,
        s.published_on,
        s.published_on_precision,
        s.kind,
        s.language,
        s.url,
        s.sha256,
    )
    return {
        r["id"]: dict(r)
        for r in session.execute(select(*cols).where(s.id.in_(list(ids)))).mappings()
    }


def _cited(session: Session, figure_id: str) -> tuple[Row, list[Row], list[Row]]:
    """The figure, the figures whose quotes cite it (itself, or its inputs), their sources."""
    fig = figures_service.get_figure(session, figure_id)
    quoted = fig["inputs"] if fig["derived"] else [fig]
    srcs = _sources(session, {c["source_id"] for f in quoted for c in f["citations"]})
    return fig, quoted, [srcs[k] for k in sorted(srcs)]


def _value_citation(fig: Row) -> Row | None:
    cites = fig["citations"]
    return next((c for c in cites if c.get("field") == "value"), cites[0] if cites else None)


def _number(v: float) -> str:
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,}"


def _issued(src: Row) -> dict[str, list[list[int]]] | None:
    d = src["published_on"]
    if d is None:
        return None
    parts = {"year": [d.year], "month": [d.year, d.month]}.get(
        src["published_on_precision"] or "day", [d.year, d.month, d.day]
    )
    return {"date-parts": [parts]}


def csl_item(src: Row, notes: list[str]) -> Row:
    """A CSL-JSON item: a field masdar does not know is absent (CSL has no null)."""
    item: Row = {"id": f"masdar-source-{src['id']}", "type": CSL_TYPES.get(src["kind"], "article")}
    if src["title"]:
        item["title"] = src["title"]
    if src["author"]:
        item["author"] = [{"literal": src["author"]}]
    issued = _issued(src)
    if issued:
        item["issued"] = issued
    if src["outlet"]:
        item["container-title"] = src["outlet"]
    if src["url"]:
        item["URL"] = src["url"]
    item["language"] = src["language"]
    item["note"] = " ".join(notes)
    return item


def csl_json(session: Session, figure_id: str) -> list[Row]:
    fig, quoted, sources = _cited(session, figure_id)
    items = []
    for src in sources:
        notes = []
        if fig["derived"]:
            notes.append(
                f"Input of masdar's computed figure {fig['id']} (not stated by any article)."
            )
        for f in quoted:
            for c in f["citations"]:
                if c["source_id"] == src["id"]:
                    notes.append(
                        f"masdar figure {f['id']}: \u201c{c['quote']}\u201d "
                        f"(characters {c['start']}\u2013{c['end']})."
                    )
        notes.append(f"Text SHA-256 {src['sha256']}.")
        items.append(csl_item(src, notes))
    return items


def annotation(session: Session, figure_id: str, *, base_url: str) -> Row:
    """A W3C Web Annotation page, the only page of the figure's annotation collection;
    every IRI starts with ``base_url`` (masdar's public base)."""
    fig, quoted, _ = _cited(session, figure_id)
    base = base_url.rstrip("/")
    items = []
    for f in quoted:
        body = f"{f.get('label', f['metric'])}: {_number(f['value'])} {f['unit']}"
        if f.get("qualifier"):
            body += f" ({f['qualifier']})"
        if fig["derived"]:
            body += f"; an input of masdar's computed figure {fig['id']}"
        for c in f["citations"]:
            items.append(
                {
                    "id": f"{base}/v1/citations/{c['id']}",
                    "type": "Annotation",
                    "motivation": "describing",
                    "body": {
                        "type": "TextualBody",
                        "value": body,
                        "format": "text/plain",
                        "language": "en",
                    },
                    "target": {
                        "source": f"{base}/v1/sources/{c['source_id']}/text",
                        "type": "Text",
                        "format": "text/plain",
                        "language": "ar",
                        "selector": [
                            {
                                "type": "TextQuoteSelector",
                                "exact": c["quote"],
                                "prefix": c["prefix"],
                                "suffix": c["suffix"],
                            },
                            {"type": "TextPositionSelector", "start": c["start"], "end": c["end"]},
                        ],
                    },
                }
            )
    page = f"{base}/v1/figures/{figure_id}/cite?format=annotation"
    return {
        "@context": ANNO_CONTEXT,
        "id": page,
        "type": "AnnotationPage",
        "partOf": {
            "id": f"{page}#collection",
            "type": "AnnotationCollection",
            "label": f"masdar's quotes for figure {figure_id}",
            "total": len(items),
            "first": page,
            "last": page,
        },
        "startIndex": 0,
        "items": items,
    }


def _line_en(src: Row, c: Row) -> str:
    parts = [
        src["author"] or "Unknown author",
        f"\u201c{src['title']}\u201d" if src["title"] else "untitled article",
    ]
    if src["outlet"]:
        parts.append(src["outlet"])
    parts.append(src["published_on"].isoformat() if src["published_on"] else "n.d.")
    where = f"masdar source {src['id']}, characters {c['start']}\u2013{c['end']}"
    url = f", {src['url']}" if src["url"] else ""
    return f"{', '.join(parts)} ({where}{url}): \u201c{c['quote']}\u201d"


def _line_ar(src: Row, c: Row) -> str:
    parts = [
        src["author"] or "كاتب غير معروف",
        f"«{src['title']}»" if src["title"] else "مقال بلا عنوان",
    ]
    if src["outlet"]:
        parts.append(src["outlet"])
    parts.append(src["published_on"].isoformat() if src["published_on"] else "دون تاريخ")
    where = f"مصدر masdar رقم {src['id']}، المحارف {c['start']}–{c['end']}"
    return f"{'، '.join(parts)} ({where}): «{c['quote']}»"


def text_lines(session: Session, figure_id: str) -> tuple[str, str]:
    """One line in English and one in Arabic."""
    fig, quoted, sources = _cited(session, figure_id)
    by_id = {s["id"]: s for s in sources}
    en, ar = [], []
    for f in quoted:
        c = _value_citation(f)
        if c is not None:
            en.append(_line_en(by_id[c["source_id"]], c))
            ar.append(_line_ar(by_id[c["source_id"]], c))
    value = f"{_number(fig['value'])} {fig['unit']}"
    if not fig["derived"]:
        more = len(fig["citations"]) - 1
        extra_en = f" (+{more} more quotes)" if more > 0 else ""
        extra_ar = f" (+{more} اقتباسات أخرى)" if more > 0 else ""
        return (
            f"{fig['label']}: {value}. {en[0] if en else ''}{extra_en}.",
            f"{value}. {ar[0] if ar else ''}{extra_ar}.",
        )
    word_en, word_ar = FORMULA_WORDS.get(fig["formula"] or "", (fig["formula"], fig["formula"]))
    factor = f" \u00d7 {_number(fig['factor'])}" if fig.get("factor") else ""
    return (
        f"{fig['label']}: {value}, computed by masdar as the {word_en} of "
        f"{len(quoted)} figures{factor}, not stated by any article. Inputs: " + "; ".join(en) + ".",
        f"{value}: رقم محسوب من قبل masdar ({word_ar} {len(quoted)} أرقام{factor})، "
        "لم يرد في أي مقال. المدخلات: " + "؛ ".join(ar) + ".",
    )
