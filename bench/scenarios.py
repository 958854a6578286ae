"""What the benchmark sends, to which server, and the goals it is held to.

Every masdar server in the benchmark but one runs **the command users run**: the Docker
image's ``CMD`` (``masdar serve``, access log on, as shipped; bench/harness.py
``shipped_cmd``). The exception is the *tuned* configuration the benchmark measured
before: ``uvicorn app.main:create_app`` with no access log, kept beside it to show what
the shipped command costs.

Rate limits stay on with their buckets raised (:data:`ROOMY_LIMITS`): the limiter's work is
measured, but wrk is one client on 127.0.0.1 sending thousands of requests a second, which
the search-box bucket (10 a second per client) would rightly refuse.
"""

from __future__ import annotations

import json
import urllib.parse
from dataclasses import dataclass

from bench.harness import Req

LIST = Req("/v1/figures?limit=50")
"""The cached list the goals are about (32 KB of figures with their quotes)."""

ROOMY_LIMITS = {
    "MASDAR_RATE_LIMIT_READS_PER_MINUTE": "1000000000",
    "MASDAR_RATE_LIMIT_READS_BURST": "1000000000",
    "MASDAR_RATE_LIMIT_SEARCH_PER_MINUTE": "1000000000",
    "MASDAR_RATE_LIMIT_SEARCH_BURST": "1000000000",
}


def search(q: str) -> Req:
    return Req("/v1/search?q=" + urllib.parse.quote(q))


SEARCHES = {
    "search, numeric": search("1.3 billion"),
    "search, Arabic": search("الداخلة"),
    "search, fuzzy": search("investmant foundrs"),
}
"""A number as people type it (the 1.3 bn MAD fund and the 1.27 bn sum of its parts), an
Arabic name (Dakhla: names, quotes, passages), and a misspelt name that matches nothing
exactly (the fuzzy pass over every name, then ``did_you_mean``): docs/search.md."""

CHECK_TEXT = (
    "أعلنت الحكومة عن صندوق بقيمة 1.3 مليار درهم لدعم الشركات الناشئة. "
    "وستصل قدرة مركز البيانات في الداخلة إلى 500 ميغاواط. "
    "وتهدف الاستراتيجية إلى خلق 50 ألف فرصة عمل بحلول 2030."
)
"""Three sentences, three figures the articles state (the 1.3 bn MAD fund, Dakhla's
500 MW, 50,000 jobs by 2030), as a journalist would paste them."""

JSON = (("Content-Type", "application/json"),)
CHECK = Req(
    "/v1/check",
    method="POST",
    body=json.dumps({"text": CHECK_TEXT}, ensure_ascii=False).encode(),
    headers=JSON,
)
MCP_SEARCH = Req(
    "/mcp",
    method="POST",
    body=json.dumps(
        {
            "jsonrpc": "2.0",
            "id": 1,
            "method": "tools/call",
            "params": {"name": "search", "arguments": {"q": "الداخلة"}},
        },
        ensure_ascii=False,
    ).encode(),
    headers=(*JSON, ("Accept", "application/json, text/event-stream")),
)

ENDPOINTS = {**SEARCHES, "check, three sentences": CHECK, "MCP search over HTTP": MCP_SEARCH}
ENDPOINT_CONNECTIONS = (8, 64)
"""A newsroom's load, and a flood."""


@dataclass(frozen=True)
class Goal:
    what: str
    target: str
    measured: str
    met: bool | None
    """None: not measured in this run (skipped)."""


def answered(name: str, status: int, body: bytes) -> str | None:
    """Why one answer to ``name`` is not what the scenario means to measure, or None."""
    if not 200 <= status < 300:
        return f"HTTP {status}: {body[:200]!r}"
    if name == "MCP search over HTTP":
        result = json.loads(body).get("result") or {}
        if result.get("isError") or not result.get("structuredContent", {}).get("items"):
            return f"the tool answered no hits or an error: {body[:200]!r}"
    if name.startswith("check"):
        statements = json.loads(body).get("statements") or []
        if len(statements) != 3:
            return f"{len(statements)} statements read, not 3: {body[:200]!r}"
    return None
