"""The indexed documents held in memory for exact look-ups.

Owners, targets and outlines are answered from the complete set of chunks,
never from a top-k search, so "every task 区统计局 is named on" is complete.
The library is rebuilt from the index after every ingest.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property

from ingest.grammar.chunks import Chunk
from ingest.storage.index import DocumentRecord
from retrieval.questions.aliases import AliasTable


@dataclass
class OutlineNode:
    line: int
    label: str
    children: list["OutlineNode"] = field(default_factory=list)
    chunks: list[Chunk] = field(default_factory=list)  # clauses directly under this heading


@dataclass
class DocView:
    record: DocumentRecord
    text: str
    chunks: list[Chunk]

    @property
    def source(self) -> str:
        return self.record.source

    @property
    def title(self) -> str:
        return self.record.title

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    def printed_lines(self, start: int, end: int) -> tuple[int, int]:
        """The span [start, end) widened to whole printed lines of a PDF (text files: unchanged)."""
        if not self.record.breaks:
            return start, end
        bounds = self._bounds
        i = bisect.bisect_right(bounds, start) - 1
        j = bisect.bisect_left(bounds, end)
        return bounds[max(i, 0)], bounds[min(j, len(bounds) - 1)]

    def crosses_line(self, start: int, end: int) -> bool:
        """Whether [start, end) runs over the end of a printed line."""
        return any(start < b < end for b in self.record.breaks) or "\n" in self.text[start:end]

    @cached_property
    def line_starts(self) -> list[int]:
        """Where each line begins: a quote's line is found by bisection, not by reading the text again per answer."""
        return [0] + [m.end() for m in re.finditer("\n", self.text)]

    @cached_property
    def _bounds(self) -> list[int]:
        newlines = self.line_starts[1:]
        return sorted({0, len(self.text), *newlines, *(i - 1 for i in newlines), *self.record.breaks})

    def outline(self) -> list[OutlineNode]:
        """The document's own heading tree, rebuilt from the paths on its chunks."""
        nodes: dict[int, OutlineNode] = {}
        roots: list[OutlineNode] = []
        for chunk in self.chunks:
            parent = None
            for line, label in chunk.path:
                node = nodes.get(line)
                if node is None:
                    node = nodes[line] = OutlineNode(line, label)
                    (parent.children if parent else roots).append(node)
                parent = node
            if parent is not None and chunk.unit not in {c.unit for c in parent.chunks}:
                parent.chunks.append(chunk)
        return roots

    def tasks(self) -> list[Chunk]:
        """One chunk per task with owners (the first piece of a split task)."""
        return self._tasks

    @cached_property
    def _tasks(self) -> list[Chunk]:
        return [next(c for c in pieces if c.kind == "task") for pieces in self._units.values()
                if any(c.kind == "task" for c in pieces)]

    @cached_property
    def _units(self) -> dict[str, list[Chunk]]:
        """Each unit's chunks in order: every answer reads its clause's unit, and the library holds thousands."""
        units: dict[str, list[Chunk]] = {}
        for c in self.chunks:
            units.setdefault(c.unit, []).append(c)
        return units

    def task_label(self, task: Chunk) -> str:
        """A task's heading path; a measure that shares its heading with others also gets its first words."""
        siblings = [t for t in self.tasks() if t.section == task.section]
        if len(siblings) <= 1:
            return task.section
        first = self.unit_chunks(task.unit)[0].text
        heading = task.path[-1][1] if task.path else ""
        if heading and first.startswith(heading):
            first = first[len(heading):].lstrip("。.")
        return f"{task.section} > {first[:24]}…"

    def unit_text(self, unit: str) -> str:
        return "".join(c.text for c in self._units.get(unit, ()))

    def unit_chunks(self, unit: str) -> list[Chunk]:
        return list(self._units.get(unit, ()))

    def targets(self) -> list[tuple[Chunk, object]]:
        return self._targets

    @cached_property
    def _targets(self) -> list[tuple[Chunk, object]]:
        return [(c, t) for c in self.chunks for t in c.targets]


class Library:
    def __init__(self, records: list[DocumentRecord], texts: dict[str, str], chunks: list[Chunk]) -> None:
        self.docs: dict[str, DocView] = {}
        for record in records:
            mine = [c for c in chunks if c.source == record.source]
            self.docs[record.source] = DocView(record, texts.get(record.source, ""), mine)
        self.by_id = {c.id: c for c in chunks if c.source in self.docs}
        self.chunks = [c for c in chunks if c.source in self.docs]
        self.aliases = AliasTable({s: ([u for c in d.chunks for u in c.owners], d.record.place)
                                   for s, d in self.docs.items()})
        self._units = {s: {u for c in d.chunks for u in c.owners} for s, d in self.docs.items()}

    def units_in(self, sources: list[str]) -> set[str]:
        return set().union(*(self._units[s] for s in sources if s in self._units))
