"""Dominance and the efficient frontier of options with an effect and a cost.

Core functions: :func:`dominated` and :func:`frontier` (used by the comparison's cost
table and by the cost-effectiveness figure alike).
"""

from __future__ import annotations

import numpy as np

__all__ = ["dominated", "frontier"]


def dominated(effect: np.ndarray, cost: np.ndarray, tol: float = 0.0) -> np.ndarray:
    """Which options are dominated: another is at least as good for no more cost.

    ``effect`` is oriented so that larger is better; an option is dominated when another
    has ``effect >=`` its own and ``cost <=`` its own (costs less than ``tol`` apart count
    as the same cost), better on one of them: a larger effect, or cheaper by ``tol`` or
    more. NaN options are neither dominated nor dominate.

    Example:
        >>> dominated(np.array([0.0, 0.2, 0.1]), np.array([0.0, 5.0, 8.0])).tolist()
        [False, False, True]
        >>> dominated(np.array([0.0, -0.1]), np.array([0.0, -0.07]), tol=100.0).tolist()
        [False, True]
    """
    e = np.asarray(effect, dtype=float)
    c = np.asarray(cost, dtype=float)
    ok = np.isfinite(e) & np.isfinite(c)
    out = np.zeros(len(e), dtype=bool)
    for i in np.flatnonzero(ok):
        others = ok & (np.arange(len(e)) != i)
        if tol > 0:
            no_worse = others & (e >= e[i]) & (c < c[i] + tol)
            strictly = no_worse & ((e > e[i]) | (c <= c[i] - tol))
        else:
            no_worse = others & (e >= e[i]) & (c <= c[i])
            strictly = no_worse & ((e > e[i]) | (c < c[i]))
        out[i] = bool(strictly.any())
    return out


def frontier(effect: np.ndarray, cost: np.ndarray, tol: float = 0.0) -> np.ndarray:
    """Indices of the efficient frontier, cheapest first (the options not dominated).

    Among options with equal effect and cost only the first is kept; ``tol`` as for
    :func:`dominated`.
    """
    e = np.asarray(effect, dtype=float)
    c = np.asarray(cost, dtype=float)
    keep = np.flatnonzero(np.isfinite(e) & np.isfinite(c) & ~dominated(e, c, tol))
    seen: set[tuple[float, float]] = set()
    unique = []
    for i in keep:
        if (e[i], c[i]) not in seen:
            seen.add((e[i], c[i]))
            unique.append(i)
    return np.array(sorted(unique, key=lambda i: (c[i], -e[i])), dtype=int)
