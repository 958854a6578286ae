"""``/check``: the fact-check page for journalists, rendered on the server (no JavaScript).

A text box (a form that GETs ``/check?text=`` or POSTs ``/check``) and, once a text is
sent, the text shown back with each checked statement highlighted by its verdict and
linked to its evidence: the claims, each article's verbatim quote linked to its highlight
in ``/sources/{id}``, the figure pages ``/figures/{id}``, the open conflicts, and the
numbers skipped with why. The answer is ``app.services.factcheck``'s, as ``/v1/check``
gives it; a text in Arabic is shown right to left, every embedded run isolated.
"""

from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlmodel import Session

from app.api.deps import read
from app.errors import MasdarError
from app.services import factcheck, viewer
from app.web import pages
from app.web.bidi import isolate

router = APIRouter(include_in_schema=False)
Row = dict[str, Any]

EXAMPLES = (
    "المغرب سيخلق 60 ألف فرصة عمل بفضل الذكاء الاصطناعي بحلول 2030",
    "Oracle will invest $140 million in two cloud regions in Casablanca and Settat.",
    "Mistral AI will invest $140 million in two cloud regions.",
)
LABELS = {
    "supported": "supported",
    "differs": "differs",
    "not_found": "not found",
}
ASPECTS = {
    "subject": "subject",
    "unit": "unit",
    "value": "value",
    "hedge_dropped": "hedge dropped",
    "hedge": "hedge",
    "year": "year",
}
CSS = """
.v-supported { background: #b8f0c8; }
.v-differs { background: #ffd2bf; }
.v-not_found { background: #e4e4e4; }
mark.skipped { background: none; text-decoration: underline dotted #4a4a4a; }
mark a { color: var(--ink); text-decoration: none; }
.checked { font-size: 1.15rem; line-height: 2; white-space: pre-wrap; overflow-wrap: anywhere;
  border: 1px solid var(--line); padding: .5rem .75rem; }
.badge.v-supported, .badge.v-differs, .badge.v-not_found { color: var(--ink); }
form textarea { width: 100%; font: inherit; font-size: 1.05rem; padding: .5rem; }
form .row { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center;
  margin-top: .5rem; }
form button { font: inherit; padding: .35rem 1rem; }
ol.statements > li { margin-bottom: 1.25rem; padding-inline-start: .25rem; }
ol.statements > li:target { outline: 3px solid #1d4ed8; outline-offset: 4px; }
.reason, .counts { color: var(--muted); font-size: .9rem; }
.problem { border: 2px solid var(--bad); color: var(--bad); padding: .75rem; }
"""


def _query(text: str) -> str:
    return "/check?" + urlencode({"text": text})


def _form(text: str, lang: str | None) -> str:
    options = "".join(
        f'<option value="{v}"{" selected" if lang == v or (lang is None and not v) else ""}>'
        f"{label}</option>"
        for v, label in (("", "detect it"), ("ar", "Arabic"), ("en", "English"))
    )
    examples = " · ".join(
        f'<a href="{escape(_query(e))}"><bdi dir="auto">{escape(e)}</bdi></a>' for e in EXAMPLES
    )
    return f"""<form method="post" action="/check">
<label for="text">A sentence or a paragraph, Arabic or English (up to
{factcheck.MAX_CHARS:,} characters)</label>
<textarea id="text" name="text" rows="5" dir="auto" required
 maxlength="{factcheck.MAX_CHARS}">{escape(text)}</textarea>
<div class="row"><label for="lang">Language</label>
<select id="lang" name="lang">{options}</select>
<button type="submit">Check</button></div>
</form>
<p class="note">Examples: {examples}</p>"""


def _marks(text: str, result: Row) -> str:
    """The text, each statement in a ``<mark>`` of its verdict linking to its evidence,
    each skipped number underlined; overlapping spans keep the first."""
    spans = [
        (s["span"]["start"], s["span"]["end"], s) for s in result["statements"] if s["span"]
    ] + [(k["span"]["start"], k["span"]["end"], k) for k in result["skipped"] if k["span"]]
    out, pos = [], 0
    for start, end, item in sorted(spans, key=lambda x: (x[0], -x[1])):
        if start < pos:
            continue
        out.append(escape(text[pos:start]))
        words = escape(text[start:end])
        where = f'data-start="{start}" data-end="{end}"'
        if "verdict" in item:
            v = item["verdict"]
            out.append(
                f'<mark class="v-{v}" id="m-{item["id"]}" {where} title="{LABELS[v]}">'
                f'<a href="#{item["id"]}">{words}</a></mark>'
            )
        else:
            why = escape(f"skipped: {item['reason']}")
            out.append(f'<mark class="skipped" {where} title="{why}">{words}</mark>')
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


def _quote(q: Row) -> str:
    return (
        f'<li><blockquote lang="ar" dir="rtl">{escape(q["quote"])}</blockquote>'
        f'<a class="highlight-link" href="{escape(q["url"])}">See it highlighted in source '
        f"{escape(q['source_id'])}</a> (characters {q['start']}–{q['end']}"
        f"{', ' + escape(q['field']) if q['field'] else ''})</li>"
    )


def _figure(f: Row) -> str:
    facts = [f["qualifier"] or "no hedge"]
    if f["deadline_year"] or f["period_end_year"]:
        start = f"{f['period_start_year']}–" if f["period_start_year"] else ""
        facts.append(f"year {start}{f['deadline_year'] or f['period_end_year']}")
    if f["per_unit"]:
        facts.append(f"per {f['per_unit']}")
    if f["giver"]:
        facts.append(f"given by {f['giver']['name'] or f['giver']['id']}")
    quotes = "".join(_quote(q) for q in f["citations"])
    return (
        f'<li><a href="{escape(f["url"])}">{escape(f["label"])}</a> '
        f"({escape(', '.join(f['sources']))}; {escape('; '.join(facts))})"
        f'<ul class="plain">{quotes}</ul></li>'
    )


def _evidence(e: Row) -> str:
    differs = (
        f" — differs in {escape(', '.join(ASPECTS[a] for a in e['differs_in']))}"
        if e["differs_in"]
        else ""
    )
    conflicts = "".join(
        f'<li><span class="badge">{escape(c["class"])}</span> {isolate(c["summary"])} '
        f'<a href="{escape(c["url"])}">Conflict JSON</a></li>'
        for c in e["conflicts"]
    )
    subject = e["subject"]
    name = isolate(subject["name"]) + (
        f' (<bdi lang="ar">{escape(subject["name_ar"])}</bdi>)' if subject["name_ar"] else ""
    )
    return (
        f'<li dir="ltr" lang="en">{escape(e["relation"])}{differs}: {name}, '
        f"{escape(e['metric'].replace('_', ' '))} {pages._num(e['value'])} {escape(e['unit'])}; "
        f"corroborated by <strong>{e['corroborated_by']}</strong> source(s) "
        f'(<a href="{escape(e["url"])}">claim JSON</a>)'
        f'<ul class="plain">{"".join(_figure(f) for f in e["figures"])}</ul>'
        + (f'<p>Open conflicts:</p><ul class="plain">{conflicts}</ul>' if conflicts else "")
        + "</li>"
    )


def _statement(s: Row) -> str:
    v = s["verdict"]
    what = f": {', '.join(ASPECTS[a] for a in s['differs_in'])}" if s["differs_in"] else ""
    ar = f'<p lang="ar" dir="rtl">{escape(s["explanation_ar"])}</p>' if s["explanation_ar"] else ""
    evidence = "".join(_evidence(e) for e in s["evidence"])
    return f"""<li id="{s["id"]}" class="statement" data-verdict="{v}">
<p><a href="#m-{s["id"]}"><span class="badge v-{v}">{LABELS[v]}{escape(what)}</span></a>
<bdi dir="auto">«{escape(s["span"]["text"])}»</bdi></p>
<p lang="en" dir="ltr">{escape(s["explanation"])}</p>{ar}
{f'<ul class="plain evidence">{evidence}</ul>' if evidence else ""}
<p class="reason" lang="en" dir="ltr">Why ({escape(s["basis"])}: masdar's judgment, not an
article's words): {isolate(s["reason"])}</p>
</li>"""


def _result(text: str, result: Row) -> str:
    c = result["counts"]
    rtl = result["direction"] == "rtl"
    where = ' lang="ar" dir="rtl"' if rtl else ' lang="en" dir="ltr"'
    statements = "".join(_statement(s) for s in result["statements"])
    skipped = "".join(
        f'<li><bdi dir="auto">«{escape(k["span"]["text"])}»</bdi> '
        f"({escape(k['kind'] or '')}): {isolate(k['reason'] or '')}</li>"
        for k in result["skipped"]
        if k["span"]
    )
    note = f'<p class="note">{escape(result["note"])}</p>' if result["note"] else ""
    return f"""<section aria-labelledby="result-h">
<h2 id="result-h">What the articles say</h2>
<p class="counts">{c["supported"]} supported · {c["differs"]} differs · {c["not_found"]} not
found · {c["skipped"]} skipped. Not found is not false: masdar holds only what its five
articles state.</p>
{note}
<div class="checked" aria-label="The text checked"{where}>{_marks(text, result)}</div>
<p class="legend"><mark class="v-supported">supported</mark>
<mark class="v-differs">differs</mark> <mark class="v-not_found">not found</mark>
<mark class="skipped">skipped: no figure</mark></p>
{f'<ol class="statements"{where}>{statements}</ol>' if statements else ""}
{f'<h3>Numbers skipped</h3><ul class="plain">{skipped}</ul>' if skipped else ""}
</section>"""


def render(
    text: str, lang: str | None, result: Row | None, problem: str | None, nav: list[Row]
) -> str:
    body = "<h1>Check a sentence against the articles</h1>"
    body += (
        "<p>masdar reads every figure in your text (number, unit or currency, hedge, year), "
        "finds the initiatives and partners it names, and compares each figure with what "
        "its five Arabic articles state, quoting them.</p>"
    )
    body += _form(text, lang)
    if problem is not None:
        body += f'<p class="problem" role="alert">{escape(problem)}</p>'
    if result is not None:
        body += _result(text, result)
    return pages.layout("Check a sentence", body, nav, css=CSS)


async def _page(request: Request, text: str | None, lang: str | None) -> HTMLResponse:
    def load(session: Session) -> tuple[Row | None, str | None, int, list[Row]]:
        nav = viewer.source_list(session)
        if text is None:
            return None, None, 200, nav
        try:
            return factcheck.check_text(session, text, lang=lang or None), None, 200, nav
        except MasdarError as exc:
            return None, exc.detail, exc.status, nav

    result, problem, status, nav = await read(request, load)
    page = render(text or "", lang or None, result, problem, nav)
    return HTMLResponse(page, status_code=status)


@router.get("/check", response_class=HTMLResponse)
async def check_page(
    request: Request, text: str | None = None, lang: str | None = None
) -> HTMLResponse:
    return await _page(request, text, lang)


@router.post("/check", response_class=HTMLResponse)
async def check_form(request: Request) -> HTMLResponse:
    """The form's POST (``application/x-www-form-urlencoded``): a long text fits no URL."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        problem = "Send the form (application/x-www-form-urlencoded), or use POST /v1/check."
        return HTMLResponse(render("", None, None, problem, []), status_code=415)
    try:
        body = (await request.body()).decode("utf-8")
        fields = parse_qs(body, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        return HTMLResponse(render("", None, None, "The form is not UTF-8.", []), 400)
    text = fields.get("text", [""])[0]
    lang = fields.get("lang", [""])[0]
    response = await _page(request, text, lang)
    response.headers["Cache-Control"] = "no-store"
    return response
