"""Turn a user's file into plain text lines, whatever its format and encoding.

Plans arrive as UTF-8 or GB18030 text exported from office systems, as Word
files, PDFs and saved web pages. Everything downstream works on one string
with "\\n" line ends, so this is the only place that knows about formats.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SUPPORTED = (".txt", ".md", ".docx", ".pdf", ".html", ".htm")


class UnreadableFile(ValueError):
    """A file that cannot become policy text; the message says why, in Chinese."""


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
        raise UnreadableFile("文件为空")
    if b"\x00" in data[:4096]:
        raise UnreadableFile("文件是二进制内容，不是文本")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return LoadedText(_normalise_newlines(data.decode(encoding)), encoding)
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise UnreadableFile("无法识别文件编码")
    return LoadedText(_normalise_newlines(str(best)), best.encoding)


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _docx_text(path: Path) -> str:
    import docx

    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def _pdf_text(path: Path) -> tuple[str, list[int]]:
    from ingest.pdf import pdf_text

    text, breaks = pdf_text(path)
    if not text.strip():
        raise UnreadableFile("PDF 没有文字层（可能是扫描件），请先做文字识别")
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
    if suffix not in SUPPORTED:
        raise UnreadableFile(f"不支持的文件类型 {suffix or '(无扩展名)'}，支持 {' '.join(SUPPORTED)}")
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
    except Exception as exc:  # a corrupt docx/pdf raises library-specific errors
        raise UnreadableFile(f"文件无法解析：{exc}") from exc
    if not breaks:
        text = _normalise_newlines(text)
    if not text.strip():
        raise UnreadableFile("文件中没有文字")
    return LoadedText(text, encoding, tuple(breaks))
