"""The basis of a served value, and what ``?basis=article`` leaves out.

Every value masdar serves that no quote states says where it comes from, in a sibling
field ``<name>_basis``:

- ``article``: an article states it (its citation quotes it);
- ``inferred``: masdar worked it out (``date_inferred_from`` says from what: «في يوليو
  الماضي» on a page dated January 2026 → 2025-07);
- ``general_knowledge``: no article says it (Oracle is American: ``country_basis``);
- ``computed``: masdar computed it (a derived figure's ``value_basis``; a total in
  ``/v1/stats``), with its formula and inputs.

(``translation`` and ``transliteration`` say how a *name* was written in Latin script,
``masdar`` that a label is masdar's own description (a computed figure's); they are not
facts and a name is never left out.)

``?basis=article`` (every ``/v1`` GET) asks for what the articles state and nothing
else: :func:`stated_only` sets every value whose basis is inferred, general knowledge or
computed to null (its ``_basis`` stays, saying why it is null), drops computed figures
from lists, and answers 404 for a computed figure asked by id.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any, TypeVar

from app.errors import NotFound
from app.services.pages import Page

NOT_STATED = frozenset({"inferred", "general_knowledge", "computed"})
"""Bases of values no article states."""

STATED_ONLY: ContextVar[bool] = ContextVar("masdar_stated_only", default=False)
"""True while serving a ``?basis=article`` request (set by ``app.api.v1.v1_request``)."""

X = TypeVar("X")


def value_basis(derived: bool) -> str:
    """A figure's value: stated by its article, or computed by masdar."""
    return "computed" if derived else "article"


def label_basis(derived: bool) -> str:
    """A figure's English label: our translation of the article's words, or, for a figure
    masdar computed, masdar's own description of the computation (``masdar``)."""
    return "masdar" if derived else "translation"


def _computed(item: Any) -> bool:
    return isinstance(item, dict) and item.get("value_basis") == "computed"


def _strip(value: Any) -> Any:
    if isinstance(value, list):
        return [_strip(v) for v in value if not _computed(v)]
    if isinstance(value, dict):
        out = {k: _strip(v) for k, v in value.items()}
        for key in value:
            if key.endswith("_basis") and isinstance(value[key], str) and value[key] in NOT_STATED:
                name = key.removesuffix("_basis")
                # a date's bounds and precision go with it
                gone = (name, "earliest", "latest", "date_precision") if name == "date" else (name,)
                for k in gone:
                    if k in out and k != "value":
                        out[k] = None
        return out
    return value


def stated_only(result: X) -> X:
    """``result`` (a record, a page, a list…) with only what the articles state."""
    if isinstance(result, Page):
        if (write := result.writer) is not None:  # filtered once written (Page.writer)
            written = Page(result.items, result.next_key, result.facets)
            written.writer = lambda: stated_only(Page(write(), None)).items
            return written  # type: ignore[return-value]
        items = [_strip(i) for i in result.items if not _computed(i)]
        return Page(items, result.next_key, result.facets)  # type: ignore[return-value]
    if _computed(result):
        assert isinstance(result, dict)
        raise NotFound(
            f"{result.get('id', 'This figure')!r} is computed by masdar, not stated by an "
            "article: ask without basis=article to see it with its formula and inputs."
        )
    out: X = _strip(result)
    return out
