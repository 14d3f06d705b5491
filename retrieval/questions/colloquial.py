"""Meeting words for the words plans use: 老掉牙 is 老旧, 换掉 is 淘汰, 楼宇 is 建筑.

Officials ask in the words of a meeting; the plans are written in the words of
a 公文. A clause is judged by how many of the question's words it holds, so a
colloquial word the plans never use makes a clause that answers look silent.
This table is the field's small bridge: a few hundred characters of everyday
words, each with the written words a plan uses for the same thing. It is read
as alternatives ("换掉|淘汰|更新"), never as a rewrite: a clause that holds the
colloquial word itself still counts.

A general synonym dictionary does not do this job: it bridges 树枝 to 部门 and
地铁 to 轨道交通 by shared English glosses, turning refusals into answers.
"""
from __future__ import annotations

import re

# everyday word -> the written words of the plans, most usual first
PLAN_WORDS: dict[str, tuple[str, ...]] = {
    # doing, replacing, using
    "换掉": ("淘汰", "更新", "替代"), "换成": ("替代", "更新"), "替换": ("替代", "更新"), "顶替": ("替代",),
    "用起来": ("应用", "推广"), "用上": ("应用", "推广"), "推开": ("推广",), "铺开": ("推广",),
    "报上来": ("报告", "报送"), "报上去": ("报告", "报送"), "上报": ("报告", "报送"),
    "挪走": ("迁移", "移植"), "挪": ("迁移", "移植"), "砍": ("砍伐",), "砍树": ("砍伐", "林木"),
    "扎堆": ("集聚",), "聚起来": ("集聚",), "拿出": ("提出", "制定"), "定出": ("制定", "提出"),
    "不准": ("禁止", "不得"), "明令禁止": ("禁止",), "不许": ("禁止", "不得"), "不让": ("禁止", "不得"), "再扩": ("新增", "扩大"),
    "扩产": ("新增产能", "扩大产能"), "体检": ("诊断",), "把关": ("审查", "监管"), "查一查": ("检查", "核查"),
    # rising and falling
    "往上提": ("提升", "提高"), "提上去": ("提升", "提高"), "拉高": ("提高", "提升"), "涨到": ("提高", "达到"),
    "降下来": ("下降", "降低"), "压下来": ("压减", "下降"), "往下压": ("压减", "下降"), "减下来": ("减少", "下降"),
    "砍掉": ("压减", "淘汰"), "压减": ("下降", "减少"), "下限": ("不低于",), "底线": ("不低于", "以上"), "养成": ("形成",), "扔垃圾": ("垃圾投放", "投放"), "理清": ("明晰", "明确", "梳理"), "不够": ("不足", "足额"), "冲到": ("达到", "提高"),
    "抱团": ("集群", "集聚", "联合"), "一条龙": ("一站式", "全链条"), "挑大梁": ("牵头", "龙头"), "牵个头": ("牵头",),
    "摸底": ("调查", "普查", "排查"), "摸清": ("调查", "核算"), "兜底": ("保障",), "盯住": ("监管", "监测"),
    "打造成": ("打造",), "建设成": ("建设",), "落地": ("转化", "应用", "落实"), "揉到一块": ("融合", "协同"), "挑头": ("牵头",),
    # things
    "老掉牙": ("老旧", "落后", "低效"), "破旧": ("老旧",), "新盖": ("新建",), "新盖的": ("新建",), "预制": ("装配式",),
    "一起建": ("共建", "联合"), "合建": ("共建",), "天大": ("天津大学",), "南大": ("南开大学",), "提效": ("效率", "能效"),
    "改电": ("电能替代", "以电代"), "主责": ("牵头", "负责"), "变废为宝": ("资源化", "综合利用", "回收利用"),
    "老区": ("老工业区", "老城区"),
    "楼宇": ("建筑",), "楼房": ("建筑", "住宅"), "房子": ("建筑", "住宅"), "老房子": ("既有建筑", "老旧小区"),
    "公车": ("公务用车",), "公务车": ("公务用车",), "楼顶": ("屋顶",), "房顶": ("屋顶",), "种树": ("植树", "绿化", "造林"),
    "老旧小区": ("既有建筑", "既有居住建筑"), "电车": ("新能源汽车", "电动汽车"), "电动车": ("新能源汽车", "电动汽车"),
    "油车": ("燃油汽车", "燃油车"), "充电站": ("充电桩", "充电设施"),
    "商场": ("商超", "商业综合体"), "超市": ("商超",), "塑料袋": ("塑料制品", "塑料"), "水泵": ("泵",),
    "整体能效": ("综合能效", "能效"), "二手货": ("二手商品", "二手"), "旧货": ("二手商品",), "废品": ("再生资源", "废旧物资"),
    "树枝落叶": ("园林绿化垃圾", "园林绿化废弃物"), "枝叶": ("园林绿化废弃物", "园林废弃物"), "修剪下来": ("废弃物",), "剩饭": ("餐饮浪费", "食品浪费"), "剩菜": ("餐饮浪费", "食品浪费"),
    "烧煤": ("燃煤", "煤炭"), "用煤": ("煤炭消费", "燃煤"), "用电量": ("电力消费",),
    "饭店": ("餐饮", "饭店"), "饭馆": ("餐饮",), "修路": ("道路", "公路"), "路子": ("路径", "特色"), "别的城区": ("其他中心城区", "其他城区"),
    "防治": ("防控", "防治"), "留存": ("保存",), "存档": ("保存",), "最短": ("至少",), "最少": ("至少",),
    "散烧煤": ("煤炭散烧", "散煤"), "烧散煤": ("煤炭散烧", "散煤"),
    "省电": ("节电", "节能"), "省能": ("节能",), "省水": ("节水",), "省钱": ("节约",),
    "排碳": ("碳排放",), "光伏板": ("光伏",),
    # an intensity as officials name it, and as plans write it: per unit of GDP
    "能耗强度": ("能源消耗", "单位生产总值能耗"), "碳排放强度": ("二氧化碳排放", "单位生产总值二氧化碳排放"),
    "碳强度": ("二氧化碳排放", "单位生产总值二氧化碳排放"),
    "区内": ("全区",), "规上": ("规模以上",), "规模以上": ("规上",), "人大": ("人民代表大会",), "市政府": ("市人民政府", "人民政府"), "区政府": ("区人民政府", "人民政府"),
    "老百姓": ("居民", "公众", "群众"), "市民": ("居民", "公众"), "出门": ("出行",),
    "厂子": ("企业", "工厂"), "大厂": ("重点企业", "龙头企业"), "公司": ("企业",),
    "罚款": ("处罚",), "罚": ("处罚", "罚款"), "挨罚": ("处罚", "罚款"),
    "长处": ("优势", "特色"), "短板": ("薄弱", "不足"), "差异化": ("错位", "特色"), "缓冲期": ("容错",),
    "犯了错": ("容错", "失误"), "犯错": ("容错", "失误"),
    "达标": ("达到", "标准", "创建"), "门槛": ("标准", "准入"),
    "花钱": ("资金", "投入"), "给钱": ("资金", "补贴", "奖励"),
}
_KEYS = re.compile("|".join(sorted(map(re.escape, PLAN_WORDS), key=len, reverse=True)))


def plan_words(question: str) -> list[tuple[str, tuple[str, ...]]]:
    """The everyday words the question uses, each with the plans' words for it, in the question's order."""
    return [(m.group(0), PLAN_WORDS[m.group(0)]) for m in _KEYS.finditer(question)]


def with_plan_words(terms: list[str], question: str) -> list[str]:
    """The question's content terms, an everyday word read as itself or the plans' words for it; the pieces jieba
    cut from it (换掉 -> 换掉, 老掉牙 -> 老掉牙) make way for it."""
    found = plan_words(question)
    if not found:
        return terms
    words = [w for w, _ in found]
    kept = [t for t in terms if not any(t in w or w in t for w in words)]
    return kept + ["|".join(dict.fromkeys((w, *formal))) for w, formal in found]
