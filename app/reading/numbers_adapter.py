"""Numbers for the statement reader (to be replaced by ``app.reading.numbers``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from app.search.normalize import normalize
from app.seed.numbers import find_numbers


@dataclass(frozen=True, slots=True)
class Num:
    start: int
    end: int
    text: str
    value: float | None
    precision: float | None
    digits: bool
    scaled: bool
    scale: float | None
    unit: str | None


_DIGITS = re.compile(
    r"[0-9\u0660-\u0669\u06f0-\u06f9][0-9\u0660-\u0669\u06f0-\u06f9.,\u066b\u066c]*"
)
_PERCENT = {normalize(w) for w in ("بالمائة", "بالمئة")}


def _parse(digits: str) -> tuple[Decimal, Decimal]:
    ascii_ = "".join(str(int(c)) if c.isdigit() else {"٫": ".", "٬": ","}.get(c, c) for c in digits)
    groups = ascii_.split(".")
    if (
        len(groups) > 1
        and all(len(g) == 3 for g in groups[1:])
        and (len(groups) > 2 or groups[1].endswith("0"))
    ):
        ascii_ = "".join(groups)  # 1.200, 3.000: European thousands
    ascii_ = ascii_.replace(",", "")
    value = Decimal(ascii_)
    exp = value.as_tuple().exponent
    return value, Decimal(1).scaleb(exp if isinstance(exp, int) else 0)


def numbers(text: str) -> list[Num]:
    out = []
    for m in find_numbers(text):
        digits = _DIGITS.match(m.text)
        if not m.values:
            out.append(Num(m.start, m.end, m.text, None, None, False, False, None, None))
            continue
        if digits is None:
            value = max(m.values)
            out.append(Num(m.start, m.end, m.text, value, 1.0, False, False, None, None))
            continue
        raw, precision = _parse(digits.group().rstrip(".,"))
        rest = normalize(m.text[digits.end() :])
        if rest in _PERCENT:
            out.append(
                Num(
                    m.start,
                    m.end,
                    m.text,
                    float(raw),
                    float(precision),
                    True,
                    False,
                    None,
                    "percent",
                )
            )
            continue
        scale = max(m.values) / min(m.values) if len(m.values) > 1 and rest else None
        scale = round(scale) if scale else None
        value = float(raw * Decimal(scale)) if scale else float(raw)
        prec = float(precision * Decimal(scale)) if scale else float(precision)
        out.append(Num(m.start, m.end, m.text, value, prec, True, scale is not None, scale, None))
    return out
