"""Words for the keyword index: jieba's cut of a text, with the units and headings of the plans added to its dictionary.

Used at ingest, where each chunk's words are computed once and stored with it,
and at question time, where a question is cut the same way.
"""
from __future__ import annotations

import logging
import re
from functools import lru_cache

import jieba

jieba.setLogLevel(logging.WARNING)
TOKEN = re.compile(r"\d+(?:[+＋]\d+)+|[\u4e00-\u9fff]+|[a-zA-Z]+|\d+(?:\.\d+)?%?")


def known_words() -> dict[str, int]:
    """jieba's dictionary (and the words added to it): what counts as a real word."""
    jieba.dt.check_initialized()
    return jieba.dt.FREQ


def add_words(words: list[str]) -> None:
    for w in words:
        if 2 <= len(w) <= 20:
            jieba.add_word(w, freq=2000)
    tokens.cache_clear()


@lru_cache(maxsize=8192)
def tokens(text: str) -> tuple[str, ...]:
    """Search-mode words plus the two-character parts of long words, for BM25.

    The parts make a match independent of where jieba happens to cut: a
    question's "碳普惠有" still meets a clause's "碳普惠机制" through "普惠".
    """
    out = []
    for piece in TOKEN.findall(text.lower()):
        if piece[0].isascii():
            out.append(piece)
            continue
        for w in jieba.lcut_for_search(piece):
            if not w.strip():
                continue
            out.append(w)
            if len(w) >= 3:
                out.extend(w[i : i + 2] for i in range(len(w) - 1))
    return tuple(out)
