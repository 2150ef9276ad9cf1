"""Replications of a few strategies for the dashboard's compare tab, and their bands.

Core objects: :func:`compare_strategies` (paired runs: replication ``r`` of every strategy
uses the same seed, so strategies differ only by their levers -- common random numbers)
and :class:`Comparison` (per strategy and outcome: the median and the 10-90 % band over
replications, day by day, plus a small table of final outcomes). Runs go one after the
other in the calling thread; the dashboard calls this from a background thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from trustsim.model import TrustModel

__all__ = ["OUTCOMES", "Comparison", "compare_strategies"]

OUTCOMES: dict[str, tuple[str, float]] = {
    # timeseries column: (axis title with unit, scale applied to the column)
    "holder_trust": ("headline trust: all who held money at the start (0-1)", 1.0),
    "mean_trust": ("survivors' trust: active users, platforms not failed (0-1)", 1.0),
    "aum": ("money on platforms (million CNY)", 1e-3),
    "active_users": ("users still in the sector", 1.0),
}
"""Outcomes the compare tab can draw."""


@dataclass
class Comparison:
    """Bands over replications of several strategies on one scenario.

    Attributes:
        scenario, strategies, replications, n_users, steps, seed: what was run.
        days: the day axis (0..steps).
        runs: ``runs[strategy][outcome]`` is a (replications x days) array.
    """

    scenario: str
    strategies: list[str]
    replications: int
    n_users: int
    steps: int
    seed: int
    days: np.ndarray = field(default_factory=lambda: np.zeros(0))
    runs: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)

    def band(self, strategy: str, outcome: str = "holder_trust", lo: float = 10.0,
             hi: float = 90.0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return (median, low, high) per day; the band spans percentiles ``lo``..``hi``."""
        arr = self.runs[strategy][outcome] * OUTCOMES[outcome][1]
        return (np.median(arr, axis=0), np.percentile(arr, lo, axis=0),
                np.percentile(arr, hi, axis=0))

    def table(self, outcome: str = "holder_trust", lo: float = 10.0,
              hi: float = 90.0) -> list[dict[str, Any]]:
        """Final value per strategy: median and a percentile range over replications.

        ``final_p10``/``final_p90`` are the ``lo`` and ``hi`` percentiles (10 and 90 unless
        told otherwise).
        """
        rows = []
        for s in self.strategies:
            final = self.runs[s][outcome][:, -1] * OUTCOMES[outcome][1]
            lowest = self.runs[s][outcome].min(axis=1) * OUTCOMES[outcome][1]
            rows.append({"strategy": s, "final_median": float(np.median(final)),
                         "final_p10": float(np.percentile(final, lo)),
                         "final_p90": float(np.percentile(final, hi)),
                         "lowest_median": float(np.median(lowest))})
        return rows


def compare_strategies(scenario: Any, strategies: Sequence[str], replications: int, *,
                       n_users: int, steps: int, seed: int = 1,
                       overrides: dict[str, Any] | None = None,
                       progress: Callable[[int, int], None] | None = None,
                       cancelled: Callable[[], bool] | None = None) -> Comparison | None:
    """Run ``replications`` paired runs of each strategy and collect their series.

    Args:
        scenario: a scenario name, path or :class:`~trustsim.scenario.Scenario`.
        strategies: strategy names (two or three is what a chart shows clearly).
        replications: runs per strategy; replication ``r`` uses seed ``seed + r`` for all.
        n_users: users in every run.
        steps: days in every run.
        seed: first seed.
        overrides: further flat parameters (strategy levers among them are dropped, so
            each strategy keeps its own levers).
        progress: called with (runs done, runs in total) after each run.
        cancelled: polled between runs; when it returns True the comparison stops and
            ``None`` is returned.

    Returns:
        The :class:`Comparison`, or ``None`` when cancelled.

    Example:
        >>> c = compare_strategies("data_leak", ["do_nothing", "full_rebuild"], 2,
        ...                        n_users=150, steps=20)
        >>> c.band("full_rebuild")[0].shape
        (21,)
    """
    from trustsim.strategies import LEVERS

    extra = {k: v for k, v in (overrides or {}).items() if k not in LEVERS}
    extra.update(n_users=int(n_users), steps=int(steps))
    name = scenario if isinstance(scenario, str) else getattr(scenario, "name", "scenario")
    out = Comparison(scenario=str(name), strategies=list(strategies),
                     replications=int(replications), n_users=int(n_users), steps=int(steps),
                     seed=int(seed))
    total = len(out.strategies) * out.replications
    done = 0
    for s in out.strategies:
        out.runs[s] = {k: np.zeros((out.replications, out.steps + 1)) for k in OUTCOMES}
    for r in range(out.replications):
        for s in out.strategies:
            if cancelled is not None and cancelled():
                return None
            m = TrustModel(scenario, s, rng=out.seed + r, **extra).run()
            v = m.recorder.model_vars
            for k in OUTCOMES:
                col = np.asarray(v[k], dtype=float)[: out.steps + 1]
                out.runs[s][k][r, : len(col)] = col
                out.runs[s][k][r, len(col):] = col[-1] if len(col) else np.nan
            done += 1
            if progress is not None:
                progress(done, total)
    out.days = np.arange(out.steps + 1, dtype=float)
    return out
