"""HTML pages of the source viewer: f-strings with every value escaped, no JavaScript.

Accessible by construction: landmarks (header, nav, main, footer), a skip link,
``lang``/``dir`` on Arabic text, system fonts only, WCAG AA contrast, and one
column that fits a 375 px phone.
"""

from __future__ import annotations

from html import escape
from typing import Any

from app.web.bidi import bdi, isolate, isolated
from app.web.highlight import highlight

Row = dict[str, Any]

CSS = """
:root { color-scheme: light; --ink: #1b1b1b; --muted: #4a4a4a; --link: #0b4f9c;
  --mark: #ffe58a; --mark-figure: #b8f0c8; --line: #d0d0d0; --bad: #8a1c1c; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff; line-height: 1.6;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; }
a { color: var(--link); }
a:focus-visible, mark:target { outline: 3px solid #1d4ed8; outline-offset: 2px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; z-index: 1; }
header, main, footer { max-width: 46rem; margin: 0 auto; padding: 1rem; }
header { border-bottom: 1px solid var(--line); }
header nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem 1rem;
  margin: .5rem 0 0; padding: 0; }
.brand { font-weight: 700; margin: 0; }
[lang="ar"] { font-family: "Noto Naskh Arabic", "Amiri", "Noto Sans Arabic", "Geeza Pro",
  "Arabic Typesetting", "Traditional Arabic", Tahoma, Arial, sans-serif; }
.article { font-size: 1.2rem; line-height: 2.1; white-space: pre-wrap;
  overflow-wrap: anywhere; }
mark { background: var(--mark); color: var(--ink); padding: 0 .05em; border-radius: 2px; }
mark.rec-figure { background: var(--mark-figure); }
mark mark { box-shadow: inset 0 -3px 0 #8a6d00; }
mark.merged { text-decoration: underline dotted #6b5200; }
.legend { font-size: .9rem; }
.swatch { display: inline-block; width: 1.6em; height: 1em; vertical-align: -.1em;
  border: 1px solid var(--muted); border-radius: 2px; background: var(--mark); }
.swatch.rec-figure { background: var(--mark-figure); }
sup.refs { font-size: .7rem; line-height: 1; }
sup.refs .ref { margin: 0 .1em; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; overflow-wrap: anywhere; }
.warn { border: 2px solid var(--bad); color: var(--bad); padding: .75rem; }
.badge { display: inline-block; border: 1px solid currentColor; border-radius: 3px;
  padding: 0 .3em; font-size: .85em; }
.badge.unverified, .badge.contradiction { color: var(--bad); }
blockquote { margin: .25rem 0; padding: .25rem .75rem; border-inline-start: 4px solid var(--line); }
ol.citations li, ul.plain li { margin-bottom: .6rem; }
footer { color: var(--muted); font-size: .9rem; border-top: 1px solid var(--line); }
@media (max-width: 30rem) { .article { font-size: 1.1rem; } dl.meta { display: block; }
  dl.meta dd { margin-bottom: .4rem; } }
"""


def layout(title: str, body: str, sources: list[Row], *, lang: str = "en", css: str = "") -> str:
    """A page of the viewer; ``css`` adds a page's own rules to the shared ones."""
    nav = "".join(
        f'<li><a href="/sources/{escape(s["id"])}">Source {escape(s["id"])}</a></li>'
        for s in sources
    )
    return f"""<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(isolated(title))} · masdar</title>
<link rel="icon" href="data:,">
<style>{CSS}{css}</style>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header>
<p class="brand">masdar <span lang="ar" dir="rtl">مصدر</span></p>
<nav aria-label="Sources"><ul>{nav}</ul></nav>
</header>
<main id="main">
{body}
</main>
<footer><p>Every highlight is a verbatim quote: its offsets are code points into the
article text (<code>text[start:end] == quote</code>). JSON: <a href="/docs">API docs</a>.</p>
</footer>
</body>
</html>
"""


def not_found(detail: str, sources: list[Row]) -> str:
    return layout("Not found", f"<h1>Not found</h1><p>{escape(detail)}</p>", sources)


def _num(v: float) -> str:
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,}"


def _meta(rows: list[tuple[str, str]]) -> str:
    return '<dl class="meta">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>"


def _ar(text: str | None) -> str:
    return f'<span lang="ar" dir="rtl">{escape(text)}</span>' if text else "unknown"


def source_page(data: Row) -> str:
    src, cites = data["source"], data["citations"]
    numbers = {c["id"]: i for i, c in enumerate(cites, 1)}
    bad = [c for c in cites if not c["verified"]]
    title = src["title"] or f"Source {src['id']} (untitled)"
    meta = _meta(
        [
            ("Author", _ar(src["author"])),
            (
                "Published",
                escape(src["published_on"].isoformat()) if src["published_on"] else "unknown",
            ),
            ("Outlet", escape(src["outlet"]) if src["outlet"] else "unknown"),
            ("Kind", escape(src["kind"])),
            (
                "Original URL",
                f'<a href="{escape(src["url"])}">{escape(src["url"])}</a>'
                if src["url"]
                else "unknown",
            ),
            ("Citations", f"{len(cites) - len(bad)} verified of {len(cites)}"),
            (
                "Text",
                f'<a href="/v1/sources/{escape(src["id"])}/text">plain text</a>, SHA-256 '
                f"<code>{escape(src['sha256'][:16])}…</code>",
            ),
        ]
    )
    warn = ""
    if bad:
        warn = (
            f'<p class="warn" role="alert">{len(bad)} citation(s) do not match the stored '
            "text (it may have been edited): they are listed below as "
            "<strong>unverified</strong> and not highlighted.</p>"
        )
    marked = highlight(src["text"], cites, numbers)
    body = f"""<h1 lang="{escape(src.get("language") or "ar")}" dir="auto">{bdi(title)}</h1>
{meta}
{warn}
{_legend(cites)}
<article class="article" lang="ar" dir="rtl" aria-label="Article text">{marked}</article>
<section aria-labelledby="cites-h">
<h2 id="cites-h">Citations in this article</h2>
<ol class="citations">{"".join(_citation_item(c) for c in cites)}</ol>
</section>"""
    return layout(title, body, data["sources"])


def _legend(cites: list[Row]) -> str:
    """What the two highlight colours mean (``mark`` and ``mark.rec-figure`` in CSS), for
    the kinds this article's highlights hold."""
    shown = [c for c in cites if c["verified"]]
    kinds = [
        (
            "rec-figure",
            "Green: the quote states a figure (its number is in the quote).",
            any(c["record_type"] == "figure" for c in shown),
        ),
        (
            "",
            "Yellow: the quote supports anything else: the article's own title, date or "
            "author, a partner, person, initiative, event, or a link between them.",
            any(c["record_type"] != "figure" for c in shown),
        ),
    ]
    items = "".join(
        f'<li><span class="swatch {css}" aria-hidden="true"></span> {escape(text)}</li>'
        for css, text, present in kinds
        if present
    )
    if not items:
        return ""
    return (
        '<section class="legend" aria-labelledby="legend-h"><h2 id="legend-h">Highlights</h2>'
        f'<ul class="plain">{items}</ul><p>A highlight holding both kinds is green; a quote '
        "inside a longer one is underlined. The small numbers after a highlight link to what "
        "it supports.</p></section>"
    )


def _citation_item(c: Row) -> str:
    label = escape(f"{c['record_type'].replace('_', ' ')} {c['record_id']}")
    target = f'<a href="{escape(c["link"])}">{label}</a>' if c["link"] else label
    field = f" ({escape(c['field'])})" if c["field"] else ""
    if c["verified"]:
        quote = (
            f'<a href="#citation-{escape(c["id"])}" lang="ar" dir="rtl">{escape(c["quote"])}</a>'
        )
        status = ""
    else:
        quote = f'<span lang="ar" dir="rtl">{escape(c["quote"])}</span>'
        status = (
            ' <span class="badge unverified">unverified: the offsets '
            f"{c['start']}–{c['end']} no longer hold this quote</span>"
        )
    return (
        f'<li data-citation="{escape(c["id"])}" data-verified="{str(c["verified"]).lower()}">'
        f"{quote} → supports {target}{field}{status}</li>"
    )


def _quotes(fig: Row) -> str:
    items = []
    for q in fig["citations"]:
        href = f"/sources/{escape(q['source_id'])}#citation-{escape(q['id'])}"
        status = (
            ""
            if q["verified"]
            else ' <span class="badge unverified">unverified: offsets do not match</span>'
        )
        items.append(
            f'<li><blockquote lang="ar" dir="rtl">{escape(q["quote"])}</blockquote>'
            f'<a class="highlight-link" href="{href}">See it highlighted in source '
            f"{escape(q['source_id'])}</a> (characters {q['start']}–{q['end']}"
            f"{', ' + escape(q['field']) if q['field'] else ''}){status}</li>"
        )
    return f'<ul class="plain">{"".join(items)}</ul>' if items else "<p>No quotes.</p>"


def _claim(claim: Row | None, fig_id: str) -> str:
    if claim is None:
        return "<p>A computed figure states no claim of its own.</p>"
    others = "".join(
        f'<li><a href="/figures/{escape(f["id"])}">{escape(f["id"])}</a> '
        f"({escape(', '.join(f['sources']))}; {escape(f['qualifier'] or 'no hedge')})</li>"
        for f in claim["figures"]
        if f["id"] != fig_id
    )
    return (
        f"<p>Corroborated by <strong>{claim['corroborated_by']}</strong> source(s): "
        f"{escape(', '.join(claim['sources']))}. Hedges seen: "
        f"{escape(', '.join(claim['qualifiers']))}. "
        f'<a href="/v1/claims/{escape(claim["id"])}">Claim JSON</a></p>'
        + (f'<p>The same fact elsewhere:</p><ul class="plain">{others}</ul>' if others else "")
    )


def _conflict_item(c: Row) -> str:
    review = c.get("review")
    curator = (
        f"<em>Curator ({escape(c['status'])}):</em> {escape(review['note'])} " if review else ""
    )
    return (
        f'<li><span class="badge {escape(c["class"])}">{escape(c["class"])}</span> '
        f"{isolate(c['summary'])} <em>Why this class:</em> {isolate(c['reason'])} {curator}"
        f'<a href="/v1/conflicts/{escape(c["id"])}">Conflict JSON</a></li>'
    )


def _conflicts(found: list[Row]) -> str:
    if not found:
        return "<p>No conflict found by the rules.</p>"
    return '<ul class="plain">' + "".join(_conflict_item(c) for c in found) + "</ul>"


def figure_page(data: Row) -> str:
    fig = data["figure"]
    fid = escape(fig["id"])
    rows = [
        ("Value", f"<strong>{_num(fig['value'])} {escape(fig['unit'])}</strong>"),
        ("Qualifier", escape(fig["qualifier"] or "none (stated without a hedge)")),
        (
            "Subject",
            f'<a href="/v1/initiatives/{escape(fig["subject"])}">{bdi(fig["subject_name"])}</a>',
        ),
        ("Metric", escape(fig["metric"])),
        ("Kind", escape(fig["kind"])),
    ]
    if fig["derived"]:
        factor = f" × {_num(fig['factor'])}" if fig.get("factor") else ""
        rows.append(
            (
                "Computed",
                f"by masdar, not stated by any article: "
                f"{escape(fig['formula'] or '')} of its inputs{factor}",
            )
        )
        if fig.get("factor_note"):
            rows.append(("Factor", escape(fig["factor_note"])))
    quotes = (
        "".join(
            f'<h3><a href="/figures/{escape(i["id"])}">{bdi(i.get("label") or i["id"])}'
            f"</a>: {_num(i['value'])} {escape(i['unit'])}</h3>{_quotes(i)}"
            for i in data["quoted"]
        )
        if fig["derived"]
        else _quotes(data["quoted"][0])
    )
    heading = "Inputs and their quotes" if fig["derived"] else "Quotes"
    cite = f"/v1/figures/{fid}/cite"
    body = f"""<h1 dir="auto">{bdi(fig["label"])}</h1>
{_meta(rows)}
<section aria-labelledby="quotes-h"><h2 id="quotes-h">{heading}</h2>
{quotes}</section>
<section aria-labelledby="claim-h"><h2 id="claim-h">Claim</h2>
{_claim(data["claim"], fig["id"])}</section>
<section aria-labelledby="conf-h"><h2 id="conf-h">Conflicts</h2>
{_conflicts(data["conflicts"])}</section>
<section aria-labelledby="cite-h"><h2 id="cite-h">Cite this figure</h2>
<p><a href="{cite}">text</a> · <a href="{cite}?format=csl-json">CSL-JSON</a>
· <a href="{cite}?format=annotation">W3C Web Annotation</a>
· <a href="/v1/figures/{fid}">JSON</a></p></section>"""
    return layout(fig["label"], body, data["sources"])
