"""Adaptive replications: run rounds of paired replications until the intervals are narrow.

Core function: :func:`run_until_ci`. Each round is an ordinary (resumable) sweep of the
experiment with more replications, then a comparison of the chosen outcome (default: the
headline outcome); the rounds stop when every strategy's 95 % interval against the
baseline (the one its verdict reads: the median's, or the mean's for a yes-or-no outcome or
a ``tail`` row), in every scenario, is narrower than the width asked (and rests on enough pairs
to carry a verdict, :data:`~trustsim.experiments.stats.MIN_VERDICT_PAIRS`), or when the
replications reach the cap. A run's seed does not depend on the number of replications,
so the rounds reproduce exactly: an interrupted adaptive sweep, run again, replays the
finished rounds from disk (running nothing) and goes on where it stopped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from trustsim.experiments.runner import run_experiment
from trustsim.experiments.spec import Experiment, load_experiment
from trustsim.experiments.stats import MIN_VERDICT_PAIRS
from trustsim.outcomes import stated_frame
from trustsim.scenario import ScenarioError

if TYPE_CHECKING:
    from trustsim.experiments.store import ExperimentResults

__all__ = ["Round", "run_until_ci"]

#: Default cap, as a multiple of the experiment's replications.
CAP_FACTOR = 5


@dataclass(frozen=True)
class Round:
    """One round: replications, the widest interval and where it is.

    Attributes:
        replications: replications per scenario, strategy and design point.
        widest: the widest 95 % interval of the outcome (inf when a comparison has no
            interval: no pairs yet, or fewer than can carry a verdict).
        scenario, strategy: the comparison with the widest interval.
        ran: runs computed in this round (0 when they were on disk already).
        status: ``narrow`` (every interval below the width: done), ``cap`` (the cap is
            reached: done) or ``more`` (another round follows).
    """

    replications: int
    widest: float
    scenario: str
    strategy: str
    ran: int
    status: str


def _widest(res: ExperimentResults, outcome: str, n_boot: int, seed: int
            ) -> tuple[float, str, str]:
    from trustsim.experiments.compare import compare

    tab = compare(res, outcomes=[outcome], n_boot=n_boot, seed=seed)
    t = tab[~tab["is_baseline"]]
    if t.empty:
        return float("inf"), "", ""
    stated = stated_frame(t)  # the interval each verdict reads: the mean's where it does
    w = (stated["high"] - stated["low"]).to_numpy(float)
    # too few pairs for a verdict: no interval yet, however narrow the bootstrap's
    w = np.where(np.isfinite(w) & (t["n_pairs"].to_numpy() >= MIN_VERDICT_PAIRS), w, np.inf)
    k = int(np.argmax(w))
    return float(w[k]), str(t["scenario"].iloc[k]), str(t["strategy"].iloc[k])


def run_until_ci(exp: Experiment | str | Path, out: str | Path | None = None, *,
                 width: float | None = None, max_replications: int | None = None,
                 step: int | None = None, outcome: str | None = None,
                 n_boot: int = 2000, seed: int = 0,
                 on_round: Callable[[Round], Any] | None = None, fresh: bool = False,
                 **sweep: Any) -> tuple[ExperimentResults, list[Round]]:
    """Add paired replications in rounds until every interval is narrower than ``width``.

    Args:
        exp: an experiment (or a bundled name or path). Its ``until_ci:`` key gives the
            defaults of the four settings below.
        out: results folder (as for :func:`~trustsim.run_experiment`).
        width: the widest 95 % interval allowed, in the outcome's unit.
        max_replications: the cap (default: the file's, else five times
            ``replications`` and at least :data:`~trustsim.experiments.stats.
            MIN_VERDICT_PAIRS`; a lower cap ends with no interval).
        step: replications added per round (default: the file's, else ``replications``).
        outcome: the outcome whose intervals count (default: the file's, else the
            headline outcome).
        n_boot: bootstrap resamples (as for :func:`trustsim.compare`, whose default the
            report uses: the intervals checked are the intervals reported).
        seed: bootstrap seed.
        on_round: called with each :class:`Round` as it ends (the CLI prints it).
        fresh: start over in ``out`` (first round only).
        **sweep: passed to :func:`~trustsim.run_experiment` (executor, workers, progress).

    Returns:
        The results of the last round and every round.

    Raises:
        ScenarioError: no width (neither argument nor ``until_ci:``), a bad setting.

    Example:
        >>> res, rounds = run_until_ci("smoke", width=0.05, max_replications=12,
        ...                            executor="serial")   # doctest: +SKIP
    """
    from trustsim.outcomes import headline_name

    if not isinstance(exp, Experiment):
        exp = load_experiment(exp)
    spec = exp.until_ci
    width = width if width is not None else (spec.width if spec else None)
    if width is None or not np.isfinite(width) or width <= 0:
        raise ScenarioError("the interval width must be a positive number",
                            key="until_ci (--until-ci)", value=width)
    # the default cap leaves room for the pairs a verdict needs
    cap = max_replications or (spec.max_replications if spec else None) or max(
        CAP_FACTOR * exp.replications, MIN_VERDICT_PAIRS)
    step = step or (spec.step if spec else None) or exp.replications
    outcome = outcome or (spec.outcome if spec else None) or exp.headline or headline_name()
    if len(exp.strategy_objects) < 2:
        raise ScenarioError("--until-ci compares strategies in pairs: an experiment with one "
                            "strategy has no pair, however many replications",
                            key="strategies", value=list(exp.strategy_objects),
                            allowed="at least two strategies")
    if outcome not in exp.outcome_names:
        raise ScenarioError("the experiment does not keep this outcome", key="until_ci",
                            value=outcome, allowed=exp.outcome_names)
    if cap < exp.replications:
        raise ScenarioError("the cap must be at least replications",
                            key="max_replications (--max-replications)", value=cap,
                            allowed=f">= {exp.replications}")
    reps = exp.replications
    rounds: list[Round] = []
    while True:
        current = exp.model_copy(update={"replications": reps})
        res = run_experiment(current, out, fresh=fresh and not rounds, **sweep)
        widest, sc, st = _widest(res, outcome, n_boot, seed)
        status = "narrow" if widest < width else ("cap" if reps >= cap else "more")
        rnd = Round(reps, widest, sc, st, int(res.manifest["sweeps"][-1]["ran"]), status)
        rounds.append(rnd)
        if on_round is not None:
            on_round(rnd)
        if status != "more":
            return res, rounds
        reps = min(reps + step, cap)
