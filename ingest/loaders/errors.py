"""What can go wrong with a file, said once, in Chinese, with what to do about it.

The CLI, the app and the batch API all print these; the library's own
exception (in English, about zip members and PDF streams) goes to the log.
"""
from __future__ import annotations

from enum import Enum


class Problem(str, Enum):
    MISSING = "missing"
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    UNSUPPORTED = "unsupported"
    DAMAGED = "damaged"
    PASSWORD = "password"
    NOT_WORD = "not_word"
    SCAN = "scan"
    BINARY = "binary"
    ENCODING = "encoding"
    NO_CLAUSES = "no_clauses"
    BAD_NAME = "bad_name"
    NO_ACCESS = "no_access"


MESSAGES: dict[Problem, str] = {
    Problem.MISSING: "文件不存在，请检查路径",
    Problem.EMPTY: "文件为空",
    Problem.TOO_LARGE: "文件超过大小上限 {limit} MB，请拆分或压缩后再导入",
    Problem.UNSUPPORTED: "不支持的文件类型 {suffix}，支持 .txt .md .docx .pdf .html",
    Problem.DAMAGED: "文件已损坏，请重新下载",
    Problem.PASSWORD: "需要密码，请另存为无密码版本",
    Problem.NOT_WORD: "不是 Word 文件（.docx），请用 Word 另存为 .docx",
    Problem.SCAN: "扫描件，无法识别文字，请提供带文字层的版本",
    Problem.BINARY: "文件是二进制内容，不是文本",
    Problem.ENCODING: "无法识别文件编码，请另存为 UTF-8",
    Problem.NO_CLAUSES: "没有识别出任何条文",
    Problem.BAD_NAME: "文件名无效",
    Problem.NO_ACCESS: "无法读取文件（没有权限或正被占用），请检查后重试",
}


class UnreadableFile(ValueError):
    """A file that cannot become policy text; `problem` says which, the message says it in Chinese."""

    def __init__(self, problem: Problem, **values: object) -> None:
        self.problem = problem
        super().__init__(MESSAGES[problem].format(**values))
