"""The items of the enumeration a question points at: 坚持哪几种思维 -> 系统思维、变革思维、创新思维、战略思维.

A plan lists many things inside one sentence (坚持A、B、C, 引领A、B、C转型,
禁止新增A、B等产能). A question asking for them by 哪几/哪些 keeps the words
around the list: the word before it (坚持, 引领, 协同推进) and the word after
it or shared by every item (思维, 转型, 产能). The enumeration standing
between those words is the answer, not the headings of the part the question
happens to name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import jieba

from retrieval.questions.words import QUESTION_WORDS, tokens

_ASK = re.compile(r"哪几|哪些|哪([两二三四五六七八九十])(?=[个种类项件点条样大方])")
_MEASURE = re.compile(r"^[个种类项件点条样大]|^方面")
_CUT = re.compile(r"[，,。；;：:？?！!（）()《》\s]")  # where an enumeration's run ends
_LINK = re.compile(r"以及|和|及|与")  # as words (see _linked)
_AROUND = "要得需应还都是有说就先再去把将对在的"  # particles between a question's own word and the ask
_LEADING = "以将把对从"  # a preposition that opens the clause a list found by its word after begins
MAX_ITEM = 15


@dataclass(frozen=True)
class Enumeration:
    items: list[str]
    sentence: str  # the sentence that enumerates them, verbatim


def _word(part: str, last: bool, skip: str) -> str:
    """The question's own word nearest the ask, on one side of it; "" when only question words stand there, or
    words `skip` ends with: the part the question names (保障措施有哪几条) is its subject, not a word of a list,
    though a verb of its name may be the list's (持续巩固提升碳汇能力: 提升哪几类…固碳能力)."""
    quoted = re.search(r"[“\"]([^”\"]{1,6})[”\"]", part)
    if quoted and (part.rstrip("?？").endswith(quoted.group(0)) if last else part.startswith(quoted.group(0))):
        return quoted.group(1)
    side = part.rstrip("?？。").rstrip(_AROUND) if last else part.lstrip(_AROUND)
    words = [w for w in tokens(side) if re.fullmatch(r"[\u4e00-\u9fff]{2,}", w) and w not in QUESTION_WORDS
             and not (w in skip and re.sub(r"[。.\s]+$", "", skip).endswith(w))]
    if not words:
        return ""
    word = words[-1] if last else words[0]
    return word if (side.endswith(word) if last else side.startswith(word)) else ""


def _items(run: str, trim: bool, after: str, asked: str = "") -> list[str]:
    """The items of one 、-separated run, the last cut at 等 or at the word that follows the list; a run found
    by the word after it starts a first item longer than the rest at its last word (禁止新增钢铁 -> 钢铁); the
    words the question says of every item (哪几类绿色低碳领域学院) are not part of the first
    (绿色低碳领域未来技术学院 -> 未来技术学院)."""
    items = run.split("、")
    shared = next((k for k in range(len(items[0]) - 2, 1, -1) if items[0][:k] in asked), 0) if len(items) > 1 else 0
    items[0] = items[0][shared:]
    last = items[-1]
    if after and last.endswith(after) and not all(i.endswith(after) for i in items[:-1]):
        last = last[: -len(after)]
    last = re.split(r"等", last)[0]
    linked = _linked(last)
    items[-1:] = [p for p in linked if p] if len(linked) == 2 else [last]
    if trim and len(items[0]) > max(len(i) for i in items[1:]):
        items[0] = jieba.lcut(items[0])[-1]
    elif trim and items[0][:1] in _LEADING and len(items[0]) > 2:  # 以电机、风机…等设备为重点: 电机
        items[0] = items[0][1:]
    items = [i.strip("“”\"") for i in items]
    words = [len(jieba.lcut(i)) for i in items]
    # items of one list are alike: 数字化、智能化 after 推进工业领域 are not items of it
    alike = max(words) <= 2 or len(set(words)) == 1
    return items if len(items) >= 2 and alike and all(0 < len(i) <= MAX_ITEM for i in items) else []


@dataclass(frozen=True)
class AskedList:
    """A question's 哪几/哪些, read once: its own words on either side of the ask."""

    before: str
    after: str
    subject: bool  # "…再生资源是哪些?": the word before the ask is what the list is of
    pair: bool = False  # 哪两类: two items, which a sentence joins by 和 (智能制造业和高端服务业), not by 、
    rest: str = ""  # the question after the ask: what it says of every item

    def items_in(self, text: str) -> Enumeration | None:
        """The enumeration in `text` that stands where the question's 哪几/哪些 stands, or None."""
        for sentence in re.findall(r"[^。；;\n]+[。；;]?", text):
            for run, follows in _runs(sentence, self.before, self.after, self.subject, self.pair):
                items = _items(run, trim=follows, after=self.after, asked=self.rest)
                # with words on both sides of the ask, the list must run up to the word after it (引领…转型), or
                # end where the text says it ends (提升红树林、海草床、盐沼等固碳能力)
                if items and (not self.before or not self.after or self.after in sentence[sentence.find(run):]
                              or "等" in run) \
                        and (not self.pair or len(items) == 2):
                    return Enumeration(items, sentence.strip())
        return None


def asked_list(question: str, part: str = "", part_lists: bool = True) -> AskedList | None:
    """What a question asking 哪几/哪些 keeps around the ask; None when it asks no list a sentence could write.

    With `part` (the part of the document the question names) the part's own
    items answer a question that keeps no word of its own before the ask, or
    asks what the part holds (保障措施有哪几条), unless the part lists nothing (`part_lists` false: a numbered
    task's own sentence names the 设备 asked for).
    """
    m = _ASK.search(question)
    if not m:
        return None
    head, rest = question[: m.start()], _MEASURE.sub("", question[m.end():])
    before, after = _word(head, True, part), _word(rest, False, "")
    # …等9种主要再生资源, 再生资源包括… (not 还有: "what else")
    subject = bool(re.search(r"(?<!还)[是有为指括含]$", head.strip())) and not re.sub(r"[?？。!！呢啊吧\s]", "", rest)
    if not before and not after or part and part_lists and (subject or not before):
        return None
    return AskedList(before, after, subject, m.group(1) in ("两", "二"), rest)


def _runs(sentence: str, before: str, after: str, subject: bool, pair: bool = False) -> list[tuple[str, bool]]:
    """The 、-separated runs right after the question's word before the ask, or right before (…等) the word the
    list is of; each with whether it was found by the word that follows it. A pair asked for is also two nouns
    joined by 和, up to the 的 that ends them (明确智能制造业和高端服务业的发展着力点)."""
    runs = []
    if before:  # a subject's list is introduced: 再生资源主要包括…, not 再生资源规范化、规模化
        opens = r"(?:主要)?(?:包括|包含|有|为|是|[：:])[：:]?" if subject else ""
        for m in re.finditer(re.escape(before) + opens, sentence):
            runs.append((_CUT.split(sentence[m.end():], maxsplit=1)[0], False))
    if subject or after and (not before or before not in sentence):  # 涵盖哪些创建类型: the list before 创建
        word, gap = (before, r"等[^、，,。；;]{0,6}$") if subject else (after, r"等$")
        for m in re.finditer(re.escape(word), sentence):
            runs.append((re.sub(gap, "", _CUT.split(sentence[: m.start()])[-1]), True))
    pairs = [(run.split("的")[0], follows) for run, follows in runs if pair and "、" not in run]
    return [(run, follows) for run, follows in runs if "、" in run] + [
        (run, follows) for run, follows in pairs if len(_linked(run)) == 2]


def _linked(run: str) -> list[str]:
    """The parts a run joins by 和/及/与/以及 standing as words: not the 与 of 参与."""
    parts, current = [], ""
    for word in jieba.lcut(run):
        if _LINK.fullmatch(word):
            parts.append(current)
            current = ""
        else:
            current += word
    return [*parts, current]
