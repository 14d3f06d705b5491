"""What a question asks: its kind, the documents it is about, and what a follow-up refers to.

The kind is read off the wording by the table in kinds.py; the documents by
scope.py. A follow-up ("那2030年呢?", "这项工作由哪些部门负责?") takes the
topic, documents, year and clause of the turn before, which the app and the
API keep as data (`Turn`); the batch contract passes history as text, so the
turn before can also be rebuilt from it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cached_property

from ingest.grammar.structure import cn_to_int
from retrieval.questions.colloquial import plan_words, with_plan_words
from retrieval.questions.english import in_plans_words, is_english, to_chinese_terms
from retrieval.questions.lexicon import Lexicon
from retrieval.questions.kinds import Kind, Reading, classify, meta_field
from retrieval.search.library import Library
from retrieval.answers.phrases import offers_nearest
from retrieval.questions.scope import Scope, Scoper
from retrieval.questions.words import Presence, content_terms, known_words

# a year as written (2025年), as a five-year plan (“十四五”), or as said in a meeting (25年要多少: 2025; not 用30年时间)
_YEAR = re.compile(r"(20\d\d)\s*年?|“?(十[一二三四五六七八九]五)”?|(?<![\d.用近十几多后])(2[1-9]|3[0-5])年(?=[要前底的达实该得,，?？])")
_BEFORE_BASELINE = re.compile(r"(比|较|以|相比|相较于?|对比)$")
_AFTER_BASELINE = re.compile(r"(为基|的?基础上|为基准|水平上|相比|相较|比较)")
# an English question quotes in single quotes too ('1+4+7'), but an apostrophe (Shanghai's plan) opens nothing
_QUOTED = re.compile(r"[“「『\"]([^“”「」『』\"]{2,30})[”」』\"]|(?<![A-Za-z])'([^'\n]{2,30})'(?![A-Za-z])")
MAX_QUOTED = 3
_SPAN = re.compile(r"\s*(至|到|-|—|－|~)\s*$")
# words that point back at the clause before ("这一条落到哪几个部门?"): no topic of their own
_POINTS_BACK = r"(?<!其)它(?!们)|这一?项|该项|此项|这个任务|这些任务|上述|上面|刚才|其中|这方面|这一?条|该条|此条|这件事"
_POINTS_BACK_EN = re.compile(r"\b(that|this|the same) (section|clause|task|item|article|part|measure|action|paragraph)\b", re.I)
# a question that opens on its verb (要在哪一年基本建成?) has left its subject in the turn before
_FOLLOW = re.compile(r"^(那|那么|那要是|还有|另外|再问|(?:还)?要(?![求是])|得|需要|应该|应当|该(?![方项条文意规办]))|呢[?？]?$|同一|" + _POINTS_BACK
                     + r"|这个方案|该方案|这份文件|这个文件|这份方案|这个意见|这个条例|本方案")
_FOLLOW_EN = re.compile(r"^(and|what about|how about|then)\b|\b(it|this|that|these|those|the same)\b", re.I)
# Abbreviations officials type (国企; and Latin ones, GDP, through the field glossary), in the words the plans print.
_ABBREVIATIONS = {"国企": "国有企业", "央企": "中央企业", "民企": "民营企业"}
_ABBREVIATION = re.compile(r"(?<![中居])(" + "|".join(map(re.escape, _ABBREVIATIONS)) + ")")
_LATIN_WORD = re.compile(r"(?<![A-Za-z])[A-Za-z][A-Za-z0-9₂]*")


def in_plans_text(text: str) -> str:
    """A Chinese question with its abbreviations (国企, GDP, CO2) as the plans print them."""
    text = _ABBREVIATION.sub(lambda m: _ABBREVIATIONS[m.group(0)], text)
    return _LATIN_WORD.sub(lambda m: in_plans_words(m.group(0)).split("|")[0], text)


_CITED = re.compile(r"\[(\d+)\]\s*(\S+?\.(?:txt|md|docx|pdf|html?))\s*·.*?第(\d+)行\s*\n>\s*([^\n]*)")
_ITEM_CITED = re.compile(r"^\d+\.\s.*?\[(\d+)\]", re.M)  # "2. **2.组织开展…试点创建** [2]": a list answer's item
# "第二个试点…", "其中第三项…": one item of the list the answer before gave
_ORDINAL = re.compile(r"^(?:其中|那|还有|再看)?第([一二三四五六七八九十]{1,2}|\d{1,2})(?:个|项|条|点|种|类|家|节|章|块|部分|方面)")
_EN_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]
_ORDINAL_EN = re.compile(r"\b(" + "|".join(_EN_ORDINALS) + r")\s+(one|item|section|part|task|action|measure|principle|point"
                         r"|chapter|pilot|area)s?\b", re.I)


@dataclass
class Turn:
    """A resolved question, kept as data for the follow-up after it."""

    resolved: str
    kind: Kind
    sources: list[str]
    named: bool
    year: str | None = None
    anchor: tuple[str, int, str] | None = None  # (source, line, quote) of the clause the answer cited first
    units: list[tuple[str, list[str]]] = field(default_factory=list)
    items: list[tuple[str, int, str]] = field(default_factory=list)  # a list answer's items, each as an anchor


@dataclass
class Question:
    text: str  # as asked
    resolved: str  # standalone, with what a follow-up leaves out filled in (Chinese terms for English)
    kind: Kind
    scope: Scope
    also: tuple[Kind, ...] = ()
    english: bool = False
    year: str | None = None
    meta_field: str | None = None
    years: tuple[str, ...] = ()  # every year asked, when it asks several (2025年和2030年分别…): the first is `year`
    unit_aliases: list[tuple[str, list[str]]] = field(default_factory=list)
    unknown_units: list[str] = field(default_factory=list)
    anchor: tuple[str, int, str] | None = None
    search_text: str = ""  # the resolved question without the document's name, for keyword retrieval
    dense_text: str = ""  # what the embedding model reads (the English itself for English questions)
    concepts: list[str] = field(default_factory=list)  # an English question's terms, alternatives joined by "|"
    glossed: list[str] = field(default_factory=list)  # of those, the ones the field glossary gave (english.Translation)
    titling: list[str] = field(default_factory=list)  # of those, the ones said in naming a document (english.Translation)
    items: list[tuple[str, int, str]] = field(default_factory=list)  # the list an ordinal follow-up picked from, kept for
    # the next ordinal ("第三条呢?" after "第二条由谁负责?")
    within: bool = False  # asked of the anchored clause itself ("这一条对碳价是怎么说的?"), not of the library
    quoted: tuple[str, ...] = ()  # words quoted from the text ("那个“8%”说的是哪项指标"): the clause holding them is asked about

    @property
    def sources(self) -> list[str]:
        return self.scope.sources

    def reading(self) -> Reading:
        return Reading(self.text, bool(self.unit_aliases or self.unknown_units), self.english)

    def turn(self, anchor: tuple[str, int, str] | None, items: list[tuple[str, int, str]] | None = None) -> Turn:
        """This question as the turn before the next one; a follow-up stays with the document that answered."""
        anchor = anchor or self.anchor
        sources, named = ([anchor[0]], True) if anchor else (self.scope.sources, self.scope.named)
        return Turn(self.resolved, self.kind, sources, named, self.year, anchor, self.unit_aliases, items or self.items)


def years_of(text: str) -> list[str]:
    """The years asked, in order; not a baseline (以2020年为基数, 比2020年, 在2020年基础上), which every later
    figure is measured by, and not the far end of a span (2021年至2025年 asks one period)."""
    years: list[str] = []
    last = None
    for m in _YEAR.finditer(text):
        if _is_baseline(text, m):
            continue
        if last is not None and _SPAN.match(text[last.end() : m.start()]):
            continue
        year = m.group(1) or m.group(2) or "20" + m.group(3)
        if year not in years:
            years.append(year)
        last = m
    return years


_BASE_EN = re.compile(r"(?:compared (?:with|to)|relative to|against|over|from) (20\d\d)(?: levels?)?|(20\d\d) (?:as the |as a )?(?:base|baseline)",
                      re.I)


def _is_baseline(text: str, m: re.Match[str]) -> bool:
    return bool(_BEFORE_BASELINE.search(text[: m.start()]) or _AFTER_BASELINE.match(text[m.end():]))


def baselines_of(text: str) -> list[str]:
    """The base years a figure is measured against (以2005年为基年, 比2020年, compared with 2005)."""
    found = [m.group(1) for m in _YEAR.finditer(text) if m.group(1) and _is_baseline(text, m)]
    found += [m.group(1) or m.group(2) for m in _BASE_EN.finditer(text)]
    return list(dict.fromkeys(found))


def year_of(text: str) -> str | None:
    """The (first) year asked."""
    years = years_of(text)
    return years[0] if years else None


def is_follow_up(text: str, library: Library) -> bool:
    if is_english(text):  # "What is the 2025 target?" names no topic of its own
        return bool(_FOLLOW_EN.search(text)) or len(text.split()) <= 4 or not to_chinese_terms(text).concepts
    stripped = re.sub(r"[\s?？!！。,，]", "", text)
    terms = [t for t in content_terms(text) if not library.aliases.find(t)]
    return bool(_FOLLOW.search(stripped)) or len(stripped) <= 6 or not terms


class Reader:
    """Reads questions against one library (its documents, units and places)."""

    def __init__(self, library: Library, primary: str) -> None:
        self.library = library
        self.primary = primary
        self.scoper = Scoper(library)
        self.lexicon = Lexicon(self._uses)

    @cached_property
    def _documents(self) -> Presence:
        """The documents' texts, read once on the first English question: it looks up dozens of words in them."""
        return Presence([d.text for d in self.library.docs.values()])

    def _uses(self, word: str) -> int:
        return self._documents.occurrences(word)

    def standalone(self, text: str, allowed: list[str] | None) -> Question:
        english = is_english(text)
        translation = to_chinese_terms(text, self.lexicon) if english else None
        chinese = translation.text if translation else in_plans_text(text)
        named = translation.naming if translation else chinese  # not a dictionary's guess: official -> 街道办事处
        scope = self.scoper.scope(named, self.primary, allowed, asked=text)
        units = self.library.aliases.find(named, scope.sources)
        unknown = self.library.aliases.unknown_units(named)
        kind, also = classify(Reading(text, bool(units or unknown), english))
        if kind is Kind.BASIS:  # "…是根据国务院哪个文件制定的": the plan asked about is named before 根据, not after
            scope = self.scoper.scope(re.split(r"根据|依据|按照|based on|under which", chinese)[0], self.primary, allowed, asked=text)
        years = years_of(strip_doc_names(re.sub(r"《[^》]*》", " ", chinese), self._titles(scope), []))  # not 2030 of 《2030年前…方案》
        q = Question(text, chinese, kind, scope, also, english, years[0] if years else None, meta_field(text), tuple(years),
                     units, unknown, concepts=translation.concepts if translation else [],
                     glossed=translation.glossed if translation else [], titling=translation.titling if translation else [],
                     quoted=self._quoted(text, scope))
        return self._finish(q)

    def _quoted(self, text: str, scope: Scope) -> tuple[str, ...]:
        """The question's quotations that stand verbatim in its documents, at most MAX_QUOTED times: a pointer to a
        clause. A phrase the text repeats everywhere (“十四五”) points nowhere, and a word of two (“双碳”, “真”) is a
        topic, not a quotation; a figure (“8%”) is one."""
        docs = [self.library.docs[s].text for s in scope.sources]
        quotes = (a or b for a, b in _QUOTED.findall(text))
        return tuple(quote for quote in quotes if (len(quote) >= 3 or re.search(r"\d", quote))
                     and 0 < sum(d.count(quote) for d in docs) <= MAX_QUOTED and not _YEAR.fullmatch(quote))

    def _titles(self, scope: Scope) -> list[str]:
        """The titles of the documents a question names: words that say which document, not what is asked."""
        return [self.library.docs[s].title for s in scope.sources] if scope.named else []

    def _finish(self, q: Question) -> Question:
        q.search_text = strip_doc_names(q.resolved, self._titles(q.scope), q.scope.places)
        q.dense_text = q.text if q.english else q.search_text
        if not q.english:  # 老掉牙的电机要换掉: the plans' 老旧 and 淘汰 are searched and counted too
            everyday = plan_words(q.search_text)
            q.concepts = with_plan_words(content_terms(q.search_text), q.search_text) if everyday else []
            q.search_text += "".join(f" {w}" for _, formal in everyday for w in formal if w not in q.search_text)
        return q

    def analyse(self, text: str, history: list[tuple[str, str]], allowed: list[str] | None = None,
                previous: Turn | None = None, follow: bool = False) -> Question:
        """Read the question; a follow-up borrows the topic, kind, year and clause of the turn before. With `follow`,
        a question read alone that nothing answered is read once more as going on from the turn before, its words
        added to that topic ("情节严重的，最重会怎样?" after who fines the seller); not its clause: the evidence
        has to find one."""
        text = text.strip()
        if previous is None and history:
            previous = self._rebuild(history, allowed)
        current = self.standalone(text, allowed)
        item = _nth(text, previous.items) if previous is not None else None
        if item is not None:  # "第二个试点由哪些部门负责?" after a list: that item's clause, asked in this kind
            # 第三项呢? asks as the turn before did; 第二条里要联合哪两所大学建实验室? asks its own thing of that item
            bare = not content_terms(_ORDINAL.sub("", text.strip()))
            asked = previous.kind if current.kind is Kind.GENERAL and bare and previous.kind not in (Kind.LIST, Kind.REVERSE) \
                else current.kind
            current = self._finish(replace(current, resolved=f"{item[2]} {current.resolved}", anchor=item, kind=asked,
                                           scope=Scope([item[0]], True), items=previous.items))
        elif previous is not None and follow:
            current = self._finish(replace(current, resolved=f"{previous.resolved} {current.resolved}", year=current.year or previous.year,
                                           scope=current.scope.after(Scope(previous.sources, previous.named))))
        elif previous is not None and is_follow_up(text, self.library):
            current = self._merge(current, previous)
        return current

    def _rebuild(self, history: list[tuple[str, str]], allowed: list[str] | None) -> Turn | None:
        """The turn before, from the conversation as text: its questions re-read, its answer's first citation."""
        turn: Turn | None = None
        for q, a in history:
            question = self.analyse(q, [], allowed, turn)
            cited = {} if offers_nearest(a or "") else {
                m.group(1): (m.group(2), int(m.group(3)), m.group(4).strip()) for m in _CITED.finditer(a or "")}
            first = next(iter(cited.values()), None)
            turn = question.turn(first, [cited[n] for n in _ITEM_CITED.findall(a or "") if n in cited])
        return turn

    def _merge(self, current: Question, previous: Turn) -> Question:
        """Fill a follow-up from the turn before: same topic, its own kind and year if it says them."""
        own_kind = current.kind if current.kind is not Kind.GENERAL else None
        if current.kind is Kind.TARGET and not _ASKS_FIGURE.search(current.text) and previous.kind is not Kind.TARGET \
                and not (previous.kind is Kind.OWNER and current.year):  # owners hold every year: "And for 2035?" asks a figure
            own_kind = previous.kind
        kind = own_kind or previous.kind
        year = current.year or (previous.year if kind is Kind.TARGET else None)
        own_topic = [t for t in content_terms(re.sub(r"20\d\d年?|“?十[一二三四五六七八九]五”?|" + _POINTS_BACK, "", current.resolved))
                     if not self.library.aliases.find(t) and t in known_words()  # not 那到 of 那到2030年呢
                     and not any(t in place for place in current.scope.places)]  # 上海方案里呢: another document, no topic
        scope = current.scope.after(Scope(previous.sources, previous.named))
        contrast = len(own_topic) == 1 and bool(_CONTRAST.search(current.text))
        swapped = _swapped(previous.resolved, own_topic[0]) if contrast else None
        if swapped is not None:  # "那滥伐呢?" after 盗伐林木…几倍: the same question of its sibling
            return self._finish(replace(current, resolved=swapped, kind=kind, scope=scope, year=year or previous.year))
        said_there = [t for t in content_terms(re.sub(_POINTS_BACK, "", current.resolved)) if previous.anchor
                      and not self.library.aliases.find(t) and t in self.library.docs[previous.anchor[0]].text]
        if said_there and (re.search(_POINTS_BACK, current.text) or _POINTS_BACK_EN.search(current.text)) \
                and current.kind is Kind.GENERAL:
            # "这一条对碳价是怎么说的?": its own topic, asked of the clause before
            return self._finish(replace(current, scope=scope, year=year, anchor=previous.anchor, within=True))
        if len(own_topic) >= 2:  # "那京津冀的煤炭消费量呢?" brings its own topic; only the document carries over,
            # and the clause before when it says that topic (要在哪一年基本建成? after “无废城市”…)
            quoted = previous.anchor[2] if previous.anchor and len(previous.anchor) > 2 else ""
            anchor = previous.anchor if quoted and all(t in quoted for t in own_topic) else None
            return self._finish(replace(current, kind=kind, scope=scope, year=year, anchor=anchor))
        if contrast:  # "碳排放呢?" after 公共机构能耗…: no sibling word to swap, so the question before frames it
            return self._finish(replace(current, resolved=f"{previous.resolved} {current.resolved}", kind=kind, scope=scope,
                                        year=year or previous.year))
        resolved = previous.resolved
        if current.year and previous.year:
            resolved = resolved.replace(previous.year, current.year)
        elif current.year:
            resolved = f"{current.year}年 {resolved}"
        if kind is not previous.kind:
            resolved = f"{resolved} {current.resolved}"
        merged = replace(current, resolved=resolved, kind=kind, also=current.also, scope=scope, year=year, concepts=[], glossed=[],
                         titling=[],
                         unit_aliases=current.unit_aliases or previous.units, anchor=previous.anchor)
        return self._finish(merged)


def _nth(text: str, items: list[tuple[str, int, str]]) -> tuple[str, int, str] | None:
    """The item of the list before that an ordinal follow-up names ("第一个呢?" after "第三个由谁负责?" asks the
    same of it), if the list has that many."""
    m = _ORDINAL.match(text.strip())
    english = _ORDINAL_EN.search(text) if m is None else None
    n = cn_to_int(m.group(1)) if m else _EN_ORDINALS.index(english.group(1).lower()) + 1 if english else 0
    return items[n - 1] if 0 < n <= len(items) else None


_CONTRAST = re.compile(r"呢[?？]?$|^(what|how) about\b", re.I)  # 那滥伐呢? asks the same of another thing


def _swapped(previous: str, word: str) -> str | None:
    """The previous question with its word that shares a character with the follow-up's one word replaced by it."""
    rivals = [t for t in content_terms(previous) if t != word and set(t) & set(word) and t in previous]
    if not rivals:
        return None
    rival = max(rivals, key=lambda t: (len(set(t) & set(word)), len(t)))
    # the part of it that stands where the new word would: 盗伐 of 盗伐林木 for 滥伐
    spans = [rival[i : i + len(word)] for i in range(max(1, len(rival) - len(word) + 1))]
    part = max(spans, key=lambda p: sum(a == b for a, b in zip(p, word)))
    return previous.replace(part, word, 1)


# what a follow-up says to ask a figure itself, not the owners of the task before ("what … share", "any figure there?")
_ASKS_FIGURE = re.compile(r"多少|比例|目标|指标|达到|效果|程度|水平|数|how (much|many)"
                          r"|\b(share|percentage|proportion|target|ratio|rate|figures?)\b", re.I)


def strip_doc_names(text: str, titles: list[str], places: list[str]) -> str:
    """Drop the words that only say which document is meant; they match every clause in it."""
    for k in sorted({*titles, *places, *(re.sub(r"(省|市|区|县)$", "", p) for p in places)}, key=len, reverse=True):
        if len(k) >= 2:
            text = text.replace(k, " ")
    particle = re.match(r"^\s+(中|里|的)", text)  # what stood after a name removed ("方案中…"), not 中水 or 中心城区
    if particle and text[particle.end(1) - 1 : particle.end(1) + 1] not in known_words():
        text = text[particle.end():]
    return text.strip() or text
