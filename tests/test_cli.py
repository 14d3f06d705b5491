"""The `policyqa` console commands, run as a user runs them."""
from __future__ import annotations

import json

from tests.conftest import run_cli

GB_PLAN = """江西省碳达峰实施方案
一、重点任务
（一）能源绿色低碳转型行动
1.大力发展新能源。加快建设光伏电站，到2025年，全省光伏装机容量达到2000万千瓦以上。（省发展改革委牵头，省能源局等按职责分工负责）
2.推进赣江水电开发。有序推进水电站扩容改造。（省能源局、省水利厅按职责分工负责）
"""


def test_ask_prints_units_section_and_citation(assistant, settings):
    out = run_cli(settings, "ask", "谁负责绿色商场创建工作?")
    assert out.returncode == 0, out.stderr
    assert "区商务局" in out.stdout and "2.加速高端服务业发展" in out.stdout and "[1]" in out.stdout


def test_batch_keeps_order_and_speaks_json(assistant, settings):
    lines = [json.dumps({"id": f"q{i}", "q": q, "history": []}, ensure_ascii=False)
             for i, q in enumerate(["这个实施方案的文号是什么?", "区统计局负责哪些任务?", "", "{bad"])]
    out = run_cli(settings, "batch", stdin="\n".join(lines[:3]) + "\n")
    answers = [json.loads(l) for l in out.stdout.splitlines()]
    assert [a["id"] for a in answers] == ["q0", "q1", "q2"]
    assert "南开政发〔2022〕10号" in answers[0]["answer"] and answers[2]["found"] is False


def test_ingest_a_new_plan_in_gb18030(assistant, settings, tmp_path):
    path = tmp_path / "jiangxi-carbon-peak-plan.txt"
    path.write_bytes(GB_PLAN.replace("\n", "\r\n").encode("gb18030"))
    out = run_cli(settings, "ingest", str(path))
    assert out.returncode == 0 and "已入库" in out.stdout and "2 项任务" in out.stdout, out.stdout + out.stderr
    asked = run_cli(settings, "ask", "--json", "江西方案中大力发展新能源由哪些部门负责?")
    answer = json.loads(asked.stdout)
    assert answer["departments"] == ["省发展改革委", "省能源局"]
    assert "省发展改革委**（牵头）" in answer["answer"]
    assert answer["citations"][0]["source"] == "jiangxi-carbon-peak-plan.txt"
    assistant.reload()
    assert "jiangxi-carbon-peak-plan.txt" in assistant.library.docs
    assistant.remove("jiangxi-carbon-peak-plan.txt")
    assert "jiangxi-carbon-peak-plan.txt" not in assistant.library.docs


def test_an_unchanged_corpus_is_reingested_without_opening_the_store(assistant, settings):
    first = run_cli(settings, "ingest")
    assert first.returncode == 0, first.stderr
    again = run_cli(settings, "ingest")
    assert again.returncode == 0 and "无需更新" in again.stderr, again.stderr
    assert again.stdout.splitlines() == [f"{p.name}：未变化" for p in sorted(settings.corpus_dir.glob("*.txt"))]
