"""Where a document applies and at which level of government it was issued.

A plan's owners are only ever right for its own jurisdiction: 区发展改革委 in
Nankai's plan is not 市发展改革委 in Tianjin's. The place is read off the
issuers first (山西省发展和改革委员会), then off the title (辽源市…方案); the
level follows from the issuer's rank (国务院 / a ministry) or the place.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

PROVINCES = (
    "北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 "
    "四川 贵州 云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门"
).split()
MUNICIPALITIES = ("北京", "天津", "上海", "重庆")
_REGION_SUFFIX = {"内蒙古": "自治区", "广西": "壮族自治区", "西藏": "自治区", "宁夏": "回族自治区", "新疆": "维吾尔自治区",
                  "香港": "特别行政区", "澳门": "特别行政区"}
LEVELS = ("国家", "部委", "省", "市", "区县")

_PROVINCE = re.compile(
    "(" + "|".join(sorted(PROVINCES, key=len, reverse=True)) + r")(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)?"
)
# A city or district named before a level word; the name is 2-4 characters.
_CITY = re.compile(r"([\u4e00-\u9fff]{2,4}?)市")
_DISTRICT = re.compile(r"([\u4e00-\u9fff]{2,5}?)(新区|开发区|自治县|区|县)(?!城)")
_NOT_PLACE = re.compile(
    r"^(各|全|本|我|该|其|自治|城|超大城|大城|设区|地级|县级|省辖|中心城|试点城|示范城|直辖|计划单列|所在|相关|有关|沿海|资源型|"
    r"地|园|城|社|景|校|片|街|山|牧|林|库|矿|保护|行政|风景|试验|示范|先行|功能|集聚|重点|核心|毗邻|贫困|农|老|灾|"
    r"自贸|保税|高新|产业|工业|物流|商|居住|生活|居民|新|城市|城镇|乡|村)"
)
_NATIONAL = re.compile(r"^(中共中央|国务院|中共中央办公厅|国务院办公厅|全国人民代表大会(常务委员会)?|全国人大(常委会)?)$")
_MINISTRY = re.compile(
    r"^(国家|中国人民银行|人民银行|海关总署|税务总局|市场监管总局|国资委|国管局|银保监会|证监会|国务院国资委|"
    r"[\u4e00-\u9fff]{1,10}部(办公厅)?$|[\u4e00-\u9fff]{0,8}部(令|规章)?$|发展改革委$|发展和改革委员会$|科技部|财政部|"
    r"生态环境部|工业和信息化部|住房和城乡建设部|交通运输部|农业农村部|教育部|商务部|公安部|自然资源部|水利部)"
)
_PROVINCIAL_ORGAN = re.compile(r"^(省|自治区)")
_CITY_ORGAN = re.compile(r"^市(?!场)")
# The one-character province names that open a 文号: 宁政发〔2021〕39号 is Ningxia's government.
_DOC_NO_PROVINCE = dict(zip("京津沪渝冀晋辽吉黑苏浙皖闽赣鲁豫鄂湘粤琼川蜀贵黔云滇陕秦甘陇青宁新藏桂蒙",
                            ["北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽",
                             "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "四川", "贵州", "贵州",
                             "云南", "云南", "陕西", "陕西", "甘肃", "甘肃", "青海", "宁夏", "新疆", "西藏", "广西", "内蒙古"]))


@dataclass(frozen=True)
class Place:
    """A jurisdiction as far as the text says: province (or municipality), city, district."""

    province: str = ""
    city: str = ""
    district: str = ""

    @property
    def name(self) -> str:
        return self.province + self.city + self.district

    @property
    def level(self) -> str:
        if self.district:
            return "区县"
        if self.city:
            return "市"
        return "省" if self.province else ""

    def names(self) -> list[str]:
        """Ways an official names this place: 天津市 / 天津, 南开区 / 南开, 辽源市 / 辽源."""
        out = []
        for part in (self.district, self.city, self.province):
            if part:
                out.append(part)
                short = re.sub(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|新区|区|县)$", "", part)
                if len(short) >= 2 and short != part:
                    out.append(short)
        return out


def province_name(short: str, suffix: str | None) -> str:
    if short in MUNICIPALITIES:
        return short + "市"
    if short in _REGION_SUFFIX:
        return short + _REGION_SUFFIX[short]
    return short + (suffix if suffix in ("省",) else "省")


def province_of_doc_no(doc_no: str) -> Place:
    """The province a provincial 文号 names by its first character, else no place."""
    short = _DOC_NO_PROVINCE.get(doc_no[:1])
    return Place(province_name(short, None)) if short else Place()


def place_in(text: str) -> Place:
    """The place a name or title is about: 天津市南开区…, 辽源市…, 山西省…, 徐汇区…, …关于江苏省…."""
    text = re.sub(r"\s+", "", text)
    found = _place_at_start(re.sub(r"^(关于印发|关于开展|关于组织|关于发布|关于|中共|印发)", "", text))
    if found.level:
        return found
    _, _, after = text.partition("关于")
    m = _PROVINCE.search(after or text)
    if m and (m.group(2) or m.group(1) in MUNICIPALITIES or len(m.group(1)) >= 2):
        return _place_at_start((after or text)[m.start():])
    return Place()


def _place_at_start(text: str) -> Place:
    province, city, district = "", "", ""
    rest = text
    m = _PROVINCE.match(rest)
    if m:
        province = province_name(m.group(1), m.group(2))
        rest = rest[m.end():]
        if m.group(1) in MUNICIPALITIES:
            d = _DISTRICT.match(rest)
            if d and not _NOT_PLACE.match(d.group(1)):
                district = d.group(0)
            return Place(province, "", district)
    c = _CITY.match(rest)
    if c and not _NOT_PLACE.match(c.group(1)) and c.group(1) not in PROVINCES:
        city = c.group(0)
        rest = rest[c.end():]
    elif not province:
        # a city named without 市, as in 南京江北新区 or 深圳碳普惠…: only with a district after it
        d = _DISTRICT.match(rest)
        if d and not _NOT_PLACE.match(d.group(1)) and len(d.group(1)) <= 6:
            return Place("", "", d.group(0)) if not DISTRICT_TOPIC.search(d.group(0)) else Place()
        return Place()
    d = _DISTRICT.match(rest)
    if d and not _NOT_PLACE.match(d.group(1)) and not DISTRICT_TOPIC.search(d.group(0)):
        district = d.group(0)
    return Place(province, city, district)


# Words ending in 区/县 that name a topic, not a jurisdiction.
DISTRICT_TOPIC = re.compile(r"(地区|城区|小区|园区|示范区|先行区|试验区|功能区|保护区|风景区|景区|社区|片区|街区|山区|牧区|林区|库区|矿区|县城|自贸区|双城经济圈)")


def level_of(issuers: list[str], place: Place, title: str) -> str:
    """国家 / 部委 / 省 / 市 / 区县, from the issuer's rank, else the place, else a national default.

    A document that names neither an issuer nor a place is a national one,
    attributed to the State Council only where it says so.
    """
    for issuer in issuers:
        if _NATIONAL.match(issuer):
            return "国家"
    if place.level:
        return place.level
    for issuer in issuers:
        if _PROVINCIAL_ORGAN.match(issuer):
            return "省"
        if _CITY_ORGAN.match(issuer):
            return "市"
    if re.search(r"国务院|中共中央", title):
        return "国家"
    return "部委"
