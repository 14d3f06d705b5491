"""方案导读: a plan as the tree of its own headings, each task with its owners and targets, for new staff."""
from __future__ import annotations

import gradio as gr

from retrieval.assistant import Assistant
from ui.common import doc_choices, primary_doc
from ui.events import LibraryEvents


class OutlineTab:
    def __init__(self, assistant: Assistant, events: LibraryEvents) -> None:
        self.assistant = assistant
        self.events = events

    def build(self) -> None:
        assistant = self.assistant
        with gr.Tab("方案导读", id="outline"):
            doc = gr.Dropdown(label="文件", elem_id="outline-doc")

            with gr.Column(elem_id="outline-tree"):
                @gr.render(inputs=doc)
                def outline(source: str | None):
                    view = assistant.library.docs.get(source or "")
                    if view is None:
                        gr.Markdown("请选择文件。")
                        return
                    gr.Markdown(f"### {view.title}")

                    def node(n, depth: int):
                        with gr.Accordion(n.label, open=depth == 0):
                            for chunk in n.chunks:
                                owners = "、".join(f"**{u}**" + ("（牵头）" if u in chunk.leads else "") for u in chunk.owners)
                                targets = "；".join(f"{t.year} {t.metric} **{t.value}**" for c in view.unit_chunks(chunk.unit)
                                                   for t in c.targets)
                                lines = [f"第{chunk.line_start}行"]
                                if owners:
                                    lines.append(f"责任单位：{owners}")
                                if targets:
                                    lines.append(f"目标：{targets}")
                                gr.Markdown(" · ".join(lines))
                                with gr.Accordion("全文", open=False):
                                    gr.Markdown(view.unit_text(chunk.unit).replace("\n", "\n\n"))
                            for child in n.children:
                                node(child, depth + 1)

                    for root in view.outline():
                        node(root, 0)

            def redraw(source: str | None):
                library = assistant.library
                value = source if source in library.docs else primary_doc(assistant)
                return gr.update(choices=doc_choices(library), value=value)

            self.events.listen(redraw, [doc], [doc])
