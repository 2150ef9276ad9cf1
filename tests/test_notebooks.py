"""The notebooks in notebooks/ run top to bottom, with small settings, in the venv's Python."""

import importlib.util
import json
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # run by make test; deselect with -m "not slow"

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
# Notebooks that need an optional extra: skipped when it is not installed.
NEEDS = {"05_scenario_discovery.ipynb": "ema_workbench"}


@pytest.fixture
def kernel_env(tmp_path, monkeypatch):
    """A `python3` kernelspec running this interpreter (the venv's), found before any other.

    JUPYTER_PATH comes first in Jupyter's search path, so a user-level `python3` kernel
    pointing at another Python cannot shadow it.
    """
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (trustsim tests)", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("TRUSTSIM_NOTEBOOK_SMALL", "1")
    monkeypatch.setenv("TMPDIR", str(tmp_path))  # notebooks' temporary folders go here
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    work = tmp_path / "work"
    work.mkdir()
    return work


def test_notebooks_exist():
    names = [p.name for p in NOTEBOOKS]
    assert names[:4] == ["01_quickstart.ipynb", "02_scenarios_and_crises.ipynb",
                         "03_comparing_strategies.ipynb", "04_sensitivity_analysis.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path, kernel_env):
    need = NEEDS.get(path.name)
    if need and importlib.util.find_spec(need) is None:
        pytest.skip(f"{need} is not installed (pip install -e '.[ema]')")
    nb = nbformat.read(path, as_version=4)
    # Committed notebooks carry no outputs; every one reads the small-settings switch.
    assert all(not c.get("outputs") and not c.get("execution_count")
               for c in nb.cells if c.cell_type == "code"), f"{path.name}: clear outputs"
    assert any("TRUSTSIM_NOTEBOOK_SMALL" in c.source for c in nb.cells)
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(kernel_env)}})
    client.execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    # The figures were drawn (shown inline as PNG).
    assert any("image/png" in o.get("data", {}) for o in outputs), "no figure shown"
