"""trustsim: an agent-based model of user trust in internet-finance platforms, on Mesa.

Public API: :class:`TrustModel`, :func:`load_scenario`, :class:`Scenario`,
:class:`ScenarioError`, :class:`Params`, :data:`CRISES`, :data:`LEVERS`,
:func:`strategies`. Nothing heavy is imported here (no dask, solara or SALib).
"""

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
    "Params",
    "PlatformSpec",
    "Scenario",
    "ScenarioError",
    "Strategy",
    "TrustModel",
    "get_strategy",
    "load_scenario",
    "register_crisis",
    "register_strategy",
    "strategies",
    "__version__",
]
