"""What officials take away: a unit's briefing, the task ledger and the timeline, and the files they print."""
from __future__ import annotations

import re

import docx
import openpyxl
import pytest

from ingest.grammar.timenodes import time_nodes
from retrieval.reports.ledger import briefing, ledger, timeline
from tests.conftest import run_cli

NANKAI = "nankai-carbon-peak-plan.txt"


@pytest.mark.parametrize(
    "text, labels",
    [("到2025年,绿色出行比例达到75%以上,2030年达到80%左右。", ["2025年", "2030年"]),
     ("2023年起,新能源公务车比例不低于30%,并逐年提高。", ["2023年起", "逐年"]),
     ("“十四五”期间煤炭消费总量下降5%,单位能耗比2020年下降5%。", ["“十四五”期间"]),
     ("每年开展一次评估,定期通报,长期坚持。", ["每年", "定期", "长期坚持"]),
     ("（责任部门：气候处，完成期限：6 月底）", ["6月底"]),
     ("2030年前实现碳达峰。", ["2030年前"]),
     ("加强宣传引导,营造良好氛围。", []),
     ("2022年12月14日印发", [])],
)
def test_time_nodes_as_the_text_states_them(text, labels):
    assert [n.label for n in time_nodes(text)] == labels


def test_the_district_ledger_has_every_annotated_task(assistant):
    rows = ledger(assistant.library, [NANKAI])
    assert len(rows) == 34
    text = (assistant.settings.corpus_dir / NANKAI).read_text(encoding="utf-8")
    for r in rows:
        assert r.quote in text and r.owners and r.lead_units
        for node in r.time_nodes:
            assert re.sub(r"\s+", "", node.text) in re.sub(r"\s+", "", text)
    public = next(r for r in rows if "绿色公共机构" in r.name)
    assert [n.label for n in public.time_nodes][:2] == ["2023年起", "逐年"] and public.leads == ("区机关事务服务中心",)
    assert dict(timeline(assistant.library, [NANKAI]))[2025]


def test_the_commerce_bureau_briefing_lists_its_17_tasks(assistant):
    b = briefing(assistant.library, "区商务局")
    assert b.units == ["区商务局"] and b.count == 17
    roles = {r.role("区商务局") for _, actions in b.documents.items() for _, rows in actions for r in rows}
    assert roles <= {"牵头", "列于首位", "参与", "配合"} and "列于首位" in roles


def test_briefing_and_ledger_files_open_and_cite_verbatim(settings, tmp_path, assistant):
    out = tmp_path / "briefing.docx"
    assert run_cli(settings, "briefing", "区商务局", "-o", str(out)).returncode == 0
    document = docx.Document(str(out))
    assert document.paragraphs[0].text == "区商务局任务清单"
    assert len(document.tables) == 1 and len(document.tables[0].rows) == 1 + 17
    text = (settings.corpus_dir / NANKAI).read_text(encoding="utf-8")
    notes = [p.text for p in document.paragraphs if re.match(r"^\[\d+\] ", p.text)]
    assert len(notes) == 17
    for note in notes:
        quote = note.split("：“", 1)[1].rstrip("”")
        assert quote in text
    sheet_file = tmp_path / "ledger.xlsx"
    assert run_cli(settings, "ledger", "--doc", "南开区", "-o", str(sheet_file)).returncode == 0
    book = openpyxl.load_workbook(sheet_file)
    assert book.sheetnames == ["天津市南开区碳达峰实施方案"]
    sheet = book.active
    assert sheet.max_row == 1 + 34 and sheet.freeze_panes == "A2" and sheet["A1"].font.bold
    assert [c.value for c in sheet[1]][:6] == ["序号", "文件", "所属部分", "任务", "牵头单位", "配合单位"]
    assert isinstance(sheet["A2"].value, int) and all(row[8].value in text for row in sheet.iter_rows(min_row=2))
    word = tmp_path / "ledger.docx"
    assert run_cli(settings, "ledger", "--doc", "南开区", "-o", str(word)).returncode == 0
    assert len(docx.Document(str(word)).tables[0].rows) == 1 + 34


def test_a_pdf_plans_ledger_and_briefing(library_settings, library, tmp_path):
    source = "tianjin-14th-fyp-energy-saving-emission-reduction-plan.pdf"
    rows = ledger(library.library, [source])
    assert len(rows) == len(library.library.docs[source].tasks()) > 15
    assert any(r.leads for r in rows) and any(r.time_nodes for r in rows)
    assert all(r.quote in library.library.docs[source].text for r in rows)
    out = tmp_path / "ledger.xlsx"
    assert run_cli(library_settings, "ledger", "--doc", source, "-o", str(out)).returncode == 0
    assert openpyxl.load_workbook(out).active.max_row == 1 + len(rows)
    b = briefing(library.library, "市发展改革委", [source])
    assert b.count == sum("市发展改革委" in r.owners for r in rows) > 0


def test_the_chat_answers_from_the_same_records(assistant):
    due = assistant.ask("区商务局2025年前要完成哪些指标?")
    assert due.kind == "due" and due.departments == ["区商务局"] and "50%以上" in due.answer
    since = assistant.ask("2023年起有哪些要求?")
    assert since.kind == "due" and "绿色公共机构" in since.answer
    listing = assistant.ask("给我区商务局的任务清单")
    assert listing.kind == "reverse" and "17 项" in listing.answer
