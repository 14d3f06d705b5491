"""An office's bad days: broken, locked and missing files; a store that must not grow; bounded uploads."""
from __future__ import annotations

import shutil
import time
import zipfile
from pathlib import Path

import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding

from ingest.loaders.errors import MESSAGES, Problem
from ingest.loaders.files import UnreadableFile, load_text
from ingest.settings import Settings
from tests.conftest import CORPUS, EXTRA, run_cli

PLAN = "某区方案\n一、重点任务\n1.推进绿色出行。到2025年,绿色出行比例达到70%以上。(区交通局)\n"


def pdf_from(source: Path, target: Path, user_password: str | None = None, owner_password: str | None = None) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(str(source)).pages[:2]:
        writer.add_page(page)
    if owner_password is not None:
        writer.encrypt(user_password=user_password or "", owner_password=owner_password, algorithm="AES-256")
    with open(target, "wb") as f:
        writer.write(f)
    return target


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory) -> dict[str, Path]:
    if not EXTRA.is_dir():
        pytest.skip(f"{EXTRA} is not on this machine")
    root = tmp_path_factory.mktemp("bad")
    source = EXTRA / "liaoyuan-green-low-carbon-circular-economy-plan.pdf"
    files = {
        "aes_open": pdf_from(source, root / "aes-open.pdf", owner_password="owner-only"),
        "password": pdf_from(source, root / "locked.pdf", user_password="secret", owner_password="owner"),
        "damaged": root / "damaged.pdf",
        "zip_docx": root / "not-word.docx",
        "empty": root / "empty.txt",
        "missing": root / "nowhere.txt",
        "good": root / "good.txt",
    }
    files["damaged"].write_bytes(source.read_bytes()[:4000])
    with zipfile.ZipFile(files["zip_docx"], "w") as z:
        z.writestr("notes.txt", "not a Word document")
    files["empty"].write_bytes(b"")
    files["good"].write_text(PLAN, encoding="utf-8")
    return files


@pytest.mark.parametrize(
    "name, problem",
    [("password", Problem.PASSWORD), ("damaged", Problem.DAMAGED), ("zip_docx", Problem.NOT_WORD),
     ("empty", Problem.EMPTY), ("missing", Problem.MISSING)],
)
def test_each_bad_file_gets_its_chinese_reason(bad_files, name, problem):
    with pytest.raises(UnreadableFile) as error:
        load_text(bad_files[name])
    assert error.value.problem is problem
    assert str(error.value) == MESSAGES[problem].format()  # the table's words, never the library's English


def test_a_pdf_encrypted_without_an_open_password_reads_as_any_viewer_does(bad_files):
    text = load_text(bad_files["aes_open"]).text
    assert "辽源市加快建立健全绿色低碳循环发展经济体系实施方案" in text


def test_ingest_reports_one_line_per_file_and_keeps_the_rest(settings, bad_files, tmp_path):
    isolated = Settings.from_env(data_dir=tmp_path / "data", corpus_dir=tmp_path / "corpus",
                                 embed_model=settings.embed_model, chroma_url=None)
    isolated.corpus_dir.mkdir()
    proc = run_cli(isolated, "ingest", str(bad_files["good"]), str(bad_files["missing"]), str(bad_files["password"]),
                   str(bad_files["zip_docx"]))
    lines = proc.stdout.strip().splitlines()
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    assert len(lines) == 4
    assert "good.txt：已入库" in lines[0]
    assert lines[1] == f"nowhere.txt：{MESSAGES[Problem.MISSING]}"
    assert lines[2] == f"locked.pdf：{MESSAGES[Problem.PASSWORD]}"
    assert lines[3] == f"not-word.docx：{MESSAGES[Problem.NOT_WORD]}"
    assert (isolated.corpus_dir / "good.txt").exists() and not (isolated.corpus_dir / "nowhere.txt").exists()
    assert run_cli(isolated, "ingest", str(bad_files["good"])).returncode == 0
    assert "exit status" in run_cli(isolated, "ingest", "--help").stdout.lower()


def _store_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def test_the_store_stays_the_size_of_the_library(tmp_path, monkeypatch):
    """Ten add-then-remove cycles leave data/ within 10% of a fresh ingest of the same library."""
    import ingest.storage.index
    from retrieval.assistant import Assistant

    def library(root: Path) -> Settings:
        corpus = root / "corpus"
        corpus.mkdir(parents=True)
        for name in ("nankai-carbon-peak-plan.txt", "shanghai-carbon-peak-plan.txt"):
            shutil.copy(CORPUS / name, corpus / name)
        return Settings.from_env(data_dir=root / "data", corpus_dir=corpus, embed_model="fake", chroma_url=None)

    fake = DeterministicFakeEmbedding(size=384)
    fresh = Assistant(library(tmp_path / "fresh"), fake)
    fresh.sync()
    fresh_size = _store_size(fresh.settings.chroma_path)

    monkeypatch.setattr(ingest.storage.index, "GRACE_SECONDS", 0.0)
    busy = Assistant(library(tmp_path / "busy"), fake)
    busy.sync()
    extra = tmp_path / "two-chunk-plan.txt"
    extra.write_text(PLAN + "2.推进节约用水。到2025年,再生水利用率达到40%。(区水务局)\n", encoding="utf-8")
    for _ in range(10):
        busy.add([extra])
        busy.remove(extra.name)
    time.sleep(0.1)
    busy.sync()  # nothing changed: sweeps the replaced generations and their folders
    assert busy.index.status()["leftover folders"] == 0
    busy.compact_store()  # what the app does before it serves, and `policyqa compact`
    status = busy.index.status()
    assert status["leftover folders"] == 0 and list(status["generations"].values()) == ["complete"]
    busy_size = _store_size(busy.settings.chroma_path)
    print(f"data/chroma after ten add-remove cycles: {busy_size / 2**20:.1f} MB; fresh ingest: {fresh_size / 2**20:.1f} MB")
    assert busy_size <= fresh_size * 1.10
