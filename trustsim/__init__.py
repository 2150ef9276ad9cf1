"""trustsim: an agent-based model of user trust in internet-finance platforms, on Mesa.

Public API: :class:`TrustModel`, :func:`load_scenario`, :class:`Scenario`,
:class:`ScenarioError`, :class:`Params`, :data:`CRISES`, :data:`LEVERS`,
:func:`strategies`; experiments: :func:`load_experiment`, :func:`run_experiment`,
:func:`load_results`, :class:`ExperimentResults` (imported on first use). Nothing heavy is
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
    "get_strategy",
    "load_experiment",
    "load_results",
    "load_scenario",
    "register_crisis",
    "register_strategy",
    "run_experiment",
    "strategies",
    "__version__",
]

_LAZY = {"load_experiment", "run_experiment", "load_results", "ExperimentResults"}


def __getattr__(name: str) -> Any:
    # Experiments load on first use: `import trustsim` stays light (no dask, no SALib).
    if name in _LAZY:
        from trustsim import experiments

        return getattr(experiments, name)
    raise AttributeError(f"module 'trustsim' has no attribute {name!r}")
