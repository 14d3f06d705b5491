"""Hybrid retrieval: BM25 over jieba words and dense vectors from Chroma, fused by rank.

BM25 wins on the plan's own wording, the dense model on colloquial
paraphrase; reciprocal rank fusion keeps both without tuning score scales
(measured in shared/notes: fused MRR .96 / .79 against .96 / .55 and .92 / .72).
BM25 is bm25s's sparse matrix with Lucene's formula (an idf that stays
positive in a library of one short plan), 20-30x faster than rank-bm25's
Okapi on a library of real plans.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

import bm25s

from langchain_chroma import Chroma
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from ingest.chunks import Chunk
from ingest.index import PolicyIndex
from retrieval.library import Library
from retrieval.words import query_tokens, tokens

log = logging.getLogger("policyqa")
RRF_K = 60


@dataclass
class Hit:
    chunk: Chunk
    score: float  # fused reciprocal-rank score
    bm25_rank: int | None
    dense_rank: int | None
    similarity: float  # cosine of the dense match, 0 when the dense side missed it


class HybridSearch:
    def __init__(self, library: Library, index: PolicyIndex, store: Chroma | None = None) -> None:
        self.library = library
        self.index = index
        self._store = store or index.store  # the generation this library was read from
        self._state = threading.local()
        self._chunks = library.chunks
        corpus = [list(c.terms or tokens(f"{c.section} {c.text}") or ("",)) for c in self._chunks]
        self._bm25 = None
        if corpus:
            self._bm25 = bm25s.BM25(method="lucene", k1=1.5, b=0.75)
            self._bm25.index(corpus, show_progress=False)

    def bm25(self, query: str, sources: list[str], k: int) -> list[tuple[Chunk, float]]:
        if self._bm25 is None:
            return []
        words = [w for w in query_tokens(query) if w in self._bm25.vocab_dict]
        if not words:
            return []
        scores = self._bm25.get_scores(words)
        wanted = set(sources)
        ranked = sorted(
            ((c, s) for c, s in zip(self._chunks, scores) if s > 0 and c.source in wanted),
            key=lambda cs: -cs[1],
        )
        return ranked[:k]

    def dense(self, query: str, sources: list[str] | None, k: int) -> list[tuple[Chunk, float]]:
        """Nearest chunks by vector; empty (and noted) when the vector store cannot be reached."""
        try:
            hits = self.index.dense(query, k, sources, self._store)
        except Exception as exc:  # a Chroma server that went away must not take the answers with it
            log.warning("dense search failed, answering from BM25 alone: %s", exc)
            self._state.degraded = True
            return []
        return [(self.library.by_id[i], s) for i, s in hits if i in self.library.by_id]

    def begin(self) -> None:
        self._state.degraded = False

    @property
    def degraded(self) -> bool:
        """Whether a search in this thread since begin() ran without the dense side."""
        return getattr(self._state, "degraded", False)

    def search(self, query: str, sources: list[str], k: int = 8, depth: int = 30, dense_query: str | None = None,
               ) -> list[Hit]:
        """The k best clauses in `sources`; `dense_query` is what the embedding model reads, when it differs."""
        sparse = self.bm25(query, sources, depth)
        everything = len(sources) == len(self.library.docs)
        dense = self.dense(dense_query or query, None if everything else sources, depth)
        hits: dict[str, Hit] = {}
        for rank, (chunk, _) in enumerate(sparse):
            hits[chunk.id] = Hit(chunk, 1.0 / (RRF_K + rank + 1), rank, None, 0.0)
        for rank, (chunk, sim) in enumerate(dense):
            hit = hits.setdefault(chunk.id, Hit(chunk, 0.0, None, None, 0.0))
            hit.score += 1.0 / (RRF_K + rank + 1)
            hit.dense_rank, hit.similarity = rank, sim
        return sorted(hits.values(), key=lambda h: -h.score)[:k]


class HybridRetriever(BaseRetriever):
    """The same search behind LangChain's retriever interface, for chains and agents."""

    search: HybridSearch
    sources: list[str]
    k: int = 4

    model_config = {"arbitrary_types_allowed": True}

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return [
            Document(
                id=h.chunk.id,
                page_content=h.chunk.text,
                metadata={"source": h.chunk.source, "section": h.chunk.section, "line": h.chunk.line_start, "score": h.score},
            )
            for h in self.search.search(query, self.sources, self.k)
        ]
