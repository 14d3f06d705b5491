"""Fit the evidence model (retrieval/search/evidence.py) on labelled answerable and unanswerable questions.

    POLICYQA_CORPUS_DIR=<corpus/ plus shared/corpus-extra/*.pdf> .venv/bin/python bench/calibrate.py [--sets GLOB ...] [--check GLOB ...]

For every question of the fitting sets, the best candidate clause the
assistant would answer from is described by the evidence measures; a logistic
regression (numpy, L2) separates the questions the corpus answers from the
refusals. It prints the weights to copy into evidence.WEIGHTS and the
false-refusal and false-answer rates on the fitting sets and on the check
sets (the held-out bank), so the threshold is chosen on one and judged on the other.
"""
from __future__ import annotations

import argparse
import glob
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest.settings import PROJECT_ROOT, Settings  # noqa: E402
from retrieval.assistant import Assistant, clean_question  # noqa: E402
from retrieval.search.evidence import NAMES, WEIGHTS  # noqa: E402
from retrieval.questions.kinds import Kind  # noqa: E402



def questions(patterns: list[str]) -> list[tuple[str, bool, str]]:
    """(question, answerable, the document that answers it) for every standalone item of the sets."""
    out = []
    for pattern in patterns:
        for path in sorted(glob.glob(str(PROJECT_ROOT / pattern))):
            for line in Path(path).read_text(encoding="utf-8").splitlines():
                if not line.strip():
                    continue
                item = json.loads(line)
                first = item["turns"][0] if item.get("kind") == "chat" else item
                if first["kind"] in ("meta", "overview", "reverse"):
                    continue
                out.append((first["q"], first["kind"] != "refuse", item.get("doc") or _doc_of(path)))
    return out


def _doc_of(path: str) -> str:
    name = Path(path).stem
    return ("nankai-carbon-peak-plan" if name in ("paraphrase", "dev") else name.split("-", 1)[-1]) + ".txt"


def features(assistant: Assistant, question: str, answerable: bool, doc: str) -> list[float] | None:
    """The evidence the decision sees: for an answerable question, the best candidate in the document that
    answers it; for a refusal, the strongest candidate anywhere in the question's scope."""
    composer = assistant.composer
    q = assistant.reader.analyse(clean_question(question), [])
    if q.scope.missing or not q.sources or q.kind in (Kind.META, Kind.LIST, Kind.REVERSE):
        return None
    groups = [[doc]] if answerable and doc in q.sources else composer._groups(q, q.sources[0])
    best = None
    for group in groups:
        if q.kind is Kind.TARGET:
            found = composer.target_candidates(q, group) or composer.candidates(q, group)
        else:
            found = composer.candidates(q, group, owners=q.kind is Kind.OWNER)
        if found and (best is None or found[0].evidence.probability > best.probability):
            best = found[0].evidence
    return best.features() if best else [0.0] * len(NAMES)


def fit(x: np.ndarray, y: np.ndarray, l2: float = 0.002, steps: int = 60000, rate: float = 0.5) -> np.ndarray:
    w = np.zeros(x.shape[1] + 1)
    xb = np.hstack([np.ones((len(x), 1)), x])
    pos = max(y.mean(), 1e-6)
    weight = np.where(y == 1, 0.5 / pos, 0.5 / max(1 - pos, 1e-6))  # both error kinds count alike
    for _ in range(steps):
        p = 1 / (1 + np.exp(-xb @ w))
        grad = xb.T @ ((p - y) * weight) / len(y) + l2 * np.r_[0, w[1:]]
        w -= rate * grad
        w[1:] = np.maximum(w[1:], 0.0)  # every measure is evidence for answering, never against
    return w


def rates(w: np.ndarray, x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    p = 1 / (1 + np.exp(-(w[0] + x @ w[1:])))
    answered = p >= 0.5
    false_refusal = float(((~answered) & (y == 1)).sum() / max((y == 1).sum(), 1))
    false_answer = float((answered & (y == 0)).sum() / max((y == 0).sum(), 1))
    return false_refusal, false_answer


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sets", nargs="*", default=["tests/data/bank/tune-*.jsonl", "tests/data/bank/tune2-*.jsonl",
                                                      "tests/data/bank/tune3-*.jsonl", "tests/data/paraphrase.jsonl",
                                                      "tests/data/shanghai.jsonl", "tests/data/library/*.jsonl"])
    parser.add_argument("--check", nargs="*", default=["tests/data/bank/heldout-*.jsonl"])
    args = parser.parse_args()
    assistant = Assistant(Settings.from_env())

    def table(patterns: list[str]) -> tuple[np.ndarray, np.ndarray]:
        rows, labels = [], []
        for question, answerable, doc in questions(patterns):
            f = features(assistant, question, answerable, doc)
            if f is not None:
                rows.append(f)
                labels.append(1.0 if answerable else 0.0)
        return np.array(rows), np.array(labels)

    x, y = table(args.sets)
    w = fit(x, y)
    current = np.array([WEIGHTS["bias"], *(WEIGHTS[n] for n in NAMES)])
    print(f"fitted on {len(y)} questions ({int(y.sum())} answerable, {int(len(y) - y.sum())} not)")
    print("WEIGHTS =", json.dumps({"bias": round(w[0], 2), **{n: round(v, 2) for n, v in zip(NAMES, w[1:])}}))
    print("fit:     false refusals %.3f, false answers %.3f (current weights: %.3f, %.3f)" % (*rates(w, x, y), *rates(current, x, y)))
    if args.check:
        xc, yc = table(args.check)
        print("held out (%d): false refusals %.3f, false answers %.3f (current weights: %.3f, %.3f)"
              % (len(yc), *rates(w, xc, yc), *rates(current, xc, yc)))


if __name__ == "__main__":
    main()
