"""Statistics of a response curve: an outcome per lever value and seed (values x seeds).

Core functions: :func:`medians` (per value, NaN where a value has no finite run),
:func:`jump_share` (largest step between adjacent values as a share of max - min),
:func:`default_jump` (the step at a parameter's default) and :func:`effect_p_value` (is the
curve more than seed noise? Friedman's and Page's tests by permutation). Used by
:mod:`trustsim.experiments.smoothness` and :mod:`trustsim.experiments.default_cliff`.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

__all__ = ["NOISE_P", "MIN_NOISE_SEEDS", "default_jump", "effect_p_value", "jump_share",
           "medians"]

NOISE_P = 0.05
"""Above this permutation p-value a lever's effect is not told apart from seed noise."""

MIN_NOISE_SEEDS = 5
"""Fewer complete seeds than this and :func:`effect_p_value` cannot reject (NaN)."""


def medians(table: np.ndarray) -> np.ndarray:
    """The median over seeds per value of ``table`` (values x seeds); NaN where all are."""
    with np.errstate(all="ignore"):
        out = np.full(table.shape[0], np.nan)
        ok = ~np.all(np.isnan(table), axis=1)
        out[ok] = np.nanmedian(table[ok], axis=1)
    return out


def jump_share(med: np.ndarray, floor: float) -> float:
    """Largest step between adjacent entries of ``med`` over max - min (NaN below ``floor``)."""
    total = float(med.max() - med.min())
    if not total >= floor or total <= 0:
        return math.nan
    return float(np.abs(np.diff(med)).max() / total)


def effect_p_value(table: np.ndarray, *, n_perm: int = 4999,
                   rng: np.random.Generator | None = None) -> float:
    """Does the lever move the outcome beyond seed noise? A permutation p-value.

    Each seed is a block and the lever's values its treatments. Within each seed the values
    are ranked by outcome (ties share their mean rank, so a seed that never moves adds
    nothing). Two statistics of the rank sums per value: Friedman's (1937), their spread
    (any difference between values), and Page's (1963) L, two-sided, their trend along the
    lever (a rise or fall, the shape of most levers, which Friedman's test sees poorly when
    a step sits between two plateaus whose small wobbles get ranks like any others). Under
    "the lever does nothing" each seed's ranks are exchangeable between values, so each
    seed's ranks are shuffled on their own ``n_perm`` times and both statistics are taken
    on the same shuffles. The smaller of the two p-values is returned, uncorrected: the
    check errs towards reading a curve, so a lever is called noise only when neither test
    shows an effect (the stricter side for the smoothness goal). A lever that moves every
    seed the same way (even in lumps, each seed at its own value) gives a small p; medians
    that rise and fall with the seeds, a large one. A large p says the sweep could not show
    an effect at this many seeds, not that there is none.

    Args:
        table: outcomes, values x seeds; seeds with a missing value are left out.
        n_perm: shuffles (4,999: a p near 0.05 is known to about 0.003).
        rng: the generator of the shuffles (default seeded 0).

    Returns:
        ``min(p_F, p_L)``, each ``(1 + shuffles at least as extreme) / (1 + n_perm)``;
        NaN with fewer than :data:`MIN_NOISE_SEEDS` complete seeds or fewer than two values
        (too few to tell).
    """
    from scipy.stats import rankdata

    t = np.asarray(table, dtype=float)
    t = t[:, np.all(np.isfinite(t), axis=0)]
    n_values, n_seeds = t.shape
    if n_seeds < MIN_NOISE_SEEDS or n_values < 2:
        return math.nan
    rng = rng if rng is not None else np.random.default_rng(0)
    ranks = rankdata(t, axis=0)
    order = np.argsort(rng.random((n_perm, n_values, n_seeds)), axis=1)
    shuffled = np.take_along_axis(np.broadcast_to(ranks, order.shape), order, axis=1)
    sums = shuffled.sum(axis=2)  # rank sum per value, per shuffle
    weights = np.arange(1, n_values + 1) - (n_values + 1) / 2.0  # Page's L, centred

    def p_of(observed: float, stats: np.ndarray) -> float:
        return float((1 + np.count_nonzero(stats >= observed - 1e-9)) / (1 + n_perm))

    p_spread = p_of(float(np.var(ranks.sum(axis=1))), np.var(sums, axis=1))
    p_trend = p_of(abs(float(weights @ ranks.sum(axis=1))), np.abs(sums @ weights))
    return min(p_spread, p_trend)


def default_jump(values: np.ndarray, jumps: np.ndarray, default: Any) -> float:
    """The step of a response curve at ``default``.

    On a grid point the larger of the two steps beside it, between points the step holding
    it; NaN outside the values or for a non-numeric default. ``jumps[k]`` is the step from
    ``values[k]`` to ``values[k + 1]``.
    """
    if not isinstance(default, (int, float)) or isinstance(default, bool):
        return math.nan
    if default < values[0] - 1e-12 or default > values[-1] + 1e-12:
        return math.nan
    at = np.flatnonzero(np.isclose(values, default, rtol=0, atol=1e-12))
    if len(at):  # on a grid point: the worse of the two tenths next to it
        i = int(at[0])
        return float(max(jumps[max(i - 1, 0):i + 1]))
    return float(jumps[int(np.searchsorted(values, default)) - 1])
