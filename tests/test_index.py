"""Index lifecycle on a real Chroma: unchanged costs nothing, changes replace, removals disappear."""
from __future__ import annotations

import shutil

import pytest

from tests.conftest import one_plan

PLAN_V1 = """某区碳达峰实施方案
一、重点任务
1.推进绿色出行。到2025年,绿色出行比例达到70%以上。(区交通局、区发展改革委)
2.推进节约用水。到2025年,再生水利用率达到40%。(区水务局)
"""
PLAN_V2 = PLAN_V1.replace("区水务局", "区水务局、区城市管理委").replace("40%", "45%")


@pytest.fixture()
def small(tmp_path):
    from retrieval.assistant import Assistant

    settings, _ = one_plan(tmp_path, PLAN_V1)
    a = Assistant(settings)
    assert [r.status for r in a.sync()] == ["added"]
    return a


def chunk_ids(a) -> list[str]:
    return sorted(a.index.collection.get()["ids"]) if a.index.collection is not None else []


def test_unchanged_changed_removed(small):
    before = chunk_ids(small)
    assert [r.status for r in small.sync()] == ["unchanged"]
    assert chunk_ids(small) == before

    (small.settings.corpus_dir / "plan.txt").write_text(PLAN_V2, encoding="utf-8")
    assert [r.status for r in small.sync()] == ["updated"]
    after = chunk_ids(small)
    assert len(after) == len(before) and not set(after) & set(before)  # replaced, no stale duplicates
    answer = small.ask("节约用水由哪些部门负责?")
    assert answer.departments == ["区水务局", "区城市管理委"]
    assert "45%" in small.ask("再生水利用率目标是多少?").answer

    (small.settings.corpus_dir / "plan.txt").unlink()
    assert [r.status for r in small.sync()] == ["removed"]
    assert chunk_ids(small) == [] and small.documents() == []
    assert small.ask("节约用水由哪些部门负责?").found is False


def test_unfinished_generation_stays_invisible_and_is_dropped(small):
    """What an ingest killed midway leaves (a generation never committed) is never served."""
    from ingest.grammar.chunks import chunk_document
    from ingest.grammar.structure import parse
    from ingest.storage.index import KINDS

    generation = small.index.begin()
    generation.keep(["plan.txt"])
    orphan = chunk_document(parse(PLAN_V2, "plan.txt"))
    generation.chunks.add(ids=[f"x{c.id}" for c in orphan], documents=[c.text for c in orphan],
                          metadatas=[c.metadata("deadbeef0000") for c in orphan],
                          embeddings=small.embeddings.embed_documents([c.text for c in orphan]))
    small.reload()
    assert small.ask("节约用水由哪些部门负责?").departments == ["区水务局"]
    assert small.index.number < generation.number
    (small.settings.corpus_dir / "plan.txt").write_text(PLAN_V2, encoding="utf-8")
    assert [r.status for r in small.sync()] == ["updated"]
    assert not [i for i in chunk_ids(small) if i.startswith("x")]
    assert len(small.index.client.list_collections()) <= 2 * len(KINDS)  # the live generation and the one before it
    assert small.ask("节约用水由哪些部门负责?").departments == ["区水务局", "区城市管理委"]


def test_unreadable_file_is_reported_and_the_rest_ingests(small, tmp_path):
    corpus = small.settings.corpus_dir
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    shutil.copy(corpus / "plan.txt", corpus / "copy-of-plan.txt")
    reports = {r.source: r for r in small.sync()}
    assert reports["empty.txt"].status == "refused" and "为空" in reports["empty.txt"].message
    assert reports["binary.txt"].status == "refused"
    assert reports["copy-of-plan.txt"].status == "duplicate"
    assert reports["plan.txt"].status == "unchanged"
    assert [d.source for d in small.documents()] == ["plan.txt"]


def test_same_bytes_are_known_without_reading_and_old_records_learn_them(small, monkeypatch):
    import ingest.pipeline

    record = small.documents()[0]
    assert record.file_hash  # kept at ingest
    # a record written before file hashes were kept: the next sync reads the file once and remembers its bytes
    small.index.registry.update(ids=[record.source], metadatas=[record.metadata() | {"file_hash": ""}])
    assert [r.status for r in small.sync()] == ["unchanged"]
    assert small.documents()[0].file_hash == record.file_hash

    def no_reading(path):
        raise AssertionError(f"{path} was read although its bytes are unchanged")

    monkeypatch.setattr(ingest.pipeline, "load_text", no_reading)
    assert [r.status for r in small.sync()] == ["unchanged"]
    (small.settings.corpus_dir / "plan.txt").write_text(PLAN_V2, encoding="utf-8")
    with pytest.raises(AssertionError, match="was read"):
        small.sync()  # new bytes are read


def test_records_are_read_a_page_at_a_time(tmp_path):
    import chromadb

    from ingest.storage.index import PAGE, pages

    collection = chromadb.PersistentClient(path=str(tmp_path / "c")).create_collection("many", embedding_function=None)
    ids = [f"r{i:05d}" for i in range(2 * PAGE + 7)]
    collection.add(ids=ids, embeddings=[[float(i), 1.0] for i in range(len(ids))], documents=ids,
                   metadatas=[{"odd": i % 2} for i in range(len(ids))])
    got = list(pages(collection, ["documents"]))
    assert [len(p["ids"]) for p in got] == [PAGE, PAGE, 7]
    assert sorted(i for p in got for i in p["ids"]) == ids
    assert [d for p in got for d in p["documents"]] == [i for p in got for i in p["ids"]]
    odd = [i for p in pages(collection, ["metadatas"], where={"odd": 1}) for i in p["ids"]]
    assert sorted(odd) == ids[1::2]
