"""Owner annotations in every convention, and quantified targets."""
from __future__ import annotations

import pytest

from ingest.duties import extract_duty
from ingest.structure import parse
from ingest.targets import extract_targets
from tests.conftest import CORPUS


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
    "text, units, lead",
    [
        ("加强管理。(区发展改革委、区商务局)", ("区发展改革委", "区商务局"), None),
        ("加强管理。(区住房建设委、区城市管理委,各街道办事处)", ("区住房建设委", "区城市管理委", "各街道办事处"), None),
        ("加强管理。(区发展改革委、区市场监管局按职责分工负责)", ("区发展改革委", "区市场监管局"), None),
        ("加强管理。(区机关事务服务中心牵头,各相关部门配合)", ("区机关事务服务中心", "各相关部门"), "区机关事务服务中心"),
        ("加强管理。（责任单位：市发展改革委、各区）", ("市发展改革委", "各区"), None),
        ("加强管理。（省发展改革委牵头，省能源局等按职责分工负责）", ("省发展改革委", "省能源局"), "省发展改革委"),
        ("加强管理。(区发展改革委、\n区商务局)", ("区发展改革委", "区商务局"), None),
    ],
)
def test_conventions(text, units, lead):
    duty = extract_duty(text)
    assert duty is not None and duty.units == units and duty.lead == lead
    assert duty.annotation in text


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


def test_plan_period_targets_and_numbers_that_are_not_targets():
    targets = extract_targets("“十四五”期间本市煤炭消费总量下降5%左右。建筑面积10万平方米(含)以上的大型商场中,力争创建率达到50%以上。")
    assert [(t.year, t.value) for t in targets] == [("十四五", "下降5%左右"), ("", "50%以上")]
