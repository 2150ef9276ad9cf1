"""trustsim: an agent-based model of user trust in internet-finance platforms, on Mesa.

Public API: :class:`TrustModel`, :func:`load_scenario`, :class:`Scenario`,
:class:`ScenarioError`, :class:`Params`, :data:`CRISES`, :data:`LEVERS`,
:func:`strategies`; experiments: :func:`load_experiment`, :func:`run_experiment`,
:func:`load_results`, :class:`ExperimentResults`; comparison: :func:`compare`,
:func:`report` (all imported on first use). Nothing heavy is
imported here (no dask, solara or SALib).
"""

from typing import Any

from trustsim.crises import CRISES, Crisis, register_crisis
from trustsim.model import TrustModel
from trustsim.params import Params, PlatformSpec
from trustsim.scenario import Scenario, ScenarioError, load_scenario
from trustsim.strategies import LEVERS, Strategy, get_strategy, register_strategy, strategies

__version__ = "0.1.0"

__all__ = [
    "CRISES",
    "LEVERS",
    "Crisis",
    "ExperimentResults",
    "Params",
    "PlatformSpec",
    "Scenario",
    "ScenarioError",
    "Strategy",
    "TrustModel",
    "compare",
    "get_strategy",
    "load_experiment",
    "load_results",
    "load_scenario",
    "register_crisis",
    "register_strategy",
    "report",
    "run_experiment",
    "strategies",
    "__version__",
]

_LAZY = {"load_experiment": "spec", "run_experiment": "runner", "load_results": "store",
         "ExperimentResults": "store", "compare": "compare", "report": "report"}


def __getattr__(name: str) -> Any:
    # Experiments load on first use: `import trustsim` stays light (no dask, no SALib).
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f"trustsim.experiments.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'trustsim' has no attribute {name!r}")
