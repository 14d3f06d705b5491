"""`policyqa`: ingest, ask, batch, serve, eval — thin shells over `Assistant`."""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from ingest.settings import PROJECT_ROOT, Settings


def _assistant():
    from retrieval.assistant import Assistant

    assistant = Assistant(Settings.from_env())
    for report in assistant.ensure_ingested():
        print(report.message, file=sys.stderr)
    return assistant


def cmd_ingest(args: argparse.Namespace) -> int:
    from retrieval.assistant import Assistant

    assistant = Assistant(Settings.from_env())

    def progress(fraction: float, message: str) -> None:
        print(f"[{fraction:4.0%}] {message}", file=sys.stderr, flush=True)

    reports = assistant.add([Path(p) for p in args.paths], progress) if args.paths else assistant.sync(progress)
    for report in reports:
        print(report.message)
    return 0 if all(r.ok for r in reports) else 1


def cmd_ask(args: argparse.Namespace) -> int:
    answer = _assistant().ask(args.question)
    if args.json:
        print(json.dumps(answer.to_json(), ensure_ascii=False, indent=2))
    else:
        print(answer.answer)
    return 0


def cmd_batch(args: argparse.Namespace) -> int:
    """One JSON question a line in, one JSON answer a line out, in order (shared/eval/README.md)."""
    assistant = _assistant()
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            request = json.loads(line)
            history = [tuple(turn) for turn in request.get("history") or []]
            out = assistant.ask(request.get("q", ""), history).to_json(request.get("id"))
        except (ValueError, TypeError, AttributeError) as exc:
            out = {"id": None, "answer": f"无法解析的请求：{exc}", "found": False, "departments": [], "targets": [], "citations": []}
        print(json.dumps(out, ensure_ascii=False), flush=True)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import app

    settings = Settings.from_env()
    app.serve(host=args.host or settings.host, port=args.port or settings.port)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    score = Path(args.set).parent / "score.py"
    batch = f"{sys.executable} -m retrieval.cli batch"
    return subprocess.call(
        [sys.executable, str(score), args.set, str(Path(args.corpus)), "--cmd", batch] + (["--show"] if args.show else []),
        cwd=PROJECT_ROOT,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="policyqa", description="政策文件问答：谁负责、目标是多少，附原文引用。")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("ingest", help="index the corpus folder, or add the given files to it")
    p.add_argument("paths", nargs="*")
    p.set_defaults(func=cmd_ingest)
    p = sub.add_parser("ask", help="answer one question")
    p.add_argument("question")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_ask)
    p = sub.add_parser("batch", help="JSON lines in, JSON lines out")
    p.set_defaults(func=cmd_batch)
    p = sub.add_parser("serve", help="serve the web app")
    p.add_argument("--host")
    p.add_argument("--port", type=int)
    p.set_defaults(func=cmd_serve)
    p = sub.add_parser("eval", help="score the batch command on a question set")
    p.add_argument("--set", default=str(PROJECT_ROOT.parent / "shared" / "eval" / "dev.jsonl"))
    p.add_argument("--corpus", default=str(PROJECT_ROOT / "corpus" / "nankai-carbon-peak-plan.txt"))
    p.add_argument("--show", action="store_true")
    p.set_defaults(func=cmd_eval)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
