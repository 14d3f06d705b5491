"""The policy-document grammar on all five real documents and on tricky input."""
from __future__ import annotations

from ingest.loaders.files import decode, UnreadableFile
from ingest.grammar.structure import match_heading, parse
from tests.conftest import CORPUS

import pytest


def doc(name: str):
    return parse((CORPUS / name).read_text(encoding="utf-8"), name)


def test_district_plan_header_and_lead():
    d = doc("nankai-carbon-peak-plan.txt")
    assert d.meta.title.value == "天津市南开区碳达峰实施方案" and d.meta.title.line == 10
    assert d.meta.doc_no.value == "南开政发〔2022〕10号" and d.meta.doc_no.line == 5
    assert d.meta.issuer.value == "天津市南开区人民政府"
    assert d.meta.date.value == "2022年12月14日" and d.meta.date.line == 9
    assert [b.line_start for b in d.blocks if b.kind == "lead"] == [1, 2]


def test_district_plan_heading_paths():
    d = doc("nankai-carbon-peak-plan.txt")
    by_line = {b.line_start: b for b in d.blocks}
    assert by_line[28].section == "三、重点任务 > (一)产业绿色转型行动 > 2.加速高端服务业发展"
    assert by_line[75].section == "五、政策保障 > (一)提升碳排放统计监测水平"
    tops = [h.label for h, parents in d.headings() if not parents]
    assert tops == ["一、总体要求", "二、主要目标", "三、重点任务", "四、对外合作", "五、政策保障", "六、组织实施"]


def test_regulation_chapters_sections_articles_and_toc():
    d = doc("tianjin-carbon-peak-neutrality-regulations.txt")
    assert d.meta.title.value == "天津市碳达峰碳中和促进条例"
    assert d.meta.date.value == "2021年9月27日"
    by_line = {b.line_start: b for b in d.blocks}
    assert 10 not in by_line or by_line[10].kind != "heading"  # the 目录 entries are not headings
    assert by_line[31].section == "第一章 总 则 > 第五条"
    assert by_line[32].section == "第一章 总 则 > 第五条"  # the article's second paragraph
    assert by_line[150].section == "第六章 激励措施 > 第七十一条"
    assert any(b.section.startswith("第三章 绿色转型 > 第二节 推进产业转型") for b in d.blocks)


def test_national_plan_headings_on_their_own_lines():
    d = doc("national-2030-carbon-peak-action-plan.txt")
    assert d.meta.doc_no.value == "国发〔2021〕23号" and d.meta.issuer.value == "国务院"
    by_line = {b.line_start: b for b in d.blocks}
    assert by_line[31].section == "三、重点任务 > （一）能源绿色低碳转型行动 > 1．推进煤炭消费替代和转型升级"


def test_pdf_broken_paragraph_is_rejoined_and_decimal_is_not_a_heading():
    d = doc("shanghai-carbon-peak-plan.txt")
    block = next(b for b in d.blocks if b.line_start == 41)
    assert block.line_end == 42 and "1.1万吨/日" in block.text
    assert block.section.endswith("2.建设循环型社会")
    assert match_heading("1.1万吨/日，打通湿垃圾资源化产品利用出路。") is None


def test_markdown_and_full_width_headings():
    text = "# 某区碳达峰实施方案\n## 一、总体要求\n### （一）指导思想\n坚持创新。\n1．推进节能。加强管理。（区发展改革委）\n"
    d = parse(text, "x.md")
    body = [b for b in d.blocks if b.kind == "body"]
    assert body[-1].section == "一、总体要求 > （一）指导思想 > 1．推进节能"


def test_decode_encodings():
    plan = "一、总体要求\r\n（一）目标。到2025年，绿色出行比例达到75%。（区发展改革委）\r\n"
    assert decode(plan.encode("gb18030")).text.startswith("一、总体要求\n")
    assert decode(b"\xef\xbb\xbf" + plan.encode("utf-8")).text.startswith("一、")
    with pytest.raises(UnreadableFile):
        decode(b"")
    with pytest.raises(UnreadableFile):
        decode(b"\x00\x01\x02binary")
