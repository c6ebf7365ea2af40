"""The example notebooks in ``docs/examples/`` run end to end (nbclient, in a kernel on this
interpreter) and are committed without outputs."""
from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient

EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples"
NOTEBOOKS = sorted(EXAMPLES.glob("*.ipynb"))


def test_there_are_notebooks():
    assert NOTEBOOKS, f"no notebooks in {EXAMPLES}"


def _kernel() -> AsyncKernelManager:
    """A kernel on this interpreter: with no kernel folders to search, ``python3`` is
    ipykernel's own spec for ``sys.executable``, not whatever a user installed under that name."""
    return AsyncKernelManager(kernel_name="python3", kernel_spec_manager=KernelSpecManager(kernel_dirs=[]))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(path: Path):
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, km=_kernel(), timeout=300, resources={"metadata": {"path": str(path.parent)}}).execute()
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert errors == []
    silent = [c.source.splitlines()[0] for c in code if not c.outputs]
    assert silent == [], "every code cell of an example shows something"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs(path: Path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.source.splitlines()[0] for c in code if c.outputs or c.execution_count] == []
