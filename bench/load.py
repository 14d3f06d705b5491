"""Load test: concurrent chat sessions through the running app's /answer API.

Every session asks a mix of question kinds with follow-ups; each answer is
checked against what its own conversation should give (no cross-talk), and
latency percentiles and throughput are printed. Not a timed unit test: the
figures are reported, not asserted.

Each colleague keeps one HTTP connection and one Gradio session open, as a
browser does, and posts the question with its conversation (the JSON
`policyqa ask` sends) and its session. Without a session Gradio builds a new
one, copying the configuration of every component of every tab, for each
request: 10 ms of a 40 ms answer on the 126-document library. The load
runs on the same two cores as the app, so the client must cost little:
gradio_client builds a new HTTPS client for every request, 49 ms of CPU per
answer (measured), and 20 of them queued the app behind its own load
generator (p95 1.2 s where the app answered in 0.4 s).

    .venv/bin/python bench/load.py                 # starts `policyqa serve` itself, 20 sessions x 10 questions
    .venv/bin/python bench/load.py --url http://127.0.0.1:7860 --sessions 20 --questions 5 --think 1-3

The app runs in its own process (started here when no --url is given), so the
clients' threads do not share its interpreter.
"""
from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# (question, check on the answer JSON); follow-ups depend on the turn before them in the same session
SCRIPT: list[tuple[str, callable]] = [
    ("谁负责绿色商场创建工作?", lambda a: a["departments"][:2] == ["区商务局", "区发展改革委"]),
    ("那2030年呢?", lambda a: True),
    ("绿色出行比例2025年的目标是多少?", lambda a: "75%" in a["answer"]),
    ("那2030年呢?", lambda a: "80%" in a["answer"]),
    ("这项工作由哪些部门负责?", lambda a: "区教育局" in a["departments"]),
    ("区统计局负责哪些任务?", lambda a: a["departments"] == ["区统计局"]),
    ("建成区绿地率2025年目标是多少?", lambda a: "35%" in a["answer"]),
    ("这项工作由哪些部门负责?", lambda a: "市规划资源局南开分局" in a["departments"]),
    ("这个实施方案的文号是什么?", lambda a: "南开政发〔2022〕10号" in a["answer"]),
    ("谁负责南开区的海洋渔业碳汇?", lambda a: a["found"] is False and not a["departments"]),
]


@dataclass
class Result:
    expected: int = 0
    latencies: list[float] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class Colleague:
    """One person at the app: one open connection and one session, as a browser keeps them."""

    def __init__(self, url: str) -> None:
        import httpx

        self.client = httpx.Client(base_url=url, timeout=120)
        self.session = uuid.uuid4().hex

    def ask(self, question: str, history: list[list[str]]) -> dict:
        """The answer's JSON; raises httpx.HTTPError, or KeyError/IndexError/ValueError on a malformed reply."""
        response = self.client.post("/gradio_api/run/answer",
                                    json={"data": [question, history], "session_hash": self.session})
        response.raise_for_status()
        return response.json()["data"][0]

    def close(self) -> None:
        self.client.close()


def session(url: str, n: int, offset: int, result: Result, lock: threading.Lock, think: tuple[float, float],
            ready: threading.Barrier) -> None:
    """One colleague: the connection is open before anybody asks."""
    import httpx

    colleague = Colleague(url)
    ready.wait()
    history: list[list[str]] = []
    for i in range(n):
        if i and think[1] > 0:
            time.sleep(random.uniform(*think))  # a person reads the answer before asking on
        question, check = SCRIPT[(offset + i) % len(SCRIPT)]
        if i == 0 and question.startswith(("那", "这项")):
            question, check = SCRIPT[0]
        start = time.perf_counter()
        try:
            answer = colleague.ask(question, history)
        except (httpx.HTTPError, ValueError, KeyError, IndexError) as exc:  # counted, reported
            with lock:
                result.errors.append(f"{question}: {exc}")
            continue
        elapsed = time.perf_counter() - start
        try:
            ok = bool(check(answer))
        except (KeyError, TypeError, IndexError) as exc:
            ok, answer = False, {"answer": f"malformed answer {answer!r:.80}: {exc}"}
        with lock:
            result.latencies.append(elapsed)
            if not ok:
                result.wrong.append(f"{question} -> {answer['answer'][:60]}")
        history.append([question, answer["answer"]])
    colleague.close()


def run(url: str, sessions: int, questions: int, think: tuple[float, float] = (0.0, 0.0)) -> Result:
    result, lock, ready = Result(), threading.Lock(), threading.Barrier(sessions + 1)
    threads = [threading.Thread(target=session, args=(url, questions, 2 * k, result, lock, think, ready))
               for k in range(sessions)]
    for t in threads:
        t.start()
    ready.wait()
    start = time.perf_counter()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    lat = sorted(result.latencies)
    if lat:
        p50, p95 = statistics.median(lat), lat[min(len(lat) - 1, int(0.95 * len(lat)))]
        print(f"sessions={sessions} questions/session={questions} answers={len(lat)} wrong={len(result.wrong)} "
              f"errors={len(result.errors)}")
        print(f"latency p50={p50 * 1000:.0f} ms p95={p95 * 1000:.0f} ms  throughput={len(lat) / wall:.1f} answers/s "
              f"wall={wall:.1f} s")
    for line in result.wrong[:10] + result.errors[:10]:
        print("  !", line)
    result.expected = sessions * questions
    return result


def start_app(env: dict[str, str] | None = None, cwd: Path | None = None, module: str = "cli",
              ) -> tuple[subprocess.Popen, str]:
    """`policyqa serve` on a free port, in its own process; returns when it answers."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    root = cwd or Path(__file__).resolve().parents[1]
    process = subprocess.Popen([sys.executable, "-m", module, "serve", "--port", str(port)], cwd=root,
                               env=dict(env or os.environ), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            urllib.request.urlopen(url, timeout=1).read(64)
            return process, url
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise RuntimeError("the app did not start")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--think", default="0-0", help="seconds between a session's questions, e.g. 1-3")
    args = parser.parse_args()
    think = tuple(float(x) for x in args.think.split("-"))
    process, url = (None, args.url) if args.url else start_app()
    try:
        result = run(url, args.sessions, args.questions, think)
    finally:
        if process is not None:
            process.terminate()
            process.wait(30)
    complete = len(result.latencies) == result.expected
    return 0 if complete and not result.wrong and not result.errors else 1


if __name__ == "__main__":
    sys.exit(main())
