"""When a task falls due, as the text says it: 到2025年, 2023年起, 逐年, "十四五"期间, 2030年前, 每年, 定期, 长期坚持.

A supervising office keeps a ledger of what falls due when; these nodes are
read once at ingest from each task's own words and stored with it. A year
that is a baseline (比2020年) or part of a title or a date of issue is not a
node; a task that states no time has none.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass

_PLAN_YEAR = {"十四五": 2025, "十五五": 2030, "十三五": 2020, "十六五": 2035}
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("deadline", re.compile(r"完成(?:时限|期限|时间)\s*[:：]\s*(?P<label>[^，。；;)）]{2,16}?)(?=[，。；;)）]|$)")),
    ("from", re.compile(r"(?:自|从)?\s*(?P<label>(?P<y>20\d\d)\s*年\s*(?:起|开始))")),
    ("deadline", re.compile(r"(?<![比较\d])(?<![比较]\s)(?:到|至|于|在)?\s*(?P<label>(?P<y>20\d\d)\s*年\s*(?:底|末|前|内|以前)?)"
                            r"(?!\s*\d{1,2}\s*月\s*\d{1,2}\s*日)(?![版度])")),
    ("period", re.compile(r"(?P<label>[“\"]?(?P<plan>十[三四五六]五)[”\"]?\s*(?:期间|时期|末|初|以来)?)")),
    ("recurring", re.compile(r"(?P<label>逐年|每年|每季度|每月|年度)")),
    ("recurring", re.compile(r"(?P<label>定期)")),
    ("ongoing", re.compile(r"(?P<label>长期坚持|长期)")),
]


@dataclass(frozen=True)
class TimeNode:
    label: str  # as the text writes it, spaces dropped: "2025年", "2023年起", "“十四五”期间", "每年"
    kind: str  # deadline | from | period | recurring | ongoing
    year: int | None  # on the timeline: the year it falls due (a plan period by its last year)
    text: str  # verbatim phrase

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def time_nodes(text: str) -> list[TimeNode]:
    """Every time node the text states, in reading order, without repeats."""
    found: list[tuple[int, TimeNode]] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            span = m.span("label")
            if any(a < span[1] and span[0] < b for a, b in taken):
                continue
            label = re.sub(r"\s+", "", m.group("label"))
            year = None
            if "y" in m.groupdict() and m.group("y"):
                year = int(m.group("y"))
            elif "plan" in m.groupdict() and m.group("plan"):
                year = _PLAN_YEAR.get(m.group("plan"))
            elif kind == "deadline":
                y = re.search(r"20\d\d", label)
                year = int(y.group(0)) if y else None
            taken.append(span)
            found.append((span[0], TimeNode(label, kind, year, m.group("label").strip())))
    out: list[TimeNode] = []
    for _, node in sorted(found, key=lambda x: x[0]):
        if node.label not in {n.label for n in out}:
            out.append(node)
    return out
