"""Regenerate or check the regression baseline: every bundled scenario x 2 seeds, small.

The baseline (``tests/baseline/summaries.json``) holds the run summary of each bundled
scenario at ``USERS`` users (its own duration and crises) on seeds 1 and 2.
``tests/test_baseline.py`` fails with a readable diff when any number moves, so a change
that shifts outputs -- even one that shifts every engine the same way -- is noticed.

Usage:
    python scripts/baseline.py            # print the differences from the stored baseline
    python scripts/baseline.py --write    # store the current numbers (say why in CHANGELOG)

``make baseline`` runs the second form.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this working tree

FILE = Path(__file__).resolve().parents[1] / "tests" / "baseline" / "summaries.json"
USERS = 300
SEEDS = (1, 2)
RTOL = 1e-9


def current() -> dict[str, dict[str, float]]:
    """The summary of every bundled scenario x seed, as stored in the baseline."""
    import trustsim
    from trustsim.scenario import bundled_scenarios

    out = {}
    for name in bundled_scenarios():
        for seed in SEEDS:
            model = trustsim.TrustModel(name, rng=seed, n_users=USERS).run()
            out[f"{name}/seed{seed}"] = {k: _plain(v) for k, v in model.summary().items()}
    return out


def _plain(v: float) -> float | str:
    v = float(v)
    return v if math.isfinite(v) else str(v)  # JSON has no NaN or inf


def differences(stored: dict, now: dict) -> list[str]:
    """Readable lines, one per changed, added or removed number."""
    lines = []
    for run in sorted(set(stored) | set(now)):
        if run not in now:
            lines.append(f"{run}: in the baseline, not run now")
            continue
        if run not in stored:
            lines.append(f"{run}: new (not in the baseline)")
            continue
        a, b = stored[run], now[run]
        for key in sorted(set(a) | set(b)):
            x, y = a.get(key), b.get(key)
            if isinstance(x, float) and isinstance(y, float):
                if math.isclose(x, y, rel_tol=RTOL, abs_tol=1e-12):
                    continue
            elif x == y:
                continue
            lines.append(f"{run}: {key} {x} -> {y}")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Print what moved from the stored baseline, or store the current numbers (--write)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="store the current numbers")
    args = ap.parse_args(argv)
    now = current()
    if args.write:
        FILE.parent.mkdir(parents=True, exist_ok=True)
        FILE.write_text(json.dumps(now, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {len(now)} runs to {FILE}")
        return 0
    diff = differences(json.loads(FILE.read_text(encoding="utf-8")), now)
    print("\n".join(diff) if diff else "no difference from the baseline")
    return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main())
