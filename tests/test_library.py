"""A library of real plans: the five text files plus five PDFs as published, answered through `policyqa batch`.

The question sets in tests/data/library/ were written apart from the code
(see check_sets.py there); each PDF's gold lines refer to its text layer, kept
as a .txt of the same name, and score.py reads the PDFs themselves (--sources)
to check that every quote is verbatim.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from ingest.settings import PROJECT_ROOT, Settings
from tests.conftest import DATA, SHARED_EVAL, cli_env

SETS = DATA / "library"


def score(settings: Settings, question_set, corpus_file) -> dict:
    proc = subprocess.run(
        [sys.executable, str(SHARED_EVAL / "score.py"), str(question_set), str(corpus_file), "--sources",
         str(settings.corpus_dir), "--cmd", f"{sys.executable} -m cli batch", "--json", "--show"],
        capture_output=True, text=True, env=cli_env(settings), cwd=PROJECT_ROOT, timeout=900,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1]) | {"misses": proc.stderr}


@pytest.mark.parametrize("question_set", sorted(SETS.glob("*.jsonl")), ids=lambda p: p.stem)
def test_library_question_sets(library_settings, question_set):
    gold = SETS / f"{question_set.stem}.txt"
    corpus_file = gold if gold.exists() else library_settings.corpus_dir / "nankai-carbon-peak-plan.txt"
    result = score(library_settings, question_set, corpus_file)
    assert result["passed"] == result["total"], result["misses"]
    assert result["foreign_department_answers"] == 0 and result["faithful_mean"] == 1.0


def test_the_library_tab_records(library):
    by_source = {d.source: d for d in library.documents()}
    shanxi = by_source["shanxi-green-consumption-plan.pdf"]
    assert shanxi.title == "促进绿色消费实施方案" and shanxi.level == "省" and shanxi.place[0] == "山西省"
    assert len(shanxi.issuers) == 6 and shanxi.value("doc_no") == "晋发改就业发〔2022〕197号"
    assert by_source["nankai-carbon-peak-plan.txt"].level == "区县"
    assert by_source["state-council-14th-fyp-energy-saving-emission-reduction-plan.pdf"].level == "国家"


def test_a_named_place_never_gets_another_places_departments(library):
    """Tianjin's city plan owns 天津港; the district plan's units must never answer for it."""
    nankai = {u for c in library.library.docs["nankai-carbon-peak-plan.txt"].chunks for u in c.owners}
    for q in ["天津市的方案里，天津港的装卸环节升级改造由谁负责？", "天津港集团负责哪些任务？", "天津市谁负责绿色商场创建？"]:
        a = library.ask(q)
        assert a.found and not set(a.departments) & nankai, (q, a.departments)
        assert all(c.source != "nankai-carbon-peak-plan.txt" for c in a.citations), q
    missing = library.ask("广州市谁负责绿色商场创建？")
    assert missing.found is False and missing.departments == [] and "广州" in missing.answer


def test_reverse_lists_every_task_across_the_library_grouped_by_document(library):
    a = library.ask("市发展改革委负责哪些任务？")
    sources = [c.source for c in a.citations]
    assert {"shanghai-carbon-peak-plan.txt", "tianjin-green-low-carbon-circular-economy-plan.pdf",
            "liaoyuan-green-low-carbon-circular-economy-plan.pdf"} <= set(sources)
    assert sources == sorted(sources, key=sources.index)  # each document's tasks together
    assert all("市发展改革委" in c.quote for c in a.citations)  # each cites the unit in the task's annotation
    tianjin = library.library.docs["tianjin-green-low-carbon-circular-economy-plan.pdf"]
    assert f"《{tianjin.title}》中列为责任单位的任务共 {sum('市发展改革委' in t.owners for t in tianjin.tasks())} 项" in a.answer


def test_level_prefix_and_bracketed_sub_units_are_understood(library):
    shanxi = library.ask("山西省工业和信息化厅负责哪些任务？")
    assert shanxi.found and shanxi.departments, shanxi.answer
