"""Article text with every verified citation wrapped in ``<mark>``, all text escaped.

Quotes may overlap. A quote inside another nests (``<mark><mark>..</mark></mark>``);
two quotes that cross cannot both be elements, so they are merged into one mark
covering both, which lists every citation it holds in ``data-citations`` and keeps
an anchor (``id="citation-<id>"``) for each. Every mark carries ``data-start`` and
``data-end``: its text is ``source.text[start:end]``, and each citation's quote sits
inside it at ``start - data-start``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Any

Row = dict[str, Any]


@dataclass
class Span:
    start: int
    end: int
    members: list[Row]
    children: list[Span] = field(default_factory=list)


def build_spans(cites: list[Row]) -> list[Span]:
    """A forest of marks: sort by (start, -end), nest what fits, merge what crosses."""
    roots: list[Span] = []
    stack: list[Span] = []
    for c in sorted(cites, key=lambda c: (c["start"], -c["end"], c["id"])):
        while stack and stack[-1].end <= c["start"]:
            stack.pop()
        if stack and c["end"] > stack[-1].end:
            top = stack[-1]
            top.members.append(c)
            top.end = c["end"]
            _merge_upwards(stack)
            continue
        span = Span(c["start"], c["end"], [c])
        (stack[-1].children if stack else roots).append(span)
        stack.append(span)
    return roots


def _merge_upwards(stack: list[Span]) -> None:
    """After a span grew, fold it into its parent while it sticks out of it."""
    while len(stack) >= 2 and stack[-1].end > stack[-2].end:
        child = stack.pop()
        parent = stack[-1]
        parent.children.remove(child)
        parent.members.extend(child.members)
        parent.children.extend(child.children)
        parent.end = child.end


def _label(c: Row) -> str:
    return f"{c['record_type'].replace('_', ' ')} {c['record_id']}"


def _mark(text: str, span: Span, numbers: dict[str, int]) -> str:
    first, *others = span.members
    kinds = " ".join(sorted({f"rec-{m['record_type']}" for m in span.members}))
    merged = " merged" if others else ""
    ids = " ".join(m["id"] for m in span.members)
    title = "; ".join(f"[{numbers[m['id']]}] {_label(m)}" for m in span.members)
    out = [
        f'<mark id="citation-{escape(first["id"])}" class="{kinds}{merged}" '
        f'data-citations="{escape(ids)}" data-start="{span.start}" data-end="{span.end}" '
        f'title="{escape(title)}">'
    ]
    out += [f'<span class="anchor" id="citation-{escape(m["id"])}"></span>' for m in others]
    pos = span.start
    for child in span.children:
        out.append(escape(text[pos : child.start]))
        out.append(_mark(text, child, numbers))
        pos = child.end
    out.append(escape(text[pos : span.end]))
    out.append("</mark>")
    return "".join(out)


def _all_members(span: Span) -> list[Row]:
    found = list(span.members)
    for child in span.children:
        found.extend(_all_members(child))
    return sorted(found, key=lambda c: (c["start"], c["id"]))


def _refs(span: Span, numbers: dict[str, int]) -> str:
    """Links to the records a highlight supports, placed after it (outside every mark)."""
    links = []
    for m in _all_members(span):
        label = escape(_label(m))
        n = numbers[m["id"]]
        if m.get("link"):
            links.append(
                f'<a class="ref" href="{escape(m["link"])}" '
                f'aria-label="quote {n} supports {label}" title="{label}">{n}</a>'
            )
        else:
            links.append(f'<span class="ref" title="{label}">{n}</span>')
    return f'<sup class="refs" dir="ltr">{"".join(links)}</sup>'


def highlight(text: str, cites: list[Row], numbers: dict[str, int]) -> str:
    """The escaped text with verified citations marked; ``numbers`` labels each citation."""
    out = []
    pos = 0
    for root in build_spans([c for c in cites if c["verified"]]):
        out.append(escape(text[pos : root.start]))
        out.append(_mark(text, root, numbers))
        out.append(_refs(root, numbers))
        pos = root.end
    out.append(escape(text[pos:]))
    return "".join(out)
