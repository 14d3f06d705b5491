"""The kinds of question officials ask, and the one table that recognises them.

Each kind decides which exact look-up answers it (see answer.COMPOSERS). The
table below is read top to bottom and the first kind whose recogniser fires
is the question's kind; a recogniser marked `also` adds its kind as a second
part of the same question ("…要达到多少，谁负责?" asks a figure and its
owners). Adding a kind is one row here and one composer there.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import Callable


class Kind(str, Enum):
    DEFINE = "define"  # what a short name stands for, or a full name's short one: “两高”是指什么 / FT账户的全称
    META = "meta"  # a fact about the document itself: 文号, issuer, date, title
    DUE = "due"  # what falls due by a time: 2023年起有哪些要求 / 区商务局2025年前要完成哪些指标
    REVERSE = "reverse"  # every task a unit is named on
    OWNER = "owner"  # who owns a task
    LIST = "overview"  # the items of a part: its headings, or the ——/1. items of a paragraph
    BASIS = "basis"  # the documents a plan rests on: 根据哪几个上级文件制定
    FACT = "fact"  # a fact stated once: a year, a place, a name, a count
    FIGURE = "figure"  # which target a figure is: “24.1%”是啥指标、哪年的 / 40%和30%以上分别卡的是啥指标
    TARGET = "target"  # a quantified target
    GENERAL = "general"  # anything else the text answers


@dataclass(frozen=True)
class Reading:
    """What the words of a question say, before any document is consulted."""

    text: str
    names_unit: bool  # an alias of a unit stands in it
    english: bool


Recogniser = Callable[[Reading], bool]


def _re(pattern: str, flags: int = 0) -> Callable[[str], bool]:
    compiled = re.compile(pattern, flags)
    return lambda s: bool(compiled.search(s))


# the document itself as the subject of a colloquial question (这文件啥时候发的, 天津条例是谁定的), so 发的 / 出的 / 执行
# ask of it, not of a task (垃圾分类什么时候执行)
_DOC_SAID = r"(?:文件|方案|条例|意见|通知|规划|办法|这文|这个文)(?![里中内对要提明规])[^，。？?]{0,4}"
META_FIELDS = {
    # what the document's own front and back matter say: its source, the meeting, the addressees, when it takes effect
    "about": _re(r"来源|出处|转载|新华社|通讯社|通知.{0,4}(叫什么|叫啥|名字)|网站转|网上|网站上|网络上|收文|哪个会议|哪一?届|(标题|正文)之?前.{0,4}(注明|标注|备注)|通知.{0,4}(标题|题目|名称|全称)|通知.{0,16}(咋办|怎么办|怎么做|如何)|导语|新闻稿|哪次会议|什么会议|会议上|第几次(会议|常委会)|几次会议|发给|主送|印发给|落款|公告|施行|生效|(?:方案|文件|条例|意见|办法|规划|通知)[^，。？?]{0,8}(?:开始实行|起实行|开始执行|起执行)|全文|删减|节选|在哪儿?(发布|刊发|刊登|登载)|(发布|刊发|刊登)在哪"
                 r"|source of|news agency|credited|(published|posted|reported|available|released) online|\bonline (version|source|copy)|website|\breported\b|\bsession\b|\bmeeting\b|announcement|title of the notice|receives? .{0,40}\bnotice|\brecipients?\b|to whom .* addressed|news lead|take effect|came into (force|effect)|in force|addressed to|abridged|full text|complete (version|text)|\bunabridged\b", re.I),
    "doc_no": _re(r"文号|发文字号|字号|文件号|编号|第几号|几号文|公告.{0,4}几号|document number|reference number"
                  r"|notice (number|no\b)|what number", re.I),
    "date": _re(r"(哪天|哪一天|何时|什么时候|啥时候|日期|时间|哪一?年|几月|哪个月|几号).{0,6}(印发|发布|出台|下发|通过|颁布|公布|施行|生效)"
                r"|" + _DOC_SAID + r"(哪天|哪一天|何时|什么时候|啥时候|哪一?年|几几年|几月|哪个月|几号)[^，。？?]{0,6}"
                r"(发的|发出|出的|出来|印的|签发|定的|执行|实施|定稿)"
                r"|(印发|发布|出台|颁布|通过|发文|成文)(的)?(日期|时间)|when (was|were) .*(issued|adopted|published|signed)"
                r"|(what|which) date .*(issue|adopt|publish)|date of (issue|issuance|publication)", re.I),
    "issuer": _re(r"(谁|哪个单位|哪个部门|哪些部门|哪些单位|哪几个部门|哪个机关|什么机关|哪家).{0,6}(印发|发布|制定|出台|下发|颁布|公布|通过)"
                  r"|(谁|哪个|哪家|哪级)(单位|部门|机关|局|委|办|政府)?(发的|发出的|发文)|以.{1,8}名义(印发|发布|发)"
                  r"|发文(单位|机关)|印发(单位|机关)|联合(印发|发布)"
                  r"|制定(单位|机关)|落款(机关|单位)|who (issued|published|signed)"
                  r"|which (\w+ ){0,2}(bod(y|ies)|organs?|authorit(y|ies)|governments?) signed"
                  r"|which (bod(y|ies)|organs?|authorit(y|ies)|agenc(y|ies)|governments?) (\w+ )?(issued|published|announced|promulgated|enacted|adopted)"
                  r"|(印发|发文|发布|制定)主体|(联合|共同)(印发|发布|发)的?(吗|么|\?|？)"
                  r"|(印发|发布|签发|颁布|公布)(这份|这个|该|本)?(方案|文件|条例|意见|通知)?的是(谁|哪)"
                  r"|issued by (whom|which)"
                  r"|" + _DOC_SAID + r"(谁|哪个单位|哪个部门|哪家|哪级|哪一级)[^，。？?]{0,6}(签发|印的|定的|出的|发的|署名|制定的)"
                  r"|" + _DOC_SAID + r"(发布|印发|签发|制定|发文)(单位|机关|部门)|署名", re.I),
    # a bare 全称是什么 is the document's; 人工智能平台计划全称是什么 is the plan's item's (a fact of the text)
    "title": _re(r"(方案|文件|条例|意见|规划|办法)的?.{0,3}(标题|名称|全称|题目)|(^|本文|文件|它|其|这份|该文|原文)的?(标题|全称)"
                 r"(是什么|叫什么)|\b(full|exact|official|complete) (title|name) of the\b", re.I),
}
_OWN_NAME = _re(r"(方案|文件|条例|意见|规划|办法|通知)(本身)?的?(完整|正式)?的?(标题|名称|全称|题目|简称)|full (title|name) of the (plan|document)", re.I)
_DEFINE = _re(r"全称|简称|缩写|是指|指的是|指什么|指啥|什么意思|啥意思|\bstands? for\b|short for|full (name|form)|abbreviat", re.I)

_OWNER_ZH = _re(
    r"谁|哪些部门|哪个部门|哪些单位|哪个单位|什么部门|什么单位|哪家|哪几个部门|哪几个单位|哪几家|几个部门|几家单位|责任单位|责任部门|负责部门|负责单位|牵头"
    r"|主管|归.{0,8}管|归(哪|谁)|口子|由.{0,12}负责|负责的?部门|由哪(?![^，。？?]{0,8}(组成|构成|部分|方面|内容))|哪.{0,3}负责|哪儿管|哪里管|谁来"
    r"|找哪|哪[个几些]?[局委]|归口|主责|负总责|(单位|部门)(是|有)?哪几|(承担|负责|落实)[^，,。？?]{0,8}的(单位|部门)"
)
_OWNER_EN = _re(r"\bwho\b|\bwhose (job|task|responsibility|duty|remit|call|work)\b|\bon the hook\b"
                r"|which ([\w-]+ )?(department|unit|agenc|office|bureau|bodies|body|organi)|responsible|in charge|\btasked\b"
                r"|(?<!\btheir )(?<!\bits )(?<!\bour )(?<!\byour )\bowns?\b|\blead(s)?\b",
                re.I)
_REVERSE_ZH = _re(
    r"(负责|承担|参与|牵头|涉及|分管|名下|管|有|干|抓|做)(了|些|都)?(哪些|什么|几项|多少项|哪几项|啥)|哪些(任务|工作|职责|事项)|的(任务|工作|职责|事项)(清单|有哪些|是什么|[?？]?$)"  # not 调度哪些方面的工作进展
    r"|职责是什么|要做什么|要干什么|任务清单|出(哪些|什么|多少)力"
    r"|(哪些|哪几|几件|几项|全部|所有|列出)[^，。？?]{0,2}(任务|工作|活|事|职责)"  # 摊上了哪几件事 / 出现的全部任务
    r"|(派|分|交|压|落|摊|安排)(了|给|到|在)?\S{0,4}(哪些|什么|几项|多少项|啥)(任务|工作|活|事)"  # 被派了什么任务 / 身上压了哪些任务
    r"|(列为|作为|是|当|写入|列入|写进)[^，,。？?]{0,4}(责任|牵头|配合)(单位|部门)的(任务|工作|事项|条)"  # 区教育局列为责任单位的任务
    r"|(别的|其他|其它|哪些|哪几)(任务|条|工作)[里中]?(出现|提到|有)"  # 还在别的任务里出现吗
    r"|(还有|有没有)(别的|其他|其它)(任务|工作|事)|出现在(几|哪)"  # 除了这条还有别的任务吗 / 一共出现在几条任务里
    r"|有(没有)?(活儿?|任务|事儿?|差事|份)(吗|没有|么)|有没有(它|他们|我们|咱)?的?(活儿?|任务|事儿?|份)"  # 组织部在这方案里有活儿吗
    r"|(多少|几)[条项件个]任务|管的是哪[条项件]"
)
_REVERSE_EN = _re(r"(what|which) (tasks|work|duties)|what (does|do|must|should|will) .* (own|do|handle|lead)\b"
                  r"|(tasks|duties) (of|for|assigned to)|\bresponsible for( (in|under) [\w' ]{0,40})?\s*\??\s*$"
                  r"|what (role|part) does|\brole of\b"
                  r"|responsible for what|named on|listed (on|for)|\b(every|all|each) (the )?(tasks?|duties|dut(y|ies))\b"
                  r"|\btake on\b|\b(names?|mentions?|lists?) (us|our|my|it|them)\b", re.I)
# the last of a part's items or of the document's parts (收尾的那一部分, 排到最后的那个行动)
LAST_ITEM = r"(?:收尾|末尾|结尾|最后|最末|排[在到]最后)的?那?一?(?:个|部分|块|章|节|项|条|行动)"
# 框架 / 结构 ask for the outline only when they are the document's ("方案的框架", "结构是怎样的"), not a topic's
# ("纳入宏观审慎评估框架", "能源结构有啥要求")
FRAME = r"(?:方案|文件|条例|意见|规划|办法|整体|总体|基本|全文)的?(?:框架|结构)|(?:框架|结构)(?:是|如何|怎样|怎么)"
# where a part stands in the document: “增加碳汇”那节放在第几章
WHICH_PART = r"(?:放在|在|属于|归在?|位于|出自|列在)第几(?:章|部分|节)|(?:放在|在|属于|出自|列在)[^，。？?]{0,6}哪一?(?:章|部分|节)"
_LIST_ZH = _re(
    r"(有哪些|包括哪些|包含哪些|分为哪|分哪|哪几|是哪些|哪[一二三四五六七八九十]个|哪[两二三四五六七八九十]{1,2}(?:[条项类种样点块部]|个(?![\u4e00-\u9fff]{0,2}(?:所|院|局|委|馆|站|园|城|区|校|企业|公司|中心|平台|实验室)))|由哪.{0,8}(组成|构成)|几大|[二三四五六七八九十]大|几个方面|哪些方面|主要内容|" + FRAME + r"|(?<![个份部些么])目录|大纲|概况|讲了什么"
    r"|说了什么|讲了哪些|什么内容|哪些内容|哪些部分|几部分|几个部分|概要|导读|分别是|分别叫|有几条|哪几条|有几个|有几项|几项(?:任务|措施|工作|内容|行动)|分几|分了几|分成几"
    r"|(?:涵盖|覆盖|囊括|列了|列出|点了|提了|点名了?)(?:哪些|哪几|几)|[拆分划](?:成|为)了?(?:哪|几)|(?:一共|总共)[^，。？?]{0,4}几[样种类个项条]"
    r"|(标题|名称|题目)(都|分别|各)?(是|叫)(啥|什么|哪些)"
    r"|(下面|底下|下的|里的?|中的?)第[一二三四五六七八九十\d]+[条项个点][^，。？?]{0,4}(是什么|叫什么|叫啥|是啥|标题|名称|题目)"
    r"|[两二三四五六七八九十几]+[条项个]小?标题|标题[^，。？?]{0,3}(报|说|念|列|讲|数)(一下|一遍|出来)"
    r"|第[一二三四五六七八九十\d]+个?大?(?:部分|章|节)[^，。？?]{0,6}(?:讲|说|写|是|关于|内容|主题|标题|叫)"  # 第四部分讲的是啥
    r"|" + WHICH_PART + r"|" + LAST_ITEM + r")"
)
_LIST_SCOPE = _re(r"方案|文件|条例|意见|任务|行动|部分|章|内容|措施|保障|要求|原则|目标|举措|工程|机制|体系|领域|方面|路径|思想"
                  r"|合作|这一块|这块|那一块|那块|板块|篇|节|下面|底下")
_LIST_EN = _re(r"what are the (main |key |eight |\w+ ){0,3}(parts|actions|tasks|principles|measures|sections|chapters|items)"
               r"|(what|which) (\w+ ){0,2}(tasks|actions|parts|measures|principles|items|sections|chapters) (fall|come|are|sit) (under|in)"
               r"|\b(consist|consists) of\b|made up of|list (the|all)|what (does|do) .* (include|cover|consist)"
               r"|how many (parts|chapters|sections|articles|numbered)|\bheading of (part|section|chapter)\b"
               r"|which part comes", re.I)
_QUANTITY = _re(r"多少|几成|比例|比重|百分之|达到|率|多大|什么水平|硬指标|how (much|many)|\b(share|percentage|proportion|target)\b", re.I)
_TARGET_ZH = _re(r"多少|几成|几个|几家|几项|几座|比例|比重|目标|指标|百分之|达到|要求.{0,4}多|多大|什么水平|量级|率|硬指标|(20\d\d)年?")
_TARGET_EN = _re(r"how (much|many)|what ([\w-]+ ){0,3}(share|percentage|proportion|target|ratio|rate)\b|\btarget|\b(by|for) 20\d\d"
                 r"|percent|\bfigures?\b", re.I)
_FACT_ZH = _re(r"对象(是|为|有)(谁|哪)|哪一?年|什么时候|时间点|何时|哪个时间|多久|在哪儿|在哪里|哪些地方|什么地方|在哪|叫什么|名字|简称|全称是|称为|哪一个|哪座|哪所")
_WHEN = _re(r"哪一?年|什么时候|何时|时间点|哪个时间|\bwhen\b|which year", re.I)
_FACT_EN = _re(r"\bwhen\b|\bwhere\b|what is .* called|\bname of\b|which year", re.I)
# A goal described in words ("…要达到什么程度", "能源结构有啥要求"): the sentence that says it, not a figure.
_QUALITATIVE = _re(r"什么程度|啥程度|什么样|啥样|怎么样|怎样|什么要求|啥要求|有何要求|什么状态|干成啥|做成啥|要做什么|做什么|做到什么|做到啥|实现什么|what (kind|state|level) of", re.I)


_DUE = _re(r"(20\d\d\s*年(起|前|底|末|内)?|十[四五]五|今年|明年)[^？?]{0,12}(有哪些|哪些|有什么|要完成什么|什么|要做什么|到期)"
           r"[^？?]{0,6}(要求|任务|工作|指标|目标|事项)?|what (is|falls) due|due (by|in) 20\d\d", re.I)
# "生活垃圾分类体系2025年要建成什么样": a topic comes before the time, so it asks about that topic, not what falls due.
_TOPIC_FIRST = re.compile(r"^([\u4e00-\u9fff]{4,}?)(20\d\d|十[四五]五)")
_POINTING = re.compile(r"^(那么?)?(它|这一?条|这一?项|该项|该条|此项|其)")
_UNIT_END = re.compile(r"(局|委|办|部|中心|政府|办事处)$")


_RATE = _re(r"(?<!效)率")


def _due(r: Reading) -> bool:
    """A time named and the commitments that fall then asked for, not one figure (多少), not an owner and not how
    far one goal goes (“十五五”期间产业结构调整要取得什么样的进展)."""
    topic = _TOPIC_FIRST.match(r.text)
    if _POINTING.match(r.text):  # "它到2030年要达到什么效果": the clause before, at that time
        return False
    return _DUE(r.text) and not _QUANTITY_ONE(r.text) and not _RATE(r.text) and not _OWNER_ZH(r.text) and not _QUALITATIVE(r.text) and (
        not topic or bool(_UNIT_END.search(topic.group(1))))  # a unit before the time still asks what falls due


COUNT = r"(?<!哪)几[个家座项所处批成种类]"  # 要建几个实验室 / 占几成, not 哪几个单位
_COUNT = _re(COUNT)
_QUANTITY_ONE = _re(r"多少|几成|比例|比重|百分之|多大|几个|几家|几座|量级")


# "A和B分别是多少", "各降多少": each of the things named is asked, not the first one alone
_EACH = _re(r"分别|各自|各(?=要|是|为|有(?!关)|达|降|提|减|占|多|几|什么|啥|按)|一并|\b(respectively|each)\b", re.I)


def asks_each(text: str) -> bool:
    return _EACH(text)


# 超了限额咋处理 / 没完成目标会落个啥: what follows a breach, not the figure breached (配额不够咋办 asks the remedy)
_CONSEQUENCE = _re(r"[咋怎如][么何]?(处理|处罚|罚)|罚多少|处罚|罚款|后果|会怎样|会怎么样|追究|什么责任|落个|落得|下场"
                   r"|penalt|punish|sanction|\bfined?\b|consequence", re.I)


def asks_when(text: str) -> bool:
    return bool(_WHEN(text))


def asks_consequence(text: str) -> bool:
    return _CONSEQUENCE(text)


def goal_in_words(text: str) -> bool:
    """How far a goal goes, asked in words (要建到什么程度), not a figure (多少)."""
    return _QUALITATIVE(text) and not _QUANTITY(text)


# what the question's own subject does (企业牵头或参与哪两类项目), whose word sets the pace (按谁的要求), who is assessed
# (考核对象是谁), whom it works with (跟谁一起建的), whom it serves (培训面向的是谁) or which firm (哪家企业): no owner asked
_NOT_OWNER_ZH = re.compile(r"(牵头(或|和|、|及)参与|参与(或|和|、|及)牵头)(?!的?(单位|部门))|[按照据依]谁的|对象(是|为|有)(谁|哪)"
                           r"|[与跟和同](谁|(哪些?|什么)(?!部门)[^，。？?]{0,4})[^，。？?]{0,6}(合作|共建|联合|一起|共同|合建|对接)"  # partners
                           r"|(要是|如果|假如|若|万一)有?哪[个些家]?(部门|单位)"  # 要是哪个部门没完成…咋处理: a case, not an owner
                           r"|哪家(?=企业|公司|集团|机构|银行|医院|学校|高校|大学|研究|实验室|平台|园区|基地|港|电厂|交易)"  # a firm named
                           r"|(是|为)哪一?家(企业|公司|集团|机构|单位)?[?？]?$"
                           r"|(面向|针对|服务于?)的?(是|为)?(谁|哪(些|类)?(人|群体|人群|对象|企业)?)(呀|呢)?[?？]?$")  # whom it serves


def _owner(r: Reading) -> bool:
    return _OWNER_EN(r.text) if r.english else _OWNER_ZH(_NOT_OWNER_ZH.sub("", r.text))


def _reverse(r: Reading) -> bool:
    return r.names_unit and (_REVERSE_EN(r.text) if r.english else _REVERSE_ZH(r.text))


# 天津条例一共多少条 / 分几章: a count of the document's own parts, though 多少 asks a number
DOC_COUNT = r"(?:条例|意见|方案|办法|规划|文件)[^，。？?]{0,6}(?:多少|几)个?(?:章|条|节|部分)(?!任务|措施|要求|工作)"
_DOC_COUNT = _re(DOC_COUNT)


def _list(r: Reading) -> bool:
    if not r.english and _DOC_COUNT(r.text):
        return True
    if r.english:
        return _LIST_EN(r.text)
    return _LIST_ZH(r.text) and _LIST_SCOPE(r.text) and not _QUANTITY(r.text.replace("目标", ""))


def _fact(r: Reading) -> bool:
    return _FACT_EN(r.text) if r.english else _FACT_ZH(r.text)


# a figure as the plans print one (24.1%, 500个, 4.5亿吨), and a question asking what it measures
FIGURE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(%|％|万|亿|个|家|座|辆|吨|千瓦|立方米|平方米)")
_FIGURE_ASK = _re(r"(啥|什么|哪项|哪个|哪一项|哪一个)指标|指的是|说的是|卡的是|对应|管的是|是啥|是什么|哪一?年的|(跟|和|与|同)哪一?年比"
                  r"|[这那]是哪一?年|which (target|indicator|metric)|what (target|indicator|metric)|refer to|stand for|tied to"
                  r"|which year is", re.I)


def _figure(r: Reading) -> bool:
    return bool(FIGURE.search(r.text)) and _FIGURE_ASK(r.text)


def _target(r: Reading) -> bool:
    return _TARGET_EN(r.text) if r.english else _TARGET_ZH(r.text)


_PARTS_ASKED = re.compile(r"几个?(大)?部分|几章|分[成为]?几|how many (parts|chapters|sections)", re.I)


# What a department publishes under a regulation (名单, 目录…): "由哪个部门公布" about it is not about the issuer.
_PUBLISHED_THING = re.compile(r"[\u4e00-\u9fff]{2,}(名单|目录|名录|标准|清单|报告|信息|指南|公报|数据|法律|法规|制度|政策|细则|路线图|时间表)"
                              r"(?!.{0,3}(方案|条例|意见|文件))")  # 碳中和专项法律何时出台: the law's date, not this document's


# "要经谁审核后印发" asks who vets something before it is issued, not who issued this document.
_VETTED = re.compile(r"审核|审批|批准|审定|同意|备案|approve|review", re.I)


def _meta(r: Reading) -> bool:
    return meta_field(r.text) is not None


def _quantity_too(r: Reading) -> bool:
    """An owner question that also asks the figure, how far the goal goes, or by when: "…要达到多少，谁负责?"."""
    parts = re.split(r"[，,；;？?、]|\band\b", r.text)
    asks = [p for p in parts if _QUANTITY(p) or _QUALITATIVE(p) or _COUNT(p) or _WHEN(p)]
    return len(parts) > 1 and bool(asks) and any(_owner(Reading(p, r.names_unit, r.english)) for p in parts)


# (kind, recogniser, also: kinds this one adds as a second part, note) — first match wins.
_BASIS = _re(r"(根据|依据|按照)[^，。？?]{0,8}(哪个|哪些|什么|哪份|哪几个|哪几份|哪几)[^，。？?]{0,4}(文件|政策|规定|精神|部署)"
             r"|(贯彻|落实)[^，。？?]{0,8}(哪个|哪些|什么|哪份|哪几个|哪几份|哪几)[^，。？?]{0,4}(文件|政策|规定|精神|部署)[^，。？?]{0,6}"
             r"(制定|出台|编制|起草|印发)"  # 落实、用好哪些跨境政策 asks what the plan uses, not what it rests on
             r"|based on which|under which (document|policy)|\bas (a|the|its) basis\b|\bbasis for\b|\brests? on\b", re.I)
# what the document was made for: the sentence that opens it (为…，制定本方案), asked of the document, not of a task
PURPOSE = _re(r"(制定|出台|编制|印发|起草|颁布)的?(目的|初衷|用意|宗旨)|立法(目的|宗旨)|(方案|条例|意见|文件)(本身)?的?(目的|宗旨)(是|为|在于)"
              r"|为(什么|啥)要?(制定|出台|编制|印发|起草)|purpose of (the|this|its) (plan|document|regulations|opinions)|\bwhat purpose\b"
              r"|\b(drawn up|issued|adopted|enacted|made) (in order )?to\b|what (is|are) the (plan|document|regulations?|opinions) (for|meant to)",
              re.I)

TABLE: list[tuple[Kind, Recogniser, tuple[tuple[Kind, Recogniser], ...], str]] = [
    (Kind.DEFINE, lambda r: _DEFINE(r.text) and not _OWN_NAME(r.text), (),
     "a name the text introduces: “两高”是指什么 / FT账户的全称 (not the document's own title); read as the next row "
     "when the library defines no name the question holds"),
    (Kind.BASIS, lambda r: _BASIS(r.text) or PURPOSE(r.text), (),
     "the documents a plan rests on: 根据哪个文件制定 (not its own 文号); what it was made for: 制定目的是什么"),
    (Kind.META, _meta, (), "about the document itself: 文号, issuer, date, title"),
    (Kind.DUE, _due, (), "what falls due: 2023年起有哪些要求 / 区商务局2025年前要完成哪些指标"),
    (Kind.REVERSE, _reverse, (), "a unit is named and its duties are asked: 区商务局负责哪些任务"),
    (Kind.OWNER, _owner, ((Kind.TARGET, _quantity_too),), "who owns it, in any register: 谁负责 / 归哪儿管 / 这块谁来抓"),
    (Kind.LIST, _list, (), "the items of a part: 有哪几条原则 / 几个行动分别是什么"),
    (Kind.FIGURE, _figure, (), "which target a figure is: “24.1%”是啥指标 (read as the next row when no target prints it)"),
    (Kind.FACT, _fact, (), "a fact stated once: 哪一年 / 在哪儿 / 叫什么"),
    (Kind.GENERAL, lambda r: _QUALITATIVE(r.text) and not _QUANTITY_ONE(r.text) and not _RATE(r.text)
     or _CONSEQUENCE(r.text) and not _QUANTITY_ONE(r.text), (),
     "a goal in words: 要达到什么程度 (not a rate's: 利用率要达到什么水平); what follows a breach: 没完成目标会落个啥"),
    (Kind.TARGET, _target, (), "a figure: 多少 / 比例 / 目标 / a year"),
]


def classify(reading: Reading, after: Kind | None = None) -> tuple[Kind, tuple[Kind, ...]]:
    """The question's kind and any further kinds it asks for in the same breath. With `after`, a kind whose
    composer found nothing, only the rows below its row are read: never a row above, which would hand the
    question back (a name asked with a figure: 指的是 and “…万千瓦”)."""
    rows = [row[0] for row in TABLE]
    below = rows.index(after) + 1 if after in rows else 0
    for kind, recognise, extra, _note in TABLE[below:]:
        if kind is Kind.REVERSE and _owner_without_unit(reading):
            continue
        if recognise(reading):
            return kind, tuple(k for k, test in extra if test(reading))
    return Kind.GENERAL, ()


def _owner_without_unit(reading: Reading) -> bool:
    """"区商务局和谁一起负责…" asks an owner although a unit is named; reverse needs the duties asked."""
    return not reading.english and bool(re.search(r"谁|哪个部门|哪些部门", reading.text))


def asks_about(text: str) -> bool:
    """Whether the question asks what the document says of itself outside its body (its source, the meeting)."""
    return META_FIELDS["about"](text)


def fields_asked(text: str) -> list[str]:
    """The header fields a question asks beside what the document says of itself (是否全文…文号是多少)."""
    return [name for name in ("issuer", "date", "doc_no") if META_FIELDS[name](text)]


def meta_field(text: str) -> str | None:
    """The document fact asked; not when the thing asked about is something else the text names:
    a list a department publishes (名单由哪个部门公布), a quoted name (“物创海河实验室”全称) or the titles of items
    (那几条各自的标题)."""
    parts = _PARTS_ASKED.search(text)  # 全文分几个部分，最后一部分是什么: the outline, whose last part's title it says
    asked = [name for name, test in META_FIELDS.items()
             if test(text) and not (name in ("issuer", "date") and _PUBLISHED_THING.search(text))
             and not (parts and name in ("about", "title"))
             # 路线图由哪些单位负责制定 / 那个实施方案由谁来制定落实: its owners
             and not (name == "issuer" and (_VETTED.search(text) or re.search(r"负责|落实", text)))
             and not (name == "title" and re.search(r"“[^”]{2,}”|各自|分别|每一?条|那几", text))
             # 要出台的金融措施文件全称是什么: a document the text plans, not this one
             and not (name == "title" and re.search(r"(出台|制定|印发|编制|提到|提出|另行)的?[^，。？?]{0,10}(文件|方案|办法|措施|意见)", text))]
    # "which body published it, and what date does its announcement carry": the issuer's answer names the date
    # too, and says more than the 公告 line alone; 什么时候施行 stays with the line that says when it takes effect
    return next((name for name in asked if name != "about" or "issuer" not in asked), None)
