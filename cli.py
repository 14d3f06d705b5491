"""`policyqa`: ingest, ask, batch, serve, eval — thin shells over `Assistant`."""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from ingest.settings import PROJECT_ROOT, Settings

BANK = PROJECT_ROOT / "tests" / "data" / "bank"  # labelled question parts: heldout-*, tune-*, tune2-*, ...


def _assistant():
    from retrieval.assistant import Assistant

    assistant = Assistant(Settings.from_env())
    for report in assistant.ensure_ingested():
        print(report.message, file=sys.stderr)
    return assistant


INGEST_HELP = """One line per file, in Chinese: 已入库 / 已更新 / 未变化 / 内容重复, or why it was not imported and what to do
(文件不存在 / 文件为空 / 文件已损坏，请重新下载 / 需要密码，请另存为无密码版本 / 不是 Word 文件 / 扫描件，无法识别文字 …).
The other files always go in. Exit status: 0 when every file is in the library, 1 when any was refused."""


def _folder_unchanged(settings: Settings) -> list[str] | None:
    """The report lines of a sync with nothing to do, read without opening the store (ingest/storage/manifest.py)."""
    if settings.chroma_url or not settings.corpus_dir.is_dir():
        return None
    from ingest.storage.manifest import unchanged
    from ingest.storage.model_convert import model_identity
    from ingest.grammar.structure import PARSER_VERSION

    return unchanged(settings.chroma_path, settings.corpus_dir, model_identity(settings), PARSER_VERSION)


def cmd_ingest(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    said = None if args.paths else _folder_unchanged(settings)
    if said is not None:
        print("语料目录与索引一致，无需更新", file=sys.stderr)
        print("\n".join(said))
        return 0
    from retrieval.assistant import Assistant

    assistant = Assistant(settings)

    def progress(fraction: float, message: str) -> None:
        print(f"[{fraction:4.0%}] {message}", file=sys.stderr, flush=True)

    reports = assistant.add([Path(p) for p in args.paths], progress) if args.paths else assistant.sync(progress)
    for report in reports:
        print(report.message)
    return 0 if all(r.ok for r in reports) else 1


def cmd_status(args: argparse.Namespace) -> int:
    """The store: its size, generations, documents and anything an interrupted or old ingest left."""
    from ingest.storage.embedding import load_embeddings
    from ingest.storage.index import PolicyIndex

    settings = Settings.from_env()
    embeddings = load_embeddings(settings)
    for key, value in PolicyIndex(settings, embeddings, embeddings.identity).status().items():
        print(f"{key}: {value}")
    return 0


def _documents(library, names: list[str] | None) -> list[str] | None:
    """--doc values (file names, titles or parts of them) as sources; None: the whole library."""
    if not names:
        return None
    return [s for s, d in library.docs.items() if any(n == s or n in d.title or n in s for n in names)]


def cmd_briefing(args: argparse.Namespace) -> int:
    """A unit's briefing (一页纸) as a Word document: every task it is named on, across the library."""
    from retrieval.reports.exports import briefing_docx
    from retrieval.reports.ledger import briefing

    assistant = _assistant()
    b = briefing(assistant.library, args.unit, _documents(assistant.library, args.doc))
    if not b.units:
        print(f"文件库中没有名为「{args.unit}」的责任单位", file=sys.stderr)
        return 1
    print(briefing_docx(b, Path(args.output), _library_date(assistant)))
    print(f"{'、'.join(b.units)}：{b.count} 项任务", file=sys.stderr)
    return 0


def cmd_ledger(args: argparse.Namespace) -> int:
    """The task ledger (督查台账) as Excel (.xlsx, a sheet per document) or Word (.docx)."""
    from retrieval.reports.exports import ledger_docx, ledger_xlsx
    from retrieval.reports.ledger import ledger

    assistant = _assistant()
    rows = ledger(assistant.library, _documents(assistant.library, args.doc), args.unit, args.year)
    out = Path(args.output)
    print(ledger_docx(rows, out, _library_date(assistant)) if out.suffix == ".docx" else ledger_xlsx(rows, out))
    print(f"{len(rows)} 项任务", file=sys.stderr)
    return 0


def _library_date(assistant) -> str:
    return max((d.indexed_at for d in assistant.documents()), default="")[:10]


def cmd_compact(args: argparse.Namespace) -> int:
    """Merge the store's full-text index and give free pages back; run it when no app serves from this store."""
    from retrieval.assistant import Assistant

    assistant = Assistant(Settings.from_env())
    before = assistant.index.status()
    assistant.compact_store()
    after = assistant.index.status()
    print(f"store: {before.get('size MB')} MB -> {after.get('size MB')} MB")
    return 0


def cmd_user(args: argparse.Namespace) -> int:
    """Add (or replace) a user with a salted scrypt hash of the password in the users file."""
    import getpass

    from ui.access import UsersError, add_user

    settings = Settings.from_env()
    path = Path(args.file or os.environ.get("POLICYQA_USERS_FILE") or settings.data_dir / "users.txt")
    password = sys.stdin.readline().rstrip("\n") if not sys.stdin.isatty() else getpass.getpass("密码：")
    try:
        add_user(path, args.name, password, args.admin)
    except UsersError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"已写入 {path}（{args.name}，{'管理员' if args.admin else '普通用户'}）；启动时设置 POLICYQA_USERS_FILE={path}")
    return 0


def service_answer(url: str, question: str, timeout: float = 30.0) -> dict | None:
    """The answer from a running policyqa app (its /answer API), or None when none answers at `url`."""
    import urllib.error
    import urllib.request

    body = json.dumps({"data": [question, []]}).encode()
    request = urllib.request.Request(f"{url}/gradio_api/run/answer", data=body, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read())["data"][0]
    except (OSError, urllib.error.URLError, ValueError, KeyError, IndexError, TypeError):
        return None


def cmd_ask(args: argparse.Namespace) -> int:
    """From the running app when there is one (it says so), else from the index directly."""
    settings = Settings.from_env()
    url = os.environ.get("POLICYQA_SERVICE_URL") or f"http://{settings.host}:{settings.port}"
    answer = None if args.local else service_answer(url, args.question)
    if answer is not None:
        print(f"（答案来自运行中的服务 {url}）", file=sys.stderr)
    else:
        answer = _assistant().ask(args.question).to_json()
    print(json.dumps(answer, ensure_ascii=False, indent=2) if args.json else answer["answer"])
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
    """The dev set through score.py; with --bank, a question bank: pass rate per file, kinds and refusal rates."""
    if not args.bank:
        score = Path(args.set).parent / "score.py"
        batch = f"{sys.executable} -m cli batch"
        return subprocess.call(
            [sys.executable, str(score), args.set, str(Path(args.corpus)), "--cmd", batch] + (["--show"] if args.show else []),
            cwd=PROJECT_ROOT,
        )
    from retrieval.evaluate import score, tally

    settings = Settings.from_env()
    files = sorted(BANK.glob(f"{args.bank}-*.jsonl"))
    passed = total = 0
    for path in files:
        result = score(path, settings.corpus_dir / (path.stem.split("-", 1)[1] + ".txt"))
        passed, total = passed + result["passed"], total + result["total"]
        print(f"{path.name}: {result['passed']}/{result['total']} {json.dumps(result['by_kind'], ensure_ascii=False)}")
    print(f"passed {passed}/{total} = {passed / max(total, 1):.1%}")
    counts = tally(_assistant(), files)
    print(counts.report())
    if args.show:
        print("false refusals:", *counts.false_refusals, sep="\n  ")
        print("false answers:", *counts.false_answers, sep="\n  ")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="policyqa", description="政策文件问答：谁负责、目标是多少，附原文引用。")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("ingest", help="index the corpus folder, or add the given files to it", epilog=INGEST_HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="*")
    p.set_defaults(func=cmd_ingest)
    p = sub.add_parser("status", help="the store's size, generations and leftovers")
    p.set_defaults(func=cmd_status)
    p = sub.add_parser("briefing", help="a unit's briefing (一页纸) as .docx")
    p.add_argument("unit")
    p.add_argument("--doc", action="append", help="only this document (file name or part of its title); repeatable")
    p.add_argument("-o", "--output", required=True)
    p.set_defaults(func=cmd_briefing)
    p = sub.add_parser("ledger", help="the task ledger (督查台账) as .xlsx or .docx")
    p.add_argument("--doc", action="append", help="only this document (file name or part of its title); repeatable")
    p.add_argument("--unit", help="only the tasks this unit is named on")
    p.add_argument("--year", type=int, help="only the tasks that fall due in this year")
    p.add_argument("-o", "--output", required=True)
    p.set_defaults(func=cmd_ledger)
    p = sub.add_parser("compact", help="give the store's free space back (when no app serves from it)")
    p.set_defaults(func=cmd_compact)
    p = sub.add_parser("user", help="manage users")
    users = p.add_subparsers(dest="action", required=True)
    p = users.add_parser("add", help="add a user; the password is read from stdin or asked for")
    p.add_argument("name")
    p.add_argument("--admin", action="store_true")
    p.add_argument("--file", help="users file (default: $POLICYQA_USERS_FILE or data/users.txt)")
    p.set_defaults(func=cmd_user)
    p = sub.add_parser("ask", help="answer one question (through the running app when there is one)")
    p.add_argument("question")
    p.add_argument("--json", action="store_true")
    p.add_argument("--local", action="store_true", help="answer from the index directly, not through a running app")
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
    p.add_argument("--bank", choices=sorted({path.name.split("-")[0] for path in BANK.glob("*-*.jsonl")}),
                   help="score a part of tests/data/bank instead")
    p.set_defaults(func=cmd_eval)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
