"""What a question asks: its kind, the documents it is about, and what a follow-up refers to.

Officials ask a handful of kinds of question (owner, target, reverse, meta,
overview, general). The kind decides which exact look-up answers it, so it is
read off the question's wording by rule: these rules are the policy-question
grammar, and they are cheap, predictable and testable.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from retrieval.library import Library
from retrieval.words import content_terms

_META = {
    "doc_no": re.compile(r"文号|发文字号|字号|文件号|编号"),
    "date": re.compile(r"(哪天|哪一天|何时|什么时候|日期|时间|哪年|几月).{0,6}(印发|发布|出台|下发|通过|颁布|公布|施行|生效)|(印发|发布|出台|下发|颁布|通过)(的)?(日期|时间)"),
    "issuer": re.compile(r"(谁|哪个单位|哪个部门|哪个机关|什么机关|哪家).{0,4}(印发|发布|制定|出台|下发|颁布)|发文(单位|机关)|印发(单位|机关)|制定(单位|机关)"),
    "title": re.compile(r"(标题|名称|全称|题目)(是什么|叫什么)|叫什么名字"),
}
_OVERVIEW = re.compile(
    r"(有哪些|包括哪些|包含哪些|分为哪|分哪|哪几|哪[一二三四五六七八九十]个|几大|几个方面|哪些方面|主要内容|框架|结构|目录|大纲|概况|讲了什么|说了什么|讲了哪些|什么内容|哪些内容|哪些部分|几部分|概要|导读)"
)
_OVERVIEW_SCOPE = re.compile(r"(方案|文件|条例|意见|重点任务|主要任务|行动|部分|章|内容|措施|保障|要求|原则|目标)")
_OWNER = re.compile(
    r"谁|哪些部门|哪个部门|哪些单位|哪个单位|什么部门|什么单位|哪家|哪几个部门|哪几家|责任单位|责任部门|负责部门|负责单位"
    r"|牵头|主管|归.{0,8}管|由.{0,12}负责|负责的?部门|由哪|哪.{0,3}负责"
)
_REVERSE = re.compile(r"(负责|承担|参与|牵头|涉及|分管|名下|管|有|干)(了)?(哪些|什么|几项|多少项|哪几项)|(的|哪些)(任务|工作|职责|事项)|职责是什么|要做什么|要干什么")
_QUANTITY = re.compile(r"多少|比例|比重|百分之|达到|率|多大|什么水平")
_TARGET = re.compile(r"多少|几个|几家|几项|几座|比例|比重|目标|指标|百分之|达到|要求.{0,4}多|多大|什么水平|率")
_YEAR = re.compile(r"(20\d\d)年?|“?(十[一二三四五六七八九]五)”?")
_FOLLOW = re.compile(r"^(那|那么|那要是|还有|另外|再问)|呢[?？]?$|这项|该项|此项|这个任务|这些任务|上述|上面|刚才|这一项|它的|其中|这方面|同一")
_CITED = re.compile(r"\[(\d+)\]\s*(\S+?\.(?:txt|md|docx|pdf|html?))\s*·.*?第(\d+)行")


@dataclass
class Question:
    text: str  # as asked
    resolved: str  # standalone, with what a follow-up leaves out filled in
    kind: str
    sources: list[str]
    year: str | None = None
    meta_field: str | None = None
    unit_aliases: list[tuple[str, list[str]]] = field(default_factory=list)
    unknown_units: list[str] = field(default_factory=list)
    anchor: tuple[str, int] | None = None  # (source, line) of the clause a follow-up refers to
    search_text: str = ""  # the resolved question without the document's name, for retrieval


def year_of(text: str) -> str | None:
    m = _YEAR.search(text)
    if not m:
        return None
    return m.group(1) or m.group(2)


def classify(text: str, library: Library, sources: list[str]) -> tuple[str, str | None, list[tuple[str, list[str]]]]:
    """(kind, meta field, unit aliases named) for a standalone question."""
    units = library.aliases.find(text)
    in_scope = library.units_in(sources)
    units = [(a, [u for u in us if u in in_scope] or us) for a, us in units]
    for name, pattern in _META.items():
        if pattern.search(text):
            return "meta", name, units
    if units and _REVERSE.search(text) and not _OWNER.search(text.replace(units[0][0], "")):
        return "reverse", None, units
    if _OWNER.search(text):
        return "owner", None, units
    if _OVERVIEW.search(text) and _OVERVIEW_SCOPE.search(text) and not _QUANTITY.search(text.replace("目标", "")):
        return "overview", None, units
    if _TARGET.search(text) or year_of(text):
        return "target", None, units
    return "general", None, units


def choose_sources(text: str, library: Library, primary: str, allowed: list[str] | None = None) -> list[str]:
    """The document a question names; else the documents the user chose; else the primary document."""
    pool = [s for s in (allowed or list(library.docs)) if s in library.docs]
    named = []
    for source in pool:
        title = library.docs[source].title
        keys = _title_keys(title)
        if any(k in text for k in keys):
            named.append(source)
    if len(named) > 1:
        # prefer the documents whose distinctive keys are named, e.g. 条例 over 天津
        best = max(sum(len(k) for k in _title_keys(library.docs[s].title) if k in text) for s in named)
        named = [s for s in named if sum(len(k) for k in _title_keys(library.docs[s].title) if k in text) == best]
    if named:
        return named
    if allowed is None and primary in pool:
        return [primary]
    return pool


def _title_keys(title: str) -> list[str]:
    """Ways a question names a document: its title, place, and kind."""
    keys = [title]
    place = re.match(r"^(.{2,8}?)(省|市|区|县)", title)
    if place:
        keys.append(place.group(1))
        keys.append(place.group(0))
    if re.search(r"条例$", title):
        keys += ["条例", "促进条例"]
    if title.startswith("中共中央"):
        keys += ["中共中央", "中央", "意见", "党中央"]
    if re.search(r"^\d{4}年前|国务院|全国|国家", title) or title.startswith("2030"):
        keys += ["国务院", "国家", "全国", "行动方案", "2030年前碳达峰行动方案"]
    return [k for k in keys if k]


def _previous_anchor(history: list[tuple[str, str]]) -> tuple[str, int] | None:
    for _, answer in reversed(history):
        m = _CITED.search(answer or "")
        if m:
            return m.group(2), int(m.group(3))
    return None


def is_follow_up(text: str, library: Library) -> bool:
    stripped = re.sub(r"[\s?？!！。,，]", "", text)
    terms = [t for t in content_terms(text) if not library.aliases.find(t)]
    return bool(_FOLLOW.search(stripped)) or len(stripped) <= 6 or not terms


def analyse(
    text: str,
    history: list[tuple[str, str]],
    library: Library,
    primary: str,
    allowed: list[str] | None = None,
) -> Question:
    """Read the question; a follow-up borrows the topic, kind, year and clause of the turn before."""
    text = text.strip()
    previous = None
    for q, _a in history:
        previous = analyse(q, [], library, primary, allowed) if previous is None else _merge(
            analyse(q, [], library, primary, allowed), previous, library
        )
    current = Question(text, text, "general", choose_sources(text, library, primary, allowed))
    current.kind, current.meta_field, current.unit_aliases = classify(text, library, current.sources)
    current.year = year_of(text)
    current.unknown_units = library.aliases.unknown_units(text)
    if previous is not None and is_follow_up(text, library):
        current = _merge(current, previous, library)
        current.anchor = _previous_anchor(history)
    current.search_text = strip_doc_names(current.resolved, [library.docs[s].title for s in current.sources])
    return current


def strip_doc_names(text: str, titles: list[str]) -> str:
    """Drop the words that only say which document is meant; they match every clause in it."""
    keys = sorted({k for t in titles for k in _title_keys(t)}, key=len, reverse=True)
    for k in keys:
        text = text.replace(k, " ")
    return re.sub(r"^\s*(中|里|的)", "", text).strip() or text


def _merge(current: Question, previous: Question, library: Library) -> Question:
    """Fill a follow-up from the previous question: same topic, its own kind and year if it says them."""
    if not is_follow_up(current.text, library):
        return current
    own_kind = current.kind if current.kind not in ("general",) else None
    if current.kind == "target" and not _TARGET.search(current.text) and previous.kind != "target":
        own_kind = previous.kind
    kind = own_kind or previous.kind
    year = current.year or (previous.year if kind == "target" else None)
    resolved = previous.resolved
    if current.year and previous.year:
        resolved = resolved.replace(previous.year, current.year)
    elif current.year:
        resolved = f"{current.year}年 {resolved}"
    if kind != previous.kind:
        resolved = f"{resolved} {current.text}"
    sources = current.sources if any(k in current.text for s in current.sources for k in _title_keys(library.docs[s].title)) else previous.sources
    return Question(
        text=current.text,
        resolved=resolved,
        kind=kind,
        sources=sources,
        year=year,
        meta_field=current.meta_field or previous.meta_field,
        unit_aliases=current.unit_aliases or previous.unit_aliases,
        unknown_units=current.unknown_units,
    )
