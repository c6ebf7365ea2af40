"""Quick throughput check: extract() vs the blank spaCy tokenizer at its best, same run.

Usage: python benchmarks/quick_ratio.py [FILE] [--chars N] [--repeat R]
Both sides are timed R times (interleaved) and the best time of each is kept, so a busy
machine hurts both alike. Prints words/s of each and their ratio.
"""
from __future__ import annotations

import argparse
import time
import warnings

import spacy

import kpi_extract


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("file", nargs="?", default="fixtures/kingsoft_cloud_2022q4.txt")
    ap.add_argument("--chars", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    text = open(args.file, encoding="utf-8").read()
    if args.chars:
        text = text[: args.chars]
    words = len(text.split())
    paras = [p for p in text.split("\n") if p.strip()]
    blank = spacy.blank("en")
    warnings.simplefilter("ignore")
    list(blank.pipe(paras))
    kpi_extract.extract(text, reporting_period="2022Q4")
    t_tok = t_kpi = float("inf")
    for _ in range(args.repeat):
        t_tok = min(t_tok, best_of(lambda: list(blank.pipe(paras)), 1))
        t_kpi = min(t_kpi, best_of(lambda: kpi_extract.extract(text, reporting_period="2022Q4"), 1))
    print(f"words={words} tokenizer={words / t_tok:,.0f} w/s extract={words / t_kpi:,.0f} w/s "
          f"ratio={t_tok / t_kpi:.3f}")


if __name__ == "__main__":
    main()
