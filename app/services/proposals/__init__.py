"""Proposals: the figures of an article, read by ``app.reading.statements``, for a curator.

- ``build``: an article's statements -> proposal rows (no database);
- ``store``: a source's proposals written inside the caller's write transaction (on
  ``POST /v1/sources``, a changed text, or reading an article again);
- ``read``: proposals read back with their candidates, matches, parts and decision.

Accepting and rejecting are writes of the curation path (``app.services.curation.proposals``).
"""

from app.services.proposals.build import Proposed, proposal_id, propose
from app.services.proposals.read import (
    describe,
    enrich,
    figure_ids,
    get_proposal,
    list_proposals,
    source_text,
    summary,
)
from app.services.proposals.store import check_length, forget, store

__all__ = [
    "Proposed",
    "check_length",
    "describe",
    "enrich",
    "figure_ids",
    "forget",
    "get_proposal",
    "list_proposals",
    "proposal_id",
    "propose",
    "source_text",
    "store",
    "summary",
]
