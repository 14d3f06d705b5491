"""A PDF's text layer rebuilt into paragraphs from its layout.

Published plans are typeset: every visual line ends where the page does, so
the text layer breaks sentences, unit names and figures mid-way ("市工业和信息
\\n化局", "负\\n责）"). Paragraphs are rebuilt from where each line sits: a line
that starts at the left margin after a line that ran to the right margin
continues it; an indented line, or one after a short line, starts a new one.

The characters are pypdf's, exactly as `extract_text` gives them (its visitor
reports each run of text with its position), so every quote cut from this text
is, whitespace aside, a substring of what any pypdf reader of the file sees.
Page-number lines ("- 3 -") are dropped as they are by such readers.
"""
from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

PAGE_NUMBER = re.compile(r"^\s*[-—–]?\s*\d{1,3}\s*[-—–]?\s*$")  # dropped, as every reader of the text layer does
# Page numbers in other dashes ("― 8 ―") stay in the text, on a line of their own, so quotes stay verbatim
# for readers that keep them; the grammar skips them and the paragraph runs on after them.
PAGE_MARK = re.compile(r"^\s*[―－‒]\s*\d{1,3}\s*[―－‒]\s*$")
_HALF_WIDTH = re.compile(r"[\x20-\x7e]")
_TERMINAL = tuple("。；;！!？?：:")


@dataclass
class Line:
    """One visual line: its text and where it starts and (roughly) ends on the page."""

    text: str
    page: int
    x0: float = 0.0
    x1: float = 0.0
    size: float = 0.0
    runs: list[tuple[float, str]] = field(default_factory=list)


def _units(text: str) -> float:
    """Width in em: a Chinese character is one, an ASCII character half."""
    return sum(0.5 if _HALF_WIDTH.match(ch) else 1.0 for ch in text)


class PasswordRequired(ValueError):
    """The PDF opens only with a password."""


def read_lines(path: Path) -> list[Line]:
    """Every visual line of every page, with the x of its first character and its font size."""
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    if reader.is_encrypted and not reader.decrypt(""):
        raise PasswordRequired(str(path))
    lines: list[Line] = []
    for number, page in enumerate(reader.pages, 1):
        current = Line("", number)
        page_lines = [current]

        def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
            nonlocal current
            for k, piece in enumerate(text.split("\n")):
                if k:
                    current = Line("", number)
                    page_lines.append(current)
                if not piece:
                    continue
                x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
                scale = abs(cm[0] * tm[0]) or 1.0
                if piece.strip():
                    current.runs.append((x, piece))
                    current.size = current.size or size * scale
                current.text += piece

        page.extract_text(visitor_text=visit)
        lines += [ln for ln in page_lines if not PAGE_NUMBER.match(ln.text)]
    return lines


def _margins(lines: list[Line]) -> dict[int, tuple[float, float]]:
    """Per page, (left margin, right margin) of the body text.

    The left margin is where most long lines start (odd and even pages may
    differ); a line's end is estimated from its characters at its font size,
    which holds for justified text too, and the right margin is where nine in
    ten of the lines that start at the left margin end.
    """
    for ln in lines:
        if ln.runs and not ln.x1:  # OCR boxes come with their ends
            ln.x0 = ln.runs[0][0]
            last_x, last_text = ln.runs[-1]
            ln.x1 = last_x + _units(last_text.rstrip()) * (ln.size or 12.0)
    long_lines = [ln for ln in lines if ln.runs and _units(ln.text.strip()) >= 10]
    overall = Counter(round(ln.x0) for ln in long_lines).most_common(1)
    default_left = float(overall[0][0]) if overall else 0.0
    out: dict[int, tuple[float, float]] = {}
    for page in {ln.page for ln in lines}:
        mine = [ln for ln in long_lines if ln.page == page]
        counts = Counter(round(ln.x0) for ln in mine).most_common(1)
        left = float(counts[0][0]) if counts and counts[0][1] >= 2 else default_left
        ends = sorted(ln.x1 for ln in mine if abs(ln.x0 - left) < (ln.size or 12.0) / 2)
        right = ends[int(len(ends) * 0.9)] if ends else max((ln.x1 for ln in mine), default=0.0)
        out[page] = (left, right)
    return out


def paragraphs(lines: list[Line]) -> tuple[list[str], list[int]]:
    """Join the visual lines of each paragraph; keep every character, drop only line breaks.

    Also returns where the printed lines ended inside the joined text
    (offsets into "\n".join(paragraphs)), so a citation can be widened to
    whole printed lines, as a reader of the PDF sees them.
    """
    margins = _margins(lines)
    body = statistics.median([ln.size for ln in lines if ln.size] or [0.0])
    out: list[str] = []
    breaks: list[int] = []
    offset = 0  # where out[-1] starts in the joined text
    previous: Line | None = None
    for ln in lines:
        text = ln.text.strip()
        if not text:
            continue
        if PAGE_MARK.match(text) and out:
            out[-1] += "\n" + text  # kept on its own line inside the paragraph; `previous` stays the line before it
            continue
        em = ln.size or 12.0
        left, right = margins[ln.page]
        same_size = previous is not None and abs(previous.size - ln.size) < max(1.0, 0.2 * ln.size)
        wrapped = (
            previous is not None
            and previous.x1 >= margins[previous.page][1] - 1.5 * em
            and abs(ln.x0 - left) < em / 2
        )
        # a title set in large type over two or three centred lines is one title
        centre = (left + right) / 2
        title = (
            previous is not None
            and ln.size > body + 1.0
            and previous.x0 > margins[previous.page][0] + em
            and ln.x0 > left + em
            and abs((ln.x0 + ln.x1) / 2 - centre) < 6 * em
            and not previous.text.rstrip().endswith(_TERMINAL)
            and len(out[-1]) < 40 if out else False
        )
        if out and same_size and (wrapped or title):
            breaks.append(offset + len(out[-1]))
            out[-1] += text
        else:
            if out:
                offset += len(out[-1]) + 1
            out.append(text)
        previous = ln
    return out, breaks


def ocr_lines(path: Path, scale: float = 2.0) -> list[Line]:
    """The lines of a scanned PDF, read by OCR: RapidOCR's PP-OCR models ship inside its wheel and run on the CPU.

    Each recognised box becomes a line at its place on the page, so the same
    layout rules rebuild the paragraphs.
    """
    import numpy as np
    import pypdfium2
    from rapidocr_onnxruntime import RapidOCR

    engine = RapidOCR()
    lines: list[Line] = []
    document = pypdfium2.PdfDocument(str(path))
    for number in range(len(document)):
        image = document[number].render(scale=scale).to_pil().convert("RGB")
        found, _ = engine(np.array(image))
        for box, text, _score in sorted(found or [], key=lambda r: (round(r[0][0][1] / 8), r[0][0][0])):
            xs = [p[0] / scale for p in box]
            ys = [p[1] / scale for p in box]
            line = Line(text, number + 1, min(xs), max(xs), max(ys) - min(ys))
            line.runs = [(min(xs), text)]
            lines.append(line)
    return [ln for ln in lines if not PAGE_NUMBER.match(ln.text)]


def has_text_layer(path: Path) -> bool:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    if reader.is_encrypted and not reader.decrypt(""):
        raise PasswordRequired(str(path))
    return any(re.search(r"[\u4e00-\u9fff]", page.extract_text() or "") for page in reader.pages)


def pdf_text(path: Path) -> tuple[str, list[int]]:
    """The PDF's text, one paragraph a line, and the offsets where its printed lines wrapped.

    A scan (no text layer) is read by OCR.
    """
    lines = read_lines(path) if has_text_layer(path) else ocr_lines(path)
    out, breaks = paragraphs(lines)
    return "\n".join(out), breaks
