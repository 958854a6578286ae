"""Word forms -> stem keys, so a query finds other forms of its words.

A word's *keys* are what it is matched by besides its surface form
(``app.search.normalize.name_key``): a query word matches a text word when
they share a key. Both sides are computed here, by the same code, from the
words as written, so SQLite (FTS5) and PostgreSQL (pg_trgm) index and ask the
same keys and return the same hits.

- Arabic: every lemma qalsadi's lemmatizer proposes for the word (a
  dictionary-backed analysis that knows broken plurals: وظائف -> وظيفة,
  مراكز -> مركز, معاهد -> معهد, فرص -> فرصة), plus Snowball's Arabic light
  stem (prefixes and suffixes, and words the dictionary does not know or
  that are typed without hamza: الاقاليم). ``python -m bench.stemmers``
  measured the candidates on the articles' words (``docs/search.md``): ISRI's
  roots merge far too much (استثمار "investment" with ثمار "fruits"), light
  stemmers alone miss every broken plural, qalsadi's first lemma is not
  stable across forms; all of qalsadi's lemmas with the light stem merge 96 %
  of the pairs a reader calls one word.
- English and other Latin-script words: Snowball's English (Porter2) stem
  after British spellings are made American (centre -> center, organisation
  -> organization, programme -> program); an agent noun also keys as its verb
  (investors -> investor and invest), so "investment fund" finds the investors'
  fund.
- Numbers and words of one or two letters have no keys (numbers are
  matched by value, short words by their surface form).

Every key is folded with ``normalize`` like every other key.

qalsadi keeps its dictionary in an SQLite connection that only the thread
which opened it may use, so one dedicated thread owns the lemmatizer; a
cache in front of it answers repeated words without a thread hop. qalsadi
takes about 3 ms a word: a fresh process would spend seconds on the first
index rebuild, so ``stem_keys.json`` ships the keys of every word of
``data/seed`` (``python -m app.search.stem`` writes it; it is ignored when
the libraries' versions differ from those that wrote it).
"""

from __future__ import annotations

import importlib.metadata
import json
import re
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path
from typing import Any

import snowballstemmer  # type: ignore[import-untyped]

from app.search.normalize import normalize

__all__ = ["first_lemma", "keys", "stem", "stem_key", "words"]

MAX_CACHE = 200_000
"""Distinct words remembered; the cache starts over when it is full."""
SHIPPED = Path(__file__).with_name("stem_keys.json")
LIBRARIES = ("qalsadi", "arramooz-pysqlite", "snowballstemmer")

_ARABIC_WORD = (
    "[\u0621-\u063a\u0640-\u065f\u0670-\u06d3\u06d5-\u06ef\u06fa-\u06ff\ufb50-\ufdff\ufe70-\ufefc]+"
)
_WORD = re.compile(f"{_ARABIC_WORD}|[^\\W\\d_]+")
_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")  # diacritics and tatweel
_MIN_LETTERS = 3

_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="masdar-lemmatizer")
_local = threading.local()
_lock = threading.Lock()
_keys: dict[str, frozenset[str]] = {}


def _lemmatizer() -> Any:
    """qalsadi's lemmatizer of the current thread (only ever the executor's)."""
    lemmatizer = getattr(_local, "lemmatizer", None)
    if lemmatizer is None:
        import qalsadi.lemmatizer  # type: ignore[import-untyped]

        lemmatizer = _local.lemmatizer = qalsadi.lemmatizer.Lemmatizer()
    return lemmatizer


def _lemmas(word: str) -> list[str]:
    found = _lemmatizer().lemmatize(word, all=True)
    return [str(x) for x in found] if isinstance(found, list) else [str(found)]


@cache
def _stemmer(language: str) -> Any:
    return snowballstemmer.stemmer(language)


_BRITISH = [
    (re.compile(r"isation(s?)$"), r"ization\1"),
    (re.compile(r"(?<=[a-z]{3})is(e|es|ed|ing)$"), r"iz\1"),
    (re.compile(r"(?<=[a-z]{2})([bt])re(s?)$"), r"\1er\2"),
    (re.compile(r"(?<=[a-z]{2})our(s?)$"), r"or\1"),
    (re.compile(r"ogramme(s?)$"), r"ogram\1"),
    (re.compile(r"^(lic|def|off|pret)ence$"), r"\1ense"),
]
_NOT_BRITISH = frozenset(
    "advertise advise comprise compromise concise devise enterprise exercise expertise franchise "
    "improvise merchandise noise otherwise paradise praise precise premise promise raise revise "
    "rise supervise surprise televise wise cruise arise despise disguise chastise hour four "
    "tour our your pour flour sour contour detour entre".split()
)


def american(word: str) -> str:
    """A British spelling made American: ``centre`` -> ``center``; other words unchanged."""
    if word in _NOT_BRITISH or len(word) < 5:
        return word
    for pattern, replacement in _BRITISH:
        changed = pattern.sub(replacement, word)
        if changed != word:
            return changed
    return word


def _compute(word: str) -> frozenset[str]:
    if word.isascii():
        latin = normalize(word)
        if not latin:
            return frozenset()
        stemmed = _stemmer("english").stemWord(american(latin))
        # Porter2 keeps agent nouns apart (investor, invest): a person and the act match too.
        agent = stemmed[:-2] if stemmed.endswith("or") and len(stemmed) > 5 else stemmed
        return frozenset({stemmed, agent})
    bare = _MARKS.sub("", word)
    found = {normalize(lemma) for lemma in _executor.submit(_lemmas, bare).result()}
    found.add(normalize(_stemmer("arabic").stemWord(bare)))
    return frozenset(k for k in found if len(k) >= 2 and " " not in k)


def keys(word: str) -> frozenset[str]:
    """The stem keys of one word as written; empty for numbers and words under three letters."""
    if len(normalize(word)) < _MIN_LETTERS or not _WORD.fullmatch(word):
        return frozenset()
    if not _keys:
        _load_shipped()
    found = _keys.get(word)
    if found is None:
        found = _compute(word if not word.isascii() else word.casefold())
        with _lock:
            if len(_keys) >= MAX_CACHE:
                _keys.clear()
            _keys[word] = found
    return found


def versions() -> dict[str, str]:
    return {name: importlib.metadata.version(name) for name in LIBRARIES}


def _load_shipped() -> None:
    try:
        data = json.loads(SHIPPED.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if data.get("versions") != versions():
        return
    with _lock:
        for word, found in data["keys"].items():
            _keys.setdefault(word, frozenset(found))


def write_shipped(texts: Iterable[str], path: Path = SHIPPED) -> int:
    """Compute the keys of every word of ``texts`` afresh and write them to ``path``."""
    found: dict[str, list[str]] = {}
    for text in texts:
        for m in _WORD.finditer(text):
            word = m.group()
            if word not in found and len(normalize(word)) >= _MIN_LETTERS:
                key_word = word if not word.isascii() else word.casefold()
                found[word] = sorted(_compute(key_word))
    body = {"versions": versions(), "keys": dict(sorted(found.items()))}
    path.write_text(json.dumps(body, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    return len(found)


def seed_texts(seed_dir: Path) -> Iterator[str]:
    """Every text of the seed: the articles and every string of the YAML files."""
    import yaml

    for path in sorted(seed_dir.glob("sources/*.txt")):
        yield path.read_text(encoding="utf-8")
    for path in sorted(seed_dir.glob("*.yaml")):
        yield from _strings(yaml.safe_load(path.read_text(encoding="utf-8")))


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def words(text: str) -> Iterator[tuple[int, int, frozenset[str]]]:
    """``(start, end, keys)`` of each word of ``text`` that has keys; offsets into ``text``."""
    for m in _WORD.finditer(text):
        found = keys(m.group())
        if found:
            yield m.start(), m.end(), found


def stem_key(text: str) -> str:
    """What the index stores: every key of every word of ``text``, once each, space-separated."""
    return " ".join(sorted({k for _, _, found in words(text) for k in found}))


def stem(word: str) -> str:
    """One representative key (the smallest), for measurements."""
    return min(keys(word), default=normalize(word))


def first_lemma(word: str) -> str:
    """qalsadi's first lemma alone (measured against ``keys`` in bench/stemmers.py)."""
    return str(_executor.submit(lambda: _lemmatizer().lemmatize(_MARKS.sub("", word))).result())


if __name__ == "__main__":
    from app.config import Settings

    print(f"{write_shipped(seed_texts(Settings().seed_dir))} words written to {SHIPPED}")
