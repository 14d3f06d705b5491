"""Group parsed blocks into tasks and clauses, then into index-sized chunks.

A chunk is one task ("2.加速高端服务业发展。…(区商务局、…)") or one article
(第五条 and its paragraphs), so a retrieved chunk answers a question whole,
with its owners and targets attached. Only tasks longer than the embedding
model's window are split, at sentence ends, and every piece keeps the owners.
"""
from __future__ import annotations

import hashlib
import json
import re
import sys
from dataclasses import dataclass, field

from ingest.grammar.duties import Duty, annotations, convention, owner_line
from ingest.grammar.structure import ARTICLE_RANK, Block, Heading, ParsedDocument, heading_title
from ingest.grammar.tokens import add_words, tokens
from ingest.grammar.targets import Target, extract_targets
from ingest.grammar.timenodes import TimeNode, time_nodes

MAX_CHARS = 480  # about 350 tokens of me5's tokenizer: well inside its 512
_SENTENCE = re.compile(r"[^。；;]*[。；;]?")
MIN_SENTENCE = 4  # characters: shorter pieces ("(一)", a stray "。") say nothing on their own


@dataclass
class Unit:
    """One task or clause: consecutive blocks under one heading."""

    blocks: list[Block]
    duty: Duty | None = None

    @property
    def path(self) -> tuple[Heading, ...]:
        return self.blocks[-1].path

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)


@dataclass
class Chunk:
    id: str
    text: str
    source: str
    title: str
    section: str
    path: list[tuple[int, str]]  # (line, label) of every heading above
    line_start: int
    line_end: int
    kind: str  # "task" (has owners), "clause", "preamble", "notice"
    unit: str
    owners: tuple[str, ...] = ()
    leads: tuple[str, ...] = ()
    supporters: tuple[str, ...] = ()
    annotation: str = ""
    targets: list[Target] = field(default_factory=list)
    time_nodes: list[TimeNode] = field(default_factory=list)
    terms: tuple[str, ...] = ()  # its words for the keyword index, cut once at ingest

    @property
    def duty(self) -> Duty:
        return Duty(self.owners, self.leads, self.supporters, self.annotation)

    def metadata(self, doc_hash: str) -> dict[str, str | int]:
        return {
            "source": self.source,
            "title": self.title,
            "section": self.section,
            "path": json.dumps(self.path, ensure_ascii=False),
            "line_start": self.line_start,
            "line_end": self.line_end,
            "kind": self.kind,
            "unit": self.unit,
            "owners": json.dumps(list(self.owners), ensure_ascii=False),
            "leads": json.dumps(list(self.leads), ensure_ascii=False),
            "supporters": json.dumps(list(self.supporters), ensure_ascii=False),
            "annotation": self.annotation,
            "targets": json.dumps([t.__dict__ for t in self.targets], ensure_ascii=False),
            "time_nodes": json.dumps([n.as_dict() for n in self.time_nodes], ensure_ascii=False),
            "terms": " ".join(self.terms),
            "doc_hash": doc_hash,
        }

    @classmethod
    def from_record(cls, chunk_id: str, text: str, meta: dict) -> "Chunk":
        return cls(
            id=chunk_id,
            text=text,
            source=meta["source"],
            title=meta["title"],
            section=meta["section"],
            path=[tuple(p) for p in json.loads(meta["path"])],
            line_start=int(meta["line_start"]),
            line_end=int(meta["line_end"]),
            kind=meta["kind"],
            unit=meta["unit"],
            owners=tuple(json.loads(meta["owners"])),
            leads=tuple(json.loads(meta["leads"])),
            supporters=tuple(json.loads(meta["supporters"])),
            annotation=meta["annotation"],
            targets=[Target(**t) for t in json.loads(meta["targets"])],
            time_nodes=[TimeNode(**n) for n in json.loads(meta["time_nodes"])],
            terms=tuple(map(sys.intern, meta["terms"].split())),  # one copy of each word across the library
        )


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _piece(block: Block, start: int, end: int, first: bool) -> Block:
    """The part of a paragraph one measure takes, with the lines it spans."""
    text = block.text[start:end].strip()
    offset = start + (len(block.text[start:end]) - len(block.text[start:end].lstrip()))
    line = block.line_start + block.text.count("\n", 0, offset)
    return Block(block.kind, text, line, line + text.count("\n"), block.path, block.heading if first else None)


def units(doc: ParsedDocument) -> list[Unit]:
    """Tasks and clauses in document order; each owner annotation closes the measure before it.

    A paragraph with an annotation after each of its measures gives one task
    per measure; a labelled line of its own (责任单位：…) closes the task above it.
    """
    rule = convention(doc.text)
    out: list[Unit] = []
    current: Unit | None = None

    def add(block: Block, duty: Duty | None) -> None:
        nonlocal current
        joins = (
            current is not None
            and block.heading is None
            and current.duty is None
            and current.path == block.path
            and (block.kind != "preamble" or current.blocks[-1].kind == "preamble")
        )
        if joins and current is not None:
            current.blocks.append(block)
        else:
            current = Unit([block])
            out.append(current)
        if duty is not None:
            current.duty = duty

    for block in doc.blocks:
        if block.kind in ("lead", "toc", "header"):
            continue
        if block.kind == "heading":
            add(block, None)
            continue
        labelled = owner_line(block.text, rule)
        if labelled is not None and current is not None and current.duty is None and current.path == block.path:
            current.blocks.append(block)
            current.duty = labelled
            continue
        start = 0
        title_end = len(block.heading.label) if block.heading is not None else 0
        for k, found in enumerate(a for a in annotations(block.text, rule) if a.start >= title_end):
            add(_piece(block, start, found.measure_end, k == 0), found.duty)
            start = found.measure_end
        if block.text[start:].strip():
            add(_piece(block, start, len(block.text), start == 0), None)
    return [u for u in out if any(b.kind != "heading" for b in u.blocks) or _is_article(u)]


def _is_article(u: Unit) -> bool:
    return bool(u.path) and u.path[-1].rank == ARTICLE_RANK


def _pieces(unit: Unit, max_chars: int) -> list[list[tuple[int, str]]]:
    """Split a unit's lines at sentence ends into pieces of at most max_chars."""
    sentences: list[tuple[int, str]] = []
    for block in unit.blocks:
        for offset, line in enumerate(block.text.split("\n")):
            for s in _SENTENCE.findall(line):
                if s:
                    sentences.append((block.line_start + offset, s))
    pieces: list[list[tuple[int, str]]] = [[]]
    size = 0
    for line, s in sentences:
        if pieces[-1] and size + len(s) > max_chars:
            pieces.append([])
            size = 0
        pieces[-1].append((line, s))
        size += len(s)
    return pieces


def sentences(text: str) -> list[str]:
    """The pieces of a chunk the embedding model reads one by one.

    A question paraphrases one sentence of a task; the whole task's vector
    averages that sentence with five others and ranks it among the rest
    (a gold task first for 14 % of English questions by the whole line, 59 %
    by its best sentence). A chunk too short to split is its own sentence.
    """
    found = [s.strip() for line in text.split("\n") for s in _SENTENCE.findall(line) if len(s.strip()) >= MIN_SENTENCE]
    return found or [text]


def _join(piece: list[tuple[int, str]]) -> str:
    text, last = "", None
    for line, s in piece:
        text += ("\n" if last is not None and line != last else "") + s
        last = line
    return text


def chunk_document(doc: ParsedDocument, max_chars: int = MAX_CHARS) -> list[Chunk]:
    doc_hash = content_hash(doc.text)[:12]
    chunks: list[Chunk] = []
    notice = [b for b in doc.blocks if b.kind == "header"]
    if notice:
        chunks.append(
            Chunk(f"{doc_hash}:notice", "\n".join(b.text for b in notice), doc.source, doc.title, "", [],
                  notice[0].line_start, notice[-1].line_end, "notice", f"{doc_hash}:notice")
        )
    found = units(doc)
    # the plan's own units and headings stay whole words in its keyword index, as in questions
    add_words([u for unit in found if unit.duty for u in unit.duty.units] + [heading_title(h.label) for h, _ in doc.headings()])
    for n, unit in enumerate(found):
        unit_id = f"{doc_hash}:u{n:04d}"
        duty = unit.duty
        kind = "task" if duty else ("preamble" if not unit.path else "clause")
        all_targets = extract_targets(unit.text)
        for p, piece in enumerate(_pieces(unit, max_chars)):
            text = _join(piece)
            chunks.append(
                Chunk(
                    id=f"{unit_id}:{p}",
                    text=text,
                    source=doc.source,
                    title=doc.title,
                    section=" > ".join(h.label for h in unit.path),
                    path=[(h.line, h.label) for h in unit.path],
                    line_start=piece[0][0],
                    line_end=piece[-1][0],
                    kind=kind,
                    unit=unit_id,
                    owners=duty.units if duty else (),
                    leads=duty.leads if duty else (),
                    supporters=duty.supporters if duty else (),
                    annotation=duty.annotation if duty else "",
                    targets=[t for t in all_targets if t.text in text],
                    time_nodes=time_nodes(text),
                    terms=tokens(f"{' > '.join(h.label for h in unit.path)} {text}"),
                )
            )
    return chunks
