"""Fit the reporting-period model's weights (``kpi_extract/data/reporting.json``).

Usage::

    python benchmarks/fit_reporting_period.py [--data ../shared/dev/ectsum] [--write]

Reads development calls whose file names give their period (``<TICKER>_q<N>_<YYYY>.txt``
or ``.txt.gz``): fits on ``train``, checks on ``val``. The model is a conditional
log-linear model over candidate periods (softmax over the candidates of a call, L2
penalty, Adam); ``min_margin`` is the smallest score margin at which no more than
``--max-wrong`` of the train calls get a wrong period. Prints right / wrong / unknown for
both splits; ``--write`` stores the weights (rounded) and the margin in the data file.
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
    w, m, v = np.zeros(n), np.zeros(n), np.zeros(n)
    usable = [d for d in docs if d[2] >= 0 and len(d[0]) > 1]
    for t in range(1, steps + 1):
        g = l2 * w
        for cands, rows, gold in usable:
            s = np.array([w[i] @ x for i, x in rows])
            p = np.exp(s - s.max())
            p /= p.sum()
            for (i, x), pk in zip(rows, p):
                np.add.at(g, i, pk * x)
            i, x = rows[gold]
            np.add.at(g, i, -x)
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


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "dev" / "ectsum")
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--steps", type=int, default=150)
    ap.add_argument("--lr", type=float, default=0.05)
    ap.add_argument("--max-wrong", type=float, default=0.015)
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args(argv)
    base = json.loads(DATA_FILE.read_text())
    base["model"]["weights"] = {}
    model = PeriodModel(base)
    train, val = calls(args.data / "train"), calls(args.data / "val")
    index: dict[str, int] = {}
    tr = design(model, train, index, grow=True)
    va = design(model, val, index, grow=False)
    w = fit(tr, len(index), args.l2, args.steps, args.lr)
    mtr, mva = margins(tr, w), margins(va, w)
    margin = next(th for th in np.arange(0.0, 20.0, 0.25) if rates(mtr, th)[1] <= args.max_wrong)
    for name, ms in (("train", mtr), ("val", mva)):
        for th in (0.0, margin):
            r, wr, u = rates(ms, th)
            print(f"{name:5} n={len(ms)} margin>={th:.2f}: right {r:.3f} wrong {wr:.3f} unknown {u:.3f}")
    if args.write:
        names = {i: k for k, i in index.items()}
        base["model"]["weights"] = {names[i]: round(float(x), 3) for i, x in enumerate(w) if abs(x) >= 0.005}
        base["model"]["min_margin"] = float(margin)
        DATA_FILE.write_text(json.dumps(base, indent=1) + "\n")
        print(f"wrote {len(base['model']['weights'])} weights, min_margin {margin:.2f} to {DATA_FILE}")


if __name__ == "__main__":
    main()
