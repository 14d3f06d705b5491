"""The pipeline a user would build from the LangChain RAG tutorial, as the benchmark's baseline.

RecursiveCharacterTextSplitter (500 characters, 50 overlap, Chinese separators,
keep_separator="end"), the same embedding model, Chroma, top-4 similarity;
the answer is the retrieved text and the departments are read from the first
retrieved chunk's last parenthesis. It speaks the same batch contract, so
shared/eval/score.py scores it exactly like policyqa.

    python bench/baseline.py batch --data DIR < questions.jsonl
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest.settings import Settings  # noqa: E402  (sets the offline switches first)
from langchain_chroma import Chroma  # noqa: E402
from langchain_core.embeddings import Embeddings  # noqa: E402

SEPARATORS = ["\n\n", "\n", "。", "；", "，", ""]
_PAREN = re.compile(r"[(（]([^()（）]*)[)）][。]?\s*$")


def splitter():
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    return RecursiveCharacterTextSplitter(chunk_size=500, chunk_overlap=50, separators=SEPARATORS,
                                          keep_separator="end", add_start_index=True)


def build(data: Path, corpus: Path, embeddings: Embeddings) -> Chroma:
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from langchain_core.documents import Document

    client = chromadb.PersistentClient(path=str(data / "baseline-chroma"), settings=ChromaSettings(anonymized_telemetry=False))
    store = Chroma(client=client, collection_name="baseline", embedding_function=embeddings,
                   collection_metadata={"hnsw:space": "cosine"})
    if store._collection.count() == 0:
        docs = [Document(page_content=p.read_text(encoding="utf-8"), metadata={"source": p.name})
                for p in sorted(corpus.glob("*.txt"))]
        store.add_documents(splitter().split_documents(docs))
    return store


def answer(store, question: str) -> dict:
    hits = store.similarity_search(question, k=4)
    first = hits[0].page_content if hits else ""
    m = _PAREN.search(first)
    departments = [d.strip() for d in re.split(r"[、,，]", m.group(1)) if d.strip()] if m else []
    citations = [{"n": i + 1, "source": h.metadata["source"], "section": "", "quote": h.page_content.strip(),
                  "line": 0} for i, h in enumerate(hits)]
    return {"answer": "\n\n".join(h.page_content for h in hits), "found": bool(hits), "departments": departments,
            "targets": [], "citations": citations}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["batch"])
    parser.add_argument("--data", required=True)
    parser.add_argument("--corpus", default=str(Path(__file__).resolve().parents[1] / "corpus"))
    args = parser.parse_args()
    from ingest.storage.embedding import load_embeddings

    store = build(Path(args.data), Path(args.corpus), load_embeddings(Settings.from_env()))
    for line in sys.stdin:
        if line.strip():
            request = json.loads(line)
            print(json.dumps({"id": request["id"], **answer(store, request["q"])}, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
