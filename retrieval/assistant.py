"""The one API the CLI, the batch command and the UI all call.

It owns the index and an in-memory library rebuilt from it. Ingests run under
a lock and the library is swapped in whole once an ingest has finished, so
readers always see the last complete index.
"""
from __future__ import annotations

import fcntl
import json
import logging
import re
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
import unicodedata
from pathlib import Path

from langchain_core.embeddings import Embeddings

from ingest.storage.embedding import load_embeddings
from ingest.storage.index import GRACE_SECONDS, DocumentRecord, PolicyIndex
from ingest.pipeline import IngestReport, Progress, add_files, remove_document, sync_corpus
from ingest.settings import Settings
from ingest.grammar.structure import heading_title
from retrieval.answers.answer import Answer, Composer
from retrieval.search.hybrid import HybridSearch
from retrieval.questions.intent import Reader, Turn, is_follow_up
from retrieval.search.library import Library
from retrieval.answers.llm import LLMAnswerer, LLMSettings
from retrieval.questions.words import add_words

log = logging.getLogger("policyqa")
MAX_QUESTION_CHARS = 500
REFRESH_SECONDS = 2.0


@contextmanager
def ingest_lock(data_dir: Path, index: PolicyIndex):
    """One ingest at a time: across processes on this machine (a lock file), and across every machine that shares
    a Chroma server (a lock in the store)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with open(data_dir / "ingest.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            with index.writing():
                yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
_MARKUP = re.compile(r"<(script|style)\b.*?(</\1\s*>|$)|<[^<>]*>", re.IGNORECASE | re.DOTALL)


@lru_cache(maxsize=1)
def _to_simplified():
    import opencc

    return opencc.OpenCC("t2s")


def clean_question(text: str) -> str:
    """Drop pasted markup and control characters; read 繁體 as simplified; fold full-width ＡＢＣ１２３."""
    text = _MARKUP.sub(" ", text or "")
    text = _to_simplified().convert(_CONTROL.sub("", text))
    text = "".join(unicodedata.normalize("NFKC", ch) if ch.isalnum() and ord(ch) > 0xFF00 else ch for ch in text)
    return text.strip()


@dataclass(frozen=True)
class _View:
    library: Library
    composer: Composer
    reader: Reader
    generation: int


class Assistant:
    def __init__(self, settings: Settings | None = None, embeddings: Embeddings | None = None) -> None:
        """`embeddings` replaces the configured model (fast tests pass a deterministic fake)."""
        self.settings = settings or Settings.from_env()
        self.embeddings = embeddings or load_embeddings(self.settings)
        identity = getattr(self.embeddings, "identity", None) or f"{type(self.embeddings).__name__}"
        self.index = PolicyIndex(self.settings, self.embeddings, identity)
        self._write_lock = threading.Lock()
        self._build_lock = threading.Lock()
        self._checked = 0.0
        self._swept = time.monotonic()
        self._generation = -1
        self._pinned: tuple = ()
        self._view: _View | None = None
        llm_settings = LLMSettings.from_env()
        self.llm = LLMAnswerer(llm_settings, lambda: self.library) if llm_settings else None
        self.reload()

    def reload(self) -> None:
        """Point at the newest complete index; the in-memory library is read from it when first needed.

        An ingest from the command line never pays for reading the library and
        building its keyword index; a question builds them once per generation.
        """
        self.index.open()
        self._pinned = (self.index.number, self.index.registry, self.index.collection, self.index.sentences,
                        self.index.store)
        self._generation = self.index.number

    def _current(self) -> "_View":
        """The library, composer and reader of the pinned generation, built together and swapped in at once."""
        with self._build_lock:
            number, registry, collection, sentences, store = self._pinned
            if self._view is None or self._view.generation != number:
                library = Library(self.index.documents(registry), self.index.document_texts(registry),
                                  self.index.chunks(collection))
                add_words(sorted(library.aliases.units) + [heading_title(l) for c in library.chunks for _, l in c.path])
                search = HybridSearch(library, self.index, store, self.index.sentence_vectors(sentences))
                composer = Composer(library, search)
                self._view = _View(library, composer, Reader(library, self.settings.primary_doc), number)
            return self._view

    @property
    def library(self) -> Library:
        return self._current().library

    @property
    def composer(self) -> Composer:
        return self._current().composer

    @property
    def reader(self) -> Reader:
        return self._current().reader

    @property
    def generation(self) -> int:
        """The index generation the answers come from (it moves with every ingest, here or elsewhere)."""
        return self._generation

    def refresh(self, every: float = REFRESH_SECONDS) -> None:
        """Pick up an ingest another process (or app instance) finished; keep serving if the store is away."""
        now = time.monotonic()
        if now - self._checked < every:
            return
        self._checked = now
        if not self._write_lock.acquire(blocking=False):
            return  # an ingest in this process is running; it reloads when it commits
        try:
            if self.index.live_number() != self._generation:
                self.reload()
            elif now - self._swept > GRACE_SECONDS:
                self._swept = now
                self.index.cleanup(unfinished=False)  # replaced generations, once their grace is over
        except Exception as exc:  # the store is unreachable: answer from the library in memory
            log.warning("index check failed, serving the last loaded index: %s", exc)
        finally:
            self._write_lock.release()

    def warm(self) -> None:
        """Load now what the first questions would wait for: the model, the keyword index, jieba's dictionary, the
        library's word postings, and (for the first English question) the dictionary read backwards (1.8 s)."""
        self.ask("谁负责绿色商场创建工作?")
        self.ask("Who is responsible for green malls?")

    # --- questions -----------------------------------------------------------
    def ask(self, question: str, history: list[tuple[str, str]] | None = None,
            sources: list[str] | None = None, previous: Turn | None = None) -> Answer:
        """One answer. `history` is the conversation as text; `previous` the turn before as data (the app keeps it).

        `sources` limits the documents; None or an empty list means the whole library.
        """
        text = clean_question(question)
        if not text:
            return Answer("请输入问题，例如：“谁负责绿色商场创建工作？”", False, "empty")
        if len(text) > MAX_QUESTION_CHARS:
            return Answer(f"问题过长（{len(text)} 字），请精简到 {MAX_QUESTION_CHARS} 字以内再问。", False, "invalid")
        self.refresh()
        view = self._current()
        composer, reader = view.composer, view.reader
        history = [(clean_question(q), a or "") for q, a in (history or [])][-6:]
        q = reader.analyse(text, history, sources or None, previous)
        if self.llm is None:
            answer = composer.answer(q)
            if not answer.found and q.anchor is None and (history or previous) and not is_follow_up(text, composer.library):
                again = composer.answer(reader.analyse(text, history, sources or None, previous, follow=True))
                return again if again.found else answer
            return answer
        if history and q.anchor is None and is_follow_up(text, composer.library):
            standalone = self.llm.rewrite(text, history)
            if standalone:
                q = reader.analyse(standalone, [], sources or None)
        return self.llm.compose(text, composer.answer(q))

    # --- the library ----------------------------------------------------------
    def documents(self) -> list[DocumentRecord]:
        return [d.record for d in self.library.docs.values()]

    def sync(self, progress: Progress | None = None) -> list[IngestReport]:
        with self._write_lock, ingest_lock(self.settings.data_dir, self.index):
            reports = sync_corpus(self.index, self.settings.corpus_dir, self.settings.max_file_mb, progress)
            self.reload()
        return reports

    def add(self, paths: list[Path], progress: Progress | None = None) -> list[IngestReport]:
        with self._write_lock, ingest_lock(self.settings.data_dir, self.index):
            reports = add_files(self.index, self.settings.corpus_dir, paths, self.settings.max_file_mb, progress)
            self.reload()
        return reports

    def remove(self, source: str) -> IngestReport:
        with self._write_lock, ingest_lock(self.settings.data_dir, self.index):
            report = remove_document(self.index, self.settings.corpus_dir, source)
            self.reload()
        return report

    def compact_store(self) -> None:
        """Give the store's free space back (see PolicyIndex.compact): for a moment when nothing else reads it."""
        with self._write_lock, ingest_lock(self.settings.data_dir, self.index):
            self.index.cleanup()
            self.index.compact(full=True)
            self.reload()

    def record_feedback(self, entry: dict) -> None:
        """Append a 👍/👎 with its question, answer and comment for the team to review."""
        path = self.settings.feedback_path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._write_lock, path.open("a", encoding="utf-8") as f:
            f.write(json.dumps(entry, ensure_ascii=False) + "\n")

    def ensure_ingested(self) -> list[IngestReport]:
        """Index the corpus folder on first use; later calls cost a registry read."""
        if self.library.docs:
            return []
        return self.sync()

