"""The app in a real browser: Debian's Chromium driven by Playwright, against the app on a free port."""
from __future__ import annotations

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
GB_PLAN = """江西省碳达峰实施方案
一、重点任务
（一）能源绿色低碳转型行动
1.大力发展新能源。加快建设光伏电站，到2025年，全省光伏装机容量达到2000万千瓦以上。（省发展改革委牵头，省能源局等按职责分工负责）
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def app_url(assistant):
    import app

    demo = app.build(assistant)
    port = free_port()
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, share=False, css=app.CSS)
    yield f"http://127.0.0.1:{port}"
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


@pytest.fixture()
def page(browser, app_url, request):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.dialogs = dialogs
    page.goto(app_url, wait_until="load")
    page.get_by_text("示例问题").wait_for(timeout=30000)
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def ask(page, question: str, expect: str) -> None:
    page.locator("#question textarea").fill(question)
    page.locator("#send").click()
    page.locator("#chatbot").get_by_text(expect).last.wait_for(timeout=30000)
    time.sleep(0.5)  # the stream's last chunk


def last_answer(page) -> str:
    return page.locator("#chatbot .message.bot, #chatbot [data-testid='bot']").last.inner_text()


def test_owner_question_with_citation_opened(page):
    ask(page, "谁负责绿色商场创建工作?", "区文化和旅游局")
    text = last_answer(page)
    for unit in ["区商务局", "区发展改革委", "区科技局", "区金融局", "区文化和旅游局"]:
        assert unit in text
    assert "区住房建设委" not in text.split("引用条文")[0]
    page.locator("#cite-pick").get_by_text("第28行").click()
    highlighted = page.locator("#cite-text mark, #cite-text .textspan.hl, #cite-text [class*='hl']")
    highlighted.first.wait_for(timeout=10000)
    assert "力争绿色商场创建率达到50%以上" in highlighted.first.inner_text()
    assert "2.加速高端服务业发展" in page.locator("#cite-path").inner_text()


def test_follow_up_gets_the_2030_figure(page):
    ask(page, "绿色出行比例2025年的目标是多少?", "75%")
    ask(page, "那2030年呢?", "80%")
    assert "80%左右" in last_answer(page)


def test_owner_view_lists_both_tasks_and_exports_excel(page, tmp_path):
    page.get_by_role("tab", name="责任分工").click()
    box = page.locator("#unit-pick input")
    box.fill("区统计局")
    page.get_by_role("option", name="区统计局").first.click()
    table = page.locator("#unit-table")
    expect(table).to_contain_text("1.全面提升节能管理能力", timeout=15000)
    expect(table).to_contain_text("提升碳排放统计监测水平")
    page.locator("#export-xlsx").click()
    link = page.locator("#export-file a").first
    link.wait_for(timeout=15000)
    with page.expect_download() as download:
        link.click()
    path = tmp_path / "matrix.xlsx"
    download.value.save_as(path)
    sheet = openpyxl.load_workbook(path).active
    header = [c.value for c in sheet[1]]
    column = header.index("区统计局")
    roles = [row[column] for row in sheet.iter_rows(min_row=2, values_only=True) if row[column]]
    assert len(roles) == 2 and "列于首位" in roles


def test_upload_ask_and_delete_a_plan(page, tmp_path, assistant):
    path = tmp_path / "jiangxi-carbon-peak-plan.txt"
    path.write_bytes(GB_PLAN.encode("gb18030"))
    page.get_by_role("tab", name="文件库").click()
    page.locator("#upload input[type=file]").set_input_files(str(path))
    page.locator("#upload").get_by_text("jiangxi-carbon-peak-plan.txt").first.wait_for(timeout=15000)
    page.locator("#ingest").click()
    page.locator("#library-note").get_by_text("已入库").wait_for(timeout=60000)
    assert "1 项任务" in page.locator("#library-note").inner_text()
    page.get_by_role("tab", name="对话").click()
    ask(page, "江西方案中大力发展新能源由哪些部门负责?", "省能源局")
    assert "省发展改革委" in last_answer(page)

    page.get_by_role("tab", name="文件库").click()
    page.locator("#delete-pick input").fill("江西")
    page.get_by_role("option", name="江西省碳达峰实施方案（jiangxi-carbon-peak-plan.txt）").click()
    page.locator("#delete").click()
    page.locator("#library-note").get_by_text("已删除").wait_for(timeout=30000)
    page.get_by_role("tab", name="对话").click()
    page.locator("#clear").click()
    ask(page, "江西方案中大力发展新能源由哪些部门负责?", "引用条文")
    assert "省能源局" not in last_answer(page).split("引用条文")[0]
    assert "jiangxi-carbon-peak-plan.txt" not in assistant.library.docs


def test_hostile_question_renders_as_text(page):
    hostile = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2;alert(1)">谁负责绿色商场创建工作?'
    ask(page, hostile, "区文化和旅游局")
    time.sleep(1)
    assert page.evaluate("window.__pwned === undefined")
    assert page.dialogs == []
    assert page.locator("#chatbot img[src='x']").count() == 0
    assert "<img src=x" in page.locator("#chatbot").inner_text()  # shown as text


def test_targets_table_chart_and_outline(page):
    page.get_by_role("tab", name="目标指标").click()
    table = page.locator("#targets-table")
    expect(table).to_contain_text("绿色商场创建率", timeout=15000)
    page.locator("#targets-unit input").fill("区教育局")
    page.get_by_role("option", name="区教育局").first.click()
    expect(table).to_contain_text("80%左右", timeout=15000)
    expect(table).not_to_contain_text("绿色商场创建率")
    expect(page.locator("#targets-chart img, #targets-chart svg").first).to_be_visible(timeout=15000)
    page.get_by_role("tab", name="方案导读").click()
    tree = page.locator("#outline-tree")
    expect(tree.get_by_text("(八)试点有序推动碳达峰行动").first).to_be_visible(timeout=15000)
    tree.get_by_text("(一)产业绿色转型行动").first.click()
    task = tree.get_by_text("2.加速高端服务业发展").first
    expect(task).to_be_visible()
    task.click()
    expect(tree.locator("strong:visible", has_text="区文化和旅游局").first).to_be_visible()


def test_concurrent_sessions_through_the_app_do_not_cross_talk(app_url):
    """A small run of bench/load.py in the suite: every answer right for its own conversation."""
    from bench.load import run

    result = run(app_url, sessions=4, questions=5)
    assert not result.errors and not result.wrong, result.wrong + result.errors
    assert len(result.latencies) == 20  # every answer arrived and was checked


@pytest.fixture(scope="module")
def library_url(library):
    import app

    demo = app.build(library)
    port = free_port()
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, share=False, css=app.CSS)
    yield f"http://127.0.0.1:{port}"
    demo.close()


def test_library_tab_shows_each_documents_identity(browser, library_url, library):
    """Ten documents, five of them PDFs as published: title, issuer, 文号, date and level as the header states them."""
    context = browser.new_context(viewport={"width": 1600, "height": 1200})
    page = context.new_page()
    page.goto(library_url, wait_until="load")
    page.get_by_role("tab", name="文件库").click()
    table = page.locator("#docs-table")
    expect(table).to_contain_text("促进绿色消费实施方案", timeout=30000)
    shown = table.inner_text()
    assert len(library.documents()) == 10
    for record in library.documents():
        for value in (record.title, record.level, record.value("doc_no"), record.value("date"), *record.issuers[:1]):
            assert value in shown, (record.source, value)
    assert "山西省发展和改革委员会" in shown and "晋发改就业发〔2022〕197号" in shown and "区县" in shown
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "library-tab.png"), full_page=True)
    context.close()
