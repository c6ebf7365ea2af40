"""A synthetic earnings-call corpus for the benchmarks: paragraphs built from templates.

About one sentence in nine carries values (money, percentages, percentage points, basis
points, per-share amounts, counts, ranges, guidance), the rest is the talk around them,
as in a real call. Deterministic for a given seed; nothing is read from disk.

>>> text = corpus(2_000, seed=1)
>>> 1_900 < len(text.split()) < 2_300
True
"""
from __future__ import annotations

import random

__all__ = ["corpus", "documents", "HEADER"]

KPI_SHARE = 0.11  # share of sentences with values: about the fixture's density of values per word
HEADER = "Fourth Quarter and Full Year 2022 Earnings Call"

METRICS = ["total revenues", "revenues from public cloud services", "enterprise cloud revenue", "gross profit",
           "adjusted gross profit", "operating loss", "non-GAAP operating income", "net loss",
           "adjusted net income", "adjusted EBITDA", "operating cash flow", "free cash flow",
           "capital expenditures", "IDC costs", "research and development expenses",
           "selling and marketing expenses", "general and administrative expenses", "share-based compensation",
           "cost of revenues", "depreciation and amortization costs", "backlog", "bookings"]
RATES = ["gross margin", "adjusted gross margin", "operating margin", "non-GAAP operating margin",
         "net margin", "adjusted EBITDA margin", "net revenue retention", "effective tax rate"]
SEGMENTS = ["public cloud", "enterprise cloud", "financial services", "healthcare", "video", "CDN", "AI",
            "government", "e-commerce", "international"]
CURRENCIES = ["RMB", "RMB ", "US$", "$", "HK$"]
SCALES = ["million", "million", "billion", "thousand"]
UP = ["increased", "grew", "rose", "was up"]
DOWN = ["decreased", "declined", "fell", "was down"]
PERIODS = ["in the fourth quarter of 2022", "this quarter", "for the full year 2022", "in the same period last year",
           "compared with the third quarter of 2022", "for the quarter", "in 2022"]
COMPARE = ["year-over-year", "quarter-over-quarter", "from the same period last year", "from last quarter"]
QUALS = ["", "", "", "approximately ", "about ", "more than ", "nearly "]

TALK = [
    "Thank you, operator, and good evening, everyone.",
    "Let me now walk you through the financial results of the quarter.",
    "We continued to focus on high-quality and sustainable growth across our {seg} business.",
    "As we mentioned on the last call, we have been optimizing our customer structure and proactively "
    "scaling down low-margin businesses.",
    "Our strategy of {seg} solutions remains unchanged, and we will keep investing in products and technology.",
    "We believe that this transformation will lay a solid foundation for long-term profitability.",
    "Customers in the {seg} vertical showed strong demand for our storage, computing and database products.",
    "Please note that all numbers are presented in RMB unless otherwise stated.",
    "I will now turn the call over to our CFO for a closer look at the numbers.",
    "We are cautiously optimistic about the recovery of demand in the coming quarters.",
    "Our partnership with the ecosystem has deepened, and we signed several strategic agreements.",
    "Operator, we are now ready to take questions.",
    "That's a great question, and let me answer it in two parts.",
    "On the cost side, we kept improving efficiency through technology and better resource planning.",
    "Now, moving on to the {seg} business, where the trends were encouraging.",
]


def _money(r: random.Random) -> str:
    cur = r.choice(CURRENCIES)
    if r.random() < 0.2:
        return f"{cur}{r.randint(10, 999):,}.{r.randint(0, 9)} {r.choice(SCALES)}"
    return f"{cur}{r.uniform(1, 3000):,.{r.choice([1, 1, 2])}f} {r.choice(SCALES)}"


def _pct(r: random.Random) -> str:
    return f"{r.uniform(0.1, 60):.1f}%"


def _kpi(r: random.Random) -> str:
    m, rate, seg = r.choice(METRICS), r.choice(RATES), r.choice(SEGMENTS)
    q = r.choice(QUALS)
    forms = [
        lambda: f"{m.capitalize()} {r.choice(PERIODS)} were {q}{_money(r)}, {r.choice(['up', 'down'])} "
                f"{_pct(r)} {r.choice(COMPARE)}.",
        lambda: f"{m.capitalize()} {r.choice(UP + DOWN)} by {_pct(r)} {r.choice(COMPARE)} to {_money(r)}.",
        lambda: f"{m.capitalize()} was {_money(r)}, compared with {_money(r)} in the same period last year.",
        lambda: f"Revenues from {seg} were {_money(r)}, representing {_pct(r)} of total revenues.",
        lambda: f"{rate.capitalize()} was {_pct(r)}, compared with {_pct(r)} in the same period of 2021.",
        lambda: f"{rate.capitalize()} improved by {r.uniform(0.1, 9):.1f} percentage points {r.choice(COMPARE)}.",
        lambda: f"{rate.capitalize()} expanded {r.randint(5, 400)} basis points {r.choice(COMPARE)}.",
        lambda: f"Non-GAAP diluted earnings per ADS were {r.choice(['$', 'RMB'])}{r.uniform(0.01, 3):.2f}.",
        lambda: f"Basic and diluted net loss per share were {r.choice(['US$', 'RMB'])}({r.uniform(0.01, 2):.2f}).",
        lambda: f"For the first quarter of 2023, we expect total revenues to be between {_money(r)} and "
                f"{_money(r)}.",
        lambda: f"As of December 31, 2022, we had cash and cash equivalents of {_money(r)}.",
        lambda: f"Our headcount was {q}{r.randint(500, 20000):,} employees at the end of the quarter.",
        lambda: f"We added {r.randint(10, 900)} new customers this quarter, and our {seg} customers grew "
                f"{r.randint(2, 4)}x over two years.",
        lambda: f"We repurchased {r.uniform(1, 50):.1f} million ADSs for {_money(r)} under the program.",
        lambda: f"Excluding the impact of {seg}, {m} {r.choice(UP)} {_pct(r)} {r.choice(COMPARE)}, "
                f"and {rate} reached {_pct(r)}.",
    ]
    return r.choice(forms)()


def _paragraph(r: random.Random) -> str:
    out = []
    for _ in range(r.randint(2, 7)):
        if r.random() < KPI_SHARE:
            out.append(_kpi(r))
        else:
            out.append(r.choice(TALK).format(seg=r.choice(SEGMENTS)))
    return " ".join(out)


def corpus(words: int, *, seed: int = 0) -> str:
    """About ``words`` words (whole paragraphs, one per line) under a call header."""
    r = random.Random(seed)
    paras, n = [HEADER], len(HEADER.split())
    while n < words:
        p = _paragraph(r)
        paras.append(p)
        n += len(p.split())
    return "\n".join(paras) + "\n"


def documents(words: int, *, per_doc: int = 6_000, seed: int = 0) -> list[tuple[str, str]]:
    """``(doc_id, text)`` pairs of about ``per_doc`` words each, ``words`` in all."""
    return [(f"call-{i:04d}", corpus(per_doc, seed=seed + i)) for i in range(max(1, round(words / per_doc)))]
