"""Database → data/seed/ format, so an export re-seeds an empty database to the same content.

Output is deterministic (sorted by id, stable key order): export → seed → export gives
identical bytes. What curators added through the API is included (new articles with their
text files, new facts, links and citations); retracted records are left out (their history
stays in the database), so the export is what the API publishes.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

import app.models  # noqa: F401
from app.seed.verify import occurrences
from app.services.curation.tables import COLUMNS

T = SQLModel.metadata.tables


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)


def _num(v: float) -> int | float:
    return int(v) if float(v).is_integer() else v


def _drop_none(d: dict[str, Any], keep: tuple[str, ...] = ()) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v not in (None, [], "") or k in keep}


class _Exporter:
    def __init__(self, session: Session) -> None:
        self.s = session
        self.texts = dict(session.execute(select(T["source"].c.id, T["source"].c.text)).all())
        self.cites: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        c = T["citation"].c
        for r in session.execute(
            select(T["citation"]).order_by(c.record_type, c.record_id, c.source_id, c.start)
        ).mappings():
            self.cites[(r["record_type"], r["record_id"])].append(self._cite(r))
        self.aliases: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        a = T["alias"].c
        s = T["source"].c
        retracted = set(session.scalars(select(s.id).where(s.retracted_at.is_not(None))))
        self.retracted_sources = retracted
        for r in session.execute(select(T["alias"]).order_by(a.id)).mappings():
            self.aliases[(r["record_type"], r["record_id"])].append(
                # an alias credited to a retracted article: the seeder credits the first
                # live article that writes it, or none (general knowledge)
                {
                    "text": r["text"],
                    "lang": r["lang"],
                    "kind": r["kind"],
                    "source": None if r["source_id"] in retracted else r["source_id"],
                    **(
                        {"kept_because": r["kept_because"]}
                        if r["kept_because"] and r["source_id"] not in retracted
                        else {}
                    ),
                }
            )

    def located(self, r: Any) -> dict[str, Any]:
        """``source`` and ``quote``, plus the 1-based ``occurrence`` the seeder needs when
        the quote occurs more than once in its article."""
        out: dict[str, Any] = {"source": r["source_id"], "quote": r["quote"]}
        starts = occurrences(self.texts[r["source_id"]], r["quote"])
        if len(starts) > 1:
            out["occurrence"] = starts.index(r["start"]) + 1 if r["start"] in starts else None
        return out

    def _cite(self, r: Any) -> dict[str, Any]:
        out = self.located(r)
        if r["field"]:
            out["field"] = r["field"]
        return out

    def rows(self, table: str, order: str = "id") -> list[dict[str, Any]]:
        """Live rows only: a retracted record is not exported (nor what only it owns)."""
        t = T[table]
        live = [t.c.retracted_at.is_(None)] if "retracted_at" in t.c else []
        return [
            dict(r) for r in self.s.execute(select(t).where(*live).order_by(t.c[order])).mappings()
        ]

    def cite(self, rtype: str, rid: str) -> list[dict[str, Any]]:
        return self.cites.get((rtype, rid), [])

    def alias(self, rtype: str, rid: str) -> list[dict[str, Any]]:
        return self.aliases.get((rtype, rid), [])


def export_seed(engine: Engine, out_dir: Path) -> list[Path]:
    """Write every seed file into ``out_dir``; return the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "sources").mkdir(exist_ok=True)
    written: list[Path] = []
    with Session(engine) as session:
        x = _Exporter(session)
        files: dict[str, list[dict[str, Any]]] = {}

        sources = []
        for r in x.rows("source"):
            path = out_dir / "sources" / r["file_name"]
            path.write_bytes(r["text"].encode("utf-8"))
            written.append(path)
            sources.append(
                _drop_none(
                    {
                        "id": r["id"],
                        "file": f"sources/{r['file_name']}",
                        "title": r["title"],
                        "author": r["author"],
                        "outlet": r["outlet"],
                        "published_on": r["published_on"],
                        "published_on_precision": r["published_on_precision"],
                        "kind": r["kind"],
                        "language": r["language"],
                        "url": r["url"],
                        "notes": r["notes"],
                        "cite": x.cite("source", r["id"]),
                    }
                )
            )
        files["sources.yaml"] = sources

        files["partners.yaml"] = [
            _drop_none(
                {
                    **{
                        k: r[k]
                        for k in (
                            "id",
                            "name",
                            "name_basis",
                            "name_ar",
                            "kind",
                            "country",
                            "country_basis",
                            "description",
                        )
                    },
                    "aliases": x.alias("partner", r["id"]),
                    "cite": x.cite("partner", r["id"]),
                }
            )
            for r in x.rows("partner")
        ]

        roles: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in x.rows("person_role"):
            roles[r["person_id"]].append(
                _drop_none(
                    {
                        "id": r["id"],
                        "title_ar": r["title_ar"],
                        "title": r["title"],
                        "title_basis": r["title_basis"],
                        "organisation": r["organisation_id"],
                        "cite": x.cite("person_role", r["id"]),
                    }
                )
            )
        files["people.yaml"] = [
            _drop_none(
                {
                    **{
                        k: r[k]
                        for k in (
                            "id",
                            "name",
                            "name_basis",
                            "name_ar",
                            "given_name_ar",
                            "given_name",
                            "description",
                        )
                    },
                    "aliases": x.alias("person", r["id"]),
                    "roles": roles[r["id"]],
                    "cite": x.cite("person", r["id"]),
                }
            )
            for r in x.rows("person")
        ]

        links: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in x.rows("initiative_partner"):
            links[r["initiative_id"]].append(
                {
                    "partner": r["partner_id"],
                    "role": r["role"],
                    "cite": x.cite("initiative_partner", r["id"]),
                }
            )
        files["initiatives.yaml"] = [
            _drop_none(
                {
                    "id": r["id"],
                    "name": r["name"],
                    "name_basis": r["name_basis"],
                    "name_ar": r["name_ar"],
                    "kind": r["kind"],
                    "parent": r["parent_id"],
                    "region": r["region"],
                    "region_basis": r["region_basis"],
                    "region_ar": r["region_ar"],
                    "location_ar": r["location_ar"],
                    "location": r["location"],
                    "status": r["status"],
                    "description": r["description"],
                    "aliases": x.alias("initiative", r["id"]),
                    "partners": links[r["id"]],
                    "cite": x.cite("initiative", r["id"]),
                },
                keep=("status",),
            )
            for r in x.rows("initiative")
        ]

        parts: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in x.rows("event_participant"):
            parts[r["event_id"]].append(
                _drop_none(
                    {
                        "person": r["person_id"],
                        "partner": r["partner_id"],
                        "role": r["role"],
                        "cite": x.cite("event_participant", r["id"]),
                    }
                )
            )
        ev_inits: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in x.rows("event_initiative"):
            ev_inits[r["event_id"]].append(
                {
                    "initiative": r["initiative_id"],
                    "relation": r["relation"],
                    "cite": x.cite("event_initiative", r["id"]),
                }
            )
        files["events.yaml"] = [
            _drop_none(
                {
                    **{k: r[k] for k in ("id", *COLUMNS["event"])},
                    "participants": parts[r["id"]],
                    "initiatives": ev_inits[r["id"]],
                    "cite": x.cite("event", r["id"]),
                }
            )
            for r in x.rows("event")
        ]

        funds = {r["figure_id"]: r for r in x.rows("fund", "figure_id")}
        targets = {r["figure_id"]: r for r in x.rows("target", "figure_id")}
        inputs: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for r in x.rows("figure_input", "id"):
            inputs[r["derived_id"]].append((r["position"], r["input_id"]))
        figures, derived = [], []
        for r in x.rows("figure"):
            base = {
                "id": r["id"],
                "kind": r["kind"],
                "subject": r["subject_id"],
                "metric": r["metric"],
            }
            t = targets.get(r["id"], {})
            if r["derived"]:
                derived.append(
                    _drop_none(
                        {
                            **base,
                            "unit": r["unit"],
                            "formula": r["formula"],
                            "inputs": [i for _, i in sorted(inputs[r["id"]])],
                            "factor": _num(r["factor"]) if r["factor"] else None,
                            "factor_note": r["factor_note"],
                            "label": r["label"],
                            "target_kind": t.get("target_kind"),
                        }
                    )
                )
                continue
            f = funds.get(r["id"], {})
            figures.append(
                _drop_none(
                    {
                        **base,
                        "value": _num(r["value"]),
                        "unit": r["unit"],
                        "qualifier": r["qualifier"],
                        "label": r["label"],
                        "target_kind": t.get("target_kind"),
                        "deadline_year": t.get("deadline_year"),
                        "giver": f.get("giver_id"),
                        "parent": f.get("parent_id"),
                        "period_start_year": f.get("period_start_year"),
                        "period_end_year": f.get("period_end_year"),
                        "per_unit": f.get("per_unit"),
                        "duration_months": f.get("duration_months"),
                        "cite": x.cite("figure", r["id"]),
                    }
                )
            )
        files["figures.yaml"] = figures
        files["derived.yaml"] = derived
        files["coverage.yaml"] = [
            {**x.located(r), "reason": r["reason"]}
            for r in x.rows("coverage_skip", "id")
            if r["source_id"] not in x.retracted_sources
        ]
    for name, data in files.items():
        path = out_dir / name
        path.write_text(_dump(data), encoding="utf-8")
        written.append(path)
    return written
