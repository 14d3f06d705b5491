"""政策文件问答: the Gradio app officials use, a layout over the Assistant API.

Five tabs: 对话 (chat with the cited clause shown in context), 责任分工 (who owns
what), 目标指标 (targets by year), 文件库 (documents), 方案导读 (the plan's
outline for new staff). Everything is Gradio's own components; nothing here
decides an answer.
"""
from __future__ import annotations

import html
import tempfile
from datetime import datetime
from pathlib import Path

import gradio as gr
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402

from ingest.loaders import SUPPORTED  # noqa: E402
from ingest.settings import Settings  # noqa: E402
from retrieval.access import Users  # noqa: E402
from retrieval.answer import Answer  # noqa: E402
from retrieval.assistant import Assistant  # noqa: E402
from retrieval import views  # noqa: E402

EXAMPLES = [
    "谁负责绿色商场创建工作?",
    "到2025年绿色出行比例要达到多少?",
    "区统计局负责哪些任务?",
    "方案的重点任务有哪些?",
    "这个实施方案的文号是什么?",
]
STREAM_STEP = 24
CONCURRENCY = 4  # answers are CPU-bound on two cores; more threads only queue inside torch
CSS = ".gradio-container {max-width: 1400px !important} #answer-clause textarea {font-size: 16px}"


def _use_cjk_font() -> None:
    """Charts label in Chinese: pick an installed CJK font, else matplotlib shows boxes."""
    for path in font_manager.findSystemFonts():
        if any(k in path.lower() for k in ("wqy", "noto", "cjk", "simhei", "droidsansfallback")):
            font_manager.fontManager.addfont(path)
            plt.rcParams["font.sans-serif"] = [font_manager.FontProperties(fname=path).get_name()]
            plt.rcParams["axes.unicode_minus"] = False
            return


def _text(content: object) -> str:
    """A Chatbot message's text: Gradio 6 hands content back as a list of typed parts."""
    if isinstance(content, list):
        content = "".join(part.get("text", "") for part in content if isinstance(part, dict))
    return html.unescape(content if isinstance(content, str) else str(content or ""))


def _pairs(history: list[dict]) -> list[tuple[str, str]]:
    """Chatbot messages to (question, answer) pairs for the assistant."""
    pairs, pending = [], None
    for turn in history:
        content = _text(turn["content"])
        if turn["role"] == "user":
            pending = content
        elif pending is not None:
            pairs.append((pending, content))
            pending = None
    return pairs


def build(assistant: Assistant, users: Users | None = None, read_only: bool = False) -> gr.Blocks:
    """The app. `read_only`: nobody may change the library (served beyond localhost without users)."""
    _use_cjk_font()
    users = users or Users({})

    def doc_choices() -> list[tuple[str, str]]:
        return [(f"{d.title}（{d.source}）", d.source) for d in assistant.documents()]

    def is_admin(request: gr.Request | None) -> bool:
        return not read_only and users.is_admin(getattr(request, "username", None))

    refusal = ("本服务以只读方式开放（未配置用户），不能修改文件库；请由管理员配置 POLICYQA_USERS 后登录。" if read_only
               else "只有管理员可以修改文件库。")

    with gr.Blocks(title="政策文件问答") as demo:
        gr.Markdown("## 政策文件问答 · 南开区碳达峰实施方案及相关政策\n问责任单位、目标指标、条文出处；答案均附原文引用。")
        answers = gr.State([])  # Answer per assistant message, for the citation panel

        def open_row(frame, event: gr.SelectData):
            """A table row's 来源 and 行 columns lead to its clause, shown whole."""
            row = frame.iloc[event.index[0]]
            clause = views.clause_at(assistant.library, row["来源"], int(row["行"]))
            if clause is None:
                return "", []
            return f"**{assistant.library.docs[clause.source].title}** · {clause.section} · 第{clause.line_start}行", \
                views.highlight(clause)

        # ---------------------------------------------------------------- 对话
        with gr.Tab("对话", id="chat"):
            with gr.Row():
                with gr.Column(scale=3):
                    chatbot = gr.Chatbot(label="对话", height=520, buttons=["copy"], feedback_options=("Like", "Dislike"),
                                         elem_id="chatbot")
                    with gr.Row():
                        question = gr.Textbox(placeholder="例如：谁负责绿色商场创建工作？", show_label=False, scale=5,
                                              elem_id="question", max_lines=4)
                        send = gr.Button("提问", variant="primary", scale=1, elem_id="send")
                    gr.Examples(EXAMPLES, inputs=question, label="示例问题")
                    with gr.Row():
                        clear = gr.Button("清空对话", elem_id="clear")
                        comment = gr.Textbox(placeholder="对答案的意见（可选，点赞或点踩时一并保存）", show_label=False, scale=3)
                    feedback_note = gr.Markdown()
                with gr.Column(scale=2):
                    scope = gr.CheckboxGroup(doc_choices(), value=[v for _, v in doc_choices()], label="检索范围（默认以区实施方案为主）")
                    cite_pick = gr.Radio([], label="引用条文（点击查看原文）", elem_id="cite-pick")
                    cite_path = gr.Markdown(elem_id="cite-path")
                    cite_text = gr.HighlightedText(label="原文（引用部分高亮）", color_map={"引用": "yellow"},
                                                   show_legend=False, show_inline_category=False, combine_adjacent=True, elem_id="cite-text")

            def ask(message: str, history: list[dict], kept: list[Answer], chosen: list[str]):
                all_docs = [v for _, v in doc_choices()]
                sources = None if not chosen or set(chosen) == set(all_docs) else chosen
                answer = assistant.ask(message, _pairs(history), sources)
                # the question is shown as the text it is: markup in it is escaped, never rendered
                history = history + [{"role": "user", "content": html.escape(message)}, {"role": "assistant", "content": ""}]
                for end in range(STREAM_STEP, len(answer.answer) + STREAM_STEP, STREAM_STEP):
                    history[-1]["content"] = answer.answer[:end]
                    yield history, kept, gr.update(), "", gr.update(), gr.update()
                kept = kept + [answer]
                choices = [(c.reference(), c.n) for c in answer.citations]
                first = _show_citation(answer, 1) if answer.citations else ("", [])
                yield history, kept, gr.update(choices=choices, value=1 if choices else None), "", first[0], first[1]

            def _show_citation(answer: Answer, n: int | None):
                citation = next((c for c in answer.citations if c.n == n), None)
                if citation is None:
                    return "", []
                clause = views.clause_of(assistant.library, citation)
                title = assistant.library.docs[citation.source].title
                return f"**{title}** · {clause.section or '文件头'} · 第{citation.line}行", views.highlight(clause)

            def show_citation(kept: list[Answer], n: int | None):
                return _show_citation(kept[-1], n) if kept else ("", [])

            outputs = [chatbot, answers, cite_pick, question, cite_path, cite_text]
            send.click(ask, [question, chatbot, answers, scope], outputs)
            question.submit(ask, [question, chatbot, answers, scope], outputs)
            cite_pick.change(show_citation, [answers, cite_pick], [cite_path, cite_text])
            clear.click(lambda: ([], [], gr.update(choices=[], value=None), "", []),
                        None, [chatbot, answers, cite_pick, cite_path, cite_text])

            def feedback(data: gr.LikeData, history: list[dict], note: str):
                answer_text = _text(history[data.index]["content"]) if isinstance(data.index, int) else _text(data.value)
                asked = _text(history[data.index - 1]["content"]) if isinstance(data.index, int) and data.index > 0 else ""
                assistant.record_feedback({"time": datetime.now().isoformat(timespec="seconds"), "liked": data.liked,
                                           "question": asked, "answer": answer_text, "comment": note})
                return "已记录反馈，谢谢。", ""

            chatbot.like(feedback, [chatbot, comment], [feedback_note, comment])

        # ---------------------------------------------------------------- 责任分工
        with gr.Tab("责任分工", id="owners"):
            with gr.Row():
                unit = gr.Dropdown(views.unit_names(assistant.library), label="选择或输入单位（可用简称，如 区发改委）",
                                   allow_custom_value=True, filterable=True, elem_id="unit-pick")
                task = gr.Dropdown([(f"{r.section}（{r.source} 第{r.line}行）", f"{r.source}:{r.line}")
                                    for r in views.task_rows(assistant.library)],
                                   label="或选择任务，查看责任单位", filterable=True, elem_id="task-pick")
            unit_note = gr.Markdown()
            unit_table = gr.Dataframe(label="任务清单（点击一行查看原文）", wrap=True, interactive=False, elem_id="unit-table")
            unit_path = gr.Markdown()
            unit_clause = gr.HighlightedText(label="原文", color_map={"引用": "yellow"}, show_legend=False,
                                             show_inline_category=False, combine_adjacent=True)
            with gr.Row():
                export_xlsx = gr.Button("导出责任分工矩阵（Excel）", elem_id="export-xlsx")
                export_csv = gr.Button("导出（CSV）", elem_id="export-csv")
            export_file = gr.File(label="导出文件", interactive=False, elem_id="export-file")

            def pick_unit(name: str | None):
                if not name:
                    return "", None
                units, frame = views.tasks_of_unit(assistant.library, name)
                if not units:
                    return f"文件中没有名为「{name}」的责任单位。", frame
                return f"**{'、'.join(units)}**：共 {len(frame)} 项任务", frame

            def pick_task(key: str | None):
                if not key:
                    return "", None
                source, line = key.rsplit(":", 1)
                row = next(r for r in views.task_rows(assistant.library, [source]) if r.line == int(line))
                owners = "、".join(f"**{u}**（{row.role(u)}）" for u in row.owners)
                return f"{row.section}：{owners}" + (f"\n\n目标：{row.targets}" if row.targets else ""), None

            def export(kind: str) -> str:
                frame = views.owner_matrix(assistant.library)
                path = Path(tempfile.mkdtemp()) / f"责任分工矩阵.{kind}"
                if kind == "xlsx":
                    frame.to_excel(path, index=False)
                else:
                    frame.to_csv(path, index=False, encoding="utf-8-sig")
                return str(path)

            unit.change(pick_unit, unit, [unit_note, unit_table])
            unit_table.select(open_row, unit_table, [unit_path, unit_clause])
            task.change(pick_task, task, [unit_note, unit_table])
            export_xlsx.click(lambda: export("xlsx"), None, export_file)
            export_csv.click(lambda: export("csv"), None, export_file)

        # ---------------------------------------------------------------- 目标指标
        with gr.Tab("目标指标", id="targets"):
            with gr.Row():
                primary = assistant.settings.primary_doc if assistant.settings.primary_doc in assistant.library.docs else ""
                t_doc = gr.Dropdown([("全部文件", "")] + doc_choices(), value=primary, label="文件")
                t_action = gr.Dropdown([("全部", "")] + [(a, a) for a in views.actions(assistant.library)], value="",
                                       label="行动/部分")
                t_unit = gr.Dropdown([("全部", "")] + [(u, u) for u in views.unit_names(assistant.library)], value="",
                                     label="责任单位", filterable=True, elem_id="targets-unit")
            t_chart = gr.Plot(label="各年份目标数量（按行动）", elem_id="targets-chart")
            t_table = gr.Dataframe(label="量化目标（点击一行查看原文）", wrap=True, interactive=False, elem_id="targets-table")
            t_path = gr.Markdown(elem_id="targets-path")
            t_clause = gr.HighlightedText(label="原文", color_map={"引用": "yellow"}, show_legend=False,
                                          show_inline_category=False, combine_adjacent=True)

            def targets(source: str, action: str, who: str):
                frame = views.target_rows(assistant.library, source or None, action or None, who or None)
                fig, ax = plt.subplots(figsize=(9, 3.6))
                if len(frame):
                    counts = frame.pivot_table(index="年份", columns="行动", values="指标", aggfunc="count", fill_value=0)
                    counts = counts.reindex([b for b in views.YEAR_BUCKETS if b in counts.index])
                    counts.plot(kind="bar", stacked=True, ax=ax, legend=len(counts.columns) <= 12, rot=0)
                    if len(counts.columns) <= 12:
                        ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1, 1))
                ax.set_xlabel("年份")
                ax.set_ylabel("目标数")
                fig.tight_layout()
                plt.close(fig)
                return fig, frame

            for control in (t_doc, t_action, t_unit):
                control.change(targets, [t_doc, t_action, t_unit], [t_chart, t_table])
            t_table.select(open_row, t_table, [t_path, t_clause])

        # ---------------------------------------------------------------- 文件库
        with gr.Tab("文件库", id="library"):
            docs_table = gr.Dataframe(label="已入库文件", interactive=False, elem_id="docs-table")
            upload = gr.File(label="上传文件（.txt .md .docx .pdf .html，UTF-8 或 GB18030）", file_count="multiple",
                             file_types=list(SUPPORTED), elem_id="upload")
            with gr.Row():
                ingest_btn = gr.Button("导入", variant="primary", elem_id="ingest")
                reindex_btn = gr.Button("重新索引语料目录", elem_id="reindex")
            with gr.Row():
                delete_pick = gr.Dropdown(doc_choices(), label="删除文件", elem_id="delete-pick")
                delete_btn = gr.Button("删除", variant="stop", elem_id="delete")
            library_note = gr.Markdown(elem_id="library-note")

            def docs_frame():
                import pandas as pd

                return pd.DataFrame(
                    [{"标题": d.title, "层级": d.level, "地区": "".join(d.place), "类型": d.kind,
                      "发文机关": "、".join(d.issuers), "文号": d.value("doc_no"), "日期": d.value("date"),
                      "任务数": d.n_tasks, "目标数": d.n_targets, "片段数": d.n_chunks, "入库时间": d.indexed_at,
                      "文件": d.source} for d in assistant.documents()])

            def refreshed(note: str):
                choices = doc_choices()
                return (note, docs_frame(), gr.update(choices=choices, value=None),
                        gr.update(choices=choices, value=[v for _, v in choices]),
                        gr.update(choices=views.unit_names(assistant.library)))

            refresh_outputs = [library_note, docs_table, delete_pick, scope, unit]

            def ingest_files(files: list[str] | None, request: gr.Request, progress=gr.Progress()):
                try:
                    if not is_admin(request):
                        return refreshed(refusal)
                    if not files:
                        return refreshed("请先选择文件。")
                    reports = assistant.add([Path(f) for f in files], lambda f, m: progress(f, desc=m))
                    return refreshed("\n".join(f"- {'已完成' if r.ok else '未导入'}：{r.message}" for r in reports))
                finally:
                    for f in files or []:  # the upload cache holds nothing after use
                        Path(f).unlink(missing_ok=True)

            def reindex(request: gr.Request, progress=gr.Progress()):
                if not is_admin(request):
                    return refreshed(refusal)
                reports = assistant.sync(lambda f, m: progress(f, desc=m))
                return refreshed("\n".join(f"- {r.message}" for r in reports))

            def delete(source: str | None, request: gr.Request):
                if not is_admin(request):
                    return refreshed(refusal)
                if not source:
                    return refreshed("请选择要删除的文件。")
                return refreshed(f"- {assistant.remove(source).message}")

            # changes to the library are the app's own buttons, never API endpoints for any client
            ingest_btn.click(ingest_files, upload, refresh_outputs, api_visibility="private")
            reindex_btn.click(reindex, None, refresh_outputs, api_visibility="private")
            delete_btn.click(delete, delete_pick, refresh_outputs, api_visibility="private")

        # ---------------------------------------------------------------- 方案导读
        with gr.Tab("方案导读", id="outline"):
            outline_doc = gr.Dropdown(doc_choices(), value=assistant.settings.primary_doc
                                      if assistant.settings.primary_doc in assistant.library.docs else None,
                                      label="文件", elem_id="outline-doc")

            with gr.Column(elem_id="outline-tree"):
                @gr.render(inputs=outline_doc)
                def outline(source: str | None):
                    doc = assistant.library.docs.get(source or "")
                    if doc is None:
                        gr.Markdown("请选择文件。")
                        return
                    gr.Markdown(f"### {doc.title}")

                    def node(n, depth: int):
                        with gr.Accordion(n.label, open=depth == 0):
                            for chunk in n.chunks:
                                owners = "、".join(f"**{u}**" + ("（牵头）" if u in chunk.leads else "") for u in chunk.owners)
                                targets = "；".join(f"{t.year} {t.metric} **{t.value}**" for c in doc.unit_chunks(chunk.unit)
                                                   for t in c.targets)
                                lines = [f"第{chunk.line_start}行"]
                                if owners:
                                    lines.append(f"责任单位：{owners}")
                                if targets:
                                    lines.append(f"目标：{targets}")
                                gr.Markdown(" · ".join(lines))
                                with gr.Accordion("全文", open=False):
                                    gr.Markdown(doc.unit_text(chunk.unit).replace("\n", "\n\n"))
                            for child in n.children:
                                node(child, depth + 1)

                    for root in doc.outline():
                        node(root, 0)

        def api_ask(question: str, history: list[list[str]] | None = None) -> dict:
            """For programs (and the load test): one question with its conversation, the batch JSON back."""
            pairs = [(q, a) for q, a in (history or [])]
            return assistant.ask(question, pairs).to_json()

        gr.api(api_ask, api_name="answer")
        demo.load(lambda: (docs_frame(),) + targets(primary, "", ""), None, [docs_table, t_chart, t_table])
    demo.queue(default_concurrency_limit=CONCURRENCY)
    return demo


def serve(host: str, port: int) -> None:
    """Serve the app; beyond localhost without users it serves read-only and says so."""
    from retrieval.access import UsersError
    from retrieval.webguard import Guard

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
    settings.uploads_dir.mkdir(parents=True, exist_ok=True)
    demo = build(assistant, users, read_only)
    guard = {"throttle": users.throttle, "uploads": settings.uploads_dir,
             "max_upload_bytes": int(settings.max_upload_mb * 1024 * 1024)}
    from starlette.middleware import Middleware

    demo.launch(
        server_name=host, server_port=port, share=False, auth=users.check if users else None,
        auth_message="请登录", max_file_size=f"{settings.max_file_mb:g}mb", css=CSS,
        app_kwargs={"middleware": [Middleware(Guard, **guard)]},
    )
