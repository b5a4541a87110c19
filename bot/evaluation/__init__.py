"""Measuring FactBot: the evaluation suites of ``evals/`` (``cases``: load, run, score, compare),
their reports (``report``: HTML and tables), and the public benchmarks run through the same
pipeline (``verdicts``: DACCORD, CLIMATE-FEVER, NLI pairs; ``qa``: SQuAD 2.0-format and the
project's QA JSONL)."""
