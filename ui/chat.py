"""对话: the chat, answer first, with the cited clause shown in its paragraph beside it."""
from __future__ import annotations

import html
from datetime import datetime

import gradio as gr

from retrieval.answers.answer import Answer
from retrieval.assistant import Assistant
from retrieval.reports import views
from ui.common import SCROLL_TO_ANSWER, doc_choices, linked, text_of
from ui.events import LibraryEvents

EXAMPLES = [
    "谁负责绿色商场创建工作?",
    "到2025年绿色出行比例要达到多少?",
    "区统计局负责哪些任务?",
    "方案的重点任务有哪些?",
    "这个实施方案的文号是什么?",
]
WORKING = "正在检索……"


def pairs(history: list[dict]) -> list[tuple[str, str]]:
    """Chatbot messages to (question, answer) pairs for the assistant."""
    out, pending = [], None
    for turn in history:
        content = text_of(turn["content"])
        if turn["role"] == "user":
            pending = content
        elif pending is not None:
            out.append((pending, content))
            pending = None
    return out


class ChatTab:
    def __init__(self, assistant: Assistant, events: LibraryEvents) -> None:
        self.assistant = assistant
        self.events = events

    def show(self, answer: Answer | None, n: int | None) -> tuple[str, list]:
        citation = next((c for c in answer.citations if c.n == n), None) if answer else None
        if citation is None:
            return "", []
        library = self.assistant.library
        if citation.source not in library.docs:
            return "（该文件已从文件库删除）", []
        clause = views.clause_of(library, citation)
        return (f"**{library.docs[citation.source].title}** · {clause.section or '文件头'} · 第{citation.line}行",
                views.highlight(clause))

    def build(self) -> None:
        assistant = self.assistant
        with gr.Tab("对话", id="chat"):
            with gr.Row():
                with gr.Column(scale=3, min_width=320):
                    chatbot = gr.Chatbot(label="对话", height=520, buttons=["copy"], feedback_options=("Like", "Dislike"),
                                         elem_id="chatbot", autoscroll=False)
                    with gr.Row():
                        question = gr.Textbox(placeholder="例如：谁负责绿色商场创建工作？", show_label=False, scale=5,
                                              elem_id="question", max_lines=4)
                        send = gr.Button("提问", variant="primary", scale=1, elem_id="send", min_width=60)
                    gr.Examples(EXAMPLES, inputs=question, label="示例问题")
                    with gr.Row():
                        clear = gr.Button("清空对话", elem_id="clear")
                        comment = gr.Textbox(placeholder="对答案的意见（可选，点赞或点踩时一并保存）", show_label=False, scale=3)
                    note = gr.Markdown()
                with gr.Column(scale=2, min_width=300):
                    scope = gr.CheckboxGroup(label="检索范围（都不选：整个文件库，区实施方案优先）", elem_id="scope")
                    cite_pick = gr.Radio([], label="引用条文（点击答案中的 [n] 或这里查看原文）", elem_id="cite-pick")
                    cite_path = gr.Markdown(elem_id="cite-path")
                    cite_text = gr.HighlightedText(label="原文（引用部分高亮）", color_map={"引用": "yellow"},
                                                   show_legend=False, show_inline_category=False, combine_adjacent=True,
                                                   elem_id="cite-text")
            answers = gr.State([])  # the Answer of each assistant message: its citations and its turn, as data

            def ask(message: str, history: list[dict], kept: list[Answer], chosen: list[str]):
                # the question is shown at once, as the text it is: markup in it is escaped, never rendered
                history = history + [{"role": "user", "content": html.escape(message)},
                                     {"role": "assistant", "content": WORKING}]
                yield history, kept, gr.update(), "", gr.update(), gr.update()
                previous = kept[-1].state if kept else None
                answer = assistant.ask(message, pairs(history[:-2]), chosen or None, previous)
                history[-1]["content"] = linked(answer.answer)
                kept = kept + [answer]
                choices = [(c.reference(), c.n) for c in answer.citations]
                first = self.show(answer, 1)
                yield history, kept, gr.update(choices=choices, value=1 if choices else None), "", first[0], first[1]

            outputs = [chatbot, answers, cite_pick, question, cite_path, cite_text]
            for trigger in (send.click, question.submit):
                trigger(ask, [question, chatbot, answers, scope], outputs, api_visibility="private").then(
                    None, js=SCROLL_TO_ANSWER)
            cite_pick.change(lambda kept, n: self.show(kept[-1] if kept else None, n), [answers, cite_pick],
                             [cite_path, cite_text], api_visibility="private")
            clear.click(lambda: ([], [], gr.update(choices=[], value=None), "", []), None,
                        [chatbot, answers, cite_pick, cite_path, cite_text], api_visibility="private")

            def feedback(data: gr.LikeData, history: list[dict], remark: str):
                index = data.index if isinstance(data.index, int) else None
                answer_text = text_of(history[index]["content"]) if index is not None else text_of(data.value)
                asked = text_of(history[index - 1]["content"]) if index else ""
                assistant.record_feedback({"time": datetime.now().isoformat(timespec="seconds"), "liked": data.liked,
                                           "question": asked, "answer": answer_text, "comment": remark})
                return "已记录反馈，谢谢。", ""

            chatbot.like(feedback, [chatbot, comment], [note, comment], api_visibility="private")
            # the scope lists the library as it is now; a choice that still exists stays chosen
            self.events.listen(lambda chosen: gr.update(choices=doc_choices(assistant.library),
                                                        value=[s for s in chosen or [] if s in assistant.library.docs]),
                               [scope], [scope])
