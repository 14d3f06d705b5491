"""Department names as officials say them, mapped to the names the plans write.

Learned from the corpus, not listed by hand: every owner a document names
yields its own short forms by rules officials use ("发展改革委" -> "发改委",
dropping the level prefix "区"/"市"), its place-qualified form (市发展改革委
in Tianjin's plan is 天津市发展改革委), the level prefix the plan leaves
implicit (工业和信息化厅 in a list that opens with 省… is 省工业和信息化厅) and
its bracketed sub-unit (省发展改革委（能源局） answers for 省能源局). So a new
plan's units are understood the moment it is ingested.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict

# Long form -> the abbreviations officials use for it.
_ABBREVIATIONS = {
    "发展改革委": ["发改委", "发展和改革委员会", "发展改革委员会", "发改"],
    "发展和改革委员会": ["发改委", "发展改革委"],
    "住房建设委": ["住建委", "住房和建设委员会", "住建"],
    "住房城乡建设管理委": ["住建委", "住房城乡建设委", "住建"],
    "住房城乡建设委": ["住建委", "住房和城乡建设委员会", "住建"],
    "住房城乡建设厅": ["住建厅", "住房和城乡建设厅"],
    "住房城乡建设部": ["住建部", "住房和城乡建设部"],
    "住房和城乡建设局": ["住建局", "住房城乡建设局"],
    "城市管理委": ["城管委", "城市管理委员会", "城管"],
    "市场监管局": ["市监局", "市场监督管理局", "市场监管"],
    "市场监管委": ["市场监督管理委员会", "市场监管"],
    "生态环境局": ["环保局", "生态环境保护局", "生态局", "环境局"],
    "生态环境厅": ["环保厅", "生态厅"],
    "文化和旅游局": ["文旅局", "文化旅游局", "文旅"],
    "工业和信息化局": ["工信局"],
    "工业和信息化厅": ["工信厅"],
    "工业和信息化部": ["工信部"],
    "经济和信息化厅": ["经信厅"],
    "科技局": ["科学技术局"],
    "科技厅": ["科学技术厅"],
    "科委": ["科学技术委员会"],
    "人社局": ["人力资源和社会保障局", "人力资源社会保障局"],
    "机关事务服务中心": ["机关事务中心", "机关事务局", "机关事务管理局", "机关事务"],
    "机关事务管理局": ["机管局", "机关事务局"],
    "机管局": ["机关事务管理局", "机关事务局"],
    "协同创新办": ["协同创新办公室"],
    "金融局": ["金融工作局", "金融办"],
    "统计局": ["统计部门"],
    "财政局": ["财政部门"],
    "教育局": ["教委", "教育部门"],
    "国资委": ["国有资产监督管理委员会", "国资"],
    "经济信息化委": ["经信委", "经济和信息化委员会"],
    "规划资源局": ["规资局", "规划和自然资源局"],
    "政务服务办": ["政务办", "政务服务办公室"],
    "合作交流办": ["合作交流办公室"],
    "融媒体中心": ["融媒体"],
    "委宣传部": ["宣传部"],
    "委组织部": ["组织部"],
    "委党校": ["党校"],
    "绿化市容局": ["绿化局", "市容局"],
    "交通委": ["交通运输委员会", "交通委员会"],
    "交通运输委": ["交通委", "交通运输委员会"],
    "农业农村委": ["农委"],
    "工商联": ["工商业联合会"],
    "税务局": ["税务部门"],
}
_LEVEL = re.compile(r"^(区|市|省|县|自治区)")
_GROUP_OFFICE = "领导小组办公室"  # "领导小组办公室 / 领导小组办" names the one the plan spells out
_SUB_UNIT = re.compile(r"^(?P<main>.+?)[（(〔](?P<sub>[^（）()〔〕]{2,12})[）)〕]$")
_BRANCH = re.compile(r"^(?P<org>[\u4e00-\u9fff]{2,8}?)[局委](?P<branch>[\u4e00-\u9fff]{2,4}分局)$")
UNIT_MENTION = re.compile(r"(?:[区市省县]|国家)[\u4e00-\u9fff]{1,10}?(委员会|委|局|办公室|办|中心|部|党校|厅)(?![门分])")  # not 市级对口部门


def _variants(unit: str) -> set[str]:
    out = {unit}
    stem = _LEVEL.sub("", unit)
    prefix = unit[: len(unit) - len(stem)]
    for long, shorts in _ABBREVIATIONS.items():
        for written in (long, *shorts):  # a plan may write the short form (省工信厅): officials may say the long one
            if stem.endswith(written) and len(written) >= 2:
                head = stem[: len(stem) - len(written)]
                for other in (long, *shorts):
                    out.add(prefix + head + other)
                    if prefix:
                        out.add(head + other)
                break
    if prefix and len(stem) >= 3:
        out.add(stem)
    branch = _BRANCH.match(stem)
    if branch:  # 市规划资源局南开分局: "规划资源南开分局"
        out.add(branch.group("org") + branch.group("branch"))
    if unit.startswith("各") and len(unit) >= 4:
        out.add(unit[1:])  # 各街道办事处: "街道办事处负责哪些任务"
    if stem.endswith(_GROUP_OFFICE) and stem != _GROUP_OFFICE:  # 区碳达峰碳中和工作领导小组办公室
        out |= {_GROUP_OFFICE, "领导小组办"}
    return out


def _place_names(place: list[str]) -> dict[str, str]:
    """Level prefix -> the place's name at that level: {"市": "天津市", "区": "南开区"}."""
    province, city, district = (list(place) + ["", "", ""])[:3]
    out = {}
    if province:
        out["省" if province.endswith("省") else "市" if province.endswith("市") else "自治区"] = province
    if city:
        out["市"] = city
    if district:
        out["区" if district.endswith("区") else "县"] = district
    return out


def document_aliases(units: list[str], place: list[str]) -> dict[str, set[str]]:
    """Every way to name each unit of one document: alias -> units."""
    prefixes = Counter(m.group(1) for u in units for m in [_LEVEL.match(u)] if m)
    implicit = prefixes.most_common(1)[0][0] if prefixes else ""
    places = _place_names(place)
    out: dict[str, set[str]] = defaultdict(set)
    for unit in set(units):
        forms = {unit}
        if implicit and not _LEVEL.match(unit) and not unit.startswith(("各", "国家", "中国")):
            forms.add(implicit + unit)  # 工业和信息化厅 listed after 省发展改革委
        sub = _SUB_UNIT.match(unit)
        if sub:
            level = _LEVEL.match(unit)
            forms |= {sub.group("main"), (level.group(1) if level else "") + sub.group("sub"), sub.group("sub")}
        for form in list(forms):
            level = _LEVEL.match(form)
            if level and level.group(1) in places:
                forms.add(places[level.group(1)] + form[len(level.group(1)):])  # 天津市发展改革委
        for form in forms:
            for alias in _variants(form):
                out[alias].add(unit)
    return out


class AliasTable:
    """alias -> canonical units, and the documents each unit is named in."""

    def __init__(self, documents: dict[str, tuple[list[str], list[str]]]) -> None:
        """`documents`: source -> (its owner units, its place [province, city, district])."""
        self.units = sorted({u for units, _ in documents.values() for u in units})
        self._map: dict[str, set[str]] = defaultdict(set)
        self._where: dict[tuple[str, str], set[str]] = defaultdict(set)  # (alias, unit) -> sources
        for source, (units, place) in documents.items():
            for alias, named in document_aliases(units, place).items():
                for unit in named:
                    self._map[alias].add(unit)
                    self._where[(alias, unit)].add(source)
        self._by_length = sorted(self._map, key=len, reverse=True)
        self._order = {alias: i for i, alias in enumerate(self._by_length)}
        self._by_head: dict[str, list[str]] = defaultdict(list)  # first two characters -> aliases
        for alias in self._by_length:
            self._by_head[alias[:2]].append(alias)

    def _candidates(self, text: str) -> list[str]:
        """The aliases that can stand in the text, longest first: a question is short and the table holds thousands."""
        heads = {text[i : i + 2] for i in range(len(text) - 1)} | {c for c in text}
        return sorted({a for head in heads for a in self._by_head.get(head, ())}, key=self._order.__getitem__)

    def find(self, text: str, sources: list[str] | None = None) -> list[tuple[str, list[str]]]:
        """Aliases named in the text (longest match first, no overlaps) and their units.

        With `sources`, an alias means the units it names in those documents
        when it names any there; a place-qualified alias never leaves its place.
        """
        found, taken = [], [False] * len(text)
        for alias in self._candidates(text):
            start = text.find(alias)
            while start >= 0:
                end = start + len(alias)
                other_level = (start > 0 and text[start - 1] in "区市省县" and not _LEVEL.match(alias)
                               and text[start - 1] + alias not in self._map)  # 区海洋局 is not 市海洋局
                if not any(taken[start:end]) and not other_level:
                    units = sorted(self._map[alias])
                    if sources is not None:
                        local = [u for u in units if self._where[(alias, u)] & set(sources)]
                        units = local or units
                    found.append((start, alias, units))
                    for i in range(start, end):
                        taken[i] = True
                start = text.find(alias, end)
        return [(alias, units) for _, alias, units in sorted(found)]

    def sources_of(self, alias: str, unit: str) -> set[str]:
        return self._where.get((alias, unit), set())

    def resolve(self, name: str) -> list[str]:
        return sorted(self._map.get(name, set()))

    def unknown_units(self, text: str) -> list[str]:
        """Unit-like names in the text that no document names (e.g. a made-up 局)."""
        known = {a for a, _ in self.find(text)}
        out = []
        for m in UNIT_MENTION.finditer(text):
            name = m.group(0)
            if not any(name in k or k in name for k in known) and not any(name in u for u in self.units):
                out.append(name)
        return out
