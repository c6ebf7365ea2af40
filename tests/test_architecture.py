"""The package's architecture, read from its source with ``ast`` (nothing is imported).

Every module of ``kpi_extract`` is parsed and these hold:

* no import cycle between kpi_extract modules. Every import counts, also one inside a
  function or under ``if TYPE_CHECKING:`` (moving an import into a function hides a cycle
  from Python, not from the design). ``import a.b.c`` and ``from a.b import c`` depend on
  the module ``a.b.c`` when it is one, else (``c`` a name) on ``a.b``. Importing a
  submodule runs its packages' ``__init__`` first, so ``a.b.c`` brings in ``a.b`` too;
  the importer's own packages are left out of that, as they are already running when it
  runs (so an ``__init__`` may import its submodules; a submodule that imports a name
  from its own package's ``__init__`` still depends on it);
* no private name (a leading underscore, not a dunder) imported from, or read as an
  attribute of, another kpi_extract module;
* the layering of :data:`LAYERING`: what each stage folder may import;
* no module longer than :data:`MAX_LINES` lines (the target is 100-350).

The checks are plain functions over ``{module name: Module}``, tested on small synthetic
module sets at the end of this file.
"""
from __future__ import annotations

import ast
import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "kpi_extract"
#: the longest module allowed, in lines
MAX_LINES = 350


@dataclass(frozen=True)
class Rule:
    """What the modules of a folder may import from kpi_extract: the modules named in
    ``allowed`` and everything below them (``None``: anything), except what ``forbidden``
    names and everything below it. Names are relative to ``kpi_extract``."""

    allowed: tuple[str, ...] | None
    forbidden: tuple[str, ...] = ()


ANYTHING = None

#: the documented layering: folder of kpi_extract -> what its modules (at any depth) may
#: import from kpi_extract. The top-level modules, and folders not listed, import anything.
LAYERING: dict[str, Rule] = {
    "pipeline": Rule(("errors", "lexicon", "phrases", "fiscal", "schema", "pipeline")),
    "document": Rule(("errors", "lexicon", "phrases", "fiscal", "schema", "pipeline", "document")),
    "sources":  Rule(("errors", "lexicon", "phrases", "fiscal", "schema", "pipeline", "document", "sources")),
    "run":      Rule(("document", "pipeline", "errors", "schema", "fiscal", "lexicon", "phrases", "run")),
    "analysis": Rule(("errors", "schema", "fiscal", "formatting", "lexicon", "phrases", "analysis")),
    "show":     Rule(("analysis", "run", "pipeline.build", "pipeline.paragraphs", "formatting", "errors", "schema",
                      "fiscal", "lexicon", "phrases", "show")),
    "testing":  Rule(ANYTHING, forbidden=("cli",)),
}


# ------------------------------------------------------------------ reading the package
@dataclass(frozen=True)
class Module:
    """One module's source: ``name`` dotted, ``path`` relative to the repository."""

    name: str
    path: str
    is_package: bool
    source: str

    @cached_property
    def tree(self) -> ast.Module:
        return ast.parse(self.source, filename=self.path)

    @property
    def lines(self) -> int:
        return self.source.count("\n") + (not self.source.endswith("\n") and bool(self.source))


@dataclass(frozen=True)
class Import:
    """``importer`` depends on the kpi_extract module ``target``; ``name``: the name taken
    from it (a ``from`` import of something that is not a submodule), else ``None``."""

    importer: str
    target: str
    name: str | None
    line: int


def module(path: str, source: str) -> Module:
    """The module of a file ``path`` (relative to the repository root, ``/``-separated)."""
    parts = path.removesuffix(".py").split("/")
    is_package = parts[-1] == "__init__"
    return Module(".".join(parts[:-1] if is_package else parts), path, is_package, source)


def modules_from(sources: Mapping[str, str]) -> dict[str, Module]:
    """``{name: Module}`` of ``{path: source}``."""
    mods = [module(path, source) for path, source in sources.items()]
    return {m.name: m for m in mods}


def package_modules() -> dict[str, Module]:
    """Every module of the kpi_extract package in this checkout."""
    files = sorted((ROOT / PACKAGE).rglob("*.py"))
    return modules_from({f.relative_to(ROOT).as_posix(): f.read_text(encoding="utf-8") for f in files})


def ours(name: str) -> bool:
    return name == PACKAGE or name.startswith(PACKAGE + ".")


def private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def under(name: str, prefix: str) -> bool:
    """``name`` is the module ``prefix`` or below it."""
    return name == prefix or name.startswith(prefix + ".")


def ancestors(name: str) -> Iterator[str]:
    """``a.b.c`` -> ``a.b``, ``a``."""
    parts = name.split(".")
    for i in range(len(parts) - 1, 0, -1):
        yield ".".join(parts[:i])


def import_statements(mod: Module, modules: Mapping[str, Module]) -> Iterator[tuple[ast.alias, Import]]:
    """Each kpi_extract import of ``mod`` with its alias, wherever it is (module level,
    function, class, ``if TYPE_CHECKING:``)."""
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if ours(alias.name):
                    yield alias, Import(mod.name, alias.name, None, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from the importer's package, one level up per extra dot
                package = mod.name if mod.is_package else mod.name.rpartition(".")[0]
                for _ in range(node.level - 1):
                    package = package.rpartition(".")[0]
                base = f"{package}.{node.module}" if node.module else package
            else:
                base = node.module or ""
            if not ours(base):
                continue
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                if alias.name != "*" and sub in modules:
                    yield alias, Import(mod.name, sub, None, node.lineno)
                else:
                    yield alias, Import(mod.name, base, None if alias.name == "*" else alias.name, node.lineno)


def imports(mod: Module, modules: Mapping[str, Module]) -> list[Import]:
    """The kpi_extract imports of ``mod``."""
    return [imp for _, imp in import_statements(mod, modules)]


def module_attributes(mod: Module, modules: Mapping[str, Module]) -> Iterator[tuple[str, str, int]]:
    """``(module, attribute, line)`` for each attribute read of a kpi_extract module bound by
    an import: ``import a.b as m; m._x``, ``import a.b; a.b._x``, ``from a import b; b._x``."""
    bound: dict[str, str] = {}
    for alias, imp in import_statements(mod, modules):
        if imp.name is not None:
            continue
        if alias.asname:
            bound[alias.asname] = imp.target
        elif "." in alias.name and imp.target == alias.name:  # import a.b.c binds a
            bound[PACKAGE] = PACKAGE
        else:
            bound[alias.name] = imp.target
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.Attribute):
            owner = dotted(node.value, bound)
            if owner is not None and owner in modules:
                yield owner, node.attr, node.lineno


def dotted(node: ast.expr, bound: Mapping[str, str]) -> str | None:
    """The module an expression such as ``m`` or ``kpi_extract.run.runner`` names, if any."""
    if isinstance(node, ast.Name):
        return bound.get(node.id)
    if isinstance(node, ast.Attribute):
        owner = dotted(node.value, bound)
        return None if owner is None else f"{owner}.{node.attr}"
    return None


# ------------------------------------------------------------------ the checks
@dataclass(frozen=True)
class Edge:
    """Why ``importer`` depends on a module: the import at ``line`` of ``target``."""

    line: int
    target: str


def dependency_graph(modules: Mapping[str, Module]) -> dict[str, dict[str, Edge]]:
    """importer -> {module it depends on: the first import that makes it so} (see the
    module docstring for what counts)."""
    graph: dict[str, dict[str, Edge]] = {name: {} for name in modules}
    for name, mod in modules.items():
        own = set(ancestors(name))  # running already when ``name`` runs
        for imp in sorted(imports(mod, modules), key=lambda i: i.line):
            for dep in (imp.target, *(a for a in ancestors(imp.target) if a not in own)):
                if dep in modules and dep != name:
                    graph[name].setdefault(dep, Edge(imp.line, imp.target))
    return graph


def strongly_connected(graph: Mapping[str, Mapping[str, Edge]]) -> list[list[str]]:
    """Tarjan's strongly connected components with more than one module, each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(out)


def shortest_cycle(graph: Mapping[str, Mapping[str, Edge]], component: list[str]) -> list[str]:
    """A shortest cycle through the first module of ``component``, inside it (breadth first)."""
    start, members = component[0], set(component)
    parents: dict[str, str] = {}
    frontier = [start]
    while frontier:
        nxt = []
        for v in frontier:
            for w in sorted(graph[v]):
                if w not in members:
                    continue
                if w == start:
                    path = [v]
                    while path[-1] != start:
                        path.append(parents[path[-1]])
                    return [start, *reversed(path[:-1]), start]
                if w not in parents:
                    parents[w] = v
                    nxt.append(w)
        frontier = nxt
    raise AssertionError(f"no cycle through {start}")  # a component always has one


def import_cycles(modules: Mapping[str, Module]) -> list[str]:
    """One line per group of modules that import each other: a shortest cycle through it,
    each step with the file and line of the import."""
    graph = dependency_graph(modules)
    lines = []
    for component in strongly_connected(graph):
        cycle = shortest_cycle(graph, component)
        steps = []
        for a, b in itertools.pairwise(cycle):
            edge = graph[a][b]
            how = "" if edge.target == b else f", importing {edge.target} runs {b}"
            steps.append(f"{modules[a].path}:{edge.line} imports {b}{how}")
        group = f" (the cycle group has {len(component)} modules: {', '.join(component)})" \
            if len(component) > len(cycle) - 1 else ""
        lines.append(" -> ".join(cycle) + group + "\n      " + "\n      ".join(steps))
    return lines


def private_imports(modules: Mapping[str, Module]) -> list[str]:
    """``path:line: name from module`` for each private name a module takes from another."""
    out = []
    for name, mod in modules.items():
        for imp in imports(mod, modules):
            if imp.name is not None and private(imp.name) and imp.target != name:
                out.append(f"{mod.path}:{imp.line}: {imp.name} imported from {imp.target}")
            elif imp.name is None and private(imp.target.rpartition(".")[2]) and imp.target != name:
                out.append(f"{mod.path}:{imp.line}: private module {imp.target} imported")
        for owner, attr, line in module_attributes(mod, modules):
            if private(attr) and owner != name:
                out.append(f"{mod.path}:{line}: {owner}.{attr} read")
    return sorted(set(out), key=lambda s: (s.split(":")[0], int(s.split(":")[1]), s))


def layering_violations(modules: Mapping[str, Module], folder: str, rule: Rule) -> list[str]:
    """``path:line: imports module`` for each import of a module of ``folder`` that ``rule``
    does not allow."""
    inside = [m for n, m in modules.items() if under(n, f"{PACKAGE}.{folder}")]
    out = []
    for mod in inside:
        for imp in imports(mod, modules):
            allowed = rule.allowed is None or any(under(imp.target, f"{PACKAGE}.{a}") for a in rule.allowed)
            forbidden = any(under(imp.target, f"{PACKAGE}.{f}") for f in rule.forbidden)
            if not allowed or forbidden:
                what = imp.target if imp.name is None else f"{imp.name} from {imp.target}"
                out.append(f"{mod.path}:{imp.line}: imports {what}")
    return sorted(set(out))


def oversized(modules: Mapping[str, Module], limit: int = MAX_LINES) -> list[str]:
    """``path: N lines`` for each module longer than ``limit``, longest first."""
    big = sorted((m for m in modules.values() if m.lines > limit), key=lambda m: (-m.lines, m.path))
    return [f"{m.path}: {m.lines} lines" for m in big]


# ------------------------------------------------------------------ the package
@pytest.fixture(scope="module")
def package() -> dict[str, Module]:
    mods = package_modules()
    assert f"{PACKAGE}.api" in mods and f"{PACKAGE}.pipeline.build" in mods  # the walk found the package
    return mods


def test_no_import_cycle(package):
    found = import_cycles(package)
    assert not found, "import cycles between kpi_extract modules:\n  " + "\n  ".join(found)


def test_no_private_name_is_imported_from_another_module(package):
    found = private_imports(package)
    assert not found, ("private names (leading underscore) taken from another kpi_extract module; make them "
                       "public or move them:\n  " + "\n  ".join(found))


@pytest.mark.parametrize("folder", LAYERING)
def test_layering(package, folder):
    rule = LAYERING[folder]
    assert any(under(n, f"{PACKAGE}.{folder}") for n in package), f"no folder kpi_extract/{folder}"
    found = layering_violations(package, folder, rule)
    allowed = "anything" if rule.allowed is None else ", ".join(rule.allowed)
    but = f" but {', '.join(rule.forbidden)}" if rule.forbidden else ""
    assert not found, (f"kpi_extract/{folder}/ may import {allowed}{but} from kpi_extract; these imports break "
                       "the layering:\n  " + "\n  ".join(found))


def test_no_module_is_too_long(package):
    found = oversized(package)
    assert not found, (f"modules above {MAX_LINES} lines (the target is 100-350); split them along their "
                       "seams:\n  " + "\n  ".join(found))


# ------------------------------------------------------------------ the checks, on synthetic packages
INIT = {"kpi_extract/__init__.py": ""}

CYCLE_CASES = [
    # id, {path: source}, the first line of each cycle found
    ("two modules", {"kpi_extract/a.py": "import kpi_extract.b\n", "kpi_extract/b.py": "from kpi_extract.a import f\n"},
     ["kpi_extract.a -> kpi_extract.b -> kpi_extract.a"]),
    ("three modules", {"kpi_extract/a.py": "from kpi_extract import b\n", "kpi_extract/b.py": "import kpi_extract.c\n",
                       "kpi_extract/c.py": "from kpi_extract.a import f\n"},
     ["kpi_extract.a -> kpi_extract.b -> kpi_extract.c -> kpi_extract.a"]),
    ("a function-level import counts", {"kpi_extract/a.py": "def f():\n    from kpi_extract.b import g\n",
                                        "kpi_extract/b.py": "import kpi_extract.a\n"},
     ["kpi_extract.a -> kpi_extract.b -> kpi_extract.a"]),
    ("a TYPE_CHECKING import counts", {"kpi_extract/a.py": "if TYPE_CHECKING:\n    from kpi_extract.b import B\n",
                                       "kpi_extract/b.py": "from kpi_extract.a import f\n"},
     ["kpi_extract.a -> kpi_extract.b -> kpi_extract.a"]),
    ("from a.b import c, c a submodule: depends on a.b.c",
     {"kpi_extract/p/__init__.py": "", "kpi_extract/p/m.py": "from kpi_extract import q\n",
      "kpi_extract/q.py": "from kpi_extract.p import m\n"},
     ["kpi_extract.p.m -> kpi_extract.q -> kpi_extract.p.m"]),
    ("from a.b import c, c a name: depends on a.b",
     {"kpi_extract/p/__init__.py": "from kpi_extract.q import g\n", "kpi_extract/p/m.py": "",
      "kpi_extract/q.py": "from kpi_extract.p import f\n"},
     ["kpi_extract.p -> kpi_extract.q -> kpi_extract.p"]),
    ("importing a submodule runs its package's __init__",
     {"kpi_extract/p/__init__.py": "from kpi_extract.q import g\n", "kpi_extract/p/m.py": "",
      "kpi_extract/q.py": "import kpi_extract.p.m\n"},
     ["kpi_extract.p -> kpi_extract.q -> kpi_extract.p"]),
    ("a submodule importing a name of its own package's __init__",
     {"kpi_extract/cli/__init__.py": "from kpi_extract.cli import extract\n",
      "kpi_extract/cli/extract.py": "from kpi_extract.cli import CliError\n"},
     ["kpi_extract.cli -> kpi_extract.cli.extract -> kpi_extract.cli"]),
    ("a function-level import of the package root",
     {**INIT, "kpi_extract/__init__.py": "from kpi_extract.run.runner import run\n", "kpi_extract/run/__init__.py": "",
      "kpi_extract/run/runner.py": "def run():\n    import kpi_extract\n"},
     ["kpi_extract -> kpi_extract.run.runner -> kpi_extract"]),
    ("relative imports", {"kpi_extract/p/__init__.py": "", "kpi_extract/p/a.py": "from . import b\n",
                          "kpi_extract/p/b.py": "from .a import f\n"},
     ["kpi_extract.p.a -> kpi_extract.p.b -> kpi_extract.p.a"]),
    ("relative imports two levels up", {"kpi_extract/p/__init__.py": "", "kpi_extract/p/q/__init__.py": "",
                                        "kpi_extract/p/q/a.py": "from ..b import f\n",
                                        "kpi_extract/p/b.py": "from .q.a import g\n"},
     ["kpi_extract.p.b -> kpi_extract.p.q.a -> kpi_extract.p.b"]),
    ("two separate cycles", {"kpi_extract/a.py": "import kpi_extract.b\n", "kpi_extract/b.py": "import kpi_extract.a\n",
                             "kpi_extract/c.py": "import kpi_extract.d\n",
                             "kpi_extract/d.py": "import kpi_extract.c\n"},
     ["kpi_extract.a -> kpi_extract.b -> kpi_extract.a", "kpi_extract.c -> kpi_extract.d -> kpi_extract.c"]),
    ("no cycle: an __init__ importing its submodules",
     {"kpi_extract/p/__init__.py": "from kpi_extract.p.m import f\n",
      "kpi_extract/p/m.py": "from kpi_extract.p.n import g\n", "kpi_extract/p/n.py": "import os\n"}, []),
    ("no cycle: the root re-exporting a module that imports a sibling",
     {"kpi_extract/__init__.py": "from kpi_extract.api import extract\n",
      "kpi_extract/api.py": "from kpi_extract.errors import E\n", "kpi_extract/errors.py": ""}, []),
    ("no cycle: a chain", {"kpi_extract/a.py": "import kpi_extract.b\n", "kpi_extract/b.py": "import kpi_extract.c\n",
                           "kpi_extract/c.py": ""}, []),
    ("other packages are not ours", {"kpi_extract/a.py": "import spacy\nfrom spacy.tokens import Doc\n",
                                     "kpi_extract/b.py": "import kpi_extract_other\n"}, []),
]


@pytest.mark.parametrize("sources, expected", [c[1:] for c in CYCLE_CASES], ids=[c[0] for c in CYCLE_CASES])
def test_import_cycles_finds(sources, expected):
    assert [c.splitlines()[0] for c in import_cycles(modules_from(sources))] == expected


def test_a_cycle_names_the_import_of_each_step():
    found = import_cycles(modules_from({"kpi_extract/p/__init__.py": "from kpi_extract.q import g\n",
                                        "kpi_extract/p/m.py": "", "kpi_extract/q.py": "\n\nimport kpi_extract.p.m\n"}))
    assert found[0].splitlines()[1:] == [
        "      kpi_extract/p/__init__.py:1 imports kpi_extract.q",
        "      kpi_extract/q.py:3 imports kpi_extract.p, importing kpi_extract.p.m runs kpi_extract.p"]


PRIVATE_CASES = [
    # id, {path: source}, what is reported
    ("a private name from another module", {"kpi_extract/a.py": "from kpi_extract.b import _x, y\n",
                                            "kpi_extract/b.py": ""},
     ["kpi_extract/a.py:1: _x imported from kpi_extract.b"]),
    ("inside a function", {"kpi_extract/a.py": "def f():\n    from kpi_extract.b import _Layer\n",
                           "kpi_extract/b.py": ""},
     ["kpi_extract/a.py:2: _Layer imported from kpi_extract.b"]),
    ("relative", {"kpi_extract/p/__init__.py": "", "kpi_extract/p/a.py": "from .b import _LAST_QUARTER\n",
                  "kpi_extract/p/b.py": ""},
     ["kpi_extract/p/a.py:1: _LAST_QUARTER imported from kpi_extract.p.b"]),
    ("a private module", {"kpi_extract/a.py": "from kpi_extract.p import _util\n", "kpi_extract/p/__init__.py": "",
                          "kpi_extract/p/_util.py": ""},
     ["kpi_extract/a.py:1: private module kpi_extract.p._util imported"]),
    ("an attribute of an imported module", {"kpi_extract/a.py": "from kpi_extract import b\nb._picklable(1)\n",
                                            "kpi_extract/b.py": ""},
     ["kpi_extract/a.py:2: kpi_extract.b._picklable read"]),
    ("an attribute through the dotted name", {"kpi_extract/a.py": "import kpi_extract.p.b\n\nkpi_extract.p.b._x\n",
                                              "kpi_extract/p/__init__.py": "", "kpi_extract/p/b.py": ""},
     ["kpi_extract/a.py:3: kpi_extract.p.b._x read"]),
    ("an attribute through an alias", {"kpi_extract/a.py": "import kpi_extract.b as bb\nbb._x\n",
                                       "kpi_extract/b.py": ""},
     ["kpi_extract/a.py:2: kpi_extract.b._x read"]),
    ("dunders are public", {"kpi_extract/a.py": "from kpi_extract import __version__\n", **INIT}, []),
    ("a public module bound to a private alias",
     {"kpi_extract/a.py": "from kpi_extract.show import accessor as _accessor\n",
      "kpi_extract/show/__init__.py": "", "kpi_extract/show/accessor.py": ""}, []),
    ("private attributes of other things",
     {"kpi_extract/a.py": "from kpi_extract.b import Thing\nThing._x\ndoc._.kpi_values\n", "kpi_extract/b.py": ""}, []),
    ("a module's own private names", {"kpi_extract/a.py": "_X = 1\n\ndef _f():\n    return _X\n"}, []),
    ("other packages' private names", {"kpi_extract/a.py": "from spacy.util import _x\n"}, []),
]


@pytest.mark.parametrize("sources, expected", [c[1:] for c in PRIVATE_CASES], ids=[c[0] for c in PRIVATE_CASES])
def test_private_imports_finds(sources, expected):
    assert private_imports(modules_from(sources)) == expected


LAYERING_CASES = [
    # id, folder (its rule in LAYERING), {path: source}, what is reported
    ("pipeline may not import run", "pipeline",
     {"kpi_extract/pipeline/m.py": "from kpi_extract.run.runner import Runner\n"},
     ["kpi_extract/pipeline/m.py:1: imports Runner from kpi_extract.run.runner"]),
    ("pipeline may import errors and deep pipeline modules", "pipeline",
     {"kpi_extract/pipeline/values/m.py": "from kpi_extract.errors import E\n"
                                          "from kpi_extract.pipeline.linking.words import W\n"}, []),
    ("a function-level import counts", "run",
     {"kpi_extract/run/m.py": "def f():\n    import kpi_extract.analysis.views\n"},
     ["kpi_extract/run/m.py:2: imports kpi_extract.analysis.views"]),
    ("show may import pipeline.build, not the rest of pipeline", "show",
     {"kpi_extract/show/m.py": "from kpi_extract.pipeline.build import x\n"
                               "from kpi_extract.pipeline.linking.component import y\n"},
     ["kpi_extract/show/m.py:2: imports y from kpi_extract.pipeline.linking.component"]),
    ("show may not import a name of pipeline/__init__", "show",
     {"kpi_extract/show/m.py": "from kpi_extract.pipeline import make_pipeline\n"},
     ["kpi_extract/show/m.py:1: imports make_pipeline from kpi_extract.pipeline"]),
    ("a stage may not import the package root", "analysis",
     {"kpi_extract/analysis/m.py": "import kpi_extract\n"}, ["kpi_extract/analysis/m.py:1: imports kpi_extract"]),
    ("a relative import is resolved", "pipeline",
     {"kpi_extract/pipeline/values/m.py": "from ...run import runner\n", "kpi_extract/run/runner.py": ""},
     ["kpi_extract/pipeline/values/m.py:1: imports kpi_extract.run.runner"]),
    ("testing may import anything but cli", "testing",
     {"kpi_extract/testing/m.py": "from kpi_extract.api import extract\nfrom kpi_extract.cli.shared import CliError\n"},
     ["kpi_extract/testing/m.py:2: imports CliError from kpi_extract.cli.shared"]),
    ("a module outside the folder is not checked", "pipeline",
     {"kpi_extract/pipeline_notes.py": "from kpi_extract.run import runner\n",
      "kpi_extract/api.py": "from kpi_extract.show.render import render\n"}, []),
]


@pytest.mark.parametrize("folder, sources, expected", [c[1:] for c in LAYERING_CASES],
                         ids=[c[0] for c in LAYERING_CASES])
def test_layering_violations_finds(folder, sources, expected):
    assert layering_violations(modules_from(sources), folder, LAYERING[folder]) == expected


SIZE_CASES = [
    # id, {path: source}, what is reported (limit 350)
    ("350 lines pass", {"kpi_extract/a.py": "x = 1\n" * 350}, []),
    ("351 lines", {"kpi_extract/a.py": "x = 1\n" * 351}, ["kpi_extract/a.py: 351 lines"]),
    ("a last line without newline counts", {"kpi_extract/a.py": "x = 1\n" * 350 + "y = 2"},
     ["kpi_extract/a.py: 351 lines"]),
    ("longest first", {"kpi_extract/a.py": "x = 1\n" * 351, "kpi_extract/p/__init__.py": "x = 1\n" * 999,
                       "kpi_extract/b.py": "x = 1\n" * 10},
     ["kpi_extract/p/__init__.py: 999 lines", "kpi_extract/a.py: 351 lines"]),
]


@pytest.mark.parametrize("sources, expected", [c[1:] for c in SIZE_CASES], ids=[c[0] for c in SIZE_CASES])
def test_oversized_finds(sources, expected):
    assert oversized(modules_from(sources)) == expected


@pytest.mark.parametrize("path, name, is_package", [
    ("kpi_extract/__init__.py", "kpi_extract", True),
    ("kpi_extract/api.py", "kpi_extract.api", False),
    ("kpi_extract/pipeline/values/__init__.py", "kpi_extract.pipeline.values", True),
    ("kpi_extract/pipeline/values/grammar.py", "kpi_extract.pipeline.values.grammar", False),
])
def test_module_names(path, name, is_package):
    mod = module(path, "")
    assert (mod.name, mod.is_package) == (name, is_package)
