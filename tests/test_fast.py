"""Question kinds, document scope, answer composition and citations in seconds.

A small library of three plans (a district, its city, another province) in a
real embedded Chroma, with a deterministic stand-in for the embedding model
(as langchain-chroma's own tests use a fake one): character bigrams hashed into
a vector, so similar wording has similar vectors. No converted model is
loaded, and every rule about kinds, jurisdictions and citations is checked fast.
"""
from __future__ import annotations

import hashlib
import math
from pathlib import Path

import pytest
from langchain_core.embeddings import Embeddings

from retrieval.questions.kinds import Kind, Reading, classify
from tests.conftest import one_plan

DISTRICT = """东湖区碳达峰实施方案
东湖区人民政府
2022年12月14日
一、主要目标
到2025年,单位地区生产总值能源消耗完成全市下达指标,公共机构能耗下降5%、碳排放下降7%,形成优势科研项目30个。
二、重点任务
（一）绿色交通行动
1.推广新能源汽车。加快充电桩建设,到2025年,全区新增公共充电桩500个。(区发展改革委、区交通局)
2.推进海绵城市建设。到2025年,建成区40%以上面积达到海绵城市要求,建成区绿地率保持在35%以上,到2030年,新增公共绿地比例达到80%左右。(区住房建设委、区城市管理委)
（二）保障措施
1.加强组织领导。成立区碳达峰工作领导小组。(区发展改革委)
2.强化资金保障。统筹用好各类资金。(区财政局)
"""
CITY = """青州市“十四五”节能减排工作实施方案
青州市人民政府
2022年5月8日
一、重点工程
（一）交通物流节能减排工程。推进港口装卸、运输等关键环节升级改造。（青州港集团负责）推广新能源汽车，到2025年，全市新能源汽车保有量达到100万辆。（市交通运输委、市发展改革委按职责分工负责）
"""
PROVINCE = """促进绿色消费实施方案
山西省发展和改革委员会  山西省商务厅
2022年5月23日
一、重点任务
（一）推广绿色家电。开展家电以旧换新活动。（省商务厅牵头负责）
"""


class BigramEmbeddings(Embeddings):
    """Hashed character bigrams, L2-normalised: deterministic, and closer for texts that share wording."""

    identity = "bigram-hash-256"

    def _vector(self, text: str) -> list[float]:
        v = [0.0] * 256
        for a, b in zip(text, text[1:]):
            v[int(hashlib.md5((a + b).encode()).hexdigest()[:4], 16) % 256] += 1.0
        norm = math.sqrt(sum(x * x for x in v)) or 1.0
        return [x / norm for x in v]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)

ROOFTOPS = """3.提升森林覆盖率。到2025年,森林覆盖率达到30%。(区城市管理委)
4.推广屋顶光伏。开展建筑屋顶光伏行动,大幅提高建筑终端电气化水平。(区住房建设委)
"""
REGS = """青州市碳达峰碳中和促进条例
第一章 总则
第一条 为了推进碳达峰碳中和工作，制定本条例。
第二条 本市行政区域内的碳达峰碳中和及相关管理活动，适用本条例。
第二章 法律责任
第三条 违反本条例规定，有下列行为之一的，处一万元以上罚款：（一）未按照规定报送排放报告的；（二）虚报排放数据的。
"""


def fake_library(root: Path, primary: tuple[str, str], *others: tuple[str, str]):
    """A real embedded Chroma over these texts (the first the primary document), read by the bigram stand-in."""
    from retrieval.assistant import Assistant

    settings, plan = one_plan(root, primary[1], primary[0], embed_model="fake")
    for name, text in others:
        (plan.parent / name).write_text(text, encoding="utf-8")
    a = Assistant(settings, BigramEmbeddings())
    assert all(r.status == "added" for r in a.sync())
    return a


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    return fake_library(tmp_path_factory.mktemp("fast"), ("district.txt", DISTRICT), ("city.txt", CITY),
                        ("province.txt", PROVINCE))


def kind_of(text: str, unit: bool = False) -> tuple[Kind, tuple[Kind, ...]]:
    english = not any("\u4e00" <= ch <= "\u9fff" for ch in text)
    return classify(Reading(text, unit, english))


@pytest.mark.parametrize(
    "text, unit, kind",
    [
        ("谁负责绿色商场创建工作?", False, Kind.OWNER),
        ("老旧柴油公务车淘汰归哪儿管?", False, Kind.OWNER),
        ("充电桩建设这摊事谁管?", False, Kind.OWNER),
        ("义务植树这块谁来抓?", False, Kind.OWNER),
        ("区商务局负责哪些任务?", True, Kind.REVERSE),
        ("区体育局在这方案里管啥?", True, Kind.REVERSE),
        ("到2025年绿色出行比例要达到多少?", False, Kind.TARGET),
        ("有没有硬指标?", False, Kind.TARGET),
        ("保障措施有哪几条?", False, Kind.LIST),
        ("循环经济助力降碳行动有几项任务?", False, Kind.LIST),
        ("重点任务里的几个行动分别是什么?", False, Kind.LIST),
        ("新能源公务车比例从哪一年开始不低于30%?", False, Kind.FACT),
        ("光盘行动在哪儿开展?", False, Kind.FACT),
        ("这个实施方案的文号是什么?", False, Kind.META),
        ("方案是根据国务院哪个文件制定的?", False, Kind.BASIS),
        ("Which department is responsible for promoting electric vehicles?", False, Kind.OWNER),
        ("What share of new public buildings should have rooftop solar by 2025?", False, Kind.TARGET),
        ("海绵城市有什么要求?", False, Kind.GENERAL),
        ("区商务局被派了什么任务?", True, Kind.REVERSE),
        ("区商务局的任务?", True, Kind.REVERSE),
        ("节能降碳增效这一块具体分几条?", False, Kind.LIST),
        ("方案的框架是怎样的?", False, Kind.LIST),
        ("中央意见要把什么纳入宏观审慎评估框架?", False, Kind.GENERAL),
        ("方案的工作原则有哪四条?", False, Kind.LIST),
        ("“两网融合”说的是哪两张网?", False, Kind.GENERAL),
        ("中央意见要求以节能降碳为导向修订哪个目录?", False, Kind.GENERAL),
        ("方案的目录是什么?", False, Kind.LIST),
        ("督促把各项目标任务落实落细,主责单位是哪几个?", False, Kind.OWNER),
        ("What green-mall creation rate does the plan set for 2030?", False, Kind.TARGET),
        ("这方案是以区政府名义发的,还是哪个局发的?", False, Kind.META),
        ("新闻导语是哪家网站发的?", False, Kind.META),
        ("区统计局这回摊上了哪几件事?", True, Kind.REVERSE),
        ("区财政局在这方案里要出哪些力?", True, Kind.REVERSE),
        ("请列出区金融局作为责任单位出现的全部任务。", True, Kind.REVERSE),
        ("总体要求这一部分由哪两块内容组成?", False, Kind.LIST),
        ("数字化、智能化、绿色化融合发展,这事儿归哪个口子?", False, Kind.OWNER),
        ("凡是区教育局列为责任单位的任务,各是哪一条?", True, Kind.REVERSE),
        ("科技局身上一共压了多少项任务?", True, Kind.REVERSE),
        ("区合作交流办还在别的任务里出现吗?", True, Kind.REVERSE),
        ("I work at the district human resources bureau. Which task in the plan names us?", True, Kind.REVERSE),
        ("全民行动那一块,四条任务的标题都是啥?", False, Kind.LIST),
        ("方案对2030年再生水利用率提出了什么目标?", False, Kind.TARGET),
        ("它到2030年要达到什么效果?", False, Kind.TARGET),
        ("这个通知是哪年的第几号文?", False, Kind.META),
        ("Who is in charge of growing the online new economy?", False, Kind.OWNER),
        ("请逐条列出将区城市管理委写入责任单位的任务。", True, Kind.REVERSE),
        ("区融媒体中心除了这条还有别的任务吗?", True, Kind.REVERSE),
        ("“两高”项目是指什么项目?", False, Kind.DEFINE),
        ("天津条例全称叫啥,是谁公布的?", False, Kind.META),
        ("这份方案全文分几个部分,最后一部分的标题是什么?", False, Kind.LIST),
        ("第一个行动底下三条小标题报一下?", False, Kind.LIST),
        ("What role does the district statistics bureau play in the plan?", True, Kind.REVERSE),
        ("How many chapters and articles do the regulations contain?", False, Kind.LIST),
        ("没完成碳达峰目标任务的部门、单位会落个啥?", False, Kind.GENERAL),  # what follows a breach, not the target
        ("按天津条例,重点排放单位配额不够清缴咋办?", False, Kind.GENERAL),
        # the document as the subject of a colloquial question: its date and issuer, not a task's
        ("这文件啥时候发的?", False, Kind.META),
        ("天津条例是谁定的?", False, Kind.META),
        ("天津条例哪天开始执行?", False, Kind.META),
        ("节能审查制度是谁定的?", False, Kind.OWNER),
        ("方案里垃圾分类什么时候执行?", False, Kind.FACT),
        ("天津条例一共多少条?", False, Kind.LIST),
        ("方案激励企业牵头或参与哪两类绿色技术项目?", False, Kind.LIST),  # the firms lead: no owner asked
        ("新建居住建筑执行五步节能标准,是按谁的要求?", False, Kind.GENERAL),
        ("方案点名要和企业加强合作的是哪两个研究所?", False, Kind.GENERAL),  # two names a sentence gives, no part's items
        ("组织部在这方案里有活儿吗?", True, Kind.REVERSE),
        ("中央意见的印发主体只有国务院吗?", False, Kind.META),
        ("What news agency is credited at the end of the central opinions?", False, Kind.META),
        ("What is the exact title of the Shanghai document?", False, Kind.META),
        ("The plan wants the culture industry to grow faster. Whose job is that?", False, Kind.OWNER),
        ("What does the plan tell provinces not to do while drafting their own peak plans?", False, Kind.GENERAL),
        ("该路线图由哪些单位负责制定?", False, Kind.OWNER),  # a roadmap's owners, not the document's issuer
        ("Which government body signed off the plan?", False, Kind.META),
        ("“20%左右”——中央意见里这是哪年、什么比重?", False, Kind.FIGURE),
        ("商务局这回在方案里一共挂了多少条任务?", True, Kind.REVERSE),
        ("工商联在咱这方案里有份吗?", True, Kind.REVERSE),
        ("How many achievements should Nankai produce, and which two units own that goal?", False, Kind.OWNER),
        ("考核对象是谁?", False, Kind.FACT),  # who is assessed, not who owns it
        ("物创海河实验室是跟谁一起建的?", False, Kind.GENERAL),  # its partners, not its owners
        ("绿色商场创建要与哪些部门协同?", False, Kind.OWNER),
        ("这个意见是中共中央和国务院联合发的吗?", False, Kind.META),
        ("中央意见是新华社发的吗?", False, Kind.META),
        ("方案印发的通知叫什么?", False, Kind.META),
        ("路灯节能改造这事该找哪个局?", False, Kind.OWNER),
        ("虚拟电厂建设归哪几个委管?", False, Kind.OWNER),
        ("联合高校建实验室,牵头及参与单位有哪些?", False, Kind.OWNER),  # the units, though 牵头或参与 alone asks none
        ("工业企业要跟什么单位探索市场化合作?", False, Kind.GENERAL),  # a partner, not an owner
        ("区委党校办的培训面向的是谁?", False, Kind.GENERAL),  # whom it serves
        ("方案点名鼓励的回收企业是哪家企业?", False, Kind.GENERAL),  # a firm, not an owner
        ("这事哪家牵头?", False, Kind.OWNER),
        ("上海试点里的“一企”是哪家?", False, Kind.GENERAL),
        ("这项工作的牵头单位是哪家?", False, Kind.OWNER),
        ("中央意见收尾的那一部分叫什么?", False, Kind.LIST),
        ("本方案的制定目的是什么?", False, Kind.BASIS),
        ("天津条例的立法目的是什么?", False, Kind.BASIS),
        ("建立碳普惠机制的目的是什么?", False, Kind.GENERAL),  # a task's purpose, not the document's
        ("天津条例是市人大常委会第几次会议通过的?", False, Kind.META),
    ],
)
def test_kinds_are_read_off_the_wording(text, unit, kind):
    assert kind_of(text, unit)[0] is kind


def test_a_unit_named_with_a_task_of_its_own_is_not_asked_for_its_duties():
    assert kind_of("领导小组办公室要定期调度哪些方面的工作进展?", True)[0] is not Kind.REVERSE


def test_a_figure_and_its_owners_in_one_question():
    assert kind_of("新建建筑绿色建筑面积占比要达到多少，谁负责?") == (Kind.OWNER, (Kind.TARGET,))
    assert kind_of("What is the 2025 green travel share target, and who is responsible?") == (Kind.OWNER, (Kind.TARGET,))
    assert kind_of("到2025年要建几个重点实验室?由哪些单位负责?") == (Kind.OWNER, (Kind.TARGET,))
    assert kind_of("哪几个单位负责重点实验室建设?") == (Kind.OWNER, ())


def test_an_owner_question_that_also_asks_when():
    assert kind_of("“无废城市”基本建成的时间点,以及承担这一条的单位,请一并说明。") == (Kind.OWNER, (Kind.TARGET,))


def test_the_document_fact_asked():
    from retrieval.questions.kinds import meta_field

    assert meta_field("Which body published the regulations, and what date does its announcement carry?") == "issuer"
    assert meta_field("条例什么时候施行?") == "about" and meta_field("方案的文号是多少?") == "doc_no"
    assert meta_field("这方案在网上是哪天对外发布的?") == "about"  # the news lead's date, not the date it was issued
    assert meta_field("工作原则里那几条各自的标题是什么?") is None  # the items' titles, not the document's
    assert meta_field("方案要实施的人工智能平台计划全称是什么?") is None  # an item's full name, a fact of the text
    assert meta_field("全称是什么?") == meta_field("这份文件全称叫什么?") == "title"
    assert meta_field("条例由哪个会议通过?") == meta_field("是哪一届人大常委会通过的?") == "about"
    assert meta_field("条例啥时候开始实行?") == meta_field("意见在哪儿发布的?") == "about"
    assert meta_field("方案发文日期是哪天?") == meta_field("方案是哪一年出台的?") == "date"
    assert meta_field("Which bodies issued the opinions, and what date does the text carry?") == "issuer"
    assert meta_field("通知的落款机关和日期分别是什么?") == "issuer"  # the issuer's answer carries the date too


def test_scope_by_place_issuer_title_and_missing_place(small):
    reader = small.reader
    assert reader.standalone("谁负责充电桩建设?", None).scope.sources[0] == "district.txt"
    assert not reader.standalone("谁负责充电桩建设?", None).scope.named
    assert reader.standalone("青州市的港口升级改造由谁负责?", None).scope.sources == ["city.txt"]
    assert reader.standalone("山西省的家电以旧换新谁牵头?", None).scope.sources == ["province.txt"]
    # places held up as examples are a topic, not the plan's jurisdiction
    assert not reader.standalone("借鉴青州、北京的低碳经验,这事谁负责?", None).scope.named
    assert not reader.standalone("这一条要学青州的做法,谁负责?", None).scope.named
    assert reader.standalone("节能减排方案里新能源汽车保有量目标是多少?", None).scope.sources == ["city.txt"]
    assert reader.standalone("绿色消费方案有哪些任务?", None).scope.sources == ["province.txt"]
    assert reader.standalone("省商务厅印发的方案里谁负责家电以旧换新?", None).scope.sources == ["province.txt"]
    missing = reader.standalone("宁远市谁负责充电桩建设?", None).scope
    assert missing.sources == [] and missing.missing == "宁远市"
    # a word that only looks like a place, followed by figures: what follows it stands in the plans as written
    built_up = reader.standalone("建成区绿地率2025年目标是多少?", None).scope
    assert not built_up.named and not built_up.missing and built_up.sources[0] == "district.txt"
    assert "35%" in small.ask("建成区绿地率2025年目标是多少?").answer


def test_owners_come_only_from_the_place_named(small):
    a = small.ask("青州市谁负责港口装卸升级改造?")
    assert a.found and a.departments == ["青州港集团"]
    assert all(c.source == "city.txt" for c in a.citations)
    refused = small.ask("宁远市谁负责充电桩建设?")
    assert refused.found is False and refused.departments == [] and "宁远市" in refused.answer
    assert "东湖区" in refused.answer  # it says what the library holds


def test_primary_leads_and_others_are_named_after_it(small):
    a = small.ask("谁负责推广新能源汽车?")
    assert a.departments == ["区发展改革委", "区交通局"]
    assert a.citations[0].source == "district.txt"
    assert "其他文件" in a.answer and any(c.source == "city.txt" for c in a.citations)
    only_city = small.ask("谁负责港口装卸环节升级改造?")
    assert only_city.departments == ["青州港集团"]


def test_the_askers_own_district_walls_the_answer(small):
    """区里 / 我区 / a 区 unit / "the district" mean the primary plan's place, never another city's figure."""
    for q in ["区里新能源汽车保有量要达到多少?", "区交通局和谁一起负责港口装卸升级改造?",
              "What must the district do about new energy vehicle ownership by 2025?"]:
        scope = small.reader.standalone(q, None).scope
        assert scope.named and scope.sources == ["district.txt"], q
    assert "100万辆" not in small.ask("区里新能源汽车保有量要达到多少?").answer


def test_combined_lists_and_follow_ups(small):
    both = small.ask("新增公共充电桩要达到多少个，谁负责?")
    assert both.departments == ["区发展改革委", "区交通局"] and "500个" in both.answer
    listed = small.ask("保障措施有哪几条?")
    assert "加强组织领导" in listed.answer and "强化资金保障" in listed.answer
    for second in (small.ask("第二条由哪个部门负责?", previous=listed.state),
                   small.ask("第二条由哪个部门负责?", [("保障措施有哪几条?", listed.answer)])):
        assert second.departments == ["区财政局"], second.answer  # the list's second item, from data or from text
    first = small.ask("海绵城市建设谁负责?")
    follow = small.ask("那目标是多少?", previous=first.state)
    assert "40%" in follow.answer
    from_text = small.ask("那目标是多少?", [("海绵城市建设谁负责?", first.answer)])
    assert "40%" in from_text.answer


def test_a_follow_up_to_a_refusal_does_not_take_its_nearest_clause(small):
    """The clauses a refusal shows answer nothing: a follow-up must not answer with their units (another place's)."""
    refused = small.ask("零碳小屋集群建在哪个片区?")
    assert refused.found is False
    for follow in (small.ask("这件事哪些部门负责?", previous=refused.state),
                   small.ask("这件事哪些部门负责?", [("零碳小屋集群建在哪个片区?", refused.answer)])):
        assert follow.departments == [], follow.answer


def test_reverse_is_complete_and_grouped_by_document(small):
    a = small.ask("区发展改革委负责哪些任务?")
    assert a.departments == ["区发展改革委"] and a.answer.count("\n1. ") == 1 and "2. " in a.answer
    assert {c.line for c in a.citations} == {8, 11}
    city = small.ask("市发展改革委负责哪些任务?")
    assert city.departments == ["市发展改革委"] and all(c.source == "city.txt" for c in city.citations)


def test_every_quote_is_verbatim_and_refusals_name_no_unit(small):
    texts = small.index.document_texts()
    for q in ["谁负责推广新能源汽车?", "保障措施有哪几条?", "区发展改革委负责哪些任务?", "到2025年新增公共充电桩多少个?",
              "这个方案是哪天印发的?", "谁负责南极科考?"]:
        a = small.ask(q)
        for c in a.citations:
            assert c.quote in texts[c.source], (q, c.quote)
    refused = small.ask("区海洋局负责哪些任务?")
    assert refused.found is False and refused.departments == []


def test_english_question_gets_english_framing_and_chinese_quotes(small):
    a = small.ask("Who is responsible for promoting new energy vehicles?")
    assert a.departments == ["区发展改革委", "区交通局"]
    assert "Responsible units" in a.answer and "推广新能源汽车" in a.citations[0].quote


def test_english_words_meet_the_plans_words_through_the_dictionary(small):
    from retrieval.questions.english import to_chinese_terms
    from retrieval.questions.lexicon import Lexicon, stem

    assert stem("labelling") == stem("labels") == "label" and stem("supports") == "support"
    lexicon = Lexicon(lambda w: sum(d.text.count(w) for d in small.library.docs.values()))
    assert "港口" in lexicon.words("ports") and lexicon.words("zzzz") == []
    translated = to_chinese_terms("Who handles the upgrading of port loading and unloading?", lexicon)
    assert any("港口" in c.split("|") for c in translated.concepts) and "港口" in translated.text
    # places the glossary does not know are read off the dictionary: named, or said to be missing
    assert small.reader.standalone("Who upgrades port loading in Qingzhou?", None).scope.sources == ["city.txt"]
    refused = small.ask("What does Chongqing's carbon peak plan require for new buildings?")
    assert refused.found is False and refused.departments == [] and "重庆" in refused.answer
    # the words said in naming a document are not its topic; a title's word asked as the topic is
    assert "碳达峰" in to_chinese_terms("What does Nankai's carbon peak plan say about charging piles?").titling
    assert to_chinese_terms("By when does Nankai aim to peak its carbon emissions?").titling == []
    # the field's words, not a dictionary's: travel is 出行 (not 旅游), a thousand parks is 千座公园 (not 十万)
    for asked, said in [("Who promotes green low-carbon travel for citizens?", "出行"), ("Who runs the thousand parks "
                        "programme?", "千座公园"), ("Who curbs 'two high, one low' projects?", "两高一低"),
                        ("Who upgrades key energy-using equipment?", "用能"), ("Who builds the circular development "
                        "system?", "循环发展"), ("Who optimises the industrial structure?", "产业结构"),
                        ("What share of the built-up area meets sponge city standards?", "建成区"),
                        ("What share of new buildings are green buildings?", "占比")]:
        assert said in to_chinese_terms(asked).text, asked


PLAN = """国务院关于印发2030年前碳达峰
行动方案的通知
国发〔2021〕23号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
现将《2030年前碳达峰行动方案》印发给你们，请认真贯彻执行。
国务院
2021年10月24日
（本文有删减）
2030年前碳达峰行动方案
一、工作原则
——总体部署、分类施策。坚持全国一盘棋，强化顶层设计。
——系统推进、重点突破。全面准确认识碳达峰行动对经济社会发展的深远影响。
二、组织实施
（一）加强统筹协调。碳达峰碳中和工作领导小组办公室要加强统筹协调，定期对各地区进展情况进行调度。
（二）强化责任落实。各地区碳达峰行动方案经碳达峰碳中和工作领导小组综合平衡、审核通过后，由地方自行印发实施。
"""
OPINIONS = """中共中央 国务院关于完整准确全面贯彻新发展理念做好碳达峰碳中和工作的意见
（2021年9月22日）
一、工作原则
实现碳达峰、碳中和目标，要坚持“全国统筹、节约优先、双轮驱动、内外畅通、防范风险”原则。
二、组织实施
（一）强化统筹协调。国家发展改革委要加强统筹，组织落实2030年前碳达峰行动方案，加强碳中和工作谋划。
来源：新华社
"""


@pytest.fixture(scope="module")
def central(tmp_path_factory):
    """One issuer's two documents: the State Council's plan and the opinions it issued with the Party centre."""
    return fake_library(tmp_path_factory.mktemp("central"), ("plan.txt", PLAN), ("opinions.txt", OPINIONS))


def test_an_issuer_said_with_a_kind_word_names_one_of_its_documents(central):
    reader = central.reader
    assert reader.standalone("国务院方案的工作原则有哪些?", None).scope.sources == ["plan.txt"]
    assert reader.standalone("国务院的通知让各地对这份行动方案咋办?", None).scope.sources == ["plan.txt"]
    # the opinions are asked about the plan: the issuer and kind word name the document, the title is the topic
    assert reader.standalone("中央意见里,负责组织落实碳达峰行动方案的是哪个部门?", None).scope.sources == ["opinions.txt"]
    # an opinion given in a procedure names no document of the kind 意见
    assert not reader.standalone("对节能审查意见的落实情况开展监督检查,由哪些部门负责?", None).scope.named


def test_who_acts_in_a_clause_without_annotations(central):
    from ingest.grammar.duties import actors

    assert actors("国家发展改革委要加强统筹，组织落实行动方案。") == ["国家发展改革委"]
    assert actors("各区实施方案经市碳达峰碳中和工作领导小组办公室审核后印发实施。") == ["市碳达峰碳中和工作领导小组办公室"]
    assert actors("加强统筹协调，推进工作。") == [] and actors("区委党校要将碳达峰纳入教学计划。") == []
    assert central.ask("中央意见里,负责组织落实碳达峰行动方案的是哪个部门?").departments == ["国家发展改革委"]
    vetted = central.ask("国务院方案里各地区的行动方案要经谁审核?")
    assert vetted.departments == ["碳达峰碳中和工作领导小组"] and "审核" in vetted.citations[0].quote


@pytest.mark.parametrize("question, said", [
    ("国务院方案公开的文本是全文吗?", "（本文有删减）"),
    ("中央意见的文本来源是哪里?", "来源：新华社"),
    ("中央意见在哪儿发布的?", "来源：新华社"),
    ("国务院方案的印发通知标题是什么?", "国务院关于印发2030年前碳达峰行动方案的通知"),
    ("国务院方案印发给哪些单位?", "各省、自治区、直辖市人民政府"),
    ("国务院方案的通知让各地怎么办?", "请认真贯彻执行"),
    ("国务院方案的落款日期是哪天?", "2021年10月24日"),
    ("国务院方案印发通知的落款是谁?", "国务院 ["),
    ("国务院方案正文标题前注明了什么说明?", "（本文有删减）"),
    ("国务院方案通知的收文单位有哪些?", "各省、自治区、直辖市人民政府"),
])
def test_what_a_document_says_of_itself_comes_from_the_line_that_says_it(central, question, said):
    answer = central.ask(question)
    assert answer.kind == "meta" and said in answer.answer and answer.citations


def test_what_a_question_ends_by_asking_for_is_not_its_topic():
    from retrieval.questions.words import content_terms

    assert content_terms("我国能源资源禀赋是什么特点?") == ["我国", "能源", "资源", "禀赋"]
    regulation = content_terms("政策保障部分要求严格执行哪部地方性法规?")
    assert "严格执行" in regulation and not {"地方性", "法规", "部分", "哪部"} & set(regulation)
    assert content_terms("低碳转型可能带来哪些风险要防范?")[-2:] == ["风险", "防范"]
    assert content_terms("要办个啥博览会?") == ["办个", "博览会"]  # nothing else to ask about: the kind is the topic
    assert content_terms("启航创新城选址在哪?") == ["启航", "创新"]
    assert "分配" in content_terms("重点排放单位的碳排放配额由哪个部门分配?")  # the department is asked, not 分配


def test_a_figure_is_of_the_metric_asked(small):
    """A clause's figure answers only for its own metric: 能耗 stated in words is quoted, not given 30个."""
    in_words = small.ask("2025年单位地区生产总值能源消耗要降多少?")
    assert in_words.found and "完成全市下达指标" in in_words.answer and not in_words.targets
    assert [t.value for t in small.ask("公共机构碳排放要下降多少?").targets] == ["下降7%"]
    assert [t.value for t in small.ask("公共机构能耗要下降多少?").targets] == ["下降5%"]
    assert small.reader.scoper.place_mentions("2025年咱区能耗降多少?") == []  # 咱区 is the asker's own district
    assert small.reader.scoper.place_mentions("方案对相关上市公司有什么要求?") == []  # 上市 names no city


def test_a_figure_set_only_for_another_year_is_refused(small):
    """The year's only figure is of another metric: 2030年新增公共充电桩 is not 2030年新增公共绿地比例."""
    assert [t.value for t in small.ask("到2025年新增公共充电桩要达到多少个?").targets] == ["500个"]
    later = small.ask("到2030年新增公共充电桩的比例要达到多少?")
    assert not later.found and "80%" not in later.answer.split("---")[0]
    assert [t.value for t in small.ask("到2030年新增公共绿地比例要达到多少?").targets] == ["80%左右"]
    asked_in_words = small.ask("到2030年新增公共充电桩有没有新的目标?")  # no figure word, the same refusal
    assert not asked_in_words.found and "80%" not in asked_in_words.answer.split("---")[0]


def test_a_bare_plan_is_the_primary_plan(small):
    """方案 / the plan, with no other name, is the plan the asker works with; another document's clause is no answer."""
    assert small.ask("家电以旧换新有什么要求?").found  # no document named: the library answers
    for bare in ("方案对家电以旧换新有什么要求?", "What does the plan require for trading in old home appliances?"):
        q = small.reader.standalone(bare, None)
        assert q.scope.sources == ["district.txt"] and q.scope.named
        assert not small.ask(bare).found
    assert small.reader.standalone("山西的实施方案对家电以旧换新有什么要求?", None).scope.sources == ["province.txt"]
    city = small.ask("青州市新能源汽车保有量要达到多少?")  # in a conversation, 这个方案 is the plan in view
    assert "2022年5月8日" in small.ask("这个方案是哪天印发的?", previous=city.state).answer


def test_a_dictionary_guess_names_no_document(central):
    """"idea" may be 意见 to the dictionary, but only the asker's own words name the opinions."""
    guessed = central.reader.standalone("Which units should combine thrift with the modern idea of low-carbon living?", None)
    assert not guessed.scope.named
    assert central.reader.standalone("What do the central opinions say about thrift?", None).scope.sources == ["opinions.txt"]


def test_each_thing_asked_of_the_back_matter_from_its_own_line(central):
    answer = central.ask("中央意见文末的来源是什么?文件日期是哪天?")
    assert "来源：新华社" in answer.answer and "2021年9月22日" in answer.answer and len(answer.citations) == 2


def test_ordinals_follow_one_another_and_name_sections(small):
    listed = small.ask("保障措施有哪几条?")
    second = small.ask("第二条由哪个部门负责?", previous=listed.state)
    assert second.departments == ["区财政局"]
    for first in (small.ask("第一条又是哪个部门?", previous=second.state),
                  small.ask("第一条又是哪个部门?", [("保障措施有哪几条?", listed.answer), ("第二条由哪个部门负责?", second.answer)])):
        assert first.departments == ["区发展改革委"], first.answer
    assert small.ask("第二节落到哪几个单位头上?", previous=listed.state).departments == ["区财政局"]
    assert small.ask("第一个呢?", previous=second.state).departments == ["区发展改革委"]  # asked as the turn before
    assert small.ask("And which units handle the second one?", previous=listed.state).departments == ["区财政局"]


def test_a_follow_up_pointing_back_brings_no_topic_of_its_own(small):
    figure = small.ask("到2025年新增公共充电桩要达到多少个?")
    assert small.ask("这一条落到哪几个部门?", previous=figure.state).departments == ["区发展改革委", "区交通局"]


def test_a_follow_up_opening_on_its_verb_goes_on_about_the_clause_before(small):
    first = small.ask("海绵城市建设以什么为标准?")
    q = small.reader.analyse("要在哪一年建成海绵城市?", [], previous=first.state)
    assert q.anchor == first.state.anchor
    assert small.reader.analyse("要在哪一年建成海绵城市?", []).anchor is None


def test_the_articles_of_a_regulation_are_counted(qingzhou):
    answer = qingzhou.ask("青州条例一共多少条?")
    assert answer.kind == "overview" and "共 3 条（第一条至第三条）" in answer.answer
    last = qingzhou.ask("青州条例共有多少条?最后一条规定了什么?")
    assert "第三条 违反本条例规定" in last.answer and any(c.quote.startswith("第三条") for c in last.citations)


def test_a_question_read_again_as_going_on_from_the_turn_before(small):
    first = small.ask("海绵城市建设谁负责?")
    alone = small.reader.analyse("情节严重的最重会怎样?", [], previous=first.state)
    again = small.reader.analyse("情节严重的最重会怎样?", [], previous=first.state, follow=True)
    assert "海绵城市" not in alone.resolved and again.resolved.startswith(first.state.resolved)
    assert again.anchor is None  # the evidence has to find the clause again


def test_everyday_words_are_read_with_the_plans_words():
    from retrieval.questions.colloquial import with_plan_words
    from retrieval.questions.words import content_terms

    terms = with_plan_words(["低效", "电机", "换掉"], "老掉牙的低效电机要换掉,谁负责?")
    assert "换掉|淘汰|更新|替代" in terms and "低效" in terms and "换掉" not in terms
    assert any(t.startswith("老掉牙") and "老旧" in t for t in terms)
    assert with_plan_words(["碳排放", "配额"], "碳排放配额分多少?") == ["碳排放", "配额"]  # a written word is left alone
    assert "抱团|集群|集聚|联合" in with_plan_words(["科技", "抱团"], "科技企业抱团这事谁来抓?")
    assert "一条龙|一站式|全链条" in with_plan_words(["服务", "一条龙"], "“一条龙”服务谁来推?")
    assert "楼顶|屋顶" in with_plan_words(["楼顶", "光伏"], "楼顶装光伏这事谁管?")
    assert "人大|人民代表大会" in with_plan_words(["人大", "报告"], "市政府多久向人大报告一次?")
    # the frame of a meeting's sentence is no topic: 跟别的…, 把南开自己的长处亮出来
    assert not {"别的", "自己", "出来"} & set(content_terms("跟别的城区错位发展、把自己的长处亮出来,谁来抓?"))
    assert "大规模" not in content_terms("风电装机到2030年力争多大规模?")  # how large is asked, not 大规模
    assert any(t.startswith("能耗强度|") and "能源消耗" in t for t in with_plan_words(["能耗", "强度"], "能耗强度要降多少?"))
    assert "超市|商超" in with_plan_words(["超市"], "超市塑料袋用量要报上来,谁管?")
    assert "规上|规模以上" in with_plan_words(["规上", "工业"], "规上工业单位增加值能耗咋要求的?")
    assert content_terms("考核对象是谁?") == ["考核"]  # the 对象 is what is asked
    # whom the asker should refer a firm to, and what it becomes, are the meeting's frame
    assert not {"推荐", "成为"} & set(content_terms("企业想参加绿电交易,我们该往哪儿推荐?让社区成为绿色社区归谁?"))


def test_two_english_words_the_plans_write_alike_are_one_concept():
    from retrieval.questions.english import to_chinese_terms

    concepts = to_chinese_terms("What does the plan warn regions to avoid when cutting emissions?").concepts
    assert sum("防止" in c for c in concepts) == 1 and any("避免" in c and "防止" in c for c in concepts)
    occupy = to_chinese_terms("If someone truly needs to occupy urban green land temporarily, what must they do?").concepts
    assert "临时" in occupy and not {"someone", "they"} & set(occupy)


def test_a_word_said_three_ways_weighs_as_one_word_in_choosing_the_quote():
    from retrieval.answers.citations import best_sentences

    text = "到2025年,新建民用建筑装配式建筑比例达到100%。开展绿色社区创建行动,到2025年,力争全部社区达到绿色社区创建要求。"
    quote = best_sentences(text, ["比例|比重|占比", "社区", "绿色"], limit=1)
    assert quote.startswith("开展绿色社区")


def test_a_task_asked_its_owners_answers_on_weaker_evidence_than_a_clause():
    from dataclasses import replace

    from retrieval.search.evidence import OWNER_RELIEF, OWNER_RELIEF_EN, Evidence

    clause = Evidence(coverage=0.78, key=0.0, phrase=0.33, lift=0.55, fused=0.97, document=1.0, margin=0.05)
    assert -OWNER_RELIEF_EN < clause.logit < 0 and not clause.answers
    assert replace(clause, relief=OWNER_RELIEF_EN).answers
    assert not replace(clause, coverage=0.4, relief=OWNER_RELIEF_EN).answers
    colloquial = replace(clause, coverage=0.82, phrase=0.0)  # 咱区地热这块儿,开发利用是谁在管?
    assert -OWNER_RELIEF < colloquial.logit < -OWNER_RELIEF_EN
    assert replace(colloquial, relief=OWNER_RELIEF).answers and not replace(colloquial, relief=OWNER_RELIEF_EN).answers
    assert not replace(colloquial, coverage=0.1, relief=OWNER_RELIEF).answers


def test_officials_english_renderings_meet_the_plans_words():
    from retrieval.questions.english import to_chinese_terms

    def concepts(text: str) -> list[str]:
        return to_chinese_terms(text).concepts

    assert "出行" in concepts("What share of trips should be made by green modes?") and "旅游" not in str(
        concepts("What share of trips should be made by green modes?"))
    assert any("生命周期" in c for c in concepts("Who greens the whole industrial chain across the full product life cycle?"))
    assert any("国有企业" in c for c in concepts("Which bodies push state-owned firms to draw up their own plans?"))
    assert any("耗煤" in c for c in concepts("What does the plan say about new coal-consuming projects?"))


def test_what_else_a_sentence_lists_beside_a_word_is_that_list():
    from retrieval.answers.enumeration import asked_list

    asked = asked_list("跟降碳并列、要一起协同推进的还有哪几项?", "(三)低碳城区建设行动")
    assert asked is not None and asked.before == "推进"
    assert asked.items_in("推进生态系统一体化保护,协同推进降碳、减污、扩绿、增长。").items == ["降碳", "减污", "扩绿", "增长"]


def test_a_header_field_asked_beside_the_front_matter():
    from retrieval.answers.front_matter import CUES
    from retrieval.questions.kinds import fields_asked

    asked = "Is the plan in our library the complete version, and what is the notice's document number?"
    assert fields_asked(asked) == ["doc_no"] and fields_asked("国务院方案是全文吗?文号是多少?") == ["doc_no"]
    assert not any(ask.search(asked) and line.pattern.startswith("(遵照") for ask, line in CUES)  # no "do" in document


def test_a_pair_asked_is_joined_by_a_word_not_by_the_character_inside_one():
    from retrieval.answers.enumeration import _linked

    assert _linked("激励企业牵头或参与财政资金支持") == ["激励企业牵头或参与财政资金支持"]
    assert _linked("智能制造业和高端服务业") == ["智能制造业", "高端服务业"]


def test_the_base_year_a_figure_is_measured_from():
    from retrieval.questions.intent import baselines_of, years_of

    asked = "以2005年为基年,2025年的碳强度降幅定了多少?"
    assert baselines_of(asked) == ["2005"] and years_of(asked) == ["2025"]
    assert baselines_of("单位国内生产总值二氧化碳排放比2020年下降18%") == ["2020"]
    assert baselines_of("How much should carbon intensity fall by 2030 compared with 2005?") == ["2005"]


def test_a_kind_of_document_a_place_has_none_of_is_said_to_be_missing(small):
    answer = small.ask("青州市的条例对新能源汽车有什么规定?")
    assert not answer.found and "没有青州市的条例" in answer.answer and "《青州市“十四五”节能减排工作实施方案》" in answer.answer
    assert small.ask("青州市的方案对新能源汽车有什么规定?").found
    assert not small.reader.analyse("青州市新能源汽车推广计划里的保有量谁负责?", []).scope.missing  # a programme


def test_an_ordinal_with_a_question_of_its_own_asks_that_of_the_item(small):
    listed = small.ask("绿色交通行动下面有哪几条?")
    owners = small.ask("第二条归谁?", previous=listed.state)
    assert owners.kind == "owner" and "区住房建设委" in owners.departments
    asked = small.ask("第二条里建成区面积要达到什么要求?", previous=owners.state)
    assert asked.kind == "general" and "海绵城市要求" in asked.answer


def test_a_year_after_an_owner_question_asks_the_figure(small):
    first = small.ask("新增公共充电桩谁负责?")
    assert small.reader.analyse("那2030年呢?", [], previous=first.state).kind is Kind.TARGET


def test_a_refusal_names_a_plan_period_as_a_period():
    from retrieval.answers.answer import _year_said

    assert _year_said("2028", False) == "2028年" and _year_said("十四五", False) == "“十四五”时期"
    assert _year_said("2028", True) == "2028"



def test_a_figure_set_from_a_year_on_holds_in_the_years_after():
    from retrieval.answers.answer import _year_matches

    assert _year_matches("2025", "2023年起") and _year_matches("2023", "2023年起") and not _year_matches("2022", "2023年起")
    assert not _year_matches("2030", "2023年起")  # the next five-year period's figure is set anew


def test_a_year_said_in_a_meeting_and_a_part_asked_by_number_or_place():
    from retrieval.questions.intent import years_of

    assert years_of("建筑垃圾变废为宝那个比例,25年要多少?") == ["2025"] and years_of("用30年时间实现碳中和") == []
    assert kind_of("方案第四部分讲的是啥内容?")[0] is Kind.LIST
    assert kind_of("天津条例里“增加碳汇”那节放在第几章?")[0] is Kind.LIST


def test_the_year_asked_is_not_a_baseline_nor_in_a_title(small):
    from retrieval.questions.intent import year_of

    assert year_of("以2020年为基数,公共机构碳排放到2025年压减几个点?") == "2025"
    assert year_of("比2020年下降多少?") is None and year_of("到2030年在2020年基础上提高多少?") == "2030"
    assert small.reader.standalone("《青州市“十四五”节能减排工作实施方案》新能源汽车保有量要达到多少?", None).year is None


def test_every_year_and_every_thing_asked_of_a_figure(small):
    from retrieval.questions.intent import years_of

    assert years_of("对2025年和2030年森林覆盖率分别提出了什么目标?") == ["2025", "2030"]
    assert years_of("与2020年相比,2025年能耗下降多少?") == ["2025"] and years_of("2021年至2025年期间") == ["2021"]
    both = small.ask("到2025年,公共机构能耗和碳排放分别下降多少?").answer
    assert "5%" in both and "7%" in both
    years = small.ask("东湖区方案里绿地2025年和2030年分别要达到多少?").answer
    assert "35%以上" in years and "80%左右" in years


def test_a_quoted_figure_points_at_its_clause(small):
    answer = small.ask("那个“35%以上”说的是哪项指标?")
    assert answer.found and "绿地率" in answer.answer
    assert small.reader.standalone("“绿色”这个词出现在哪?", None).quoted == ()  # a short word is a topic, not a pointer
    # English quotes in single quotes; an apostrophe opens no quotation
    assert small.reader.standalone("Which indicator does '35%以上' refer to?", None).quoted == ("35%以上",)
    assert small.reader.standalone("What is in the district's plan's '35%以上' clause?", None).quoted == ("35%以上",)


def test_a_follow_up_pointing_back_with_a_topic_of_its_own_asks_it_of_that_clause(small):
    first = small.ask("推广新能源汽车谁负责?")
    answer = small.ask("这一条对充电桩是怎么说的?", previous=first.state)
    assert answer.kind == "general" and "新增公共充电桩500个" in answer.citations[0].quote


def test_a_function_word_before_a_unit_is_no_place(small):
    q = small.reader.standalone("凡是区发展改革委列为责任单位的任务,各是哪一条?", None)
    assert not q.scope.missing and q.kind is Kind.REVERSE


def test_a_figure_is_answered_only_in_the_unit_asked():
    from retrieval.answers.answer import _asked_unit, _states_figure

    assert _asked_unit("这条归哪几家?") is None and _asked_unit("至少要用几种可再生能源?") == "种"
    assert not _states_figure("加快推进加氢站等基础设施建设，新建各类充电桩20万个", "加氢站要建多少座?")
    assert _states_figure("新建加氢站70座", "加氢站要建多少座?") and _states_figure("罚款一万元", "罚款是多少?")


@pytest.fixture(scope="module")
def qingzhou(tmp_path_factory):
    """A district plan of 青州市 beside the city's regulations; the plan sets a 森林覆盖率 and asks 屋顶光伏 in words."""
    district = DISTRICT.replace("东湖区", "青州市东湖区", 1).replace("（二）保障措施", ROOFTOPS + "（二）保障措施")
    return fake_library(tmp_path_factory.mktemp("qingzhou"), ("district.txt", district), ("regs.txt", REGS))


def test_a_document_named_by_place_and_kind_walls_the_other_place_into_the_topic(qingzhou):
    walled = qingzhou.reader.standalone("青州条例对东湖区有什么专门规定?", None).scope
    assert walled.sources == ["regs.txt"] and walled.parts == []  # the other place is the topic, not a second document
    assert qingzhou.reader.standalone("东湖区的方案里海绵城市谁负责?", None).scope.sources == ["district.txt"]


def test_an_article_named_by_its_number_lists_its_items(qingzhou):
    listed = qingzhou.ask("青州条例第三条列了哪几种要罚款的行为?")
    assert "未按照规定报送排放报告的" in listed.answer and "虚报排放数据的" in listed.answer


def test_a_figure_of_another_metric_is_no_answer_when_a_clause_says_the_thing_asked(qingzhou):
    assert [t.value for t in qingzhou.ask("森林覆盖率要达到多少?").targets] == ["30%"]
    assert not qingzhou.ask("建筑屋顶光伏覆盖率要达到多少?").found  # said in words only, by 3.推广屋顶光伏


def test_an_article_the_regulations_do_not_have_is_refused_with_their_range(qingzhou):
    missing = qingzhou.ask("青州条例第八条讲的是什么?")
    assert not missing.found and "共 3 条（第一条至第三条），没有第八条" in missing.answer
    assert qingzhou.ask("青州条例第二条讲的是什么?").found


def test_the_last_part_or_article_asked(qingzhou):
    last_part = qingzhou.ask("青州条例收尾的那一章叫什么?")
    assert last_part.found and "第二章 法律责任" in last_part.answer and "第一章" not in last_part.answer
    last_article = qingzhou.ask("青州条例最后一条规定了什么?")
    assert last_article.found and "第三条 违反本条例规定" in last_article.answer and "第一章" not in last_article.answer


def test_what_the_document_was_made_for_is_its_opening_sentence(qingzhou):
    purpose = qingzhou.ask("青州条例的立法目的是什么?")
    assert purpose.found and "为了推进碳达峰碳中和工作，制定本条例" in purpose.answer


def test_when_asked_of_a_clause_that_names_no_time_is_refused(small):
    assert not small.ask("东湖区的方案里,区碳达峰工作领导小组何时成立?").found  # 成立区碳达峰工作领导小组: no time said
    assert small.ask("东湖区的方案里,新增公共充电桩500个要在哪一年完成?").found


def test_a_five_year_period_asked_when_is_given_its_years():
    from retrieval.answers.answer import _PLAN_YEARS
    from retrieval.answers.phrases import say

    assert _PLAN_YEARS["十四五"] == "2025" and "2021—2025" in say("period", False, period="十四五", first=2021, last=2025)


def test_a_general_chinese_question_answers_on_weaker_evidence_than_an_english_one():
    from dataclasses import replace

    from retrieval.search.evidence import GENERAL_RELIEF, OWNER_RELIEF_EN, Evidence

    clause = Evidence(coverage=0.83, key=1.0, phrase=0.33, lift=0.19, fused=0.9, document=1.0, margin=0.28)
    assert -GENERAL_RELIEF < clause.logit < -OWNER_RELIEF_EN and not clause.answers
    assert replace(clause, relief=GENERAL_RELIEF).answers


def test_owner_frames_and_officials_english_are_no_topic():
    from retrieval.questions.english import to_chinese_terms
    from retrieval.questions.words import content_terms

    assert content_terms("上海那个虚拟电厂建设,归哪几个委管?") == ["上海", "虚拟", "电厂", "建设"]
    assert "该找" not in "".join(content_terms("路灯节能改造,该找哪个局?"))
    concepts = to_chinese_terms("Which bureaus is that assigned to?").concepts
    assert concepts == [], concepts
    assert "农房" in to_chinese_terms("Who in Shanghai looks after energy-saving upgrades of farmers' houses?").concepts


def test_a_titles_words_are_dropped_only_where_they_name_the_document(small):
    def terms(text: str) -> list[str]:
        return small.composer._terms(small.reader.standalone(text, None))

    assert "达峰" in terms("东湖区的碳排放要在哪年达峰?")  # the topic, though the title says 碳达峰
    assert not {"碳达峰", "达峰"} & set(terms("碳达峰方案里海绵城市谁负责?"))


def test_a_figure_of_a_thing_no_plan_names_is_refused(small):
    assert small.ask("新增公共充电桩要达到多少个?").found
    assert not small.ask("网约车公共充电桩要新增多少个?").found  # 网约车: a word no plan in the library uses


def test_the_year_asked_its_unit_and_a_sibling_follow_up():
    from retrieval.answers.answer import _in_unit_asked, _year_span
    from retrieval.questions.intent import _swapped, in_plans_text

    goals = "到2025年，能耗下降13.5%。到2030年，转型取得显著成效。单位生产总值能耗大幅下降。到2060年，碳中和目标顺利实现。"
    assert _year_span(goals, "2030") == "到2030年，转型取得显著成效。单位生产总值能耗大幅下降。"
    assert _year_span(goals, "2035") == goals and _year_span(goals, None) == goals
    apart = "到2025年,能耗下降5%。加快淘汰。2025年,力争充电桩全覆盖。到2030年,碳排放下降7%。"
    assert _year_span(apart, "2025") == "到2025年,能耗下降5%。加快淘汰。2025年,力争充电桩全覆盖。"  # a clause opening 2025年,
    assert _year_span("到2025年,A。到2030年,B。2025年,C。", "2025") == "到2025年,A。\n2025年,C。"
    assert not _in_unit_asked("屋顶光伏每度电补贴多少钱?", "50%") and _in_unit_asked("补贴多少钱?", "200万元")
    assert _in_unit_asked("要建几座?", "3座") and _in_unit_asked("覆盖率要达到多少?", "50%")
    assert _swapped("条例里盗伐林木的罚款按价值几倍算?", "滥伐") == "条例里滥伐林木的罚款按价值几倍算?"
    assert _swapped("条例里盗伐林木的罚款按价值几倍算?", "充电桩") is None
    assert in_plans_text("单位GDP能耗和CO2排放") == "单位生产总值能耗和二氧化碳排放"


def test_a_part_named_by_its_head_word():
    from retrieval.answers.answer import _match_node
    from retrieval.search.library import OutlineNode

    measures = OutlineNode(9, "五、政策保障", [OutlineNode(10, "(一)加大资金支持"), OutlineNode(11, "(二)健全市场机制")])
    roots = [OutlineNode(1, "一、总体要求"), OutlineNode(3, "三、重点任务", [OutlineNode(4, "(一)产业绿色转型行动")]), measures]
    assert _match_node(roots, "保障措施有哪几条?") is measures
    assert _match_node(roots, "资金有哪几种来源?") is None


def test_the_list_a_sentence_writes_where_the_question_asks():
    from retrieval.answers.enumeration import asked_list

    principle = "坚持系统思维、变革思维、创新思维,用碳达峰、碳中和引领产业结构、生产方式、空间格局转型。"
    assert asked_list("要坚持哪几种思维?").items_in(principle).items == ["系统思维", "变革思维", "创新思维"]
    assert asked_list("引领哪几方面转型?").items_in(principle).items == ["产业结构", "生产方式", "空间格局"]
    capacity = "本市控制高耗能项目准入，禁止新增钢铁、水泥熟料、电解铝等产能，国家规划的除外。"
    found = asked_list("哪几类产能是不准再扩的?").items_in(capacity)
    assert found.items == ["钢铁", "水泥熟料", "电解铝"] and found.sentence in capacity
    resources = "到2025年，废钢铁、废铜、废纸等9种主要再生资源循环利用量达到4.5亿吨。推动再生资源规范化、规模化。"
    assert asked_list("9种主要再生资源是哪些?").items_in(resources).items == ["废钢铁", "废铜", "废纸"]
    assert asked_list("推进哪些?").items_in("推进工业领域数字化、智能化、绿色化融合发展。") is None  # not items alike
    assert asked_list("保障措施有哪几条?", part="五、政策保障") is None  # the part's own headings answer
    devices = "以电机、风机、泵、压缩机等设备为重点,严格执行能效标准。"
    task = "3.推进重点用能设备节能增效"
    assert asked_list("方案点名了哪些设备?", part=task) is None  # a part with items of its own lists them
    assert asked_list("方案点名了哪些设备?", part=task, part_lists=False).items_in(devices).items == [  # a task lists none
        "电机", "风机", "泵", "压缩机"]
    assert asked_list("重点任务里的几个行动分别是什么?") is None  # no 哪几: nothing to look for in a sentence
    colleges = "建设一批绿色低碳领域未来技术学院、现代产业学院和示范性能源学院。"
    assert asked_list("要建设一批哪几类绿色低碳领域学院?").items_in(colleges).items == ["未来技术学院", "现代产业学院", "示范性能源学院"]
    pair = "培育智能制造业和高端服务业的发展着力点,明晰科技服务、高端商务、文旅消费等细分产业的重点领域。"
    assert asked_list("要培育哪两类产业的发展着力点?").items_in(pair).items == ["智能制造业", "高端服务业"]


def test_a_year_is_not_covered_by_its_digits_and_quotes_keep_to_one_line():
    from retrieval.answers.citations import best_sentences
    from retrieval.questions.words import covered

    assert not covered("2030年", "到2025年,形成优势项目30个") and covered("绿色商场", "绿色建筑商场")
    text = "到2025年,全区绿地率35%。\n到2030年,全区绿地率40%。"
    assert best_sentences(text, ["绿地率", "2030年"], limit=3) == "到2030年,全区绿地率40%。"
    from retrieval.answers.citations import slot_sentences

    principles = "要坚持“全国统筹、节约优先”原则。——全国统筹。全国一盘棋，实行党政同责。——节约优先。把节约能源资源放在首位。"
    assert slot_sentences("“全国统筹”原则要求实行什么同责?", principles, ["全国", "统筹", "原则", "实行"]) == \
        "——全国统筹。全国一盘棋，实行党政同责。"  # the item's label read with its text; the 同责 asked for breaks the tie
    goals = "到2025年,二氧化碳排放完成下达指标,为实现碳达峰奠定坚实基础。到2030年,二氧化碳排放持续下降,如期实现2030年前碳达峰目标。"
    assert slot_sentences("碳排放要在哪年达峰?", goals, ["排放", "达峰"]).startswith("到2030年")  # the year beside 达峰
    from retrieval.answers.citations import slot_said

    assert slot_said("碳排放要在哪年达峰?", goals, ["排放", "达峰"], lambda t: 1.0) == 1.0
    assert slot_said("碳排放要在哪年达峰?", "推进碳达峰,控制碳排放。", ["排放", "达峰"], lambda t: 1.0) == 0.0
    guide = "以习近平新时代中国特色社会主义思想为指导," + "全面贯彻新发展理念," * 20 + "按照“全国统筹、节约优先”的总方针,立足能源资源禀赋。"
    assert best_sentences(guide, ["总方针"], limit=1).startswith("按照“全国统筹")  # a long sentence quoted from the words asked
    sites = "依托环天南大区域谋划建设海河科学城,建设创新平台。依托西营门老工业区建设启航创新城。"
    assert slot_sentences("启航创新城选址在哪?", sites, ["启航", "创新"]) == "依托西营门老工业区建设启航创新城。"


def test_term_presence_from_postings_matches_reading_every_text():
    from retrieval.questions.words import Presence, covered, holds

    texts = [line for line in DISTRICT.splitlines() if line] + ["绿色建筑商场", "到2025年,形成优势项目30个", "充电桩"]
    presence = Presence(texts)
    terms = ["绿色商场", "商场", "充电桩建设", "2035年", "2030年", "2025年", "海绵城市要求", "区发展改革委", "桩", "绿地率保持",
             "新能源汽车|electric", "地铁", "项目30个", "建成区绿地"]
    for term in terms:
        assert presence.covering(term) == sum(1 << i for i, t in enumerate(texts) if covered(term, t)), term
        assert presence.holding(term) == sum(1 << i for i, t in enumerate(texts) if holds(term, t)), term
        if "|" not in term:
            assert presence.occurrences(term) == sum(t.count(term) for t in texts), term
    assert presence.covering("绿色商场").bit_count() == 1 and presence.holding("2035年") == 0


@pytest.fixture()
def district_alone(tmp_path):
    """The district plan alone in its own corpus folder and embedded store: (assistant, the plan's path)."""
    from retrieval.assistant import Assistant

    settings, plan = one_plan(tmp_path, DISTRICT, "district.txt", embed_model="fake")
    return Assistant(settings, BigramEmbeddings()), plan


def test_a_newer_document_grammar_reads_every_document_again(district_alone, monkeypatch):
    import ingest.pipeline

    a, _ = district_alone
    assert [r.status for r in a.sync()] == ["added"]
    assert [r.status for r in a.sync()] == ["unchanged"]
    monkeypatch.setattr(ingest.pipeline, "PARSER_VERSION", ingest.pipeline.PARSER_VERSION + 1)
    assert [r.status for r in a.sync()] == ["updated"]
    assert [r.status for r in a.sync()] == ["unchanged"]
    assert a.documents()[0].parser == ingest.pipeline.PARSER_VERSION


def test_an_unchanged_folder_is_known_without_opening_the_store(district_alone, tmp_path):
    import os

    from ingest.storage.manifest import unchanged
    from ingest.grammar.structure import PARSER_VERSION

    a, plan = district_alone
    settings, corpus = a.settings, plan.parent

    def said(model: str = BigramEmbeddings.identity, parser: int = PARSER_VERSION) -> list[str] | None:
        return unchanged(settings.chroma_path, corpus, model, parser)

    assert said() is None  # nothing synced yet
    a.sync()
    assert said() == ["district.txt：未变化"]
    assert said(model="another-model") is None and said(parser=PARSER_VERSION + 1) is None
    os.utime(plan, ns=(plan.stat().st_atime_ns, plan.stat().st_mtime_ns + 10**9))
    assert said() == ["district.txt：未变化"]  # touched, same bytes
    plan.write_text(DISTRICT.replace("500个", "600个"), encoding="utf-8")
    assert said() is None
    assert [r.status for r in a.sync()] == ["updated"]
    (corpus / "copy.txt").write_text(plan.read_text(encoding="utf-8"), encoding="utf-8")
    assert said() is None
    assert [r.status for r in a.sync()] == ["duplicate", "unchanged"]
    assert said() == [a.sync()[0].message, "district.txt：未变化"]
    (corpus / "copy.txt").unlink()
    assert said() is None
    a.sync()
    city = tmp_path / "city.txt"
    city.write_text(CITY, encoding="utf-8")
    a.add([city])  # any new generation forgets the marks: they described the one before
    assert said() is None
    (corpus / "broken.docx").write_bytes(b"not a zip")
    assert not all(r.ok for r in a.sync())
    assert said() is None  # a refused file is reported again by the next sync


PLATFORMS = """某区碳达峰实施方案
一、重点任务
1.强化科技创新。深化产学研合作,完善技术转移网络,支持各类专业机构发展,培育知识产权优势企业和知识产权密集型企业,鼓励发明创造,加强绿色低碳技术和产品知识产权保护和服务。建设节能降碳和新能源技术产品研发的创新平台。推动智能科技和大健康等重点领域的技术成果加速落地,推出具有前沿性、首创性的科技产品,打造全链条科技成果转移转化生态体系,完善科技服务业态,壮大专业服务机构集群。(区科技局)
2.建设节能降碳新能源技术平台。建设新能源技术研发平台。(区政务服务办)
"""


def cosine(a: str, b: str) -> float:
    return sum(x * y for x, y in zip(BigramEmbeddings()._vector(a), BigramEmbeddings()._vector(b)))


def test_a_clause_is_found_by_its_best_sentence(tmp_path):
    """The long task whose one sentence the question says leads, with that sentence's cosine, not the short task
    that shares a few of its words with a clause-wide vector."""
    a = fake_library(tmp_path, ("plan.txt", PLATFORMS))
    asked = "建设节能降碳和新能源技术产品研发的创新平台"
    search = a.composer.search
    (best, similarity), *rest = search.dense(asked, ["plan.txt"], 3)
    assert best.owners == ("区科技局",) and similarity > 0.95  # the sentence, but for its full stop
    assert all(s < 0.9 for _, s in rest)
    by_whole_clause = {c.owners: cosine(asked, c.text) for c in a.library.chunks if c.owners}
    assert by_whole_clause[("区政务服务办",)] > by_whole_clause[("区科技局",)]  # what a clause-wide vector would rank
    assert search.dense(asked, None, 1)[0][0].id == best.id  # the whole library's product says the same


NAMES = """某市碳达峰实施方案
某市人民政府
2022年1月1日
一、重点任务
1.严控高耗能项目。以高耗能高排放项目（以下称“两高”项目）为重点,严禁新增产能。用好自由贸易(FT)账户,支持企业跨境融资。(市发展改革委)
2.发展绿色金融。推广绿色信贷,支持“两高”项目以外的企业融资,设立3个绿色金融服务窗口。(市金融局)
"""


def test_a_short_name_is_answered_by_the_sentence_that_introduces_it(tmp_path):
    a = fake_library(tmp_path, ("plan.txt", NAMES))
    assert kind_of("“两高”项目是指什么项目?")[0] is Kind.DEFINE
    assert kind_of("方案的全称是什么?")[0] is Kind.META
    for question, said in [("“两高”项目是指什么项目?", "以高耗能高排放项目（以下称“两高”项目）"),
                           ("方案里的FT账户,中文全称是什么?", "用好自由贸易(FT)账户"),
                           ("What does FT stand for?", "自由贸易(FT)账户")]:
        answer = a.ask(question)
        assert answer.found and not answer.departments, question
        assert said in answer.answer and any(said in c.quote for c in answer.citations), question
    # a figure the text prints in no target, asked with 指的是: each kind hands it only to the rows below its own
    assert "3个" not in " ".join(t.value for _, t in a.library.docs["plan.txt"].targets())
    assert a.ask("“3个”指的是什么?").kind in ("general", "target", "owner", "overview")
    # no name the plan introduces: the question is read as the next row reads it, and the clause answers
    answer = a.ask("“绿色信贷”是指什么?")
    assert answer.found and any("推广绿色信贷" in c.quote for c in answer.citations)
    assert "引入" not in answer.answer


def test_the_nth_item_under_a_named_part(small):
    assert kind_of("绿色交通行动下面第二条叫什么?")[0] is Kind.LIST
    answer = small.ask("绿色交通行动下面第二条叫什么?")
    assert answer.found and "推进海绵城市建设" in answer.answer and "推广新能源汽车" not in answer.answer
    assert [c.line for c in answer.citations] == [next(i for i, l in enumerate(DISTRICT.split("\n"), 1) if l.startswith("2.推进海绵"))]
    assert small.ask("这条谁负责?", history=[("绿色交通行动下面第二条叫什么?", answer.answer)]).departments == ["区住房建设委", "区城市管理委"]


def test_the_quote_is_the_run_that_says_the_question_together():
    from retrieval.answers.citations import best_sentences

    principles = ("要坚持“全国统筹、内外畅通”原则。——全国统筹。全国一盘棋。——内外畅通。立足国情实际；"
                  "不断增强国际影响力，维护我国权益。")
    assert best_sentences(principles, ["内外", "畅通", "原则", "不断", "增强", "我国"], limit=3) == \
        "——内外畅通。立足国情实际；不断增强国际影响力，维护我国权益。"


def test_a_goal_in_words_for_a_year_is_what_the_clause_says_under_that_year(small):
    assert small.ask("2030年新增公共绿地有什么要求?").found
    refused = small.ask("2030年海绵城市建成区面积有什么要求?")  # its 2030 part is about public green space
    assert not refused.found and "2030" in refused.answer
    assert small.ask("2025年海绵城市建成区面积有什么要求?").found


def test_an_english_follow_up_asking_a_figure_is_a_target_of_the_same_task(small):
    history = []
    for question, said in [("Who is responsible for sponge city construction?", "区住房建设委"),
                           ("And what built-up area share does that same task set for 2025?", "40%"),
                           ("What about 2035: any figure there?", None)]:
        answer = small.ask(question, history=history)
        assert (said in answer.answer and answer.found) if said else (not answer.found and not answer.departments), question
        history.append((question, answer.answer))
    assert answer.kind == "target"


def test_a_follow_up_naming_a_place_the_library_lacks_is_refused(small):
    first = small.ask("建成区绿地率要保持在多少?")
    assert first.found and "35%" in first.answer
    answer = small.ask("那河西区定的是多少?", history=[("建成区绿地率要保持在多少?", first.answer)])
    assert not answer.found and not answer.departments and "河西区" in answer.answer


def test_a_units_duties_narrowed_to_a_topic(small):
    narrowed = small.ask("区城市管理委在海绵城市建设中负责哪些任务?")
    assert narrowed.found and narrowed.departments == ["区城市管理委"] and "海绵城市建设" in narrowed.answer
    assert [c.line for c in narrowed.citations] == [next(i for i, l in enumerate(DISTRICT.split("\n"), 1) if "海绵" in l)]
    none = small.ask("区财政局在海绵城市建设中承担什么任务?")  # its one task is on funds
    assert not none.found and not none.departments
    assert len(small.ask("区发展改革委负责哪些任务?").citations) == 2  # no topic: every task
    first = small.ask("建成区绿地率要保持在多少?")  # a topic the next question does not borrow for the unit's duties
    after = small.ask("区财政局负责哪些任务?", history=[("建成区绿地率要保持在多少?", first.answer)])
    assert after.found and after.departments == ["区财政局"]


def test_which_target_a_figure_is(small):
    assert kind_of("“500个”是啥指标?")[0] is Kind.FIGURE and kind_of("到2025年充电桩要建500个吗?")[0] is not Kind.FIGURE
    answer = small.ask("“500个”是啥指标?")
    assert answer.found and "新增公共充电桩" in answer.answer and "500个" in answer.citations[0].quote
    both = small.ask("35%和40%以上分别是啥指标?")  # one task prints both: its two figures, not 40% of another
    assert "建成区绿地率" in both.answer and len({c.line for c in both.citations}) == 1
    assert not small.ask("“99%”是啥指标?").found  # no target prints it: read as the next kind, which finds nothing


def test_the_places_that_name_a_quoted_word(tmp_path):
    a = fake_library(tmp_path, ("plan.txt", "某区碳达峰实施方案\n一、重点任务\n1.发展服务业。率先抢占智慧应用场景新赛道,"
                                "主动布局数字内容创作新赛道。(区商务局)\n2.发展制造业。积极拓展智能硬科技新赛道。(区科技局)\n"))
    answer = a.ask("方案里一共提到了哪几条“新赛道”?")
    assert answer.found and answer.kind == "overview" and len(answer.citations) == 3
    assert "积极拓展智能硬科技新赛道" in answer.answer and answer.citations[2].line == 4


GOALS = """某市碳达峰实施方案
一、主要目标
到2025年，单位地区生产总值能耗比2020年下降13.5%；单位地区生产总值二氧化碳排放比2020年下降18%。
到2030年，单位地区生产总值能耗大幅下降；单位地区生产总值二氧化碳排放比2005年下降65%以上。
"""


def test_a_metric_said_in_words_for_the_year_is_not_given_another_metrics_figure(tmp_path):
    a = fake_library(tmp_path, ("plan.txt", GOALS))
    assert "13.5%" in a.ask("2025年单位地区生产总值能耗要降多少?").answer
    asked = a.ask("2030年单位地区生产总值能耗要降几个点?")
    assert not asked.found and not asked.targets  # 大幅下降 is no count of points, and 65% is the 二氧化碳排放's
    said = a.ask("2030年单位地区生产总值能耗要降多少?")
    assert "大幅下降" in said.citations[0].quote and not said.targets
    goal = a.ask("2030年单位地区生产总值能耗有什么要求?")
    assert goal.found and "大幅下降" in goal.citations[0].quote and not goal.targets


def test_a_figure_two_tasks_print_is_the_one_whose_metric_the_question_names(tmp_path):
    plan = DISTRICT.replace("（二）保障措施", "3.推动工业转型。到2025年,高技术产业增加值比重达到30%以上。(区商务局)\n"
                            "4.加强资源循环利用。到2025年,城市建筑垃圾资源化处理率达到30%以上。(区城市管理委)\n（二）保障措施")
    a = fake_library(tmp_path, ("plan.txt", plan))
    answer = a.ask("城市建筑垃圾资源化处理率30%以上,这个数是卡到哪年的?")
    assert "建筑垃圾" in answer.citations[0].quote and "2025" in answer.answer


def test_a_branch_office_is_named_without_its_parents_bureau_word():
    from retrieval.questions.aliases import document_aliases

    aliases = document_aliases(["市规划资源局南开分局", "区发展改革委"], ["天津市", "", "南开区"])
    assert aliases["规划资源南开分局"] == {"市规划资源局南开分局"} and aliases["发改委"] == {"区发展改革委"}
    assert "南开分局" not in aliases  # several bureaus may keep a 南开分局


def test_a_question_listing_three_things_is_quoted_three_sentences():
    from retrieval.answers.citations import slot_sentences

    text = "创新科技服务产业,提质专业技术服务效能。提升现代商务产业,构筑总部经济集聚高地。升级商贸文旅产业,促进全域旅游发展。"
    quote = slot_sentences("要创新、提升、升级的是哪几个产业?", text, ["创新", "提升", "升级", "产业"])
    assert "科技服务产业" in quote and "现代商务产业" in quote and "商贸文旅产业" in quote
    assert slot_sentences("要提升的是哪几个产业?", text, ["提升", "产业"]).count("。") <= 2


PARKS = """某市碳达峰实施方案
一、重点任务
1.实施千座公园计划。到2025年，新增公园600座左右。（责任单位：市绿化局）
2.推进重点区域低碳示范。推动新城绿色低碳发展。（责任单位：市发展改革委、东湖区、西山区）
"""


def test_a_figure_asked_of_a_district_the_clause_does_not_name_is_not_the_citys(tmp_path):
    a = fake_library(tmp_path, ("plan.txt", PARKS))
    assert "600座左右" in a.ask("新增公园要达到多少座?").answer
    asked = a.ask("西山区要新增多少座公园?")
    assert not asked.found and not asked.targets  # 600座 is the city's
    assert a.ask("西山区负责哪些任务?").departments == ["西山区"]


TRAINING = """某区碳达峰实施方案
一、重点任务
1.强化领导干部培训。将生态文明思想作为干部培训的重要内容,区委党校要把碳达峰相关内容列入教学计划。组织编印低碳生活手册。(区委组织部、区委党校)
2.推广绿色出行。完善公交网络,优化慢行系统。(区交通局、区委党校)
"""


def test_a_units_duties_on_a_topic_quote_what_the_task_asks_of_it(tmp_path):
    a = fake_library(tmp_path, ("plan.txt", TRAINING))
    answer = a.ask("区委党校在领导干部培训中要做什么?")
    assert answer.kind == "reverse" and "列入教学计划" in answer.answer and "完善公交网络" not in answer.answer
    assert any("列入教学计划" in c.quote for c in answer.citations)


def test_the_examples_a_question_gives_are_not_its_topic(small):
    q = small.reader.standalone("居民出门走路、骑车、坐公交这类绿色方式的占比要求多少?", None)
    terms = small.composer._terms(q)
    assert "绿色" in terms and not {"走路", "骑车", "公交", "坐公交"} & set(terms)
    written = small.composer._terms(small.reader.standalone("海绵城市、充电桩这些工作谁负责?", None))
    assert {"海绵", "城市", "充电"} <= set(written)  # examples the plan writes are its topic


def test_chinese_an_english_question_quotes_is_its_word_even_when_no_plan_writes_it(small):
    asked = "What role does the district science association (区科协) play in the plan?"
    assert "区科协" in small.composer._terms(small.reader.standalone(asked, None))
    assert not small.ask(asked).found
    water = small.ask("Does the district plan set a 2025 target for water use per unit of GDP (单位地区生产总值用水)?")
    assert not water.found and not water.targets


def test_the_owners_bracket_is_never_the_quote_when_the_clause_says_more():
    from retrieval.answers.citations import best_sentences, slot_sentences

    text = "定期调度工作进展。重大问题及时向领导小组报告。(区碳达峰工作领导小组办公室、各街道办事处)"
    assert not slot_sentences("领导小组办公室设在哪?", text, ["领导小组"]).startswith("(")
    assert best_sentences("(区商务局、各街道办事处)", ["街道"]) == "(区商务局、各街道办事处)"  # all there is


def test_an_english_list_question_names_the_part_in_the_plans_words(small):
    listed = small.ask("What are the safeguard measures of the Donghu plan?")
    assert listed.kind == "overview" and "加强组织领导" in listed.answer and "强化资金保障" in listed.answer
    tasks = small.ask("What are the main tasks of the Donghu plan?")
    assert tasks.kind == "overview" and "绿色交通行动" in tasks.answer and "保障措施" in tasks.answer


def test_a_department_named_in_english_is_the_plans_unit(small):
    for asked, unit in [("Which tasks is the district Development and Reform Commission responsible for?", "区发展改革委"),
                        ("What should the finance bureau do?", "区财政局"),
                        ("What is the finance bureau responsible for in the plan?", "区财政局")]:
        answer = small.ask(asked)
        assert answer.kind == "reverse" and answer.departments == [unit], asked



def test_a_follow_up_naming_another_document_keeps_the_topic(small):
    first = small.ask("海绵城市建设谁负责?")
    follow = small.reader.analyse("青州市方案里呢?", [], previous=first.state)
    assert "海绵城市" in follow.resolved and follow.sources == ["city.txt"]


def test_an_english_question_naming_no_topic_of_its_own_follows_the_turn_before(small):
    first = small.ask("Who is responsible for sponge city construction?")
    follow = small.ask("What is the 2025 target?", previous=first.state)
    assert "40%以上" in follow.answer and "500个" not in follow.answer


def test_an_ordinal_after_a_units_task_list_asks_that_task(small):
    listed = small.ask("区发展改革委负责哪些任务?")
    second = small.ask("第二项具体说了什么?", previous=listed.state)
    assert second.found and "领导小组" in second.answer and second.kind == "general"


def test_a_contrast_with_no_sibling_word_is_framed_by_the_question_before(small):
    first = small.ask("公共机构能耗下降多少?")
    follow = small.reader.analyse("碳排放呢?", [], previous=first.state)
    assert "公共机构" in follow.resolved and "碳排放" in follow.resolved
    assert "7%" in small.ask("碳排放呢?", previous=first.state).answer


def test_owners_in_two_places_plans_each_answer_for_themselves(small):
    both = small.ask("东湖区和青州市的方案里,新能源汽车分别由谁负责?")
    assert both.found and both.departments[:2] == ["区发展改革委", "区交通局"] and "市交通运输委" in both.departments
    assert [c.n for c in both.citations] == list(range(1, len(both.citations) + 1))
    assert {c.source for c in both.citations} == {"district.txt", "city.txt"}


ZERO = """某区碳达峰实施方案
一、重点任务
1.加快提升建筑能效水平。到2025年,新建建筑中绿色建筑面积占比达到100%,星级绿色建筑占比达到30%以上。建设一批零碳建筑示范项目。(区住房建设委)
2.推进可再生能源应用。到2025年,新建公共机构屋顶光伏覆盖率力争达到50%。(区发展改革委)
3.推进充电设施建设。到2025年,全区新增公共充电桩500个。(区发展改革委)
"""


def test_how_many_asks_a_count_not_a_share(tmp_path):
    a = fake_library(tmp_path, ("plan.txt", ZERO))
    assert "500个" in a.ask("How many new public charging piles will the district add by 2025?").answer
    for asked in ("How many zero-carbon buildings must the district complete by 2025?", "2025年要建多少座零碳建筑?"):
        counted = a.ask(asked)
        assert not counted.found and not counted.targets, asked  # 零碳建筑 is said in words; 100% is another share
    assert "50%" in a.ask("屋顶光伏覆盖率要达到多少?").answer
    assert not a.ask("How many demonstration projects must the district build?").found  # 一批 is no count
    forest = a.ask("2025年森林覆盖率要达到多少?")  # 屋顶光伏覆盖率 is another coverage rate; no plan here says 森林
    assert not forest.found and not forest.targets
    starred = a.ask("新建建筑2025年星级绿色建筑占比硬指标是多少?")  # the figure's sentence names 新建建筑 before it
    assert [t.value for t in starred.targets] == ["30%以上"]


def test_a_place_that_holds_the_home_place_is_not_another_place():
    from retrieval.answers.answer import _encloses

    home = ["天津市", "", "南开区"]
    assert _encloses(["天津市", "", ""], home) and _encloses(["", "", ""], home) and _encloses(home, home)
    assert not _encloses(["上海市", "", ""], home) and not _encloses(["天津市", "", "河西区"], home)
