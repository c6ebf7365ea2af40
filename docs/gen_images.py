"""Draw the images of the user guide with the code of this checkout, from the fixtures:

* ``docs/images/plot_gross_margin.png``: ``df.kpi.plot("gross_margin")`` of the seed call
  (adjusted values, periods a year apart on a time-true axis);
* ``docs/images/plot_revenue.png``: ``df.kpi.plot("revenue")`` of the Northwind calls
  (quarterly and full-year panels);
* ``docs/images/guidance.png``: ``plot_guidance(df, "revenue")`` of the Northwind calls;
* ``docs/images/render.html`` and ``docs/images/render.png``: ``kpi_extract.render`` of the
  seed call, and a screenshot of that page in headless Chromium (skipped, with a message,
  when no ``chromium`` is on the PATH).

    python docs/gen_images.py            # from the repository root, with the plot extra
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import kpi_extract  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "docs" / "images"
SEED = ROOT / "fixtures" / "kingsoft_cloud_2022q4.txt"


def _save(axes, name: str) -> None:
    fig = (axes[0] if isinstance(axes, list) else axes).figure
    fig.savefig(IMAGES / name, dpi=100)
    plt.close(fig)
    print("wrote", IMAGES / name)


def main() -> int:
    IMAGES.mkdir(exist_ok=True)
    warnings.simplefilter("ignore")
    seed_text = SEED.read_text(encoding="utf-8")
    seed = kpi_extract.extract(seed_text, doc_id=SEED.stem)
    calls = sorted((ROOT / "fixtures" / "guidance").glob("northwind_*.txt"))
    northwind = kpi_extract.extract_many([(p.stem, p.read_text(encoding="utf-8")) for p in calls], progress=False)
    _save(seed.kpi.plot("gross_margin"), "plot_gross_margin.png")
    _save(northwind.kpi.plot("revenue"), "plot_revenue.png")
    _save(kpi_extract.plot_guidance(northwind, "revenue"), "guidance.png")
    page = IMAGES / "render.html"
    page.write_text(kpi_extract.render(seed_text, df=seed, page=True, jupyter=False), encoding="utf-8")
    print("wrote", page)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if chromium is None:
        print("no chromium on the PATH: docs/images/render.png left as it is", file=sys.stderr)
        return 0
    shot = IMAGES / "render.png"
    subprocess.run([chromium, "--headless", "--no-sandbox", "--hide-scrollbars", f"--screenshot={shot}",
                    "--window-size=1200,900", page.as_uri()], check=True, capture_output=True, timeout=120)
    print("wrote", shot)
    return 0


if __name__ == "__main__":
    sys.exit(main())
