"""政策文件问答: the Gradio app officials use, composed of one module per tab over the Assistant API.

Tabs (ui/): 对话 (chat, answer first, the cited clause shown in its paragraph),
责任分工 (who owns what, a unit's task list as Word, the matrix as Excel),
目标指标 (targets as values on a timeline), 督查台账 (the ledger and what falls
due when), 文件库 (documents, upload, delete), 方案导读 (a plan's outline).
They share one "library changed" event (ui/events.py); nothing here decides
an answer.
"""
from __future__ import annotations

import gradio as gr
from starlette.middleware import Middleware

from ingest.settings import Settings
from ui.access import Users, UsersError
from retrieval.assistant import Assistant
from ui.webguard import Guard
from ui.chat import ChatTab
from ui.common import CSS, JS, use_cjk_font
from ui.events import LibraryEvents
from ui.ledger import LedgerTab
from ui.library import LibraryTab
from ui.outline import OutlineTab
from ui.owners import OwnersTab
from ui.targets import TargetsTab

CONCURRENCY = 4  # answers are CPU-bound on two cores; more threads only queue


def build(assistant: Assistant, users: Users | None = None, read_only: bool = False) -> gr.Blocks:
    """The app. `read_only`: nobody may change the library (served beyond localhost without users)."""
    use_cjk_font()
    users = users or Users({})
    # exports land in Gradio's cache beside uploads: files older than an hour are deleted every hour
    with gr.Blocks(title="政策文件问答", delete_cache=(3600, 3600)) as demo:
        gr.Markdown("## 政策文件问答\n问责任单位、目标指标、条文出处；答案均附原文引用。" +
                    ("\n\n**只读模式**：未配置用户，不能修改文件库。" if read_only else ""))
        events = LibraryEvents(assistant)
        for tab in (ChatTab(assistant, events), OwnersTab(assistant, events), TargetsTab(assistant, events),
                    LedgerTab(assistant, events), LibraryTab(assistant, events, users, read_only),
                    OutlineTab(assistant, events)):
            tab.build()
        events.wire(demo)

        def api_ask(question: str, history: list[list[str]] | None = None) -> dict:
            """For programs (`policyqa ask`, the load test): one question with its conversation, the batch JSON back."""
            return assistant.ask(question, [(q, a) for q, a in (history or [])]).to_json()

        # one request and no queue: a program's question costs 18 ms more than the answer, not 25 ms of event
        # stream; the chat's own events keep the queue and its limit
        gr.api(api_ask, api_name="answer", queue=False)
    demo.queue(default_concurrency_limit=CONCURRENCY)
    return demo


def serve(host: str, port: int) -> None:
    """Serve the app, warm: the first answer is as fast as any. Beyond localhost without users it serves read-only."""
    settings = Settings.from_env()
    try:
        users = Users.from_env()
    except UsersError as exc:
        raise SystemExit(f"用户配置有误：{exc}") from exc
    read_only = not users and host not in ("127.0.0.1", "localhost", "::1")
    if read_only:
        print(f"[policyqa] 在 {host} 上开放但未配置用户：以只读方式服务（不能上传、删除、重新索引）。", flush=True)
    assistant = Assistant(settings)
    assistant.ensure_ingested()
    assistant.compact_store()  # before serving: nothing reads the store yet
    assistant.warm()
    settings.uploads_dir.mkdir(parents=True, exist_ok=True)
    guard = {"throttle": users.throttle, "uploads": settings.uploads_dir,
             "max_upload_bytes": int(settings.max_upload_mb * 1024 * 1024)}
    build(assistant, users, read_only).launch(
        server_name=host, server_port=port, share=False, auth=users.check if users else None,
        auth_message="请登录", max_file_size=f"{settings.max_file_mb:g}mb", css=CSS, js=JS,
        app_kwargs={"middleware": [Middleware(Guard, **guard)]},
    )
