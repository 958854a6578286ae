"""Which Arabic stemmer or lemmatizer search should use: ``python -m bench.stemmers``.

Measures, on the five articles' words, every candidate that is installed
(``pip install nltk snowballstemmer qalsadi tashaphyne`` to see them all):

- *recall*: of the word-form pairs a reader calls one word (broken plurals
  وظائف/وظيفة, clitics والبيانات/بيانات, hamza-less typing الاقاليم/الأقاليم),
  how many get the same key;
- *separation*: of the pairs that only share a root (استثمار "investment" /
  ثمار "fruits", مركز "centre" / تركيز "focus", الرباط "Rabat" / رابط "link"),
  how many are kept apart;
- *classes*: how many keys the articles' distinct words fall into (fewer is
  more merging), and the time per word (uncached).

Each key is ``normalize(stem(word))``: the same folding as every other key; two
words match when their key sets meet (masdar's keys are several lemmas per word).
Timing is uncached for the libraries, cached for masdar's keys after the first
use: run it twice to compare.
"""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Callable
from pathlib import Path

from app.search.normalize import normalize

SOURCES = Path(__file__).parents[1] / "data" / "seed" / "sources"

SAME = [
    # broken plurals (the issue's four, then the articles')
    ("وظائف", "وظيفة"),
    ("الوظائف", "وظيفة"),
    ("مراكز", "مركز"),
    ("المراكز", "مركز"),
    ("معاهد", "معهد"),
    ("المعاهد", "معهد"),
    ("فرص", "فرصة"),
    ("الفرص", "فرصة"),
    ("مشاريع", "مشروع"),
    ("طلاب", "طالب"),
    ("مواقع", "موقع"),
    ("الأقاليم", "إقليم"),
    ("الخبراء", "خبير"),
    ("شركاء", "شريك"),
    ("ركائز", "ركيزة"),
    ("محاور", "محور"),
    ("صناديق", "صندوق"),
    ("الدراهم", "درهم"),
    ("نماذج", "نموذج"),
    # sound plurals, feminine, clitics
    ("الشركات", "شركة"),
    ("الباحثين", "باحث"),
    ("خريجين", "خريج"),
    ("الجهات", "جهة"),
    ("اتفاقيات", "اتفاقية"),
    ("شبكات", "شبكة"),
    ("الاستثمارات", "استثمار"),
    ("والبيانات", "بيانات"),
    ("للذكاء", "الذكاء"),
    ("بالرباط", "الرباط"),
    ("مختبرات", "مختبر"),
    ("الجامعات", "جامعة"),
    ("مؤسسات", "مؤسسة"),
    ("التقنيات", "تقنية"),
    ("الخدمات", "خدمة"),
    ("القطاعات", "قطاع"),
    ("دولارات", "دولار"),
    ("مليارات", "مليار"),
    ("منصات", "منصة"),
    ("مبادرات", "مبادرة"),
    ("وكالات", "وكالة"),
    ("الكفاءات", "كفاءة"),
    ("المهارات", "مهارة"),
    ("الوزيرة", "وزير"),
    ("فرصًا", "فرصة"),
    ("موقعًا", "موقع"),
    # what people type: no hamza, ه for ة, ى for ي
    ("الاقاليم", "الأقاليم"),
    ("وظايف", "وظائف"),
    ("مؤسسه", "مؤسسة"),
    ("استثمارات", "الاستثمارات"),
]
APART = [
    ("استثمار", "ثمار"),
    ("مركز", "تركيز"),
    ("العالم", "علوم"),
    ("عالم", "معالم"),
    ("الحكومة", "حوكمة"),
    ("شركة", "شراكة"),
    ("شركة", "مشاركة"),
    ("عمل", "عملاق"),
    ("عمل", "عملية"),
    ("الرباط", "روابط"),
    ("الرباط", "رابط"),
    ("الداخلة", "داخل"),
    ("نقل", "انتقال"),
    ("تنظيم", "منظومة"),
    ("تعليم", "علوم"),
    ("سباق", "سابق"),
    ("مرحلة", "رحلة"),
    ("الإدارة", "مدير"),
    ("القيم", "قيمة"),
    ("تحديات", "حدث"),
]


Keys = Callable[[str], set[str]]


def _one(fn: Callable[[str], str]) -> Keys:
    return lambda word: {normalize(fn(word))}


def _candidates() -> dict[str, Keys]:
    out: dict[str, Keys] = {"none (normalize only)": _one(normalize)}
    if importlib.util.find_spec("nltk"):
        from nltk.stem.arlstem2 import ARLSTem2
        from nltk.stem.isri import ISRIStemmer

        out["nltk ISRI (root)"] = _one(ISRIStemmer().stem)
        out["nltk ARLSTem2 (light)"] = _one(ARLSTem2().stem)
    if importlib.util.find_spec("snowballstemmer"):
        import snowballstemmer

        out["snowball arabic (light)"] = _one(snowballstemmer.stemmer("arabic").stemWord)
    if importlib.util.find_spec("tashaphyne"):
        from tashaphyne.stemming import ArabicLightStemmer

        light = ArabicLightStemmer()

        def tashaphyne(word: str) -> str:
            light.light_stem(word)
            return str(light.get_stem())

        out["tashaphyne (light)"] = _one(tashaphyne)
    if importlib.util.find_spec("qalsadi"):
        from app.search import stem

        out["qalsadi first lemma"] = _one(stem.first_lemma)
        out["qalsadi all lemmas + snowball"] = lambda word: set(stem.keys(word))
    return out


def _vocabulary() -> list[str]:
    words: set[str] = set()
    for path in sorted(SOURCES.glob("*.txt")):
        words |= {w for w in path.read_text(encoding="utf-8").split() if _arabic(w)}
    return sorted(words)


def _arabic(word: str) -> bool:
    return any("\u0621" <= c <= "\u064a" for c in word)


def main() -> None:
    vocab = _vocabulary()
    print(f"{len(SAME)} pairs to merge, {len(APART)} to keep apart, {len(vocab)} article words")
    print(f"{'candidate':32} {'recall':>7} {'separation':>11} {'classes':>8} {'ms/word':>8}")
    for name, key in _candidates().items():
        recall = sum(bool(key(a) & key(b)) for a, b in SAME) / len(SAME)
        apart = sum(not key(a) & key(b) for a, b in APART) / len(APART)
        started = time.perf_counter()
        classes = len({frozenset(key(w)) for w in vocab})
        ms = (time.perf_counter() - started) * 1000 / len(vocab)
        print(f"{name:32} {recall:7.2f} {apart:11.2f} {classes:8d} {ms:8.2f}")
        misses = [f"{a}/{b}" for a, b in SAME if not key(a) & key(b)]
        merged = [f"{a}/{b}" for a, b in APART if key(a) & key(b)]
        print(f"    not merged: {' '.join(misses) or '-'}")
        print(f"    merged wrongly: {' '.join(merged) or '-'}")


if __name__ == "__main__":
    main()
