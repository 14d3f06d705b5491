"""What officials take away: the task ledger (督查台账), a department's briefing (一页纸) and the timeline.

All three read the records the ingest grammar stored with each task (units
with their roles, targets, time nodes) and cite each task by a verbatim quote
of its clause; nothing here parses text again.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ingest.grammar.targets import Target
from ingest.grammar.timenodes import TimeNode
from retrieval.answers.citations import owner_quote
from retrieval.search.library import Library


@dataclass(frozen=True)
class TaskRecord:
    """One annotated task as the ledger, the briefing and the timeline show it."""

    source: str
    title: str
    doc_no: str
    section: str
    action: str  # the heading the task sits under, for grouping
    name: str  # the task's own heading (with its first words where measures share one)
    line: int
    owners: tuple[str, ...]
    leads: tuple[str, ...]  # named as 牵头 by the text, or by its rule (列首位/逗号前)
    supporters: tuple[str, ...]
    roles: tuple[tuple[str, str], ...]  # (unit, 牵头 | 配合 | 列于首位 | 参与)
    targets: tuple[Target, ...]
    time_nodes: tuple[TimeNode, ...]
    quote: str  # verbatim: the task's words and its owner annotation

    def role(self, unit: str) -> str:
        return dict(self.roles).get(unit, "")

    @property
    def lead_units(self) -> tuple[str, ...]:
        """牵头单位 as the ledger writes it: the named leads, else the unit listed first."""
        return self.leads or self.owners[:1]

    @property
    def other_units(self) -> tuple[str, ...]:
        return tuple(u for u in self.owners if u not in self.lead_units)

    def targets_text(self) -> str:
        return "；".join(f"{t.year}年 {t.metric} {t.value}".strip() if t.year.isdigit() else f"{t.year} {t.metric} {t.value}".strip()
                        for t in self.targets)

    def nodes_text(self) -> str:
        return "、".join(n.label for n in self.time_nodes)


def action_of(path: list[tuple[int, str]]) -> str:
    labels = [label for _, label in path]
    return labels[-2] if len(labels) >= 2 else (labels[-1] if labels else "")


def task_records(library: Library, sources: list[str] | None = None) -> list[TaskRecord]:
    """Every annotated task, in document order (documents in the library's order)."""
    out = []
    for source, doc in library.docs.items():
        if sources and source not in sources:
            continue
        for task in doc.tasks():
            pieces = doc.unit_chunks(task.unit)
            owned = pieces[-1] if pieces[-1].owners else task
            duty = owned.duty
            nodes: dict[str, TimeNode] = {}
            for piece in pieces:
                for node in piece.time_nodes:
                    nodes.setdefault(node.label, node)
            out.append(TaskRecord(
                source=source, title=doc.title, doc_no=doc.record.value("doc_no"), section=task.section,
                action=action_of(task.path), name=doc.task_label(task), line=task.line_start, owners=duty.units,
                leads=duty.leads, supporters=duty.supporters, roles=tuple((u, duty.role(u)) for u in duty.units),
                targets=tuple(t for piece in pieces for t in piece.targets), time_nodes=tuple(nodes.values()),
                quote=owner_quote(owned, doc.unit_text(task.unit)),
            ))
    return out


def ledger(library: Library, sources: list[str] | None = None, unit: str | None = None, year: int | None = None,
           action: str | None = None) -> list[TaskRecord]:
    """The ledger, filtered: a unit (any alias), a year a node or target falls in, an action."""
    units = set(resolve_units(library, unit)) if unit else set()
    rows = []
    for r in task_records(library, sources):
        if units and not units & set(r.owners):
            continue
        if action and r.action != action:
            continue
        if year and not any(n.year == year for n in r.time_nodes) and not any(t.year.startswith(str(year)) for t in r.targets):
            continue
        rows.append(r)
    return rows


def resolve_units(library: Library, name: str | None) -> list[str]:
    """The units a name means: exactly, by an alias, or named inside it ("给我区商务局的任务清单")."""
    if not name:
        return []
    name = name.strip()
    return library.aliases.resolve(name) or [u for _, us in library.aliases.find(name) for u in us]


@dataclass
class Briefing:
    """Everything the plans ask of one unit, by document and action."""

    unit: str
    units: list[str]
    documents: dict[str, list[tuple[str, list[TaskRecord]]]] = field(default_factory=dict)  # title -> [(action, rows)]

    @property
    def count(self) -> int:
        return sum(len(rows) for actions in self.documents.values() for _, rows in actions)


def briefing(library: Library, unit: str, sources: list[str] | None = None) -> Briefing:
    units = resolve_units(library, unit)
    result = Briefing(unit, units)
    for title, rows in _by_document(ledger(library, sources, unit) if units else []).items():
        grouped: dict[str, list[TaskRecord]] = defaultdict(list)
        for r in rows:
            grouped[r.action].append(r)
        result.documents[title] = list(grouped.items())
    return result


def _by_document(rows: list[TaskRecord]) -> dict[str, list[TaskRecord]]:
    out: dict[str, list[TaskRecord]] = defaultdict(list)
    for r in rows:
        out[r.title].append(r)
    return dict(out)


def timeline(library: Library, sources: list[str] | None = None, unit: str | None = None,
             ) -> list[tuple[int, list[tuple[TaskRecord, str]]]]:
    """Every dated commitment by the year it falls due: (year, [(task, what falls due)])."""
    years: dict[int, list[tuple[TaskRecord, str]]] = defaultdict(list)
    for r in ledger(library, sources, unit):
        seen = set()
        for t in r.targets:
            if t.year[:4].isdigit():
                years[int(t.year[:4])].append((r, f"{t.metric} {t.value}"))
                seen.add(int(t.year[:4]))
        for n in r.time_nodes:
            if n.year and n.year not in seen:
                years[n.year].append((r, n.label))
                seen.add(n.year)
    return sorted(years.items())
