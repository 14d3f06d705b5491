"""Compose grounded answers: the exact look-up for each kind of question, with citations.

Owners and targets come from the extracted records, never from free text; a
clause is chosen by hybrid retrieval and the evidence model decides whether
it answers; when nothing answers, the answer says so and offers the nearest
clauses as 相关条文 instead of guessing. A question that names no document is
answered from the primary document when it answers, else from whichever
document does; other documents that answer too are named after it.
"""
from __future__ import annotations

from collections import Counter
import html
import re
from dataclasses import dataclass, field
from dataclasses import replace as dc_replace
from difflib import SequenceMatcher
from functools import cached_property
from typing import Callable

from ingest.grammar.chunks import Chunk
from ingest.grammar.duties import VETS, actors
from ingest.grammar.header import squeeze
from ingest.grammar.structure import cn_to_int, heading_title
from ingest.grammar.targets import Target
from retrieval.answers.definitions import Definition, asked_definition, definitions
from retrieval.answers.enumeration import asked_list
from retrieval.answers.front_matter import Line, about_lines
from retrieval.answers.citations import Citation, CitationList, best_sentences, owner_quote, sentences, slot_said, slot_sentences, unit_quotes
from retrieval.search.evidence import GENERAL_RELIEF, OWNER_RELIEF, OWNER_RELIEF_EN, PRIMARY_MARGIN, Evidence, TermWeights, coverage, key_coverage, phrase_overlap
from retrieval.search.hybrid import Hit, HybridSearch, quotes
from retrieval.questions.intent import Question, Turn, baselines_of
from retrieval.questions.kinds import (COUNT, DOC_COUNT, FIGURE, FRAME, LAST_ITEM, PURPOSE, WHICH_PART, Kind, asks_about, asks_consequence, asks_each, asks_when, classify,
                                       fields_asked, goal_in_words)
from retrieval.reports.ledger import action_of, ledger
from retrieval.search.library import DocView, Library, OutlineNode
from retrieval.answers.phrases import say
from retrieval.questions.words import QUESTION_WORDS, Presence, content_terms, covered, known_words, strip_asking

DEGRADED_NOTICE = "（提示：向量检索服务暂时无法连接，本次答案仅依据关键词检索，可能不完整；服务恢复后自动恢复。）\n\n"
_RESTS_ON = re.compile(r"(根据|依据|按照)[^。；;]{0,30}《")
_MADE_FOR = re.compile(r"^\s*(第一条\s*)?为了?[^。]{4,}(制定|出台|提出)(本|如下)")
# a time as clauses state one: a year, a five-year period, a date, a deadline or a pace
_TIME = re.compile(r"\d{4}|十[一二三四五六七八九]五|[年月日]|期间|时期|阶段|以前|之前|起|前|定期|适时|尽快|同步|逐步")
_PLAN_YEARS = {"十四五": "2025", "十五五": "2030"}
TARGET_POOL = 60  # clauses whose targets a target question weighs: all either retriever found
EVIDENCE_POOL = 20  # of those, the best ranked get the full evidence
FOREIGN_LOGIT = 1.0  # evidence (log-odds) another place's plan needs to name owners for a question naming no place
UNSAID_SHARE = 0.3  # share of a question's weight in words no document writes that withholds the relief
HOME_LOGIT = -1.0  # evidence the home plan's task holding the key word needs to answer before another place's plan
_ITEM = re.compile(r"^(——|—|－－|--|\d{1,2}[.．、]|[（(]\d{1,2}[）)]|[（(][一二三四五六七八九十]{1,3}[）)]|[①-⑳])\s*")
# a kind word: the question names its document in words ("南开区碳达峰方案里…", "天津条例…")
_NAMING = re.compile(r"方案|意见|条例|规划|办法|计划|通知|文件")
_NUMERALS = "一二两三四五六七八九十百千万"
_FIGURE = re.compile(r"\d|[" + _NUMERALS + r"]+(?:个|家|项|座|亿|万|倍|成)")
# a word jieba made of three characters or more that no particle begins, ends or joins (not 分得准, 深里建, 帮小微)
_NEW_WORD = re.compile(r"(?![要没哪咱那这最该来得对帮把被给让向往从跟])(?:(?![得里的了着])[\u4e00-\u9fff]){3,}(?<![在要定到了里中来得起])")
_VETTING = re.compile(r"谁[^，,。？?]{0,4}?(" + VETS + ")")
@dataclass
class Answer:
    answer: str
    found: bool
    kind: str
    departments: list[str] = field(default_factory=list)
    leads: list[str] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    resolved: str = ""
    state: Turn | None = None  # what a follow-up needs, kept as data

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


@dataclass
class Candidate:
    chunk: Chunk
    evidence: Evidence
    rank: float
    target: Target | None = None

    @property
    def source(self) -> str:
        return self.chunk.source


def body_of(chunk: Chunk) -> str:
    """The clause without its heading, on a line of its own or run in ("3.打造…示范。依托…"), for quoting what it
    says: a heading repeats the question's words and says nothing of its own."""
    first, _, rest = chunk.text.partition("\n")
    title = chunk.path[-1][1] if chunk.path else ""
    if rest and title and first.rstrip("。.") == title:
        return rest
    run_in = re.match(re.escape(title) + r"[。.]\s*(?=\S)", chunk.text) if title else None
    return chunk.text[run_in.end():] if run_in else chunk.text


def references_md(citations: list[Citation], english: bool = False) -> str:
    lines = ["", "", "---", f"**{say('cited', english)}**", ""]
    for c in citations:
        lines.append(c.reference())
        lines.append(f"> {c.quote.replace(chr(10), '')}")
        lines.append("")
    return "\n".join(lines)


def units_md(units: tuple[str, ...] | list[str], leads: tuple[str, ...] | list[str] = ()) -> str:
    return "、".join(f"**{u}**（牵头）" if u in leads else f"**{u}**" for u in units)


class Composer:
    def __init__(self, library: Library, search: HybridSearch) -> None:
        self.library = library
        self.search = search
        self._weights: dict[tuple[str, ...], TermWeights] = {}
        self._seen: dict[str, bool] = {}
        self._defined: dict[str, list[tuple[Chunk, Definition]]] = {}
        self.composers: dict[Kind, Callable[[Question], Answer]] = {
            Kind.DEFINE: self.define,
            Kind.FIGURE: self.figure,
            Kind.META: self.meta,
            Kind.DUE: self.due,
            Kind.LIST: self.listing,
            Kind.REVERSE: self.reverse,
            Kind.OWNER: self.owner,
            Kind.TARGET: self.target,
            Kind.BASIS: self.basis,
            Kind.FACT: self.general,
            Kind.GENERAL: self.general,
        }

    # --- shared steps -------------------------------------------------
    def weights(self, sources: list[str]) -> TermWeights:
        key = tuple(sorted(sources))
        if key not in self._weights:
            if len(self._weights) > 64:
                self._weights.clear()
            self._weights[key] = TermWeights(self._presence, [i for s in key for i in self._rows[s]])
        return self._weights[key]

    @cached_property
    def _presence(self) -> Presence:
        """Every clause of the library (with its headings), documents in name order, for weighing words."""
        return Presence([f"{c.section} {c.text}" for s in sorted(self.library.docs) for c in self.library.docs[s].chunks])

    @cached_property
    def _rows(self) -> dict[str, range]:
        rows, start = {}, 0
        for s in sorted(self.library.docs):
            rows[s] = range(start, start + len(self.library.docs[s].chunks))
            start += len(self.library.docs[s].chunks)
        return rows

    def _terms(self, q: Question) -> list[str]:
        """The words that say what is asked: not a unit's or an issuer's name or the 文号 (辽府发〔2022〕4号文件中…),
        and not a title's words in a question that names its document in words ("碳达峰方案里…", "天津条例里…碳达峰…"
        echoes the title; in English, the words said before "plan", not "when will Nankai peak"); in a question naming
        none, they are the topic ("南开区的碳排放要在哪年达峰")."""
        terms = q.concepts or content_terms(q.search_text)
        names = {a for a, _ in q.unit_aliases}
        titles: set[str] = set()
        for s in q.sources[:1] if not q.scope.named else q.sources:
            title = self.library.docs[s].title
            names |= set(self.library.docs[s].record.issuers) | {self.library.docs[s].record.value("doc_no")} - {""}
            titles |= {title, title.replace("实施方案", ""), "碳达峰实施方案"}
        naming = bool(_NAMING.search(q.resolved))
        # a figure or an owner of a thing no plan names (网约车, 买绿证) is none the library gives: a wrong department is
        # worse than none
        new = q.kind in (Kind.TARGET, Kind.OWNER) and not q.english
        examples = {w for m in _EXAMPLES.finditer(q.search_text) for w in content_terms(m.group(1))
                    if not self._in_library(w)}
        quoted = q.english and not q.scope.missing  # Chinese an English question quotes is the asker's own word
        return [t for t in terms if not any(t in n for n in names) and (self._is_word(t, new) or quoted and t in q.text)
                and t.split("|")[0] not in examples
                and not (any(a in n for a in t.split("|") for n in titles)
                         and (t in q.titling if q.english and q.concepts else q.english or naming))]

    def _is_word(self, term: str, new_words: bool = False) -> bool:
        """A term jieba made up from the question ("废钢比要" -> "比要") and no plan uses says nothing. With
        `new_words`, a word of three characters or more that no particle begins or ends (网约车, 拥堵费) counts:
        the topic the library lacks. (Not for an English question: a dictionary's rendering is no such evidence.)"""
        if term.isascii() or "|" in term or term in known_words() or new_words and _NEW_WORD.fullmatch(term):
            return True
        return self._in_library(term)

    def _in_library(self, term: str) -> bool:
        if term not in self._seen:
            self._seen[term] = any(term in d.text for d in self.library.docs.values())
        return self._seen[term]

    def _evidence(self, q: Question, terms: list[str], hit: Hit, weights: TermWeights) -> tuple[Evidence, float]:
        chunk = hit.chunk
        doc = self.library.docs[chunk.source]
        text = f"{chunk.section} {doc.unit_text(chunk.unit)}"
        cov = coverage(terms, text, weights)
        title = chunk.path[-1][1] if chunk.path else ""
        phrase = phrase_overlap(strip_asking(q.search_text), chunk.text)
        evidence = Evidence(cov, key_coverage(terms, text, weights), phrase, 10 * hit.lift, 30 * hit.score, float(q.english),
                            coverage(terms, doc.text, weights))
        rank = cov + 0.3 * coverage(terms, title, weights) + 0.5 * phrase + 30 * hit.score
        if q.year and _says_year(q.year, chunk.text):
            rank += 0.5
        if q.kind is Kind.FACT:
            rank += 0.5 * slot_said(q.text, chunk.text, terms, weights)
        if q.kind in (Kind.FACT, Kind.GENERAL, Kind.OWNER):  # what is asked is said in one sentence: 推动宝武集团上海基地
            # …转变, not 钢铁…转变; 新建公共机构、新建厂房屋顶光伏覆盖率, not a pilot's 屋顶光伏 without the 厂房
            rank += 0.5 * max((coverage(terms, s, weights) for s in sentences(chunk.text)), default=0.0)
        if _SANCTION.search(f"{chunk.section} {chunk.text}"):
            if asks_consequence(q.text):
                rank += 0.5  # 超了限额咋处理: the article that sanctions it, not the one that sets the duty
            elif _REMEDY.search(q.text):
                rank -= 0.5  # 配额不够清缴咋办 / 能不能围垦: the article that says what to do or may be done, not the fine
        if q.english:
            rank += 10 * hit.lift
        if quotes(chunk, q.quoted):
            evidence, rank = _quoted_evidence(evidence), rank + 1.0
        return evidence, rank

    def candidates(self, q: Question, sources: list[str], owners: bool = False) -> list[Candidate]:
        """Clauses in `sources` ordered by how much of the question they say; for owners, tasks where a plan has them."""
        terms = self._terms(q)
        weights = self.weights(sources)
        with_tasks = {s for s in sources if self.library.docs[s].tasks()} if owners else set()
        anchor = self._anchor_chunk(q)  # a follow-up goes on about the clause before, where it says the thing asked
        relief = self._relief(q, terms, weights, bool(with_tasks))
        out = []
        for hit in self.search.search(q.search_text, sources, k=12, dense_query=q.dense_text, verbatim=q.quoted):
            if hit.chunk.source in with_tasks and hit.chunk.kind != "task":
                continue
            evidence, rank = self._evidence(q, terms, hit, weights)
            if hit.chunk.source in with_tasks or not owners and evidence.document >= 1 - UNSAID_SHARE:
                evidence = dc_replace(evidence, relief=relief)  # a clause whose document lacks the words: no relief
            out.append(Candidate(hit.chunk, evidence, rank + (0.3 if anchor and anchor.unit == hit.chunk.unit else 0.0)))
        # clauses that rank alike are told apart by the evidence (第十五条 says what to do; 第七十三条 the fine)
        return _with_margins(sorted(out, key=lambda c: (-round(c.rank, 2), -c.evidence.logit)))

    def _relief(self, q: Question, terms: list[str], weights: TermWeights, tasks: bool) -> float:
        """A task answers its owners, and any clause a general Chinese question, on weaker evidence; unless much of
        the question is words no document writes (老旧小区加装电梯): then the library may well lack the topic, and a
        wrong answer is worse than none."""
        if tasks:
            relief = OWNER_RELIEF_EN if q.english else OWNER_RELIEF
        else:
            relief = GENERAL_RELIEF if q.kind is Kind.GENERAL and not q.english else 0.0
        unsaid = sum(weights(t) for t in terms if not t.isascii() and not self._presence.covering(t))
        return relief if relief and unsaid < UNSAID_SHARE * sum(weights(t) for t in terms) else 0.0

    def _groups(self, q: Question, primary: str | None) -> list[list[str]]:
        """The primary document first when the question names none; else the documents it names."""
        if not q.scope.named and primary in q.sources and len(q.sources) > 1:
            return [[primary], [s for s in q.sources if s != primary]]
        return [q.sources]

    def _locate(self, q: Question, find: Callable[[Question, list[str]], list[Candidate]],
                ) -> tuple[Candidate | None, list[Candidate]]:
        """The best answering candidate and, when no document was named, the other documents' ones.

        With no document named the primary document leads when it answers,
        unless another document answers far more clearly (PRIMARY_MARGIN).
        """
        if q.scope.named or len(q.sources) == 1:
            found = find(q, q.sources)
            return (found[0], []) if found and found[0].evidence.answers else (None, [])
        primary, rest = q.sources[0], q.sources[1:]
        found = find(q, [primary])
        mine = [c for c in found if c.evidence.answers]
        home = self.library.docs[primary].record.place
        # another place's departments answer a question that names no place only on clear evidence:
        # a wrong department is worse than no answer
        theirs = [c for c in find(q, rest) if c.evidence.answers and (
            q.kind is not Kind.OWNER or self.library.docs[c.source].record.place == home or c.evidence.logit >= FOREIGN_LOGIT)]
        theirs.sort(key=lambda c: -c.evidence.logit)
        foreign = bool(theirs) and q.kind is Kind.OWNER and not _encloses(
            self.library.docs[theirs[0].source].record.place, home)  # 天津市's plan is no other place's for 南开区
        if not mine and foreign:
            # 二手货交易市场谁负责: the home plan's task that holds the question's key word (鼓励二手商品交易发展)
            # answers before another place's plan that says it word for word
            mine = [c for c in found[:1] if c.chunk.owners and c.evidence.key >= 1.0 and c.evidence.logit >= HOME_LOGIT]
            if mine:
                return mine[0], theirs[:1]
        owned = (lambda c: bool(c.chunk.owners)) if q.kind is Kind.OWNER else (lambda c: True)  # an owner needs a task
        if mine and (not theirs or theirs[0].evidence.logit - mine[0].evidence.logit <= PRIMARY_MARGIN
                     or owned(mine[0]) and not owned(theirs[0]) or foreign and owned(mine[0])):
            lead = mine[0]
        elif theirs:
            lead = theirs[0]
        else:
            return None, []
        others: dict[str, Candidate] = {}
        for c in mine[:1] + theirs:
            if c.source != lead.source and c.source not in others:
                others[c.source] = c
        return lead, list(others.values())[:2]

    def _anchor_chunk(self, q: Question) -> Chunk | None:
        if q.anchor is None:
            return None
        source, line = q.anchor[:2]
        quote = q.anchor[2] if len(q.anchor) > 2 else ""
        doc = self.library.docs.get(source)
        if doc is None:
            return None
        on_line = [c for c in doc.chunks if c.line_start <= line <= c.line_end and c.kind != "notice"]
        if not on_line or not quote:
            return on_line[0] if on_line else None

        def shared(c: Chunk) -> int:
            text = doc.unit_text(c.unit)
            return SequenceMatcher(None, quote, text, autojunk=False).find_longest_match(0, len(quote), 0, len(text)).size

        return max(on_line, key=shared)

    def _where(self, q: Question) -> str:
        if not q.scope.named:
            return say("library", q.english)
        return "、".join(f"《{self.library.docs[s].title}》" for s in q.sources[:3]) + ("等" if len(q.sources) > 3 else "")

    def _refuse(self, q: Question) -> Answer:
        return self._not_found(q, say("refuse", q.english, where=self._where(q)))

    def _refuse_year(self, q: Question) -> Answer:
        return self._not_found(q, say("refuse_year", q.english, where=self._where(q), year=_year_said(q.year, q.english)))

    def _not_found(self, q: Question, why: str) -> Answer:
        cites = CitationList()
        terms = self._terms(q)
        for h in self.search.search(q.search_text, q.sources, k=2, dense_query=q.dense_text):
            doc = self.library.docs[h.chunk.source]
            cites.add_chunk(doc, h.chunk, best_sentences(h.chunk.text, terms, limit=1))
        text = f"{why}\n\n{say('nearest', q.english)}" if cites.items else why
        return Answer(text + (references_md(cites.items, q.english) if cites.items else ""), False, q.kind.value,
                      citations=cites.items, resolved=q.resolved)

    def _also(self, q: Question, others: list[Candidate], cites: CitationList) -> str:
        """Other documents that answer the same thing, named with their clause so the official can ask on."""
        lines = []
        terms = self._terms(q)
        for c in others:
            doc = self.library.docs[c.source]
            quote = c.target.text if c.target else (owner_quote(c.chunk, doc.unit_text(c.chunk.unit), terms) if c.chunk.owners
                                                    else best_sentences(body_of(c.chunk), terms, limit=1))
            cite = cites.add_chunk(doc, c.chunk, quote)
            if cite:
                lines.append(f"- 《{doc.title}》「{c.chunk.section or '正文'}」：{quote} [{cite.n}]")
        return ("\n\n" + say("also", q.english) + "\n" + "\n".join(lines)) if lines else ""

    # --- kinds ----------------------------------------------------------
    def answer(self, q: Question) -> Answer:
        if q.scope.missing and q.scope.kind:
            titles = "、".join(f"《{self.library.docs[s].title}》" for s in q.scope.held[:3])
            return Answer(say("refuse_kind", q.english, place=q.scope.missing, kind=q.scope.kind, titles=titles), False,
                          q.kind.value, resolved=q.resolved)
        if q.scope.missing:
            return Answer(say("refuse_place", q.english, place=q.scope.missing, held=self._holdings()), False, q.kind.value,
                          resolved=q.resolved)
        if not q.sources:
            return Answer(say("empty", q.english), False, q.kind.value)
        if q.kind in (Kind.OWNER, Kind.TARGET, Kind.GENERAL, Kind.FACT) and q.anchor is None and not q.year \
                and not q.quoted and not self._terms(q):
            return Answer(say("vague", q.english), False, q.kind.value, resolved=q.resolved)
        unnumbered = self._unnumbered_article(q)
        if unnumbered:
            return self._not_found(q, unnumbered)
        self.search.begin()
        if len(q.scope.parts) > 1 and q.kind in (Kind.OWNER, Kind.TARGET, Kind.GENERAL, Kind.FACT):
            # 南开和上海的方案里…分别由谁负责: each place's documents answer for themselves, one after the other
            answer = _joined([self.composers[q.kind](dc_replace(q, scope=dc_replace(q.scope, sources=part, parts=[])))
                              for part in q.scope.parts], q.english)
        else:
            answer = self.composers[q.kind](q)
        if answer.state is None:  # a refusal's nearest clauses answer nothing: a follow-up keeps the question only
            answer.state = q.turn(_anchor_of(answer.citations) if answer.found else None)
        if self.search.degraded:
            answer.answer = DEGRADED_NOTICE + answer.answer
        return answer

    def _unnumbered_article(self, q: Question) -> str | None:
        """条例第八十五条讲什么, of regulations that end at 第八十二条: no article answers, and the nearest one is
        another article's text, not that one's."""
        asked = _ARTICLE.search(q.text)
        if asked is None:
            return None
        n = cn_to_int(asked.group(1))
        said = []
        for source in q.sources:
            doc = self.library.docs[source]
            articles = _articles(doc.outline())
            if not articles or any(cn_to_int(label[1:-1]) == n for label, _ in articles):
                return None
            said.append(say("no_article", q.english, doc=f"《{doc.title}》", article=asked.group(0), n=len(articles),
                            first=articles[0][0], last=articles[-1][0]))
        return "\n\n".join(said) or None

    def _holdings(self) -> str:
        places = []
        for d in self.library.docs.values():
            name = "".join(d.record.place) or ("国家层面" if d.record.level in ("国家", "部委") else "")
            if name and name not in places:
                places.append(name)
        return "、".join(places[:12]) + ("等" if len(places) > 12 else "")

    def about(self, q: Question, doc: DocView, lines: list[Line]) -> Answer:
        """What the document says of itself outside its body (front_matter.py's `lines`): its source, the notice, the
        公告."""
        if not lines:
            return Answer(say("meta_missing", q.english, doc=f"《{doc.title}》", field=say("field_about", q.english)), False,
                          "meta", resolved=q.resolved)
        cites = CitationList()
        paragraphs: list[list[str]] = []
        for line in lines:
            c = cites.add(doc, line.text, "文件头" if line.front else "", line.number)
            if not line.wrapped:
                paragraphs.append(["", ""])
            paragraphs[-1][0] += line.text
            paragraphs[-1][1] += f" [{c.n}]" if c else ""
        for name in fields_asked(q.text):  # "…是否全文，文号是多少": the header field too
            field_line = _header_field(doc, name, cites, q.english)
            if field_line:
                paragraphs.append([field_line, ""])
        part = say("part_front" if lines[0].front else "part_back", q.english)
        text = say("about", q.english, doc=f"《{doc.title}》", part=part) + "\n\n" + "\n\n".join(t + m for t, m in paragraphs)
        return Answer(text + references_md(cites.items, q.english), True, "meta", citations=cites.items, resolved=q.resolved)

    def meta(self, q: Question) -> Answer:
        """A document's own particulars; of the documents a question names alike (国务院那个印发通知: the plan the
        State Council issued by notice, or the opinions it issued with the Party centre), the one that has them."""
        field_name = q.meta_field or "title"
        unheld = self._unheld_title(q.text)
        if unheld:  # 《南开区财政支持…实施方案》文号是多少: a document the plan names, not one the library holds
            return Answer(say("meta_unheld", q.english, doc=unheld, field=say(f"field_{field_name}", q.english)), False,
                          "meta", resolved=q.resolved)
        named = [self.library.docs[s] for s in (q.sources if q.scope.named else q.sources[:1])]
        if field_name == "about":
            terms = self._terms(q)
            return self.about(q, *next(((d, lines) for d in named if (lines := about_lines(d, q.text, terms))), (named[0], [])))
        doc = next((d for d in named if d.record.meta.get(field_name) is not None), named[0])
        label = say(f"field_{field_name}", q.english)
        name = f"《{doc.title}》"
        f = doc.record.meta.get(field_name)
        if f is None:
            return Answer(say("meta_missing", q.english, doc=name, field=label), False, "meta", resolved=q.resolved)
        cites = CitationList()
        c = cites.add(doc, str(f["quote"]), "文件头", int(f["line"]))
        parts = [say("meta", q.english, doc=name, field=label, value=f["value"]) + (f" [{c.n}]" if c else "") + "。"]
        for other in ("issuer", "date", "doc_no"):
            field_line = _header_field(doc, other, cites, q.english) if other != field_name else None
            if field_line:
                parts.append(field_line)
        if asks_about(q.text):  # "…and which website reported it": the line that says so, too
            for line in about_lines(doc, q.text, self._terms(q)):
                known = len(cites.items)
                lc = cites.add(doc, line.text, "文件头" if line.front else "", line.number)
                if lc is None or len(cites.items) > known:  # not a line already cited for a field above
                    parts.append(line.text + (f" [{lc.n}]" if lc else ""))
        text = parts[0] + ("\n\n" + "；".join(parts[1:]) + "。" if len(parts) > 1 else "")
        return Answer(text + references_md(cites.items, q.english), True, "meta", citations=cites.items, resolved=q.resolved)

    def _unheld_title(self, text: str) -> str | None:
        """A 《title》 the question quotes that is no document of the library (nor a part of one's title)."""
        titles = [squeeze(d.title) for d in self.library.docs.values()]
        for quoted in re.findall(r"《([^》]{6,})》", text):
            quoted = squeeze(quoted)
            if not any(quoted in t or t in quoted or SequenceMatcher(None, quoted, t).ratio() >= 0.8 for t in titles):
                return f"《{quoted}》"
        return None

    def listing(self, q: Question) -> Answer:
        """The items of the part the question names: its headings, else the ——/numbered items of its text."""
        named = self._named_items(q)
        if named is not None:
            return named
        found = None
        # an English question names the part in the plans' words
        asked = " ".join(c.replace("|", " ") for c in q.concepts) if q.english else q.resolved
        # a part of another document answers only a question that names it: the words may be a topic's there
        for source in q.sources if q.scope.named else q.sources[:1]:
            doc = self.library.docs[source]
            node = _match_node(doc.outline(), asked)
            if node is not None:
                found = (doc, node)
                break
        if found is not None and re.search(WHICH_PART, q.text):
            placed = self._part_of(found[0], found[1], q)
            if placed is not None:
                return placed
        if found is not None and _LEAD_ASKED.search(q.text) and found[1].chunks and found[1].children:
            return self._clause(q, found[1].chunks[0], [])  # 科技创新行动的总述里要加强哪两块: its own opening words
        enumerated = self._enumerated(q, found[1] if found else None)
        if enumerated is not None:
            return enumerated
        if found is None:
            doc = self.library.docs[q.sources[0]]
            if not _STRUCTURE.search(q.text) and not re.search(LAST_ITEM, q.text):  # what a sentence enumerates
                return self.general(q)
            found = (doc, None)
        doc, node = found
        articles = _articles(node.children if node else doc.outline())
        last_article = bool(articles and _LAST_ASKED.search(q.text))
        if last_article and not _ARTICLES_ASKED.search(q.text):  # 最后一条规定了什么: that article, not the chapters
            line = articles[-1][1]
            chunk = next((c for c in doc.chunks if c.line_start <= line <= c.line_end), None)
            if chunk is not None:
                return self._clause(q, chunk, [])
        cites = CitationList()
        where = f"「{node.label}」" if node else ""
        items: list[tuple[str, int, str]] = [(c.label, c.line, "、".join(g.label for g in c.children[:12]))
                                              for c in (node.children if node else doc.outline())]
        nth = _NTH_UNDER.search(q.resolved)
        picked = cn_to_int(nth.group(1)) if node is not None and nth else 0
        if re.search(LAST_ITEM, q.resolved) and not last_article and not picked:  # 收尾的那一部分叫什么: the last
            picked = len(items)
        if 0 < picked <= len(items):  # 循环经济助力降碳行动下面第四条叫什么: that item alone
            items = [items[picked - 1]]
        else:
            picked = 0
        if node is not None and not items:
            own = heading_title(node.label)
            items = [(name, line, "") for name, line in _inline_items(doc, node) if name != own]
        if len(items) < 2 and not picked:  # a heading with nothing under it: the sentence that enumerates, else the heading's own text
            answer = self.general(q)
            return self._clause(q, node.chunks[0], []) if not answer.found and node is not None and node.chunks else answer
        lines = [say("list_nth", q.english, doc=f"《{doc.title}》", where=where, k=picked) if picked
                 else say("list", q.english, doc=f"《{doc.title}》", where=where, n=len(items))]
        anchors = []
        for i, (label, line, sub) in enumerate(items, picked or 1):
            c = cites.add(doc, label, node.label if node else "", line)
            lines.append(f"{i}. **{label}**" + (f" [{c.n}]" if c else "") + (f"：{sub}" if sub else ""))
            anchors += [(c.source, c.line, c.quote)] if c else []
        if _ARTICLES_ASKED.search(q.text) and articles:  # 一共多少条: the count the chapters' lists add up to
            lines.append(say("articles", q.english, n=len(articles), first=articles[0][0], last=articles[-1][0]))
        if last_article:  # …最后一条规定了什么: that article's text
            last = doc.lines[articles[-1][1] - 1].strip()
            c = cites.add(doc, last, "", articles[-1][1])
            lines.append(last + (f" [{c.n}]" if c else ""))
        return Answer("\n".join(lines) + references_md(cites.items, q.english), True, "overview", citations=cites.items,
                      resolved=q.resolved, state=q.turn(_anchor(cites), anchors if len(anchors) == len(items) else None))

    def _part_of(self, doc: DocView, node: OutlineNode, q: Question) -> Answer | None:
        """The top-level part (chapter) a named section or article stands under, cited at both headings."""
        # every clause carries its heading path from the top: the path through the node starts at its part
        root = next((c.path[0] for c in doc.chunks if any(line == node.line for line, _ in c.path[1:])), None)
        if root is None:
            return None
        cites = CitationList()
        under, part = (f"「{label}」" + (f" [{c.n}]" if (c := cites.add(doc, label, "", line)) else "")
                       for line, label in (root, (node.line, node.label)))
        text = say("part_of", q.english, doc=f"《{doc.title}》", part=part, root=under)
        return Answer(text + references_md(cites.items, q.english), True, "overview", citations=cites.items,
                      resolved=q.resolved, state=q.turn(_anchor(cites)))

    def _named_items(self, q: Question) -> Answer | None:
        """提到了哪几条“新赛道”: each clause of one document that names the quoted word (抢占智慧应用场景新赛道,
        布局数字内容创作新赛道, …), when it names it more than once."""
        for word in re.findall(r"(?:哪几|哪些|几)[个条种项类处样]?[“\"]([^”\"]{2,12})[”\"]", q.text):  # the quoted is what is listed
            for source in q.sources:
                doc = self.library.docs[source]
                clauses = {c.strip(): chunk for chunk in doc.chunks if chunk.kind != "notice"
                           for c in re.split(r"[，,。；;：:\n]", chunk.text) if word in c}
                if len(clauses) < 2:
                    continue
                cites = CitationList()
                lines = [say("named_items", q.english, doc=f"《{doc.title}》", word=word, n=len(clauses))]
                for i, (clause, chunk) in enumerate(clauses.items(), 1):
                    c = cites.add_chunk(doc, chunk, clause, whole_lines=False)
                    lines.append(f"{i}. **{clause}**" + (f" [{c.n}]" if c else ""))
                return Answer("\n".join(lines) + references_md(cites.items, q.english), True, "overview",
                              citations=cites.items, resolved=q.resolved, state=q.turn(_anchor(cites)))
        return None

    def _enumerated(self, q: Question, node: OutlineNode | None) -> Answer | None:
        """The list a sentence writes where the question's 哪几 stands (坚持哪几种思维), before any part's headings."""
        asked = None if q.english else asked_list(q.resolved, node.label if node else "", bool(node and node.children))
        if asked is None:
            return None
        lead, _ = self._locate(q, self.candidates)
        # a sentence listing between the question's own words is evidence enough: the nearest clauses are read too
        near = [lead.chunk] if lead else [c.chunk for c in self.candidates(q, q.sources)[:3]]
        for chunk in near + (node.chunks if node else []):
            doc = self.library.docs[chunk.source]
            found = asked.items_in(doc.unit_text(chunk.unit))
            if found is None:
                continue
            cites = CitationList()
            c = cites.add_chunk(doc, chunk, found.sentence)
            lines = [say("list", doc=f"《{doc.title}》", where=f"「{chunk.section}」", n=len(found.items))]
            lines += [f"{i}. **{item}**" + (f" [{c.n}]" if c else "") for i, item in enumerate(found.items, 1)]
            return Answer("\n".join(lines) + references_md(cites.items), True, "overview", citations=cites.items,
                          resolved=q.resolved, state=q.turn(_anchor(cites)))
        return None

    def due(self, q: Question) -> Answer:
        """The tasks (or only the targets, when 指标/目标 are asked) that fall due by the time named, from the ledger."""
        year = int(q.year) if q.year and q.year.isdigit() else int(_PLAN_YEARS.get(q.year or "", "0")) or None
        units = [u for _, us in q.unit_aliases for u in us if u in self.library.units_in(q.sources)]
        starting = bool(re.search(r"年\s*起|开始", q.text))
        rows = []
        for unit in units or [None]:
            for r in ledger(self.library, q.sources, unit, year):
                if starting and not any(n.kind == "from" and n.year == year for n in r.time_nodes):
                    continue
                if r not in (x for x, _ in rows):
                    rows.append((r, unit))
        targets_only = bool(re.search(r"指标|目标|target", q.text, re.I))
        cites = CitationList()
        lines = []
        for r, unit in rows:
            doc = self.library.docs[r.source]
            if targets_only:
                wanted = [t for t in r.targets if not year or t.year.startswith(str(year)) or _year_matches(str(year), t.year)]
                if not wanted:
                    continue
                for t in wanted:
                    c = cites.add(doc, t.text, r.section, r.line)
                    lines.append(f"{len(lines) + 1}. {r.name}：{_when(t)}{t.metric} **{t.value}**" + (f" [{c.n}]" if c else ""))
            else:
                c = cites.add(doc, r.quote, r.section, r.line)
                role = f"（{r.role(unit)}）" if unit else f"（{'、'.join(r.lead_units)}牵头）"
                lines.append(f"{len(lines) + 1}. {r.name}{role}：{r.nodes_text() or r.targets_text()}" + (f" [{c.n}]" if c else ""))
        when = f"{q.year}年" + ("起" if starting else "") if q.year and q.year.isdigit() else (q.year or "")
        who = "、".join(units)
        if not lines:
            return self._not_found(q, f"{self._where(q)}中没有{who}{when}的{'指标' if targets_only else '任务'}。")
        head = f"{who + '在' if who else ''}{self._where(q)}中{when}要完成的{'指标' if targets_only else '任务'}共 {len(lines)} 项："
        return Answer(head + "\n" + "\n".join(lines) + references_md(cites.items, q.english), True, "due",
                      departments=units, citations=cites.items, resolved=q.resolved)

    def reverse(self, q: Question) -> Answer:
        units = [u for _, us in q.unit_aliases for u in us]
        units = list(dict.fromkeys(u for u in units if u in self.library.units_in(q.sources)))
        sources = q.sources
        if not q.scope.named and (own := [u for u in units if u in self.library.units_in(q.sources[:1])]):
            units, sources = own, q.sources[:1]  # "住建委" with no document named is the primary plan's own unit
        if not units:
            missing = "、".join(a for a, _ in q.unit_aliases) or "、".join(q.unknown_units)
            if not missing:  # no unit named after all: the question is about the text
                return self.general(q)
            return Answer(say("reverse_none", q.english, doc=self._where(q), unit=missing), False, "reverse",
                          resolved=q.resolved)
        topic = None if q.english else _reverse_topic(q, [self.library.docs[s] for s in sources])
        terms = self._terms(q) if topic else []
        cites = CitationList()
        blocks = []
        items: list[tuple[str, int, str] | None] = []  # each task listed, for "第三项具体说了什么?"
        if len(units) > 1:
            blocks.append(say("ambiguous", q.english, alias=q.unit_aliases[0][0], units="、".join(units)))
        for unit in units:
            for source in sources:
                doc = self.library.docs[source]
                rows: list[tuple[str, str]] = []  # (action, line)
                for task in doc.tasks():
                    if unit not in task.owners or topic and topic not in _task_text(doc, task):
                        continue
                    c = cites.add_short(doc, task, unit_quotes(task, unit))
                    role = say(f"role_{task.duty.role(unit)}", q.english)
                    line = f"{len(rows) + 1}. {doc.task_label(task)}（{role}）" + (f" [{c.n}]" if c else "")
                    items.append((c.source, c.line, c.quote) if c else None)
                    said = self._said_of(doc, task, unit, topic, terms) if topic else None
                    if said:  # 区委党校在领导干部培训中要做什么: what the task's text asks of it, not its title alone
                        s = cites.add_chunk(doc, task, said)
                        line += f"\n   > {said}" + (f" [{s.n}]" if s else "")
                    rows.append((action_of(task.path), line))
                if rows:
                    blocks.append(say("reverse_topic" if topic else "reverse", q.english, unit=unit, doc=f"《{doc.title}》",
                                      n=len(rows), topic=topic) + "\n"
                                  + _folded(rows))
        if topic and not cites.items:  # 区税务局在海绵城市建设中承担什么职责: none of its tasks is on that
            return Answer(say("reverse_topic_none", q.english, doc=self._where(q), unit="、".join(units), topic=topic),
                          False, "reverse", resolved=q.resolved)
        listed = [i for i in items if i is not None]
        return Answer("\n\n".join(blocks) + references_md(cites.items, q.english), True, "reverse", departments=units,
                      citations=cites.items, resolved=q.resolved,
                      state=q.turn(_anchor_of(cites.items),
                                   listed if len(listed) == len(items) and len(units) == 1 else None))

    def _said_of(self, doc: DocView, task: Chunk, unit: str, topic: str, terms: list[str]) -> str | None:
        """The sentence of the task's body that names the unit (党校) or the topic, beyond its title and annotation."""
        title = heading_title(task.path[-1][1]) if task.path else ""
        name = re.sub(r"^[区市省县]", "", unit)
        body = [x for x in sentences(doc.unit_text(task.unit).replace(task.annotation or "\0", ""))
                if not (title and title in x and len(x) <= len(title) + 6) and (name in x or topic in x)]
        return best_sentences("".join(body), [topic, name, *terms], limit=1) if body else None

    def owner(self, q: Question) -> Answer:
        chunk = self._anchor_chunk(q)
        others: list[Candidate] = []
        if chunk is None:
            lead, others = self._locate(q, lambda qq, group: self.candidates(qq, group, owners=True))
            chunk = lead.chunk if lead is not None else self._task_of_figure(q)
            if chunk is None:
                return self._not_found(q, say("refuse_owner", q.english, where=self._where(q)))
        doc = self.library.docs[chunk.source]
        task = doc.unit_chunks(chunk.unit)[-1] if chunk.owners else chunk
        cites = CitationList()
        name = f"《{doc.title}》"
        vetting = _VETTING.search(q.text)  # "经谁审核": who vets it, not who owns the task
        if not task.owners or vetting and any(vetting.group(1) in s and actors(s) for s in sentences(chunk.text)):
            quote = best_sentences(chunk.text, self._terms(q), prefer=re.compile(vetting.group(1)) if vetting else None)
            c = cites.add_chunk(doc, chunk, quote)
            acting = actors(quote)  # a plan without annotations names who acts in the sentence itself
            phrase = "vets" if task.owners else "actors" if acting else "no_owners"
            text = say(phrase, q.english, doc=name, section=chunk.section or "正文", units="、".join(f"**{u}**" for u in acting),
                       act=vetting.group(1) if vetting else "", owners="、".join(task.owners)) + (f" [{c.n}]" if c else "") + "。"
            text += self._figures(q, doc, chunk, cites) + self._also(q, others, cites)
            return Answer(text + references_md(cites.items, q.english), True, "owner", departments=acting,
                          citations=cites.items, resolved=q.resolved, state=q.turn(_anchor(cites)))
        c = cites.add_chunk(doc, task, owner_quote(task, doc.unit_text(task.unit), self._terms(q)))
        lead = say("lead", q.english, units="、".join(f"**{u}**" for u in task.leads)) if task.leads else ""
        text = say("owners", q.english, doc=name, section=doc.task_label(task), n=len(task.owners),
                   units=units_md(task.owners, task.leads), lead=lead) + (f" [{c.n}]" if c else "") + "。"
        text += self._figures(q, doc, task, cites) + self._also(q, others, cites)
        targets = [t for ch in doc.unit_chunks(task.unit) for t in ch.targets] if Kind.TARGET in q.also else []
        return Answer(text + references_md(cites.items, q.english), True, "owner", departments=list(task.owners),
                      leads=list(task.leads), targets=targets, citations=cites.items, resolved=q.resolved,
                      state=q.turn(_anchor(cites)))

    def _task_of_figure(self, q: Question) -> Chunk | None:
        """For "…的比例,2025年要过多少?这事哪些部门管?": the task whose figure answers the figure asked, when the words
        alone found no task (the figure's year and measure say more than 大家出门选绿色方式)."""
        if Kind.TARGET not in q.also:
            return None
        figure = self.target(dc_replace(q, kind=Kind.TARGET, also=()))
        if not figure.found or figure.state is None or figure.state.anchor is None:
            return None
        chunk = self._anchor_chunk(dc_replace(q, anchor=figure.state.anchor))
        return chunk if chunk is not None and chunk.owners else None

    def _figures(self, q: Question, doc: DocView, chunk: Chunk, cites: CitationList) -> str:
        """The targets of the same task, when the question also asks the figure."""
        if Kind.TARGET not in q.also:
            return ""
        rows = []
        figures = [] if goal_in_words(q.text) else [t for ch in doc.unit_chunks(chunk.unit) for t in ch.targets
                                                     if (not q.year or _year_matches(q.year, t.year))
                                                     and _in_unit_asked(q.text, t.value)]
        key = self._key(q, chunk.source)
        body = doc.unit_text(chunk.unit)
        # the thing asked stands in the clause with no figure of its own (基本建成“无废城市”): that sentence, not the others
        in_words = bool(key) and not q.english and covered(key, body)
        named = [t for t in figures if key and covered(key, f"{t.metric} {_own_clause(t)}")]
        # of a task's figures, those of the thing asked (设计能效…提高20%, not 碳排放强度)
        for t in named or ([] if in_words else figures):
            c = cites.add_chunk(doc, chunk, t.text)
            rows.append(f"- {_when(t)}{t.metric} **{t.value}**" + (f" [{c.n}]" if c else "") + f"\n  {say('quote', q.english)}：“{t.text}”")
        if rows:
            return "\n\n" + say("targets", q.english, doc=f"《{doc.title}》", section=chunk.section) + "\n" + "\n".join(rows)
        span = _year_span(body, q.year)
        if span == body and not in_words:
            return ""
        quote = best_sentences(span, self._terms(q), limit=1)  # a goal in words for the year: 到2025年,基本建成“无废城市”
        c = cites.add_chunk(doc, chunk, quote)
        return "\n\n" + say("according", q.english, doc=f"《{doc.title}》", section=chunk.section) + f"\n\n{quote}" + (
            f" [{c.n}]" if c else "")

    def target_candidates(self, q: Question, sources: list[str]) -> list[Candidate]:
        """Targets ordered by how well their metric and clause say the question.

        Only the targets of clauses either retriever found are weighed, and
        only the best of those get the full evidence: a library of hundreds of
        plans holds thousands of targets, and a question is about a few.
        """
        terms = self._figure_terms(q)
        weights = self.weights(sources)
        anchor = self._anchor_chunk(q)
        found = self.search.search(q.search_text, sources, k=TARGET_POOL, dense_query=q.dense_text, verbatim=q.quoted)
        hits = {h.chunk.unit: h for h in found[:12]}
        pool = {h.chunk.unit for h in found} | ({anchor.unit} if anchor else set())
        ranked = []
        for s in sources:
            for chunk, t in self.library.docs[s].targets():
                if chunk.unit not in pool or q.year and not _year_matches(q.year, t.year):
                    continue
                hit = hits.get(chunk.unit)
                fused = hit.score if hit else 0.0
                rank = (coverage(terms, f"{t.metric} {_own_clause(t)}") + 0.3 * coverage(terms, t.text)
                        + 0.2 * coverage(content_terms(t.metric), q.search_text)  # of two figures in one phrase, the one
                        # whose metric the question says (碳排放下降7%, not 能耗…下降5%)
                        + 0.3 * coverage(terms, chunk.text) + 20 * fused + (0.3 if anchor and anchor.unit == chunk.unit else 0.0)
                        + ((10 * hit.lift if hit else 0.0) if q.english else 0.0)
                        + (1.0 if any(v in t.text for v in q.quoted) else 0.0))
                ranked.append((rank, chunk, t, hit))
        ranked.sort(key=lambda r: -r[0])
        out = []
        core = strip_asking(q.search_text)
        phrases: dict[str, float] = {}  # a clause with several targets is compared with the question once
        documents: dict[str, float] = {}
        for rank, chunk, t, hit in ranked[:EVIDENCE_POOL]:
            cov = max(coverage(terms, f"{t.metric} {chunk.text}", weights), coverage(terms, f"{chunk.section} {chunk.text}", weights))
            if chunk.id not in phrases:
                phrases[chunk.id] = phrase_overlap(core, chunk.text)
            if chunk.source not in documents:
                documents[chunk.source] = coverage(terms, self.library.docs[chunk.source].text, weights)
            evidence = Evidence(cov, key_coverage(terms, f"{t.metric} {chunk.section} {chunk.text}", weights),
                                phrases[chunk.id], 10 * hit.lift if hit else 0.0, 30 * (hit.score if hit else 0.0),
                                float(q.english), documents[chunk.source])
            out.append(Candidate(chunk, _quoted_evidence(evidence) if quotes(chunk, q.quoted) else evidence, rank, t))
        return _with_margins(out)

    def _of_another_place(self, q: Question, chunk: Chunk) -> bool:
        """The question asks of a place the plan lists among its units (上海方案里松江区要建多少座公园), and the clause
        found neither names it nor lists it: its figure is the whole city's, not that place's."""
        doc = self.library.docs[chunk.source]
        home = "".join(doc.record.place)
        places = [u for _, units in q.unit_aliases for u in units if _PLACE_UNIT.fullmatch(u) and u not in home]
        text = f"{doc.unit_text(chunk.unit)} {' '.join(doc.unit_chunks(chunk.unit)[-1].owners) if chunk.unit else ''}"
        return bool(places) and not any(p in text for p in places)

    def target(self, q: Question) -> Answer:
        lead, others = self._locate(q, self.target_candidates)
        if lead is not None and self._of_another_place(q, lead.chunk):
            return self._refuse(q)
        asks_figure = re.search(r"多少|" + COUNT + r"|比例|比重|百分|(?<!效)率|how much|how many|\b(share|rate|ratio|proportion)\b"
                                r"|percent|\bnumber of\b|\btarget\b", q.text, re.I)
        unkeyed = lead is not None and q.english and asks_figure and self._lacks_glossed_key(
            q, f"{lead.chunk.section} {lead.chunk.text}", lead.source)
        if unkeyed:
            lead = None  # a figure asked in English whose main word the clause lacks is another figure ("buses")
        if lead is not None and lead.target is not None and not _in_unit_asked(q.text, lead.target.value):
            lead = None  # 补贴多少钱 is not answered by a coverage rate of 50%
        based = baselines_of(lead.target.text) if lead is not None and lead.target is not None else []
        asked_base = baselines_of(q.text) if based else []
        if asked_base and not set(asked_base) & set(based):
            return self._refuse(q)  # 以2005年为基年…2025年降多少: the 2025 figure is measured from 2020
        if lead is not None and lead.target is not None and q.year \
                and (asks_figure or not self._said_for_year(q, lead)) and self._set_for_other_years(q, lead):
            return self._refuse_year(q)
        if lead is not None and lead.target is not None and asks_figure and self._said_better_elsewhere(q, lead):
            lead = None  # 建筑屋顶光伏覆盖率 is not answered by 森林覆盖率 24.1%: the clause that says it has the word
        if lead is not None and lead.target is not None and not asks_each(q.text) and self._in_words_only(q, lead.chunk):
            answer = self._clause(q, lead.chunk, others)
            if _asked_unit(q.text) and not any(_states_figure(c.quote, q.text) for c in answer.citations[:1]):
                return self._refuse(q)  # a count asked, none said
            key = self._key(q, lead.source)
            if asks_figure and key and not any(covered(key, c.quote) for c in answer.citations[:1]):
                return self._refuse(q)  # 海上风电装机多少: the year's figure there is of 风电、太阳能发电, not of it
            return answer
        if lead is not None and lead.target is not None and not asks_each(q.text) and self._metric_in_words(q, lead.chunk):
            # the metric is said in words only (大幅下降, 下降不低于全区水平): that sentence answers, but not a count of
            # percentage points (降几个点), which no figure there gives
            return self._refuse(q) if _POINTS_ASKED.search(q.text) else self._clause(q, lead.chunk, others)
        qualifier = self._unsaid_qualifier(q, lead) if lead is not None and lead.target is not None else None
        if qualifier is not None and not covered(qualifier, self.library.docs[lead.source].text):
            return self._refuse(q)  # 森林覆盖率: not 屋顶光伏覆盖率
        if qualifier is not None and not covered(qualifier, _lead_in(lead.chunk.text, lead.target.text)):
            lead = None  # 海上风电装机: not 风电、太阳能发电总装机, though the clause says 海上风电 elsewhere
        if lead is not None and not q.scope.named and lead.source != q.sources[0] and not asks_figure \
                and self._said_in_words(q, lead):
            return self.general(q)
        if lead is None or lead.target is None:
            if q.year and (asks_figure or not any(q.year in self.library.docs[s].text for s in q.sources)):
                return self._refuse_year(q)
            answer = self.general(q)
            if asks_figure and answer.found and not any(_states_figure(c.quote, q.text) for c in answer.citations[:1]):
                return self._refuse(q)  # a figure asked, none stated
            if unkeyed and answer.found and answer.citations and self._lacks_glossed_key(
                    q, f"{answer.citations[0].section} {answer.citations[0].quote}", answer.citations[0].source):
                return self._refuse(q)  # nor does the clause found
            return answer
        chunk, best = lead.chunk, lead.target
        if q.year and self._other_year_only(q, chunk, best):
            return self._refuse_year(q)
        doc = self.library.docs[chunk.source]
        in_document = self.target_candidates(q, [chunk.source])
        chosen = [lead] + [c for c in in_document
                           if c.chunk.unit == chunk.unit and (t := c.target) and t.metric == best.metric and t != best
                           and not q.year]
        chosen += self._asked_too(q, chosen, in_document)
        cites = CitationList()
        rows = []
        for found in chosen:
            t = found.target
            c = cites.add_chunk(doc, found.chunk, t.text)
            rows.append(f"- {_when(t)}{t.metric} **{t.value}**" + (f" [{c.n}]" if c else ""))
            rows.append(f"  {say('quote', q.english)}：“{t.text}”")
        text = say("targets", q.english, doc=f"《{doc.title}》", section=chunk.section) + "\n" + "\n".join(rows)
        text += self._also(q, others, cites)
        return Answer(text + references_md(cites.items, q.english), True, "target", targets=[c.target for c in chosen],
                      citations=cites.items, resolved=q.resolved, state=q.turn(_anchor(cites)))

    def _asked_too(self, q: Question, chosen: list[Candidate], in_document: list[Candidate]) -> list[Candidate]:
        """The figures a question asks in the same breath as the one found: the same metric for each further year
        (2025年和2030年分别…), and, asked of each (A和B分别是多少 / 各降多少), the figure of every further thing it
        names, which the figures found so far leave unsaid. Only in the lead's document (`in_document`, its figures
        for the question as asked), and only figures that answer on their own or stand in the lead's clause."""
        lead, more = chosen[0], []
        for year in (y for y in q.years if y != q.year):
            found = [c for c in self.target_candidates(dc_replace(q, year=year), [lead.source])
                     if c.evidence.answers or c.chunk.unit == lead.chunk.unit]
            same = [c for c in found if c.target.metric == lead.target.metric] or found
            if same and same[0].target not in [c.target for c in chosen + more]:
                more.append(same[0])
        if not asks_each(q.text):
            return more
        terms, weights = self._figure_terms(q), self.weights([lead.source])
        total = sum(weights(t) for t in terms) or 1.0

        def says(found: list[Candidate]) -> set[str]:
            return {t for t in terms if any(covered(t, _figure_phrase(c.target)) for c in found)}

        said = says(chosen + more)
        for c in in_document[:8]:
            new = says([c]) - said
            if sum(weights(t) for t in new) >= 0.1 * total and (c.evidence.answers or c.chunk.unit == lead.chunk.unit):
                more.append(c)
                said |= new
        return more

    def _figure_terms(self, q: Question) -> list[str]:
        """The question's terms without 目标 / 指标, which every figure is."""
        return [t for t in self._terms(q) if t not in ("目标", "指标")]

    def _key(self, q: Question, source: str) -> str | None:
        """The question's weightiest word: the metric a figure has to be of."""
        terms = self._figure_terms(q)
        return max(terms, key=self.weights([source])) if terms else None

    def _unsaid_qualifier(self, q: Question, lead: Candidate) -> str | None:
        """The word the question writes right before its metric (森林 of 森林覆盖率), when the figure found is of the
        same kind of metric and its sentence never says it (屋顶光伏覆盖率); the plan that never says it at all sets
        no such figure. (A sentence may leave it to the one before: 大宗固废年利用量…；到2030年，年利用量…)"""
        key = self._key(q, lead.source)
        at = q.text.find(key) if key and "|" not in key else -1
        if at <= 0:
            return None
        figure = f"{lead.target.metric} {lead.target.text}"
        return next((t for t in self._figure_terms(q) if t != key and "|" not in t and q.text.find(t) >= 0
                     and q.text.find(t) + len(t) == at and not covered(t, figure)), None)

    def _in_words_only(self, q: Question, chunk: Chunk) -> bool:
        """The clause states the metric asked without a figure, and its figures are of other metrics: 单位地区生产
        总值能源消耗…完成全市下达指标,…形成优势科研项目30个 answers 能耗 in words, never with 30个."""
        key = self._key(q, chunk.source)
        return key is not None and covered(key, chunk.text) and not any(
            covered(key, f"{t.metric} {_own_clause(t)}") for c in self.library.docs[chunk.source].unit_chunks(chunk.unit)
            for t in c.targets)

    def _metric_in_words(self, q: Question, chunk: Chunk) -> bool:
        """One sentence says all the question's words for the year asked, and none of that year's figures does:
        2030年单位国内生产总值能耗大幅下降, beside 单位国内生产总值二氧化碳排放下降65% (whose metric holds the
        weightiest word, 生产总值, but not 能耗)."""
        terms = self._figure_terms(q)
        if not q.year or len(terms) < 2:
            return False
        targets = [t for c in self.library.docs[chunk.source].unit_chunks(chunk.unit) for t in c.targets
                   if _year_matches(q.year, t.year)]
        said = [s for s in sentences(_year_span(chunk.text, q.year))
                if all(covered(t, s) for t in terms) and not any(t.value in s for t in targets)]  # a sentence with no figure
        return bool(said) and not any(all(covered(t, f"{x.metric} {_own_clause(x)}") for t in terms) for x in targets)

    def _other_year_only(self, q: Question, chunk: Chunk, best: Target) -> bool:
        """The clause sets the asked metric for another year only: "那到2030年呢?" after its 2025 再生水利用率 is not
        answered by the clause's 2030 垃圾分类 goal."""
        key = self._key(q, chunk.source)
        if key is None:
            return False
        return not covered(key, f"{best.metric} {best.text}") and any(
            t.year != best.year and covered(key, f"{t.metric} {_own_clause(t)}")
            and best.metric not in t.metric  # "到2030年，年利用量达到45亿吨" goes on with 大宗固废年利用量
            for c in self.library.docs[chunk.source].unit_chunks(chunk.unit) for t in c.targets)

    def _set_for_other_years(self, q: Question, lead: Candidate) -> bool:
        """The figure asked is set for other years only: the year's best figure is of another metric, and a figure
        for another year says the question far better (2030年星级绿色建筑占比 is not 2030年绿色出行比例80%). A rival
        whose metric holds the lead's is the same figure named in full ("到2030年，年利用量…" after 大宗固废年利用量)."""
        says = self._says_figure(q, lead.source)
        if says(lead) > 0.7:
            return False  # no rival can say the question 0.3 better: spare the second search
        rivals = [c for c in self.target_candidates(dc_replace(q, year=None), [lead.source])[:3]
                  if not _year_matches(q.year, c.target.year) and lead.target.metric not in c.target.metric]
        return any(says(c) >= says(lead) + 0.3 for c in rivals)

    def _said_for_year(self, q: Question, lead: Candidate) -> bool:
        """The clause's words under the year asked say all the question does: 2030年能源结构有啥要求 may be answered
        in words there; 2030年绿色社区创建有没有新的目标 is not, by a 2030 part on 绿色出行."""
        terms = self._figure_terms(q)
        return coverage(terms, _year_span(lead.chunk.text, q.year), self.weights([lead.source])) >= 0.99

    def _says_figure(self, q: Question, source: str) -> Callable[[Candidate], float]:
        """How much of the question a figure's metric and its own clause say."""
        terms, weights = self._figure_terms(q), self.weights([source])
        return lambda c: coverage(terms, f"{c.target.metric} {_own_clause(c.target)}", weights)

    def _said_better_elsewhere(self, q: Question, lead: Candidate) -> bool:
        """The figure found says little of the question, and a clause of another task of its document says it far
        better (says half of it, and a fifth more): that clause, with or without a figure, is what is asked about."""
        says = self._says_figure(q, lead.source)(lead)
        if says >= 0.5 or q.english:  # a translation's words are too loose to weigh two clauses by
            return False
        return any(c.chunk.unit != lead.chunk.unit and c.evidence.coverage >= max(0.5, says + 0.2)
                   for c in self.candidates(q, [lead.source])[:3])

    def _lacks_glossed_key(self, q: Question, text: str, source: str) -> bool:
        """The weightiest of the English question's field terms is not in the clause. The dictionary's guesses for
        common words ("meet" -> 会议) are no key: only what the field glossary translated counts."""
        terms = [t for t in self._terms(q) if t in q.glossed and not all(w in QUESTION_WORDS for w in t.split("|"))]
        return bool(terms) and key_coverage(terms, text, self.weights([source])) == 0

    def _said_in_words(self, q: Question, lead: Candidate) -> bool:
        """The primary document states this goal for the year asked, in words rather than a figure
        ("单位地区生产总值二氧化碳排放完成全市下达指标"): that, not another plan's figure, answers."""
        if not q.year:
            return False
        return any(c.evidence.answers and c.evidence.logit >= lead.evidence.logit and _says_year(q.year, c.chunk.text)
                   for c in self.candidates(q, q.sources[:1])[:3])

    def basis(self, q: Question) -> Answer:
        """The sentence that names the documents a plan rests on (根据《…》《…》), or says what it was made for
        (为…，制定本方案), near its start."""
        opening = _MADE_FOR if PURPOSE(q.text) else _RESTS_ON
        for source in q.sources:
            doc = self.library.docs[source]
            for chunk in doc.chunks[:6]:
                sentence = next((s for s in re.split(r"(?<=[。；;])", chunk.text) if opening.search(s)), None)
                if sentence is None:
                    continue
                cites = CitationList()
                c = cites.add_chunk(doc, chunk, sentence.strip())
                text = say("according", q.english, doc=f"《{doc.title}》", section=chunk.section or "正文") + \
                    f"\n\n{sentence.strip()}" + (f" [{c.n}]" if c else "")
                return Answer(text + references_md(cites.items, q.english), True, "general", citations=cites.items,
                              resolved=q.resolved, state=q.turn(_anchor(cites)))
        return self.general(q)

    def define(self, q: Question) -> Answer:
        """The sentence that introduces the name asked about; the question read as the next kind would read it when
        no document in scope introduces a name it holds."""
        for source in q.sources:
            doc = self.library.docs[source]
            if source not in self._defined:
                self._defined[source] = [(c, d) for c in doc.chunks if c.kind != "notice" for d in definitions(c.text)]
            found = asked_definition(q.text, [d for _, d in self._defined[source]])
            if found is None:
                continue
            chunk = next(c for c, d in self._defined[source] if d is found)
            cites = CitationList()
            c = cites.add_chunk(doc, chunk, found.sentence)
            text = say("defines", q.english, doc=f"《{doc.title}》", section=chunk.section or "正文", term=found.term) + \
                f"\n\n{found.sentence}" + (f" [{c.n}]" if c else "")
            return Answer(text + references_md(cites.items, q.english), True, "general", citations=cites.items,
                          resolved=q.resolved, state=q.turn(_anchor(cites)))
        return self._as_next_kind(q)

    def _as_next_kind(self, q: Question) -> Answer:
        """The question read as the next row of the kinds table reads it: its own kind's look-up found nothing."""
        kind, also = classify(q.reading(), after=q.kind)
        return self.composers[kind](dc_replace(q, kind=kind, also=also))

    def figure(self, q: Question) -> Answer:
        """The targets that print the figures asked, all from one task where one task prints them all (40%和30%以上:
        the two shares of one clause, not 40% of one task and 30% of another); the primary plan first. Read as the
        next kind would read it when no target prints them."""
        asked = [(m.group(1), m.group(2).replace("％", "%")) for m in FIGURE.finditer(q.text)]
        best: tuple[tuple[int, int, float, int], list[tuple[Chunk, Target]]] | None = None
        terms = self._terms(q)
        for rank, source in enumerate(q.sources):
            by_unit: dict[str, list[tuple[Chunk, Target]]] = {}
            said: dict[str, set[tuple[str, str]]] = {}  # the figures each task prints
            for chunk, t in self.library.docs[source].targets():
                printed = {f for f in asked if _prints(f, t.value)}
                if printed:
                    by_unit.setdefault(chunk.unit, []).append((chunk, t))
                    said.setdefault(chunk.unit, set()).update(printed)
            for unit, found in by_unit.items():  # of two tasks printing 30%以上, the one whose metric the question names
                score = (len(said[unit]), -rank, coverage(terms, " ".join(f"{t.metric} {t.text}" for _, t in found)),
                         -len(found))
                if best is None or score > best[0]:
                    best = (score, found)
        if best is None:
            if not any(_prints(f, self.library.docs[s].text) for f in asked for s in q.sources):  # no plan prints it
                return self._not_found(q, say("refuse_figure", q.english, where=self._where(q),
                                              figure="、".join(n + u for n, u in asked)))
            return self._as_next_kind(q)
        cites = CitationList()
        doc = self.library.docs[best[1][0][0].source]
        lines = [say("figures", q.english, doc=f"《{doc.title}》", section=best[1][0][0].section or "正文")]
        for chunk, t in best[1]:
            c = cites.add_chunk(doc, chunk, t.text)
            when = f"{_when(t)[:-1]} " if _when(t) else ""
            lines.append(f"- **{t.value}**：{when}{t.metric}（{t.text}）" + (f" [{c.n}]" if c else ""))
        return Answer("\n".join(lines) + references_md(cites.items, q.english), True, "target", citations=cites.items,
                      resolved=q.resolved, state=q.turn(_anchor(cites)))

    def general(self, q: Question) -> Answer:
        anchor = self._anchor_chunk(q)
        if anchor is not None and q.within:
            return self._clause(q, anchor, [])
        lead, others = self._locate(q, self.candidates)
        if lead is not None:
            chunk = lead.chunk
        elif anchor is not None:
            chunk = anchor
        else:
            return self._refuse(q)
        if lead is not None and self._of_another_place(q, chunk):
            return self._refuse(q)
        if q.year and q.year.isdigit() and (not _says_year(q.year, f"{chunk.section} {chunk.text}")
                                            or not self._said_in_year(q, chunk)):
            return self._refuse_year(q)  # 2028: unstated
        if lead is not None and not q.year and asks_when(q.text) and not _TIME.search(f"{chunk.section} {chunk.text}"):
            return self._refuse(q)  # 专项法律何时出台, of a clause that names no time: the library does not say
        return self._clause(q, chunk, others)

    def _said_in_year(self, q: Question, chunk: Chunk) -> bool:
        """The clause does not say the question's words under another year's mark far better than under the year
        asked: 2030年个人新增购置车辆中纯电动车辆占比 is not answered by a clause whose 2025 part says it and whose
        2030 part is about ships. (A period before the mark, “十五五”期间…到2030年, is no other year's.)"""
        terms, weights = self._terms(q), self.weights([chunk.source])
        text = self.library.docs[chunk.source].unit_text(chunk.unit)  # a long task's later piece may hold the year
        marks = _marked_years(text)

        def said_under(year: str) -> float:  # a year's words end with its paragraph: the next may open a period
            spans = [_year_span(p, year) for p in text.split("\n") if year in _marked_years(p)]
            return coverage(terms, "\n".join(spans) or text, weights)

        asked = said_under(q.year) if q.year in marks else coverage(terms, text, weights)
        return not any(said_under(y) >= max(0.5, asked + 0.3) for y in marks - {q.year})

    def _clause(self, q: Question, chunk: Chunk, others: list[Candidate]) -> Answer:
        """The sentences of one clause that hold what is asked, with the other documents that say the same."""
        terms = self._terms(q) + ([f"{q.year}年"] if q.year and q.year.isdigit() else [])
        doc = self.library.docs[chunk.source]
        cites = CitationList()
        quote = slot_sentences(q.text, _year_span(body_of(chunk), q.year), terms)
        c = cites.add_chunk(doc, chunk, quote)
        text = say("according", q.english, doc=f"《{doc.title}》", section=chunk.section or "正文") + f"\n\n{quote}" + (
            f" [{c.n}]" if c else "")
        periods = [p for p in _PLAN_YEARS if p in quote] if asks_when(q.text) else []
        if periods:  # 到哪一年实现? of a clause that says “十四五”期间: the years that period ends
            text += "\n\n" + "；".join(say("period", q.english, period=p, first=int(_PLAN_YEARS[p]) - 4, last=_PLAN_YEARS[p])
                                        for p in periods) + ("." if q.english else "。")
        if chunk.owners:  # shown for context; the answer is not about responsibility, so it names no departments
            text += "\n\n" + say("task_owners", q.english, units=units_md(chunk.owners, chunk.leads))
        text += self._also(q, others, cites)
        return Answer(text + references_md(cites.items, q.english), True, q.kind.value if q.kind is Kind.GENERAL else "general",
                      citations=cites.items, resolved=q.resolved,
                      state=q.turn(_anchor(cites)))


# the examples a question gives of what it asks about in its own words (走路、骑车、坐公交这类绿色方式): the kind named
# after them is the topic, which a plan names in its words (绿色出行); examples a plan writes (绿色家庭、绿色学校) stay
_EXAMPLES = re.compile(r"((?:[\u4e00-\u9fff]{1,3}、)+[\u4e00-\u9fff]{1,4})(?:这类|这些|这种|之类的?|一类|等等)")
_POINTS_ASKED = re.compile(r"几个点|几个百分点|多少个?百分点|百分之几|how many (percentage )?points", re.I)
# a unit that is a place (嘉定区, 浦东新区, 某某县), not a department (区商务局) nor 各街道办事处
_PLACE_UNIT = re.compile(r"[\u4e00-\u9fff]{1,5}(?<![各市本全我])(区|县|新区|自治县)")
# words of the duty asked (区委组织部被列为哪些任务的责任单位), never a topic of the tasks
_DUTY_WORDS = re.compile(r"任务|责任|单位|部门|牵头|负责|配合|参与|职责|工作|事项|方案|文件")
MIN_TOPIC, RARE_TOPIC = 4, 0.2


def _header_field(doc: DocView, name: str, cites: CitationList, english: bool) -> str | None:
    """One field of the document's header (issuer, date, 文号) as a cited line, or None when the header lacks it."""
    f = doc.record.meta.get(name)
    if f is None:
        return None
    c = cites.add(doc, str(f["quote"]), "文件头", int(f["line"]))
    return f"{say(f'field_{name}', english)}：{f['value']}" + (f" [{c.n}]" if c else "")


def _lead_in(text: str, sentence: str) -> str:
    """A figure's sentence with the one before it, which may name what the figure is of (大宗固废年利用量…；到2030年，
    年利用量…)."""
    at = text.find(sentence)
    if at < 0:
        return sentence
    before = re.split(r"(?<=[。；;])", text[:at].rstrip())
    return "".join(before[-2:]) + sentence


def _task_text(doc: DocView, task: Chunk) -> str:
    """What a task says, with the headings it stands under: where a reverse question's topic is looked for."""
    return f"{task.section}{doc.unit_text(task.unit)}"


def _reverse_topic(q: Question, docs: list[DocView]) -> str | None:
    """The topic a question about a unit's duties narrows them to (区教育局在绿色低碳全民行动里负责哪些任务): the
    longest run of its words that the tasks write as they stand and only a few tasks hold, so 碳达峰任务 (the whole
    plan's) or a word of the asking (梳理, 全部) narrows nothing."""
    texts = [_task_text(d, t) for d in docs for t in d.tasks()]
    if not texts:
        return None
    asked = q.text  # as asked: a follow-up's borrowed topic (绿色出行比例… then 区统计局负责哪些任务) narrows nothing
    titles = [d.title for d in docs]
    for alias, _ in q.unit_aliases:
        asked = asked.replace(alias, "|")
    asked = _DUTY_WORDS.sub("|", asked)
    for run in sorted({asked[i:j] for i in range(len(asked)) for j in range(i + MIN_TOPIC, len(asked) + 1)},
                      key=len, reverse=True):
        if not re.fullmatch(r"[\u4e00-\u9fff]+", run) or any(run in title for title in titles):
            continue  # the document's name (在…经济体系的实施方案中，天津港集团负责哪些工作) narrows nothing
        holding = sum(run in t for t in texts)
        if holding:
            return run if holding <= max(1.0, RARE_TOPIC * len(texts)) else None
    return None


def _joined(answers: list[Answer], english: bool) -> Answer:
    """Several answers as one: their texts in turn, their citations numbered on, one list of references."""
    texts: list[str] = []
    citations: list[Citation] = []
    for a in answers:
        shift = len(citations)
        body = a.answer.split(references_md([], english).rstrip("\n"), 1)[0].rstrip()
        texts.append(re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + shift}]", body))
        citations += [dc_replace(c, n=c.n + shift) for c in a.citations]
    found = [a for a in answers if a.found]
    first = found[0] if found else answers[0]
    return Answer("\n\n".join(texts) + references_md(citations, english), bool(found), first.kind,
                  departments=list(dict.fromkeys(d for a in found for d in a.departments)),
                  leads=list(dict.fromkeys(u for a in found for u in a.leads)),
                  targets=[t for a in found for t in a.targets], citations=citations, resolved=first.resolved,
                  state=first.state)


def _quoted_evidence(evidence: Evidence) -> Evidence:
    """A clause holding words the question quotes from it is the clause asked about, whatever else the question says."""
    return dc_replace(evidence, coverage=1.0, key=1.0, phrase=1.0)


def _with_margins(ranked: list[Candidate]) -> list[Candidate]:
    """Each candidate's evidence learns how far it ranks above the best clause of another unit: a clause that
    stands out answers a loosely worded question more surely than one among equals."""
    for c in ranked:
        rival = max((o.rank for o in ranked if o.chunk.unit != c.chunk.unit), default=0.0)
        c.evidence = dc_replace(c.evidence, margin=min(1.0, max(0.0, c.rank - rival)))
    return ranked


def _anchor(cites: CitationList) -> tuple[str, int, str] | None:
    return _anchor_of(cites.items)


def _anchor_of(citations: list[Citation]) -> tuple[str, int, str] | None:
    first = citations[0] if citations else None
    return (first.source, first.line, first.quote) if first else None


FOLD_OVER = 8  # a list longer than this folds by action, each with its count


def _folded(rows: list[tuple[str, str]]) -> str:
    """A long list, folded by the action each task sits under; a short one as it is."""
    if len(rows) <= FOLD_OVER:
        return "\n".join(line for _, line in rows)
    groups: dict[str, list[str]] = {}
    for action, line in rows:
        groups.setdefault(action, []).append(line)
    return "\n".join(f"<details><summary>{html.escape(action or '其他')}（{len(lines)} 项）</summary>\n\n" + "\n".join(lines)
                     + "\n\n</details>" for action, lines in groups.items())


def _when(t: Target) -> str:
    if t.year.isdigit():
        return f"{t.year}年："
    return f"{t.year}：" if t.year else ""


def _own_clause(t: Target) -> str:
    """The clause holding the figure, without the earlier clauses its year phrase spans."""
    return re.split(r"[,，;；]", t.text)[-1]


def _prints(figure: tuple[str, str], value: str) -> bool:
    """The value prints the figure: the same number in the same unit (30% in 30%以上, not in 130% or 30万)."""
    number, unit = figure
    return any(m.group(1) == number and m.group(2).replace("％", "%") == unit for m in FIGURE.finditer(value))


def _figure_phrase(t: Target) -> str:
    """What one figure of a run says: its metric and the words before it back to the last 、 or comma
    ("能耗比2020年下降5%、碳排放下降7%": the 7% says 碳排放, not 能耗)."""
    end = t.text.find(t.value)
    return f"{t.metric} {re.split(r'[,，;；、]', t.text[: end + len(t.value)] if end >= 0 else t.text)[-1]}"


# The unit a question asks its figure in, and what a value in that unit holds: 多少钱 -> 元, 几座 -> 座.
_ASKED_UNIT = re.compile(r"多少(钱|元|万元|亿元|公里|千米|万吨|亿吨|吨|万千瓦|千瓦|兆瓦|万平方米|平方米|辆|个|座|家|户|所)"
                         r"|(?<!哪)几(个(?!点|百分点)|座|家|户|辆|所|种|类)")
_UNIT_HOLDS = {"钱": "元", "万元": "元", "亿元": "元", "千米": "米", "公里": "米|公里", "万吨": "吨", "亿吨": "吨",
               "万千瓦": "瓦", "千瓦": "瓦", "兆瓦": "瓦", "万平方米": "平方米", "count": "个|座|家|户|辆|所|栋|项|处|批|套|台"}
# "how many" in English: a count of things (不是 a share), or the unit it names
_ASKED_UNIT_EN = re.compile(r"\bhow many (?:(megawatts?|kilowatts?|gigawatts?)|(tonnes?|tons?)|(square met(?:re|er)s?)|(yuan))\b"
                            r"|\bhow many\b(?! (?:percentage )?points| ?per ?cent)", re.I)


def _states_figure(quote: str, question: str) -> bool:
    """A figure stands in the quote, in the unit asked: "新建各类充电桩20万个" is no count of 加氢站 (多少座)."""
    unit = _asked_unit(question)
    if not unit:
        return bool(_FIGURE.search(quote))
    numeral = r"(?:\d|[二两三四五六七八九十百千万]|(?<![\u4e00-\u9fff])一)" if unit == "count" else r"[\d" + _NUMERALS + r"]"
    return bool(re.search(numeral + r"\s*(?:" + _UNIT_HOLDS.get(unit, unit) + ")", quote))  # 一批 counts nothing


def _asked_unit(question: str) -> str | None:
    m = _ASKED_UNIT.search(question)
    if m:
        return m.group(1) or m.group(2)
    en = _ASKED_UNIT_EN.search(question)
    if not en:
        return None
    return "千瓦" if en.group(1) else "吨" if en.group(2) else "平方米" if en.group(3) else "元" if en.group(4) else "count"


def _in_unit_asked(question: str, value: str) -> bool:
    unit = _asked_unit(question)
    return not unit or bool(re.search(_UNIT_HOLDS.get(unit, unit), value))


# what happens to who breaks a rule, asked; and a clause that says it
_SANCTION = re.compile(r"法律责任|罚则|罚款|处罚|吊销|没收|违反本(条例|办法|规定)|追究.{0,6}责任|通报批评|约谈|问责")
# what to do, or whether one may (湿地能不能围垦): the article that says it, not the fine for breaking it
_REMEDY = re.compile(r"咋办|怎么办|该怎么|如何应对|what (should|can|must|do) .{0,40}\bdo\b"
                     r"|能不能|能否|可不可以|可否|是否(允许|可以|准许)|准不准|让不让|还能[^，。？?]{0,6}吗|\b(is it|are they|are firms) allowed\b", re.I)
_BY_YEAR = re.compile(r"(?:到|至|截至|截止到?)(20\d\d)年|(?<=[。，,；;])(20\d\d)年(?![底末前内起])")


def _year_span(text: str, year: str | None) -> str:
    """The parts of a clause under the year asked, each from its 到2030年 (or a clause opening 2025年,) to the next
    year's mark: the sentences after "到2030年，…。" still speak of 2030 ("单位国内生产总值能耗大幅下降"), those after
    "到2060年" do not. Parts apart are joined by line breaks, so that no quote runs from one into the other."""
    marks = list(_BY_YEAR.finditer(text))
    parts: list[list[int]] = []
    for i, m in enumerate(marks):
        if (m.group(1) or m.group(2)) != year:
            continue
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        if parts and parts[-1][1] == m.start():
            parts[-1][1] = end
        else:
            parts.append([m.start(), end])
    return "\n".join(text[a:b] for a, b in parts) if parts else text


def _marked_years(text: str) -> set[str]:
    """The years whose marks (到2030年, ，2025年) stand in the text."""
    return {m.group(1) or m.group(2) for m in _BY_YEAR.finditer(text)}


def _says_year(year: str, text: str) -> bool:
    same = {year, _PLAN_YEARS.get(year, ""), *(k for k, v in _PLAN_YEARS.items() if v == year)} - {""}
    return any(y in text for y in same)


def _encloses(outer: list[str] | tuple[str, ...], inner: list[str] | tuple[str, ...]) -> bool:
    """The place `outer` is `inner` or holds it (天津市 holds 天津市南开区; the nation holds every place): its
    departments are not another place's."""
    return all(not o or o == i for o, i in zip(outer, inner))


def _year_said(year: str, english: bool) -> str:
    """A year as a refusal names it: 2025年, or a plan period (“十四五”时期), not "十四五年"."""
    if year.isdigit():
        return year if english else f"{year}年"
    return f"“{year}” period" if english else f"“{year}”时期"


def _year_matches(asked: str, target_year: str) -> bool:
    if asked == target_year or target_year.startswith(asked):
        return True
    # 2023年起…不低于30% still holds in 2025, but a plan sets the next five-year period's figures anew: not in 2030
    since = re.fullmatch(r"(20\d\d)年?起", target_year)
    if since and asked.isdigit() and int(since.group(1)) <= int(asked) <= _period_end(int(since.group(1))):
        return True
    return _PLAN_YEARS.get(target_year) == asked or _PLAN_YEARS.get(asked) == target_year


def _period_end(year: int) -> int:
    """The last year of the five-year plan period (2021—2025, 2026—2030, …) that holds `year`."""
    return 2021 + 5 * ((year - 2021) // 5) + 4


def _bigrams(s: str) -> set[str]:
    return {s[i : i + 2] for i in range(len(s) - 1)}


def _match_node(roots: list[OutlineNode], question: str) -> OutlineNode | None:
    """The heading the question names: its title inside the question, else the one sharing most of its words."""
    flat: list[tuple[int, OutlineNode]] = []

    def walk(nodes: list[OutlineNode], depth: int) -> None:
        for n in nodes:
            flat.append((depth, n))
            walk(n.children, depth + 1)

    walk(roots, 0)
    ordinal = re.search(r"第([一二三四五六七八九十]+|\d+)(?:个)?(?:部分|大部分|章)", question)  # "第四部分保障措施"
    if ordinal and 0 < cn_to_int(ordinal.group(1)) <= len(roots):
        return roots[cn_to_int(ordinal.group(1)) - 1]
    article = _ARTICLE.search(question)  # "第七十四条列了哪几种行为": that article
    by_article = [n for _, n in flat if article and n.label.startswith(article.group(0))]
    if by_article:
        return by_article[0]
    nth = re.search(r"第([一二三四五六七八九十]+|\d+)(?:个|项|大)?(行动|任务|措施|工程|原则|方面)", question)
    if nth:  # "第八个行动": the eighth of the part whose headings are actions
        parents = [n for _, n in flat if sum(nth.group(2) in c.label for c in n.children) >= 2]
        if parents and 0 < cn_to_int(nth.group(1)) <= len(children := max(parents, key=lambda n: len(n.children)).children):
            return children[cn_to_int(nth.group(1)) - 1]
    named = [(d, n) for d, n in flat if len(heading_title(n.label)) >= 2 and heading_title(n.label) in question]
    if named:
        return max(named, key=lambda dn: (len(heading_title(dn[1].label)), dn[0]))[1]
    core = re.sub(r"(有哪些|有哪几|哪几|包括|分别|是什么|有几|几个|几条|哪些|方案|文件|里|中|的|\W)", "", question)
    titles = [_bigrams(re.sub(r"\W", "", heading_title(n.label))) for _, n in flat]
    # the document's own refrain (绿色低碳 in a plan that heads half its parts with it) names no one heading
    refrain = {g for g, k in Counter(g for t in titles for g in t).items() if k >= max(3, len(flat) // 5)}
    grams = _bigrams(core) - _GENERIC_GRAMS - refrain
    scored = []
    for (depth, n), title in zip(flat, titles):
        if title and (n.children or n.chunks) and len(grams & title) >= 2:  # one shared bigram is chance
            scored.append((len(grams & title) / len(title), -depth, n))
    score, _, node = max(scored, key=lambda x: (x[0], x[1])) if scored else (0.0, 0, None)
    counted = re.search(r"[几两二三四五六七八九十]+大?个?行动", question)  # "十大行动", "几个行动": the actions themselves
    if score >= 0.35 and not counted:  # a heading the question names in other words ("pilot-driven carbon peak action")
        return node
    heads = [n for n in roots if len(heading_title(n.label)) >= 4 and heading_title(n.label)[-2:] not in _GENERIC_GRAMS
             and re.search(re.escape(heading_title(n.label)[-2:]) + _HEAD_WORD_ENDS, question)]
    if len(heads) == 1 and not counted:  # "保障措施有哪几条": the part a plan titles 五、政策保障, by its head word
        return heads[0]
    if "行动" in question:
        with_actions = [n for _, n in flat if sum(c.label.endswith("行动") for c in n.children) >= 2]
        if with_actions:
            return max(with_actions, key=lambda n: len(n.children))
    return node if score >= 0.3 else None


# A question about the document's own parts (its outline), not about items a clause lists.
_STRUCTURE = re.compile(r"(方案|文件|条例|意见|规划|办法)\S{0,4}(包括|分为|分成|分|有|由)\S{0,4}(几|哪|什么)|几个部分|几部分|哪些部分|哪几部分"
                        r"|几大部分|" + FRAME + "|" + DOC_COUNT + r"|目录|大纲|主要内容|讲了什么|说了什么|讲了哪些|概要|导读"
                        r"|\b(parts|sections|chapters|structure|outline|consist)\b", re.I)
# the ordinal of an item under the part the question names, not of a part of the document
_NTH_UNDER = re.compile(r"(?:下面|底下|下的|下属|里的?|中的?)第([一二三四五六七八九十]+|\d+)(?:条|项|个|点)")
# what follows a part's head word where it names the part (保障措施有哪几条), not a verb (方案要求明确哪两类产业)
_HEAD_WORD_ENDS = r"(?:措施|方面|内容|部分|工作|任务|举措|这一?块|那一?块|板块|里|中|下|有|包括|包含|分|都|共|的|是|[?？，,]|$)"
_GENERIC_GRAMS = {"主要", "重点", "工作", "推进", "加强", "加快", "推动", "建设", "发展", "实施", "方案", "一共", "要求"}


_ARTICLE = re.compile(r"第([一二三四五六七八九十百零〇]+|\d+)条")  # a heading's label (matched) or a question's (searched)
_ARTICLES_ASKED = re.compile(r"(多少|几)个?条|\barticles\b", re.I)
_LEAD_ASKED = re.compile(r"总述|开头|开篇|导语|引言|总起|\b(opening|introductory|preamble|lead paragraph)\b", re.I)
_LAST_ASKED = re.compile(r"最后一条|last article", re.I)


def _articles(nodes: list[OutlineNode]) -> list[tuple[str, int]]:
    """The articles (第X条) under these parts, in order, with their lines."""
    out: list[tuple[str, int]] = []
    for node in nodes:
        label = _ARTICLE.match(node.label)
        out += [(label.group(0), node.line)] if label else _articles(node.children)
    return out


def _inline_items(doc: DocView, node: OutlineNode) -> list[tuple[str, int]]:
    """Items written inside a part's paragraphs: ——全国统筹。…, 1.…；2.…, or one principle a paragraph."""
    items = []
    for chunk in node.chunks:
        for offset, paragraph in enumerate(doc.unit_text(chunk.unit).split("\n")):
            head = _ITEM.sub("", paragraph.strip())
            name = re.split(r"[。：:；;，,]", head, maxsplit=1)[0]
            if paragraph.strip() == node.label or not name or len(name) > 30:
                continue
            if _ITEM.match(paragraph.strip()) or re.search(r"[。：:]", head[: len(name) + 1]):
                items.append((name, chunk.line_start + offset))
        if not items:
            for m in re.finditer(r"(?:^|[。；;：:])\s*(?:[（(]?(?:\d{1,2}|[一二三四五六七八九十]{1,3})[）).．、])\s*([^。；;，,]{2,30})",
                                 chunk.text):
                items.append((m.group(1), chunk.line_start))
    return items
