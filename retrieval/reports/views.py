"""The tables officials keep beside the chat: who owns what, targets by year, the outline.

Plain data built from the library's complete records, so the UI, an export
and a test all see the same rows.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from ingest.grammar.chunks import Chunk
from retrieval.answers.citations import Citation
from retrieval.reports.ledger import action_of as ledger_action, resolve_units, task_records
from retrieval.search.library import Library

YEAR_BUCKETS = ["2023", "2025", "2030", "十四五", "十五五", "其他"]


def action_of(chunk: Chunk) -> str:
    """The heading a task sits under (e.g. "(一)产业绿色转型行动"), for grouping."""
    return ledger_action(chunk.path)


def unit_names(library: Library, source: str | None = None) -> list[str]:
    """The units a document names (the whole library's when no document is given), in its own order."""
    if source and source in library.docs:
        return list(dict.fromkeys(u for c in library.docs[source].chunks for u in c.owners))
    return sorted(library.aliases.units)


UNIT_COLUMNS = ["单位", "文件", "任务", "角色", "目标", "行", "来源"]


def tasks_of_unit(library: Library, name: str, sources: list[str] | None = None) -> tuple[list[str], pd.DataFrame]:
    """Every task a unit (or an alias of it) is named on, across documents."""
    units = resolve_units(library, name)
    rows = [
        {"单位": u, "文件": r.title, "任务": r.name, "角色": r.role(u), "目标": r.targets_text(), "行": r.line, "来源": r.source}
        for u in units for r in task_records(library, sources) if u in r.owners
    ]
    return units, pd.DataFrame(rows, columns=UNIT_COLUMNS)


def owner_matrices(library: Library, units: list[str] | None = None) -> dict[str, tuple[list[tuple[str, int]], list[list]]]:
    """Task x unit per document, each cell the unit's role; only the tasks of `units` when given (for Excel)."""
    sheets: dict[str, tuple[list[tuple[str, int]], list[list]]] = {}
    for source in library.docs:
        records = [r for r in task_records(library, [source]) if not units or set(units) & set(r.owners)]
        if not records:
            continue
        names = [u for u in unit_names(library, source) if not units or u in units]
        columns = [("序号", 6), ("任务", 40), ("行", 6)] + [(u, max(8, 2 * len(u) + 2)) for u in names]
        rows = [[k, r.name, r.line, *(r.role(u) for u in names)] for k, r in enumerate(records, 1)]
        sheets[library.docs[source].title] = (columns, rows)
    return sheets


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


_NUMBER = re.compile(r"(\d+(?:\.\d+)?)\s*([^\d\s]*)")


def target_series(frame: pd.DataFrame) -> dict[str, list[tuple[int, float, str]]]:
    """Each metric's values by year, for a chart of values, not counts: {metric (unit): [(year, value, label)]}."""
    series: dict[str, list[tuple[int, float, str]]] = {}
    for _, row in frame.iterrows():
        year = re.match(r"20\d\d", str(row["年份"]))
        number = _NUMBER.search(str(row["目标值"]))
        if not year or not number:
            continue
        unit = re.sub(r"(以上|以下|左右|以内)$", "", number.group(2))
        series.setdefault(f"{row['指标']}（{unit}）" if unit else row["指标"], []).append(
            (int(year.group(0)), float(number.group(1)), str(row["目标值"])))
    return {k: sorted(v) for k, v in series.items()}


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
