"""Files an office files: the ledger and the unit matrix as Excel, the briefing and the ledger as Word.

Excel: one sheet per document, a bold frozen header, column widths, numbers
as numbers. Word: a title, the library's date, a table per document, and the
clause each row cites listed under it as numbered notes with 文号 and heading
path (python-docx writes no real footnotes; numbered notes under the table
print the same way).
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from retrieval.reports.ledger import Briefing, TaskRecord

LEDGER_COLUMNS = [("序号", 6), ("文件", 22), ("所属部分", 28), ("任务", 36), ("牵头单位", 20), ("配合单位", 30),
                  ("量化目标", 36), ("时间节点", 16), ("原文", 60), ("行", 6)]


def _sheet_name(title: str, used: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", "", title)[:28] or "Sheet"
    base, k = name, 2
    while name in used:
        name = f"{base[:26]}{k}"
        k += 1
    used.add(name)
    return name


def _ledger_cells(n: int, r: TaskRecord) -> list[object]:
    return [n, r.title, r.section, r.name.split(" > ")[-1], "、".join(r.lead_units), "、".join(r.other_units),
            r.targets_text(), r.nodes_text(), r.quote, r.line]


def write_xlsx(path: Path, sheets: dict[str, tuple[list[tuple[str, int]], list[list[object]]]]) -> Path:
    """Sheets of (columns with widths, rows), formatted as an office files them."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for title, (columns, rows) in sheets.items():
        sheet = book.create_sheet(_sheet_name(title, used))
        sheet.append([c for c, _ in columns])
        for row in rows:
            sheet.append(row)
        for k, (_, width) in enumerate(columns, 1):
            sheet.column_dimensions[sheet.cell(1, k).column_letter].width = width
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "A2"
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def ledger_xlsx(rows: list[TaskRecord], path: Path) -> Path:
    sheets: dict[str, tuple[list[tuple[str, int]], list[list[object]]]] = {}
    for r in rows:
        columns, cells = sheets.setdefault(r.title, (LEDGER_COLUMNS, []))
        cells.append(_ledger_cells(len(cells) + 1, r))
    return write_xlsx(path, sheets or {"督查台账": (LEDGER_COLUMNS, [])})


def _document(title: str, library_date: str):
    import docx
    from docx.shared import Pt

    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "SimSun"
    style.font.size = Pt(10.5)
    document.add_heading(title, level=0)
    document.add_paragraph(f"依据文件库截至 {library_date} 的文件整理；每项注明所据条文（文号、所属部分、原文）。")
    return document


def _notes(document, notes: list[tuple[int, TaskRecord]]) -> None:
    for n, r in notes:
        number = f"{r.doc_no} · " if r.doc_no else ""
        document.add_paragraph(f"[{n}] 《{r.title}》{number}{r.section}：“{r.quote}”")


def _table(document, header: list[str], rows: list[list[str]]):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
    return table


def briefing_docx(b: Briefing, path: Path, library_date: str | None = None) -> Path:
    """一页纸: every task the unit is named on, a table per document, the cited clauses as numbered notes."""
    document = _document(f"{'、'.join(b.units) or b.unit}任务清单", library_date or date.today().isoformat())
    document.add_paragraph(f"共 {b.count} 项任务。")
    n = 0
    for title, actions in b.documents.items():
        document.add_heading(f"《{title}》", level=1)
        rows, notes = [], []
        for action, records in actions:
            for r in records:
                n += 1
                role = "、".join(f"{r.role(u)}" for u in b.units if u in r.owners)
                rows.append([action, f"{r.name.split(' > ')[-1]} [{n}]", role, r.targets_text(), r.nodes_text()])
                notes.append((n, r))
        _table(document, ["行动/部分", "任务", "角色", "量化目标", "时间节点"], rows)
        document.add_paragraph("所据条文：")
        _notes(document, notes)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def ledger_docx(rows: list[TaskRecord], path: Path, library_date: str | None = None) -> Path:
    document = _document("督查台账", library_date or date.today().isoformat())
    by_title: dict[str, list[TaskRecord]] = {}
    for r in rows:
        by_title.setdefault(r.title, []).append(r)
    n = 0
    for title, records in by_title.items():
        document.add_heading(f"《{title}》", level=1)
        cells, notes = [], []
        for k, r in enumerate(records, 1):
            n += 1
            cells.append([str(k), f"{r.name.split(' > ')[-1]} [{n}]", "、".join(r.lead_units), "、".join(r.other_units),
                          r.targets_text(), r.nodes_text()])
            notes.append((n, r))
        _table(document, ["序号", "任务", "牵头单位", "配合单位", "量化目标", "时间节点"], cells)
        document.add_paragraph("所据条文：")
        _notes(document, notes)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path
