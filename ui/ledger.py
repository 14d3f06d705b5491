"""督查台账: one row per task with its lead and supporting units, targets and time nodes; and what falls due when."""
from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import gradio as gr
import pandas as pd

from retrieval.reports import views
from retrieval.assistant import Assistant
from retrieval.reports.exports import ledger_docx, ledger_xlsx
from retrieval.reports.ledger import ledger, task_records, timeline
from ui.common import cards, clause_viewer, doc_choices, primary_doc
from ui.events import LibraryEvents

COLUMNS = ["序号", "文件", "任务", "牵头单位", "配合单位", "量化目标", "时间节点", "行", "来源"]


def frame_of(rows) -> pd.DataFrame:
    return pd.DataFrame([[k, r.title, r.name, "、".join(r.lead_units), "、".join(r.other_units), r.targets_text(),
                          r.nodes_text(), r.line, r.source] for k, r in enumerate(rows, 1)], columns=COLUMNS)


def timeline_md(items, this_year: int) -> str:
    """Years on an axis, this year marked: what falls due this year, what next."""
    lines = []
    for year, entries in items:
        mark = "（今年）" if year == this_year else ("（已过）" if year < this_year else "")
        lines.append(f"### {year} 年{mark} · {len(entries)} 项")
        for record, what in entries[:40]:
            lines.append(f"- {what} — {record.name}（{'、'.join(record.lead_units)}）《{record.title}》")
        if len(entries) > 40:
            lines.append(f"- ……另有 {len(entries) - 40} 项，见台账")
    return "\n".join(lines) or "（没有带年份的任务）"


class LedgerTab:
    def __init__(self, assistant: Assistant, events: LibraryEvents) -> None:
        self.assistant = assistant
        self.events = events

    def build(self) -> None:
        assistant = self.assistant
        with gr.Tab("督查台账", id="ledger"):
            with gr.Row():
                doc = gr.Dropdown(label="文件", elem_id="ledger-doc")
                unit = gr.Dropdown(label="单位", filterable=True, allow_custom_value=True, elem_id="ledger-unit")
                year = gr.Dropdown(label="年份", elem_id="ledger-year")
                action = gr.Dropdown(label="行动/部分", elem_id="ledger-action")
            count = gr.Markdown(elem_id="ledger-count")
            table = gr.Dataframe(label="台账（点击一行查看原文）", wrap=True, interactive=False, elem_id="ledger-table",
                                 elem_classes=["wide-table"],
                                 column_widths=["5%", "12%", "24%", "11%", "16%", "18%", "8%", "3%", "3%"])
            table_cards = gr.HTML()
            clause_viewer(assistant, table)
            with gr.Row():
                xlsx = gr.Button("导出台账（Excel）", elem_id="ledger-xlsx")
                word = gr.Button("导出台账（Word）", elem_id="ledger-docx")
            export_file = gr.File(label="导出文件", interactive=False, elem_id="ledger-file")
            with gr.Accordion("时间线：哪年到期", open=True):
                line = gr.Markdown(elem_id="ledger-timeline")

            def rows(source, who, when, act):
                return ledger(assistant.library, [source] if source else None, who or None, int(when) if when else None,
                              act or None)

            def show(source, who, when, act):
                found = rows(source, who, when, act)
                frame = frame_of(found)
                items = timeline(assistant.library, [source] if source else None, who or None)
                return (f"共 {len(found)} 项任务", frame, cards(frame, COLUMNS[1:7]),
                        timeline_md(items, date.today().year))

            def export(kind, source, who, when, act):
                out = Path(tempfile.mkdtemp()) / f"督查台账.{kind}"
                found = rows(source, who, when, act)
                return str(ledger_xlsx(found, out) if kind == "xlsx" else ledger_docx(found, out))

            filters = [doc, unit, year, action]
            for control in filters:
                control.change(show, filters, [count, table, table_cards, line], api_visibility="private")
            xlsx.click(lambda *f: export("xlsx", *f), filters, export_file, api_visibility="private")
            word.click(lambda *f: export("docx", *f), filters, export_file, api_visibility="private")

            def redraw(source, who, when, act):
                library = assistant.library
                source = source if source in library.docs else ((primary_doc(assistant) or "") if source is None else "")
                years = sorted({str(y) for y, _ in timeline(library, [source] if source else None)})
                acts = sorted({r.action for r in task_records(library, [source] if source else None)})
                units = views.unit_names(library, source or None)
                return (gr.update(choices=[("全部文件", "")] + doc_choices(library), value=source),
                        gr.update(choices=[("全部", "")] + [(u, u) for u in units], value=who if who in units else ""),
                        gr.update(choices=[("全部", "")] + [(y, y) for y in years], value=when if when in years else ""),
                        gr.update(choices=[("全部", "")] + [(a, a) for a in acts], value=act if act in acts else ""))

            self.events.listen(redraw, filters, filters)
