"""Where things live and which model and store to use, read once from the environment.

The offline switches are set here, in the process itself, because a hub
model name without HF_HUB_OFFLINE=1 retries the network for a minute before
failing, and Chroma and Gradio would otherwise try to send telemetry.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

for _key, _value in {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "ANONYMIZED_TELEMETRY": "False",
    "TOKENIZERS_PARALLELISM": "false",
}.items():
    os.environ.setdefault(_key, _value)

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_MODEL_NAME = "multilingual-e5-small"
# Gradio puts uploads here (read when gradio is imported): inside the data folder, where the app bounds and empties it.
os.environ.setdefault("GRADIO_TEMP_DIR", str(Path(os.environ.get("POLICYQA_DATA_DIR", str(PROJECT_ROOT / "data"))) / "uploads"))


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    corpus_dir: Path
    embed_model: str
    chroma_url: str | None
    collection: str
    primary_doc: str
    host: str
    port: int
    max_file_mb: float
    max_upload_mb: float

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def default_model_dir(self) -> Path:
        return self.data_dir / "models" / DEFAULT_MODEL_NAME

    @property
    def uploads_dir(self) -> Path:
        return Path(os.environ["GRADIO_TEMP_DIR"])

    @property
    def feedback_path(self) -> Path:
        return self.data_dir / "feedback.jsonl"

    @classmethod
    def from_env(cls, **overrides: object) -> "Settings":
        env = os.environ.get
        data_dir = Path(env("POLICYQA_DATA_DIR", str(PROJECT_ROOT / "data")))
        values: dict[str, object] = dict(
            data_dir=data_dir,
            corpus_dir=Path(env("POLICYQA_CORPUS_DIR", str(PROJECT_ROOT / "corpus"))),
            embed_model=env("POLICYQA_EMBED_MODEL", ""),
            chroma_url=env("POLICYQA_CHROMA_URL") or None,
            collection=env("POLICYQA_COLLECTION", "policyqa"),
            primary_doc=env("POLICYQA_PRIMARY_DOC", "nankai-carbon-peak-plan.txt"),
            host=env("POLICYQA_HOST", "127.0.0.1"),
            port=int(env("POLICYQA_PORT", "7860")),
            max_file_mb=float(env("POLICYQA_MAX_FILE_MB", "20")),
            max_upload_mb=float(env("POLICYQA_MAX_UPLOAD_MB", "100")),
        )
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]
