"""Numbered citations whose quotes are verbatim pieces of the source.

A quote is cut from the stored text of the document and checked against it
again before it is returned; a quote that is not found is dropped, never
repaired, so the user can never be shown a clause the plan does not contain.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import asdict, dataclass
from typing import Callable

from ingest.grammar.chunks import Chunk
from retrieval.search.library import DocView
from retrieval.questions.words import asked_for, covered

MAX_QUOTE = 240
_SENTENCE = re.compile(r"[^。；;\n]+[。；;]?")
_COUNTED = re.compile(r"(?:\d+|[两二三四五六七八九十]+)[种类个项条大](?![\d])")
_SLOTS = {
    "year": (re.compile(r"哪一?年|哪天|什么时候|何时|多久|日期|\bwhen\b|which year|what date", re.I),
             re.compile(r"\d{4}\s*年|年底|年前|年起|期间")),
    "place": (re.compile(r"在哪|哪儿|哪里|什么地方|哪些地方|\bwhere\b", re.I), re.compile(r"在|于|依托|选址|食堂|场所|区域|园区|街道|社区")),
    "to": (re.compile(r"发给|主送|印发给|addressed|sent to", re.I), re.compile(r"^\s*各|[:：]\s*$")),
    "name": (re.compile(r"叫什么|名字|名称|简称|称为|\bcalled\b|\bname\b", re.I), re.compile(r"“|《|简称|命名|名为|平台|实验室|中心")),
    # what must not be done (对地方定方案有啥忌讳): the sentence that forbids or warns, not the one that assigns
    "avoid": (re.compile(r"忌讳|避免|防止|杜绝|不允许|严禁|禁止|红线|\bavoid|\bprevent|must not|not allowed", re.I),
              re.compile(r"防止|避免|杜绝|严禁|禁止|不得|不搞|不抢跑|一刀切|遏制|严控|不再")),
    # items a sentence enumerates (源头化、精细化、智能化…): the sentence holding the run of 、
    "items": (re.compile(r"哪几|哪些|几个|几种|几类|几样|分别|\bwhich (types|kinds)\b|what (types|kinds)", re.I),
              re.compile(r"(?:[^、，。；,;]{1,15}、){2,}")),
}


@dataclass
class Citation:
    n: int
    source: str
    section: str
    quote: str
    line: int
    title: str = ""

    def to_json(self) -> dict[str, str | int]:
        d = asdict(self)
        d.pop("title")
        return d

    def reference(self) -> str:
        """The line under an answer; its "· 第N行" also lets a follow-up find the clause."""
        section = f" · {self.section}" if self.section else ""
        return f"[{self.n}] {self.source}{section} · 第{self.line}行"


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.findall(text) if s.strip()]


def _slot_bonus(sentence: str, terms: list[str], prefer: re.Pattern[str]) -> int:
    """3 for a sentence holding what is asked for; 4 for a year standing beside a question word ("2030年前碳达峰",
    not "到2025年，…为实现碳达峰奠定基础")."""
    slots = [m.start() for m in prefer.finditer(sentence)]
    if not slots or prefer is not _SLOTS["year"][1]:
        return 3 if slots else 0
    words = [i for t in terms for w in t.split("|") if w for i in [sentence.find(w)] if i >= 0]
    return 4 if any(abs(a - b) <= 8 for a in slots for b in words) else 3


_OWNERS_ONLY = re.compile(r"^\s*[（(][^（）()]{2,}[）)]\s*$")
_LABEL = re.compile(r"^\s*——[^，,。；;]{1,12}。$")


def _size(term: str) -> int:
    """A term's length as one word: 比例|比重|占比 is a two-character word said three ways, not eight characters."""
    return max(map(len, term.split("|")))


def best_sentences(text: str, terms: list[str], limit: int = 2, prefer: re.Pattern[str] | None = None) -> str:
    """The contiguous run of sentences that covers the most question terms (and holds `prefer`, when given)."""
    parts = sentences(text)
    if not parts:
        return text[:MAX_QUOTE]
    for i in range(len(parts) - 2, -1, -1):  # "——全国统筹。全国一盘棋，…实行党政同责": an item's label is read with its text
        if _LABEL.match(parts[i]) and parts[i] + parts[i + 1] in text:
            parts[i : i + 2] = [parts[i] + parts[i + 1]]
    # the question's words decide; what is asked for (a year, a place) only between sentences that hold them alike
    bare = [bool(_OWNERS_ONLY.match(s)) and len(parts) > 1 for s in parts]  # the owners' bracket answers nothing asked
    scores = [0 if b else 10 * sum(_size(t) for t in terms if covered(t, s)) + (_slot_bonus(s, terms, prefer) if prefer else 0)
              for s, b in zip(parts, bare)]
    at, starts = 0, []
    for part in parts:
        at = text.find(part, at)
        starts.append(at)
        at += len(part)

    def run_from(i: int) -> list[int]:
        run = [i]
        while len(run) < limit:  # a quote stays on one line of the file: a citation names one line
            j = run[-1] + 1
            if j < len(parts) and scores[j] > 0 and "\n" not in text[starts[run[-1]] : starts[j]] \
                    and not parts[j].lstrip().startswith("——") and len("".join(parts[k] for k in run + [j])) <= MAX_QUOTE:
                run.append(j)  # not into the next ——item: it says something else
            else:
                break
        return run

    def said(run: list[int]) -> int:
        """The question's words the run says together: "——内外畅通。…；…不断增强…我国…" over the sentence that
        names 内外畅通 among the principles."""
        joined = "".join(parts[k] for k in run)
        return -1 if bare[run[0]] else 10 * sum(_size(t) for t in terms if covered(t, joined)) + (
            max(_slot_bonus(parts[k], terms, prefer) for k in run) if prefer else 0)

    runs = [run_from(i) for i in range(len(parts))]
    run = max(runs, key=lambda r: (said(r), scores[r[0]], -r[0]))
    start = starts[run[0]]
    end = starts[run[-1]] + len(parts[run[-1]])
    return _trim(text[start:end].strip(), terms)


def _slot(question: str) -> re.Pattern[str] | None:
    """What a sentence that answers holds, for the first slot the question asks (a year, a place, a name…)."""
    return next((holds for ask, holds in _SLOTS.values() if ask.search(question)), None)


def slot_said(question: str, text: str, terms: list[str], weights: Callable[[str], float]) -> float:
    """How much of the question one sentence of `text` says together with what the question asks for (a year, a
    place): "南开区的碳排放要在哪年达峰?" is answered where 达峰 stands beside 2030年前, not where it stands alone."""
    slot = _slot(question)
    total = sum(weights(t) for t in terms)
    if slot is None or not total:
        return 0.0
    return max((sum(weights(t) for t in terms if covered(t, s)) / total for s in sentences(text) if slot.search(s)),
               default=0.0)


_LISTED = re.compile(r"[\u4e00-\u9fff]{1,6}(?:、[\u4e00-\u9fff]{1,6})+")


def slot_sentences(question: str, text: str, terms: list[str]) -> str:
    """The sentences that answer: those covering the question's words and holding what it asks for (a year, a place, a name).

    A count the question names ("9种主要再生资源是哪些") is a word the enumerating sentence holds."""
    terms = terms + _COUNTED.findall(question)
    slot = _slot(question)
    if slot is not None:  # as many sentences as the things the question lists (要创新、提升、升级的是哪几个产业)
        listed = max((m.group(0).count("、") + 1 for m in _LISTED.finditer(question)), default=0)
        return best_sentences(text, terms, limit=min(max(2, listed), 4), prefer=slot)
    word = asked_for(question)
    return best_sentences(text, terms, limit=3, prefer=re.compile(re.escape(word)) if word else None)


def owner_quote(chunk: Chunk, unit_text: str, terms: list[str] | tuple[str, ...] = ()) -> str:
    """The evidence of who owns it: from the sentence the question is about (else the last one) to the annotation."""
    if not chunk.annotation:
        return _trim(sentences(chunk.text)[0] if sentences(chunk.text) else chunk.text)
    end = unit_text.rfind(chunk.annotation)
    if end < 0:
        return chunk.annotation
    before = sentences(unit_text[:end])
    last = before[-1] if before else ""
    scores = [sum(_size(t) for t in terms if covered(t, x)) for x in before]
    if scores and max(scores) > 0:
        start = unit_text.find(before[scores.index(max(scores))])
        span = unit_text[start : end + len(chunk.annotation)]
        if 0 <= start and len(span) <= MAX_QUOTE:
            return span.strip()
    quote = last + chunk.annotation
    if len(quote) > MAX_QUOTE:
        tail = last[-(MAX_QUOTE - len(chunk.annotation)) :]
        cut = re.search(r"[,，、]", tail)
        quote = (tail[cut.end() :] if cut else tail) + chunk.annotation
    return quote.strip()


_SEPARATORS = "（(〔［【、，,；;：:）)〕］】"


def unit_quotes(chunk: Chunk, unit: str) -> list[str]:
    """The unit's name in the task's annotation with a mark beside it ("、国管局", "国管局、"): the evidence
    it is named on the task, in the order to try; the caller keeps the first that stays on one printed line."""
    annotation = chunk.annotation
    at = annotation.find(unit)
    if at < 0:
        return [annotation]
    end = at + len(unit)
    out = []
    if at > 0 and annotation[at - 1] in _SEPARATORS and len(unit) >= 3:
        out.append(annotation[at - 1 : end])
    out += [annotation[at : end + k] for k in range(0, 3) if len(unit) + k >= 4 and end + k <= len(annotation)]
    return out or [annotation]


def locate(quote: str, text: str) -> str | None:
    """The span of `text` that reads `quote` when whitespace is ignored (PDF text breaks "2025 年")."""
    if quote in text:
        return quote
    chars = [re.escape(ch) for ch in re.sub(r"\s+", "", quote)]
    if len(chars) < 2:
        return None
    m = re.search(r"\s*".join(chars), text)
    return m.group(0) if m else None


def _trim(quote: str, terms: list[str] = ()) -> str:
    """A quote longer than MAX_QUOTE, cut at clause ends to the run of clauses that holds the most question terms:
    a 300-character sentence that names its 总方针 near its end is quoted from there, not from its start."""
    if len(quote) <= MAX_QUOTE:
        return quote
    clauses = [c for c in re.split(r"(?<=[，,；;])", quote) if c]
    held = [sum(_size(t) for t in terms if covered(t, c)) for c in clauses]
    best, best_score = None, 0
    for i in (i for i in range(len(clauses)) if held[i]):  # the run starts where the question's words do
        j, length, score = i, 0, 0
        while j < len(clauses) and length + len(clauses[j]) <= MAX_QUOTE:
            length, score, j = length + len(clauses[j]), score + held[j], j + 1
        if j > i and score > best_score:
            best, best_score = "".join(clauses[i:j]).rstrip("，,；;"), score
    if best:
        return best
    cut = max(quote.rfind(p, 0, MAX_QUOTE) for p in "，,；;、")
    return quote[: cut if cut > 20 else MAX_QUOTE]


class CitationList:
    """Collects citations for one answer, numbering them and verifying every quote."""

    def __init__(self) -> None:
        self.items: list[Citation] = []

    def add(self, doc: DocView, quote: str, section: str, near_line: int, whole_lines: bool = True) -> Citation | None:
        """Cite `quote` (checked verbatim, whitespace aside); in a PDF widened to whole printed lines unless told not to."""
        found = locate(quote.strip(), doc.text) if len(quote.strip()) >= 2 else None
        if found is None and "\n" in quote:  # a clause that runs over a page mark: cite the part after it
            found = next((f for part in reversed(quote.split("\n")) if len(part.strip()) >= 4
                          for f in [locate(part.strip(), doc.text)] if f), None)
        if found is None:
            return None  # not verbatim: drop it rather than show an invented quote
        quote = _printed(doc, found, near_line) if whole_lines else found
        line = _line_of(doc, quote, near_line)
        for c in self.items:
            if c.source == doc.source and c.quote == quote and c.line == line:
                return c
        citation = Citation(len(self.items) + 1, doc.source, section, quote, line, doc.title)
        self.items.append(citation)
        return citation

    def add_chunk(self, doc: DocView, chunk: Chunk, quote: str, whole_lines: bool = True) -> Citation | None:
        return self.add(doc, quote, chunk.section, chunk.line_start, whole_lines)

    def add_short(self, doc: DocView, chunk: Chunk, quotes: list[str]) -> Citation | None:
        """The first of `quotes` that stands in the chunk on one printed line, cited as it is."""
        text = doc.unit_text(chunk.unit)
        base = doc.text.find(text)
        for quote in quotes:
            at = text.find(quote)
            if at >= 0 and (base < 0 or not doc.crosses_line(base + at, base + at + len(quote))):
                return self.add(doc, quote, chunk.section, chunk.line_start, whole_lines=False)
        return self.add(doc, quotes[-1], chunk.section, chunk.line_start, whole_lines=False)


def _printed(doc: DocView, quote: str, near: int) -> str:
    """A PDF quote widened to the whole printed lines it touches, as a reader of the page sees them."""
    if not doc.record.breaks:
        return quote
    starts = [m.start() for m in re.finditer(re.escape(quote), doc.text)]
    if not starts:
        return quote
    start = min(starts, key=lambda s: abs(bisect.bisect_right(doc.line_starts, s) - near))
    a, b = doc.printed_lines(start, start + len(quote))
    widened = doc.text[a:b].strip()
    return widened if len(widened) <= MAX_QUOTE + 160 else quote


def _line_of(doc: DocView, quote: str, near: int) -> int:
    """The line the quote starts on, preferring the one nearest the clause it was cut from."""
    lines = doc.lines
    head = quote.split("\n")[0]
    hits = [i + 1 for i, line in enumerate(lines) if head in line]
    if not hits:
        return near
    return min(hits, key=lambda n: abs(n - near))
