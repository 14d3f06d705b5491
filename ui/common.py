"""What every tab of the app shares: its look on a laptop and a phone, fonts for charts, clause display, cards."""
from __future__ import annotations

import html
import re

import gradio as gr

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib import font_manager  # noqa: E402

from retrieval.reports import views  # noqa: E402
from retrieval.search.library import Library  # noqa: E402

CSS = """
.gradio-container {max-width: 1400px !important}
#answer-clause textarea {font-size: 16px}
.cards {display: none}
.card {border: 1px solid #ddd; border-radius: 8px; padding: 8px 10px; margin: 6px 0; font-size: 14px}
.card b {display: inline-block; min-width: 4.5em; color: #555}
@media (max-width: 700px) {
  .gradio-container {padding: 4px !important}
  .tab-wrapper, .tab-container, [role="tablist"] {flex-wrap: wrap !important; overflow: visible !important; height: auto !important}
  [role="tablist"] button, .overflow-dropdown button {flex: 0 0 auto; padding: 4px 8px !important}
  /* the tabs that do not fit stay on screen as a second row, not behind a "…" menu */
  .overflow-menu {display: block !important; width: 100%}
  .overflow-menu > button {display: none !important}
  .overflow-dropdown, .overflow-dropdown.hide {display: flex !important; flex-wrap: wrap; position: static !important;
    box-shadow: none !important; border: none !important; background: transparent !important; padding: 0 !important}
  #chatbot {height: 55vh !important; min-height: 0 !important}
  #chatbot .message {max-width: 100% !important; overflow-wrap: anywhere}
  .wide-table {display: none !important}
  .cards {display: block}
}
"""

# [n] in an answer is a link to its clause; a click picks that citation in the panel beside the chat.
JS = """
() => {
  document.addEventListener('click', (event) => {
    const link = event.target.closest('a[href^="#cite-"]');
    if (!link) return;
    event.preventDefault();
    const n = link.getAttribute('href').slice(6);
    const choice = Array.from(document.querySelectorAll('#cite-pick label')).find(
      (label) => label.innerText.trim().startsWith('[' + n + ']'));
    if (choice) { choice.click(); choice.scrollIntoView({block: 'nearest'}); }
  });
}
"""

# After an answer: show its first line, not its end (the citations).
SCROLL_TO_ANSWER = """
() => {
  setTimeout(() => {
    const bots = document.querySelectorAll('#chatbot .message-row.bot-row, #chatbot .bot-row, #chatbot [data-testid="bot"]');
    const last = bots[bots.length - 1];
    if (last) last.scrollIntoView({block: 'start'});
  }, 50);
}
"""


def use_cjk_font() -> None:
    """Charts label in Chinese: pick an installed CJK font, else matplotlib shows boxes."""
    for path in font_manager.findSystemFonts():
        if any(k in path.lower() for k in ("wqy", "noto", "cjk", "simhei", "droidsansfallback")):
            font_manager.fontManager.addfont(path)
            plt.rcParams["font.sans-serif"] = [font_manager.FontProperties(fname=path).get_name()]
            plt.rcParams["axes.unicode_minus"] = False
            return


def text_of(content: object) -> str:
    """A Chatbot message's text: Gradio 6 hands content back as a list of typed parts."""
    if isinstance(content, list):
        content = "".join(part.get("text", "") for part in content if isinstance(part, dict))
    return html.unescape(content if isinstance(content, str) else str(content or ""))


def linked(answer: str) -> str:
    """[n] markers in an answer's text become links to their clauses (the reference list stays as it is)."""
    body, sep, refs = answer.partition("\n---\n")
    return re.sub(r"(?<!\])\[(\d+)\](?!\()", r"[\[\1\]](#cite-\1)", body) + sep + refs


def clause_of_row(library: Library, source: str, line: int) -> tuple[str, list]:
    clause = views.clause_at(library, source, int(line))
    if clause is None:
        return "", []
    return (f"**{library.docs[clause.source].title}** · {clause.section} · 第{clause.line_start}行",
            views.highlight(clause))


def clause_viewer(assistant, table: gr.Dataframe, path_id: str | None = None) -> None:
    """Under a table of tasks or targets: the row clicked, as its heading path and its whole clause, quote marked.

    The table's 来源 and 行 columns lead to the clause; every tab with such a table shows it the same way.
    """
    path = gr.Markdown(elem_id=path_id)
    clause = gr.HighlightedText(label="原文", color_map={"引用": "yellow"}, show_legend=False,
                                show_inline_category=False, combine_adjacent=True)

    def open_row(frame: pd.DataFrame, event: gr.SelectData) -> tuple[str, list]:
        row = frame.iloc[event.index[0]]
        return clause_of_row(assistant.library, row["来源"], row["行"])

    table.select(open_row, table, [path, clause], api_visibility="private")


def primary_doc(assistant) -> str | None:
    """The primary plan, when the library holds it: the tabs open on it."""
    primary = assistant.settings.primary_doc
    return primary if primary in assistant.library.docs else None


def cards(frame: pd.DataFrame | None, columns: list[str], limit: int = 200) -> str:
    """The rows of a table as cards, for a phone (shown instead of the table on narrow screens)."""
    if frame is None or frame.empty:
        return "<div class='cards'><p>（无）</p></div>"
    out = []
    for _, row in frame.head(limit).iterrows():
        fields = "<br>".join(f"<b>{html.escape(c)}</b>{html.escape(str(row[c]))}" for c in columns if c in row and str(row[c]))
        out.append(f"<div class='card'>{fields}</div>")
    more = f"<p>另有 {len(frame) - limit} 行，请在电脑上查看。</p>" if len(frame) > limit else ""
    return "<div class='cards'>" + "".join(out) + more + "</div>"


def doc_choices(library: Library) -> list[tuple[str, str]]:
    return [(f"{d.title}（{d.source}）", d.source) for d in library.docs.values()]
