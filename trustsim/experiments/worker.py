"""What a worker does with one run: build the model, run it, return its data.

Core objects: :class:`RunTask` (everything one run needs, picklable: the scenario and the
strategy travel as objects, so names registered only in the driver still work),
:class:`RunOutput` (the run's outcomes and daily metrics, or its error and traceback) and
:func:`execute_run`. Workers never write files: the driver alone stores results.
"""

from __future__ import annotations

import os
import socket
import time
import traceback
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from trustsim.scenario import Scenario
from trustsim.strategies import Strategy

__all__ = ["RunTask", "RunOutput", "execute_run"]


@dataclass(frozen=True)
class RunTask:
    """One run, ready to ship to a worker.

    Attributes:
        run_id: identifier in the plan; seed: the run's rng.
        scenario, strategy: the objects themselves; overrides: flat parameter values.
        outcomes: summary keys or pattern measures to return; metrics: daily columns to
            return (besides time).
        every: keep every k-th day (and the last).
        plugins: crisis types defined outside trustsim, registered on the worker if missing.
    """

    run_id: str
    scenario: Scenario
    strategy: Strategy
    overrides: dict[str, Any]
    seed: int
    outcomes: tuple[str, ...]
    metrics: tuple[str, ...]
    every: int = 1
    plugins: dict[str, type] = field(default_factory=dict)


@dataclass
class RunOutput:
    """What comes back from a worker.

    Attributes:
        run_id: which run; ok: whether it finished.
        outcomes: summary values (floats); series: ``time`` and each metric, as arrays.
        error, traceback: why it failed; seconds: compute time; worker: ``host:pid``;
        model: the worker's model fingerprint (``outputs.model_hash``: a cluster whose
        workers run another version of the model is seen in the results).
    """

    run_id: str
    ok: bool
    outcomes: dict[str, float] | None = None
    series: dict[str, np.ndarray] | None = None
    error: str | None = None
    traceback: str | None = None
    seconds: float = 0.0
    worker: str = ""
    model: str = ""


def _register(plugins: dict[str, type]) -> None:
    from trustsim.crises import CRISES, register_crisis

    for name, cls in plugins.items():
        if name not in CRISES:
            register_crisis(name)(cls)


def execute_run(task: RunTask) -> RunOutput:
    """Run one model and return its data; an exception becomes a failed :class:`RunOutput`.

    Example:
        >>> from trustsim.strategies import get_strategy
        >>> t = RunTask("demo", Scenario(), get_strategy("do_nothing"),
        ...             {"n_users": 100, "steps": 5}, 1, ("final_trust",), ("mean_trust",))
        >>> execute_run(t).ok
        True
    """
    from trustsim.model import TrustModel
    from trustsim.outcomes import evaluate
    from trustsim.outputs import model_hash

    t0 = time.perf_counter()
    worker = f"{socket.gethostname()}:{os.getpid()}"
    model_id = model_hash()
    try:
        _register(task.plugins)
        model = TrustModel(task.scenario, task.strategy, rng=task.seed, **task.overrides)
        model.run()
        outcomes = {k: float(v) for k, v in evaluate(model, list(task.outcomes)).items()}
        series = None
        if task.metrics:
            ts = model.timeseries()
            keep = np.zeros(len(ts), dtype=bool)
            keep[:: task.every] = True
            keep[-1] = True
            series = {c: ts[c].to_numpy()[keep] for c in ("time", *task.metrics)}
    except (Exception, SystemExit) as exc:  # every failure is recorded, none is raised
        return RunOutput(task.run_id, False, error=f"{type(exc).__name__}: {exc}",
                         traceback=traceback.format_exc(),
                         seconds=time.perf_counter() - t0, worker=worker, model=model_id)
    return RunOutput(task.run_id, True, outcomes=outcomes, series=series,
                     seconds=time.perf_counter() - t0, worker=worker, model=model_id)
