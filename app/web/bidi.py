"""Arabic inside an English line of HTML: each embedded run isolated in ``<bdi>``.

Without isolation the Unicode bidi algorithm lets the neutral characters between two
Arabic runs join them into one right-to-left run, so a line such as
``“الجزري” (000); “جزاري” (001)`` shows its source ids and quotes out of order. A
``<bdi>`` takes its direction from its own first strong character and leaves its
neighbours alone (HTML: the bdi element; CSS ``unicode-bidi: isolate``).
"""

from __future__ import annotations

import re
from html import escape

ARABIC = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
_QUOTED = re.compile("“([^”]*)”")
_RUN = re.compile(f"[{ARABIC}](?:[{ARABIC}0-9«» ،؛.:/–-]*[{ARABIC}0-9»])?")
_HAS_ARABIC = re.compile(f"[{ARABIC}]")


FSI, PDI = "\u2068", "\u2069"
"""FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE: ``<bdi>`` for plain text (a
``<title>``, which holds no markup)."""


def isolated(text: str) -> str:
    """``text`` as an isolate in plain text: its direction is its own first strong
    character's, and nothing in it (an Arabic run, a stray override in data stored before
    the write API refused them) reorders the text around it."""
    return FSI + text + PDI


def bdi(text: str) -> str:
    """``text`` escaped, in a ``<bdi>``: a record's name or label inside a heading or a
    line, isolated from what surrounds it."""
    return f"<bdi>{escape(text)}</bdi>"


def _bdi(run: str) -> str:
    lang = ' lang="ar"' if _HAS_ARABIC.search(run) else ""
    return f"<bdi{lang}>{escape(run)}</bdi>"


def _runs(text: str) -> str:
    out, pos = [], 0
    for m in _RUN.finditer(text):
        out += [escape(text[pos : m.start()]), _bdi(m.group())]
        pos = m.end()
    out.append(escape(text[pos:]))
    return "".join(out)


def isolate(text: str) -> str:
    """``text`` escaped for HTML, with each “quoted” part and each other Arabic run in
    a ``<bdi>`` (``lang="ar"`` when it holds Arabic)."""
    out, pos = [], 0
    for m in _QUOTED.finditer(text):
        out += [_runs(text[pos : m.start()]), "“", _bdi(m.group(1)), "”"]
        pos = m.end()
    out.append(_runs(text[pos:]))
    return "".join(out)
