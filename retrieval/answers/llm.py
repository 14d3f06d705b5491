"""Optional fluent answers from an OpenAI-compatible model (Ollama, vLLM, Qwen, DeepSeek …) via LangChain.

The model only rewords: it is given the extractive answer's numbered clauses
and must cite them as [n]. Owners and targets are appended from the extracted
records, never taken from the model's text, and a guard checks the text before
anyone sees it: every [n] must be a given clause, every figure and year must
stand in a clause it cites, every unit it names must be an owner or appear in
a cited clause. Anything else, a timeout or an error, and the user gets the
extractive answer (with a short notice when the model was unreachable).
"""
from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, replace

from retrieval.questions.aliases import UNIT_MENTION
from retrieval.answers.answer import Answer, references_md, units_md
from retrieval.search.library import Library

log = logging.getLogger("policyqa")

SYSTEM = (
    "你是政府政策文件问答助手。只能依据用户给出的编号条文作答，用中文，简洁准确。"
    "每句话后用 [n] 标注所依据的条文编号。不得编造条文中没有的数字、年份、单位或要求；"
    "条文不足以回答时直接说明。不要输出条文编号以外的引用。"
)
REWRITE = "把对话中的最后一个问题改写成不依赖上下文、可以单独理解的完整问题。只输出改写后的问题。"
UNAVAILABLE = "（提示：语言模型暂时无法访问，以下为原文摘录式答案。）\n\n"
_CITE = re.compile(r"\[(\d+)\]")
_FIGURE = re.compile(r"\d+(?:\.\d+)?\s*(?:%|％)?")


@dataclass(frozen=True)
class LLMSettings:
    base_url: str
    model: str
    api_key: str
    timeout: float

    @classmethod
    def from_env(cls) -> "LLMSettings | None":
        base_url = os.environ.get("POLICYQA_LLM_BASE_URL", "").strip()
        if not base_url:
            return None
        return cls(base_url, os.environ.get("POLICYQA_LLM_MODEL", "qwen2.5:7b"),
                   os.environ.get("POLICYQA_LLM_API_KEY", "not-needed"),
                   float(os.environ.get("POLICYQA_LLM_TIMEOUT", "20")))


class GuardError(ValueError):
    """Why a model's text was not shown."""


def guard(text: str, passages: list[str], allowed_units: set[str], library: Library) -> None:
    """Raise GuardError unless every citation, figure and unit in the text is grounded."""
    cited = [int(n) for n in _CITE.findall(text)]
    if not cited:
        raise GuardError("no [n] citation in the text")
    bad = [n for n in cited if not 1 <= n <= len(passages)]
    if bad:
        raise GuardError(f"cites passages {bad} but only {len(passages)} were given")
    grounded = "".join(passages[n - 1] for n in set(cited))
    prose = _CITE.sub("", text)
    for figure in _FIGURE.findall(prose):
        if figure.strip() and figure.strip() not in grounded:
            raise GuardError(f"figure {figure.strip()!r} is in no cited passage")
    named = {u for _, units in library.aliases.find(prose) for u in units} | {m.group(0) for m in UNIT_MENTION.finditer(prose)}
    for unit in named:
        if unit not in allowed_units and unit not in grounded and not any(unit in a for a in allowed_units):
            raise GuardError(f"unit {unit!r} owns nothing here and is in no cited passage")


class LLMAnswerer:
    def __init__(self, settings: LLMSettings, library_of) -> None:
        from langchain_openai import ChatOpenAI

        self.settings = settings
        self.library_of = library_of  # a callable: the assistant's current library
        self.chat = ChatOpenAI(base_url=settings.base_url, model=settings.model, api_key=settings.api_key,
                               timeout=settings.timeout, max_retries=0, temperature=0)

    def _complete(self, messages: list[tuple[str, str]]) -> str:
        """Stream the reply over HTTP and join it; the guard needs the whole text before showing any."""
        return "".join(chunk.content for chunk in self.chat.stream(messages) if isinstance(chunk.content, str))

    def rewrite(self, question: str, history: list[tuple[str, str]]) -> str | None:
        """A standalone form of a follow-up, or None (the rule-based resolution then stands)."""
        turns = "\n".join(f"问：{q}\n答：{a[:300]}" for q, a in history[-3:])
        try:
            text = self._complete([("system", REWRITE), ("user", f"{turns}\n最后的问题：{question}")]).strip()
        except Exception as exc:
            log.warning("question rewrite failed, using the rule-based resolution: %s", exc)
            return None
        return text.splitlines()[0].strip() if text else None

    def compose(self, question: str, extractive: Answer) -> Answer:
        """The model's prose over the extractive answer's clauses, or the extractive answer itself."""
        if not extractive.found or not extractive.citations or extractive.kind not in ("owner", "target", "general"):
            return extractive
        library = self.library_of()
        passages = [_passage(library, c) for c in extractive.citations]
        context = "\n".join(f"[{i}] {p}" for i, p in enumerate(passages, 1))
        try:
            text = self._complete([("system", SYSTEM), ("user", f"条文：\n{context}\n\n问题：{question}")]).strip()
        except Exception as exc:  # down, slow, or an error page: the extractive answer, with a notice
            log.warning("LLM unavailable, extractive answer given: %s", exc)
            return replace(extractive, answer=UNAVAILABLE + extractive.answer)
        try:
            guard(text, passages, set(extractive.departments), library)
        except GuardError as exc:
            log.warning("LLM answer rejected (%s); extractive answer given. Model text: %s", exc, text[:300])
            return extractive
        facts = []
        if extractive.departments:
            facts.append(f"责任单位：{units_md(extractive.departments, extractive.leads)}")
        for t in extractive.targets:
            facts.append(f"目标：{t.year} {t.metric} **{t.value}**（原文：“{t.text}”）")
        body = text + ("\n\n" + "\n\n".join(facts) if facts else "")
        return replace(extractive, answer=body + references_md(extractive.citations))


def _passage(library: Library, citation) -> str:
    """The whole clause a citation quotes, so the model sees its context."""
    from retrieval.reports.views import clause_of

    return clause_of(library, citation).text.replace("\n", "")
