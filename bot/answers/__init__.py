"""Answers to questions, each a seam behind the ``Answerer`` protocol (``rules``):

- ``rules``: the hand-written extractive answerer (typed facts in sentences covering the question),
  the question kinds, composing an answer with its citations, abstentions;
- ``reader``: our trained answer model picks the answering span (the default, ``hybrid`` with the
  rules below its threshold);
- ``llm``: an optional chat model whose every sentence a judge checks against the quotes.

The wiring (``bot.chain``) chooses one from the settings; heavy imports stay inside each module."""
