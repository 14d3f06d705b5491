"""Who owns a task: the owner annotations a plan writes after its measures.

Plans write them in many ways, and all must be read the same:
    (区发展改革委、区商务局)                                   plain list, closing a paragraph
    …关键环节升级改造。（天津港集团负责）新改扩建码头…           after each measure inside a paragraph
    (区机关事务服务中心牵头,各相关部门配合)                     lead unit + supporters
    （责任单位：市发展改革委、各区）                            labelled list
    （省发展改革委、工业和信息化厅、生态环境厅按职责分工负责）  one level prefix for the whole list
    （农业农村部、生态环境部牵头，国家发展改革委等按职责分工负责） several leads
    牵头单位：住房城乡建设厅；配合单位：应急管理厅               a line of its own after the task
    （责任单位：重庆市能源局、市经济信息委；四川省能源局；两省市列首位的为牵头单位，下同）
A unit merely mentioned in the sentence (区委党校要…) is not an owner: only an
annotation that closes a measure counts, and only if every item in it looks
like a unit. Names stay as the plan writes them. A plan that writes no
annotations (national opinions, regulations) names who acts in the sentence
itself: `actors` reads those subjects, which an answer reports as what the
clause says, not as a task's owners.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_LABEL = re.compile(
    r"(?P<label>责任单位|牵头单位|责任部门|牵头部门|负责单位|主责单位|配合单位|配合部门|参与单位|协办单位|主办单位|责任处室)\s*[:：]\s*"
)
_LEAD_LABELS = ("牵头单位", "牵头部门", "主办单位")
_SUPPORT_LABELS = ("配合单位", "配合部门", "参与单位", "协办单位")
_FORMULA = re.compile(
    r"(按照?职责分工负责|按职能分工负责|按分工负责|按职责负责|分别负责|负责落实|牵头负责|共同推进|共同负责|负责|配合|参与|落实)$"
)
_GROUP_TAIL = re.compile(r"等(相关|有关|行业主管|其他)?(部门|单位|机构)?$")
_NOTES = re.compile(
    r"[，,；;]?\s*(完成(期限|时限|时间)[:：].*|下同|以下[^，,；;]*|[^，,；;]*为牵头单位[^，,；;]*|[^，,；;]*不再列出.*)$"
)
_FIRST_LEADS = re.compile(r"(列首位|排在第一位?|排名第一|列第一|第一个|首位)的?(单位)?为牵头单位")
_COMMA_LEADS = re.compile(r"逗号前的?(单位)?为牵头单位")
_UNIT_END = re.compile(
    r"(委|局|办|室|部|中心|处|院|会|厅|所|集团|区|组|政府|部门|单位|分局|党校|联|总部|行|署|社|站|队|台|馆|团|司|关|公司|企业|管委会)$"
)
_UNIT_ALLOWED = re.compile(r"^[\u4e00-\u9fff0-9（）()〔〕]{2,30}$")
_OPENERS, _CLOSERS = "(（〔［[【", ")）〕］]】"


@dataclass(frozen=True)
class Duty:
    """The owners of one measure, in the order the document names them."""

    units: tuple[str, ...]
    leads: tuple[str, ...] = ()
    supporters: tuple[str, ...] = ()  # named as 配合 / 参与
    annotation: str = ""  # verbatim, for citing

    def role(self, unit: str) -> str:
        """牵头 where the text says so, 配合 where it says that, else 列于首位 or 参与."""
        if unit in self.leads:
            return "牵头"
        if unit in self.supporters:
            return "配合"
        return "列于首位" if self.units and self.units[0] == unit and not self.leads else "参与"


# Words that end like a unit but name none: （试行）, （集团）, （开发区）.
_GENERIC = {"试行", "暂行", "集团", "公司", "企业", "部门", "单位", "政府", "开发区", "园区", "社区", "城区", "地区", "管委会",
            "中心", "银行", "委员会", "办公室", "示范区", "实践区", "先行区", "试验区", "保护区"}


def looks_like_unit(name: str) -> bool:
    """A unit name ends like an organ of government; 市委党校（行政学院） counts by its stem."""
    stem = re.sub(r"[（(〔][^（）()〔〕]*[）)〕]$", "", name)
    if stem in _GENERIC or re.search(r"(实践区|示范区|先行区|试验区|保护区|功能区)$", stem):
        return False
    return bool(_UNIT_ALLOWED.match(name)) and (bool(_UNIT_END.search(stem)) or name.startswith("各"))


def _split(body: str, separators: str) -> list[str]:
    """Split on separators that are not inside a unit's own brackets."""
    parts, depth, current = [], 0, ""
    for ch in body:
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth -= 1
        if depth == 0 and ch in separators:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return [p.strip() for p in parts if p.strip()]


def _clean(item: str) -> list[str]:
    """One listed item as unit names: formula words and 等… dropped, 和-joined pairs split."""
    item = item.strip()
    for _ in range(3):
        item = _FORMULA.sub("", item).strip()
        if not item.startswith("各"):
            item = _GROUP_TAIL.sub("", item).strip()
    if looks_like_unit(item) or not item:
        return [item] if item else []
    for joiner in ("和", "及", "与"):
        pieces = [p for p in (_GROUP_TAIL.sub("", x).strip() for x in item.split(joiner)) if p]
        if len(pieces) > 1 and all(looks_like_unit(p) for p in pieces):
            return pieces
    return [item]


def convention(text: str) -> str | None:
    """A plan's own rule for which listed unit leads: "first" (列首位的为牵头单位) or "comma" (逗号前为牵头单位)."""
    if _COMMA_LEADS.search(text):
        return "comma"
    if _FIRST_LEADS.search(text):
        return "first"
    return None


def parse_annotation(inner: str, rule: str | None = None) -> Duty | None:
    """Read the inside of an owner annotation; None when it is not one."""
    body = re.sub(r"\s+", "", inner)
    rule = convention(body) or rule
    body = re.split(r"。", body, maxsplit=1)[0]
    while _NOTES.search(body):
        body = _NOTES.sub("", body, count=1)
    segments: list[tuple[str, str]] = []  # (role, text)
    labels = list(_LABEL.finditer(body))
    if labels:
        if labels[0].start() > 0:
            return None
        for k, m in enumerate(labels):
            end = labels[k + 1].start() if k + 1 < len(labels) else len(body)
            label = m.group("label")
            role = "lead" if label in _LEAD_LABELS else "support" if label in _SUPPORT_LABELS else ""
            segments.append((role, body[m.end():end].strip("，,；;。 ")))
    else:
        segments.append(("", body))
    units: list[str] = []
    leads: list[str] = []
    supporters: list[str] = []
    for role, text in segments:
        for g, group in enumerate(_split(text, "；;")):
            before, lead_word, after = _lead_split(group)
            for part_role, part in (("lead", before), (role, after)) if lead_word else ((role, group),):
                comma_groups = _split(part, "，,")
                for c, chunk in enumerate(comma_groups):
                    names = [n for item in _split(chunk, "、") for n in _clean(item)]
                    if not names or not all(looks_like_unit(n) for n in names):
                        return None
                    for n in names:
                        if n not in units:
                            units.append(n)
                    if part_role == "lead" or (rule == "comma" and c == 0 and not leads and len(comma_groups) > 1):
                        leads += names
                    elif part_role == "support" or (part_role == "" and lead_word and _supports(after)):
                        supporters += names
            if rule == "first" and not lead_word and role == "":
                first = _split(_split(group, "，,")[0], "、")
                first_names = _clean(first[0]) if first else []
                leads += first_names[:1]
    if not units:
        return None
    return Duty(tuple(units), tuple(dict.fromkeys(leads)), tuple(dict.fromkeys(supporters)), "")


def _lead_split(group: str) -> tuple[str, str, str]:
    """"A、B牵头，C等配合" -> ("A、B", "牵头", "C等配合"); no 牵头: ("", "", group)."""
    m = re.search(r"牵头(负责)?", group)
    if not m or m.start() == 0:
        return "", "", group
    return group[: m.start()], m.group(0), group[m.end():].lstrip("，,、")


def _supports(text: str) -> bool:
    return bool(re.search(r"(配合|参与|协助)$", text.strip()))


def _closing(text: str, start: int) -> int | None:
    """End (exclusive) of the bracket opened at `start`, counting nested brackets."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] in _OPENERS:
            depth += 1
        elif text[i] in _CLOSERS:
            depth -= 1
            if depth == 0:
                return i + 1
    return None


@dataclass(frozen=True)
class Annotated:
    """An owner annotation found in a paragraph: where it is and where the measure it closes ends."""

    start: int
    end: int  # end of the annotation
    measure_end: int  # end of the measure it closes (after a 。 that follows it)
    duty: Duty


def annotations(text: str, rule: str | None = None) -> list[Annotated]:
    """Every owner annotation that closes a measure in this paragraph, in order.

    It closes a measure when it ends the paragraph, or stands after the
    measure's full stop, or right before one; a bracket in mid-sentence
    (中国（天津）自由贸易试验区) is never an annotation.
    """
    found: list[Annotated] = []
    i = 0
    while i < len(text):
        if text[i] not in _OPENERS:
            i += 1
            continue
        end = _closing(text, i)
        if end is None:
            break
        rest = text[end:].lstrip()
        before = text[:i].rstrip()
        closes = not rest or before.endswith(("。", "；", ";", "！", *_CLOSERS)) or rest.startswith(("。", "；", ";"))
        duty = parse_annotation(text[i + 1 : end - 1], rule) if closes else None
        if duty is not None:
            measure_end = end + (len(text[end:]) - len(rest)) + (1 if rest[:1] in ("。", "；", ";") else 0)
            found.append(Annotated(i, end, measure_end, Duty(duty.units, duty.leads, duty.supporters, text[i:end])))
            i = end
        else:
            i += 1
    return found


def owner_line(text: str, rule: str | None = None) -> Duty | None:
    """A labelled line of its own (责任单位：…；配合单位：…) that names the owners of the task above it."""
    stripped = text.strip()
    if not _LABEL.match(stripped):
        return None
    duty = parse_annotation(stripped.rstrip("。"), rule)
    return Duty(duty.units, duty.leads, duty.supporters, stripped) if duty else None


VETS = r"审核|审批|批准|审定|同意|备案|验收|认定|公布|发布|考核|评估|监督"  # acts done to another's work
_ORGAN = r"(?:(?![经由的与及将在对把为向])[\u4e00-\u9fff]){2,26}?(?:领导小组办公室|领导小组|委员会|办公室|委|局|部|厅|署|院|部门|政府|小组|中心)"
# 国家发展改革委要加强统筹 / 由市生态环境局负责 / 经市碳达峰碳中和工作领导小组办公室审核后印发
_ACTS = re.compile(r"(?:^|[，,。；;：:])\s*(?:由|经|请)?(" + _ORGAN + r")(?:要|负责|牵头|会同|应当|统筹|组织|审核|指导|联合)"
                   r"|(?:由|经)(" + _ORGAN + r")[^，,。；;]{0,8}?(?:" + VETS + r"|负责|牵头|组织|印发)")


def actors(sentence: str) -> list[str]:
    """The organs a sentence makes act (its subject, or the one it is 由/经), as written, in order."""
    found: list[str] = []
    for m in _ACTS.finditer(sentence):
        name = m.group(1) or m.group(2)
        if looks_like_unit(name) and name not in found:
            found.append(name)
    return found
