"""The corpus folder as the last complete sync left it, kept inside the embedded store.

`policyqa ingest` with nothing changed should not pay for opening the store:
importing chromadb and LangChain alone takes a second on this machine. A sync
that accepted every file writes the folder's marks here (size, modification
time, file hash, what the sync said of the file); any new generation deletes
it first, so it only ever describes the live index. The next `policyqa ingest`
compares the folder with it, by size and time and, where those moved, by the
bytes' hash, and is done when nothing differs. A Chroma server is shared with
other machines whose writes this file cannot see: there the store is always
asked.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from ingest.loaders.files import SUPPORTED

NAME = "policyqa-corpus.json"
# The layout of the store's records (index.py); an index written under another layout is re-read from corpus/.
SCHEMA = 5


@dataclass(frozen=True)
class FileMark:
    size: int
    mtime_ns: int
    file_hash: str
    message: str  # what a sync with nothing to do says of this file


def library_files(corpus_dir: Path) -> list[Path]:
    """The files of the corpus folder that are the library (SOURCES.md describes them, it is not one)."""
    return sorted(p for p in corpus_dir.iterdir()
                  if p.is_file() and p.suffix.lower() in SUPPORTED and p.name != "SOURCES.md")


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def forget(store: Path | None) -> None:
    """Called before the live generation changes: the marks no longer describe it."""
    if store is not None:
        (store / NAME).unlink(missing_ok=True)


def remember(store: Path | None, model_id: str, parser: int, marks: dict[str, FileMark]) -> None:
    if store is None or not store.is_dir():
        return
    body = {"model": model_id, "parser": parser, "schema": SCHEMA,
            "files": {name: asdict(m) for name, m in marks.items()}}
    temporary = store / f"{NAME}.tmp"
    temporary.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    temporary.replace(store / NAME)


def mark(path: Path, known_hash: str, message: str) -> FileMark:
    stat = path.stat()
    return FileMark(stat.st_size, stat.st_mtime_ns, known_hash or file_hash(path), message)


def unchanged(store: Path, corpus_dir: Path, model_id: str, parser: int) -> list[str] | None:
    """What each file's sync would say, when the folder is as the live index holds it; None when a sync must run."""
    try:
        body = json.loads((store / NAME).read_text(encoding="utf-8"))
        files = library_files(corpus_dir)
    except (OSError, ValueError):
        return None
    marks = {name: FileMark(**m) for name, m in body.get("files", {}).items()}
    written_by = (body.get("model"), body.get("parser"), body.get("schema"))
    if written_by != (model_id, parser, SCHEMA) or sorted(marks) != [p.name for p in files]:
        return None
    for path in files:
        known, stat = marks[path.name], path.stat()
        if (stat.st_size, stat.st_mtime_ns) != (known.size, known.mtime_ns) and file_hash(path) != known.file_hash:
            return None
    return [marks[p.name].message for p in files]
