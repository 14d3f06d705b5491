"""文件库: the documents with their identity; upload, re-index, and delete only what was chosen, after a confirmation."""
from __future__ import annotations

from pathlib import Path

import gradio as gr
import pandas as pd

from ingest.loaders.files import SUPPORTED
from ui.access import Users
from retrieval.assistant import Assistant
from ui.common import cards, doc_choices
from ui.events import LibraryEvents

COLUMNS = ["标题", "层级", "地区", "类型", "发文机关", "文号", "日期", "任务数", "目标数", "片段数", "入库时间", "文件"]


class LibraryTab:
    def __init__(self, assistant: Assistant, events: LibraryEvents, users: Users, read_only: bool) -> None:
        self.assistant = assistant
        self.events = events
        self.users = users
        self.read_only = read_only

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [[d.title, d.level, "".join(d.place), d.kind, "、".join(d.issuers), d.value("doc_no"), d.value("date"),
              d.n_tasks, d.n_targets, d.n_chunks, d.indexed_at, d.source] for d in self.assistant.documents()],
            columns=COLUMNS)

    def build(self) -> None:
        assistant = self.assistant
        refusal = ("本服务以只读方式开放（未配置用户），不能修改文件库；请由管理员配置 POLICYQA_USERS 后登录。" if self.read_only
                   else "只有管理员可以修改文件库。")

        def allowed(request: gr.Request | None) -> bool:
            return not self.read_only and self.users.is_admin(getattr(request, "username", None))

        with gr.Tab("文件库", id="library"):
            table = gr.Dataframe(label="已入库文件", interactive=False, wrap=True, elem_id="docs-table",
                                 elem_classes=["wide-table"])
            table_cards = gr.HTML()
            upload = gr.File(label="上传文件（.txt .md .docx .pdf .html，UTF-8 或 GB18030）", file_count="multiple",
                             file_types=list(SUPPORTED), elem_id="upload")
            with gr.Row():
                ingest = gr.Button("导入", variant="primary", elem_id="ingest")
                reindex = gr.Button("重新索引语料目录", elem_id="reindex")
            with gr.Row():
                pick = gr.Dropdown(label="删除文件（先选择）", value=None, elem_id="delete-pick")
                delete = gr.Button("删除…", variant="stop", elem_id="delete")
            with gr.Row(visible=False, elem_id="delete-confirm") as confirm_row:
                confirm_note = gr.Markdown(elem_id="delete-confirm-note")
                confirm = gr.Button("确认删除", variant="stop", elem_id="delete-yes")
                cancel = gr.Button("取消", elem_id="delete-no")
            note = gr.Markdown(elem_id="library-note")

            def after(message: str):
                """A change here: the note, and the version every tab listens to moves."""
                return message, self.events.current()

            def ingest_files(files: list[str] | None, request: gr.Request, progress=gr.Progress()):
                try:
                    if not allowed(request):
                        return after(refusal)
                    if not files:
                        return after("请先选择文件。")
                    reports = assistant.add([Path(f) for f in files], lambda f, m: progress(f, desc=m))
                    return after("\n".join(f"- {'已完成' if r.ok else '未导入'}：{r.message}" for r in reports))
                finally:
                    for f in files or []:  # the upload cache holds nothing after use
                        Path(f).unlink(missing_ok=True)

            def sync(request: gr.Request, progress=gr.Progress()):
                if not allowed(request):
                    return after(refusal)
                reports = assistant.sync(lambda f, m: progress(f, desc=m))
                return after("\n".join(f"- {r.message}" for r in reports))

            def ask_first(source: str | None):
                if not source or source not in assistant.library.docs:
                    return gr.update(visible=False), "", "请先在下拉框中选择要删除的文件。"
                title = assistant.library.docs[source].title
                return gr.update(visible=True), f"确认删除《{title}》（{source}）？删除后不能恢复。", ""

            def remove(source: str | None, request: gr.Request):
                if not allowed(request):
                    return (gr.update(visible=False),) + after(refusal)
                if not source or source not in assistant.library.docs:
                    return (gr.update(visible=False),) + after("该文件已不在文件库中。")
                return (gr.update(visible=False),) + after(f"- {assistant.remove(source).message}")

            version = self.events.version
            # changes to the library are the app's own buttons, never API endpoints for any client
            ingest.click(ingest_files, upload, [note, version], api_visibility="private")
            reindex.click(sync, None, [note, version], api_visibility="private")
            delete.click(ask_first, pick, [confirm_row, confirm_note, note], api_visibility="private")
            confirm.click(remove, pick, [confirm_row, note, version], api_visibility="private")
            cancel.click(lambda: gr.update(visible=False), None, confirm_row, api_visibility="private")

            def redraw(chosen: str | None):
                frame = self.frame()
                value = chosen if chosen in assistant.library.docs else None  # nothing is chosen for the user
                return frame, cards(frame, COLUMNS[:7]), gr.update(choices=doc_choices(assistant.library), value=value), None

            self.events.listen(redraw, [pick], [table, table_cards, pick, upload])
