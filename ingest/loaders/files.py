"""Turn a user's file into plain text lines, whatever its format and encoding.

Plans arrive as UTF-8 or GB18030 text exported from office systems, as Word
files, PDFs and saved web pages. Everything downstream works on one string
with "\\n" line ends, so this is the only place that knows about formats.
"""
from __future__ import annotations

import logging
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ingest.loaders.errors import Problem, UnreadableFile

SUPPORTED = (".txt", ".md", ".docx", ".pdf", ".html", ".htm")
log = logging.getLogger("policyqa")
__all__ = ["SUPPORTED", "LoadedText", "UnreadableFile", "decode", "load_text"]


@dataclass(frozen=True)
class LoadedText:
    text: str
    encoding: str
    breaks: tuple[int, ...] = ()  # offsets where a printed line wrapped inside a paragraph (PDFs)


def decode(data: bytes) -> LoadedText:
    """Decode bytes as UTF-8 (with or without BOM), else GB18030, else refuse.

    GB18030 is a superset of GBK and GB2312, so it covers what Chinese office
    software writes; charset-normalizer is only the last resort for the rest.
    """
    if not data.strip():
        raise UnreadableFile(Problem.EMPTY)
    if b"\x00" in data[:4096]:
        raise UnreadableFile(Problem.BINARY)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return LoadedText(_normalise_newlines(data.decode(encoding)), encoding)
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise UnreadableFile(Problem.ENCODING)
    return LoadedText(_normalise_newlines(str(best)), best.encoding)


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _docx_text(path: Path) -> str:
    import docx

    if not zipfile.is_zipfile(path) or "[Content_Types].xml" not in zipfile.ZipFile(path).namelist():
        raise UnreadableFile(Problem.NOT_WORD)
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def _pdf_text(path: Path) -> tuple[str, list[int]]:
    from ingest.loaders.pdf import PasswordRequired, pdf_text

    try:
        text, breaks = pdf_text(path)
    except PasswordRequired as exc:
        raise UnreadableFile(Problem.PASSWORD) from exc
    if not text.strip():
        raise UnreadableFile(Problem.SCAN)
    return text, breaks


def _html_text(data: bytes) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(decode(data).text, "html.parser")
    for tag in soup(["script", "style", "noscript"]):
        tag.decompose()
    return soup.get_text("\n")


def load_text(path: Path) -> LoadedText:
    """Read one file as text lines; raise UnreadableFile with the reason."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise UnreadableFile(Problem.MISSING)
    if suffix not in SUPPORTED:
        raise UnreadableFile(Problem.UNSUPPORTED, suffix=suffix or "(无扩展名)")
    if path.stat().st_size == 0:
        raise UnreadableFile(Problem.EMPTY)
    breaks: list[int] = []
    try:
        if suffix == ".docx":
            text, encoding = _docx_text(path), "docx"
        elif suffix == ".pdf":
            (text, breaks), encoding = _pdf_text(path), "pdf"
        elif suffix in (".html", ".htm"):
            text, encoding = _html_text(path.read_bytes()), "html"
        else:
            return decode(path.read_bytes())
    except UnreadableFile:
        raise
    except Exception as exc:  # a corrupt docx/pdf raises library-specific errors, in English
        log.warning("cannot read %s: %s", path.name, exc)
        raise UnreadableFile(Problem.DAMAGED) from exc
    if not breaks:
        text = _normalise_newlines(text)
    if not text.strip():
        raise UnreadableFile(Problem.SCAN if suffix == ".pdf" else Problem.EMPTY)
    return LoadedText(text, encoding, tuple(breaks))
