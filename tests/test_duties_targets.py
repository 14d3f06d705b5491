"""Owner annotations in every convention, and quantified targets."""
from __future__ import annotations

import pytest

from ingest.grammar.chunks import units
from ingest.grammar.duties import annotations as find_annotations, owner_line, parse_annotation
from ingest.grammar.structure import parse
from ingest.grammar.targets import extract_targets
from tests.conftest import CORPUS


def extract_duty(text: str):
    """The annotation that closes the paragraph, if one does."""
    found = find_annotations(text)
    return found[-1].duty if found and not text[found[-1].measure_end:].strip() else None


def annotations(name: str) -> list:
    d = parse((CORPUS / name).read_text(encoding="utf-8"), name)
    return [(b.line_start, extract_duty(b.text)) for b in d.blocks if extract_duty(b.text)]


def test_every_owner_annotation_is_found():
    nankai = annotations("nankai-carbon-peak-plan.txt")
    shanghai = annotations("shanghai-carbon-peak-plan.txt")
    assert len(nankai) == 34
    assert len(shanghai) == 52
    for name in ("national-2030-carbon-peak-action-plan.txt", "tianjin-carbon-peak-neutrality-regulations.txt",
                 "cpc-state-council-opinions-carbon-peak-neutrality.txt"):
        assert annotations(name) == []


def test_unit_name_with_its_own_parentheses():
    line64 = dict(annotations("shanghai-carbon-peak-plan.txt"))[64]
    assert line64.units == ("市委组织部", "市委党校（行政学院）", "市发展改革委")


@pytest.mark.parametrize(
    "text, owners, leads",
    [
        ("加强管理。(区发展改革委、区商务局)", ("区发展改革委", "区商务局"), ()),
        ("加强管理。(区住房建设委、区城市管理委,各街道办事处)", ("区住房建设委", "区城市管理委", "各街道办事处"), ()),
        ("加强管理。(区发展改革委、区市场监管局按职责分工负责)", ("区发展改革委", "区市场监管局"), ()),
        ("加强管理。(区机关事务服务中心牵头,各相关部门配合)", ("区机关事务服务中心", "各相关部门"), ("区机关事务服务中心",)),
        ("加强管理。（责任单位：市发展改革委、各区）", ("市发展改革委", "各区"), ()),
        ("加强管理。（省发展改革委牵头，省能源局等按职责分工负责）", ("省发展改革委", "省能源局"), ("省发展改革委",)),
        ("加强管理。(区发展改革委、\n区商务局)", ("区发展改革委", "区商务局"), ()),
        # a level prefix that covers the list: names stay as written
        ("加强管理。（省发展改革委、工业和信息化厅、生态环境厅按职责分工负责）", ("省发展改革委", "工业和信息化厅", "生态环境厅"), ()),
        # bracketed sub-unit, several leads, groups joined by "，"
        ("加强管理。〔省农业农村厅牵头，省发展改革委（能源局）、省科技厅等按职责分工负责〕",
         ("省农业农村厅", "省发展改革委（能源局）", "省科技厅"), ("省农业农村厅",)),
        ("加强管理。（农业农村部、生态环境部牵头，国家发展改革委等按职责分工负责）",
         ("农业农村部", "生态环境部", "国家发展改革委"), ("农业农村部", "生态环境部")),
        ("加强管理。（责任单位：市发展改革委、市商务局，各县区政府、辽源高新区管委会按职责分工负责）",
         ("市发展改革委", "市商务局", "各县区政府", "辽源高新区管委会"), ()),
        # an annotation split over two lines, a note after it, and "等相关部门"
        ("加强管理。（省机关事务管理局、省国资委、省教育厅等相关部门按职责分工负\n责）", ("省机关事务管理局", "省国资委", "省教育厅"), ()),
        ("加强管理。（市工业和信息化局、市水务局等按职责分工负责，各区人民政府负责落实。以下均需各区人民政府落实，不再列出）",
         ("市工业和信息化局", "市水务局", "各区人民政府"), ()),
        # the plan's own rule for leads: 逗号前 / 列首位
        ("加强管理。［责任单位：市经信局、市生态环境局，各区（市）县政府（管委会）；逗号前为牵头单位，下同］",
         ("市经信局", "市生态环境局", "各区（市）县政府（管委会）"), ("市经信局", "市生态环境局")),
        ("加强管理。（责任单位：重庆市能源局、市经济信息委；四川省能源局、经济和信息化厅；两省市列首位的为牵头单位，下同）",
         ("重庆市能源局", "市经济信息委", "四川省能源局", "经济和信息化厅"), ("重庆市能源局", "四川省能源局")),
    ],
)
def test_conventions(text, owners, leads):
    duty = extract_duty(text)
    assert duty is not None and duty.units == owners and duty.leads == leads
    assert duty.annotation in text


def test_roles():
    duty = parse_annotation("区机关事务服务中心牵头,各相关部门配合")
    assert duty.role("区机关事务服务中心") == "牵头" and duty.role("各相关部门") == "配合"
    plain = parse_annotation("区发展改革委、区商务局")
    assert plain.role("区发展改革委") == "列于首位" and plain.role("区商务局") == "参与"
    labelled = owner_line("牵头单位：住房城乡建设厅；配合单位：应急管理厅")
    assert labelled.units == ("住房城乡建设厅", "应急管理厅") and labelled.leads == ("住房城乡建设厅",)
    assert labelled.supporters == ("应急管理厅",)


def test_each_inline_annotation_owns_the_measure_it_closes():
    text = ("（三）加快转型。推行绿色设计，构建绿色制造体系。（市工业和信息化局、各区人民政府按职责分工负责）"
            "推进港口装卸、运输等关键环节升级改造。（天津港集团负责）发挥中国（天津）自由贸易试验区优势。")
    d = parse("某市方案\n一、重点任务\n" + text + "\n", "x.txt")
    tasks = [u for u in units(d) if u.duty]
    assert [u.duty.units for u in tasks] == [("市工业和信息化局", "各区人民政府"), ("天津港集团",)]
    assert tasks[1].text == "推进港口装卸、运输等关键环节升级改造。（天津港集团负责）"
    assert all(u.path[-1].label == "（三）加快转型" for u in tasks)


def test_a_labelled_line_closes_the_task_above_it():
    d = parse("某省意见\n一、重点任务\n（一）严守安全底线。县城建设要统筹发展与安全。\n牵头单位：住房城乡建设厅；配合单位：应急管理厅\n", "x.txt")
    tasks = [u for u in units(d) if u.duty]
    assert len(tasks) == 1 and tasks[0].duty.units == ("住房城乡建设厅", "应急管理厅")
    assert "县城建设" in tasks[0].text


def test_mentions_and_other_parentheses_are_not_owners():
    assert extract_duty("区委党校要把碳达峰相关内容列入教学计划。") is None
    assert extract_duty("高标准建设物质绿色创造与制造海河实验室(以下简称“物创海河实验室”)") is None
    assert extract_duty("（2021年9月27日天津市第十七届人民代表大会常务委员会第二十九次会议通过）") is None


def test_district_targets():
    d = parse((CORPUS / "nankai-carbon-peak-plan.txt").read_text(encoding="utf-8"), "n")
    line58 = next(b for b in d.blocks if b.line_start == 58)
    got = {(t.year, t.metric, t.value) for t in extract_targets(line58.text)}
    assert got == {("2025", "绿色出行比例", "75%以上"), ("2030", "绿色出行比例", "80%左右")}
    line63 = next(b for b in d.blocks if b.line_start == 63)
    targets = extract_targets(line63.text)
    years = {t.value: t.year for t in targets}
    assert years["不低于30%"] == "2023年起"
    assert years["下降5%"] == "2025"  # "比2020年" is the baseline, not the year
    assert "全覆盖" in years
    for t in targets:
        assert t.text in line63.text
    line47 = next(b for b in d.blocks if b.line_start == 47)
    assert [(t.year, t.value) for t in extract_targets(line47.text)] == [("2025", "10个")]


def test_targets_through_pdf_spacing():
    got = extract_targets("到 2025 年，新能源汽车保有量达到 100 万辆，单位地区生产总值能源消耗比 2020 年降低 14.5 %。")
    assert [(t.year, t.value) for t in got] == [("2025", "100万辆"), ("2025", "降低14.5%")]
    assert all(t.text in "到 2025 年，新能源汽车保有量达到 100 万辆，单位地区生产总值能源消耗比 2020 年降低 14.5 %。" for t in got)
    done = extract_targets("到 2025 年，完成 5.3 亿吨钢铁产能超低排放改造。")
    assert [(t.year, t.metric, t.value) for t in done] == [("2025", "钢铁产能超低排放改造", "5.3亿吨")]


def test_plan_period_targets_and_numbers_that_are_not_targets():
    targets = extract_targets("“十四五”期间本市煤炭消费总量下降5%左右。建筑面积10万平方米(含)以上的大型商场中,力争创建率达到50%以上。")
    assert [(t.year, t.value) for t in targets] == [("十四五", "下降5%左右"), ("", "50%以上")]


def test_counts_in_ten_thousands_and_bare_ratios():
    text = "“十四五”期间新建各类充电桩20万个。新建数据中心能源利用效率（PUE）不高于1.3，单位产值能耗下降2.5%。"
    got = [(t.year, t.metric, t.value) for t in extract_targets(text)]
    assert got[0] == ("十四五", "新建各类充电桩", "20万个")
    assert ("", "新建数据中心能源利用效率（PUE）", "不高于1.3") in got
    assert not any(t.value.endswith("2.5") for t in extract_targets(text))  # "2.5%" is a share, read once
    assert all("2.0" not in t.value for t in extract_targets("新版标准编号为2.0，能效提高到1.5倍。"))  # no bound, no target


def test_a_line_opening_with_a_time_frame_frames_the_figures_after_it():
    """主要目标 paragraphs: "到2025年，…初步形成。单位GDP能耗下降13.5%；…" — the figures are 2025's, each line its own frame."""
    text = ("二、主要目标\n到2025年，绿色低碳循环发展的经济体系初步形成。单位国内生产总值能耗比2020年下降13.5%；森林覆盖率达到24.1%。\n"
            "到2030年，经济社会发展全面绿色转型取得显著成效。非化石能源消费比重达到25%左右。\n新增绿地面积100公顷。")
    got = [(t.year, t.value) for t in extract_targets(text)]
    assert got[:3] == [("2025", "下降13.5%"), ("2025", "24.1%"), ("2030", "25%左右")]
    assert all(t.year == "" for t in extract_targets("新增公共充电桩500个。到2025年，体系初步形成。"))  # a frame only ahead
