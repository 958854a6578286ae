"""YAML in data/seed/ → validated table rows. Nothing here touches a database.

Every problem raises :class:`SeedError` naming the file, the fact and what is
wrong, before a single row is written.
"""

from __future__ import annotations

import hashlib
import math
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from sqlmodel import SQLModel

from app.errors import SeedError
from app.models import (
    Citation,
    CoverageSkip,
    Event,
    EventInitiative,
    EventParticipant,
    Figure,
    FigureInput,
    Fund,
    Initiative,
    InitiativePartner,
    Partner,
    Person,
    PersonRole,
    Source,
    Target,
)
from app.models.qualifier import hedges_in
from app.seed import schema as s
from app.seed.builder import Builder, SeedBundle, names
from app.seed.numbers import find_numbers, mentions_value
from app.seed.verify import QuoteError, locate

SEED_FORMAT = "5"
"""Bumped when the seeder changes what it writes, so a re-seed is not skipped (2: search
index in a seed; 3: its stem keys; 4: alias sources as names; 5: a surname alone)."""

FILES = (
    "sources.yaml",
    "partners.yaml",
    "people.yaml",
    "initiatives.yaml",
    "events.yaml",
    "figures.yaml",
    "derived.yaml",
    "coverage.yaml",
)

M = TypeVar("M", bound=BaseModel)


def seed_digest(seed_dir: Path) -> str:
    h = hashlib.sha256(SEED_FORMAT.encode())
    paths = [seed_dir / n for n in FILES] + sorted((seed_dir / "sources").glob("*.txt"))
    for p in paths:
        if p.exists():
            h.update(p.relative_to(seed_dir).as_posix().encode() + b"\0")
            h.update(p.read_bytes() + b"\0")
    return h.hexdigest()


def read_entries(seed_dir: Path, name: str, model: type[M]) -> list[M]:
    path = seed_dir / name
    if not path.exists():
        if name in ("derived.yaml", "coverage.yaml", "events.yaml"):
            return []
        raise SeedError(f"{name}: file is missing from {seed_dir}")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise SeedError(f"{name}:{where}: malformed YAML: {problem}") from None
    except UnicodeDecodeError as exc:
        raise SeedError(f"{name}: not UTF-8 ({exc.reason})") from None
    if data is None:
        return []
    if not isinstance(data, list):
        raise SeedError(f"{name}: expected a list of entries, found {type(data).__name__}")
    out = []
    for i, item in enumerate(data):
        label = item.get("id", f"entry #{i + 1}") if isinstance(item, dict) else f"#{i + 1}"
        try:
            out.append(model.model_validate(item))
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc']) or 'entry'}: {e['msg']}" for e in exc.errors()
            )
            raise SeedError(f"{name}: {label!r}: {problems}") from None
    return out


class _Loader(Builder):
    """The seed files, read in foreign-key order into the bundle."""

    # -- files ------------------------------------------------------------
    def sources(self) -> None:
        file = "sources.yaml"
        entries = read_entries(self.dir, file, s.SourceIn)
        for e in entries:
            self.claim_id(file, "source", e.id)
            path = self.dir / e.file
            if not path.is_file():
                raise SeedError(f"{file}: source {e.id!r}: text file {e.file} not found")
            raw = path.read_bytes()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise SeedError(f"{file}: source {e.id!r}: {e.file} is not UTF-8: {exc}") from None
            self.b.texts[e.id] = text
            self.b.rows.append(
                Source(
                    id=e.id,
                    title=e.title,
                    author=e.author,
                    outlet=e.outlet,
                    published_on=e.published_on,
                    published_on_precision=e.published_on_precision,
                    kind=e.kind,
                    language=e.language,
                    url=e.url,
                    file_name=Path(e.file).name,
                    sha256=hashlib.sha256(raw).hexdigest(),
                    notes=e.notes,
                    text=text,
                )
            )
        for e in entries:
            self.cite(file, f"source {e.id!r}", "source", e.id, e.cite)
            d = e.published_on
            self.b.numbers[("source", e.id)] = {float(d.year), float(d.day)} if d else set()

    def partners(self) -> None:
        file = "partners.yaml"
        for e in read_entries(self.dir, file, s.PartnerIn):
            self.claim_id(file, "partner", e.id)
            label = f"partner {e.id!r}"
            self.b.rows.append(
                Partner(
                    id=e.id,
                    name=e.name,
                    name_basis=e.name_basis,
                    name_ar=e.name_ar,
                    kind=e.kind,
                    country=e.country,
                    country_basis=e.country_basis,
                    description=e.description,
                )
            )
            self.cite(file, label, "partner", e.id, e.cite)
            self.aliases(file, label, "partner", e.id, names(e), e.aliases)

    def people(self) -> None:
        file = "people.yaml"
        entries = read_entries(self.dir, file, s.PersonIn)
        for e in entries:
            self.claim_id(file, "person", e.id)
            label = f"person {e.id!r}"
            self.b.rows.append(
                Person(
                    id=e.id,
                    name=e.name,
                    name_basis=e.name_basis,
                    name_ar=e.name_ar,
                    given_name=e.given_name,
                    given_name_ar=e.given_name_ar,
                    description=e.description,
                )
            )
            self.cite(file, label, "person", e.id, e.cite)
            self.given_names[("person", e.id)] = (e.given_name_ar, e.given_name)
            self.aliases(file, label, "person", e.id, names(e), e.aliases)
        for e in entries:
            for r in e.roles:
                self.claim_id(file, "person_role", r.id)
                label = f"person {e.id!r} role {r.id!r}"
                self.need(file, label, "partner", r.organisation)
                self.b.rows.append(
                    PersonRole(
                        id=r.id,
                        person_id=e.id,
                        title_ar=r.title_ar,
                        title=r.title,
                        title_basis=r.title_basis,
                        organisation_id=r.organisation,
                    )
                )
                self.cite(file, label, "person_role", r.id, r.cite)

    def initiatives(self) -> None:
        file = "initiatives.yaml"
        entries = read_entries(self.dir, file, s.InitiativeIn)
        for e in entries:
            self.claim_id(file, "initiative", e.id)
        pending = list(entries)
        placed: set[str] = set()
        while pending:  # parents before children, so foreign keys hold at insert time
            ready = [e for e in pending if e.parent is None or e.parent in placed]
            if not ready:
                e = pending[0]
                self.need(file, f"initiative {e.id!r}", "initiative", e.parent)
                raise SeedError(f"{file}: initiative {e.id!r}: parent chain forms a cycle")
            for e in ready:
                pending.remove(e)
                placed.add(e.id)
                self.b.rows.append(
                    Initiative(
                        id=e.id,
                        name=e.name,
                        name_basis=e.name_basis,
                        name_ar=e.name_ar,
                        kind=e.kind,
                        parent_id=e.parent,
                        region=e.region,
                        region_basis=e.region_basis,
                        region_ar=e.region_ar,
                        location=e.location,
                        location_ar=e.location_ar,
                        status=e.status,
                        description=e.description,
                    )
                )
        for e in entries:
            label = f"initiative {e.id!r}"
            self.cite(file, label, "initiative", e.id, e.cite)
            self.aliases(file, label, "initiative", e.id, names(e), e.aliases)
            for link in e.partners:
                lid = f"{e.id}--{link.partner}--{link.role}"
                llabel = f"{label} partner {link.partner!r}"
                self.need(file, llabel, "partner", link.partner)
                self.claim_id(file, "initiative_partner", lid)
                self.b.rows.append(
                    InitiativePartner(
                        id=lid, initiative_id=e.id, partner_id=link.partner, role=link.role
                    )
                )
                self.cite(file, llabel, "initiative_partner", lid, link.cite)

    def events(self) -> None:
        file = "events.yaml"
        for e in read_entries(self.dir, file, s.EventIn):
            self.claim_id(file, "event", e.id)
            label = f"event {e.id!r}"
            if e.happened_on and e.not_after and e.happened_on > e.not_after:
                raise SeedError(f"{file}: {label}: happened_on is after not_after")
            self.b.rows.append(
                Event(
                    id=e.id,
                    kind=e.kind,
                    name=e.name,
                    name_basis=e.name_basis,
                    name_ar=e.name_ar,
                    happened_on=e.happened_on,
                    happened_year=e.happened_year,
                    happened_month=e.happened_month,
                    date_precision=e.date_precision,
                    not_before=e.not_before,
                    not_after=e.not_after,
                    date_text_ar=e.date_text_ar,
                    place=e.place,
                    place_ar=e.place_ar,
                    description=e.description,
                )
            )
            self.cite(file, label, "event", e.id, e.cite)
            self.aliases(file, label, "event", e.id, names(e), [])
            self.b.numbers[("event", e.id)] |= (
                {float(x) for d in (e.happened_on, e.not_after) if d for x in (d.year, d.day)}
                | {float(x) for x in (e.happened_year,) if x}
                | {v for m in find_numbers(e.date_text_ar or "") for v in m.values}
            )
            for p in e.participants:
                who = p.person or p.partner
                plabel = f"{label} participant {who!r}"
                self.need(file, plabel, "person", p.person)
                self.need(file, plabel, "partner", p.partner)
                pid = f"{e.id}--{who}--{p.role}"
                self.claim_id(file, "event_participant", pid)
                self.b.rows.append(
                    EventParticipant(
                        id=pid,
                        event_id=e.id,
                        person_id=p.person,
                        partner_id=p.partner,
                        role=p.role,
                    )
                )
                self.cite(file, plabel, "event_participant", pid, p.cite)
            for ei in e.initiatives:
                ilabel = f"{label} initiative {ei.initiative!r}"
                self.need(file, ilabel, "initiative", ei.initiative)
                iid = f"{e.id}--{ei.initiative}--{ei.relation}"
                self.claim_id(file, "event_initiative", iid)
                self.b.rows.append(
                    EventInitiative(
                        id=iid, event_id=e.id, initiative_id=ei.initiative, relation=ei.relation
                    )
                )
                self.cite(file, ilabel, "event_initiative", iid, ei.cite)

    def figures(self) -> dict[str, Figure]:
        file = "figures.yaml"
        entries = read_entries(self.dir, file, s.FigureIn)
        figs: dict[str, Figure] = {}
        for e in entries:
            self.claim_id(file, "figure", e.id)
        funds = {e.id for e in entries if e.kind == "fund"}
        details: list[SQLModel] = []
        for e in entries:
            label = f"figure {e.id!r}"
            self.need(file, label, "initiative", e.subject)
            self.need(file, label, "partner", e.giver)
            if e.parent is not None and e.parent not in funds:
                raise SeedError(f"{file}: {label}: parent {e.parent!r} is not a fund figure")
            if e.parent == e.id:
                raise SeedError(f"{file}: {label}: a fund cannot be its own parent")
            fig = Figure(
                id=e.id,
                kind=e.kind,
                subject_id=e.subject,
                metric=e.metric,
                value=e.value,
                unit=e.unit,
                qualifier=e.qualifier,
                label=e.label,
            )
            figs[e.id] = fig
            self.b.rows.append(fig)
            if e.kind == "fund":
                details.append(
                    Fund(
                        figure_id=e.id,
                        giver_id=e.giver,
                        parent_id=e.parent,
                        period_start_year=e.period_start_year,
                        period_end_year=e.period_end_year,
                        per_unit=e.per_unit,
                        duration_months=e.duration_months,
                    )
                )
            else:
                assert e.target_kind is not None
                details.append(
                    Target(figure_id=e.id, target_kind=e.target_kind, deadline_year=e.deadline_year)
                )
            cites = self.cite(file, label, "figure", e.id, e.cite)
            self._check_numbers(file, label, e, cites)
        _check_parent_cycles(file, entries)
        # parents before components (self-referencing foreign key)
        details.sort(key=lambda d: isinstance(d, Fund) and d.parent_id is not None)
        self.b.rows.extend(details)
        return figs

    def _check_numbers(self, file: str, label: str, e: s.FigureIn, cites: list[Citation]) -> None:
        stated = {e.value}
        for c in cites:
            if c.field in (None, "value"):
                if not mentions_value(c.quote, e.value):
                    raise SeedError(
                        f"{file}: {label}: the number {_fmt(e.value)} is not in its quote "
                        f"(source {c.source_id}, quote «{c.quote}»)"
                    )
                _check_hedge(file, label, e.qualifier, c)
            elif c.field == "deadline_year" and e.deadline_year is not None:
                if not mentions_value(c.quote, e.deadline_year):
                    raise SeedError(
                        f"{file}: {label}: deadline {e.deadline_year} is not in «{c.quote}»"
                    )
        for v in (e.deadline_year, e.period_start_year, e.period_end_year):
            if v is not None:
                stated.add(float(v))
        if e.duration_months:
            stated |= {float(e.duration_months), e.duration_months / 12}
        self.b.numbers[("figure", e.id)] = stated

    def derived(self, figs: dict[str, Figure]) -> None:
        file = "derived.yaml"
        for e in read_entries(self.dir, file, s.DerivedIn):
            self.claim_id(file, "figure", e.id)
            label = f"derived figure {e.id!r}"
            self.need(file, label, "initiative", e.subject)
            inputs = []
            for rid in e.inputs:
                if rid not in figs:
                    raise SeedError(f"{file}: {label}: unknown input figure {rid!r}")
                inputs.append(figs[rid])
            if e.formula == "sum":
                odd = [f.id for f in inputs if f.unit != e.unit]
                if odd:
                    raise SeedError(f"{file}: {label}: inputs {odd} are not in {e.unit}")
                value = math.fsum(f.value for f in inputs) * e.factor
            else:
                value = math.prod(f.value for f in inputs) * e.factor
            fig = Figure(
                id=e.id,
                kind=e.kind,
                subject_id=e.subject,
                metric=e.metric,
                value=value,
                unit=e.unit,
                qualifier=None,
                label=e.label,
                derived=True,
                formula=e.formula,
                factor=None if e.factor == 1 else e.factor,
                factor_note=e.factor_note,
            )
            figs[e.id] = fig
            self.b.rows.append(fig)
            if e.kind == "fund":
                self.b.rows.append(Fund(figure_id=e.id))
            else:
                assert e.target_kind is not None
                self.b.rows.append(Target(figure_id=e.id, target_kind=e.target_kind))
            for pos, f in enumerate(inputs):
                self.b.rows.append(FigureInput(derived_id=e.id, input_id=f.id, position=pos))

    def coverage_skips(self) -> None:
        file = "coverage.yaml"
        for i, e in enumerate(read_entries(self.dir, file, s.SkipIn)):
            label = f"skip #{i + 1}"
            text = self.b.texts.get(e.source)
            if text is None:
                raise SeedError(f"{file}: {label}: unknown source {e.source!r}")
            try:
                start, end = locate(text, e.quote, e.occurrence)
            except QuoteError as exc:
                raise SeedError(f"{file}: {label}: {exc} (quote «{e.quote}»)") from None
            self.b.skips.append(
                CoverageSkip(
                    source_id=e.source, quote=e.quote, start=start, end=end, reason=e.reason
                )
            )


def _check_hedge(file: str, label: str, qualifier: str | None, c: Citation) -> None:
    """The qualifier says what the quote's hedge words say: «أكثر من 50» is more_than,
    never at_least; a quote without a hedge word states the number exactly."""
    written = hedges_in(c.quote)
    if (qualifier is None and not written) or qualifier in written:
        return
    said = ", ".join(sorted(written)) or "no hedge"
    raise SeedError(
        f"{file}: {label}: qualifier {qualifier or 'null'} but the quote says {said} "
        f"(source {c.source_id}, quote «{c.quote}»; hedge words: app/models/qualifier.py)"
    )


def _check_parent_cycles(file: str, entries: list[s.FigureIn]) -> None:
    parent = {e.id: e.parent for e in entries}
    for start in parent:
        seen, cur = {start}, parent[start]
        while cur is not None:
            if cur in seen:
                raise SeedError(f"{file}: figure {start!r}: fund parents form a cycle")
            seen.add(cur)
            cur = parent.get(cur)


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else repr(v)


def load_seed(seed_dir: Path) -> SeedBundle:
    """Read, validate and cross-check every seed file; raise SeedError on the first problem."""
    if not seed_dir.is_dir():
        raise SeedError(f"{seed_dir}: seed directory not found")
    builder = _Loader(seed_dir)
    builder.sources()
    builder.partners()
    builder.people()
    builder.initiatives()
    builder.events()
    builder.check_alias_names()
    figs = builder.figures()
    builder.derived(figs)
    builder.coverage_skips()
    builder.b.digest = seed_digest(seed_dir)
    return builder.b
