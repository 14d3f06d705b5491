"""责任分工: who owns what, a unit's task list (its briefing, as Word), and the matrix as Excel."""
from __future__ import annotations

import tempfile
from pathlib import Path

import gradio as gr

from retrieval.reports import views
from retrieval.assistant import Assistant
from retrieval.reports.exports import briefing_docx, write_xlsx
from retrieval.reports.ledger import briefing
from ui.common import cards, clause_viewer, doc_choices, primary_doc
from ui.events import LibraryEvents

WIDTHS = ["9%", "16%", "30%", "8%", "25%", "5%", "7%"]


class OwnersTab:
    def __init__(self, assistant: Assistant, events: LibraryEvents) -> None:
        self.assistant = assistant
        self.events = events

    def build(self) -> None:
        assistant = self.assistant
        with gr.Tab("责任分工", id="owners"):
            with gr.Row():
                doc = gr.Dropdown(label="文件", elem_id="owners-doc", scale=2)
                unit = gr.Dropdown(label="单位（输入部分名称筛选，可用简称，如 商务、发改）", allow_custom_value=True,
                                   filterable=True, elem_id="unit-pick", scale=2)
            unit_note = gr.Markdown(elem_id="unit-note")
            table = gr.Dataframe(label="任务清单（点击一行查看原文）", wrap=True, interactive=False, elem_id="unit-table",
                                 column_widths=WIDTHS, elem_classes=["wide-table"])
            unit_cards = gr.HTML(elem_id="unit-cards")
            clause_viewer(assistant, table)
            with gr.Row():
                brief_btn = gr.Button("下载该单位任务清单（Word）", elem_id="export-briefing")
                unit_xlsx = gr.Button("导出该单位责任分工（Excel）", elem_id="export-unit-xlsx")
                all_xlsx = gr.Button("导出全部责任分工矩阵（Excel）", elem_id="export-xlsx")
            export_file = gr.File(label="导出文件", interactive=False, elem_id="export-file")

            def scope(source: str | None) -> list[str] | None:
                return [source] if source else None

            def pick_unit(name: str | None, source: str | None):
                if not name:
                    return "", None, cards(None, views.UNIT_COLUMNS)
                units, frame = views.tasks_of_unit(assistant.library, name, scope(source))
                if not units:
                    return f"文件中没有名为「{name}」的责任单位。", frame, cards(frame, views.UNIT_COLUMNS)
                return f"**{'、'.join(units)}**：共 {len(frame)} 项任务", frame, cards(frame, views.UNIT_COLUMNS)

            def pick_doc(source: str | None):
                names = views.unit_names(assistant.library, source)
                return gr.update(choices=names, value=names[0] if names else None)

            def export(kind: str, name: str | None):
                out = Path(tempfile.mkdtemp())
                if kind == "briefing":
                    b = briefing(assistant.library, name or "")
                    return str(briefing_docx(b, out / f"{b.unit}任务清单.docx")) if b.units else None
                units = views.resolve_units(assistant.library, name) if kind == "unit" else None
                if kind == "unit" and not units:
                    return None
                sheets = views.owner_matrices(assistant.library, units)
                label = "、".join(units) if units else "全部"
                return str(write_xlsx(out / f"责任分工（{label}）.xlsx", sheets))

            doc.change(pick_doc, doc, unit, api_visibility="private")
            unit.change(pick_unit, [unit, doc], [unit_note, table, unit_cards], api_visibility="private")
            brief_btn.click(lambda name: export("briefing", name), unit, export_file, api_visibility="private")
            unit_xlsx.click(lambda name: export("unit", name), unit, export_file, api_visibility="private")
            all_xlsx.click(lambda: export("all", None), None, export_file, api_visibility="private")

            def redraw(source: str | None, name: str | None):
                """The library changed: documents and units as they are now; the primary plan first."""
                docs = doc_choices(assistant.library)
                source = source if source in assistant.library.docs else primary_doc(assistant)
                names = views.unit_names(assistant.library, source)
                return (gr.update(choices=[("全部文件", "")] + docs, value=source or ""),
                        gr.update(choices=names, value=name if name in names else (names[0] if names else None)))

            self.events.listen(redraw, [doc, unit], [doc, unit])
