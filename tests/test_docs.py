"""docs/model.md names every parameter, output, crisis type and lever, and its parameter
table matches the code (regenerate with `python scripts/param_table.py --write docs/model.md`).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from trustsim import metrics
from trustsim.crises import CRISES
from trustsim.params import param_names
from trustsim.strategies import LEVERS

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "model.md"
SCRIPT = ROOT / "scripts" / "param_table.py"


@pytest.fixture(scope="module")
def doc() -> str:
    return DOC.read_text(encoding="utf-8")


def _missing(doc: str, names) -> list[str]:
    return sorted(name for name in names if f"`{name}`" not in doc)


def test_every_parameter_is_documented(doc):
    assert _missing(doc, param_names()) == []


@pytest.mark.parametrize("table", ["MODEL_COLUMNS", "PLATFORM_COLUMNS", "SUMMARY_KEYS"])
def test_every_output_is_documented(doc, table):
    assert _missing(doc, getattr(metrics, table)) == []


def test_every_crisis_type_is_documented(doc):
    assert _missing(doc, CRISES) == []


def test_every_lever_is_documented(doc):
    assert _missing(doc, LEVERS) == []


def test_parameter_table_is_up_to_date():
    result = subprocess.run([sys.executable, str(SCRIPT), "--check", str(DOC)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr


def test_parameter_check_fails_on_a_stale_table(tmp_path):
    stale = tmp_path / "model.md"
    stale.write_text(DOC.read_text(encoding="utf-8").replace("| `n_users` |", "| `n_userz` |", 1),
                     encoding="utf-8")
    result = subprocess.run([sys.executable, str(SCRIPT), "--check", str(stale)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1


def _table_rows(doc: str, header: str) -> dict[str, list[str]]:
    """The rows of the markdown table under ``header`` (a line), keyed by the first cell."""
    lines = doc[doc.index(header):].splitlines()[2:]
    rows = {}
    for line in lines:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip("|").split("|")]
        rows[cells[0].strip("`")] = cells[1:]
    return rows


def test_incident_kind_table_matches_the_declarations(doc):
    """§2.5's table: every declared kind, with its cluster, failure and review trait."""
    import trustsim.agents.platform  # noqa: F401  (declares run, failure, abscond)
    from trustsim.events import INCIDENT_KINDS

    rows = _table_rows(doc, "| kind | cluster | failure of | review improves | notes |")
    assert sorted(rows) == sorted(INCIDENT_KINDS)
    for name, kind in INCIDENT_KINDS.items():
        cluster, failure, review, notes = rows[name]
        assert (cluster, failure, review) == (
            kind.responsibility, "integrity" if kind.integrity else "competence",
            kind.review_trait or ""), name
        assert ("a consequence" in notes) == kind.consequence, name


def test_lever_table_matches_the_levers(doc):
    """§11.1's table: every lever with its kind and payer."""
    rows = _table_rows(doc, "| lever | kind | payer | what it does in the code |")
    assert sorted(rows) == sorted(LEVERS)
    for name, lever in LEVERS.items():
        assert rows[name][:2] == [lever.kind, lever.payer], name
