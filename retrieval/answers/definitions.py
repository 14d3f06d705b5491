"""Names a document gives for itself: 高耗能、高排放、低水平项目（以下简称“两高一低”项目）, 自由贸易(FT)账户.

A plan introduces a short name once, in parentheses after the full one, and
uses the short name from then on. A question about a short name (“两高”是指
什么, FT账户的中文全称) or about a long one's short name (…实验室简称什么) is
answered by the sentence that introduces it, wherever the question's words
would lead the search: every later use of the short name shares them as well.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# what stands in the parentheses: (以下简称“T”), (以下称T), (简称T), (“T”), (FT)
_PAREN = re.compile(r"[（(]\s*(?:(?:以下简称|以下称|下称|简称)\s*[:：]?\s*(?:[“\"‘]([^”\"’]{1,20})[”\"’][^（()）]{0,6}"
                    r"|([^（()）“”\"‘’，,。；;、]{1,20}))|[“\"‘]([^（()）“”\"‘’，,。；;、]{2,20})[”\"’]"
                    r"|([A-Za-z][A-Za-z0-9.\-]{0,11}|\d[A-Za-z]{1,4}))\s*[）)]")
_BEFORE = re.compile(r"[^，,。；;：:（()）\n]{2,40}$")
_SENTENCE = re.compile(r"[^。；;\n]*[。；;]?")
MIN_FULL_NAME = 6  # a full name the question repeats: shorter runs are words of any question


@dataclass(frozen=True)
class Definition:
    term: str  # the short name
    before: str  # the text right before the parentheses, ending with the full name
    sentence: str  # the sentence that introduces the term, verbatim


def definitions(text: str) -> list[Definition]:
    """The short names `text` introduces, in order."""
    found = []
    for sentence in _SENTENCE.findall(text):
        for m in _PAREN.finditer(sentence):
            term = next((g for g in m.groups() if g), "").strip()
            before = _BEFORE.search(sentence[: m.start()])
            if term and before:
                found.append(Definition(term, before.group(0), sentence.strip()))
    return found


def asked_definition(question: str, found: list[Definition]) -> Definition | None:
    """The definition the question asks about: the longest short name it holds (两高一低 before 两高), else the one
    whose full name it repeats."""
    by_term = [d for d in found if len(d.term) >= 2 and d.term in question]
    if by_term:
        return max(by_term, key=lambda d: len(d.term))
    by_name = [(n, d) for d in found for n in range(len(d.before), MIN_FULL_NAME - 1, -1) if d.before[-n:] in question]
    return max(by_name, key=lambda nd: nd[0])[1] if by_name else None
