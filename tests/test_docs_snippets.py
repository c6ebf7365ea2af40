"""Every Python snippet of README.md and docs/*.md runs as written.

The fenced ``python`` blocks of one page run in order in one namespace (a page's snippets
build on each other), in a folder holding a link to ``fixtures/`` (so ``Path("fixtures/...")``
reads the fixtures and whatever a snippet writes lands in a temporary folder). A doctest-style
block runs its ``>>>`` / ``...`` lines; its printed outputs are not compared (pages show them
shortened). A block that is not meant to run (a sketch with placeholders such as
``open("q3.txt")``, a service, a long benchmark) is marked by an HTML comment on the line
before its fence, which the site does not show::

    <!-- snippet: no-run (reads calls/*.txt, which the reader has) -->
"""
from __future__ import annotations

import re
import warnings
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```python[^\n]*\n(.*?)^```", re.S | re.M)
NO_RUN = re.compile(r"<!-- snippet: no-run\b[^>]*-->\s*$")


def snippets(text: str) -> list[tuple[int, str, bool]]:
    """``(line, code, runs)`` of each fenced python block of a page."""
    out = []
    for m in FENCE.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        before = text[:m.start()].rstrip("\n").rsplit("\n", 1)[-1]
        out.append((line, source(m.group(1)), not NO_RUN.search(before)))
    return out


def source(block: str) -> str:
    """The code of a block: its ``>>>`` / ``...`` lines when it is doctest-style, else itself."""
    lines = block.splitlines()
    if not any(line.startswith(">>>") for line in lines):
        return block
    return "\n".join(line[4:] for line in lines if line.startswith((">>> ", "... ")) or line in (">>>", "..."))


@pytest.mark.parametrize("text, expected", [
    ("```python\nx = 1\n```\n", [(1, "x = 1\n", True)]),
    ("<!-- snippet: no-run (a sketch) -->\n```python\nopen('q3.txt')\n```\n", [(2, "open('q3.txt')\n", False)]),
    ("```python\n>>> x = [1,\n...      2]\n>>> x\n[1, 2]\n```\n", [(1, "x = [1,\n     2]\nx", True)]),
    ("```bash\nls\n```\n", []),
])
def test_snippets_are_read(text, expected):
    assert snippets(text) == expected


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_page_snippets_run(page, tmp_path, monkeypatch):
    (tmp_path / "fixtures").symlink_to(ROOT / "fixtures", target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    namespace: dict = {"__name__": "__snippets__"}
    ran = 0
    import matplotlib.pyplot as plt
    try:
        for line, code, runs in snippets(page.read_text(encoding="utf-8")):
            if not runs:
                continue
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    exec(compile(code, f"{page.name}:{line}", "exec"), namespace)
                except Exception as exc:
                    pytest.fail(f"{page.relative_to(ROOT)}, the snippet at line {line}: "
                                f"{type(exc).__name__}: {exc}\n{code}")
            ran += 1
    finally:
        plt.close("all")
    if not any(r for _, _, r in snippets(page.read_text(encoding="utf-8"))):
        assert ran == 0


# ---------------------------------------------------------------- the site: API reference, notebook, images
DOCS = ROOT / "docs"


def test_api_reference_covers_the_public_api():
    """Every public function and class of ``kpi_extract`` has a mkdocstrings entry."""
    import kpi_extract

    pages = "\n".join(p.read_text(encoding="utf-8") for p in (DOCS / "api").glob("*.md"))
    documented = set(re.findall(r"^::: ([\w.]+)", pages, re.M))
    public = {f"kpi_extract.{name}" for name in kpi_extract.__all__
              if callable(getattr(kpi_extract, name)) and not name.endswith(("Error",))}
    assert public - documented == set()
    assert "kpi_extract.errors" in documented and "kpi_extract.show.plotting.plot" in documented


def test_mkdocs_builds_the_api_reference_and_the_notebook():
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "- mkdocstrings:" in config and "- mkdocs-jupyter:" in config and "execute: true" in config
    for page in ("api/index.md", "api/extract.md", "api/frames.md", "api/show.md", "api/errors.md",
                 "examples/quickstart.ipynb"):
        assert page in config and (DOCS / page).is_file()
    extra = (ROOT / "pyproject.toml").read_text(encoding="utf-8").split("\ndocs = ", 1)[1].split("]", 1)[0]
    assert all(package in extra for package in ("mkdocstrings-python", "mkdocs-jupyter", "ipykernel", "matplotlib"))


@pytest.mark.parametrize("image, page", [
    ("images/render.png", "notebooks.md"),
    ("images/plot_gross_margin.png", "notebooks.md"),
    ("images/plot_revenue.png", "notebooks.md"),
    ("images/guidance.png", "guidance.md"),
])
def test_images_are_shown(image, page):
    assert (DOCS / image).stat().st_size > 10_000
    assert f"]({image})" in (DOCS / page).read_text(encoding="utf-8")


def test_rendered_evidence_image_is_of_this_code(seed_text, seed_frame):
    """docs/images/render.html (screenshotted into render.png) is what render() draws now:
    run ``python docs/gen_images.py`` after changing render."""
    import kpi_extract

    now = kpi_extract.render(seed_text, df=seed_frame, page=True, jupyter=False)
    assert (DOCS / "images" / "render.html").read_text(encoding="utf-8") == now
