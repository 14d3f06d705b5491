"""Compose grounded answers: the exact look-up for each kind of question, with citations.

Owners and targets come from the extracted records, never from free text; a
clause is chosen by hybrid retrieval and checked to actually be about the
question's words; when nothing in the documents answers, the answer says so
and offers the nearest clauses as 相关条文 instead of guessing.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Callable

from ingest.chunks import Chunk
from ingest.structure import heading_title
from ingest.targets import Target
from retrieval.citations import Citation, CitationList, best_sentences, owner_quote
from retrieval.hybrid import Hit, HybridSearch
from retrieval.intent import Question
from retrieval.library import Library, OutlineNode
from retrieval.words import content_terms, covered, strip_asking

# A question whose own words are mostly absent from the document is not answered by it.
MIN_DOC_COVERAGE = 0.5
# The chosen clause must carry at least this share of the question's words.
MIN_CLAUSE_COVERAGE = 0.34
DEGRADED_NOTICE = "（提示：向量检索服务暂时无法连接，本次答案仅依据关键词检索，可能不完整；服务恢复后自动恢复。）\n\n"
_PLAN_YEARS = {"十四五": "2025", "十五五": "2030"}


@dataclass
class Answer:
    answer: str
    found: bool
    kind: str
    departments: list[str] = field(default_factory=list)
    lead: str | None = None
    targets: list[Target] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    resolved: str = ""

    def to_json(self, qid: str | None = None) -> dict:
        out = {
            "answer": self.answer,
            "found": self.found,
            "kind": self.kind,
            "departments": self.departments,
            "targets": [t.__dict__ for t in self.targets],
            "citations": [c.to_json() for c in self.citations],
        }
        return {"id": qid, **out} if qid is not None else out


Weight = Callable[[str], float]


def coverage(terms: list[str], text: str, weight: Weight = len) -> float:
    """Share of the question's words (by weight) that the text contains."""
    total = sum(weight(t) for t in terms)
    if total <= 0:
        return 1.0
    return sum(weight(t) * (1.0 if t in text else 0.7) for t in terms if covered(t, text)) / total


class TermWeights:
    """Long, rare words say most about a topic: 地铁 weighs more than 建设 in a plan that says 建设 everywhere."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self._cache: dict[str, float] = {}

    def __call__(self, term: str) -> float:
        if term not in self._cache:
            df = sum(covered(term, t) for t in self.texts)
            self._cache[term] = len(term) * math.log((len(self.texts) + 1) / (df + 0.5))
        return self._cache[term]


def phrase_overlap(core: str, text: str) -> float:
    """Share of the question found in the text as phrases (runs of 3+ characters, in order).

    "绿色商场创建" standing as a phrase in a clause says more than the same
    words scattered through a list of 绿色商场、绿色建筑等…创建行动.
    """
    core = re.sub(r"[\s\W]", "", core)
    if len(core) < 3:
        return 0.0
    blocks = SequenceMatcher(None, core, text, autojunk=False).get_matching_blocks()
    return min(1.0, sum(b.size for b in blocks if b.size >= 3) / min(len(core), 12))


def body_of(chunk: Chunk) -> str:
    """The clause without a heading line of its own, for quoting what it says."""
    first, _, rest = chunk.text.partition("\n")
    if rest and chunk.path and first.rstrip("。.") == chunk.path[-1][1]:
        return rest
    return chunk.text


def references_md(citations: list[Citation]) -> str:
    lines = ["", "", "---", "**引用条文**", ""]
    for c in citations:
        lines.append(c.reference())
        lines.append(f"> {c.quote.replace(chr(10), '')}")
        lines.append("")
    return "\n".join(lines)


def units_md(units: tuple[str, ...] | list[str], lead: str | None) -> str:
    return "、".join(f"**{u}**（牵头）" if u == lead else f"**{u}**" for u in units)


class Composer:
    def __init__(self, library: Library, search: HybridSearch) -> None:
        self.library = library
        self.search = search
        self._weights: dict[tuple[str, ...], TermWeights] = {}

    def weights(self, sources: list[str]) -> TermWeights:
        key = tuple(sorted(sources))
        if key not in self._weights:
            self._weights[key] = TermWeights([f"{c.section} {c.text}" for s in key for c in self.library.docs[s].chunks])
        return self._weights[key]

    # --- shared steps -------------------------------------------------
    def _terms(self, q: Question) -> list[str]:
        terms = content_terms(q.resolved)
        names = {a for a, _ in q.unit_aliases}
        for s in q.sources:
            title = self.library.docs[s].title
            names |= {title, title.replace("实施方案", ""), "碳达峰实施方案"}
        return [t for t in terms if not any(t in n for n in names)]

    def _doc_coverage(self, terms: list[str], sources: list[str]) -> float:
        text = "".join(self.library.docs[s].text for s in sources)
        return coverage(terms, text, self.weights(sources))

    def _rank(self, q: Question, terms: list[str], hits: list[Hit], tasks_only: bool = False) -> list[tuple[float, Hit]]:
        """Order retrieved clauses by how much of the question they say, then by retrieval rank."""
        core = strip_asking(q.search_text)
        scored = []
        for h in hits:
            if tasks_only and h.chunk.kind != "task":
                continue
            weight = self.weights(q.sources)
            cov = coverage(terms, f"{h.chunk.section} {self.library.docs[h.chunk.source].unit_text(h.chunk.unit)}", weight)
            title = h.chunk.path[-1][1] if h.chunk.path else ""
            phrase = phrase_overlap(core, h.chunk.text)
            scored.append((cov + 0.3 * coverage(terms, title, weight) + 0.5 * phrase + 30 * h.score, h))
        return sorted(scored, key=lambda x: -x[0])

    def _anchor_chunk(self, q: Question) -> Chunk | None:
        if q.anchor is None:
            return None
        source, line = q.anchor
        doc = self.library.docs.get(source)
        if doc is None:
            return None
        return next((c for c in doc.chunks if c.line_start <= line <= c.line_end and c.kind != "notice"), None)

    def _not_found(self, q: Question, why: str, terms: list[str]) -> Answer:
        cites = CitationList()
        for h in self.search.search(q.search_text, q.sources, k=2):
            doc = self.library.docs[h.chunk.source]
            cites.add_chunk(doc, h.chunk, best_sentences(h.chunk.text, terms, limit=1))
        text = f"{why}\n\n以下条文与问题最接近，仅供参考（并未回答该问题）："
        if not cites.items:
            text = why
        return Answer(text + (references_md(cites.items) if cites.items else ""), False, q.kind, citations=cites.items,
                      resolved=q.resolved)

    def _scope_name(self, q: Question) -> str:
        return "、".join(f"《{self.library.docs[s].title}》" for s in q.sources)

    # --- kinds ----------------------------------------------------------
    def answer(self, q: Question) -> Answer:
        if not q.sources:
            return Answer("文件库中还没有文件，请先导入文件。", False, q.kind)
        handler = {
            "meta": self.meta,
            "overview": self.overview,
            "reverse": self.reverse,
            "owner": self.owner,
            "target": self.target,
        }.get(q.kind, self.general)
        if q.kind in ("owner", "target", "general") and q.anchor is None and not q.year and not self._terms(q):
            return Answer("没能从问题中识别出要问的事项，请写明任务或指标，例如：“谁负责绿色商场创建工作？”", False, q.kind,
                          resolved=q.resolved)
        self.search.begin()
        answer = handler(q)
        if self.search.degraded:
            answer.answer = DEGRADED_NOTICE + answer.answer
        return answer

    def meta(self, q: Question) -> Answer:
        doc = self.library.docs[q.sources[0]]
        names = {"doc_no": "文号", "date": "发布日期", "issuer": "发文机关", "title": "标题"}
        field_name = q.meta_field or "title"
        f = doc.record.meta.get(field_name)
        if f is None:
            return Answer(f"《{doc.title}》中没有载明{names[field_name]}。", False, "meta", resolved=q.resolved)
        cites = CitationList()
        c = cites.add(doc, f["quote"], "文件头", int(f["line"]))
        parts = [f"《{doc.title}》的{names[field_name]}：**{f['value']}**" + (f" [{c.n}]" if c else "") + "。"]
        for other in ("issuer", "date", "doc_no"):
            g = doc.record.meta.get(other)
            if other != field_name and g is not None:
                oc = cites.add(doc, g["quote"], "文件头", int(g["line"]))
                parts.append(f"{names[other]}：{g['value']}" + (f" [{oc.n}]" if oc else ""))
        text = parts[0] + ("\n\n" + "；".join(parts[1:]) + "。" if len(parts) > 1 else "")
        return Answer(text + references_md(cites.items), True, "meta", citations=cites.items, resolved=q.resolved)

    def overview(self, q: Question) -> Answer:
        doc = self.library.docs[q.sources[0]]
        roots = doc.outline()
        node = _match_node(roots, q.resolved)
        children = node.children if node else roots
        if node is not None and not children:
            return self.general(q)
        cites = CitationList()
        where = f"「{node.label}」" if node else ""
        lines = [f"《{doc.title}》{where}包括以下 {len(children)} 个部分："]
        for i, child in enumerate(children, 1):
            c = cites.add(doc, child.label, node.label if node else "", child.line)
            sub = "、".join(g.label for g in child.children[:12])
            lines.append(f"{i}. **{child.label}**" + (f" [{c.n}]" if c else "") + (f"：{sub}" if sub else ""))
        return Answer("\n".join(lines) + references_md(cites.items), True, "overview", citations=cites.items, resolved=q.resolved)

    def reverse(self, q: Question) -> Answer:
        units = [u for _, us in q.unit_aliases for u in us]
        units = list(dict.fromkeys(u for u in units if u in self.library.units_in(q.sources)))
        if not units:
            missing = "、".join(a for a, _ in q.unit_aliases) or "、".join(q.unknown_units)
            return Answer(f"{self._scope_name(q)}中没有把「{missing}」列为任何任务的责任单位。", False, "reverse", resolved=q.resolved)
        cites = CitationList()
        blocks = []
        if len(units) > 1:
            blocks.append(f"「{q.unit_aliases[0][0]}」可能指 {'、'.join(units)}，下面分别列出。")
        for unit in units:
            rows = []
            for source in q.sources:
                doc = self.library.docs[source]
                for task in doc.tasks():
                    if unit not in task.owners:
                        continue
                    c = cites.add_chunk(doc, task, owner_quote(task, doc.unit_text(task.unit)))
                    role = "牵头" if task.lead == unit else ("列于首位" if task.owners[0] == unit else "参与")
                    rows.append(f"{len(rows) + 1}. {task.section}（{role}）" + (f" [{c.n}]" if c else ""))
            blocks.append(f"**{unit}** 在{self._scope_name(q)}中列为责任单位的任务共 {len(rows)} 项：\n" + "\n".join(rows))
        return Answer("\n\n".join(blocks) + references_md(cites.items), True, "reverse", departments=units,
                      citations=cites.items, resolved=q.resolved)

    def owner(self, q: Question) -> Answer:
        terms = self._terms(q)
        chunk = self._anchor_chunk(q)
        if chunk is None:
            if self._doc_coverage(terms, q.sources) < MIN_DOC_COVERAGE:
                return self._not_found(q, f"{self._scope_name(q)}中没有关于该事项的内容，无法给出责任单位。", terms)
            has_tasks = any(self.library.docs[s].tasks() for s in q.sources)
            ranked = self._rank(q, terms, self.search.search(q.search_text, q.sources, k=12), tasks_only=has_tasks)
            if not ranked or coverage(terms, ranked[0][1].chunk.section + ranked[0][1].chunk.text) < MIN_CLAUSE_COVERAGE:
                return self._not_found(q, f"{self._scope_name(q)}中没有找到与该事项对应的任务，无法给出责任单位。", terms)
            chunk = ranked[0][1].chunk
        doc = self.library.docs[chunk.source]
        task = doc.unit_chunks(chunk.unit)[-1] if chunk.owners else chunk
        cites = CitationList()
        if not task.owners:
            c = cites.add_chunk(doc, chunk, best_sentences(chunk.text, terms))
            text = (f"《{doc.title}》「{chunk.section}」对此有规定，但该条文没有列明责任单位" + (f" [{c.n}]" if c else "") + "。")
            return Answer(text + references_md(cites.items), True, "owner", citations=cites.items, resolved=q.resolved)
        c = cites.add_chunk(doc, task, owner_quote(task, doc.unit_text(task.unit)))
        lead = f"，其中 **{task.lead}** 牵头" if task.lead else ""
        text = (
            f"该项工作属于《{doc.title}》「{task.section}」，责任单位（{len(task.owners)} 个）："
            f"{units_md(task.owners, task.lead)}{lead}" + (f" [{c.n}]" if c else "") + "。"
        )
        return Answer(text + references_md(cites.items), True, "owner", departments=list(task.owners), lead=task.lead,
                      citations=cites.items, resolved=q.resolved)

    def target(self, q: Question) -> Answer:
        terms = [t for t in self._terms(q) if t not in ("目标", "指标")]
        if self._doc_coverage(terms, q.sources) < MIN_DOC_COVERAGE:
            return self._not_found(q, f"{self._scope_name(q)}中没有关于该指标的内容。", terms)
        anchor = self._anchor_chunk(q)
        hits = self.search.search(q.search_text, q.sources, k=12)
        rank_of = {h.chunk.unit: h.score for h in hits}
        candidates: list[tuple[float, Chunk, Target]] = []
        for s in q.sources:
            for chunk, t in self.library.docs[s].targets():
                if q.year and not _year_matches(q.year, t.year):
                    continue
                score = coverage(terms, f"{t.metric} {_own_clause(t)}") + 0.3 * coverage(terms, t.text) + 0.3 * coverage(terms, chunk.text)
                score += 20 * rank_of.get(chunk.unit, 0.0) + (0.3 if anchor and anchor.unit == chunk.unit else 0.0)
                candidates.append((score, chunk, t))
        candidates.sort(key=lambda x: -x[0])
        if not candidates or coverage(terms, f"{candidates[0][2].metric} {candidates[0][1].text}") < MIN_CLAUSE_COVERAGE:
            if q.year and not any(q.year in self.library.docs[s].text for s in q.sources):
                return self._not_found(q, f"{self._scope_name(q)}中没有{q.year}年的目标。", terms)
            return self.general(q)
        _, chunk, best = candidates[0]
        doc = self.library.docs[chunk.source]
        chosen = [best] + [
            t for _, c, t in candidates[1:]
            if c.unit == chunk.unit and t.metric == best.metric and t != best and not q.year
        ]
        cites = CitationList()
        rows = []
        for t in chosen:
            c = cites.add_chunk(doc, chunk, t.text)
            when = f"{t.year}年" if t.year.isdigit() else (t.year or "")
            rows.append(f"- {when}：{t.metric} **{t.value}**" + (f" [{c.n}]" if c else ""))
            rows.append(f"  原文：“{t.text}”")
        text = f"《{doc.title}》「{chunk.section}」中的目标：\n" + "\n".join(rows)
        return Answer(text + references_md(cites.items), True, "target", targets=chosen, citations=cites.items,
                      resolved=q.resolved)

    def general(self, q: Question) -> Answer:
        terms = self._terms(q) + ([f"{q.year}年"] if q.year and q.year.isdigit() else [])
        if self._doc_coverage(terms, q.sources) < MIN_DOC_COVERAGE:
            return self._not_found(q, f"{self._scope_name(q)}中没有找到相关内容。", terms)
        anchor = self._anchor_chunk(q)
        ranked = self._rank(q, terms, self.search.search(q.search_text, q.sources, k=12))
        if anchor is not None and not ranked:
            chunk = anchor
        elif not ranked or coverage(terms, ranked[0][1].chunk.section + ranked[0][1].chunk.text) < MIN_CLAUSE_COVERAGE:
            return self._not_found(q, f"{self._scope_name(q)}中没有找到能回答该问题的条文。", terms)
        else:
            chunk = ranked[0][1].chunk
        doc = self.library.docs[chunk.source]
        cites = CitationList()
        quote = best_sentences(body_of(chunk), terms, limit=3)
        c = cites.add_chunk(doc, chunk, quote)
        text = f"据《{doc.title}》「{chunk.section or '正文'}」：\n\n{quote}" + (f" [{c.n}]" if c else "")
        departments: list[str] = []
        if chunk.owners:
            departments = list(chunk.owners)
            text += f"\n\n该项任务的责任单位：{units_md(chunk.owners, chunk.lead)}。"
        return Answer(text + references_md(cites.items), True, "general", departments=departments, lead=chunk.lead,
                      citations=cites.items, resolved=q.resolved)


def _own_clause(t: Target) -> str:
    """The clause holding the figure, without the earlier clauses its year phrase spans."""
    return re.split(r"[,，;；]", t.text)[-1]


def _year_matches(asked: str, target_year: str) -> bool:
    if asked == target_year or target_year.startswith(asked):
        return True
    return _PLAN_YEARS.get(target_year) == asked or _PLAN_YEARS.get(asked) == target_year


def _match_node(roots: list[OutlineNode], question: str) -> OutlineNode | None:
    """The heading the question names (its title inside the question), deepest first."""
    flat: list[tuple[int, OutlineNode]] = []

    def walk(nodes: list[OutlineNode], depth: int) -> None:
        for n in nodes:
            flat.append((depth, n))
            walk(n.children, depth + 1)

    walk(roots, 0)
    named = [(d, n) for d, n in flat if len(heading_title(n.label)) >= 2 and heading_title(n.label) in question]
    if named:
        return max(named, key=lambda dn: (len(heading_title(dn[1].label)), dn[0]))[1]
    if "行动" in question:
        with_actions = [n for _, n in flat if sum(c.label.endswith("行动") for c in n.children) >= 2]
        if with_actions:
            return max(with_actions, key=lambda n: len(n.children))
    return None
