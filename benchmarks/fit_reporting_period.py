"""Fit the reporting-period model's weights (``kpi_extract/data/reporting.json``).

Usage::

    python benchmarks/fit_reporting_period.py [--data ../shared/dev/ectsum] [--folds 5] [--write]

Reads development calls whose file names give their period (``<TICKER>_q<N>_<YYYY>.txt``
or ``.txt.gz``): fits on ``train``, checks on ``val``. The model is a conditional
log-linear model over candidate periods (softmax over the candidates of a call, L2
penalty, Adam); ``min_margin`` is the smallest score margin at which no more than
``--max-wrong`` of the train calls get a wrong period. Prints right / wrong / unknown for
both splits; ``--write`` stores the weights (rounded) and the margin in the data file.
With ``--folds K`` (what the packaged weights use) the calls of train and val are
cross-validated in K folds grouped by company: the margin comes from out-of-fold scores
(periods the weights never saw), and the weights stored are fitted on every call.
The calls themselves are read at run time and never stored in the project.
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kpi_extract.document.period import PeriodModel  # noqa: E402

DATA_FILE = ROOT / "kpi_extract" / "data" / "reporting.json"
NAME = re.compile(r"_q([1-4])_(\d{4})$")


def calls(folder: Path) -> list[tuple[str, tuple[int, int], str]]:
    out = []
    for f in sorted((folder / "transcripts").iterdir()):
        stem = f.name.split(".")[0]
        m = NAME.search(stem)
        if not m:
            continue
        text = gzip.open(f, "rt", encoding="utf-8").read() if f.suffix == ".gz" else f.read_text(encoding="utf-8")
        out.append((stem, (int(m[2]), int(m[1])), text))
    return out


def design(model: PeriodModel, data: list, index: dict[str, int], grow: bool) -> list:
    """Per call: (candidates, sparse rows [(feature ids, values)], gold candidate or -1)."""
    out = []
    for stem, truth, text in data:
        mentions = model.grammar.find(text)
        cands = model.candidates(mentions)
        rows = []
        for y, q in cands:
            ids, vals = [], []
            for k, v in model.features(mentions, y, q).items():
                if k not in index:
                    if not grow:
                        continue
                    index[k] = len(index)
                ids.append(index[k])
                vals.append(v)
            rows.append((np.array(ids, dtype=np.int64), np.array(vals)))
        out.append((cands, rows, cands.index(truth) if truth in cands else -1))
    return out


def fit(docs: list, n: int, l2: float, steps: int, lr: float) -> np.ndarray:
    """Adam on the softmax loss over each call's candidates, all calls at once: the
    candidates' sparse features as flat (row, feature, value) arrays, so a step is a few
    ``bincount`` calls rather than a Python loop over calls."""
    usable = [d for d in docs if d[2] >= 0 and len(d[0]) > 1]
    rows, feats, vals, first, gold = [], [], [], [], []
    r = 0
    for cands, cand_rows, g in usable:
        first.append(r)
        gold.append(r + g)
        for ids, x in cand_rows:
            rows.append(np.full(len(ids), r))
            feats.append(ids)
            vals.append(x)
            r += 1
    rows_a, feats_a, vals_a = np.concatenate(rows), np.concatenate(feats), np.concatenate(vals)
    starts, gold_a = np.array(first), np.array(gold)
    group = np.repeat(np.arange(len(starts)), np.diff(np.append(starts, r)))
    w, m, v = np.zeros(n), np.zeros(n), np.zeros(n)
    for t in range(1, steps + 1):
        s = np.bincount(rows_a, weights=w[feats_a] * vals_a, minlength=r)
        p = np.exp(s - np.maximum.reduceat(s, starts)[group])
        p /= np.add.reduceat(p, starts)[group]
        p[gold_a] -= 1.0
        g = l2 * w + np.bincount(feats_a, weights=p[rows_a] * vals_a, minlength=n)
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        w -= lr * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
    return w


def margins(docs: list, w: np.ndarray) -> list[tuple[float, bool | None]]:
    out = []
    for cands, rows, gold in docs:
        if not cands:
            out.append((0.0, None))
            continue
        s = np.array([w[i] @ x for i, x in rows])
        order = np.argsort(-s)
        mg = s[order[0]] - s[order[1]] if len(s) > 1 else np.inf
        out.append((float(mg), bool(order[0] == gold)))
    return out


def rates(ms: list, th: float) -> tuple[float, float, float]:
    n = len(ms)
    right = sum(1 for mg, ok in ms if ok and mg >= th) / n
    wrong = sum(1 for mg, ok in ms if ok is False and mg >= th) / n
    return right, wrong, 1 - right - wrong


def write(base: dict, index: dict[str, int], w: np.ndarray, margin: float) -> None:
    """Store the weights (rounded; near-zero ones left out) and ``min_margin`` in the data file."""
    names = {i: k for k, i in index.items()}
    base["model"]["weights"] = {names[i]: round(float(x), 3) for i, x in enumerate(w) if abs(x) >= 0.005}
    base["model"]["min_margin"] = float(margin)
    DATA_FILE.write_text(json.dumps(base, indent=1) + "\n")
    print(f"wrote {len(base['model']['weights'])} weights, min_margin {margin:.2f} to {DATA_FILE}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "dev" / "ectsum")
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--steps", type=int, default=150)
    ap.add_argument("--lr", type=float, default=0.05)
    ap.add_argument("--max-wrong", type=float, default=0.015)
    ap.add_argument("--folds", type=int, default=0,
                    help="cross-validate over train+val, grouped by ticker: min_margin from the out-of-fold "
                         "margins, weights fitted on all calls")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args(argv)
    if args.folds:
        return cross_validated(args)
    base = json.loads(DATA_FILE.read_text())
    base["model"]["weights"] = {}
    model = PeriodModel(base)
    train, val = calls(args.data / "train"), calls(args.data / "val")
    index: dict[str, int] = {}
    tr = design(model, train, index, grow=True)
    va = design(model, val, index, grow=False)
    w = fit(tr, len(index), args.l2, args.steps, args.lr)
    mtr, mva = margins(tr, w), margins(va, w)
    margin = next(th for th in np.arange(0.0, 20.0, 0.05) if rates(mtr, th)[1] <= args.max_wrong)
    for name, ms in (("train", mtr), ("val", mva)):
        for th in (0.0, margin):
            r, wr, u = rates(ms, th)
            print(f"{name:5} n={len(ms)} margin>={th:.2f}: right {r:.3f} wrong {wr:.3f} unknown {u:.3f}")
    if args.write:
        write(base, index, w, margin)


def cross_validated(args: argparse.Namespace) -> None:
    """K-fold cross-validation grouped by ticker (a company's calls stay in one fold), so
    that ``min_margin`` is chosen on periods the weights never saw."""
    base = json.loads(DATA_FILE.read_text())
    base["model"]["weights"] = {}
    model = PeriodModel(base)
    split = {"train": calls(args.data / "train"), "val": calls(args.data / "val")}
    every = [(name, c) for name, cs in split.items() for c in cs]
    fold = {t: i % args.folds for i, t in enumerate(sorted({c[0].rsplit("_q", 1)[0] for _, c in every}))}
    index: dict[str, int] = {}
    docs = design(model, [c for _, c in every], index, grow=True)
    oof: list = [None] * len(docs)
    for k in range(args.folds):
        inside = [i for i, (_, c) in enumerate(every) if fold[c[0].rsplit("_q", 1)[0]] != k]
        w = fit([docs[i] for i in inside], len(index), args.l2, args.steps, args.lr)
        out = [i for i in range(len(docs)) if i not in set(inside)]
        for i, m in zip(out, margins([docs[i] for i in out], w)):
            oof[i] = m
    margin = next(th for th in np.arange(0.0, 20.0, 0.05) if rates(oof, th)[1] <= args.max_wrong)
    for name in ("train", "val", "all"):
        ms = [m for (n, _), m in zip(every, oof) if name in (n, "all")]
        for th in (0.0, margin):
            r, wr, u = rates(ms, th)
            print(f"out-of-fold {name:5} n={len(ms)} margin>={th:.2f}: right {r:.3f} wrong {wr:.3f} unknown {u:.3f}")
    w = fit(docs, len(index), args.l2, args.steps, args.lr)
    if args.write:
        write(base, index, w, margin)


if __name__ == "__main__":
    main()
