"""Regression baseline: every bundled scenario x 2 seeds at 300 users, number for number.

A change that moves any output fails here with a readable diff, even one that moves every
engine the same way. When a change is meant, run ``make baseline`` and say in
CHANGELOG.md which outputs moved and why.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # run by make test; deselect with -m "not slow"

ROOT = Path(__file__).resolve().parents[1]


def _script():
    spec = importlib.util.spec_from_file_location("baseline", ROOT / "scripts" / "baseline.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_outputs_match_the_stored_baseline() -> None:
    mod = _script()
    stored = json.loads(mod.FILE.read_text(encoding="utf-8"))
    diff = mod.differences(stored, mod.current())
    assert not diff, ("outputs moved from tests/baseline/summaries.json (if meant: make "
                      "baseline, and say why in CHANGELOG.md):\n" + "\n".join(diff[:40]))


def test_the_diff_names_what_moved() -> None:
    mod = _script()
    a = {"x/seed1": {"final_trust": 0.5, "failed_platforms": 1.0}}
    b = {"x/seed1": {"final_trust": 0.5 + 1e-6, "failed_platforms": 1.0},
         "y/seed1": {"final_trust": 0.1}}
    assert mod.differences(a, b) == ["x/seed1: final_trust 0.5 -> 0.500001",
                                     "y/seed1: new (not in the baseline)"]
    assert mod.differences(a, a) == []
