"""目标指标: every quantified target, and each metric's values on a timeline (75% in 2025 to 80% in 2030)."""
from __future__ import annotations

import gradio as gr
import matplotlib.pyplot as plt

from retrieval.reports import views
from retrieval.assistant import Assistant
from ui.common import cards, clause_viewer, doc_choices, primary_doc
from ui.events import LibraryEvents

COLUMNS = ["年份", "目标值", "指标", "行动", "责任单位", "原文", "文件", "行", "来源"]
MAX_LINES = 12


def values_chart(frame):
    """One line per metric, its values by year; metrics with one year are points."""
    series = views.target_series(frame)
    fig, ax = plt.subplots(figsize=(9, 4))
    shown = sorted(series.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:MAX_LINES]
    for name, points in shown:
        years, values = [p[0] for p in points], [p[1] for p in points]
        ax.plot(years, values, "o-" if len(points) > 1 else "o", label=name[:24])
        for year, value, label in points:
            ax.annotate(label, (year, value), textcoords="offset points", xytext=(4, 4), fontsize=7)
    ax.set_xlabel("年份")
    ax.set_ylabel("目标值（各指标单位见图例）")
    if shown:
        ax.set_xticks(sorted({p[0] for _, points in shown for p in points}))
        ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1, 1))
    ax.set_title(f"各指标目标值随年份（{len(shown)}/{len(series)} 个指标）", fontsize=10)
    fig.tight_layout()
    plt.close(fig)
    return fig


class TargetsTab:
    def __init__(self, assistant: Assistant, events: LibraryEvents) -> None:
        self.assistant = assistant
        self.events = events

    def build(self) -> None:
        assistant = self.assistant
        with gr.Tab("目标指标", id="targets"):
            with gr.Row():
                doc = gr.Dropdown(label="文件", elem_id="targets-doc")
                action = gr.Dropdown(label="行动/部分", elem_id="targets-action")
                unit = gr.Dropdown(label="责任单位", filterable=True, elem_id="targets-unit")
            chart = gr.Plot(label="目标值时间线（按指标）", elem_id="targets-chart")
            table = gr.Dataframe(label="量化目标（点击一行查看原文）", wrap=True, interactive=False, elem_id="targets-table",
                                 elem_classes=["wide-table"],
                                 column_widths=["6%", "8%", "16%", "12%", "14%", "24%", "12%", "4%", "4%"])
            table_cards = gr.HTML()
            clause_viewer(assistant, table, "targets-path")

            def show(source: str | None, act: str | None, who: str | None):
                frame = views.target_rows(assistant.library, source or None, act or None, who or None)
                return values_chart(frame), frame, cards(frame, COLUMNS[:6])

            for control in (doc, action, unit):
                control.change(show, [doc, action, unit], [chart, table, table_cards], api_visibility="private")

            def redraw(source: str | None, act: str | None, who: str | None):
                library = assistant.library
                source = source if source in library.docs else ((primary_doc(assistant) or "") if source is None else "")
                acts = views.actions(library, source or None)
                units = views.unit_names(library, source or None)
                return (gr.update(choices=[("全部文件", "")] + doc_choices(library), value=source),
                        gr.update(choices=[("全部", "")] + [(a, a) for a in acts], value=act if act in acts else ""),
                        gr.update(choices=[("全部", "")] + [(u, u) for u in units], value=who if who in units else ""))

            self.events.listen(redraw, [doc, action, unit], [doc, action, unit])
