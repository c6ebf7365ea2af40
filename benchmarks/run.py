"""Performance figures of kpi_extract, written to ``docs/performance.md`` (and a plot).

Usage::

    pip install -e ".[bench]"      # matplotlib (the plot) and quantulum3 (the comparison)
    python benchmarks/run.py       # about 5 minutes on 2 cores; --quick for a smoke run
    python benchmarks/run.py --ratio [FILE] [--chars N]   # seconds: the ratio (a) alone

Every throughput is put against a floor measured in the same run: ``spacy.blank("en")``
piping the same text's paragraphs (``text.split("\\n")``) with a warm tokenizer cache, the
fastest spaCy can turn that text into ``Doc`` objects. Competing measurements are
interleaved (A, B, A, B, ...) and the best of N runs of each is kept, so a busy machine
slows both sides alike and the ratio stays meaningful. Measured:

(a) ``extract`` words/s on the fixture transcript and on a generated 1M-word call, as a
    ratio to the floor; (b) time per word at 10k, 100k and 1M words; (c) ``extract_many``
    with ``n_process`` 1 and 2; (d) peak memory extracting the 1M-word call (a fresh
    process); (e) pipeline load time (a fresh process); (f) quantulum3 on the fixture; (g) reading 100
    HTML release pages of the fixture's size (``extract(read(page))``, tables included)
    against ``extract`` on their plain text alone (``--documents``: that ratio alone).
The corpus comes from ``benchmarks/corpus.py`` (templates, fixed seed), never from real data.
"""
from __future__ import annotations

import argparse
import datetime as dt
import inspect
import json
import os
import platform
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import spacy

import kpi_extract

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from corpus import documents, corpus  # noqa: E402

FIXTURE = ROOT / "fixtures" / "kingsoft_cloud_2022q4.txt"
RELEASE = ROOT / "fixtures" / "releases" / "northwind_fy23q3_release.html"
PERIOD = "2022Q4"


# ---------------------------------------------------------------------------- timing
def race(fns: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Best wall time of each function over ``repeat`` interleaved rounds."""
    best = {name: float("inf") for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            t = time.perf_counter()
            fn()
            best[name] = min(best[name], time.perf_counter() - t)
    return best


def words(text: str) -> int:
    return len(text.split())


def paragraphs(text: str) -> list[str]:
    return text.split("\n")


def floor_and_extract(text: str, repeat: int, blank: spacy.Language) -> dict[str, float]:
    """Best times of the tokenizer floor and of ``extract`` on ``text``, interleaved."""
    paras = paragraphs(text)
    list(blank.pipe(paras))  # warm the tokenizer cache
    kpi_extract.extract(text[:20_000], reporting_period=PERIOD)  # warm the pipeline
    return race({"floor": lambda: list(blank.pipe(paras)),
                 "extract": lambda: kpi_extract.extract(text, reporting_period=PERIOD)}, repeat)


# ---------------------------------------------------------------------------- subprocesses
def in_subprocess(code: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=ROOT, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    return json.loads(out.stdout.strip().splitlines()[-1])


def load_time(repeat: int) -> dict[str, float]:
    code = ("import json, time; t0 = time.perf_counter(); import kpi_extract; t1 = time.perf_counter(); "
            "kpi_extract.make_pipeline(); t2 = time.perf_counter(); "
            "print(json.dumps({'import': t1 - t0, 'make_pipeline': t2 - t1}))")
    runs = [in_subprocess(code) for _ in range(repeat)]
    return {k: min(r[k] for r in runs) for k in runs[0]}


def peak_memory(n_words: int) -> dict[str, float]:
    """Peak resident memory of a fresh process extracting an ``n_words`` call. Read from
    ``/proc/self/status`` (VmHWM): ``ru_maxrss`` of a child started by a big parent carries
    the parent's peak across ``exec`` on Linux."""
    code = f"""
import json, resource, sys, warnings
warnings.simplefilter("ignore")
sys.path.insert(0, {str(HERE)!r})

def peak_mb():
    try:
        with open("/proc/self/status") as f:
            return next(int(l.split()[1]) for l in f if l.startswith("VmHWM")) / 1024
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

from corpus import corpus
import kpi_extract
text = corpus({n_words})
kpi_extract.extract("Revenue was $5 million.", reporting_period="{PERIOD}")
before = peak_mb()
df = kpi_extract.extract(text, reporting_period="{PERIOD}")
peak = peak_mb()
print(json.dumps({{"before_mb": before, "peak_mb": peak, "rows": len(df),
                  "frame_mb": df.memory_usage(deep=True).sum() / 2**20, "text_mb": len(text) / 2**20}}))
"""
    return in_subprocess(code)


# ---------------------------------------------------------------------------- measurements
def measure(args: argparse.Namespace) -> dict:
    warnings.simplefilter("ignore")
    blank = spacy.blank("en")
    res: dict = {"args": {k: str(v) for k, v in vars(args).items()}, "cpus": os.cpu_count(), "machine": machine(),
                 "commit": commit(), "date": dt.date.today().isoformat()}
    big = args.big
    print(f"generating a {big:,}-word corpus ...", flush=True)
    text_big = corpus(big)
    fixture = FIXTURE.read_bytes().decode("utf-8")

    print("(a) fixture: floor vs extract ...", flush=True)
    t = floor_and_extract(fixture, args.repeat, blank)
    res["fixture"] = {"words": words(fixture), **t}

    print("(b) scaling ...", flush=True)
    res["scaling"] = []
    for n, rep in ((big // 100, args.repeat), (big // 10, max(3, args.repeat // 2)), (big, 3)):
        text = text_big if n == big else corpus(n)
        print(f"    {n:,} words (best of {rep}) ...", flush=True)
        t = floor_and_extract(text, rep, blank)
        res["scaling"].append({"words": words(text), **t})
    res["corpus"] = res["scaling"][-1]
    sample = text_big[:200_000]
    res["density"] = {"corpus": len(kpi_extract.extract(sample, reporting_period=PERIOD)) / words(sample) * 1000,
                      "fixture": len(kpi_extract.extract(fixture, reporting_period=PERIOD)) / words(fixture) * 1000}

    print("(c) extract_many n_process 1 vs 2 ...", flush=True)
    if "n_process" in inspect.signature(kpi_extract.extract_many).parameters:
        docs = documents(args.many)
        kw = {"reporting_period": PERIOD}
        if "progress" in inspect.signature(kpi_extract.extract_many).parameters:
            kw["progress"] = False
        t = race({f"n_process={n}": (lambda n=n: kpi_extract.extract_many(docs, n_process=n, **kw)) for n in (1, 2)},
                 2)
        res["many"] = {"words": sum(words(d) for _, d in docs), "docs": len(docs), **t}
    else:
        res["many"] = None

    print("(d) peak memory (fresh process) ...", flush=True)
    res["memory"] = {"words": big, **peak_memory(big)}

    print("(e) load time (fresh process) ...", flush=True)
    res["load"] = load_time(3)

    print("(f) quantulum3 ...", flush=True)
    res["quantulum3"] = quantulum(fixture, blank, args.repeat)

    print("(g) 100 release pages: read + extract vs extract on their text ...", flush=True)
    res["documents"] = document_ratio(args.repeat)
    return res


def quantulum(text: str, blank: spacy.Language, repeat: int) -> dict | None:
    try:
        from quantulum3 import parser
    except ImportError as exc:
        return {"error": f"not installed ({exc}); pip install quantulum3"}
    paras = [p for p in paragraphs(text) if p.strip()]
    list(blank.pipe(paras))
    found: list = []
    t = race({"floor": lambda: list(blank.pipe(paragraphs(text))),
              "quantulum3": lambda: found.append([q for p in paras for q in parser.parse(p)])},
             max(2, repeat // 3))
    quantities = found[-1]
    kinds = ["percentage" if q.unit.name == "percentage" else q.unit.entity.name for q in quantities]
    odd = sorted({q.unit.name for q, k in zip(quantities, kinds) if k not in ("percentage", "currency", "dimensionless")})
    ours = kpi_extract.extract(text, reporting_period=PERIOD)
    return {"words": words(text), **t, "quantities": len(quantities), "percentage": kinds.count("percentage"),
            "currency": kinds.count("currency"), "dimensionless": kinds.count("dimensionless"),
            "other": len(quantities) - sum(kinds.count(k) for k in ("percentage", "currency", "dimensionless")),
            "other_units": odd[:4], "ours": len(ours), "ours_linked": int(ours["metric"].notna().sum()),
            "ours_units": ours["unit"].value_counts().to_dict()}


# ---------------------------------------------------------------------------- report
def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(next(l for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")).split()[1])
        mem = f", {kb / 2**20:.0f} GiB RAM"
    except (OSError, StopIteration, ValueError):
        pass
    import pandas
    return (f"{cpu}, {os.cpu_count()} cores{mem}; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}, spaCy {spacy.__version__}, pandas {pandas.__version__}, "
            f"kpi_extract {kpi_extract.__version__}")


def commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def wps(n: int, s: float) -> str:
    return f"{n / s:,.0f}"


def documents_lines(d: dict | None, ok: Callable[[bool], str]) -> list[str]:
    """The report's lines of (g), none when it was not measured."""
    if not d:
        return []
    return ["## Documents", "",
            f"Reading {d['pages']} HTML release pages (`{RELEASE.name}`, {d['chars']:,} characters of text each) and",
            "extracting them, tables included (`extract_many` of `kpi_extract.read(page)`), against `extract_many` on",
            "the same pages' plain text alone:", "",
            "| documents (s) | text alone (s) | ratio | target |", "|---:|---:|---:|---|",
            f"| {d['documents']:.3f} | {d['text']:.3f} | {d['ratio']:.2f} | < 2: {ok(d['ratio'] < 2)} |", ""]


def report(res: dict, plot: str | None) -> str:
    fx, cp, sc = res["fixture"], res["corpus"], res["scaling"]
    per_word = [r["extract"] / r["words"] * 1e6 for r in sc]
    flat = max(per_word) / min(per_word)
    ratio_fx = fx["floor"] / fx["extract"]
    mem = res["memory"]
    ok = lambda b: "yes" if b else "**no**"  # noqa: E731
    lines = [
        "# Performance",
        "",
        f"Measured by `python benchmarks/run.py` on {res['date']} at commit `{res['commit']}`.",
        f"Machine: {res['machine']}.",
        "",
        "Throughput is given as a ratio to a floor measured in the same run: `spacy.blank(\"en\")` piping",
        "the same text's paragraphs with a warm tokenizer cache, the fastest spaCy turns that text into",
        "`Doc` objects. Both sides are interleaved and the best of N runs of each is kept, so a busy",
        "machine slows both alike. The generated corpus comes from `benchmarks/corpus.py` (earnings-call",
        f"templates, fixed seed) at {res['density']['corpus']:.1f} values per 1,000 words; the fixture has "
        f"{res['density']['fixture']:.1f}.",
        "",
        "## Throughput",
        "",
        "| input | words | floor (words/s) | `extract` (words/s) | ratio to floor | target |",
        "|---|---:|---:|---:|---:|---|",
        f"| fixture `{FIXTURE.name}` | {fx['words']:,} | {wps(fx['words'], fx['floor'])} | "
        f"{wps(fx['words'], fx['extract'])} | {ratio_fx:.3f} | >= 0.1: {ok(ratio_fx >= 0.1)} |",
        f"| generated call | {cp['words']:,} | {wps(cp['words'], cp['floor'])} | {wps(cp['words'], cp['extract'])} | "
        f"{cp['floor'] / cp['extract']:.3f} | |",
        "",
        *documents_lines(res.get("documents"), ok),
        "## Scaling with document length",
        "",
        "One generated call of each length through `extract`.",
        "",
        "| words | best time (s) | µs per word | words/s | ratio to floor |",
        "|---:|---:|---:|---:|---:|",
    ]
    for r, us in zip(sc, per_word):
        lines.append(f"| {r['words']:,} | {r['extract']:.2f} | {us:.1f} | {wps(r['words'], r['extract'])} | "
                     f"{r['floor'] / r['extract']:.3f} |")
    lines += ["", f"Largest / smallest time per word: {flat:.2f} (target: flat within 1.5x: {ok(flat <= 1.5)}).", ""]
    lines += ["## Many documents: `extract_many` with `n_process`", ""]
    many = res["many"]
    if many is None:
        lines += ["Skipped: this version of `extract_many` has no `n_process` parameter.", ""]
    else:
        t1, t2 = many["n_process=1"], many["n_process=2"]
        lines += [
            f"{many['docs']} generated calls, {many['words']:,} words in all, best of 2.",
            "",
            "| n_process | time (s) | words/s | speed-up |",
            "|---:|---:|---:|---:|",
            f"| 1 | {t1:.2f} | {wps(many['words'], t1)} | 1.00 |",
            f"| 2 | {t2:.2f} | {wps(many['words'], t2)} | {t1 / t2:.2f} |",
            "",
            f"On this machine ({res['cpus']} cores) a second process "
            + ("pays off." if t2 < t1 else "does not pay off.")
            + " Workers take whole documents (tasks of about 100,000 characters) and send rows back;"
            " each worker inherits the pipeline (or builds it, where processes are spawned), and the"
            " main process reads the texts, orders the rows and builds the frame, so with two cores"
            " the second process competes with the main one.",
            "",
        ]
    lines += [
        "## Memory and load time",
        "",
        "| measurement | value | target |",
        "|---|---:|---|",
        f"| peak RSS of a fresh process extracting the {mem['words']:,}-word call | {mem['peak_mb']:,.0f} MB | "
        f"< 500 MB: {ok(mem['peak_mb'] < 500)} |",
        f"| peak before the call (interpreter, spaCy, pipeline, the text) | {mem['before_mb']:,.0f} MB | |",
        f"| the text / the result frame ({mem['rows']:,} rows) | {mem['text_mb']:.1f} MB / {mem['frame_mb']:.1f} MB | |",
        f"| `import kpi_extract` in a fresh process (best of 3) | {res['load']['import']:.2f} s | |",
        f"| `kpi_extract.make_pipeline()` after it | {res['load']['make_pipeline']:.2f} s | |",
        "",
        "## Compared with quantulum3",
        "",
    ]
    q = res["quantulum3"]
    if q is None or "error" in q:
        lines += [f"quantulum3 could not be run: {q['error'] if q else 'unknown error'}.", ""]
    else:
        lines += [
            "quantulum3 (`parser.parse` on each paragraph of the fixture, without its optional classifier) "
            "against `extract` on the same text.",
            "",
            "| tool | words/s | ratio to floor | quantities found |",
            "|---|---:|---:|---|",
            f"| kpi_extract `extract` | {wps(fx['words'], fx['extract'])} | {ratio_fx:.3f} | {q['ours']} values "
            f"({q['ours_linked']} linked to a metric) |",
            f"| quantulum3 | {wps(q['words'], q['quantulum3'])} | {q['floor'] / q['quantulum3']:.4f} | "
            f"{q['quantities']} quantities: {q['percentage']} percentages, {q['currency']} money amounts, "
            f"{q['dimensionless']} bare numbers (years, ordinals, RMB amounts), {q['other']} in other units "
            f"({', '.join(repr(u) for u in q['other_units'])} ...); no metric, period or role |",
            "",
            "kpi_extract's values by unit: " + ", ".join(f"{u} {n}" for u, n in q["ours_units"].items()) + ".",
            "",
        ]
    if plot:
        lines += ["## Plot", "", f"![throughput and scaling]({plot})", ""]
    return "\n".join(lines)


def make_plot(res: dict, path: Path) -> bool:
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    fx, cp = res["fixture"], res["corpus"]
    bars = {"blank tokenizer\n(floor, fixture)": fx["words"] / fx["floor"],
            "extract\n(fixture)": fx["words"] / fx["extract"],
            "extract\n(1M-word call)": cp["words"] / cp["extract"]}
    q = res["quantulum3"]
    if q and "error" not in q:
        bars["quantulum3\n(fixture)"] = q["words"] / q["quantulum3"]
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(11, 4))
    a1.bar(list(bars), list(bars.values()), color=["#999999", "#1f77b4", "#1f77b4", "#ff7f0e"][:len(bars)])
    a1.set_yscale("log")
    a1.set_ylabel("words per second (log)")
    a1.set_title("Throughput, best of N")
    for i, v in enumerate(bars.values()):
        a1.text(i, v, f"{v:,.0f}", ha="center", va="bottom", fontsize=8)
    sc = res["scaling"]
    a2.plot([r["words"] for r in sc], [r["extract"] / r["words"] * 1e6 for r in sc], "o-", label="extract")
    a2.plot([r["words"] for r in sc], [r["floor"] / r["words"] * 1e6 for r in sc], "s--", color="#999999",
            label="blank tokenizer (floor)")
    a2.set_xscale("log")
    a2.set_ylim(bottom=0)
    a2.set_xlabel("words in the document (log)")
    a2.set_ylabel("µs per word")
    a2.set_title("Time per word vs document length")
    a2.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    return True


def document_ratio(repeat: int, pages: int = 100) -> dict[str, float] | None:
    """Best times of ``extract_many`` on ``pages`` HTML release pages (each read by
    ``kpi_extract.read``, tables to rows) and on the same pages' plain text, and their ratio."""
    if not hasattr(kpi_extract, "read"):
        return None
    warnings.simplefilter("ignore")
    html = RELEASE.read_bytes()
    text = kpi_extract.read(html).text
    kw = {"progress": False, "reporting_period": "2023Q3"}
    kpi_extract.extract_many([kpi_extract.read(html)], **kw)  # warm
    t = race({"documents": lambda: kpi_extract.extract_many([(f"p{i}", kpi_extract.read(html)) for i in range(pages)], **kw),
              "text": lambda: kpi_extract.extract_many([(f"p{i}", text) for i in range(pages)], **kw)}, repeat)
    return {"pages": pages, "chars": len(text), **t, "ratio": t["documents"] / t["text"]}


def quick_ratio(path: Path, chars: int, repeat: int) -> None:
    """The fixture line of (a) alone: a check in seconds while working on speed."""
    warnings.simplefilter("ignore")
    text = path.read_bytes().decode("utf-8")
    text = text[:chars] if chars else text
    t = floor_and_extract(text, repeat, spacy.blank("en"))
    n = words(text)
    print(f"words={n} floor={wps(n, t['floor'])} w/s extract={wps(n, t['extract'])} w/s "
          f"ratio={t['floor'] / t['extract']:.3f}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="small sizes, few repeats: a smoke run (writes nothing)")
    ap.add_argument("--repeat", type=int, default=7, help="best of N for the short inputs (default 7)")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "performance.md")
    ap.add_argument("--json", type=Path, default=None, help="also write the raw figures here")
    ap.add_argument("--from-json", type=Path, default=None, help="only rewrite the report from figures saved by --json")
    ap.add_argument("--ratio", nargs="?", const=str(FIXTURE), metavar="FILE",
                    help="only print extract's throughput on FILE (the fixture) and its ratio to the floor")
    ap.add_argument("--documents", action="store_true",
                    help="only print (g): 100 HTML release pages read and extracted, against their text alone")
    ap.add_argument("--chars", type=int, default=0, help="with --ratio: the first N characters of FILE only")
    args = ap.parse_args(argv)
    if args.from_json:
        res = json.loads(args.from_json.read_text())
        write(res, args.out)
        return
    if args.ratio:
        quick_ratio(Path(args.ratio), args.chars, args.repeat)
        return
    if args.documents:
        d = document_ratio(args.repeat)
        print(f"pages={d['pages']} chars/page={d['chars']} documents={d['documents']:.3f} s "
              f"text={d['text']:.3f} s ratio={d['ratio']:.2f} (target < 2)")
        return
    args.big = 100_000 if args.quick else 1_000_000
    args.many = 30_000 if args.quick else 300_000
    if args.quick:
        args.repeat = 2
    t0 = time.perf_counter()
    res = measure(args)
    res["seconds"] = time.perf_counter() - t0
    if args.json:
        args.json.write_text(json.dumps(res, indent=1, default=str))
    if args.quick:
        print(report(res, None))
        return
    write(res, args.out)


def write(res: dict, out: Path) -> None:
    png = out.with_suffix(".png")
    plot = png.name if make_plot(res, png) else None
    out.write_text(report(res, plot) + "\n", encoding="utf-8")
    print(f"wrote {out}" + (f" and {png}" if plot else "") + f" ({res['seconds']:.0f} s of measuring)")


if __name__ == "__main__":
    main()
