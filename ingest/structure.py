"""The grammar of Chinese policy documents: header block, news lead, headings.

Plans number their parts 一、 / (一) / 1. / (1); laws use 第X章 / 第X节 /
第X条. Every paragraph is given the path of headings above it, because an
official asks about "三、重点任务 > (一)产业绿色转型行动 > 2.…", not about a
text window. Everything here keeps the document's own characters so that any
quote taken from a block is a verbatim substring of the file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

CN_DIGITS = "零〇一二三四五六七八九十百"
_CN_NUM = f"[{CN_DIGITS}]+"
_OPEN, _CLOSE = "[(（]", "[)）]"

# Rank of each numbering scheme: a smaller rank is a higher level.
# (rank, name, pattern for the marker at the start of a line)
_SCHEMES: list[tuple[int, str, re.Pattern[str]]] = [
    (0, "chapter", re.compile(rf"^第({_CN_NUM})章(?=[\s\u3000]|$)")),
    (1, "section", re.compile(rf"^第({_CN_NUM})节(?=[\s\u3000]|$)")),
    (2, "part", re.compile(rf"^({_CN_NUM})、")),
    (3, "item", re.compile(rf"^{_OPEN}({_CN_NUM}){_CLOSE}")),
    (4, "task", re.compile(r"^(\d{1,2})[.．、](?![\d.．])")),
    (5, "subtask", re.compile(rf"^{_OPEN}(\d{{1,2}}){_CLOSE}")),
    (6, "article", re.compile(rf"^第({_CN_NUM})条(?=[\s\u3000]|$)")),
]
ARTICLE_RANK = 6
_TERMINAL = tuple("。；;！!？?：:”\"）)")
_DATE = re.compile(r"^[(（]?(\d{4}年\d{1,2}月\d{1,2}日)[)）]?$")
_DOC_NO = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[［]\d{4}[〕\]］]\d+号|第[零〇一二三四五六七八九十百千\d]+号")
_SENTENCE_PUNCT = re.compile(r"[。，,；;：:！？!?]")
_DOC_TYPE = re.compile(r"(方案|意见|条例|办法|规划|通知|决定|规定|细则|纲要)$")
_TOC = re.compile(r"^目\s*录$")
_MD_PREFIX = re.compile(r"^(#{1,6}\s*|[*_]{2})")


def cn_to_int(s: str) -> int:
    """Chinese numeral (一 .. 九十九, 百) to int; digits pass through."""
    if s.isdigit():
        return int(s)
    values = {c: i for i, c in enumerate("零一二三四五六七八九")}
    values["〇"] = 0
    total, current = 0, 0
    for ch in s:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = values.get(ch, 0)
    return total + current


@dataclass(frozen=True)
class Heading:
    rank: int
    number: int
    label: str  # marker and title as written, e.g. "(一)产业绿色转型行动"
    line: int


@dataclass
class Block:
    """A paragraph (or a run of lines the PDF broke apart) with its place."""

    kind: str  # "lead" | "header" | "toc" | "preamble" | "heading" | "body"
    text: str
    line_start: int
    line_end: int
    path: tuple[Heading, ...] = ()
    heading: Heading | None = None  # set when the block opens with a heading

    @property
    def section(self) -> str:
        return " > ".join(h.label for h in self.path)


@dataclass(frozen=True)
class Field:
    value: str
    line: int
    quote: str  # verbatim text on that line that shows the value


@dataclass
class DocMeta:
    title: Field | None = None
    doc_no: Field | None = None
    issuer: Field | None = None
    date: Field | None = None


@dataclass
class ParsedDocument:
    source: str
    text: str
    meta: DocMeta
    blocks: list[Block] = field(default_factory=list)

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    @property
    def title(self) -> str:
        return self.meta.title.value if self.meta.title else self.source

    def headings(self) -> list[tuple[Heading, tuple[Heading, ...]]]:
        """Every heading with its ancestors, in document order."""
        seen: dict[int, tuple[Heading, tuple[Heading, ...]]] = {}
        for block in self.blocks:
            for i, h in enumerate(block.path):
                seen.setdefault(h.line, (h, block.path[:i]))
        return [seen[k] for k in sorted(seen)]


def _strip(line: str) -> str:
    return _MD_PREFIX.sub("", line.strip(" \t\u3000\ufeff"))


def match_heading(line: str) -> tuple[int, int, str] | None:
    """(rank, number, label) when the line opens with a heading marker.

    The label ends at the first full stop: "1.推动工业绿色低碳转型。积极…" is
    a task titled "1.推动工业绿色低碳转型" whose body follows on the line.
    """
    s = _strip(line)
    for rank, _name, pattern in _SCHEMES:
        m = pattern.match(s)
        if not m:
            continue
        if rank == ARTICLE_RANK:
            return rank, cn_to_int(m.group(1)), m.group(0)
        head = re.split(r"[。;；]", s, maxsplit=1)[0]
        if len(head) > 60 or (rank >= 4 and _SENTENCE_PUNCT.search(head)):
            return None  # a numbered sentence, not a title
        return rank, cn_to_int(m.group(1)), head.rstrip("：:")
    return None


_MARKER = re.compile(rf"^(第{_CN_NUM}[章节条]\s*|{_CN_NUM}、|{_OPEN}{_CN_NUM}{_CLOSE}|\d{{1,2}}[.．、]|{_OPEN}\d{{1,2}}{_CLOSE})")


def heading_title(label: str) -> str:
    """A heading's words without its number: "(一)产业绿色转型行动" -> "产业绿色转型行动"."""
    return _MARKER.sub("", label).strip()


def _is_title_like(s: str) -> bool:
    return 0 < len(s) <= 60 and not _SENTENCE_PUNCT.search(s)


def _is_issuer_like(s: str) -> bool:
    return _is_title_like(s) and "关于" not in s and not _DOC_TYPE.search(s)


def _header_meta(lines: list[str], end: int) -> tuple[DocMeta, int, int]:
    """Read title, 文号, issuer and date off the lines before the first heading.

    Returns the meta, the index of the first header line (long paragraphs
    above it are a republisher's news lead) and the index of the last header
    line (the title, or the date or 文号 printed under it).
    """
    meta = DocMeta()
    first = 0
    while first < end and len(_strip(lines[first])) > 60:
        first += 1
    if first == end:
        first = 0
    taken: set[int] = set()
    last = -1
    for i in range(first, end):
        s = _strip(lines[i])
        if not s:
            continue
        m_date, m_no = _DATE.match(s), _DOC_NO.search(s)
        if m_date and meta.date is None:
            meta.date = Field(m_date.group(1), i + 1, m_date.group(1))
            prev = next((j for j in range(i - 1, first - 1, -1) if _strip(lines[j])), None)
            if prev is not None and prev not in taken and _is_issuer_like(_strip(lines[prev])):
                meta.issuer = Field(_strip(lines[prev]), prev + 1, _strip(lines[prev]))
                if meta.title is not None and meta.title.line == prev + 1:
                    meta.title = None
                taken.add(prev)
            taken.add(i)
            last = i
        elif m_no and meta.doc_no is None and len(s) <= 40:
            meta.doc_no = Field(m_no.group(0), i + 1, m_no.group(0))
            taken.add(i)
            last = i
        elif _is_title_like(s) and not s.startswith(("(", "（")) and not s.endswith(("通知", "公告", "印发")):
            meta.title = Field(s, i + 1, s)
            last = i
    if meta.title is not None:
        last = max(last, meta.title.line - 1)
    if meta.issuer is None and meta.title is not None and "关于" in meta.title.value:
        who = meta.title.value.split("关于", 1)[0].strip()
        if who:
            meta.issuer = Field(who, meta.title.line, who)
    return meta, first, last


def parse(text: str, source: str) -> ParsedDocument:
    """Parse a whole document into blocks that know their heading path."""
    lines = text.split("\n")
    first_heading = next(
        (i for i, l in enumerate(lines) if match_heading(l) or _TOC.match(_strip(l))), len(lines)
    )
    meta, header_start, header_end = _header_meta(lines, first_heading)
    doc = ParsedDocument(source=source, text=text, meta=meta)

    stack: list[Heading] = []
    last_number: dict[int, int] = {}
    toc_first: str | None = None
    in_toc = False
    body_start = header_end + 1 if header_end >= 0 else header_start
    for i, raw in enumerate(lines):
        s = _strip(raw)
        if not s:
            continue
        n = i + 1
        if i < header_start:
            doc.blocks.append(Block("lead", s, n, n))
            continue
        if i < body_start:
            doc.blocks.append(Block("header", s, n, n))
            continue
        if _TOC.match(s):
            in_toc = True
            continue
        if in_toc:
            if toc_first is None:
                toc_first = s
            elif s != toc_first:
                continue
            else:
                in_toc = False
            if in_toc:
                continue
        found = match_heading(s)
        if found:
            rank, number, label = found
            prev = last_number.get(rank)
            if number == 1 or prev is None or number == prev + 1:
                last_number[rank] = number
                for deeper in [r for r in last_number if r > rank]:
                    del last_number[deeper]
                heading = Heading(rank, number, label, n)
                stack = [h for h in stack if h.rank < rank] + [heading]
                kind = "heading" if s == label or s.rstrip("。") == label else "body"
                doc.blocks.append(Block(kind, s, n, n, tuple(stack), heading))
                continue
        prev_block = doc.blocks[-1] if doc.blocks else None
        if (
            prev_block is not None
            and prev_block.kind in ("body", "preamble")
            and prev_block.line_end == n - 1
            and not prev_block.text.endswith(_TERMINAL)
        ):
            prev_block.text += "\n" + s  # a paragraph the PDF or an editor broke apart
            prev_block.line_end = n
            continue
        doc.blocks.append(Block("body" if stack else "preamble", s, n, n, tuple(stack)))
    return doc
