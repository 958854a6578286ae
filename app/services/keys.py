"""API keys: tokens are shown once; the database keeps only their SHA-256."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlmodel import Session

from app.errors import Forbidden, NotFound, Unauthorized, Unprocessable
from app.models.curation import SCOPES, ApiKey
from app.services.prepared import Prepared

_K = ApiKey.__table__.c  # type: ignore[attr-defined]
_BY_HASH = Prepared(
    select(_K.id, _K.name, _K.scope, _K.token_sha256, _K.revoked_at, _K.expires_at).where(
        _K.token_sha256 == bindparam("digest")
    )
)
"""Every write looks its key up: built once, run on the driver's cursor."""

TOKEN_PREFIX = "msk_"
TOKEN = re.compile(r"^msk_[A-Za-z0-9_-]{43}$")
"""``msk_`` + ``secrets.token_urlsafe(32)`` (43 characters of base64url)."""

RANK = {"curator": 1, "admin": 2}


@dataclass(frozen=True)
class Actor:
    """Who makes a write: recorded in every revision."""

    key_id: int | None
    name: str
    scope: str


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def now() -> datetime:
    return datetime.now(UTC)


def _aware(at: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; every timestamp masdar writes is UTC."""
    return at if at is None or at.tzinfo else at.replace(tzinfo=UTC)


def create_key(
    session: Session, *, name: str, scope: str, expires_at: datetime | None = None
) -> tuple[ApiKey, str]:
    """A new key and its token. The token is returned once and never stored."""
    if scope not in SCOPES:
        raise Unprocessable(f"scope must be one of {', '.join(SCOPES)}, not {scope!r}")
    name = name.strip()
    if not name or len(name) > 100 or "\x00" in name:
        raise Unprocessable("a key's name is 1–100 characters")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey(
        name=name,
        scope=scope,
        token_sha256=hash_token(token),
        created_at=now(),
        expires_at=expires_at,
    )
    session.add(key)
    session.flush()
    return key, token


def revoke_key(session: Session, key_id: int) -> ApiKey:
    key = session.get(ApiKey, key_id)
    if key is None:
        raise NotFound(f"No API key with id {key_id}.")
    if key.revoked_at is None:
        key.revoked_at = now()
        session.add(key)
        session.flush()
    return key


def list_keys(session: Session) -> list[ApiKey]:
    return list(session.scalars(select(ApiKey).order_by(ApiKey.id)))  # type: ignore[arg-type]


def describe(key: ApiKey) -> dict[str, Any]:
    """A key as the admin API and ``masdar keys list`` show it (never the hash)."""
    at = {k: _aware(getattr(key, k)) for k in ("created_at", "revoked_at", "expires_at")}
    expired = at["expires_at"] is not None and at["expires_at"] <= now()
    return {
        "id": key.id,
        "name": key.name,
        "scope": key.scope,
        **{k: v.isoformat() if v else None for k, v in at.items()},
        "status": "revoked" if at["revoked_at"] else "expired" if expired else "active",
    }


def parse_authorization(header: str | None) -> str:
    """The token of an ``Authorization: Bearer <token>`` header; 401 problems otherwise."""
    if header is None:
        raise Unauthorized(
            "This request needs an API key: send Authorization: Bearer <token>.", error=""
        )
    scheme, _, token = header.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized(
            "Malformed Authorization header: expected 'Bearer <token>'.", error="invalid_request"
        )
    if not TOKEN.match(token):
        raise Unauthorized(
            "Malformed API key: masdar tokens look like msk_ followed by 43 base64url characters."
        )
    return token


def verify(session: Session, token: str) -> Actor:
    """The live key behind ``token``: known, not revoked, not expired; 401 otherwise.

    Only hashes reach the database; the stored hash is compared in constant time.
    """
    digest = hash_token(token)
    found = _BY_HASH.dicts(session, {"digest": digest})
    key = found[0] if found else None
    if key is None or not hmac.compare_digest(key["token_sha256"].encode(), digest.encode()):
        raise Unauthorized("Unknown API key.")
    if key["revoked_at"] is not None:
        raise Unauthorized("This API key has been revoked.")
    expires = _aware(key["expires_at"])
    if expires is not None and expires <= now():
        raise Unauthorized("This API key has expired.")
    return Actor(key_id=key["id"], name=key["name"], scope=key["scope"])


def authorize(actor: Actor, scope: str) -> Actor:
    """``actor`` if its key's scope allows ``scope``; 403 otherwise."""
    if RANK[actor.scope] < RANK[scope]:
        raise Forbidden(
            f"This needs a key with scope {scope!r}; this key's scope is {actor.scope!r}."
        )
    return actor


def authenticate(session: Session, token: str, *, scope: str) -> Actor:
    """The key behind ``token``, if it is known, live and allowed ``scope``."""
    return authorize(verify(session, token), scope)
