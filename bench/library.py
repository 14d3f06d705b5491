"""The library run: real government PDFs at 25 / 50 / 100 / all documents, today's code beside the code before it.

For each size, both versions ingest the same files (the library grows by
adding files, as an office's does), then answer warm every standalone question
of the dev set and of the tuning bank tune2 (every kind and register, English
included; each new to the process), and answer once cold from a fresh process.
At the full size both apps serve, one colleague asks the same questions
through the API one by one, and bench/load.py drives 20 and 40 colleagues (5
questions each, 1-3 s apart).
The code before is the commit given by --before (checked out into a git
worktree for this run only). Figures go to bench/results/library.md and
library.png; nothing is asserted. It takes long on two cores: not part of
./scripts/test. The code before imports rank_bm25, which today's code no
longer needs: `.venv/bin/pip install rank-bm25` first.

    .venv/bin/python bench/library.py [--sizes 25,50,100,0] [--before 2f0e0ec] [--no-before]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from bench.load import Colleague, run as load_run, start_app  # noqa: E402

LIBRARY = ROOT.parent / "shared" / "library"
DEV = ROOT.parent / "shared" / "eval" / "dev.jsonl"
BANK = ROOT / "tests" / "data" / "bank"
RESULTS = ROOT / "bench" / "results"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


class Version:
    """One version of the code: where it lives, how its CLI is called, its own data and corpus folders."""

    def __init__(self, name: str, root: Path, work: Path, env: dict[str, str]) -> None:
        self.name, self.root = name, root
        self.data, self.corpus = work / name / "data", work / name / "corpus"
        self.corpus.mkdir(parents=True)
        self.env = dict(os.environ, POLICYQA_DATA_DIR=str(self.data), POLICYQA_CORPUS_DIR=str(self.corpus),
                        PYTHONPATH=str(root), **env)
        self.module = "cli" if (root / "cli.py").exists() else "retrieval.cli"

    def cli(self, *args: str, stdin: str | None = None) -> tuple[float, int, subprocess.CompletedProcess]:
        """(seconds, peak RSS in MB, the process) of one CLI command."""
        start = time.perf_counter()
        proc = subprocess.run(["/usr/bin/time", "-f", "%M", sys.executable, "-m", self.module, *args], cwd=self.root,
                              env=self.env, input=stdin, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        peak = int(proc.stderr.strip().splitlines()[-1]) // 1024 if proc.stderr.strip() else 0
        return elapsed, peak, proc

    def warm(self, questions: list[str]) -> tuple[list[float], int, int, float]:
        """The seconds of each answer in one process that has answered once already; its memory (MB); the
        chunks indexed; then the seconds of an unchanged re-ingest in that process (the app's 重新导入)."""
        code = ("import json,sys,time\nfrom ingest.settings import Settings\nfrom retrieval.assistant import Assistant\n"
                "a=Assistant(Settings.from_env());first,qs=json.load(sys.stdin);[a.ask(q) for q in first];t=[]\n"
                "for q in qs:\n s=time.perf_counter();a.ask(q);t.append(time.perf_counter()-s)\n"
                "rss=int(open('/proc/self/status').read().split('VmRSS:')[1].split()[0])//1024\n"
                "s=time.perf_counter();a.sync();sync=time.perf_counter()-s\n"
                "print(json.dumps([t,rss,a.index.collection.count(),sync]))")
        proc = subprocess.run([sys.executable, "-c", code], cwd=self.root, env=self.env, input=json.dumps([warm_up(questions), questions]),
                              capture_output=True, text=True)
        times, rss, chunks, sync_s = json.loads(proc.stdout.strip().splitlines()[-1])
        return times, rss, chunks, sync_s


def standalone_questions(paths: list[Path]) -> list[str]:
    """Every question that stands alone (a conversation's first turn): the dev set's kinds, and a tuning bank's
    registers (colloquial, combined, lists, English), so the warm figures are not only of one kind of question."""
    out = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                out.append(item.get("turns", [item])[0]["q"])
    return out


def latency(times: list[float], dev: int) -> dict[str, float]:
    """p50 and p95 in ms of the dev questions (the first `dev` answers) and of all."""
    out = {}
    for name, part in (("", times[:dev]), ("_all", times)):
        out[f"p50{name}_ms"], out[f"p95{name}_ms"] = statistics.median(part) * 1000, percentile(part, 0.95) * 1000
    return out


def warm_up(questions: list[str]) -> list[str]:
    """The first question in Chinese and the first in English: the app's start-up asks both (the English
    dictionary loads on the first English question)."""
    return [questions[0], next((q for q in questions if q.isascii()), questions[0])]


def du_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="25,50,100,0", help="library PDFs per step; 0 means all")
    parser.add_argument("--before", default="2f0e0ec", help="the commit to compare with")
    parser.add_argument("--no-before", action="store_true")
    args = parser.parse_args()
    pdfs = sorted(LIBRARY.glob("*.pdf"))
    sizes = [s or len(pdfs) for s in (int(x) for x in args.sizes.split(","))]
    dev = len(standalone_questions([DEV]))
    questions = standalone_questions([DEV, *sorted(BANK.glob("tune2-*.jsonl"))])
    work = Path(tempfile.mkdtemp(prefix="policyqa-library-"))
    versions = [Version("today", ROOT, work, {})]
    if not args.no_before:
        tree = work / "before-tree"
        subprocess.run(["git", "worktree", "add", "--detach", str(tree), args.before], cwd=ROOT, check=True,
                       capture_output=True)
        converted = ROOT / "data" / "models" / "multilingual-e5-small"
        if not converted.exists():
            from ingest.storage.model_convert import convert

            convert(converted)
        versions.append(Version("before", tree, work, {"POLICYQA_EMBED_MODEL": str(converted)}))
    rows = []
    for version in versions:
        for name in (ROOT / "corpus").glob("*.txt"):
            shutil.copy(name, version.corpus / name.name)
    try:
        for size in sizes:
            for version in versions:
                for pdf in pdfs[:size]:
                    if not (version.corpus / pdf.name).exists():
                        shutil.copy(pdf, version.corpus / pdf.name)
                ingest_s, ingest_mb, proc = version.cli("ingest")
                unchanged_s, _, _ = version.cli("ingest")
                extra = work / "one-more-plan.txt"
                extra.write_text((ROOT / "corpus" / "shanghai-carbon-peak-plan.txt").read_text(encoding="utf-8")
                                 .replace("上海市碳达峰实施方案", f"某市碳达峰实施方案（第{size}号）"), encoding="utf-8")
                one_more_s, _, _ = version.cli("ingest", str(extra))
                (version.corpus / extra.name).unlink(missing_ok=True)
                version.cli("ingest")  # back to the library as it was
                times, serving_mb, chunks, in_app_s = version.warm(questions)
                env = dict(version.env, POLICYQA_PORT="1")  # no app on port 1: the ask loads what it needs itself
                start = time.perf_counter()
                cold = subprocess.run([sys.executable, "-m", version.module, "ask", questions[0]], cwd=version.root,
                                      env=env, capture_output=True, text=True)
                cold_s = time.perf_counter() - start
                rows.append({"version": version.name, "documents": size + 5, "chunks": chunks, "ingest_s": ingest_s,
                             "ingest_peak_mb": ingest_mb, "unchanged_s": unchanged_s, "in_app_s": in_app_s,
                             "one_more_s": one_more_s, "index_mb": du_mb(version.data / "chroma"),
                             "serving_mb": serving_mb, **latency(times, dev), "cold_ask_s": cold_s,
                             "ok": proc.returncode in (0, 1) and cold.returncode == 0})
                print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
        loads = []
        for version in versions:
            process, url = start_app(dict(version.env, PYTHONPATH=str(version.root)), cwd=version.root,
                                     module=version.module)
            try:
                api, failed, colleague = [], 0, Colleague(url)
                for question in warm_up(questions):  # the colleague has asked before, as the warm figures' process has
                    colleague.ask(question, [])
                for question in questions:
                    start = time.perf_counter()
                    try:
                        colleague.ask(question, [])
                    except (httpx.HTTPError, KeyError, IndexError, ValueError):
                        failed += 1
                    api.append(time.perf_counter() - start)
                colleague.close()
                loads.append({"version": version.name, "users": 1, "answers": len(api), "errors": failed, "wrong": 0,
                              **latency(api, dev)})
                print(json.dumps(loads[-1], ensure_ascii=False), flush=True)
                for users in (20, 40):
                    result = load_run(url, users, 5, (1.0, 3.0))
                    lat = sorted(result.latencies)
                    loads.append({"version": version.name, "users": users, "answers": len(lat),
                                  "errors": len(result.errors), "wrong": len(result.wrong),
                                  "p50_ms": statistics.median(lat) * 1000 if lat else 0,
                                  "p95_ms": percentile(lat, 0.95) * 1000 if lat else 0})
                    print(json.dumps(loads[-1], ensure_ascii=False), flush=True)
            finally:
                process.terminate()
                process.wait(60)
        write(rows, loads, args.before, dev, len(questions))
    finally:
        if not args.no_before:
            subprocess.run(["git", "worktree", "remove", "--force", str(work / "before-tree")], cwd=ROOT,
                           capture_output=True)
        shutil.rmtree(work, ignore_errors=True)
    return 0


def write(rows: list[dict], loads: list[dict], before: str, dev: int, asked: int) -> None:
    lines = ["# The library run", "",
             f"Real PDFs from shared/library/ plus corpus/, on {subprocess.getoutput('nproc')} cores, in one run; "
             f"'before' is commit {before}, measured beside today's code. Warm figures, each question new to the process: "
             f"the {dev} dev questions, then all {asked} (every standalone question of the dev set and of the tuning bank "
             "tune2: lists, combined, colloquial, English).", "",
             "| version | documents | chunks | ingest of the new files | its peak memory | unchanged re-ingest: CLI / in the app | one more plan "
             "| index | serving memory | warm p50 / p95, dev | warm p50 / p95, all | cold `ask` |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        lines.append(f"| {r['version']} | {r['documents']} | {r['chunks']} | {r['ingest_s']:.0f} s | {r['ingest_peak_mb']} MB | "
                     f"{r['unchanged_s']:.2f} s / {r['in_app_s']:.2f} s | {r['one_more_s']:.1f} s | {r['index_mb']:.0f} MB | "
                     f"{r['serving_mb']} MB | {r['p50_ms']:.0f} / {r['p95_ms']:.0f} ms | "
                     f"{r['p50_all_ms']:.0f} / {r['p95_all_ms']:.0f} ms | {r['cold_ask_s']:.1f} s |")
    lines += ["", "Through the app's /answer API: one colleague asking the same questions one after another (1: p50 "
              "and p95 of the dev questions, then of all), then 20 and 40 at once, each asking 5 questions 1-3 s apart:", "",
              "| version | colleagues | answers | errors | wrong | p50 | p95 | p50 / p95, all questions |",
              "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    lines += [f"| {r['version']} | {r['users']} | {r['answers']} | {r['errors']} | {r['wrong']} | {r['p50_ms']:.0f} ms | "
              f"{r['p95_ms']:.0f} ms | " + (f"{r['p50_all_ms']:.0f} / {r['p95_all_ms']:.0f} ms |" if "p50_all_ms" in r else "- |")
              for r in loads]
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "library.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    for name in sorted({r["version"] for r in rows}):
        mine = [r for r in rows if r["version"] == name]
        docs = [r["documents"] for r in mine]
        left.plot(docs, [r["serving_mb"] for r in mine], "o-", label=f"{name}: serving memory")
        right.plot(docs, [r["p95_ms"] for r in mine], "o-", label=f"{name}: warm p95")
    left.set_xlabel("documents")
    left.set_ylabel("MB")
    left.legend()
    right.set_xlabel("documents")
    right.set_ylabel("ms")
    right.legend()
    fig.tight_layout()
    fig.savefig(RESULTS / "library.png", dpi=110)
    print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
