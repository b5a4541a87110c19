"""The model package's pieces: 4-bit blocks, tokenizer offsets, weight files, span search, metrics."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from bot.neural.e5file import Q4_BLOCK, E5Shape, WordRows, dequant_blocks
from bot.neural.model import CrossEncoder, load_weights, save_weights
from bot.neural.train import auc, best_span, f1_curve


def test_q4_block_dequantises_low_nibbles_first_then_high() -> None:
    block = np.zeros((1, 1), dtype=[("d", "<f2"), ("qs", "u1", (16,))])
    block["d"] = 0.5
    block["qs"][0, 0, :] = [(9 << 4) | 10] * 16  # low nibble 10 -> +2, high nibble 9 -> +1
    out = dequant_blocks(block)
    assert out.shape == (1, 32)
    assert np.allclose(out[0, :16], 1.0) and np.allclose(out[0, 16:], 0.5)


def test_word_rows_are_read_from_the_file_in_the_order_asked(tmp_path: Path) -> None:
    rows, per_row, offset = 5, 2, 7
    blocks = np.zeros((rows, per_row), dtype=Q4_BLOCK)
    blocks["d"] = np.arange(rows, dtype=np.float16)[:, None]  # row r has scale r
    blocks["qs"] = np.arange(rows * per_row * 16, dtype=np.uint8).reshape(rows, per_row, 16)
    path = tmp_path / "m.bin"
    path.write_bytes(b"x" * offset + blocks.tobytes())
    table = WordRows(path, offset, rows, per_row)
    got = table[np.array([3, 0, 3])]
    assert got.shape == (3, per_row)
    assert got.tobytes() == blocks[[3, 0, 3]].tobytes()
    assert table[np.array([], dtype=np.int64)].shape == (0, per_row)
    with pytest.raises(IndexError):
        table[np.array([rows])]
    path.write_bytes(b"x" * offset + blocks[:2].tobytes())  # truncated: an error, not garbage
    with pytest.raises(ValueError, match="short read"):
        WordRows(path, offset, rows, per_row)[np.array([4])]


def test_tokenizer_offsets_point_into_the_original_text() -> None:
    from bot.neural.tokenize import load_tokenizer

    tok = load_tokenizer()
    text = "L’agence  paie 224 000 $ pour «soutien à la mission» ﬁnal."
    enc = tok.encode(text)
    assert len(enc.ids) == len(enc.offsets) > 5
    last = 0
    for a, b in enc.offsets:
        assert 0 <= a <= b <= len(text) and a >= last - 1
        last = b
    pieces = [text[a:b].strip() for a, b in enc.offsets if b > a]
    assert "".join(pieces).replace(" ", "") == text.replace(" ", "")
    assert tok.ids("") == [] and tok.encode("").ids == []


def test_long_words_are_tokenized_like_short_ones_but_not_cached() -> None:
    from bot.neural.tokenize import CACHED_WORD, load_tokenizer

    tok = load_tokenizer()
    blob = "aGVsbG8gd29ybGQ" * 40  # base64-like, no spaces: one 600-character word
    tok.segment.cache_clear()  # type: ignore[attr-defined] # a cache: emptied, nothing else changes
    enc = tok.encode(f"data {blob} fin")
    assert tok.segment.cache_info().currsize == 2  # type: ignore[attr-defined] # "▁data", "▁fin"
    assert len(blob) > CACHED_WORD and enc.offsets[-1] == (len(blob) + 5, len(blob) + 9)  # the word marker is the space before it
    assert "".join(tok.vocab.pieces[i] for i in enc.ids).replace("\u2581", " ").strip() == f"data {blob} fin"


def tiny_shape() -> E5Shape:
    return E5Shape(hidden=32, layers=2, heads=4, ffn=64, vocab=50, max_positions=64, type_vocab=2, eps=1e-12)


@pytest.mark.parametrize("task", ["answers", "nli"])
def test_weights_round_trip_through_int8_files(tmp_path: Path, task: str) -> None:
    torch.manual_seed(0)
    model = CrossEncoder(tiny_shape(), 2, task).eval()
    save_weights(model, tmp_path / "m.npz", max_positions=16)
    again = CrossEncoder(tiny_shape(), 2, task).eval()
    load_weights(again, tmp_path / "m.npz")
    words = torch.randn(2, 10, 32)
    mask = torch.ones(2, 10, dtype=torch.bool)
    mask[1, 7:] = False
    a, sa = model(words, mask)
    b, sb = again(words, mask)
    assert torch.allclose(a, b, atol=0.05)
    assert (sa is None) == (sb is None) == (task == "nli")


def test_best_span_keeps_start_before_end_and_bounds_length() -> None:
    s = torch.tensor([0.0, 5.0, 0.0, 0.0])
    e = torch.tensor([3.0, 0.0, 0.0, 4.0])
    got = best_span(s, e)
    assert got is not None and got[:2] == (1, 3) and got[2] == 9.0
    short = best_span(s, e, max_len=2)  # (1, 3) is three tokens long
    assert short is not None and short[:2] == (1, 1)
    back = best_span(torch.tensor([0.0, 9.0]), torch.tensor([9.0, 0.0]))  # an end before its start is never chosen
    assert back is not None and back[0] <= back[1]
    assert best_span(torch.tensor([]), torch.tensor([])) is None


def test_threshold_curve_rewards_abstaining_on_unanswerable() -> None:
    scores = np.array([0.9, 0.8, 0.2, 0.1])
    gold = np.array([True, True, False, False])
    f1s = np.array([1.0, 0.5, 0.0, 0.0])
    curve = f1_curve(scores, gold, f1s, np.array([0.0, 0.5, 1.01]))
    assert curve.tolist() == [0.375, 0.875, 0.5]
    assert auc(scores, gold) == 1.0


def test_init_takes_the_encoder_and_only_with_heads_the_heads(tmp_path: Path) -> None:
    from bot.neural.train import init_encoder

    torch.manual_seed(0)
    trained = CrossEncoder(tiny_shape(), 2, "nli")
    save_weights(trained, tmp_path / "m.npz", max_positions=64)
    fresh = CrossEncoder(tiny_shape(), 2, "nli")
    init_encoder(fresh, tmp_path / "m.npz")
    assert torch.allclose(next(fresh.encoder.parameters()), next(trained.encoder.parameters()), atol=0.05)
    assert not torch.allclose(fresh.cls.weight, trained.cls.weight, atol=0.05)
    init_encoder(fresh, tmp_path / "m.npz", heads=True)
    assert torch.allclose(fresh.cls.weight, trained.cls.weight, atol=0.05)


def test_average_interpolates_two_saved_models_tensor_by_tensor(tmp_path: Path) -> None:
    from bot.neural.model import average_weights, read_state

    torch.manual_seed(0)
    save_weights(CrossEncoder(tiny_shape(), 2, "answers"), tmp_path / "a.npz", max_positions=16)
    save_weights(CrossEncoder(tiny_shape(), 2, "answers"), tmp_path / "b.npz", max_positions=16)
    a, b = read_state(tmp_path / "a.npz"), read_state(tmp_path / "b.npz")
    for w in (0.0, 0.25, 1.0):
        average_weights(tmp_path / "a.npz", tmp_path / "b.npz", w, tmp_path / "m.npz")
        m = read_state(tmp_path / "m.npz")
        for name in a:  # int8 rows and fp16 tensors: one quantisation step of error at most
            want = (1 - w) * a[name] + w * b[name]
            assert torch.allclose(m[name], want, atol=want.abs().max().item() / 120 + 1e-3), name
    assert not torch.allclose(m["span.weight"], a["span.weight"], atol=1e-3)
    save_weights(CrossEncoder(tiny_shape(), 2, "nli"), tmp_path / "c.npz", max_positions=16)
    with pytest.raises(ValueError, match="same architecture"):
        average_weights(tmp_path / "a.npz", tmp_path / "c.npz", 0.5, tmp_path / "m.npz")
    with pytest.raises(ValueError, match="weight"):
        average_weights(tmp_path / "a.npz", tmp_path / "b.npz", 1.5, tmp_path / "m.npz")


def test_average_command_writes_weights_config_and_card(tmp_path: Path) -> None:
    import json

    from bot.neural.train import main

    torch.manual_seed(0)
    for name in ("first", "second"):
        (tmp_path / name).mkdir()
        save_weights(CrossEncoder(tiny_shape(), 2, "answers"), tmp_path / name / "model.npz", max_positions=16)
        cfg = {"task": "answers", "layers": 2, "labels": ["answerable"], "threshold": 0.5, "max_positions": 16,
               "train": {"pairs": 1, "epochs": 1, "batch": 1, "lr": 1e-5, "seed": 1, "device": "cpu", "wall_s": 1.0,
                         "pairs_per_s": 1.0, "steps": 1, "stopped_early": False, "init": "e5"},
               "validation": {"val_en": {"auc": 0.9}}, "pipeline_threshold": 0.3}
        (tmp_path / name / "config.json").write_text(json.dumps(cfg), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["average", "--first", str(tmp_path / "first"), "--second", str(tmp_path / "second"),
                 "--weight", "0.5", "--out", str(out), "--note", "stage one came from a GPU run",
                 "--pipeline-threshold", "0.4", "--calibration", "measured on validation"]) == 0
    cfg = json.loads((out / "config.json").read_text(encoding="utf-8"))
    assert cfg["average"]["weight"] == 0.5 and cfg["task"] == "answers"
    # the second's validation figures and pipeline threshold describe another model: not carried over
    assert "validation" not in cfg and cfg["pipeline_threshold"] == 0.4
    card = (out / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "weights averaged: 0.5" in card and "python -m bot.neural.train average --first" in card
    assert "stage one came from a GPU run" in card and "measured through retrieval): 0.4. measured on validation" in card
    assert "--pipeline-threshold 0.4  # and --calibration, --note" in card
