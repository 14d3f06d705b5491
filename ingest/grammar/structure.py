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

from ingest.grammar.header import DocMeta, is_noise, read_header, squeeze

# Bump when the grammar reads differently (headings, owners, targets): every document is read again on the next
# ingest, its vectors reused where its chunks' text is unchanged.
PARSER_VERSION = 5

CN_DIGITS = "零〇一二三四五六七八九十百"
_CN_NUM = f"[{CN_DIGITS}]+"
_OPEN, _CLOSE = "[(（]", "[)）]"

# Rank of each numbering scheme: a smaller rank is a higher level.
# (rank, name, pattern for the marker at the start of a line)
_SCHEMES: list[tuple[int, str, re.Pattern[str]]] = [
    (0, "chapter", re.compile(rf"^第({_CN_NUM})章(?![程节条])")),
    (1, "section", re.compile(rf"^第({_CN_NUM})节")),
    (2, "part", re.compile(rf"^({_CN_NUM})、")),
    (3, "item", re.compile(rf"^{_OPEN}({_CN_NUM}){_CLOSE}")),
    (4, "task", re.compile(r"^(\d{1,2})[.．、](?![\d.．])")),
    (5, "subtask", re.compile(rf"^{_OPEN}(\d{{1,2}}){_CLOSE}")),
    (6, "article", re.compile(rf"^第({_CN_NUM})条(?![例款件])")),
]
ARTICLE_RANK = 6
_TERMINAL = tuple("。；;！!？?：:”\"）)")
_SENTENCE_PUNCT = re.compile(r"[。，,；;：:！？!?]")
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
    original = _strip(line)
    s = squeeze(original)  # PDFs space out characters: "( 一) 指 导 思 想"
    for rank, _name, pattern in _SCHEMES:
        m = pattern.match(s)
        if not m:
            continue
        if rank == ARTICLE_RANK:
            return rank, cn_to_int(m.group(1)), _verbatim_prefix(original, m.group(0))
        head = re.split(r"[。;；]", s, maxsplit=1)[0]
        if len(head) > 60 or (rank >= 4 and _SENTENCE_PUNCT.search(head)):
            return None  # a numbered sentence, not a title
        return rank, cn_to_int(m.group(1)), _verbatim_prefix(original, head.rstrip("：:"))
    return None


def _verbatim_prefix(original: str, squeezed: str) -> str:
    """The start of the line as written that reads `squeezed` once spaces are ignored."""
    j = 0
    for i, ch in enumerate(original):
        if j < len(squeezed) and ch == squeezed[j]:
            j += 1
            if j == len(squeezed):
                return original[: i + 1]
        elif not ch.isspace():
            break
    return squeezed


_MARKER = re.compile(rf"^(第{_CN_NUM}[章节条]\s*|{_CN_NUM}、|{_OPEN}{_CN_NUM}{_CLOSE}|\d{{1,2}}[.．、]|{_OPEN}\d{{1,2}}{_CLOSE})")


def heading_title(label: str) -> str:
    """A heading's words without its number: "(一)产业绿色转型行动" -> "产业绿色转型行动"."""
    return _MARKER.sub("", label).strip()


def parse(text: str, source: str) -> ParsedDocument:
    """Parse a whole document into blocks that know their heading path."""
    lines = text.split("\n")
    first_heading = next(
        (i for i, l in enumerate(lines) if match_heading(l) or _TOC.match(_strip(l))), len(lines)
    )
    header = read_header(lines, first_heading)
    doc = ParsedDocument(source=source, text=text, meta=header.meta)

    stack: list[Heading] = []
    last_number: dict[int, int] = {}
    toc_first: str | None = None
    in_toc = False
    skipped: set[int] = set()  # page marks and the like, which a paragraph runs on over
    for i, raw in enumerate(lines):
        s = _strip(raw)
        if not s:
            continue
        if i in header.noise or is_noise(s):
            skipped.add(i + 1)
            continue
        n = i + 1
        if i < header.lead_end:
            doc.blocks.append(Block("lead", s, n, n))
            continue
        if i < header.header_end:
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
            and all(k in skipped for k in range(prev_block.line_end + 1, n))
            and not prev_block.text.endswith(_TERMINAL)
        ):
            prev_block.text += "\n" + s  # a paragraph the PDF or an editor broke apart
            prev_block.line_end = n
            continue
        doc.blocks.append(Block("body" if stack else "preamble", s, n, n, tuple(stack)))
    return doc
