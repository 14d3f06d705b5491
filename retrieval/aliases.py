"""Department names as officials say them, mapped to the names the plans write.

Learned from the corpus, not listed by hand: every owner a document names
yields its own short forms by rules officials use ("发展改革委" -> "发改委",
dropping the level prefix "区"/"市"), so a new plan's units are understood
the moment it is ingested.
"""
from __future__ import annotations

import re
from collections import defaultdict

# Long form -> the abbreviations officials use for it.
_ABBREVIATIONS = {
    "发展改革委": ["发改委", "发展和改革委员会", "发展改革委员会", "发改"],
    "住房建设委": ["住建委", "住房和建设委员会", "住建"],
    "住房城乡建设管理委": ["住建委", "住房城乡建设委", "住建"],
    "城市管理委": ["城管委", "城市管理委员会", "城管"],
    "市场监管局": ["市监局", "市场监督管理局", "市场监管"],
    "生态环境局": ["环保局", "生态环境保护局", "生态局", "环境局"],
    "文化和旅游局": ["文旅局", "文化旅游局", "文旅"],
    "科技局": ["科学技术局"],
    "科委": ["科学技术委员会"],
    "人社局": ["人力资源和社会保障局", "人力资源社会保障局"],
    "机关事务服务中心": ["机关事务中心", "机关事务局", "机关事务管理局", "机关事务"],
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
    "工商联": ["工商业联合会"],
    "税务局": ["税务部门"],
}
_LEVEL = re.compile(r"^(区|市|省|县)")
UNIT_MENTION = re.compile(r"[区市省县][\u4e00-\u9fff]{1,10}?(委员会|委|局|办公室|办|中心|部|党校)")


def _variants(unit: str) -> set[str]:
    out = {unit}
    stem = _LEVEL.sub("", unit)
    prefix = unit[: len(unit) - len(stem)]
    for long, shorts in _ABBREVIATIONS.items():
        if stem.endswith(long) or stem == long:
            head = stem[: len(stem) - len(long)]
            for short in shorts:
                out.add(prefix + head + short)
                if prefix:
                    out.add(head + short)
    if prefix and len(stem) >= 3:
        out.add(stem)
    return out


class AliasTable:
    """alias -> canonical units; an alias may name units at two levels."""

    def __init__(self, units: list[str]) -> None:
        self.units = sorted(set(units))
        self._map: dict[str, set[str]] = defaultdict(set)
        for unit in self.units:
            for alias in _variants(unit):
                self._map[alias].add(unit)
        self._by_length = sorted(self._map, key=len, reverse=True)

    def find(self, text: str) -> list[tuple[str, list[str]]]:
        """Aliases named in the text (longest match first, no overlaps) and their units."""
        found, taken = [], [False] * len(text)
        for alias in self._by_length:
            start = text.find(alias)
            while start >= 0:
                end = start + len(alias)
                if not any(taken[start:end]):
                    found.append((start, alias, sorted(self._map[alias])))
                    for i in range(start, end):
                        taken[i] = True
                start = text.find(alias, end)
        return [(alias, units) for _, alias, units in sorted(found)]

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
