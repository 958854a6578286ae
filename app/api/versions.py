"""Record versions on the wire: ETags out, ``If-Match`` in.

A GET of one record answers ``ETag: W/"v<version>.<body hash>"``: the caching layer
(``app.caching``) hashes the body as for every GET and prefixes the version the route
reports in ``X-Record-Version``. So ``If-None-Match`` revalidation sees every change of
the representation, and ``If-Match`` on PATCH/DELETE only needs the ``v<version>`` part:
the value a GET returned works as is, and so does ``"v<version>"`` built from the
record's ``version`` field. Writes answer ``ETag: W/"v<new version>"``.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import Depends, Header, Response

from app.errors import PreconditionFailed, PreconditionRequired

VERSION_HEADER = "X-Record-Version"
_TAG = re.compile(r'^(?:W/)?"v([0-9]{1,9})(?:\.[0-9A-Za-z_-]{0,64})?"$')


def etag(version: int) -> str:
    return f'W/"v{version}"'


def report_version(response: Response, row: dict[str, Any]) -> None:
    """Let the ETag of this GET carry the record's version (see module docstring)."""
    if "version" in row:
        response.headers[VERSION_HEADER] = str(row["version"])


async def if_match(
    raw: Annotated[
        str | None,
        Header(
            alias="If-Match",
            description='The record\'s ETag from a GET of it (`W/"v3.…"`), or '
            '`"v<version>"`: missing is 428; an older version, or more than one tag, 412.',
        ),
    ] = None,
) -> frozenset[int]:
    """The version ``If-Match`` names: missing or ``*`` → 428; more than one tag, or
    none usable → 412, as a stale one would be."""
    if raw is None or not raw.strip():
        raise PreconditionRequired(
            "This change needs If-Match with the record's ETag (from a GET of it, e.g. "
            'W/"v3.…"), or "v<version>" from its `version` field.'
        )
    if raw.strip() == "*":
        raise PreconditionRequired(
            "If-Match: * does not protect against lost updates: send the record's ETag."
        )
    tags = [t.strip() for t in raw.split(",") if t.strip()]
    if len(tags) > 1:  # "any of these" would let a client overwrite versions it never read
        raise PreconditionFailed(
            f"If-Match names {len(tags)} tags: a change must name the one version it was "
            "made from (the ETag of your GET)."
        )
    m = _TAG.match(tags[0]) if tags else None
    if m is None:
        raise PreconditionFailed(
            "If-Match names no version of this record: send the ETag a GET of it returned "
            '(W/"v<version>.…") or "v<version>".'
        )
    return frozenset({int(m.group(1))})


IfMatch = Annotated[frozenset[int], Depends(if_match)]
