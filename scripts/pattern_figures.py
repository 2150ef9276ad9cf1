"""Print the figures of every documented pattern, seed by seed (docs/validation.md §2).

    .venv/bin/python scripts/pattern_figures.py [--seeds 1 2 3] [--only NAME ...]

Runs each pattern's scenario (and its contrast) on the seeds with the model's defaults, as
``tests/test_patterns.py`` does, and prints each pattern's figures, the band figures
first and the others docs/validation.md quotes after, with whether every seed is in band,
and last the seeds on which every pattern holds (docs/validation.md §3 uses
``--seeds 1 2 3 4 5 6 7 8 9 10``).
"""

from __future__ import annotations

import argparse
import sys

from trustsim import patterns
from trustsim.measures import MEASURES
from trustsim.model import TrustModel

# Figures docs/validation.md quotes beside the bands, per pattern.
EXTRA = {
    "social_media_run": ["requested_share_1d", "requested_share_2d", "requested_share_5d",
                         "requested_share_10d"],
    "breach_say_versus_do": ["exposed_ran", "exposed_intent", "say_do_ratio"],
    "scandal_new_versus_existing": ["inflow_change", "customers_ran"],
    "lost_fast_regained_slowly": ["trust_drop", "fall_days", "half_recovery_days",
                                  "loss_to_regain_speed"],
    "runners_do_not_return": ["customers_ran", "runners_returned"],
    "p2p_wave": ["platforms_failed", "weak_minus_strong_failed", "sector_money_retained"],
}


def figures(pat: patterns.Pattern, seed: int, contrast: bool) -> dict[str, float]:
    """Every figure of one seed (band figures and the quoted extras)."""
    scenario = pat.contrast if contrast else pat.scenario
    model = TrustModel(scenario, pat.strategy, rng=seed, **pat.params).run()
    bands = pat.contrast_bands if contrast else pat.bands
    names = list(bands) + [n for n in EXTRA.get(pat.name, []) if n not in bands
                           and n in MEASURES]
    return {n: MEASURES[n](model) for n in names}


def main(argv: list[str] | None = None) -> int:
    """Print the table of every pattern's figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    ap.add_argument("--only", nargs="+", choices=sorted(patterns.PATTERNS))
    args = ap.parse_args(argv)
    names = args.only or list(patterns.PATTERNS)
    seed_ok = dict.fromkeys(args.seeds, True)  # every pattern in band on this seed?
    for name in names:
        pat = patterns.PATTERNS[name]
        for contrast in ([False, True] if pat.contrast else [False]):
            rows = [figures(pat, s, contrast) for s in args.seeds]
            bands = pat.contrast_bands if contrast else pat.bands
            per_seed = [patterns.accepts(r, bands) for r in rows]
            for s, good in zip(args.seeds, per_seed, strict=True):
                seed_ok[s] = seed_ok[s] and good
            ok = all(per_seed)
            title = f"{name} ({pat.contrast if contrast else pat.scenario})"
            print(f"\n{title}: every seed in band: {'yes' if ok else 'NO'}")
            for k in rows[0]:
                band = f"  band {bands[k][0]:g} .. {bands[k][1]:g}" if k in bands else ""
                vals = ", ".join(f"{r[k]:.4g}" for r in rows)
                print(f"  {k:28} {vals}{band}")
    passing = [s for s, good in seed_ok.items() if good]
    print(f"\nseeds on which all {len(names)} pattern(s) hold: {len(passing)} of "
          f"{len(seed_ok)} ({', '.join(map(str, passing)) or 'none'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
