"""Which documents a question is about, and the jurisdiction rule.

Officials name a document by its place (山西, 辽源, 天津市 as opposed to
南开区), its issuer (国务院, 省发展改革委), a short title (节能减排方案), its
kind (条例) or its 文号; or they name none. A named document is a wall: its
answer comes from it or from nothing, so another place's departments can never
answer. A question that names no document is answered from the whole library,
the primary document first. A place the library holds nothing for is said so.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.grammar.header import DOC_TYPES, squeeze
from ingest.grammar.jurisdiction import DISTRICT_TOPIC, PROVINCES, Place, province_name
from ingest.storage.index import DocumentRecord
from retrieval.questions.aliases import _variants
from retrieval.search.library import Library

_TYPE_WORDS = ("方案", "意见", "条例", "规划", "办法", "计划", "措施", "决定", "规定", "通知", "细则", "纲要", "文件")
_TYPE_WORD = re.compile("|".join(_TYPE_WORDS))
_EXAMPLE_BEFORE = re.compile(r"(借鉴|学习|对标|参考|效仿)[^，,。？?；;]{0,16}$")
_EXAMPLE_AFTER = re.compile(r"[^，,。？?；;]{0,16}(的|等地的?|等城市的?)[^，,。？?；;]{0,6}(经验|做法|模式)")
_PROCEDURE_OPINION = re.compile(r"(审查|审核|反馈|处理|征求|评审|验收|整改|书面)意见")
_KIND_OF_WORD = {"方案": "方案", "意见": "意见", "条例": "条例", "规划": "规划", "办法": "办法", "计划": "计划",
                 "措施": "措施", "决定": "决定", "规定": "规定", "通知": "通知", "细则": "办法", "纲要": "规划"}
_GENERIC_TITLE = re.compile(r"关于|印发|的|实施|工作|行动|若干|“|”|《|》|（.*?）|\(.*?\)|" + "|".join(DOC_TYPES))
_TOP_ORGANS = {"国务院": ("国务院",), "中共中央": ("中共中央", "党中央", "中央"),
               "人民代表大会常务委员会": ("人大常委会", "人大")}
_ISSUED = re.compile(r"^(的|印发的?|发布的?|出台的?|制定的?|下发的?)?.{0,8}?(" + "|".join(_TYPE_WORDS) + ")")
_PROVINCE_MENTION = re.compile("(" + "|".join(sorted(PROVINCES, key=len, reverse=True)) + r")(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区)?")
# a follow-up's 那 or a comparison's 跟 before the name is not part of it: 那河西区定的是多少
_LOCAL_MENTION = re.compile(r"(?:[那这咱跟和与比对在看问])?([\u4e00-\u9fff]{2,4}?)(市|区|县)(?![场长委政级内外里属直])")
_NOT_A_PLACE = re.compile(r"^(各|全|本|我|该|其|城|超大城|设区|地级|县级|中心城|试点|示范|相关|有关|沿海|这个|那个|哪个|"
                          r"城|社|景|园|校|片|街|山|牧|林|库|矿|新|老|开发|高新|经济|自贸|工业|农|商|行政|辖|市辖|"
                          r"重点|核心|功能|城市|城镇|乡|村|每个|各个|多少|几个|一个|所在|毗邻|产业|保护|城乡|属地|建成|老城|新城|主城)")
# characters no place name holds: "凡是区教育局…" names 区教育局, not a district called 凡是
_FUNCTION_CHAR = re.compile(r"[是的在给把被让凡及或就]")
# words that end in 市 without naming a city: 上市公司, 超市, 股市
_MARKET_WORD = re.compile(r"(上|超|股|门|夜|早|菜|楼|车|闭)市$")
# "区里 / 我区 / the district / 区审计局": the asker's own jurisdiction, the primary document's place, without naming it.
_HOME = {"区县": re.compile(r"区里|我区|本区|咱区|全区|区级|区内|\bdistrict\b|(?<![\u4e00-\u9fff])区[\u4e00-\u9fff]{1,8}?(局|委|办|部|中心)", re.I),
         "市": re.compile(r"市里|我市|本市|咱市|全市|市级|\bcity\b", re.I)}
# "方案里…" / "按方案要求" / "the plan": the plan the asker works with, the primary document, not any plan of the
# library ("实施方案", "行动方案" name some plan's title instead)
_BARE_PLAN = re.compile(r"(?:^|(?<=[^\u4e00-\u9fff]|[本这该此按据照依在对从把的个份]))方案|\b(the|this|our) plan\b", re.I)
_NATIONAL = re.compile(r"(全国|国家)(的|层面|级)?(方案|意见|规划|文件|政策|要求)|(全国|国家)层面|中央(的|层面)")


@dataclass
class Scope:
    """The documents to answer from, in order of preference, and why."""

    sources: list[str]
    named: bool = False  # the question chose them (place, issuer, title, kind or 文号)
    missing: str = ""  # a place the question names that the library holds nothing for
    places: list[str] = field(default_factory=list)  # the jurisdictions the question names (not places it speaks of)
    implied: bool = False  # named only by a bare 方案 / the plan: the primary plan, unless a conversation has another in view
    parts: list[list[str]] = field(default_factory=list)  # each place's documents, when it names several side by side
    # (南开和上海的方案里…分别由谁负责): each answers for itself
    kind: str = ""  # with `missing`: the kind of document asked of a place whose documents are all of other kinds
    held: list[str] = field(default_factory=list)  # then, that place's documents the library does hold

    def after(self, previous: Scope) -> Scope:
        """The scope of a follow-up: its own when it names a document, else the documents of the turn before."""
        return self if self.named and not self.implied else previous


def _place(record: DocumentRecord) -> Place:
    return Place(*(list(record.place) + ["", "", ""])[:3])


def _bigrams(s: str) -> set[str]:
    return {s[i : i + 2] for i in range(len(s) - 1)}


def _core(title: str) -> str:
    """A title's distinctive words: no place, no 关于/实施/方案, no quotes."""
    return _GENERIC_TITLE.sub("", squeeze(title))


def _issuer_keys(record: DocumentRecord) -> set[str]:
    """How officials name a document's issuer: 国务院, 中央, 省发展改革委, 山西省发改委…."""
    keys: set[str] = set()
    for issuer in record.issuers:
        for organ, names in _TOP_ORGANS.items():
            if issuer.endswith(organ):
                keys |= set(names)
        place = _place(record)
        stem = issuer
        for name in (place.province, place.city, place.district, "中共", "中国"):
            if name and stem.startswith(name):
                stem = stem[len(name):]
        level = "省" if place.level == "省" and place.province.endswith("省") else "市" if place.level in ("省", "市") \
            else "区" if place.level == "区县" else ""
        for form in {issuer, level + stem, place.name + stem}:
            if len(form) >= 3 and not re.fullmatch(r"(省|市|区)?(人民政府|政府|办公厅|人民政府办公厅)", form):
                keys |= {v for v in _variants(form) if len(v) >= 3}
    return keys


class Scoper:
    """Resolves the documents a question names against the library's records."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self._records = {s: d.record for s, d in library.docs.items()}
        self._titles = {s: squeeze(r.title).strip("《》") for s, r in self._records.items()}
        self._cores = {s: _core(r.title) for s, r in self._records.items()}
        self._doc_nos = {s: squeeze(r.value("doc_no")) for s, r in self._records.items() if r.value("doc_no")}
        self._issuers = {s: _issuer_keys(r) for s, r in self._records.items()}
        self._places = {s: _place(r) for s, r in self._records.items()}
        self._place_names = {s: place.names() for s, place in self._places.items()}  # read against every question

    # --- what the question names ---------------------------------------------
    def _by_doc_no(self, q: str, pool: list[str]) -> list[str]:
        return [s for s in pool if s in self._doc_nos and self._doc_nos[s] in q]

    def _by_title(self, q: str, pool: list[str]) -> list[str]:
        full = [s for s in pool if len(self._titles[s]) >= 6 and self._titles[s] in q]
        if full:
            return full
        scores: dict[str, int] = {}
        for m in _TYPE_WORD.finditer(q):
            phrase = re.sub(r"[\s，,。？?！!]", "", q[max(0, m.start() - 14) : m.start()])
            for s in pool:
                kind = self._records[s].kind
                if m.group(0) not in ("方案", "文件") and _KIND_OF_WORD.get(m.group(0)) != kind:
                    continue
                core = _bigrams(self._cores[s]) | _bigrams(self._titles[s])
                best = 0
                for start in range(len(phrase) - 1):
                    suffix = phrase[start:]
                    grams = _bigrams(suffix)
                    hit = len(grams & core)
                    if len(grams) >= 2 and hit >= len(grams) - (1 if len(grams) >= 4 else 0) and hit >= 3:
                        best = max(best, len(suffix))
                if best:
                    scores[s] = max(scores.get(s, 0), best)
        if not scores:
            return []
        top = max(scores.values())
        return [s for s in pool if scores.get(s) == top]

    def _by_issuer(self, q: str, pool: list[str]) -> list[str]:
        out = []
        for s in pool:
            for key in self._issuers[s]:
                i = q.find(key)
                if i < 0:
                    continue
                top = any(key in names for names in _TOP_ORGANS.values())
                if top or _ISSUED.match(q[i + len(key):]):
                    out.append(s)
                    break
        return out

    def place_mentions(self, q: str) -> list[str]:
        """Place names in the question, most specific first (南开区 before 天津市)."""
        found: list[tuple[int, str]] = []
        for m in _PROVINCE_MENTION.finditer(q):
            found.append((0, province_name(m.group(1), m.group(2))))
        for m in _LOCAL_MENTION.finditer(q):
            name = m.group(1) + m.group(2)
            if (_NOT_A_PLACE.match(m.group(1)) or _FUNCTION_CHAR.search(m.group(1))
                    or m.group(1) in PROVINCES or any(p in name for p in PROVINCES)
                    or (m.group(2) != "市" and len(m.group(1)) > 2) or DISTRICT_TOPIC.search(name) or _MARKET_WORD.search(name)
                    or m.group(1).endswith(("城", "都", "街", "园", "镇", "村", "地", "社", "开发", "新", "我", "本", "全", "各",
                                            "该", "此", "其", "每", "咱", "们", "这", "那"))):
                continue
            found.append((1 if m.group(2) == "市" else 2, name))
        for s, place in self._places.items():  # names the library knows without their level word: 南开, 辽源
            for name in self._place_names[s]:
                if len(name) >= 2 and name in q and not any(name in f or f in name for _, f in found):
                    level = 2 if name in (place.district, _strip_level(place.district)) else 1 if name in (
                        place.city, _strip_level(place.city)) else 0
                    found.append((level, place.district if level == 2 else place.city if level == 1 else place.province))
        ordered = sorted({(-lvl, n) for lvl, n in found})
        return [n for _, n in ordered]

    def _by_place(self, mentions: list[str], pool: list[str]) -> tuple[list[str], str, list[str]]:
        """Documents of the most specific place named; else those that speak of it; else it is missing.

        Returns (documents, the missing place, the jurisdictions matched).
        """
        for name in mentions:
            exact = [s for s in pool if _most_specific(self._places[s])
                     and _strip_level(_most_specific(self._places[s])) == _strip_level(name)]
            if exact:
                return exact, "", [name]
        for name in mentions:
            speaking = [s for s in pool if name in self.library.docs[s].text or _strip_level(name) in self.library.docs[s].text]
            if speaking:
                return speaking, "", []
        return [], mentions[0] if mentions else "", []

    def _by_issuer_and_kind(self, q: str, pool: list[str]) -> list[str]:
        """"国务院方案" is the State Council's plan, not the opinions it issued with the Party centre, and "中央意见里…
        碳达峰行动方案…" asks the opinions about the plan: an issuer said with a kind word names the document first."""
        out = []
        for s in pool:
            for key in self._issuers[s]:
                at = q.find(key)
                said = {_KIND_OF_WORD.get(w, "") for w in _TYPE_WORD.findall(q[at + len(key):])} if at >= 0 else set()
                if self._records[s].kind in said - {"通知", ""}:  # "国务院的通知让各地对这份行动方案…": 通知 names no kind
                    out.append(s)
                    break
        return out

    def _by_kind(self, q: str, pool: list[str]) -> list[str]:
        """The documents of the kind the question names; an opinion given in a procedure (节能审查意见) names none."""
        words = [w for w in ("条例", "意见", "规划", "办法", "决定", "规定") if w in _PROCEDURE_OPINION.sub("", q)]
        return [s for s in pool if any(_KIND_OF_WORD[w] == self._records[s].kind for w in words)]

    def _side_by_side(self, q: str, mentions: list[str], pool: list[str]) -> list[list[str]]:
        """Each place's own documents, when the question names two or more places that have them and no kind word
        makes one the document and the other its topic (天津条例对南开区…)."""
        if len(mentions) < 2 or self._by_kind(q, pool):
            return []
        parts = [self._by_place([name], pool) for name in mentions]
        own = [docs for docs, _, matched in parts if matched]
        return own if len(own) == len(mentions) and len({tuple(p) for p in own}) == len(own) else []

    def _kind_first(self, q: str, mentions: list[str], pool: list[str]) -> list[str]:
        """"天津条例对南开区有什么规定": the place whose document is of the kind said names the document; the other
        place is what is asked about."""
        kinds = set(self._by_kind(q, pool))
        if not kinds or len(mentions) < 2:
            return mentions
        return sorted(mentions, key=lambda name: not kinds & set(self._by_place([name], pool)[0]))

    # --- the rule ----------------------------------------------------------------
    def _topical(self, q: str, name: str) -> bool:
        """A place named as part of a longer name the plans use (天津市科技创新券), not as a jurisdiction.

        Also a word that only looks like one (建成区绿地率 2025 年…): the words
        after it, up to the first figure, stand in the plans as written.
        """
        name = name if name in q else _strip_level(name)  # 天津市 is asked as 天津
        at = q.find(name)
        if at < 0:
            return False
        if _EXAMPLE_BEFORE.search(q[:at]) or _EXAMPLE_AFTER.match(q[at + len(name):]):
            return True  # 借鉴北京、上海、深圳的低碳经验: places held up as examples, not the plan's jurisdiction
        tail = re.match(r"[\u4e00-\u9fff]*", re.split(r"[\s，,。？?！!、的里]|中(?!心)", q[at + len(name):], maxsplit=1)[0]).group(0)[:4]
        return any(len(tail[:k]) == k and any(name + tail[:k] in d.text for d in self.library.docs.values())
                   for k in (4, 3, 2))

    def _home(self, texts: list[str], primary: str, pool: list[str]) -> list[str]:
        """The primary document's place, when the question speaks from inside it (区里, 我区, 区审计局)."""
        place = self._places.get(primary)
        cue = _HOME.get(place.level) if place else None
        if cue is None or not any(cue.search(t) for t in texts):
            return []
        return [s for s in pool if _most_specific(self._places[s]) == _most_specific(place)]

    def scope(self, text: str, primary: str, allowed: list[str] | None = None, asked: str = "") -> Scope:
        """`asked` is the question as typed, when `text` is its translation."""
        pool = [s for s in (allowed if allowed else list(self._records)) if s in self._records]
        q = squeeze(text)
        # piece by piece: a translated English question is a row of words, not a phrase ("市场 销售 上市")
        mentions = list(dict.fromkeys(m for piece in text.split() for m in self.place_mentions(squeeze(piece))
                                      if not self._topical(q, m)))
        order = (lambda ss: sorted(ss, key=lambda s: (s != primary, pool.index(s))))
        by_no = self._by_doc_no(q, pool)
        if by_no:
            return Scope(order(by_no), True)
        candidates = pool
        named = False
        jurisdictions: list[str] = []
        if mentions:
            placed, missing, jurisdictions = self._by_place(self._kind_first(q, mentions, pool), pool)
            if missing:
                return Scope([], True, missing, mentions)
            kind = _kind_said_of(q, jurisdictions[0]) if len(jurisdictions) == 1 else ""
            if kind and not any(self._records[s].kind == kind for s in placed):
                # 天津的方案 when the library holds Tianjin's 条例 only: not that document, and not said to be
                return Scope([], True, jurisdictions[0], mentions, kind=kind, held=placed)
            candidates, named = placed, True
            parts = self._side_by_side(q, mentions, pool)
            if parts:
                return Scope(order([s for part in parts for s in part]), True, places=mentions, parts=[order(p) for p in parts])
        elif _NATIONAL.search(q):
            national = [s for s in pool if self._records[s].level in ("国家", "部委")]
            candidates, named = (national, True) if national else (candidates, named)
        elif home := self._home([q, asked], primary, pool):
            candidates, named = home, True
        for narrow in (self._by_issuer_and_kind, self._by_title, self._by_issuer, self._by_kind):
            chosen = narrow(q, candidates)
            if chosen:
                candidates, named = chosen, True
                if narrow != self._by_issuer_and_kind or len(chosen) == 1:
                    break
        if named:
            return Scope(order(candidates), True, places=jurisdictions)
        if primary in pool and self._records[primary].kind == "方案" and (_BARE_PLAN.search(q) or _BARE_PLAN.search(asked)):
            return Scope([primary], True, implied=True)
        return Scope(order(pool), False)

    def holdings(self) -> str:
        """What the library holds, by place and level, for a refusal that names it."""
        names = []
        for s, record in self._records.items():
            place = self._places[s]
            label = place.name or ("国家层面" if record.level in ("国家", "部委") else "")
            if label and label not in names:
                names.append(label)
        return "、".join(names[:12]) + ("等" if len(names) > 12 else "")


def _kind_said_of(q: str, place: str) -> str:
    """The kind of document said right after a place (天津的方案, 上海条例, 天津市的碳达峰方案), or ""."""
    for name in dict.fromkeys((place, _strip_level(place))):
        m = re.search(re.escape(name) + r"(?:市|省|区)?(?:的|那个|那份|这个|这份)?((?:碳达峰|碳中和|、|实施|行动|促进)*)("
                      + "|".join(w for w in _KIND_OF_WORD if w not in ("通知", "措施", "规定", "决定", "计划")) + ")", q)
        if m:  # not 上海千座公园计划: a programme a plan names
            return _KIND_OF_WORD[m.group(2)]
    return ""


def _strip_level(name: str) -> str:
    return re.sub(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|新区|区|县)$", "", name) or name


def _most_specific(place: Place) -> str:
    return place.district or place.city or place.province
