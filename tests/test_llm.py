"""LLM answers through the real client path (LangChain -> HTTP -> streaming) against a scripted server."""
from __future__ import annotations

import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from retrieval.answers.llm import LLMAnswerer, LLMSettings
from tests.conftest import SHARED_EVAL, cli_env
from tests.test_browser import free_port

GOOD = "绿色商场创建由区商务局等五个单位负责，目标是到2025年大型商场绿色商场创建率达到50%以上 [1]。"


class Scripted(BaseHTTPRequestHandler):
    """An OpenAI-compatible /v1/chat/completions whose reply each test sets."""

    reply: str | None = GOOD
    status = 200
    delay = 0.0
    requests: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        Scripted.requests.append(body)
        time.sleep(Scripted.delay)
        if Scripted.status != 200:
            self.send_response(Scripted.status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"error": {"message": "scripted failure"}}')
            return
        text = Scripted.reply(body) if callable(Scripted.reply) else Scripted.reply
        if body.get("stream"):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            for i in range(0, len(text), 8):
                chunk = {"id": "c", "object": "chat.completion.chunk", "created": 0, "model": "m",
                         "choices": [{"index": 0, "delta": {"content": text[i:i + 8]}, "finish_reason": None}]}
                self.wfile.write(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode())
            done = {"id": "c", "object": "chat.completion.chunk", "created": 0, "model": "m",
                    "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
            self.wfile.write(f"data: {json.dumps(done)}\n\ndata: [DONE]\n\n".encode())
            return
        out = {"id": "c", "object": "chat.completion", "created": 0, "model": "m",
               "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
               "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}
        payload = json.dumps(out, ensure_ascii=False).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def server():
    port = free_port()
    httpd = ThreadingHTTPServer(("127.0.0.1", port), Scripted)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{port}/v1"
    httpd.shutdown()


@pytest.fixture()
def llm(server, assistant):
    Scripted.reply, Scripted.status, Scripted.delay, Scripted.requests = GOOD, 200, 0.0, []
    return LLMAnswerer(LLMSettings(server, "scripted", "key", timeout=2.0), lambda: assistant.library)


QUESTION = "谁负责绿色商场创建工作?"
UNITS = ["区商务局", "区发展改革委", "区科技局", "区金融局", "区文化和旅游局"]


def test_good_answer_is_shown_with_units_from_the_records(llm, assistant, caplog):
    extractive = assistant.ask(QUESTION)
    answer = llm.compose(QUESTION, extractive)
    assert answer.answer.startswith(GOOD)
    assert answer.departments == UNITS and answer.citations == extractive.citations
    assert "**区文化和旅游局**" in answer.answer  # owners appended from the records
    assert Scripted.requests[-1]["stream"] is True
    assert "[1]" in Scripted.requests[-1]["messages"][-1]["content"]


@pytest.mark.parametrize("reply, why", [
    ("区商务局负责此项工作 [7]。", "cites passages [7]"),
    ("到2025年绿色商场创建率要达到85% [1]。", "figure '85%'"),
    ("此项工作由区宇航局牵头 [1]。", "unit '区宇航局'"),
])
def test_ungrounded_answers_fall_back_to_the_extractive_one(llm, assistant, caplog, reply, why):
    Scripted.reply = reply
    extractive = assistant.ask(QUESTION)
    with caplog.at_level("WARNING", logger="policyqa"):
        answer = llm.compose(QUESTION, extractive)
    assert answer.answer == extractive.answer and answer.departments == UNITS
    assert why in caplog.text


@pytest.mark.parametrize("status, delay", [(500, 0.0), (200, 3.0)], ids=["error-500", "timeout"])
def test_endpoint_down_or_slow_gives_the_extractive_answer_with_a_notice(llm, assistant, status, delay):
    Scripted.status, Scripted.delay = status, delay
    extractive = assistant.ask(QUESTION)
    answer = llm.compose(QUESTION, extractive)
    assert answer.answer.endswith(extractive.answer) and "语言模型暂时无法访问" in answer.answer
    assert answer.departments == UNITS


def test_follow_up_is_rewritten_by_the_model(llm):
    Scripted.reply = "到2030年绿色出行比例的目标是多少?"
    assert llm.rewrite("那2030年呢?", [("绿色出行比例2025年的目标是多少?", "75%以上")]) == Scripted.reply
    Scripted.status = 500
    assert llm.rewrite("那2030年呢?", [("绿色出行比例2025年的目标是多少?", "75%以上")]) is None


def echo_first_sentence(body: dict) -> str:
    """A well-behaved model: restates the first clause it was given, citing it."""
    content = body["messages"][-1]["content"]
    if "最后的问题" in content:
        return ""  # no rewrite: the rules resolve follow-ups
    first = content.split("[1] ", 1)[1].split("\n", 1)[0]
    return first.split("。", 1)[0] + "。[1]"


def test_dev_set_scores_the_same_with_the_llm_on(server, settings, assistant):
    import subprocess

    from ingest.settings import PROJECT_ROOT

    dev = SHARED_EVAL / "dev.jsonl"
    if not dev.exists():
        pytest.skip("shared/eval is not beside this checkout")
    Scripted.reply, Scripted.status, Scripted.delay = echo_first_sentence, 200, 0.0
    env = cli_env(settings) | {"POLICYQA_LLM_BASE_URL": server, "POLICYQA_LLM_MODEL": "scripted"}
    batch = f"{sys.executable} -m cli batch"
    proc = subprocess.run([sys.executable, str(SHARED_EVAL / "score.py"), str(dev),
                           str(settings.corpus_dir / "nankai-carbon-peak-plan.txt"), "--cmd", batch, "--json", "--show"],
                          capture_output=True, text=True, env=env, cwd=PROJECT_ROOT, timeout=900)
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["passed"] == result["total"] and result["faithful_mean"] == 1.0, proc.stderr[-3000:]
    assert len(Scripted.requests) > 10  # the model was really asked
