"""The write path: curated records, their citations, versions, retractions and history.

Every write is one transaction that

1. takes the write lock by bumping ``meta.data_version`` as its first statement (SQLite:
   the first write statement takes the database's write lock, so later reads in the
   transaction see the latest commit; PostgreSQL: a row lock on that ``meta`` row), so
   writers queue instead of failing and caches keyed by the data version never serve a
   response older than the write;
2. checks the caller's ``If-Match`` version and updates with
   ``UPDATE … SET version = version + 1 WHERE id = :id AND version = :v`` (rowcount 1 or
   412), so no update is ever lost;
3. verifies every citation with the seeder's own rules: ``app.seed.verify.locate`` finds
   the quote (verbatim, code points) and computes the offsets, ``verify.context`` the
   prefix/suffix, ``app.seed.builder.citation_id`` the id, and a figure's number must be in
   its quote (``app.seed.numbers.mentions_value``);
4. appends a ``revision`` row (who, when, before, after, changed fields);
5. updates the search index (``app.search.index.update``) for the records it touched:
   their rows are rebuilt, retracted ones have none, nothing else is rewritten.

Nothing partial is ever stored: any problem raises before commit.

One module per concern:

- ``tables``: which tables a write touches, which columns it may set;
- ``transaction``: steps 1, 2 and 5 (lock, version guard, finish);
- ``references``: a reference names a live record; no parent chain loops;
- ``citations``: step 3;
- ``revisions``: step 4, record snapshots, and the history read;
- ``aliases``: a named record's alias rows, rebuilt as the seeder builds them;
- ``records``, ``sources``, ``figures``, ``links``, ``retraction``: the writes the API
  offers, one module per kind of record or change.

Routers call the names re-exported here (``curation.create_record(…)``).
"""

from app.services.curation.citations import check_numbers, make_citations
from app.services.curation.figures import create_figure, update_figure
from app.services.curation.links import add_link, remove_link
from app.services.curation.records import create_record, update_record
from app.services.curation.retraction import retract
from app.services.curation.revisions import history, revision_count, snapshot
from app.services.curation.sources import create_source
from app.services.curation.tables import COLUMNS, with_article
from app.services.curation.transaction import Written, lock, reindex

__all__ = [
    "COLUMNS",
    "Written",
    "add_link",
    "check_numbers",
    "create_figure",
    "create_record",
    "create_source",
    "history",
    "lock",
    "make_citations",
    "reindex",
    "remove_link",
    "retract",
    "revision_count",
    "snapshot",
    "update_figure",
    "update_record",
    "with_article",
]
