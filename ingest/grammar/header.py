"""The document's identity, read off the lines above its first heading.

Published plans open with some of: a republisher's news lead, a 红头
("XX文件"), the notice that issues the plan (关于印发《…》的通知, 文号, the
addressees, a paragraph, the issuers' signatures, the date, （此件公开发布）),
then the plan's own title, sometimes its issuer and date again, and a
preamble. The title shown is the plan's own; the issuers are the signatures
(joint issuers too), else the notice's sender, else the 红头 or the
legislature that adopted it. Every value keeps the verbatim line it came from,
so a meta answer can cite it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.grammar.jurisdiction import PROVINCES, Place, level_of, place_in, province_of_doc_no

_CJK = r"\u4e00-\u9fff"
_SENTENCE_PUNCT = re.compile(r"[。，,；;！？!?]")
DOC_TYPES = ("实施方案", "工作方案", "行动方案", "方案", "实施意见", "指导意见", "若干意见", "意见", "条例", "管理办法", "办法",
             "规划", "行动计划", "工作计划", "计划", "若干措施", "措施", "决定", "规定", "细则", "纲要", "通知", "公告",
             "目录", "清单", "政策", "举措", "指南", "要点", "方法")
_KIND = {"方案": "方案", "意见": "意见", "条例": "条例", "办法": "办法", "规划": "规划", "计划": "计划", "措施": "措施",
         "决定": "决定", "规定": "规定", "细则": "办法", "纲要": "规划", "通知": "通知", "公告": "通知", "目录": "通知",
         "清单": "措施", "政策": "措施", "举措": "措施", "指南": "通知", "要点": "措施", "方法": "办法"}
_TITLE_TAIL = re.compile(r"([（(][^（）()]{1,14}[）)])+$")  # （试行） （2022-2025年） （修订版）
_DOC_TYPE_END = re.compile("(" + "|".join(DOC_TYPES) + ")$")
_NOTICE = re.compile(r"(印发|转发|发布|关于).*(通知|函|公告|决定)$|^关于.*《.*》.*(通知|函|公示)$|(印发|发布|转发)《.*》$"
                     r"|(委员会|政府|办公厅)公告$")
_BRACKETED_TITLE = re.compile(r"《([^《》]{4,80})》")
DOC_NO = re.compile(
    rf"[{_CJK}]{{1,12}}\s*[〔\[［【(（]\s*\d{{4}}\s*[〕\]］】)）]\s*\d+\s*号"
    r"|第\s*[零〇一二三四五六七八九十百千\d]+\s*号"
)
_DATE = re.compile(r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?")
_CN_DATE = re.compile(r"([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月(?:([一二三四五六七八九十]{1,3})日)?")
_NOISE = re.compile(
    r"^[―－‒]\s*\d{1,3}\s*[―－‒]$|^[（(](此件|此文|本件|本文)[^（）()]{0,10}[）)]$|^来源[:：]|^(发布|印发|成文|发文)(时间|日期)[:：]|浏览次数|^字号[:：]|打印本页|分享至"
    r"|^签发人|^联系人|^(联系|监督)?电话[:：]|^电子邮箱|^邮政(地址|编码)|^抄送[:：]|^附件\s*\d*\s*[:：]?\s*$|^[IVX]+$|^[Xx]$"
)
_ADDRESSEE = re.compile(r"[：:]\s*$")
_ORGAN = re.compile(
    rf"[{_CJK}（）()]{{2,40}}?(人民代表大会常务委员会|人民政府办公厅|人民政府办公室|人民政府|党委办公厅|办公厅|办公室|委员会|管理委员会|"
    r"政府|党委|市委|省委|区委|县委|委|厅|局|部|署|院|行|联合会|中心|集团|公司|支行|分行|代章)$"
)
_RED_HEAD = re.compile(rf"^([{_CJK}、\s]{{4,60}}?)\s*文\s*件$")
_LAW_NOTE = re.compile(r"^[（(].*?((?:19|20)\d\d\s*年.*?日)\s*(.*?(人民代表大会常务委员会))第.*?(会议|次会议)(通过|批准|修订)")
_SENDER = re.compile(rf"^(?P<who>[{_CJK}、，,\s\d]{{2,60}}?)\s*(关于|印发|转发|发布|\d{{4}}\s*年)")
_SPLIT_ORGS = re.compile(
    rf"(?<=[局厅部办院行])(?=(?:市|省|区|县|国家|中国|中共|自治区|{'|'.join(PROVINCES)})[{_CJK}]{{2,}})"
)
_TOP_ORGANS = re.compile(r"^(中共中央|国务院|全国人大常委会|中央军委)$")
_DECREE = re.compile(rf"^(中华人民共和国)?(?P<who>[{_CJK}]{{2,30}}?)令$")
_TRAILING_NOTE = re.compile(r"[（(](此件|此文|本件|本文)[^（）()]{0,10}[）)]\s*$")
_GROUP = re.compile(r"等\s*[\d一二三四五六七八九十]*\s*(个)?(部门|单位|部委)$")


def squeeze(s: str) -> str:
    """Drop the spaces a PDF puts between Chinese characters and around figures: "2025 年" -> "2025年"."""
    s = s.strip()
    s = re.sub(rf"\s+(?=[{_CJK}（）《》“”〔〕、，。：；%％])", "", s)
    return re.sub(rf"(?<=[{_CJK}（）《》“”〔〕、，。：；])\s+", "", s)


@dataclass(frozen=True)
class Field:
    value: str
    line: int
    quote: str  # verbatim text that shows the value (may span lines)


@dataclass
class DocMeta:
    title: Field | None = None
    doc_no: Field | None = None
    issuer: Field | None = None
    date: Field | None = None
    issuers: list[str] = field(default_factory=list)
    place: Place = field(default_factory=Place)
    level: str = ""
    kind: str = ""


@dataclass
class Header:
    """What the lines above the first heading are, and the identity read from them."""

    meta: DocMeta
    lead_end: int  # lines before this index are a republisher's news lead
    header_end: int  # lines before this index (from lead_end) are the header block
    noise: set[int]  # indices of lines that belong to no clause (来源, 此件公开发布, page furniture)


def date_value(s: str) -> str | None:
    m = _DATE.search(s)
    if m:
        y, mo, d = m.group(1), int(m.group(2)), m.group(3)
        return f"{y}年{mo}月" + (f"{int(d)}日" if d else "")
    m = _CN_DATE.search(s)
    if m:
        digits = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0"}
        year = "".join(digits[c] for c in m.group(1))
        return f"{year}年{_cn_small(m.group(2))}月" + (f"{_cn_small(m.group(3))}日" if m.group(3) else "")
    return None


def _cn_small(s: str) -> int:
    values = {c: i for i, c in enumerate("零一二三四五六七八九")}
    if "十" in s:
        tens, _, ones = s.partition("十")
        return values.get(tens, 1) * 10 + values.get(ones, 0)
    return values.get(s, 0)


def _is_date_line(s: str) -> bool:
    value = date_value(s)
    return value is not None and len(squeeze(re.sub(r"[（()）]", "", s))) <= len(value) + 2


def is_noise(s: str) -> bool:
    return bool(_NOISE.search(squeeze(s)))


def _is_title_like(s: str) -> bool:
    t = squeeze(s)
    return (4 <= len(t) <= 90 and not _SENTENCE_PUNCT.search(t.replace("，", "")[:-1] if t.endswith("，") else t)
            and len(re.findall(f"[{_CJK}]", t)) >= 4 and not _is_date_line(t) and not _ADDRESSEE.search(t))


def _doc_type(title: str) -> str | None:
    m = _DOC_TYPE_END.search(_TITLE_TAIL.sub("", squeeze(title)))
    return m.group(1) if m else None


def split_organs(line: str) -> list[str]:
    """The issuers on a signature line: "山西省发展和改革委员会    山西省工业和信息化厅" -> both."""
    parts: list[str] = []
    for token in re.split(r"\s{2,}|[、，,]|(?<=[^\s]{2})\s(?=[^\s]{2})", line.strip().strip("（）()")):
        token = re.sub(r"\s+", "", token)
        parts += [p for p in _SPLIT_ORGS.split(token) if p]
    merged: list[str] = []
    for part in parts:  # a name the layout broke ("中国银保监会 黑龙江监管局", "广西壮族自治区 发展和改革委员会")
        if merged and (not is_organ(merged[-1]) or not is_organ(part)):
            merged[-1] += part
        else:
            merged.append(part)
    return merged


def is_organ(name: str) -> bool:
    return (bool(_ORGAN.fullmatch(name) or _GROUP.search(name) or _TOP_ORGANS.match(name)) and len(name) <= 40
            and not re.search("方案|意见|条例|通知|关于", name))


def _organ_line(s: str) -> list[str]:
    """Issuer names if the whole line is one or more organ names, else []."""
    t = s.strip()
    if not t or _SENTENCE_PUNCT.search(t) or len(squeeze(t)) > 80:
        return []
    names = split_organs(t)
    return names if names and all(is_organ(n) for n in names) else []


def _title_from_notice(notice: str) -> str | None:
    """The plan a notice issues: 关于印发《X》的通知 or 关于印发X的通知 -> X."""
    m = _BRACKETED_TITLE.search(squeeze(notice))
    if m:
        return m.group(1).rstrip("〉>")
    m = re.search(r"(印发|转发)(?P<x>.+?)的?(通知|函)$", squeeze(notice))
    return m.group("x") if m and _doc_type(m.group("x")) else None


def _sender(title: str) -> list[str]:
    """The organs a title opens with: 国家发展改革委等部门关于… / 省生态环境厅 2021 年度… / 生态环境部发布…."""
    m = _SENDER.match(title.strip())
    if not m:
        return []
    names = split_organs(m.group("who"))
    return names if names and all(is_organ(n) for n in names) else []


def _is_date(s: str) -> bool:
    return _is_date_line(s) or bool(date_value(s) and _organ_line(_DATES.sub("", s)))


_DATES = re.compile(_DATE.pattern + "|" + _CN_DATE.pattern)


def _signature_at(lines: list[str], start: int, end: int) -> tuple[list[str], Field | None, int]:
    """Organ lines followed by a date, from `start`: the signature block (names, date, last index)."""
    names: list[str] = []
    j = start
    while j < end:
        s = _TRAILING_NOTE.sub("", lines[j])
        if not s or is_noise(s):
            j += 1
            continue
        if (not _is_date(s) and not _organ_line(s) and j + 1 < end and len(squeeze(s)) <= 20
                and _organ_line(s + lines[j + 1])):
            s, j = s + lines[j + 1], j + 1  # a name the layout broke over two lines
        if _is_date(s):
            names += _organ_line(_DATES.sub("", s))
            if not names:
                return [], None, start
            quote = _DATES.search(s).group(0)
            return names, Field(date_value(s) or quote, j + 1, quote), j
        organs = _organ_line(s)
        if not organs:
            return [], None, start
        names += organs
        j += 1
    return [], None, start


def read_header(lines: list[str], end: int) -> Header:
    """Read lines[0:end] (the text above the first heading) into the document's identity."""
    stripped = [ln.strip() for ln in lines[:end]]
    noise = {i for i, s in enumerate(stripped) if s and is_noise(s)}
    lead_end = 0  # a republisher's lead is prose: long lines with sentence punctuation
    while lead_end < end and (not stripped[lead_end] or (len(squeeze(stripped[lead_end])) > 60
                                                          and _SENTENCE_PUNCT.search(stripped[lead_end]))):
        lead_end += 1
    if lead_end == end or not any(stripped[:lead_end]):
        lead_end = 0

    meta = DocMeta()
    notice: tuple[int, str] | None = None
    titles: list[tuple[int, int, str]] = []  # (first, last index, text joined) of title-like runs
    signature: tuple[int, list[str]] | None = None
    red_head: tuple[int, str] | None = None
    law: tuple[int, str, str] | None = None  # (index, date, legislature)
    last_header = -1
    i = lead_end
    while i < end:
        s = stripped[i]
        if not s or i in noise:
            i += 1
            continue
        if s[0] in "（(" and not re.search("[）)]", s) and i + 1 < end:
            s = s + stripped[i + 1]  # a note in brackets the layout broke: （…会议\n通过）
        t = squeeze(s)
        m_no = DOC_NO.search(s)
        names, date, last = _signature_at(stripped, i, end)
        if m_no and meta.doc_no is None and len(t) <= 40:
            meta.doc_no = Field(squeeze(m_no.group(0)), i + 1, m_no.group(0))
            last_header = i
        elif _LAW_NOTE.match(t):
            m = _LAW_NOTE.match(t)
            law = (i, m.group(1), re.sub(r"第[一二三四五六七八九十]+届", "", m.group(2)))
            last_header = i
        elif _RED_HEAD.match(t) and red_head is None:
            red_head = (i, re.sub(r"\s+", "", _RED_HEAD.match(t).group(1)))
            last_header = i
        elif _DECREE.match(t) or re.fullmatch(rf"[{_CJK}]{{2,30}}(发布|印发)", t):
            who = _DECREE.match(t).group("who") if _DECREE.match(t) else t[:-2]
            red_head = red_head or (i, who)
            last_header = i
        elif titles and titles[-1][1] == i - 1 and _doc_type(titles[-1][2]) and _organ_line(s):
            signature = signature or (i, _organ_line(s))  # the issuer printed under the plan's title
            last_header = i
        elif date is not None:
            if names and signature is None:
                signature = (i, names)
            if meta.date is None or names:
                meta.date = date
            last_header = last
            i = last + 1
            continue
        elif _is_date_line(s):
            meta.date = meta.date or Field(date_value(s) or t, i + 1, _DATES.search(s).group(0))
            last_header = i
        elif _is_title_like(s):
            run_end, text = i, t
            while (run_end + 1 < end and not _doc_type(text) and not _NOTICE.search(text) and len(text) < 90
                   and not (re.search(r"(发布|印发|文件)$", text) and is_organ(text[:-2])) and run_end + 1 not in noise
                   and _is_title_like(stripped[run_end + 1]) and not _organ_line(stripped[run_end + 1])
                   and not _is_date_line(stripped[run_end + 1]) and not DOC_NO.search(stripped[run_end + 1])):
                run_end += 1
                text += squeeze(stripped[run_end])
            if _NOTICE.search(text) or (_title_from_notice(text) and re.search("印发|转发|发布", text)):
                notice = notice or (i, text)
            elif _doc_type(text) or not titles:
                titles.append((i, run_end, text))
            last_header = run_end
            i = run_end + 1
            continue
        elif len(t) > 60 and last_header >= 0 and titles and (not notice or titles[-1][0] > notice[0]):
            break  # the preamble under the plan's own title has started
        i += 1

    text = "\n".join(lines)
    own = [t for t in titles if _doc_type(t[2])]
    if own:
        first, last, value = own[-1]
        meta.title = Field(value, first + 1, "\n".join(lines[first:last + 1]).strip())
    elif notice and _title_from_notice(notice[1]):
        inner = _title_from_notice(notice[1])
        meta.title = Field(inner, notice[0] + 1, inner if inner in text else stripped[notice[0]])
    elif notice:
        meta.title = Field(notice[1], notice[0] + 1, stripped[notice[0]])
    elif titles:
        first, last, value = titles[0]
        meta.title = Field(value, first + 1, "\n".join(lines[first:last + 1]).strip())

    issuers: list[str] = []
    if signature is None:  # many notices sign at the end
        tail = [ln.strip() for ln in lines[-25:]]
        for k in range(len(tail)):
            names, date, _ = _signature_at(tail, k, len(tail))
            if names:
                signature = (len(lines) - len(tail) + k, names)
                meta.date = meta.date or Field(date.value, len(lines) - len(tail) + date.line, date.quote)
                break
    sources = [(signature[0], signature[1]) if signature else None,
               (notice[0], _sender(notice[1])) if notice else None,
               (meta.title.line - 1, _sender(meta.title.quote)) if meta.title else None,
               (red_head[0], split_organs(red_head[1])) if red_head else None,
               (law[0], [law[2]]) if law else None]
    for found in sources:
        if found and found[1]:
            issuers = found[1]
            meta.issuer = Field("、".join(issuers), found[0] + 1, lines[found[0]].strip())
            break
    if meta.date is None and law:
        meta.date = Field(date_value(law[1]) or law[1], law[0] + 1, law[1])
    meta.issuers = issuers
    title = meta.title.value if meta.title else ""
    by_issuer = next((p for p in (place_in(n) for n in issuers) if p.level), Place())
    by_title = place_in(title)
    by_doc_no = province_of_doc_no(meta.doc_no.value) if meta.doc_no and not (by_issuer.level or by_title.level) else Place()
    meta.place = by_issuer
    if by_title.name.startswith(by_issuer.name) and len(by_title.name) > len(by_issuer.name):
        meta.place = by_title  # 天津市南开区 in the title, 天津市 in the issuer
    meta.place = meta.place if meta.place.level else by_doc_no
    meta.level = level_of(issuers, by_issuer if by_issuer.level else meta.place, title)
    kind = _doc_type(title) if title else None
    meta.kind = _KIND.get(next((k for k in _KIND if kind and kind.endswith(k)), ""), "") if kind else ""
    header_end = max(last_header + 1, lead_end)
    return Header(meta, lead_end, header_end, noise)
