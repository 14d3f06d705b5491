"""Chinese words for BM25 and for judging whether a clause covers a question.

jieba cuts text into words; unit names and task titles from the corpus are
added to its dictionary so that "区发展改革委" stays one word. What is left
after question words and the plan's ubiquitous words are removed are the
question's content terms, the words an answer has to be about.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import jieba

from ingest.grammar.tokens import TOKEN, add_words, known_words, tokens

__all__ = ["add_words", "known_words", "tokens", "asked_for", "content_terms", "covered", "holds", "query_tokens", "strip_asking", "Presence"]

# Words that say what is asked, not what it is about.
QUESTION_WORDS = set(
    "谁 哪些 哪个 哪家 哪几个 哪几项 哪几 哪 什么 多少 几 几个 几项 几家 是 的 了 吗 呢 么 啊 吧 请问 请 "
    "负责 负责人 牵头 部门 单位 责任 责任单位 责任部门 主管 管 归 由 有 和 及 与 或 要 要求 目标 指标 "
    "达到 达 到 年 工作 任务 事项 事情 方面 问题 怎么 怎样 如何 是否 能否 可以 需要 应该 应当 "
    "提出 规定 明确 文件 方案 实施方案 本 该 这个 这项 此 这 那 那么 其 它 他们 我们 我 你 中 里 在 对 "
    "为 以 从 上 下 内 之 一 个 项 些 多 少 比例 比重 数量 水平 情况 内容 具体 主要 相关 关于 "
    "南开区 南开 我区 全区 本区 区里 计划 规划 啥 干 做 做好 参与 承担 涉及 包括 包含 哪方面 "
    "力争 实现 保持 保持在 以上 以下 左右 前 后 期间 时候 时间 多大 这件 这些 那些 事 件 来 是否 还 都 又 该 被 让 "
    "啥 咋 得 搞 抓 管事 这块 那块 这摊 这摊事 这事 那事 这活 谁来 来抓 来管 归口 哪儿 哪里 哪 儿 硬指标 程度 要求 "
    "规定 分别 一共 几条 哪几条 怎么 怎么样 什么样 状态 要干 干啥 做啥 完成 得到 达到什么 有没有 没有 有无 "
    "口子 盯着 里面 里头 当中 其中 方面 之类 一下 一块 这方面 那方面 相关 具体 到底 究竟 大概 情况 多久 "
    "哪年 哪一年 哪天 哪一天 这类 这种 那类 那种 此类 部分 章节 板块 东西 玩意 玩意儿 这套 那套 一套 打算 准备 想 想要 这儿 那儿 一起 所有 一样 类型 种类 类别 几样 哪样 做到 身上 头上 名下 还是 "
    "基数 基准 基础上 为基数 几个点 挑头 兜底 一个 一项 一份 相比 相较 降幅 增幅 更大 更多 一并 以及 说明 时间点 那个 对应 指的是 说的是 一条 这条 那条 这一条 该条 几种 几类 要用 "
    # where in the text and how it is said (绿色低碳全民行动开篇强调要坚持什么): the text's words are what it says
    "成为 变成 来问 说想 希望 想让 期望 最终 大家 张罗 操办 操心 开会 开会时 点名 点 名 活儿 起来 派给 列出 列举 列明 列了 那家 这家 那所 这所 别的 自己 出来 行为 一次 "
    "改成 做成 弄成 同样 一样的 事儿 活 的活 这活儿 啥活 "
    # how the text puts it (提法, 口径, 用哪组数字来概括) and where it stands (后面还跟着哪两句): the asking, not the topic
    "概括 提法 表述 说法 称呼 口径 名称 忌讳 提醒 专门 时间节点 节点 第一句 两句 后面 还跟着 除了 之外 还要 那份 那本 "
    # a meeting's own time and people (下周开协调会, 会上有人问起来): the asker's circumstances, not the topic
    "现在 下周 会上 有人 有家 有个 有一家 有一个 科室 协调会 干点 来着 "
    "管到 要是 假如 如果 万一 到头来 整条 整项 整段 一整条 一段 这段 那段 段落 总述 开篇 开头 篇首 首段 第一段 强调 提到 提及 指出 写道 写明 说到 讲到 谈到 一节 这一节 该节 这一段".split()
)
# "哪两张", "哪部": which-one-of, by count and measure word
_NUMERAL, _MEASURE = "[一两二三四五六七八九十几]", "[部张类项条种个家座所份批样位]"
# Question phrasing cut out before segmenting, so "碳普惠有什么规定" does not become "普惠有".
_ASKING = re.compile(
    r"有?(?:什么|啥|哪些)(?:特点|特征|特色|性质)的?|对象(?:是|为|有)?(?:谁|哪些|什么)|全称叫什么|全称是什么|叫什么名字|全称|全名|叫啥|多大的?规模|多大|哪个口子|哪个口|有什么|是什么|有哪些|是哪些|包括哪些|是多少|达到多少|要多少|多少|怎么样|怎样|如何|为什么|哪些|哪个|哪家|哪几|什么|谁|吗|呢|吧"
    r"|有何|作何|何种|规定|要求|安排|部署|措施|举措"
    r"|这摊子事|这摊子|这摊事|这摊|这块|这事儿?|那块|口子上|盯着|谁盯|归哪儿管|归哪里管|归哪个部门管|哪儿管|谁来抓|谁来管|谁来搞|谁来定|谁来|谁管|来抓|来管"
    r"|(?:该|应该|要|得)?(?:找|归|由|是|属)?哪(?:个|几个|些|家|几家)?(?:局|委|办)(?:管|负责|牵头|的活儿?)?"  # 该找哪个局 / 归哪几个委管
    r"|(?:该|应该|要)?[往向找去到]哪(?:儿|里|个部门|家)?(?:推荐|推|介绍|对接|咨询|反映|报)"  # 我们该往哪儿推荐: whom to refer to
    r"|有没有硬指标|硬指标|有没有|干啥|做啥|得干成啥|干成啥|要搞到啥程度|啥程度|什么程度|啥|咋"
    r"|哪" + _NUMERAL + "*" + _MEASURE + r"|(?:选址|位置|地址|地点|设在|落在|位于)[在于]?哪|[建设放落]?在哪[个一片]?(?:片区|区域|地方|位置|地段|板块|地块|地区)|哪[个一片](?:片区|区域|地方|位置|地段|板块|地块|地区)"
)


_DIGIT = re.compile(r"\d")
# What a question ends by asking for ("…是什么特点?", "…执行哪部地方性法规?") names the kind of answer, not its topic:
# the clause states the 特点 or names the 法规 in its own words.
_ASKED_FOR = re.compile(r"(?:什么|啥|哪" + _NUMERAL + "?" + _MEASURE + r")([\u4e00-\u9fff]{2,6})[?？。!！]*$")


def strip_asking(question: str) -> str:
    return _ASKING.sub(" ", question)


def query_tokens(question: str) -> tuple[str, ...]:
    return tokens(strip_asking(question))


def asked_for(question: str) -> str | None:
    """The word a question ends by asking for (…实行什么同责? -> 同责): the kind of answer, which the answering
    sentence may hold (党政同责) although it is no topic to search by."""
    asked = _ASKED_FOR.search(question.strip())
    if asked is None:
        return None
    who = re.match(r"部门|单位|机关|机构", asked.group(1))  # 由哪个部门分配: the department is asked, 分配 is the topic
    return who.group(0) if who else asked.group(1)


def content_terms(question: str) -> list[str]:
    """The words an answer must be about, longest first, without duplicates."""
    words = []
    for piece in TOKEN.findall(_ASKING.sub(" ", question)):
        if "+" in piece or "＋" in piece:
            words.append(piece)  # a named formula such as "1+4+7"
        elif not piece[0].isdigit():
            words.extend(jieba.lcut(piece))
    seen: list[str] = []
    for w in words:
        if len(w) >= 2 and w not in QUESTION_WORDS and w not in seen:
            seen.append(w)
    asked = asked_for(question)
    kind = jieba.lcut(asked) if asked else []
    topic = [w for w in seen if w not in kind]
    return topic if len(topic) >= 2 else seen


def holds(term: str, text: str) -> bool:
    """The term stands in the text as written (any of its alternatives, for a term translated from English)."""
    return any(t in text for t in term.split("|")) if "|" in term else term in text


def covered(term: str, text: str) -> bool:
    """A term is covered when it, or every two-character part of it, occurs."""
    if "|" in term:
        return any(covered(t, text) for t in term.split("|"))
    if term in text:
        return True
    if len(term) >= 4 and not _DIGIT.search(term):  # "2030年" is not covered by a "20" and a "30"
        parts = [term[i : i + 2] for i in range(0, len(term) - 1, 2)]
        return all(p in text for p in parts)
    return False


class Presence:
    """Which of many texts hold or cover a term, read from their two-character postings.

    A new question's words are weighed against thousands of clauses while
    the user waits; scanning every text for every word was most of a new
    question's cost on a library of hundreds of plans. The answers are
    exactly those of `holds` and `covered` on each text.
    """

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        postings: dict[str, list[int]] = {}
        for i, text in enumerate(texts):
            for gram in {text[j : j + 2] for j in range(len(text) - 1)}:
                postings.setdefault(gram, []).append(i)
        self._postings = postings
        self._masks: dict[str, int] = {}

    def mask(self, rows: list[int]) -> int:
        """The given texts as a bit per text, to restrict an answer to them with `&`."""
        bits = bytearray((len(self.texts) + 7) // 8)
        for i in rows:
            bits[i >> 3] |= 1 << (i & 7)
        return int.from_bytes(bits, "little")

    def _gram(self, gram: str) -> int:
        mask = self._masks.get(gram)
        if mask is None:
            mask = self._masks[gram] = self.mask(self._postings.get(gram, []))
        return mask

    def _all(self, grams: list[str]) -> int:
        mask = -1
        for gram in grams:
            mask &= self._gram(gram)
            if not mask:
                break
        return mask if grams else 0

    def _verified(self, term: str, mask: int) -> int:
        return sum(1 << i for i in _bits(mask) if term in self.texts[i])

    def occurrences(self, term: str) -> int:
        """How often the texts use the term, counted only in those that hold it."""
        return sum(self.texts[i].count(term) for i in _bits(self.holding(term)))

    def holding(self, term: str) -> int:
        """The texts (a bit per text) in which `holds(term, text)`."""
        if "|" in term:
            return _union(self.holding(t) for t in term.split("|"))
        if len(term) < 2:
            return self._verified(term, (1 << len(self.texts)) - 1)
        mask = self._all([term[j : j + 2] for j in range(len(term) - 1)])
        return mask if len(term) == 2 else self._verified(term, mask)

    def covering(self, term: str) -> int:
        """The texts (a bit per text) in which `covered(term, text)`."""
        if "|" in term:
            return _union(self.covering(t) for t in term.split("|"))
        if len(term) >= 4 and not _DIGIT.search(term):  # a text holding the term holds every part of it
            return self._all([term[i : i + 2] for i in range(0, len(term) - 1, 2)])
        return self.holding(term)


def _bits(mask: int) -> Iterator[int]:
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


def _union(masks: Iterable[int]) -> int:
    out = 0
    for mask in masks:
        out |= mask
    return out
