"""Linked data: records as JSON-LD nodes with schema.org types.

Builders write masdar paths (``/v1/partners/oracle``); :func:`absolute` makes every
``@id`` and ``url`` an absolute IRI under masdar's public base URL (``MASDAR_PUBLIC_URL``,
else the request's own base), so a document means the same wherever it is read. The
context is inline (schema.org as ``@vocab``, ``url`` typed ``@id``: an IRI, not a string),
so no processor needs the internet to read a document. An article's own ``url`` is only
ever the one its source record states.

Mapping: source → ``CreativeWork``; partner → ``Organization``; person → ``Person``;
initiative → ``Project``; event → ``Event``; figure → ``Claim`` (what an article says,
``appearance`` = its quotes; a derived figure ``isBasedOn`` its inputs); fund →
``MonetaryAmount``; target → ``QuantitativeValue``; citation → ``Quotation`` whose
``url`` is the highlighted quote in the source viewer.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlmodel import Session

from app.services import events, figures, initiatives, partners, people, sources
from app.services.basis import NOT_STATED
from app.services.pages import Page

Row = dict[str, Any]

CONTEXT: Row = {"@vocab": "https://schema.org/", "url": {"@type": "@id"}}
MEDIA_TYPE = "application/ld+json"


def _ref(path: str) -> Row:
    return {"@id": path}


def _clean(node: Row) -> Row:
    """Drop null and empty values: unknown stays absent, never invented."""
    return {k: v for k, v in node.items() if v is not None and v != [] and v != ""}


def _prop(name: str, value: Any) -> Row | None:
    if value is None:
        return None
    return {"@type": "PropertyValue", "name": name, "value": value}


def _props(**values: Any) -> list[Row]:
    return [p for k, v in values.items() if (p := _prop(k, v)) is not None]


def _names(row: Row) -> list[str]:
    names = [row.get("name_ar")] + [a["text"] for a in row.get("aliases", [])]
    return list(dict.fromkeys(n for n in names if n and n != row.get("name")))


def _stated(row: Row, name: str) -> bool:
    """Is ``row[name]`` given and stated (or translated) from an article? Never assert as
    plain fact what masdar took from general knowledge or inferred (docs/trust.md)."""
    return bool(row.get(name)) and row.get(f"{name}_basis") not in NOT_STATED


def _number(v: float) -> int | float:
    return int(v) if float(v).is_integer() else v


def quotation(c: Row) -> Row:
    return {
        "@id": f"/v1/citations/{c['id']}",
        "@type": "Quotation",
        "text": c["quote"],
        "isPartOf": _ref(f"/v1/sources/{c['source_id']}"),
        "url": f"/sources/{c['source_id']}#citation-{c['id']}",
    }


def _quotes(row: Row) -> list[Row]:
    return [quotation(c) for c in row.get("citations", [])]


def source(row: Row) -> Row:
    return _clean(
        {
            "@id": f"/v1/sources/{row['id']}",
            "@type": "CreativeWork",
            "name": row.get("title"),
            "author": {"@type": "Person", "name": row["author"]} if row.get("author") else None,
            "publisher": (
                {"@type": "Organization", "name": row["outlet"]} if row.get("outlet") else None
            ),
            "datePublished": row["published_on"].isoformat() if row.get("published_on") else None,
            "inLanguage": row.get("language"),
            "genre": row.get("kind"),
            "url": row.get("url"),
            "text": row.get("text"),
            "identifier": (
                {"@type": "PropertyValue", "propertyID": "sha256", "value": row["sha256"]}
                if row.get("sha256")
                else None
            ),
        }
    )


def partner(row: Row) -> Row:
    return _clean(
        {
            "@id": f"/v1/partners/{row['id']}",
            "@type": "Organization",
            "name": row["name"],
            "alternateName": _names(row),
            "description": row.get("description"),
            "address": (
                {"@type": "PostalAddress", "addressCountry": row["country"]}
                if _stated(row, "country")
                else None
            ),
            "memberOf": [
                _ref(f"/v1/initiatives/{link['initiative']['id']}")
                for link in row.get("initiatives", [])
            ],
            "subjectOf": _quotes(row),
        }
    )


def person(row: Row) -> Row:
    roles = row.get("roles", [])
    return _clean(
        {
            "@id": f"/v1/people/{row['id']}",
            "@type": "Person",
            "name": row["name"],
            "alternateName": _names(row),
            "givenName": row.get("given_name"),
            "description": row.get("description"),
            "jobTitle": [r["title_ar"] for r in roles],
            "worksFor": [
                _ref(f"/v1/partners/{r['organisation']['id']}")
                for r in roles
                if r.get("organisation")
            ],
            "subjectOf": _quotes(row) + [quotation(c) for r in roles for c in r["citations"]],
        }
    )


def initiative(row: Row) -> Row:
    members = [
        {
            "@type": "Role",
            "roleName": link["role"],
            "member": _ref(f"/v1/partners/{link['partner']['id']}"),
        }
        for link in row.get("partners", [])
    ]
    region = row.get("region") if _stated(row, "region") else None
    place = row.get("location") or region
    return _clean(
        {
            "@id": f"/v1/initiatives/{row['id']}",
            "@type": "Project",
            "name": row["name"],
            "alternateName": _names(row),
            "description": row.get("description"),
            "parentOrganization": (
                _ref(f"/v1/initiatives/{row['parent']['id']}") if row.get("parent") else None
            ),
            "location": _clean(
                {
                    "@type": "Place",
                    "name": place,
                    "containedInPlace": region if row.get("location") else None,
                }
            )
            if place
            else None,
            "funder": [
                m["member"]
                for m, link in zip(members, row.get("partners", []), strict=True)
                if link["role"] == "funds"
            ],
            "member": members,
            "additionalProperty": _props(kind=row.get("kind"), status=row.get("status")),
            "subjectOf": [_ref(f"/v1/figures/{f['id']}") for f in row.get("figures", [])]
            + _quotes(row),
        }
    )


def _date(row: Row) -> str | None:
    if row.get("happened_on"):
        return str(row["happened_on"])
    if row.get("happened_year") and row.get("happened_month"):
        return f"{row['happened_year']:04d}-{row['happened_month']:02d}"
    if row.get("happened_year"):
        return f"{row['happened_year']:04d}"
    return None


def event(row: Row) -> Row:
    attendees = [
        _ref(f"/v1/people/{p['person']['id']}")
        if p.get("person")
        else _ref(f"/v1/partners/{p['partner']['id']}")
        for p in row.get("participants", [])
    ]
    return _clean(
        {
            "@id": f"/v1/events/{row['id']}",
            "@type": "Event",
            "name": row["name"],
            "alternateName": [row["name_ar"]] if row.get("name_ar") else [],
            "description": row.get("description"),
            "startDate": _date(row),
            "location": ({"@type": "Place", "name": row["place"]} if row.get("place") else None),
            "attendee": attendees,
            "about": [
                _ref(f"/v1/initiatives/{i['initiative']['id']}") for i in row.get("initiatives", [])
            ],
            "additionalProperty": _props(
                kind=row.get("kind"),
                date_precision=row.get("date_precision"),
                not_before=row.get("not_before"),
                not_before_basis=row.get("not_before_basis"),
                not_after=row.get("not_after"),
                not_after_basis=row.get("not_after_basis"),
                date_text_ar=row.get("date_text_ar"),
            ),
            "subjectOf": _quotes(row),
        }
    )


def _quantity(row: Row) -> Row:
    """The value as schema.org writes it; a hedge becomes a bound (up to → maxValue).

    schema.org's bounds are inclusive: "more than 50" is written minValue 50, which it
    implies (never more than the article says); "about 100" keeps its value and says so."""
    value = _number(row["value"])
    money = row["kind"] == "fund"
    q: Row = {"@type": "MonetaryAmount" if money else "QuantitativeValue"}
    q["currency" if money else "unitText"] = row["unit"]
    qualifier = row.get("qualifier")
    if qualifier in ("up_to", "less_than"):
        q["maxValue"] = value
    elif qualifier in ("at_least", "more_than"):
        q["minValue"] = value
    else:
        q["value"] = value
    if qualifier is not None:
        q["valueReference"] = {"@type": "PropertyValue", "name": "qualifier", "value": qualifier}
    return q


def figure(row: Row) -> Row:
    return _clean(
        {
            "@id": f"/v1/figures/{row['id']}",
            "@type": "Claim",
            "name": row["label"],
            "about": _ref(f"/v1/initiatives/{row['subject_id']}"),
            "mainEntity": _ref(
                f"/v1/{'funds' if row['kind'] == 'fund' else 'targets'}/{row['id']}"
            ),
            "appearance": _quotes(row),
            "isBasedOn": [_ref(f"/v1/figures/{i['id']}") for i in row.get("inputs", [])],
            "additionalProperty": _props(
                metric=row["metric"],
                value=_number(row["value"]),
                unit=row["unit"],
                qualifier=row.get("qualifier"),
                derived=row.get("derived"),
                formula=row.get("formula"),
                value_basis=row.get("value_basis"),
            ),
            "url": f"/figures/{row['id']}",
        }
    )


def fund(row: Row) -> Row:
    node = _quantity(row)
    return _clean(
        {
            "@id": f"/v1/funds/{row['id']}",
            **node,
            "name": row["label"],
            "validFrom": str(row["period_start_year"]) if row.get("period_start_year") else None,
            "validThrough": str(row["period_end_year"]) if row.get("period_end_year") else None,
            "additionalProperty": _props(
                giver=_ref(f"/v1/partners/{row['giver_id']}") if row.get("giver_id") else None,
                per_unit=row.get("per_unit"),
                duration_months=row.get("duration_months"),
                part_of=_ref(f"/v1/funds/{row['parent_id']}") if row.get("parent_id") else None,
                qualifier=row.get("qualifier"),
                derived=row.get("derived"),
                value_basis=row.get("value_basis"),
            ),
            "subjectOf": _ref(f"/v1/figures/{row['id']}"),
        }
    )


def target(row: Row) -> Row:
    node = _quantity(row)
    return _clean(
        {
            "@id": f"/v1/targets/{row['id']}",
            **node,
            "name": row["label"],
            "validThrough": str(row["deadline_year"]) if row.get("deadline_year") else None,
            "additionalProperty": _props(
                target_kind=row.get("target_kind"),
                qualifier=row.get("qualifier"),
                metric=row["metric"],
                value_basis=row.get("value_basis"),
            ),
            "subjectOf": _ref(f"/v1/figures/{row['id']}"),
        }
    )


BUILDERS = {
    "source": source,
    "partner": partner,
    "person": person,
    "initiative": initiative,
    "event": event,
    "figure": figure,
    "fund": fund,
    "target": target,
}


def absolute(node: Any, base: str) -> Any:
    """``node`` with every masdar path in an ``@id`` or ``url`` prefixed by ``base``."""
    if isinstance(node, dict):
        return {
            k: base + v
            if k in ("@id", "url") and isinstance(v, str) and v.startswith("/")
            else absolute(v, base)
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [absolute(v, base) for v in node]
    return node


def document(kind: str, row: Row, *, base: str) -> Row:
    """One record as a standalone JSON-LD document; ``base``: the public base URL."""
    return {"@context": CONTEXT, **absolute(BUILDERS[kind](row), base)}


def _walk(lister: Any, session: Session) -> Iterator[Row]:
    after: str | None = None
    while True:
        page: Page = lister(session, after=after, limit=500)
        yield from page.items
        if page.next_key is None:
            return
        after = page.next_key


def graph(session: Session, *, base: str) -> Row:
    """The whole knowledge base as one ``@graph`` (sources with their text); ``base``: the
    public base URL."""
    nodes: list[Row] = []
    for s in _walk(sources.list_sources, session):
        nodes.append(source(sources.get_source(session, s["id"])))
    listers: list[tuple[str, Any]] = [
        ("partner", partners.list_partners),
        ("person", people.list_people),
        ("initiative", initiatives.list_initiatives),
        ("event", events.list_events),
        ("figure", figures.list_figures),
        ("fund", figures.list_funds),
        ("target", figures.list_targets),
    ]
    for kind, lister in listers:
        nodes.extend(BUILDERS[kind](row) for row in _walk(lister, session))
    return {"@context": CONTEXT, "@graph": absolute(nodes, base)}
