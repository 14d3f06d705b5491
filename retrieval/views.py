"""The tables officials keep beside the chat: who owns what, targets by year, the outline.

Plain data built from the library's complete records, so the UI, an export
and a test all see the same rows.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from ingest.chunks import Chunk
from ingest.duties import Duty
from retrieval.citations import Citation
from retrieval.library import Library

YEAR_BUCKETS = ["2023", "2025", "2030", "十四五", "十五五", "其他"]


@dataclass(frozen=True)
class TaskRow:
    source: str
    title: str
    section: str
    action: str
    line: int
    owners: tuple[str, ...]
    duty: Duty
    targets: str

    def role(self, unit: str) -> str:
        return self.duty.role(unit)


def action_of(chunk: Chunk) -> str:
    """The heading a task sits under (e.g. "(一)产业绿色转型行动"), for grouping."""
    labels = [label for _, label in chunk.path]
    return labels[-2] if len(labels) >= 2 else (labels[-1] if labels else "")


def _targets_text(chunks: list[Chunk]) -> str:
    return "；".join(f"{t.year}年 {t.metric} {t.value}" if t.year.isdigit() else f"{t.year} {t.metric} {t.value}"
                    for c in chunks for t in c.targets)


def task_rows(library: Library, sources: list[str] | None = None) -> list[TaskRow]:
    rows = []
    for source, doc in library.docs.items():
        if sources and source not in sources:
            continue
        for task in doc.tasks():
            rows.append(TaskRow(source, doc.title, task.section, action_of(task), task.line_start, task.owners,
                                task.duty, _targets_text(doc.unit_chunks(task.unit))))
    return rows


def unit_names(library: Library) -> list[str]:
    return sorted(library.aliases.units)


def tasks_of_unit(library: Library, name: str) -> tuple[list[str], pd.DataFrame]:
    """Every task a unit (or an alias of it) is named on, across documents."""
    units = library.aliases.resolve(name.strip()) or [u for _, us in library.aliases.find(name) for u in us]
    rows = [
        {"单位": u, "文件": r.title, "任务": r.section, "角色": r.role(u), "目标": r.targets, "行": r.line, "来源": r.source}
        for u in units for r in task_rows(library) if u in r.owners
    ]
    return units, pd.DataFrame(rows, columns=["单位", "文件", "任务", "角色", "目标", "行", "来源"])


def owner_matrix(library: Library) -> pd.DataFrame:
    """Task x unit, each cell the unit's role on the task."""
    rows = task_rows(library)
    units = unit_names(library)
    data = [{"文件": r.title, "任务": r.section, "行": r.line, **{u: r.role(u) for u in r.owners}} for r in rows]
    frame = pd.DataFrame(data, columns=["文件", "任务", "行", *units])
    return frame.fillna("")


def year_bucket(year: str) -> str:
    m = re.match(r"(20\d\d)", year)
    if m:
        return m.group(1) if m.group(1) in YEAR_BUCKETS else "其他"
    return year if year in YEAR_BUCKETS else "其他"


def target_rows(library: Library, source: str | None = None, action: str | None = None,
                unit: str | None = None) -> pd.DataFrame:
    units = set(library.aliases.resolve(unit) or [unit]) if unit else set()
    rows = []
    for src, doc in library.docs.items():
        if source and src != source:
            continue
        for chunk, t in doc.targets():
            owners = next((c.owners for c in doc.unit_chunks(chunk.unit) if c.owners), ())
            if action and action_of(chunk) != action:
                continue
            if units and not units & set(owners):
                continue
            rows.append({"年份": year_bucket(t.year), "目标值": t.value, "指标": t.metric, "行动": action_of(chunk),
                         "责任单位": "、".join(owners), "原文": t.text, "文件": doc.title, "行": chunk.line_start,
                         "来源": src})
    frame = pd.DataFrame(rows, columns=["年份", "目标值", "指标", "行动", "责任单位", "原文", "文件", "行", "来源"])
    order = {b: i for i, b in enumerate(YEAR_BUCKETS)}
    return frame.sort_values(by=["年份", "来源", "行"], key=lambda s: s.map(order) if s.name == "年份" else s,
                             kind="stable").reset_index(drop=True)


def actions(library: Library, source: str | None = None) -> list[str]:
    return sorted({action_of(c) for s, d in library.docs.items() if not source or s == source
                   for c, _ in d.targets()})


@dataclass(frozen=True)
class Clause:
    source: str
    section: str
    text: str
    quote: str
    line_start: int


def clause_of(library: Library, citation: Citation) -> Clause:
    """The whole paragraph a citation quotes, to show the quote in its context."""
    found = clause_at(library, citation.source, citation.line, citation.quote)
    if found is not None and citation.quote in found.text:
        return found
    line = library.docs[citation.source].lines[citation.line - 1]
    return Clause(citation.source, citation.section, line, citation.quote, citation.line)


def clause_at(library: Library, source: str, line: int, quote: str = "") -> Clause | None:
    """The clause on a given line, e.g. for a row of the owner or target table."""
    doc = library.docs.get(source)
    chunk = next((c for c in doc.chunks if c.line_start <= line <= c.line_end), None) if doc else None
    if chunk is None:
        return None
    text = "\n".join(doc.lines[chunk.line_start - 1 : chunk.line_end])
    return Clause(source, chunk.section, text, quote or chunk.annotation, chunk.line_start)


def highlight(clause: Clause) -> list[tuple[str, str | None]]:
    """Segments for gr.HighlightedText: the quoted span marked inside the paragraph."""
    start = clause.text.find(clause.quote)
    if start < 0:
        return [(clause.text, None)]
    end = start + len(clause.quote)
    return [(clause.text[:start], None), (clause.text[start:end], "引用"), (clause.text[end:], None)]
