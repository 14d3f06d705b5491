"""The Chroma store: one collection of chunks with their vectors, one of documents.

Chunk ids carry the document's content hash, and readers only see chunks whose
hash the document registry names. So a re-ingest adds the new chunks, then
switches the registry entry, then deletes the old ones: a crash at any point
leaves one complete version visible, and the next ingest sweeps the rest.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from urllib.parse import urlparse

import chromadb
from chromadb.config import Settings as ChromaSettings
from langchain_chroma import Chroma
from langchain_core.embeddings import Embeddings

from ingest.chunks import Chunk
from ingest.settings import Settings


@dataclass
class DocumentRecord:
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

    def metadata(self) -> dict[str, str | int]:
        d = asdict(self)
        d["meta"] = json.dumps(self.meta, ensure_ascii=False)
        return d

    @classmethod
    def from_metadata(cls, m: dict) -> "DocumentRecord":
        return cls(**{"embed_model": "", **m, "meta": json.loads(m["meta"])})


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


class PolicyIndex:
    def __init__(self, settings: Settings, embeddings: Embeddings, model_id: str) -> None:
        self.client = make_client(settings)
        self.embeddings = embeddings
        self.model_id = model_id
        self.store = Chroma(
            client=self.client,
            collection_name=f"{settings.collection}_chunks",
            embedding_function=embeddings,
            collection_metadata={"hnsw:space": "cosine"},
        )
        self.registry = self.client.get_or_create_collection(
            f"{settings.collection}_documents", embedding_function=None, metadata={"hnsw:space": "cosine"}
        )

    def documents(self) -> list[DocumentRecord]:
        got = self.registry.get(include=["metadatas"])
        return sorted((DocumentRecord.from_metadata(m) for m in got["metadatas"]), key=lambda r: r.source)

    def document_texts(self) -> dict[str, str]:
        got = self.registry.get(include=["documents", "metadatas"])
        return {m["source"]: d for m, d in zip(got["metadatas"], got["documents"])}

    def put(self, record: DocumentRecord, text: str, chunks: list[Chunk]) -> None:
        """Add a document version; the registry switches only once its chunks are in."""
        if chunks:
            self.store.add_texts(
                texts=[c.text for c in chunks],
                metadatas=[c.metadata(record.doc_hash) for c in chunks],
                ids=[c.id for c in chunks],
            )
        title_vector = self.embeddings.embed_documents([record.title])[0]
        self.registry.upsert(
            ids=[record.source], embeddings=[title_vector], documents=[text], metadatas=[record.metadata()]
        )
        self.sweep()

    def remove(self, source: str) -> None:
        self.registry.delete(ids=[source])
        self.sweep()

    def sweep(self) -> None:
        """Delete chunks no registry entry points at (old versions, interrupted ingests)."""
        live = {(r.source, r.doc_hash) for r in self.documents()}
        got = self.store.get(include=["metadatas"])
        stale = [i for i, m in zip(got["ids"], got["metadatas"]) if (m["source"], m["doc_hash"]) not in live]
        if stale:
            self.store.delete(ids=stale)

    def chunks(self) -> list[Chunk]:
        """Every live chunk, in document and line order."""
        live = {(r.source, r.doc_hash) for r in self.documents()}
        got = self.store.get(include=["documents", "metadatas"])
        out = [
            Chunk.from_record(i, d, m)
            for i, d, m in zip(got["ids"], got["documents"], got["metadatas"])
            if (m["source"], m["doc_hash"]) in live
        ]
        return sorted(out, key=lambda c: (c.source, c.line_start, c.id))

    def dense(self, query: str, k: int, sources: list[str] | None = None) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) of the nearest chunks, within the given documents."""
        where = None
        if sources:
            where = {"source": sources[0]} if len(sources) == 1 else {"source": {"$in": sources}}
        vector = self.embeddings.embed_query(query)
        hits = self.store.similarity_search_by_vector_with_relevance_scores(vector, k=k, filter=where)
        return [(doc.id, 1.0 - distance) for doc, distance in hits]
