"""Numbered citations whose quotes are verbatim pieces of the source.

A quote is cut from the stored text of the document and checked against it
again before it is returned; a quote that is not found is dropped, never
repaired, so the user can never be shown a clause the plan does not contain.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from ingest.chunks import Chunk
from retrieval.library import DocView
from retrieval.words import covered

MAX_QUOTE = 240
_SENTENCE = re.compile(r"[^。；;\n]+[。；;]?")


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


def best_sentences(text: str, terms: list[str], limit: int = 2) -> str:
    """The contiguous run of sentences that covers the most question terms."""
    parts = sentences(text)
    if not parts:
        return text[:MAX_QUOTE]
    scores = [sum(len(t) for t in terms if covered(t, s)) for s in parts]
    best_i = max(range(len(parts)), key=lambda i: (scores[i], -i))
    run = [best_i]
    while len(run) < limit:
        j = run[-1] + 1
        if j < len(parts) and scores[j] > 0 and len("".join(parts[k] for k in run + [j])) <= MAX_QUOTE:
            run.append(j)
        else:
            break
    start = text.find(parts[run[0]])
    end = text.find(parts[run[-1]], start) + len(parts[run[-1]])
    return _trim(text[start:end].strip())


def owner_quote(chunk: Chunk, unit_text: str) -> str:
    """The sentence before the owner annotation, and the annotation: the evidence of who owns it."""
    if not chunk.annotation:
        return _trim(sentences(chunk.text)[0] if sentences(chunk.text) else chunk.text)
    end = unit_text.rfind(chunk.annotation)
    if end < 0:
        return chunk.annotation
    before = sentences(unit_text[:end])
    last = before[-1] if before else ""
    quote = last + chunk.annotation
    if len(quote) > MAX_QUOTE:
        tail = last[-(MAX_QUOTE - len(chunk.annotation)) :]
        cut = re.search(r"[,，、]", tail)
        quote = (tail[cut.end() :] if cut else tail) + chunk.annotation
    return quote.strip()


def _trim(quote: str) -> str:
    if len(quote) <= MAX_QUOTE:
        return quote
    cut = max(quote.rfind(p, 0, MAX_QUOTE) for p in "，,；;、")
    return quote[: cut if cut > 20 else MAX_QUOTE]


class CitationList:
    """Collects citations for one answer, numbering them and verifying every quote."""

    def __init__(self) -> None:
        self.items: list[Citation] = []

    def add(self, doc: DocView, quote: str, section: str, near_line: int) -> Citation | None:
        quote = quote.strip()
        if len(quote) < 2 or quote not in doc.text:
            return None  # not verbatim: drop it rather than show an invented quote
        for c in self.items:
            if c.source == doc.source and c.quote == quote:
                return c
        citation = Citation(len(self.items) + 1, doc.source, section, quote, _line_of(doc, quote, near_line), doc.title)
        self.items.append(citation)
        return citation

    def add_chunk(self, doc: DocView, chunk: Chunk, quote: str) -> Citation | None:
        return self.add(doc, quote, chunk.section, chunk.line_start)


def _line_of(doc: DocView, quote: str, near: int) -> int:
    """The line the quote starts on, preferring the one nearest the clause it was cut from."""
    lines = doc.lines
    head = quote.split("\n")[0]
    hits = [i + 1 for i, line in enumerate(lines) if head in line]
    if not hits:
        return near
    return min(hits, key=lambda n: abs(n - near))
