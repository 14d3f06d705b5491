"""Quantified commitments inside a task: year, metric, value, verbatim clause.

A target in these plans is a clause like "到2025年,绿色出行比例达到75%以上":
a time frame (到2025年 / 2023年起 / "十四五"期间), a metric, a comparative
verb and a figure. The year can stand several clauses earlier in the same
sentence and governs until the next one; a paragraph that opens with one in
a sentence without figures ("到2025年，…体系初步形成。") is framed by it. "比2020年" and
"在2020年基础上" are baselines, not years.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_YEAR = re.compile(
    r"(?<![比较\d])(?<![比较]\s)(?:(?:到|至|在|于|从)\s*)?(?P<y>20\d\d)\s*年(?P<suffix>起|前|底|末|内)?(?!\s*\d{0,2}\s*月)(?!的?基础上)"
    r"|(?P<plan>[“\"]?(?:十[一二三四五六七八九]五)[”\"]?)(?:期间|时期|末|初)?"
)
_UNIT = (
    r"%|％|个百分点|万个|万家|万户|万人|万台|万套|万座|万辆|万平方米|亿平方米|平方米|万吨标准煤|亿吨标准煤|万吨/日|亿吨|万吨|吨|亿千瓦时|万千瓦时|亿千瓦|万千瓦|千瓦|亿元|万元|元"
    r"|亿立方米|万立方米|立方米|万辆|辆|个|家|项|座|处|所|条|公里|米|倍|亿|万|户|人|次|台|套|栋|类"
)
_VERB = (
    r"力争达到|达到|不低于|不少于|不超过|不高于|保持在|稳定在|控制在|提升至|提升到|提高至|提高到"
    r"|下降至|下降到|降低至|降低到|下降|降低|减少|增加|提高|提升|超过|突破|累计|新增|完成|占比|达"
)
_COMPARATIVE = ("不低于", "不少于", "不超过", "不高于", "低于", "下降", "降低", "减少", "增加", "提高", "提升", "超过", "突破", "新增", "累计")
_VALUE = re.compile(
    rf"(?P<verb>{_VERB})?\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>{_UNIT})(?P<qual>\s*(?:（含）|\(含\))?(?:以上|以下|左右|以内|及以上))?"
    r"|(?P<word>全覆盖|清零|全部达到)"
    r"|(?P<bound>不高于|不低于|不超过|低于|控制在|降至|降到)\s*(?P<ratio>\d+\.\d+)(?![\d.%％])"  # a ratio: PUE 不高于1.3
)
_CLAUSE_SEP = re.compile(r"[,，;；]")
_FILLER = re.compile(r"^(进一步|并且|并|力争|努力|确保|基本|全面|实现|使|其中|全区|全市|全省|全国)+")


@dataclass(frozen=True)
class Target:
    year: str  # "2025", "2023年起", "十四五"; "" when the clause names none
    metric: str
    value: str
    text: str  # verbatim clause from the source, year phrase included


def _year_label(m: re.Match[str]) -> str:
    if m.group("y"):
        return m.group("y") + ("年起" if m.group("suffix") == "起" else "")
    return m.group("plan").strip("“”\"")


def _clauses(sentence: str, offset: int) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _CLAUSE_SEP.finditer(sentence):
        spans.append((offset + start, offset + m.start()))
        start = m.end()
    spans.append((offset + start, offset + len(sentence)))
    return spans


def _is_target(m: re.Match[str], clause: str) -> bool:
    """A figure is a commitment when a verb binds it, it closes the clause, or it is a share."""
    rest = clause[m.end() :].strip(" \n。")
    if m.group("word"):
        return not rest
    if m.group("ratio"):
        return True
    if m.group("verb") or m.group("unit") in ("%", "％", "个百分点"):
        return True
    return not rest or rest.startswith(("达到", "实现"))


def extract_targets(text: str) -> list[Target]:
    """Every quantified commitment in a paragraph (or a chunk's lines), in reading order."""
    targets: list[Target] = []
    pos, frame = 0, ""
    for sentence in re.split(r"(?<=[。])", text):
        # "到2025年，…体系初步形成。单位GDP能耗下降13.5%；…": a sentence opening its line with a time frame and no
        # figure of its own frames the sentences after it, to the end of that line
        line_start = "\n" in sentence or pos == 0
        if line_start:
            frame = ""
        opening, found = _YEAR.match(sentence.rsplit("\n", 1)[-1].lstrip()) if line_start else None, len(targets)
        year, year_start = frame, None
        for c_start, c_end in _clauses(sentence, pos):
            clause = text[c_start:c_end]
            for ym in _YEAR.finditer(clause):
                year, year_start = _year_label(ym), c_start + ym.start()
            metric_from = 0
            for vm in _VALUE.finditer(clause):
                if not _is_target(vm, clause):
                    continue
                verb = vm.group("verb") or vm.group("bound") or ""
                figure = vm.group("word") or vm.group("ratio") or (vm.group("num") + vm.group("unit") + (vm.group("qual") or "").strip())
                value = (verb + figure) if verb.startswith(_COMPARATIVE) else figure
                metric = clause[metric_from : vm.start()]
                metric = _YEAR.sub("", metric).strip("、和及与的 \n")
                if not metric.strip() and verb in ("完成", "新增", "累计"):  # "完成 5.3 亿吨钢铁产能超低排放改造"
                    metric = re.split(r"[。；;]", clause[vm.end():])[0].strip()
                metric = _FILLER.sub("", metric) or (targets[-1].metric if targets else clause.strip())
                span_start = year_start if year_start is not None else c_start
                targets.append(Target(year, metric, value, text[span_start:c_end].strip()))
                metric_from = vm.end()
        if opening and len(targets) == found:
            frame = _year_label(opening)
        pos += len(sentence)
    return targets
