"""The app in a real browser: Debian's Chromium driven by Playwright, at a laptop's and a phone's size.

Screenshots of every view go to tests/artifacts/ on every run.
"""
from __future__ import annotations

import re
import socket
import time
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
GB_PLAN = """江西省碳达峰实施方案
一、重点任务
（一）能源绿色低碳转型行动
1.大力发展新能源。加快建设光伏电站，到2025年，全省光伏装机容量达到2000万千瓦以上。（省发展改革委牵头，省能源局等按职责分工负责）
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def launch(assistant) -> tuple[object, str]:
    import app
    from ui.common import CSS, JS

    demo = app.build(assistant)
    port = free_port()
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, share=False, css=CSS, js=JS)
    return demo, f"http://127.0.0.1:{port}"


@pytest.fixture(scope="session")
def app_url(assistant):
    demo, url = launch(assistant)
    yield url
    demo.close()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: run ./scripts/setup --browser")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def open_page(browser, url: str, viewport: dict):
    context = browser.new_context(viewport=viewport, accept_downloads=True)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.dialogs = dialogs
    page.goto(url, wait_until="load")
    page.get_by_text("示例问题").wait_for(timeout=30000)
    return page


@pytest.fixture()
def page(browser, app_url, request):
    page = open_page(browser, app_url, LAPTOP)
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    page.context.close()


def ask(page, question: str, expect_text: str) -> None:
    page.locator("#question textarea").fill(question)
    page.locator("#send").click()
    page.locator("#chatbot").get_by_text(expect_text).last.wait_for(timeout=30000)
    time.sleep(0.5)  # the scroll to the answer's first line


def last_answer(page) -> str:
    return page.locator("#chatbot .message.bot, #chatbot [data-testid='bot']").last.inner_text()


def tab(page, name: str) -> None:
    """A tab by its name, whether it is in the tab bar or in the second row a phone shows."""
    page.locator("[role=tablist] button, .overflow-dropdown button").filter(has_text=name).first.click()


def in_view(page, locator) -> bool:
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and 0 <= box["y"] and box["y"] + 20 <= height


def test_answer_first_and_citations_open_from_the_text(page):
    ask(page, "区商务局负责哪些任务?", "引用条文")
    first_line = page.locator("#chatbot").get_by_text("列为责任单位的任务共 17 项").last
    assert in_view(page, first_line)  # the answer's first line, not its citation list
    summaries = page.locator("#chatbot summary")
    assert summaries.count() >= 3 and "项）" in summaries.first.inner_text()  # folded by action, with counts
    summaries.first.click()  # open the first action's tasks
    page.locator("#chatbot a[href='#cite-2']").last.click()
    expect(page.locator("#cite-path")).to_contain_text("2.加速高端服务业发展", timeout=10000)
    page.screenshot(path=str(ARTIFACTS / "laptop-chat.png"))


def test_owner_question_with_citation_opened(page):
    ask(page, "谁负责绿色商场创建工作?", "区文化和旅游局")
    text = last_answer(page)
    for unit in ["区商务局", "区发展改革委", "区科技局", "区金融局", "区文化和旅游局"]:
        assert unit in text
    assert "区住房建设委" not in text.split("引用条文")[0]
    page.locator("#cite-pick").get_by_text("第28行").first.click()
    highlighted = page.locator("#cite-text mark, #cite-text .textspan.hl, #cite-text [class*='hl']")
    highlighted.first.wait_for(timeout=10000)
    assert "力争绿色商场创建率达到50%以上" in highlighted.first.inner_text()
    assert "2.加速高端服务业发展" in page.locator("#cite-path").inner_text()


def test_follow_up_gets_the_2030_figure(page):
    ask(page, "绿色出行比例2025年的目标是多少?", "75%")
    ask(page, "那2030年呢?", "80%")
    assert "80%左右" in last_answer(page)


def test_owners_open_on_the_primary_plan_filter_and_export(page, tmp_path):
    tab(page, "责任分工")
    box = page.locator("#unit-pick input")
    expect(box).to_have_value("区发展改革委", timeout=15000)  # the primary plan's first unit, not another city's
    box.fill("商务")
    page.get_by_role("option", name="区商务局").first.click()
    table = page.locator("#unit-table")
    expect(table).to_contain_text("2.加速高端服务业发展", timeout=15000)
    expect(page.locator("#unit-note")).to_contain_text("17 项")
    for button, name in (("#export-unit-xlsx", "unit.xlsx"), ("#export-xlsx", "all.xlsx")):
        page.locator(button).click()
        link = page.locator("#export-file a").first
        expect(link).to_have_attribute("download", re.compile(r"\.xlsx$"), timeout=15000)
        with page.expect_download() as download:
            link.click()
        download.value.save_as(tmp_path / name)
    unit_book = openpyxl.load_workbook(tmp_path / "unit.xlsx")
    assert unit_book.sheetnames == ["天津市南开区碳达峰实施方案"]
    sheet = unit_book.active
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold and sheet.max_row == 1 + 17
    assert [c.value for c in sheet[1]][3:] == ["区商务局"] and isinstance(sheet["A2"].value, int)
    whole = openpyxl.load_workbook(tmp_path / "all.xlsx")
    assert len(whole.sheetnames) == 2 and "上海市碳达峰实施方案" in whole.sheetnames  # one sheet per document
    page.locator("#export-briefing").click()
    expect(page.locator("#export-file a").first).to_have_attribute("download", re.compile(r"任务清单\.docx$"), timeout=15000)
    page.screenshot(path=str(ARTIFACTS / "laptop-owners.png"), full_page=True)


def test_targets_as_values_and_the_ledger(page, tmp_path):
    tab(page, "目标指标")
    table = page.locator("#targets-table")
    expect(table).to_contain_text("绿色商场创建率", timeout=15000)
    expect(page.locator("#targets-chart img, #targets-chart svg").first).to_be_visible(timeout=15000)
    page.screenshot(path=str(ARTIFACTS / "laptop-targets.png"), full_page=True)
    tab(page, "督查台账")
    expect(page.locator("#ledger-count")).to_contain_text("共 34 项任务", timeout=15000)
    expect(page.locator("#ledger-timeline")).to_contain_text("2025 年")
    page.locator("#ledger-xlsx").click()
    link = page.locator("#ledger-file a").first
    expect(link).to_have_attribute("download", re.compile(r"\.xlsx$"), timeout=15000)
    with page.expect_download() as download:
        link.click()
    download.value.save_as(tmp_path / "ledger.xlsx")
    assert openpyxl.load_workbook(tmp_path / "ledger.xlsx").active.max_row == 1 + 34
    page.screenshot(path=str(ARTIFACTS / "laptop-ledger.png"), full_page=True)
    tab(page, "方案导读")
    tree = page.locator("#outline-tree")
    expect(tree.get_by_text("(八)试点有序推动碳达峰行动").first).to_be_visible(timeout=15000)
    page.screenshot(path=str(ARTIFACTS / "laptop-outline.png"), full_page=True)


def test_every_view_follows_an_upload_and_a_delete_in_every_tab(browser, app_url, tmp_path, assistant):
    path = tmp_path / "jiangxi-carbon-peak-plan.txt"
    path.write_bytes(GB_PLAN.encode("gb18030"))
    page = open_page(browser, app_url, LAPTOP)
    other = open_page(browser, app_url, LAPTOP)  # another tab, opened before the upload
    tab(page, "文件库")
    expect(page.locator("#delete-pick input")).to_have_value("")  # nothing chosen for the user
    page.locator("#upload input[type=file]").set_input_files(str(path))
    page.locator("#upload").get_by_text("jiangxi-carbon-peak-plan.txt").first.wait_for(timeout=40000)  # an upload on a busy 2-core runner
    page.locator("#ingest").click()
    page.locator("#library-note").get_by_text("已入库").wait_for(timeout=60000)
    for view, control in (("责任分工", "#owners-doc"), ("目标指标", "#targets-doc"), ("督查台账", "#ledger-doc"),
                          ("方案导读", "#outline-doc")):
        tab(page, view)
        page.locator(f"{control} input").click()
        expect(page.get_by_role("option", name="江西省碳达峰实施方案（jiangxi-carbon-peak-plan.txt）")).to_be_visible(
            timeout=10000)
        page.keyboard.press("Escape")
    tab(page, "对话")
    expect(page.locator("#scope")).to_contain_text("江西省碳达峰实施方案", timeout=10000)
    expect(other.locator("#scope")).to_contain_text("江西省碳达峰实施方案", timeout=15000)  # the other tab follows
    page.reload(wait_until="load")
    expect(page.locator("#scope")).to_contain_text("江西省碳达峰实施方案", timeout=15000)  # and survives a reload

    tab(other, "文件库")  # delete from the other tab, after a confirmation that names the plan
    other.locator("#delete-pick input").click()
    other.get_by_role("option", name="江西省碳达峰实施方案（jiangxi-carbon-peak-plan.txt）").click()
    other.locator("#delete").click()
    expect(other.locator("#delete-confirm-note")).to_contain_text("确认删除《江西省碳达峰实施方案》", timeout=10000)
    other.screenshot(path=str(ARTIFACTS / "laptop-library-delete-confirm.png"), full_page=True)
    other.locator("#delete-yes").click()
    other.locator("#library-note").get_by_text("已删除").wait_for(timeout=30000)
    expect(page.locator("#scope")).not_to_contain_text("江西省碳达峰实施方案", timeout=15000)
    assert "jiangxi-carbon-peak-plan.txt" not in assistant.library.docs
    page.context.close()
    other.context.close()


def test_the_phone(browser, app_url):
    page = open_page(browser, app_url, PHONE)
    ask(page, "谁负责绿色商场创建工作?", "区文化和旅游局")
    assert in_view(page, page.locator("#chatbot").get_by_text("该项工作属于").last)  # the answer's first line
    box = page.locator("#chatbot").bounding_box()
    assert box["height"] <= PHONE["height"] * 0.7  # the chat box leaves room for the question
    page.screenshot(path=str(ARTIFACTS / "phone-chat.png"))
    for view in ("责任分工", "目标指标", "督查台账", "文件库", "方案导读"):
        tab(page, view)  # every tab reachable, none behind a "…" menu
        time.sleep(1)
        page.screenshot(path=str(ARTIFACTS / f"phone-{view}.png"), full_page=True)
    tab(page, "责任分工")
    expect(page.locator("#unit-cards .card").first).to_be_visible(timeout=15000)  # rows as cards
    assert not page.locator("#unit-table").is_visible()
    page.context.close()


def test_hostile_question_renders_as_text(page):
    hostile = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2;alert(1)">谁负责绿色商场创建工作?'
    ask(page, hostile, "区文化和旅游局")
    time.sleep(1)
    assert page.evaluate("window.__pwned === undefined")
    assert page.dialogs == []
    assert page.locator("#chatbot img[src='x']").count() == 0
    assert "<img src=x" in page.locator("#chatbot").inner_text()  # shown as text


def test_concurrent_sessions_through_the_app_do_not_cross_talk(app_url):
    """A small run of bench/load.py in the suite: every answer right for its own conversation."""
    from bench.load import run

    result = run(app_url, sessions=4, questions=5)
    assert not result.errors and not result.wrong, result.wrong + result.errors
    assert len(result.latencies) == 20  # every answer arrived and was checked


@pytest.fixture(scope="module")
def library_url(library):
    demo, url = launch(library)
    yield url
    demo.close()


def test_library_tab_shows_each_documents_identity(browser, library_url, library):
    """Ten documents, five of them PDFs as published: title, issuer, 文号, date and level as the header states them."""
    page = open_page(browser, library_url, {"width": 1600, "height": 1200})
    tab(page, "文件库")
    table = page.locator("#docs-table")
    expect(table).to_contain_text("促进绿色消费实施方案", timeout=30000)
    shown = table.inner_text()
    assert len(library.documents()) == 10
    for record in library.documents():
        for value in (record.title, record.level, record.value("doc_no"), record.value("date"), *record.issuers[:1]):
            assert value in shown, (record.source, value)
    assert "山西省发展和改革委员会" in shown and "晋发改就业发〔2022〕197号" in shown and "区县" in shown
    page.screenshot(path=str(ARTIFACTS / "laptop-library.png"), full_page=True)
    page.context.close()
