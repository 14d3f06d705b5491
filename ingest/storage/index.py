"""The Chroma store: per generation, one collection of chunks with vectors, one of their sentences'
vectors (what the dense search reads: retrieval/search/hybrid.py) and one of documents.

An ingest that changes anything writes a new generation (carrying unchanged
documents over with their vectors) and commits it by one metadata flag;
readers use the newest complete generation. A crash at any point leaves the
previous generation exactly as it was, and the next ingest drops the rest.
"""
from __future__ import annotations

import json
import logging
import os
import re
import shutil
import socket
import sqlite3
import threading
import time
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterator
from urllib.parse import urlparse

import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings
from langchain_chroma import Chroma
from langchain_core.embeddings import Embeddings

from ingest.grammar.chunks import Chunk, content_hash, sentences
from ingest.storage.manifest import SCHEMA, forget
from ingest.settings import Settings


log = logging.getLogger("policyqa")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def folder_size(path: Path) -> int:
    """Bytes under a folder (0 when it is not there): the store's size, the upload cache's."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else 0


PAGE = 500  # records read from the store at a time
BATCH = 64  # chunks embedded and written together: bounds memory, and a kill leaves whole batches
KINDS = ("chunks", "sentences", "documents")  # the collections of a generation
SENTENCES_READ = 8  # sentences read from the approximate index per chunk wanted: a chunk's best few may all be near
# How long a replaced generation stays for readers in other processes (they check every 2 s).
GRACE_SECONDS = 30.0
LOCK_BEAT = 5.0  # seconds between a writer's signs of life
LOCK_STALE = 60.0  # a lock without a beat this long was left by a writer that died elsewhere


@dataclass
class DocumentRecord:
    """A document's identity as the library shows it and the jurisdiction rule reads it."""

    source: str
    title: str
    doc_hash: str
    meta: dict[str, dict[str, str | int]]  # title / doc_no / issuer / date -> Field as dict
    n_chunks: int
    n_tasks: int
    n_targets: int
    indexed_at: str
    encoding: str
    embed_model: str
    issuers: list[str] = field(default_factory=list)
    level: str = ""  # 国家 / 部委 / 省 / 市 / 区县
    place: list[str] = field(default_factory=lambda: ["", "", ""])  # province, city, district
    kind: str = ""  # 方案 / 意见 / 条例 / 通知 / 措施 / 规划 / 办法 …
    breaks: list[int] = field(default_factory=list)  # where a PDF's printed lines wrapped inside a paragraph
    file_hash: str = ""  # of the file's bytes: an unchanged file is known without reading it
    parser: int = 0  # the version of the document grammar that read it (structure.PARSER_VERSION): a newer one reads it again

    _JSON = ("meta", "issuers", "place", "breaks")

    def metadata(self) -> dict[str, str | int]:
        d = asdict(self)
        for key in self._JSON:
            d[key] = json.dumps(d[key], ensure_ascii=False)
        return d

    @classmethod
    def from_metadata(cls, m: dict) -> "DocumentRecord":
        return cls(**{**m, **{k: json.loads(m[k]) for k in cls._JSON}})

    def value(self, name: str) -> str:
        """A header field's value (title, doc_no, issuer, date), or ""."""
        return str((self.meta.get(name) or {}).get("value", ""))


def make_client(settings: Settings) -> chromadb.api.ClientAPI:
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        return chromadb.HttpClient(
            host=url.hostname or "127.0.0.1",
            port=url.port or 8000,
            ssl=url.scheme == "https",
            settings=chroma_settings,
        )
    settings.chroma_path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)


class StoreBusy(RuntimeError):
    """Another writer holds the store; the message says who."""


class Generation:
    """One ingest's new version of the index, written beside the live one and committed at once.

    Nothing writes into the live collections, so a crash or kill -9 midway (which
    can leave Chroma's vector segment half-written) never touches what readers use.
    """

    def __init__(self, index: "PolicyIndex", number: int) -> None:
        self.index = index
        self.number = number
        prefix = index.prefix
        space = {"hnsw:space": "cosine"}
        self.chunks = index.client.create_collection(f"{prefix}_g{number}_chunks", embedding_function=None, metadata=space)
        self.sentences = index.client.create_collection(f"{prefix}_g{number}_sentences", embedding_function=None,
                                                        metadata=space)
        # Few records with whole texts: the vector segment is saved every 10 of them, or every process that
        # opens the registry replays them all from Chroma's log first (0.6 s at 126 plans).
        self.registry = index.client.create_collection(
            f"{prefix}_g{number}_documents", embedding_function=None,
            metadata=space | {"hnsw:sync_threshold": 10, "hnsw:batch_size": 10, "complete": False})

    def keep(self, sources: list[str]) -> None:
        """Carry documents over from the live generation with their vectors, without embedding again."""
        live = self.index
        if not sources or live.registry is None:
            return
        where = {"source": {"$in": sources}}
        for source, target in ((live.registry, self.registry), (live.collection, self.chunks),
                               (live.sentences, self.sentences)):
            for got in pages(source, ["embeddings", "documents", "metadatas"], where):
                target.add(ids=got["ids"], embeddings=got["embeddings"], documents=got["documents"],
                           metadatas=got["metadatas"])

    def _vectors(self, texts: list[str]) -> list[list[float]]:
        """The sentences' vectors: those this or the live generation already holds for them by this model (an
        unchanged sentence is not embedded twice), the rest embedded now."""
        hashes = [content_hash(t) for t in texts]
        found: dict[str, list[float]] = {}
        for collection in (self.sentences, self.index.sentences):
            if collection is None:
                continue
            got = collection.get(where={"text_hash": {"$in": sorted(set(hashes))}}, include=["embeddings", "metadatas"])
            for e, m in zip(got["embeddings"], got["metadatas"]):
                if m.get("embed_model") == self.index.model_id:
                    found.setdefault(m["text_hash"], list(e))
        missing = list(dict.fromkeys(t for t, h in zip(texts, hashes) if h not in found))
        for t, v in zip(missing, self.index.embeddings.embed_documents(missing) if missing else []):
            found[content_hash(t)] = v
        return [found[h] for h in hashes]

    def put(self, record: DocumentRecord, text: str, chunks: list[Chunk]) -> None:
        for start in range(0, len(chunks), BATCH):
            batch = chunks[start : start + BATCH]
            pieces = [(c, k, piece) for c in batch for k, piece in enumerate(sentences(c.text))]
            texts = [p for _, _, p in pieces]
            vectors = self._vectors(texts)
            self.sentences.add(ids=[f"{c.id}/{k}" for c, k, _ in pieces], documents=texts,
                               metadatas=[{"chunk": c.id, "source": c.source, "text_hash": content_hash(p),
                                           "embed_model": self.index.model_id} for c, _, p in pieces],
                               embeddings=vectors)
            # a chunk's own vector (what Chroma's chunk collection keeps) is its sentences' mean: the search reads
            # sentences, so embedding the whole clause again would only double the ingest
            by_chunk: dict[str, list[list[float]]] = {}
            for (c, _, _), v in zip(pieces, vectors):
                by_chunk.setdefault(c.id, []).append(v)
            means = [np.mean(by_chunk[c.id], axis=0) for c in batch]
            self.chunks.add(ids=[c.id for c in batch], documents=[c.text for c in batch],
                            metadatas=[c.metadata(record.doc_hash) for c in batch],
                            embeddings=[(m / max(float(np.linalg.norm(m)), 1e-12)).tolist() for m in means])
        title_vector = self.index.embeddings.embed_documents([record.title])[0]
        self.registry.add(ids=[record.source], embeddings=[title_vector], documents=[text], metadatas=[record.metadata()])

    def commit(self) -> None:
        """The one switch: mark this generation complete; readers move to it on their next check."""
        previous = self.index.registry
        self.registry.modify(metadata={"complete": True})
        if previous is not None:
            previous.modify(metadata={"complete": True, "superseded_at": time.time()})
        self.index.open()
        self.index.cleanup()
        self.index.compact()


class PolicyIndex:
    """The live generation of chunks and documents, and the way to write the next one."""

    def __init__(self, settings: Settings, embeddings: Embeddings, model_id: str) -> None:
        self.client = make_client(settings)
        self.path: Path | None = None if settings.chroma_url else settings.chroma_path
        self.embeddings = embeddings
        self.model_id = model_id
        self.base = settings.collection
        self.prefix = f"{settings.collection}_s{SCHEMA}"
        self.number = 0
        self.collection: chromadb.Collection | None = None
        self.sentences: chromadb.Collection | None = None
        self.registry: chromadb.Collection | None = None
        self.store: Chroma | None = None
        self.open()

    def _generations(self) -> dict[int, tuple[bool, float | None]]:
        """Generation number -> (complete, when a newer one replaced it), read off the collections that exist."""
        found: dict[int, tuple[bool, float | None]] = {}
        pattern = re.compile(rf"^{re.escape(self.prefix)}_g(\d+)_documents$")
        for collection in self.client.list_collections():
            m = pattern.match(collection.name)
            if m:
                meta = collection.metadata or {}
                found[int(m.group(1))] = (bool(meta.get("complete")), meta.get("superseded_at"))
        return found

    def live_number(self) -> int:
        complete = [n for n, (done, _) in self._generations().items() if done]
        return max(complete, default=0)

    def open(self) -> None:
        """Point at the newest complete generation (0: nothing indexed yet)."""
        number = self.live_number()
        if number == 0:
            self.number, self.collection, self.sentences, self.registry, self.store = 0, None, None, None, None
            return
        self.collection = self.client.get_collection(f"{self.prefix}_g{number}_chunks")
        name = f"{self.prefix}_g{number}_sentences"
        self.sentences = self.client.get_collection(name)
        self.registry = self.client.get_collection(f"{self.prefix}_g{number}_documents")
        self.store = Chroma(client=self.client, collection_name=name, embedding_function=self.embeddings)
        self.number = number

    def remember_file_hashes(self, hashes: dict[str, str]) -> None:
        """Records whose text was unchanged but whose bytes were not yet known learn them in place.

        That happens once per file indexed before file hashes were kept, or
        re-saved with the same text; afterwards a sync knows the file unchanged
        without reading it (a PDF costs seconds to read).
        """
        if not hashes or self.registry is None:
            return
        got = self.registry.get(ids=list(hashes), include=["metadatas"])
        self.registry.update(ids=got["ids"],
                             metadatas=[m | {"file_hash": hashes[i]} for i, m in zip(got["ids"], got["metadatas"])])

    def begin(self) -> Generation:
        """Start the next generation; an unfinished one left by a killed ingest is dropped first."""
        forget(self.path)
        self.cleanup()
        return Generation(self, max(self._generations(), default=0) + 1)

    def cleanup(self, unfinished: bool = True) -> None:
        """Drop unfinished generations (only under the ingest lock: one may be being written), and replaced ones
        once readers have had time to move on.

        A replaced generation stays for GRACE_SECONDS, so that a reader in
        another process that has not yet noticed the switch keeps answering
        from it; after that only the live generation is kept.
        """
        live = self.live_number()
        stale = re.compile(rf"^{re.escape(self.base)}(_s(?!{SCHEMA}_)\d+)?_g\d+_({'|'.join(KINDS)})$")
        for collection in self.client.list_collections():
            if stale.match(collection.name):  # written under an earlier record layout
                self.client.delete_collection(collection.name)
        now = time.time()
        for number, (complete, superseded) in self._generations().items():
            replaced = complete and number < live and (superseded is None or now - superseded > GRACE_SECONDS)
            if (unfinished and not complete and number != live) or replaced:
                for kind in KINDS:
                    try:
                        self.client.delete_collection(f"{self.prefix}_g{number}_{kind}")
                    except Exception:  # already gone (another cleanup, or never created)
                        pass

    def compact(self, full: bool = False) -> None:
        """Keep the store the size of the library (embedded store only).

        Chroma leaves the vector folder of a deleted collection on disk
        (chroma-core/chroma#5259): every commit removes the folders no segment
        owns. Chroma also keeps deleted rows in its full-text index and never
        gives SQLite pages back; merging the index and VACUUM rewrite the file
        under any reader that has it open (seen: "disk I/O error" in a reading
        thread), so `full` is only for a moment with no readers: the app's
        start, under the ingest lock, and `policyqa compact`.
        """
        if self.path is None:
            return
        for folder in self.leftovers():
            shutil.rmtree(folder, ignore_errors=True)
        db = self.path / "chroma.sqlite3"
        if not full or not db.exists():
            return
        try:
            with closing(sqlite3.connect(db, timeout=5)) as connection:
                connection.execute("INSERT INTO embedding_fulltext_search(embedding_fulltext_search) VALUES('optimize')")
                connection.commit()
                free = connection.execute("pragma freelist_count").fetchone()[0] * connection.execute(
                    "pragma page_size").fetchone()[0]
                if free > max(1024 * 1024, db.stat().st_size // 10):  # when it pays
                    connection.execute("VACUUM")
        except sqlite3.Error as exc:  # busy with another process: the next start tries again
            log.info("store not compacted this time: %s", exc)

    def leftovers(self) -> list[Path]:
        """Vector folders on disk that no live segment owns."""
        if self.path is None or not (self.path / "chroma.sqlite3").exists():
            return []
        with closing(sqlite3.connect(f"file:{self.path / 'chroma.sqlite3'}?mode=ro", uri=True, timeout=5)) as connection:
            owned = {row[0] for row in connection.execute("select id from segments")}
        return [p for p in self.path.iterdir() if p.is_dir() and _UUID.match(p.name) and p.name not in owned]

    def status(self) -> dict[str, object]:
        """What `policyqa status` prints: the store's size, its generations and anything left over."""
        generations = self._generations()
        out: dict[str, object] = {
            "store": str(self.path) if self.path else "chroma server",
            "live generation": self.live_number(),
            "generations": {n: ("complete" if done else "unfinished") for n, (done, _) in sorted(generations.items())},
            "documents": len(self.documents()),
            "chunks": self.collection.count() if self.collection is not None else 0,
        }
        if self.path is not None:
            leftovers = self.leftovers()
            out["size MB"] = round(folder_size(self.path) / 2**20, 1)
            out["leftover folders"] = len(leftovers)
            out["leftover MB"] = round(sum(folder_size(p) for p in leftovers) / 2**20, 1)
            with closing(sqlite3.connect(f"file:{self.path / 'chroma.sqlite3'}?mode=ro", uri=True, timeout=5)) as c:
                out["sqlite free MB"] = round(c.execute("pragma freelist_count").fetchone()[0]
                                              * c.execute("pragma page_size").fetchone()[0] / 2**20, 1)
        return out

    @contextmanager
    def writing(self, wait: float = 600.0) -> Iterator[None]:
        """One writer at a time across every machine that shares this store.

        The lock is a collection of its own: creating it succeeds for one
        writer only. The holder beats every few seconds, so a lock left by a
        killed writer is taken over at once when the writer was on this machine
        and its process is gone, and after LOCK_STALE seconds without a beat
        from anywhere else; otherwise a second writer waits, and after `wait`
        seconds gives up with a message that says who is writing.
        """
        name = f"{self.base}_writer"
        me = {"host": socket.gethostname(), "pid": os.getpid()}
        deadline = time.monotonic() + wait
        while True:
            try:
                lock = self.client.create_collection(name, embedding_function=None,
                                                     metadata=me | {"beat": time.time()})
                break
            except Exception:  # it exists: somebody writes
                try:
                    holder = self.client.get_collection(name).metadata or {}
                except Exception:  # released meanwhile
                    continue
                if _abandoned(holder):
                    log.warning("taking over the writer lock left by %s:%s", holder.get("host"), holder.get("pid"))
                    self.client.delete_collection(name)
                    continue
                if time.monotonic() > deadline:
                    raise StoreBusy(f"另一处正在导入（{holder.get('host', '?')}:{holder.get('pid', '?')}），请稍后再试") from None
                time.sleep(0.5)
        done = threading.Event()

        def beat() -> None:
            while not done.wait(LOCK_BEAT):
                try:
                    lock.modify(metadata=me | {"beat": time.time()})
                except Exception:  # the store is away for a moment: the next beat tries again
                    log.warning("could not renew the writer lock %s", name)

        beater = threading.Thread(target=beat, name="writer-lock", daemon=True)
        beater.start()
        try:
            yield
        finally:
            done.set()
            beater.join()
            try:
                self.client.delete_collection(name)
            except Exception:  # the store went away: the next writer takes the stale lock over
                log.warning("could not release the writer lock %s", name)

    def documents(self, registry: chromadb.Collection | None = None) -> list[DocumentRecord]:
        """The documents of the live generation (or of the registry given: a generation a reader pinned)."""
        registry = registry or self.registry
        if registry is None:
            return []
        got = registry.get(include=["metadatas"])
        return sorted((DocumentRecord.from_metadata(m) for m in got["metadatas"]), key=lambda r: r.source)

    def document_texts(self, registry: chromadb.Collection | None = None) -> dict[str, str]:
        registry = registry or self.registry
        if registry is None:
            return {}
        return {m["source"]: d for got in pages(registry, ["documents", "metadatas"])
                for m, d in zip(got["metadatas"], got["documents"])}

    def chunks(self, collection: chromadb.Collection | None = None) -> list[Chunk]:
        """Every live chunk (or every chunk of a pinned generation's collection), in document and line order."""
        collection = collection or self.collection
        if collection is None:
            return []
        out = [Chunk.from_record(i, d, m) for got in pages(collection, ["documents", "metadatas"])
               for i, d, m in zip(got["ids"], got["documents"], got["metadatas"])]
        return sorted(out, key=lambda c: (c.source, c.line_start, c.id))

    def sentence_vectors(self, collection: chromadb.Collection | None = None) -> dict[str, list[np.ndarray]]:
        """Every live chunk's sentence vectors by chunk id, in sentence order (or a pinned generation's)."""
        collection = collection or self.sentences
        if collection is None:
            return {}
        rows = sorted(((m["chunk"], int(i.rsplit("/", 1)[1]), np.asarray(e, dtype=np.float32))
                       for got in pages(collection, ["embeddings", "metadatas"])
                       for i, e, m in zip(got["ids"], got["embeddings"], got["metadatas"])), key=lambda r: r[:2])
        out: dict[str, list[np.ndarray]] = {}
        for chunk, _, vector in rows:
            out.setdefault(chunk, []).append(vector)
        return out

    def dense(self, query: str, k: int, sources: list[str] | None = None, store: Chroma | None = None,
              ) -> list[tuple[str, float]]:
        """(chunk id, its best sentence's cosine) of the nearest chunks, within the given documents: what the exact
        search in memory (retrieval/search/hybrid.py) computes, from Chroma's approximate index of the sentences.

        `store` pins the generation a caller's in-memory chunks came from, so ids always match.
        """
        store = store or self.store
        if store is None:
            return []
        where = None
        if sources:
            where = {"source": sources[0]} if len(sources) == 1 else {"source": {"$in": sources}}
        vector = self.embeddings.embed_query(query)
        best: dict[str, float] = {}
        for doc, distance in store.similarity_search_by_vector_with_relevance_scores(vector, k=k * SENTENCES_READ,
                                                                                    filter=where):
            best[doc.metadata["chunk"]] = max(best.get(doc.metadata["chunk"], -1.0), 1.0 - distance)
        return sorted(best.items(), key=lambda hit: -hit[1])[:k]


def pages(collection: chromadb.Collection, include: list[str], where: dict | None = None) -> Iterator[dict]:
    """A collection's records a page at a time.

    One `get` of everything makes the store's client build every record at
    once, and the process keeps that peak (3x the data on a library of 126
    plans); pages keep reading and copying a generation flat as libraries grow.
    """
    offset = 0
    while True:
        got = collection.get(where=where, include=include, limit=PAGE, offset=offset)
        if not got["ids"]:
            return
        yield got
        offset += len(got["ids"])


def _abandoned(holder: dict) -> bool:
    """A writer lock whose holder died: its process is gone from this machine, or it stopped beating."""
    if time.time() - float(holder.get("beat", 0)) > LOCK_STALE:
        return True
    if holder.get("host") != socket.gethostname():
        return False
    try:
        os.kill(int(holder.get("pid", 0)), 0)
    except ProcessLookupError:
        return True
    except (PermissionError, ValueError):
        return False
    return False
