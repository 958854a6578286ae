"""Quote → offsets. The seeder never trusts offsets typed by hand: it finds them."""

from __future__ import annotations

CONTEXT = 32
"""Code points of prefix/suffix kept with each citation (W3C TextQuoteSelector)."""


class QuoteError(ValueError):
    pass


def occurrences(text: str, quote: str) -> list[int]:
    """Start offsets of every (possibly overlapping) occurrence of ``quote``."""
    starts, i = [], text.find(quote)
    while i != -1:
        starts.append(i)
        i = text.find(quote, i + 1)
    return starts


def locate(text: str, quote: str, occurrence: int | None = None) -> tuple[int, int]:
    """Return ``(start, end)`` with ``text[start:end] == quote``.

    ``occurrence`` (1-based) is required when the quote occurs more than once,
    so that a citation never silently points at the wrong sentence.
    """
    if not quote:
        raise QuoteError("the quote is empty")
    if quote != quote.strip():
        raise QuoteError("the quote starts or ends with whitespace")
    starts = occurrences(text, quote)
    if not starts:
        raise QuoteError("the quote is not verbatim in the source text")
    if occurrence is None:
        if len(starts) > 1:
            raise QuoteError(
                f"the quote occurs {len(starts)} times in the source; "
                "say which with `occurrence: N`"
            )
        occurrence = 1
    if not 1 <= occurrence <= len(starts):
        raise QuoteError(
            f"occurrence {occurrence} asked for, but the quote occurs {len(starts)} time(s)"
        )
    start = starts[occurrence - 1]
    return start, start + len(quote)


def context(text: str, start: int, end: int, width: int = CONTEXT) -> tuple[str, str]:
    """The ``prefix`` and ``suffix`` around ``text[start:end]``."""
    return text[max(0, start - width) : start], text[end : end + width]
