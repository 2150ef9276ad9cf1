"""Experiments at scale: designs, sweeps on Dask, a resumable store, sensitivity analysis.

Core objects: :func:`load_experiment`, :func:`run_experiment`, :func:`load_results` and
:class:`ExperimentResults`. Modules: ``spec`` (experiment files), ``designs`` (grid, LHS,
Sobol, Morris), ``runner`` (executors), ``worker`` (one run), ``store`` (the results
folder), ``progress``, ``sensitivity`` (SALib indices), ``compare`` (paired strategy comparison)
and ``report`` (the HTML report). Dask and SALib are imported only
when a sweep or an analysis needs them.
"""

from __future__ import annotations

from typing import Any

__all__ = ["ExperimentResults", "load_experiment", "load_results", "run_experiment"]

_WHERE = {"load_experiment": "spec", "run_experiment": "runner", "load_results": "store",
          "ExperimentResults": "store"}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        from importlib import import_module

        return getattr(import_module(f"trustsim.experiments.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'trustsim.experiments' has no attribute {name!r}")
