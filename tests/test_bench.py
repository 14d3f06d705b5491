"""A smoke run of the benchmark (tiny sizes): it must run end to end on a fresh clone and write its table."""
from __future__ import annotations

import subprocess
import sys

from ingest.settings import PROJECT_ROOT
from tests.conftest import SHARED_EVAL, cli_env

import pytest


def test_benchmark_smoke_run(settings, tmp_path):
    if not (SHARED_EVAL / "dev.jsonl").exists():
        pytest.skip("shared/eval is not beside this checkout")
    env = cli_env(settings)
    env.pop("POLICYQA_DATA_DIR")
    env.pop("POLICYQA_CORPUS_DIR")
    proc = subprocess.run([sys.executable, "bench/run.py", "--sizes", "1,2", "--quick"], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=1800)
    assert proc.returncode == 0, proc.stderr[-3000:]
    table = (PROJECT_ROOT / "bench" / "results" / "results-quick.md").read_text(encoding="utf-8")
    for heading in ("Accuracy on the dev set", "Retrieval of the gold clause", "Speed and memory", "Growth"):
        assert heading in table
    assert "| x2 |" in table and (PROJECT_ROOT / "bench" / "results" / "results-quick.png").exists()
