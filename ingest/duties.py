"""Who owns a task: the owner annotation that closes a task paragraph.

Plans write it in several ways, and all must be read the same:
    (区发展改革委、区商务局)                       plain list
    (区住房建设委、区城市管理委,各街道办事处)       mixed separators
    (区发展改革委、区市场监管局按职责分工负责)      trailing formula
    (区机关事务服务中心牵头,各相关部门配合)         lead unit + supporters
    （责任单位：市发展改革委、各区）                labelled list
    （省发展改革委牵头，省能源局等按职责分工负责）  lead + "等"
A unit merely mentioned in the sentence (区委党校要…) is not an owner: only
the closing annotation counts, and only if every item in it looks like a unit.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_LABEL = re.compile(r"^(责任单位|牵头单位|责任部门|牵头部门|负责单位|主责单位)\s*[:：]\s*")
_FORMULA = re.compile(r"(按职责分工负责|按照职责分工负责|按职责负责|分别负责|等?按职责分工|负责|配合|参与|共同推进)$")
_LEAD = re.compile(r"^(?P<unit>.+?)(牵头负责|牵头)$")
_SPLIT = re.compile(r"[、,，;；]")
_UNIT_END = re.compile(
    r"(委|局|办|室|部|中心|处|院|会|厅|所|集团|区|组|政府|部门|单位|分局|党校|联|总部|行|署|社|站|队|台|馆|团|司)$"
)
_UNIT_ALLOWED = re.compile(r"^[\u4e00-\u9fff0-9（）()]{2,30}$")


@dataclass(frozen=True)
class Duty:
    """The owners of one task, in the order the document names them."""

    units: tuple[str, ...]
    lead: str | None
    annotation: str  # the verbatim parenthesis, for citing


def _closing_parenthesis(text: str) -> tuple[int, int] | None:
    """Span of the balanced (...) / （…） that ends the text, if any."""
    s = text.rstrip()
    if not s or s[-1] not in ")）":
        return None
    depth = 0
    for i in range(len(s) - 1, -1, -1):
        ch = s[i]
        if ch in ")）":
            depth += 1
        elif ch in "(（":
            depth -= 1
            if depth == 0:
                return i, len(s)
    return None


def _split_units(body: str) -> list[str]:
    """Split on separators that are not inside a unit's own parentheses."""
    parts, depth, current = [], 0, ""
    for ch in body:
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth -= 1
        if depth == 0 and _SPLIT.match(ch):
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return [p.strip() for p in parts if p.strip()]


def _clean_unit(item: str) -> tuple[str, bool]:
    """Strip 牵头/等/按职责分工负责 from one item; say whether it was the lead."""
    item = _FORMULA.sub("", item).strip()
    lead = False
    m = _LEAD.match(item)
    if m:
        item, lead = m.group("unit"), True
    if item.endswith("等") and len(item) > 2:
        item = item[:-1]
    return item, lead


def looks_like_unit(name: str) -> bool:
    """A unit name ends like an organ of government; 市委党校（行政学院） counts by its stem."""
    stem = re.sub(r"[（(][^（）()]*[）)]$", "", name)
    return bool(_UNIT_ALLOWED.match(name)) and (bool(_UNIT_END.search(stem)) or name.startswith("各"))


def parse_annotation(inner: str) -> Duty | None:
    """Read the inside of an owner parenthesis; None when it is not one."""
    body = _LABEL.sub("", inner.replace("\n", "").strip())
    units: list[str] = []
    lead = None
    for item in _split_units(body):
        unit, is_lead = _clean_unit(item)
        if not looks_like_unit(unit):
            return None
        if is_lead and lead is None:
            lead = unit
        if unit not in units:
            units.append(unit)
    if not units:
        return None
    return Duty(tuple(units), lead, "")


def extract_duty(text: str) -> Duty | None:
    """The owners named by the annotation that closes this paragraph."""
    span = _closing_parenthesis(text)
    if span is None:
        return None
    start, end = span
    duty = parse_annotation(text[start + 1 : end - 1])
    if duty is None:
        return None
    return Duty(duty.units, duty.lead, text[start:end])
