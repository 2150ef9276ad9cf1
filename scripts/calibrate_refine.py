"""Refine the pattern calibration near its best points (docs/validation.md §3, step 2).

    .venv/bin/python scripts/calibrate_refine.py [--results results/calibration]
        [--children 3] [--seeds 6] [--confirm 10] [--top 5] [--verify 30] [--workers 2]
        [--out FILE.csv]

The Latin hypercube of ``experiments/calibration.yaml`` (run it first: ``trustsim sweep
calibration``) judges each point on two replications, so a point that reproduces every
pattern there may be lucky and one that misses may be unlucky. This script samples more
densely where the patterns nearly hold and measures each point's *chance* of reproducing
them, in four rounds:

1. **Parents**: the design points that reproduce at least five of the six patterns on both
   replications, and the model's defaults.
2. **Children**: ``--children`` points around each parent: each parameter moved by a
   normal step of a tenth of its sampled range (kept inside the range), the proposal of a
   sequential Monte Carlo sampler (Sisson, Fan & Tanaka 2007; Beaumont et al. 2009).
   Parents and children run on ``--seeds`` seeds (101, 102, ...): a point's score is the
   share of seeds on which every pattern holds (the rule of ``tests/test_patterns.py``
   applied seed by seed: every figure of the seed, and of its contrast, in band).
3. **Confirmation**: the ``--top`` best points and the defaults run again on ``--confirm``
   fresh seeds (201, 202, ...), the same seeds for each, so round 2's luck does not carry
   over (the winner's curse).
4. **Verification**: round 3 is itself a selection (the best of ``--top`` on a few seeds),
   so the points it keeps, those within one seed of its best share, and the defaults run on
   ``--verify`` further fresh seeds (301, 302, ...). The region is taken from this round
   only: the verified points whose share is within one seed of the best verified share (the
   defaults judged like any other point). On git f70e1ec round 3 ranked two points 10 and
   9 of 10 above the defaults' 8; on 30 fresh seeds they held all six patterns on 14 and
   12 and the defaults on 23 (docs/validation.md §3).

It prints, per round, the points with their scores and, at the end, the accepted region,
whether the defaults are among them, and each parameter's range. ``--out`` keeps every
point's scores as CSV (column ``round``: defaults, parent, child, confirm, verify).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd

from trustsim import patterns
from trustsim.experiments.runner import exit_with_parent
from trustsim.params import Params
from trustsim.scenario import load_scenario


def _own(scenario: str, point: dict) -> dict:
    """The point without the values ``scenario`` sets itself (an era's speed, a network)."""
    own = load_scenario(scenario).params
    return {k: v for k, v in point.items() if k not in own}


def seed_passes(point: dict, seed: int) -> dict[str, bool]:
    """Whether each pattern holds on one seed with the point's parameters (and its contrast).

    A value the pattern's scenario sets itself stays the scenario's, as in the pattern
    tests: ``bank_run_2023`` keeps the speed of its era (``learning_rate`` 0.2,
    ``run_hazard`` 0.8), so the point says how users behave, not which era they live in.
    """
    out = {}
    for name, pat in patterns.PATTERNS.items():
        ok = patterns.accepts(patterns.measure(pat, seed, **_own(pat.scenario, point)),
                              pat.bands)
        if ok and pat.contrast:
            ok = patterns.accepts(patterns.measure(pat, seed, contrast=True,
                                                   **_own(pat.contrast, point)),
                                  pat.contrast_bands)
        out[name] = bool(ok)
    return out


def _job(args: tuple[int, dict, int]) -> tuple[int, int, dict[str, bool]]:
    key, point, seed = args
    return key, seed, seed_passes(point, seed)


def score(points: list[dict], seeds: list[int], workers: int) -> pd.DataFrame:
    """Per point: the share of seeds on which each pattern, and all six, hold."""
    jobs = [(k, pt, s) for k, pt in enumerate(points) for s in seeds]
    rows: dict[int, list[dict[str, bool]]] = {k: [] for k in range(len(points))}
    t = time.perf_counter()
    with ProcessPoolExecutor(workers, initializer=exit_with_parent,
                             initargs=(os.getpid(),)) as pool:
        for done, (k, _seed, res) in enumerate(pool.map(_job, jobs, chunksize=1), 1):
            rows[k].append(res)
            if done % max(1, len(jobs) // 10) == 0:
                print(f"  {done}/{len(jobs)} point-seeds, {time.perf_counter() - t:.0f} s",
                      file=sys.stderr)
    table = []
    for k, pt in enumerate(points):
        r = pd.DataFrame(rows[k])
        entry = dict(pt)
        for name in patterns.PATTERNS:
            entry[name] = float(r[name].mean())
        entry["all_six"] = float(r.all(axis=1).mean())
        table.append(entry)
    return pd.DataFrame(table)


def accepted_region(confirmed: pd.DataFrame, n_seeds: int) -> pd.DataFrame:
    """The confirmed points within one seed of the best share of all six patterns.

    The defaults (row 0) are judged like every other point: they are in the region only
    if no point beat them by more than one seed of ``n_seeds``.
    """
    floor = float(confirmed["all_six"].max()) - 1.0 / n_seeds
    return confirmed[confirmed["all_six"] >= floor - 1e-12]


def verify(confirmed: pd.DataFrame, n_confirm: int, params: list[str], seeds: list[int],
           scorer) -> pd.DataFrame:
    """Round 4: re-score round 3's region and the defaults on fresh ``seeds``.

    ``confirmed`` is round 3 (row 0 the defaults); the points within one seed of its best
    share (``accepted_region``) and the defaults are scored again by ``scorer(points,
    seeds)`` (``score`` with the workers bound), and the result, row 0 again the defaults,
    is returned with ``round3_all_six`` beside each point's new share. The region is then
    ``accepted_region`` of this table: a point that only looked best on round 3's seeds
    falls out here.
    """
    keep = accepted_region(confirmed, n_confirm).index.union([0])
    chosen = confirmed.loc[keep]
    points = [{k: float(r[k]) for k in params} for _, r in chosen.iterrows()]
    out = scorer(points, seeds)
    out["round"] = ["defaults"] + ["verify"] * (len(points) - 1)
    out["round3_all_six"] = list(chosen["all_six"])
    return out


def children(parent: dict, low: dict, high: dict, n: int, rng: np.random.Generator
             ) -> list[dict]:
    """``n`` points around ``parent``: normal steps of a tenth of each range, kept inside."""
    out = []
    for _ in range(n):
        pt = {}
        for k, v in parent.items():
            step = rng.normal(0.0, 0.1 * (high[k] - low[k]))
            pt[k] = float(np.clip(v + step, low[k], high[k]))
        out.append(pt)
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the four rounds and print the accepted region."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--results", default="results/calibration")
    ap.add_argument("--children", type=int, default=3)
    ap.add_argument("--seeds", type=int, default=6)
    ap.add_argument("--confirm", type=int, default=10)
    ap.add_argument("--top", type=int, default=5)
    ap.add_argument("--verify", type=int, default=30)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--min-patterns", type=int, default=5)
    ap.add_argument("--out", default=None)
    args = ap.parse_args(argv)

    import trustsim

    folder = Path(args.results)
    if not (folder / "manifest.json").exists():
        print(f"no calibration results in {folder}: run `trustsim sweep calibration` first",
              file=sys.stderr)
        return 2
    res = trustsim.load_results(folder)
    cal = patterns.calibrate(res)
    names = [n for n in cal.pass_rates if n != "all"]
    design = res.design
    params = list(design.columns)
    low = {k: float(design[k].min()) for k in params}
    high = {k: float(design[k].max()) for k in params}
    held = cal.verdicts[names].sum(axis=1)
    near = design[held >= args.min_patterns]
    defaults = {k: float(getattr(Params(), k)) for k in params}
    parents = [defaults] + [{k: float(v) for k, v in row.items()}
                            for _, row in near.iterrows()]
    print(f"round 1: {len(near)} of {len(design)} design points reproduce at least "
          f"{args.min_patterns} of 6 patterns on both replications; with the defaults, "
          f"{len(parents)} parents", file=sys.stderr)
    rng = np.random.default_rng(2018)
    kids = [c for p in parents for c in children(p, low, high, args.children, rng)]
    points = parents + kids
    seeds = list(range(101, 101 + args.seeds))
    print(f"round 2: {len(points)} points x {len(seeds)} seeds", file=sys.stderr)
    t = time.perf_counter()
    scored = score(points, seeds, args.workers)
    scored["round"] = ["defaults"] + ["parent"] * (len(parents) - 1) + ["child"] * len(kids)
    print(f"  {time.perf_counter() - t:.0f} s", file=sys.stderr)
    best = scored.iloc[1:].sort_values("all_six", ascending=False).head(args.top)
    finalists = [defaults] + [{k: float(r[k]) for k in params} for _, r in best.iterrows()]
    cseeds = list(range(201, 201 + args.confirm))
    print(f"round 3: the defaults and the top {len(best)} on {len(cseeds)} fresh seeds",
          file=sys.stderr)
    confirmed = score(finalists, cseeds, args.workers)
    confirmed["round"] = ["defaults"] + ["confirm"] * len(best)
    confirmed["round2_all_six"] = [scored.iloc[0]["all_six"]] + list(best["all_six"])

    pd.set_option("display.width", 200)
    pd.set_option("display.max_columns", 30)
    show = params + names + ["all_six"]
    print(f"\nRound 2 ({len(seeds)} seeds {seeds[0]}..{seeds[-1]}): share of seeds on which "
          "all six hold, best 10 and the defaults")
    print(scored.sort_values("all_six", ascending=False).head(10)[show + ["round"]]
          .round(3).to_string())
    print(scored.iloc[[0]][show].round(3).to_string())
    print(f"  points with all six on every seed: {(scored['all_six'] == 1).sum()}; "
          f"mean share over children {scored[scored['round'] == 'child']['all_six'].mean():.2f}"
          f", over parents {scored[scored['round'] == 'parent']['all_six'].mean():.2f}")
    print(f"\nRound 3 ({len(cseeds)} fresh seeds {cseeds[0]}..{cseeds[-1]}):")
    print(confirmed[show + ["round2_all_six", "round"]].round(3).to_string())
    vseeds = list(range(301, 301 + args.verify))
    print(f"round 4: the defaults and round 3's region on {len(vseeds)} further fresh seeds",
          file=sys.stderr)
    verified = verify(confirmed, len(cseeds), params, vseeds,
                      lambda pts, sds: score(pts, sds, args.workers))
    print(f"\nRound 4 ({len(vseeds)} fresh seeds {vseeds[0]}..{vseeds[-1]}):")
    print(verified[show + ["round3_all_six", "round"]].round(3).to_string())
    region = accepted_region(verified, len(vseeds))
    best = float(verified["all_six"].max())
    print(f"\nAccepted region (round 4 share >= the best, {best:.2f}, less one seed): "
          f"{len(region)} points; the defaults "
          f"{'are' if 0 in region.index else 'are NOT'} among them "
          f"({verified.iloc[0]['all_six']:.2f})")
    others = region.drop(index=0, errors="ignore")
    for k in params:
        lo, hi = region[k].min(), region[k].max()
        span = (f"; without the defaults {others[k].min():8.3f} .. {others[k].max():8.3f}"
                if len(others) else "")
        print(f"  {k:26} {lo:8.3f} .. {hi:8.3f}   default {defaults[k]:.3f}{span}")
    if args.out:
        pd.concat([scored, confirmed, verified], ignore_index=True).to_csv(args.out, index=False)
        print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
