"""``GET /dashboard``: the strategy at a glance, rendered on the server (no JavaScript,
no CDN). Charts are inline SVG; every number is a ``<data value>`` carrying the exact
value from ``/v1/stats`` and links to its figure page (``/figures/{id}``) and to its
quote highlighted in the article (``/sources/{id}#citation-{id}``)."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlmodel import Session

from app.api.deps import read
from app.services import stats as stats_service
from app.services import timeline as timeline_service
from app.web.bidi import isolate

router = APIRouter(include_in_schema=False)
Row = dict[str, Any]

CSS = """
:root { --ink: #1a1a1a; --muted: #555; --line: #d0d0d0; --link: #0b57d0; --bar: #2f6db5;
  --bar2: #b3541e; --bad: #a4161a; --bg2: #f5f5f2; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff; line-height: 1.5;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; }
a { color: var(--link); }
a:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; z-index: 1; }
header, main, footer { max-width: 64rem; margin: 0 auto; padding: 1rem; }
header { border-bottom: 1px solid var(--line); }
header nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem 1rem;
  margin: .5rem 0 0; padding: 0; }
h1 { font-size: 1.5rem; margin: .25rem 0; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 2px solid var(--line); }
h3 { font-size: 1rem; margin: 1rem 0 .25rem; }
.brand { font-weight: 700; margin: 0; }
[lang="ar"] { font-family: "Noto Naskh Arabic", "Amiri", "Noto Sans Arabic", Tahoma, Arial,
  sans-serif; }
.ar { display: inline-block; }
.muted, .note { color: var(--muted); font-size: .9rem; }
.cards { list-style: none; padding: 0; margin: 0; display: grid; gap: .75rem;
  grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); }
.card { border: 1px solid var(--line); border-radius: 6px; padding: .75rem;
  background: var(--bg2); }
.card .num { font-size: 1.5rem; font-weight: 700; display: block; }
.card .label { display: block; }
.links { font-size: .85rem; }
.chart { list-style: none; padding: 0; margin: .25rem 0 1rem; }
.chart li { margin: .35rem 0; }
.chart .row { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 0 .75rem; }
.chart .row .what { flex: 1 1 12rem; min-width: 0; overflow-wrap: anywhere; }
.chart svg { display: block; width: 100%; height: 14px; }
.chart svg rect.bg { fill: #ececec; }
.chart svg rect.fg { fill: var(--bar); }
.chart.alt svg rect.fg { fill: var(--bar2); }
.total { font-size: 1.1rem; margin: .5rem 0 .25rem; }
.grid2 { display: grid; gap: 0 2rem; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); }
ol.timeline { list-style: none; padding: 0; border-inline-start: 3px solid var(--line); }
ol.timeline li { margin: 0 0 .9rem; padding-inline-start: .9rem; }
ol.timeline time { font-weight: 700; }
.badge { display: inline-block; border: 1px solid currentColor; border-radius: 3px;
  padding: 0 .3em; font-size: .8em; }
.badge.contradiction { color: var(--bad); }
footer { color: var(--muted); font-size: .9rem; border-top: 1px solid var(--line); }
footer dl dt { font-weight: 700; }
footer dl dd { margin: 0 0 .5rem; }
@media (max-width: 30rem) { h1 { font-size: 1.25rem; } .card .num { font-size: 1.3rem; } }
"""

SECTIONS = [
    ("headline", "Headline figures", "أبرز الأرقام"),
    ("funds", "Funds by currency and component", "التمويلات حسب العملة والمكوّنات"),
    ("targets", "Targets by deadline year", "الأهداف حسب سنة الإنجاز"),
    ("partners", "Partners by country", "الشركاء حسب البلد"),
    ("timeline", "Timeline", "التسلسل الزمني"),
    ("conflicts", "Open conflicts", "التعارضات القائمة"),
]


def ar(text: str | None) -> str:
    return f'<span lang="ar" dir="rtl" class="ar">{escape(text)}</span>' if text else ""


def compact(value: float, unit: str) -> str:
    """``12300000000, MAD`` → ``12.3 bn MAD``; the exact value stays in ``<data value>``."""
    v = float(value)
    for size, word in ((1e9, "bn"), (1e6, "M")):
        if abs(v) >= size:
            return f"{v / size:,.3g} {word} {unit}".replace(",", "")
    return f"{v:,.0f} {unit}" if v.is_integer() else f"{v:,} {unit}"


def number(value: float, unit: str, stat: str, *, href: str | None = None) -> str:
    exact = int(value) if float(value).is_integer() else value
    inner = (
        f'<data value="{exact}" data-stat="{escape(stat)}" title="{exact:,} {escape(unit)}">'
        f"{escape(compact(value, unit))}</data>"
    )
    return f'<a href="{escape(href)}">{inner}</a>' if href else inner


def _quote_link(claim: Row) -> str:
    """Links to the figure page and to every quote stating the claim's value."""
    figure = claim["figure_ids"][0]
    parts = [f'<a href="/figures/{escape(figure)}" class="figure-link">figure</a>']
    parts += quote_links(claim.get("citations", []))
    return '<span class="links">' + " · ".join(parts) + "</span>"


def quote_links(quotes: list[Row]) -> list[str]:
    """``quote 003``, then ``quote 003 (2)`` for the next quote in the same article."""
    seen: dict[str, int] = {}
    out = []
    for q in quotes:
        sid = q["source_id"]
        seen[sid] = seen.get(sid, 0) + 1
        nth = f" ({seen[sid]})" if seen[sid] > 1 else ""
        figure = f' data-figure="{escape(q["figure_id"])}"' if q.get("figure_id") else ""
        out.append(
            f'<a href="/sources/{escape(sid)}#citation-{escape(q["id"])}" class="quote-link"'
            f'{figure} title="{escape(q["quote"])}">quote {escape(sid)}{nth}</a>'
        )
    return out


def _claim_number(claim: Row, stat: str) -> str:
    return number(claim["value"], claim["unit"], stat, href=f"/figures/{claim['figure_ids'][0]}")


def scales(claims: Iterable[Row]) -> dict[str, float]:
    """The full bar of each unit: the largest value in it. A bar compares like with like,
    so 50,000 jobs and 100 bn MAD never share a scale."""
    out: dict[str, float] = {}
    for c in claims:
        out[c["unit"]] = max(out.get(c["unit"], 0.0), float(c["value"]))
    return out


def scale_note(scale: dict[str, float], what: str = "the largest figure in its unit") -> str:
    fulls = " · ".join(escape(compact(most, unit)) for unit, most in scale.items())
    return f'<p class="note scale">A full bar is {what}: {fulls}.</p>'


def bar(value: float, unit: str, most: float, label: str) -> str:
    """A bar as wide as ``value`` is of ``most``, the full bar of its ``unit``."""
    width = 0.0 if most <= 0 else max(0.5, 100.0 * float(value) / float(most))
    return (
        f'<svg viewBox="0 0 100 10" preserveAspectRatio="none" role="img" '
        f'aria-label="{escape(label)}" data-value="{float(value):g}" '
        f'data-unit="{escape(unit)}" data-scale="{float(most):g}">'
        f'<rect class="bg" x="0" y="0" width="100" height="10"/>'
        f'<rect class="fg" x="0" y="0" width="{width:.2f}" height="10"/></svg>'
    )


def _claim_rows(claims: list[Row], stat: str, scale: dict[str, float]) -> str:
    rows = []
    for c in claims:
        hedge = "".join(
            f' <span class="badge">{escape(q)}</span>' for q in c["qualifiers"] if q != "none"
        )
        num = _claim_number(c, stat + "." + c["id"])
        chart = bar(c["value"], c["unit"], scale[c["unit"]], compact(c["value"], c["unit"]))
        rows.append(
            f'<li><div class="row"><span class="what">{isolate(c["label"])} '
            f"{ar(c['subject_name_ar'])}{hedge}</span>{num}</div>{chart}"
            f"{_quote_link(c)}</li>"
        )
    return "".join(rows)


def headline(s: Row) -> str:
    cards = []
    for c in s["headline"]:
        sources = f"{c['corroborated_by']} articles" if c["corroborated_by"] > 1 else "1 article"
        num = _claim_number(c, "headline." + c["id"])
        cards.append(
            f'<li class="card"><span class="num">{num}'
            f'</span><span class="label">{isolate(c["label"])}</span>'
            f'{ar(c["subject_name_ar"])}<br><span class="muted">{sources}</span><br>'
            f"{_quote_link(c)}</li>"
        )
    return f'<ul class="cards">{"".join(cards)}</ul>'


def funds(s: Row) -> str:
    out = ['<div class="grid2">']
    for t in s["funds"]["by_currency"]:
        cur = t["currency"]
        stat = f"funds.by_currency.{cur}"
        scale = scales(t["claims"])
        rows = _claim_rows(t["claims"], stat, scale)
        if t["total"] is None:  # overlap unknown: their sum is no total, so none is shown
            note = f"masdar does not add these {t['count']} amounts. {escape(t['overlap_note'])}"
        else:
            total = number(t["total"], cur, stat + ".total")
            note = (
                f"masdar's sum of these {t['count']} amounts, not a figure any article "
                f"gives: {total}. {escape(t['overlap_note'])}"
            )
        out.append(  # a sum no article states is never a headline (docs/trust.md)
            f'<div id="total-{escape(cur)}"><h3>{escape(cur)}</h3>'
            f'<ul class="chart">{rows}</ul>{scale_note(scale)}'
            f'<p class="note" data-overlap="{escape(t["overlap"])}">{note}</p></div>'
        )
    out.append("</div>")
    for comp in s["funds"]["components"]:
        parent = comp["parent"]
        for t in comp["by_currency"]:
            cur = t["currency"]
            gap = comp.get("parent_minus_components")
            gap_note = (
                f' <span class="muted">stated total minus components: '
                f"{escape(compact(gap, cur))}</span>"
                if gap
                else ""
            )
            stat = f"funds.components.{parent['id']}.{cur}"
            stated = _claim_number(parent, stat + ".parent")
            derived = comp["derived_figure_ids"]
            total = number(
                t["total"], cur, stat + ".total", href=f"/figures/{derived[0]}" if derived else None
            )
            scale = {cur: float(parent["value"])}
            rows = _claim_rows(t["claims"], stat, scale)
            quotes = " · ".join(quote_links(parent.get("citations", [])))
            out.append(
                f"<h3>Components of <q>{isolate(parent.get('label', parent['id']))}</q> "
                f"{ar(parent.get('subject_name_ar'))}</h3>"
                f'<p class="total">Stated total: {stated} <span class="links">({quotes})</span>'
                f" · sum of components: {total}{gap_note}</p>"
                f'<ul class="chart alt">{rows}</ul>{scale_note(scale, "the stated total")}'
            )
    for r in s["funds"]["rates"]:
        stat = "funds.rates." + r["id"]
        derived = "".join(
            "<li>"
            + number(d["value"], d["unit"], stat + "." + d["id"], href="/figures/" + d["id"])
            + f' <span class="badge">derived</span> {isolate(d["label"])}</li>'
            for d in r["derived_figures"]
        )
        out.append(
            f"<h3>Rates (per {escape(r['per_unit'])}), never added to totals</h3>"
            f"<p>{_claim_number(r, stat)} per {escape(r['per_unit'])}: "
            f"{isolate(r['label'])} {_quote_link(r)}</p><ul>{derived}</ul>"
        )
    return "".join(out)


def targets(s: Row) -> str:
    years = [y for y in s["by_deadline_year"] if y["year"] is not None and y["targets"]["count"]]
    most = max((y["targets"]["count"] for y in years), default=0)
    scale = scales(c for y in years for c in y["targets"]["claims"])
    out = [scale_note({"targets": most, **scale}), '<ul class="chart">']
    for y in years:
        n, year = y["targets"]["count"], y["year"]
        stat = f"by_deadline_year.{year}"
        chart = bar(n, "targets", most, f"{n} targets due {year}")
        rows = _claim_rows(y["targets"]["claims"], stat, scale)
        plural = "s" if n != 1 else ""
        out.append(
            f'<li><div class="row"><span class="what"><strong>{year}</strong></span>'
            f'<data value="{n}" data-stat="{stat}.targets.count">{n} target{plural}</data>'
            f'</div>{chart}<ul class="chart alt">{rows}</ul></li>'
        )
    out.append("</ul>")
    undated = next((y for y in s["by_deadline_year"] if y["year"] is None), None)
    if undated:
        out.append(
            f'<p class="muted">{undated["targets"]["count"]} more targets state no '
            "deadline year.</p>"
        )
    return "".join(out)


def partners(s: Row) -> str:
    groups = s["by_country"]
    most = max((g["partners"] for g in groups), default=0)
    partner = {g["partner"]["id"]: g["partner"] for g in s["by_partner"]}
    out = ['<ul class="chart">']
    for g in groups:
        country = g["country"] or "unknown"
        names = ", ".join(
            f'<a href="/v1/partners/{escape(p)}" class="partner" data-partner="{escape(p)}">'
            f"{isolate(partner[p]['name'])}</a>"
            for p in g["partner_ids"]
        )
        n = g["partners"]
        plural = "s" if n != 1 else ""
        chart = bar(n, "partners", most, f"{n} partners in {country}")
        out.append(
            f'<li><div class="row"><span class="what"><strong>{escape(country)}</strong> '
            f'<span class="muted">{names}</span></span>'
            f'<a href="/v1/partners?country={escape(country)}"><data value="{n}" '
            f'data-stat="by_country.{escape(country)}.partners">{n} partner{plural}</data>'
            f"</a></div>{chart}</li>"
        )
    out.append("</ul>")
    return "".join(out)


def timeline(t: Row) -> str:
    items = []
    for e in t["items"]:
        cites = " " + " ".join(quote_links(e["citations"]))
        value = ""
        if e["value"] is not None:
            value = " — " + number(
                e["value"], e["unit"], f"timeline.{e['id']}", href=f"/figures/{e['figure_ids'][0]}"
            )
        written = f" {ar(e['date_text_ar'])}" if e["date_text_ar"] else ""
        items.append(
            f'<li><time datetime="{escape(e["date"])}">{escape(e["date"])}</time> '
            f'<span class="badge">{escape(e["date_precision"] or "")}</span>{written}<br>'
            f'<span class="badge">{escape(e["type"].replace("_", " "))}</span> '
            f"{isolate(e['title'])} {title_ar(e)}{value}{cites}</li>"
        )
    undated = ", ".join(isolate(e["title"]) + bounds(e) for e in t["undated"])
    note = f'<p class="muted">Not dated by any article: {undated}.</p>' if undated else ""
    return f'<ol class="timeline">{"".join(items)}</ol>{note}'


def title_ar(e: Row) -> str:
    """An event's Arabic name; a figure's own words, quoted, with the article that writes
    them (``title_ar_source``). Never another record's name (the initiative's)."""
    if not e["title_ar"]:
        return ""
    if e["type"] == "event":
        return ar(e["title_ar"])
    source = f'<span class="muted">({escape(e["title_ar_source"])})</span>'
    return f"{ar('«' + e['title_ar'] + '»')} {source}"


def bounds(e: Row) -> str:
    """What is known of an undated entry's time: its bounds (inferred ones say so)."""
    lo, hi = e["earliest"], e["latest"]
    if not lo and not hi:
        return ""
    span = (
        f"between {lo} and {hi}" if lo and hi else f"not before {lo}" if lo else f"not after {hi}"
    )
    inferred = "inferred" in (e["earliest_basis"], e["latest_basis"])
    return f" ({escape(span)}{', inferred' if inferred else ''})"


def conflicts(session: Session) -> str:
    try:
        from app.services import conflicts as conflicts_service
    except ImportError:
        return '<p class="muted">The conflicts service is not available in this build.</p>'
    found = conflicts_service.all_conflicts(session)
    order = {"contradiction": 0, "rounding": 1, "compatible": 2, "informational": 3}
    found.sort(key=lambda c: (order.get(c["severity"], 9), c["id"]))
    items = []
    for c in found:
        quotes = " ".join(quote_links(c["citations"]))
        items.append(
            f'<li><span class="badge {escape(c["severity"])}">{escape(c["severity"])}</span> '
            f'<a href="{escape(c["url"])}">{isolate(c["summary"])}</a> {quotes}</li>'
        )
    counts = ", ".join(
        f"{sum(1 for c in found if c['severity'] == sev)} {sev}"
        for sev in order
        if any(c["severity"] == sev for c in found)
    )
    return (
        f'<p><data value="{len(found)}" data-stat="conflicts.count">{len(found)} conflicts'
        f"</data> ({escape(counts)}).</p><ul>{''.join(items)}</ul>"
    )


def render(session: Session) -> str:
    s = stats_service.stats(session)
    t = timeline_service.timeline(session)
    bodies = {
        "headline": headline(s),
        "funds": funds(s),
        "targets": targets(s),
        "partners": partners(s),
        "timeline": timeline(t),
        "conflicts": conflicts(session),
    }
    nav = "".join(f'<li><a href="#{k}">{escape(en)}</a></li>' for k, en, _ in SECTIONS)
    sections = "".join(
        f'<section id="{k}" aria-labelledby="h-{k}"><h2 id="h-{k}">{escape(en)} · {ar(a)}</h2>'
        f"{bodies[k]}</section>"
        for k, en, a in SECTIONS
    )
    counts = s["counts"]
    rules = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in s["rules"].items())
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>masdar — dashboard · لوحة المتابعة</title>
<style>{CSS}</style>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header>
<p class="brand">masdar {ar("مصدر")}</p>
<h1>Morocco's AI strategy at a glance {ar("الاستراتيجية الوطنية للذكاء الاصطناعي في لمحة")}</h1>
<p class="muted">{counts["sources"]} articles, {counts["figures"]} figures
({counts["claims"]} distinct claims), {counts["partners"]} partners, {counts["events"]} events.
Every number links to its figure and to its quote in the article.</p>
<nav aria-label="Sections"><ul>{nav}</ul></nav>
</header>
<main id="main">
{sections}
</main>
<footer>
<h2 id="rules">How numbers are counted {ar("طريقة الاحتساب")}</h2>
<dl>{rules}</dl>
<p>Data: <a href="/v1/stats">/v1/stats</a> · <a href="/v1/timeline">/v1/timeline</a> ·
<a href="/v1/export.jsonld">/v1/export.jsonld</a> · <a href="/docs">API docs</a></p>
</footer>
</body>
</html>
"""


@router.get("/dashboard", response_class=HTMLResponse)
async def dashboard(request: Request) -> HTMLResponse:
    html = await read(request, render)  # renders as it loads: needs the session throughout
    return HTMLResponse(html)
