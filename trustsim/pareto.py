"""Dominance and the efficient frontier of options with an effect and a cost.

Core functions: :func:`dominated` and :func:`frontier` (used by the cost-effectiveness
figure, :mod:`trustsim.viz.costplot`).
"""

from __future__ import annotations

import numpy as np

__all__ = ["dominated", "frontier"]


def dominated(effect: np.ndarray, cost: np.ndarray, tol: float = 0.0,
              prefer: int | None = None) -> np.ndarray:
    """Which options are dominated: one not dominated is at least as good for no more cost.

    ``effect`` is oriented so that larger is better; an option is dominated when an option
    not itself dominated has ``effect >=`` its own and ``cost <=`` its own (costs less than
    ``tol`` apart count as the same cost), better on one of them: a larger effect, or
    cheaper by ``tol`` or more. Without a tolerance that is the plain rule (dominance
    chains); with one it keeps the cheap end of the frontier. NaN options are neither
    dominated nor dominate. ``prefer`` (an index: the baseline) wins ties: an option with
    its effect at about its cost (within ``tol``) is dominated by it, since it does what
    the baseline does (a policy trial found an unclear strategy 3 thousand CNY cheaper
    than doing nothing drawn as undominated, the chart's apparent winner).

    Example:
        >>> dominated(np.array([0.0, 0.2, 0.1]), np.array([0.0, 5.0, 8.0])).tolist()
        [False, False, True]
        >>> dominated(np.array([0.0, -0.1]), np.array([0.0, -0.07]), tol=100.0).tolist()
        [False, True]
        >>> dominated(np.array([0.0, 0.01, 0.02]), np.array([0.0, 60.0, 120.0]),
        ...           tol=100.0).tolist()
        [False, True, False]
        >>> dominated(np.array([0.0, 0.0]), np.array([0.0, -3.0]), tol=100.0).tolist()
        [False, False]
        >>> dominated(np.array([0.0, 0.0]), np.array([0.0, -3.0]), tol=100.0,
        ...           prefer=0).tolist()
        [False, True]
    """
    e = np.asarray(effect, dtype=float)
    c = np.asarray(cost, dtype=float)
    ok = np.flatnonzero(np.isfinite(e) & np.isfinite(c))
    out = np.zeros(len(e), dtype=bool)
    # Best effect first (the cheaper first on equal effect), each option tested only against
    # those kept so far: with a tolerance, "as cheap" does not chain (0, 60 and 120 are each
    # as cheap as the next, 0 and 120 are not), and testing against every option marked the
    # cheapest dominated by one that was dominated itself.
    kept: list[int] = []
    if prefer is not None and prefer in ok:  # no better and not cheaper by tol: a tie,
        # decided first, so that a tied option outdoes nothing (review)
        e0, c0 = e[prefer], c[prefer]
        for i in ok:
            if i != prefer and e[i] <= e0 and (c[i] >= c0 or abs(c[i] - c0) < tol):
                out[i] = True
    for i in sorted(ok, key=lambda k: (-e[k], c[k])):
        if out[i]:
            continue
        for j in kept:
            same = abs(c[j] - c[i]) < tol  # never with no tolerance: the plain rule
            no_more = c[j] <= c[i] or same
            cheaper = c[j] < c[i] and not same
            if e[j] >= e[i] and no_more and (e[j] > e[i] or cheaper):
                out[i] = True
                break
        else:
            kept.append(i)
    return out


def frontier(effect: np.ndarray, cost: np.ndarray, tol: float = 0.0,
             prefer: int | None = None) -> np.ndarray:
    """Indices of the efficient frontier, cheapest first (the options not dominated).

    Among options with equal effect and cost only the first is kept; ``tol`` and
    ``prefer`` as for :func:`dominated`.
    """
    e = np.asarray(effect, dtype=float)
    c = np.asarray(cost, dtype=float)
    keep = np.flatnonzero(np.isfinite(e) & np.isfinite(c) & ~dominated(e, c, tol, prefer))
    seen: set[tuple[float, float]] = set()
    unique = []
    for i in keep:
        if (e[i], c[i]) not in seen:
            seen.add((e[i], c[i]))
            unique.append(i)
    return np.array(sorted(unique, key=lambda i: (c[i], -e[i])), dtype=int)
