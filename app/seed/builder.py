"""The seeder's checks shared by every record: ids, references, citations located in
their articles, and aliases credited to an article that writes them as a name.

``app.seed.load`` builds the seed's rows on top of :class:`Builder`; the write path
(``app.services.curation``) uses the same checks for one record at a time.
"""

from __future__ import annotations

import functools
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import SQLModel

from app.errors import SeedError
from app.models import (
    Alias,
    Citation,
    CoverageSkip,
    EventInitiative,
    EventParticipant,
    InitiativePartner,
    PersonRole,
)
from app.search.normalize import name_key, normalize
from app.seed import schema as s
from app.seed.aliases import NameIndex, Owner, surname_only
from app.seed.numbers import find_numbers
from app.seed.verify import QuoteError, context, locate


@dataclass
class SeedBundle:
    """Everything one seed directory holds, validated, in foreign-key order."""

    rows: list[SQLModel] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    aliases: list[Alias] = field(default_factory=list)
    skips: list[CoverageSkip] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    numbers: dict[tuple[str, str], set[float]] = field(default_factory=dict)
    digest: str = ""

    def count(self, model: type[SQLModel]) -> int:
        return sum(isinstance(r, model) for r in self.rows)


@functools.lru_cache(maxsize=64)
def _folded(text: str) -> tuple[str, str]:
    """An article's text as ``Builder._writes`` searches it (folded, keyed), kept: the
    write path builds a fresh ``Builder`` for every write, over the same articles."""
    return f" {normalize(text)} ", f" {name_key(text)} "


def citation_id(record_type: str, record_id: str, fld: str | None, source: str, start: int) -> str:
    raw = f"{record_type}|{record_id}|{fld or ''}|{source}|{start}"
    return hashlib.sha1(raw.encode()).hexdigest()[:12]


def names(
    e: s.PartnerIn | s.PersonIn | s.InitiativeIn | s.EventIn,
) -> list[tuple[str | None, str]]:
    """A record's own names as aliases; a Latin name's kind says how we got it."""
    latin_kind = {
        "translation": "translation",
        "transliteration": "transliteration",
        "masdar": "translation",  # a descriptive name of ours, in English
    }
    return [(e.name, latin_kind.get(e.name_basis, "name")), (e.name_ar, "name")]


class Builder:
    """A bundle being built, and the checks every record goes through."""

    def __init__(self, seed_dir: Path) -> None:
        self.dir = seed_dir
        self.b = SeedBundle()
        self.ids: dict[str, set[str]] = {}
        self._keys: dict[str, tuple[str, str]] = {}
        self.given_names: dict[Owner, tuple[str | None, ...]] = {}
        """Each person's given names (Arabic, Latin): a part of one of their names without
        it (their surname) names them only where an article writes it alone."""
        self._stated_source: dict[int, tuple[str, str]] = {}
        self._alias_labels: dict[int, tuple[str, str]] = {}
        """Every alias row (by ``id``): the file and label its errors name."""
        """Alias rows (by ``id``) whose source the data states, with their file and label."""

    # -- helpers ----------------------------------------------------------
    def claim_id(self, file: str, kind: str, rid: str) -> None:
        seen = self.ids.setdefault(kind, set())
        if rid in seen:
            raise SeedError(f"{file}: {kind} {rid!r}: duplicate id")
        seen.add(rid)

    def need(self, file: str, label: str, kind: str, rid: str | None) -> None:
        if rid is not None and rid not in self.ids.get(kind, set()):
            raise SeedError(f"{file}: {label}: unknown {kind} {rid!r} (dangling reference)")

    def cite(
        self, file: str, label: str, rtype: str, rid: str, cites: Sequence[s.CiteIn]
    ) -> list[Citation]:
        made = []
        for c in cites:
            text = self.b.texts.get(c.source)
            if text is None:
                raise SeedError(f"{file}: {label}: citation names unknown source {c.source!r}")
            try:
                start, end = locate(text, c.quote, c.occurrence)
            except QuoteError as exc:
                raise SeedError(
                    f"{file}: {label}: {exc} (source {c.source}, quote «{c.quote}»)"
                ) from None
            prefix, suffix = context(text, start, end)
            cid = citation_id(rtype, rid, c.field, c.source, start)
            if any(x.id == cid for x in self.b.citations):
                raise SeedError(f"{file}: {label}: the same quote is cited twice («{c.quote}»)")
            cit = Citation(
                id=cid,
                source_id=c.source,
                record_type=rtype,
                record_id=rid,
                field=c.field,
                quote=c.quote,
                start=start,
                end=end,
                prefix=prefix,
                suffix=suffix,
            )
            self.b.citations.append(cit)
            made.append(cit)
        return made

    def aliases(
        self,
        file: str,
        label: str,
        rtype: str,
        rid: str,
        names: Iterable[tuple[str | None, str]],
        aliases: Sequence[s.AliasIn],
    ) -> None:
        """Alias rows for a record: its own names first, then the curated aliases.

        An alias that names its article must be written so in that article; one
        without a source gets the first article that writes it, if any, and
        otherwise stays general knowledge (source null).
        """
        seen: dict[str, Alias] = {}
        entries: list[tuple[str, str | None, str, str | None, str | None]] = [
            (text, None, kind, None, None) for text, kind in names if text
        ]
        entries += [(a.text, a.lang, a.kind, a.source, a.kept_because) for a in aliases]
        for text, lang, kind, source, kept in entries:
            self.need(file, label, "source", source)
            key = name_key(text)
            if source is not None and not self._writes(source, text):
                raise SeedError(
                    f"{file}: {label}: alias «{text}» is not written so in source {source}"
                )
            if not key:
                continue
            if key in seen:  # a curated source for one of the record's own names wins
                row = seen[key]
                if source is not None and id(row) not in self._stated_source:
                    row.source_id, row.kept_because = source, kept
                    self._stated_source[id(row)] = (file, label)
                continue
            auto = source is None
            if auto:
                source = next((sid for sid in self.b.texts if self._writes(sid, text)), None)
            lang = lang or ("ar" if any("\u0600" <= ch <= "\u06ff" for ch in text) else "latin")
            row = Alias(
                record_type=rtype,
                record_id=rid,
                text=text,
                key=key,
                lang=lang,
                kind=kind,
                source_id=source,
                kept_because=kept,
            )
            seen[key] = row
            self._alias_labels[id(row)] = (file, label)
            if not auto:
                self._stated_source[id(row)] = (file, label)
            self.b.aliases.append(row)
        self.b.numbers[(rtype, rid)] = {
            v for text, *_ in entries for m in find_numbers(text) for v in m.values
        }

    def check_alias_names(
        self, others: Sequence[tuple[Owner | frozenset[Owner], str]] = ()
    ) -> None:
        """Credit each alias to an article that writes it as a name (app/seed/aliases.py):
        a name with no stated source goes to the first such article (or none); a stated
        source that writes it only inside another record's longer name is refused, unless
        the alias says why it is kept (``kept_because``). ``others``: the names of records
        outside this bundle (the write path's other records)."""
        index = NameIndex(self.b.texts, [*self._names_with_links(), *others])
        own: dict[Owner, list[str]] = defaultdict(list)
        for a in self.b.aliases:
            own[(a.record_type, a.record_id)].append(a.text)
        self._check_shared_names(others)
        for a in self.b.aliases:
            owner = (a.record_type, a.record_id)
            own_too = any(
                surname_only(a.text, name, given)
                for given in self.given_names.get(owner, ())
                for name in own[owner]
            )
            stated = self._stated_source.get(id(a))
            if stated is None:
                a.source_id = index.first_source(owner, a.text, own_too)
                continue
            inside = index.covering(a.source_id or "", owner, a.text, own_too)
            if inside and not a.kept_because:
                file, label = stated
                longer = ", ".join(f"«{n}»" for n in inside)
                whose = "a longer name" if own_too else "a longer name of another record"
                raise SeedError(
                    f"{file}: {label}: alias «{a.text}» occurs in source {a.source_id} only "
                    f"inside {whose} ({longer}): credit an article "
                    "that writes it as this name, or say why it is kept (kept_because)"
                )
            if a.kept_because and not inside:
                file, label = stated
                raise SeedError(
                    f"{file}: {label}: alias «{a.text}» has kept_because, but source "
                    f"{a.source_id} writes it as a name: drop kept_because"
                )

    def _check_shared_names(self, others: Sequence[tuple[Owner | frozenset[Owner], str]]) -> None:
        """Two people who share a name (a surname alone: «مزور» is Ghita's and Ryad's) are
        not one person: each such alias must say why it is kept (``kept_because``), so a
        reader of the record knows the name also names someone else."""
        if not any(a.record_type == "person" for a in self.b.aliases):
            return  # only people's names are checked (a write of another record: no work)
        people: dict[str, set[str]] = defaultdict(set)
        for a in self.b.aliases:
            if a.record_type == "person":
                people[name_key(a.text)].add(a.record_id)
        for owner, text in others:
            for rtype, rid in owner if isinstance(owner, frozenset) else {owner}:
                if rtype == "person":
                    people[name_key(text)].add(rid)
        for a in self.b.aliases:
            shared = people[name_key(a.text)] - {a.record_id}
            if a.record_type == "person" and shared and not a.kept_because:
                label = self._alias_labels.get(id(a), ("aliases", f"person {a.record_id!r}"))
                raise SeedError(
                    f"{label[0]}: {label[1]}: alias «{a.text}» also names "
                    f"{', '.join(sorted(shared))}: say why it is kept (kept_because)"
                )

    def _names_with_links(self) -> list[tuple[frozenset[Owner], str]]:
        """Every name, owned by its record and the records it is linked to: a role's title
        names its organisation, an initiative's name («شراكة مع وكالة التجارة والتنمية
        الأمريكية») its partners, an event's name its participants and initiatives."""
        linked: dict[Owner, set[Owner]] = defaultdict(set)
        for r in self.b.rows:
            if isinstance(r, InitiativePartner):
                linked[("initiative", r.initiative_id)].add(("partner", r.partner_id))
            elif isinstance(r, EventParticipant):
                party = ("person", r.person_id) if r.person_id else ("partner", r.partner_id)
                linked[("event", r.event_id)].add((party[0], party[1] or ""))
            elif isinstance(r, EventInitiative):
                linked[("event", r.event_id)].add(("initiative", r.initiative_id))
        names = [
            (
                frozenset({(a.record_type, a.record_id)} | linked[(a.record_type, a.record_id)]),
                a.text,
            )
            for a in self.b.aliases
        ]
        names += [
            (frozenset({("person", r.person_id), ("partner", r.organisation_id or "")}), r.title_ar)
            for r in self.b.rows
            if isinstance(r, PersonRole)
        ]
        return names

    def _writes(self, source: str, name: str) -> bool:
        """Does the article write this name, up to diacritics, hamza, quotes and an
        attached clitic (للوكالة writes الوكالة; لخطة writes خطة)?"""
        if source not in self._keys:
            self._keys[source] = _folded(self.b.texts[source])
        folded, keyed = self._keys[source]
        return bool(normalize(name)) and (
            f"{normalize(name)} " in folded or f" {name_key(name)} " in keyed
        )
