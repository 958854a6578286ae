"""Service rows → MCP answers: URLs on quotes, basis and quotes on every figure.

The services return plain dicts (what the REST routes validate into their models). This
walks such a dict and returns a new one (it never changes the input: the services may
share embedded dicts between requests) in which:

- a quote (a dict with ``quote``, ``start``, ``end``, ``source_id`` and ``id``) gets
  ``url``: its article's public page with the quote highlighted;
- a figure (a dict with ``metric``, ``value``, ``unit`` and ``derived``, at any depth) gets
  ``basis`` and, when it does not carry them already, its quotes (``citations``) and
  ``url``, its public page;
- one side of a conflict whose record is a figure gets that figure's ``basis``;
- every ``url`` that is a path becomes absolute, on ``base``.

Two queries at most per answer (the figures' ``derived`` flags and their quotes), whatever
its size, through the same loaders the REST embeds use (``app.services.embed``).
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from app.services import embed

Row = dict[str, Any]


def figure_basis(row: Row, derived: bool | None = None) -> str:
    """``basis`` as the service serves it, else ``computed`` for a derived figure and
    ``article`` for one a quote states."""
    basis = row.get("basis", row.get("value_basis"))
    if isinstance(basis, str):
        return basis
    return "computed" if (row["derived"] if derived is None else derived) else "article"


def quote_url(base: str, source_id: str, citation_id: str) -> str:
    return f"{base}/sources/{source_id}#citation-{citation_id}"


def _is_quote(d: Row) -> bool:
    return "quote" in d and "start" in d and "end" in d and "source_id" in d and "id" in d


def _is_figure(d: Row) -> bool:
    return "metric" in d and "value" in d and "unit" in d and "derived" in d and "id" in d


def _figure_side(d: Row) -> str | None:
    """The figure id of a conflict side (``{"record": {"type": "figure", ...}, "value": ...}``)."""
    rec = d.get("record")
    if "value" in d and isinstance(rec, dict) and rec.get("type") == "figure":
        return str(rec["id"])
    return None


def _scan(obj: Any, ids: set[str]) -> None:
    if isinstance(obj, list):
        for x in obj:
            _scan(x, ids)
    elif isinstance(obj, dict):
        if _is_figure(obj) and "citations" not in obj:
            ids.add(obj["id"])
        if (fid := _figure_side(obj)) is not None:
            ids.add(fid)
        for v in obj.values():
            _scan(v, ids)


class _Walk:
    def __init__(self, base: str, derived: dict[str, Row], cites: dict[str, list[Row]]) -> None:
        self.base = base
        self.derived = derived
        self.cites = cites

    def __call__(self, obj: Any) -> Any:
        if isinstance(obj, list):
            return [self(x) for x in obj]
        if not isinstance(obj, dict):
            return obj
        out = {k: self(v) for k, v in obj.items()}
        if _is_quote(out):
            out["url"] = quote_url(self.base, out["source_id"], out["id"])
        if _is_figure(out):
            out["basis"] = figure_basis(out)
            if "citations" not in out:
                out["citations"] = self(self.cites.get(out["id"]) or [])
            out.setdefault("url", f"/figures/{out['id']}")
        if (fid := _figure_side(out)) is not None and fid in self.derived:
            out["basis"] = figure_basis(out, bool(self.derived[fid]["derived"]))
        url = out.get("url")
        if isinstance(url, str) and url.startswith("/"):
            out["url"] = self.base + url
        return out


def publish(session: Session, obj: Any, base: str) -> Any:
    """``obj`` (a service row, a list of them, or a page's items) ready for the MCP models."""
    ids: set[str] = set()
    _scan(obj, ids)
    derived = embed.by_ids(session, "figure", ids, "derived")
    cites = embed.citations(session, "figure", ids)
    return _Walk(base.rstrip("/"), derived, cites)(obj)
