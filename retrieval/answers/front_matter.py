"""The lines a document says of itself outside its body: the notice above it, a news lead, a 公告, the 来源 below it.

Officials ask where a text was reprinted from, whether it is abridged, what
the issuing notice is called or who it went to. The answer is one line of the
front or back matter, found by what that kind of line looks like (来源：…,
（本文有删减）, （第八十二号）, 各…：), not by word overlap with the question.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from retrieval.answers.citations import slot_sentences
from retrieval.search.evidence import coverage
from retrieval.search.library import DocView

FRONT_LINES, BACK_LINES = 12, 3  # lines read as front matter (beyond a notice the parser found) and as back matter
_DATE_LINE = r"^\s*[（(]?\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日[）)]?\s*$"
_DATE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
_NOTICE_TITLE = re.compile(r"通知.{0,4}(标题|题目|名称|全称|叫什么|叫啥|名字)|title of the notice", re.I)
# (what the question asks, what the line that says it looks like)
CUES = [
    (re.compile(r"来源|出处|转载|网站|网上|网络上|新闻|报道|导语|在哪儿?(发布|刊发|刊登|登载)|(发布|刊发|刊登)在哪|source|news|lead|reported|agency|credited"
                r"|online", re.I),
     re.compile(r"来源[:：]|转载|获悉|新华社|电\s*$|据.{0,12}报道|记者|网讯")),
    (re.compile(r"全文|删减|删节|节选|摘编|注明|标注|备注|括注|abridged|full text|complete|\bnote\b", re.I),
     re.compile(r"删减|删节|节选|摘编|摘要")),
    (re.compile(r"公告|announcement", re.I), re.compile(r"公告|[（(]第[一二三四五六七八九十百零〇\d]+号[）)]")),
    (re.compile(r"第几号|几号|编号|公告号|号是多少|number", re.I), re.compile(r"[（(]第[一二三四五六七八九十百零〇\d]+号[）)]")),
    (re.compile(r"施行|生效|实行|开始执行|起执行|take effect|in force|came into", re.I), re.compile(r"施行|生效")),
    (re.compile(r"会议|meeting|session", re.I), re.compile(r"会议")),
    # a 落款 is the organ and the date beneath it: each from its own line
    (re.compile(r"落款|署名|签发|signed", re.I), re.compile(r"^\s*[\u4e00-\u9fff]{0,30}(政府|委员会|办公厅|国务院|局|委)\s*$")),
    (re.compile(r"落款|署名|签发|signed", re.I), re.compile(_DATE_LINE)),
    (re.compile(r"哪天|哪一天|日期|什么时候|\bwhen\b|\bdate\b", re.I), re.compile(_DATE_LINE)),
    (re.compile(r"发给|主送|印发给|收文|addressed|receive|recipient", re.I), re.compile(r"^\s*各.{2,}[:：]\s*$")),
    (re.compile(r"咋办|怎么办|怎么做|如何|what .*\b(do|asked)\b", re.I), re.compile(r"(遵照|贯彻|认真|抓好)(执行|落实|实施)")),
    (_NOTICE_TITLE, re.compile(r"^[^，,。]{0,30}关于印发|^[^，,。]{0,40}通知\s*$")),
]


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line of the document text
    text: str  # verbatim, to quote
    front: bool  # above the body (else below it)
    wrapped: bool = False  # goes on from the line before (a notice title printed over two lines)


def about_lines(doc: DocView, question: str, terms: list[str]) -> list[Line]:
    """The line that answers (two for a notice title wrapped over two lines); none when the document has no text."""
    lines = doc.lines
    front = max([FRONT_LINES] + [c.line_end for c in doc.chunks if c.kind in ("notice", "preamble")])
    numbers = [n for n in [*range(1, min(front, len(lines)) + 1), *range(max(len(lines) - BACK_LINES, front) + 1, len(lines) + 1)]
               if len(lines[n - 1].strip()) >= 2]
    if not numbers:
        return []
    cues = [line for ask, line in CUES if ask.search(question)]
    said = {n: sum(bool(c.search(lines[n - 1])) for c in cues) for n in numbers}
    n = max(numbers, key=lambda n: (said[n], coverage(terms, lines[n - 1]), -n))
    if cues and not said[n]:  # 在哪次政治局会议上通过的, of a document that prints no meeting: nothing says it
        return []
    text = lines[n - 1].strip()
    notice = bool(_NOTICE_TITLE.search(question))
    if notice and text.endswith("通知") and n > 1 and re.search(r"关于印发$", lines[n - 2].strip()):
        n, text = n - 1, lines[n - 2].strip()  # its second line found: the title starts a line above
    if notice and n < len(lines) and not text.endswith("通知") and lines[n].strip().endswith("通知"):
        return [Line(n, text, n <= front), Line(n + 1, lines[n].strip(), n + 1 <= front, wrapped=True)]
    found = [Line(n, slot_sentences(question, text, terms), n <= front)]
    for cue in cues:  # "来源是什么?日期是哪天?": each thing asked from its own line, unless a line found says it
        if not any(cue.search(lines[f.number - 1]) or cue.pattern == _DATE_LINE and _DATE.search(lines[f.number - 1])
                   for f in found):
            m = next((m for m in numbers if cue.search(lines[m - 1])), None)
            if m is not None:
                found.append(Line(m, lines[m - 1].strip(), m <= front))
    return found
