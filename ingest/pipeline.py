"""Files in, index out: read, parse, chunk, embed, store; one report per file.

A file that cannot be read is reported and skipped while the rest ingests;
an unchanged file (same content hash) costs nothing; the corpus folder is the
library, so a file removed from it leaves the index too.
"""
from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

from ingest.grammar.chunks import chunk_document, content_hash
from ingest.storage.index import DocumentRecord, PolicyIndex
from ingest.loaders.errors import Problem, UnreadableFile
from ingest.loaders.files import load_text
from ingest.storage.manifest import file_hash as hash_of, library_files, mark, remember
from ingest.grammar.structure import PARSER_VERSION, parse


@dataclass
class IngestReport:
    source: str
    status: str  # added | updated | unchanged | duplicate | refused | removed
    message: str
    n_tasks: int = 0
    n_targets: int = 0
    n_chunks: int = 0
    file_hash: str = ""  # set when an unchanged document's record should learn its file's bytes

    @property
    def ok(self) -> bool:
        return self.status != "refused"


Progress = Callable[[float, str], None]


class Pace:
    """One stage of an ingest on the progress bar (from `start` to `end`), with the time left at the pace so far.

    Reading a library is counted in files, writing it in chunks: embedding is
    the heavy step, and a long plan weighs more than a short notice.
    """

    def __init__(self, progress: Progress | None, start: float, end: float, total: int, unit: str) -> None:
        self.progress, self.start, self.end, self.total, self.unit = progress, start, end, max(total, 1), unit
        self.began = time.monotonic()

    def report(self, done: int, what: str) -> None:
        if self.progress is None:
            return
        elapsed = time.monotonic() - self.began
        left = f"，约剩 {_duration(elapsed * (self.total - done) / done)}" if done and elapsed > 2 else ""
        self.progress(self.start + (self.end - self.start) * done / self.total,
                      f"{what}（{done}/{self.total} {self.unit}{left}）")


def _duration(seconds: float) -> str:
    return f"{seconds:.0f} 秒" if seconds < 90 else f"{seconds / 60:.0f} 分钟"


def safe_name(name: str) -> str:
    """A file name that cannot climb out of the corpus folder."""
    base = Path(name.replace("\\", "/")).name.strip().lstrip(".")
    if not base or base in (".", ".."):
        raise UnreadableFile(Problem.BAD_NAME)
    return base


def _meta_dict(parsed) -> dict[str, dict[str, str | int]]:
    fields = {"title": parsed.meta.title, "doc_no": parsed.meta.doc_no, "issuer": parsed.meta.issuer, "date": parsed.meta.date}
    return {k: f.__dict__ for k, f in fields.items() if f is not None}


@dataclass
class Prepared:
    """A document read, parsed and chunked, waiting to be written."""

    record: DocumentRecord
    text: str
    chunks: list


def unchanged_message(source: str) -> str:
    return f"{source}：未变化"


def _unchanged(previous: DocumentRecord, file_hash: str = "") -> IngestReport:
    return IngestReport(previous.source, "unchanged", unchanged_message(previous.source), previous.n_tasks, previous.n_targets,
                        previous.n_chunks, file_hash if file_hash != previous.file_hash else "")


def prepare(path: Path, source: str, max_mb: float, known: dict[str, DocumentRecord], model_id: str,
            ) -> tuple[IngestReport, Prepared | None]:
    """Read and parse one file; the report says what will happen to it."""
    try:
        if not path.is_file():
            raise UnreadableFile(Problem.MISSING)
        if path.stat().st_size > max_mb * 1024 * 1024:
            raise UnreadableFile(Problem.TOO_LARGE, limit=f"{max_mb:g}")
        try:
            file_hash = hash_of(path)
        except OSError:
            raise UnreadableFile(Problem.NO_ACCESS) from None
        previous = known.get(source)
        current = previous is not None and previous.embed_model == model_id and previous.parser == PARSER_VERSION
        if current and previous.file_hash == file_hash:
            return _unchanged(previous), None  # the same bytes: no need to read a PDF again
        loaded = load_text(path)
    except UnreadableFile as exc:
        return IngestReport(source, "refused", f"{source}：{exc}"), None
    doc_hash = content_hash(loaded.text)[:12]
    if current and previous.doc_hash == doc_hash:
        return _unchanged(previous, file_hash), None
    twin = next((r for r in known.values() if r.doc_hash == doc_hash and r.source != source), None)
    if twin is not None:
        return IngestReport(source, "duplicate", f"{source}：与已入库的 {twin.source} 内容相同，未重复入库"), None
    parsed = parse(loaded.text, source)
    chunks = chunk_document(parsed)
    if not chunks:
        return IngestReport(source, "refused", f"{source}：{UnreadableFile(Problem.NO_CLAUSES)}"), None
    n_tasks = len({c.unit for c in chunks if c.kind == "task"})
    n_targets = sum(len(c.targets) for c in chunks)
    m = parsed.meta
    record = DocumentRecord(
        source=source, title=parsed.title, doc_hash=doc_hash, meta=_meta_dict(parsed), n_chunks=len(chunks),
        n_tasks=n_tasks, n_targets=n_targets, indexed_at=datetime.now().isoformat(timespec="seconds"),
        encoding=loaded.encoding, embed_model=model_id, issuers=list(m.issuers), level=m.level,
        place=[m.place.province, m.place.city, m.place.district], kind=m.kind, breaks=list(loaded.breaks),
        file_hash=file_hash, parser=PARSER_VERSION,
    )
    status, verb = ("updated", "已更新") if previous is not None else ("added", "已入库")
    message = f"{source}：{verb}，《{parsed.title}》，{n_tasks} 项任务，{n_targets} 个目标，{len(chunks)} 个片段"
    return IngestReport(source, status, message, n_tasks, n_targets, len(chunks)), Prepared(record, loaded.text, chunks)


def write(index: PolicyIndex, prepared: list[Prepared], drop: set[str], progress: Progress | None) -> None:
    """Write one new generation: everything kept, minus `drop`, plus the prepared documents."""
    replaced = {p.record.source for p in prepared} | drop
    generation = index.begin()
    generation.keep([r.source for r in index.documents() if r.source not in replaced])
    pace, done = Pace(progress, 0.5, 1.0, sum(len(p.chunks) for p in prepared), "块"), 0
    for item in prepared:
        pace.report(done, f"正在嵌入并写入 {item.record.source}")
        generation.put(item.record, item.text, item.chunks)
        done += len(item.chunks)
    generation.commit()


def sync_corpus(index: PolicyIndex, corpus_dir: Path, max_mb: float, progress: Progress | None = None) -> list[IngestReport]:
    """Make the index hold exactly the corpus folder's readable documents."""
    files = library_files(corpus_dir)
    index.open()  # plan against the live generation, which another process may have moved on
    known = {r.source: r for r in index.documents()}
    reports, prepared = [], []
    pace = Pace(progress, 0.0, 0.5, len(files), "个文件")
    for i, path in enumerate(files):
        pace.report(i, f"正在读取 {path.name}")
        report, item = prepare(path, path.name, max_mb, known | {p.record.source: p.record for p in prepared},
                               index.model_id)
        reports.append(report)
        if item is not None:
            prepared.append(item)
    index.remember_file_hashes({r.source: r.file_hash for r in reports if r.file_hash})
    removed = set(known) - {p.name for p in files}
    reports += [IngestReport(s, "removed", f"{s}：文件已不在语料目录，已从索引移除") for s in sorted(removed)]
    if prepared or removed:
        write(index, prepared, removed, progress)
    else:  # nothing changed: still drop what earlier runs left once its readers have moved on
        index.cleanup()
        index.compact()
    if all(r.ok for r in reports):
        _remember_folder(index, files, reports)
    if progress:
        progress(1.0, "完成")
    return reports


def _remember_folder(index: PolicyIndex, files: list[Path], reports: list[IngestReport]) -> None:
    """Leave the folder's marks in an embedded store, so the next unchanged sync need not open it (manifest.py)."""
    if index.path is None:
        return
    hashes = {r.source: r.file_hash for r in index.documents()}
    said = {r.source: r.message for r in reports if r.status == "duplicate"}
    remember(index.path, index.model_id, PARSER_VERSION,
             {p.name: mark(p, hashes.get(p.name, ""), said.get(p.name, unchanged_message(p.name))) for p in files})


def add_files(index: PolicyIndex, corpus_dir: Path, paths: list[Path], max_mb: float,
              progress: Progress | None = None) -> list[IngestReport]:
    """Index new files and keep a copy in the corpus folder; refused files are not kept."""
    index.open()
    known = {r.source: r for r in index.documents()}
    reports, prepared, keep = [], [], []
    pace = Pace(progress, 0.0, 0.5, len(paths), "个文件")
    for i, path in enumerate(paths):
        pace.report(i, f"正在读取 {path.name}")
        try:
            name = safe_name(path.name)
        except UnreadableFile as exc:
            reports.append(IngestReport(path.name, "refused", f"{path.name}：{exc}"))
            continue
        report, item = prepare(path, name, max_mb, known | {p.record.source: p.record for p in prepared},
                               index.model_id)
        reports.append(report)
        if item is not None:
            prepared.append(item)
        if report.status in ("added", "updated", "unchanged"):
            keep.append((path, corpus_dir / name))
    index.remember_file_hashes({r.source: r.file_hash for r in reports if r.file_hash})
    if prepared:
        write(index, prepared, set(), progress)
    for src, dst in keep:
        if src.resolve() != dst.resolve():
            shutil.copyfile(src, dst)
    if progress:
        progress(1.0, "完成")
    return reports


def remove_document(index: PolicyIndex, corpus_dir: Path, source: str) -> IngestReport:
    name = safe_name(source)
    (corpus_dir / name).unlink(missing_ok=True)
    index.open()
    write(index, [], {name}, None)
    return IngestReport(name, "removed", f"{name}：已删除")
