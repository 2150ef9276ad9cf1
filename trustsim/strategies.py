"""Intervention levers (a registry derived from the parameter schema) and strategy bundles.

Core objects: :data:`LEVERS` (every lever a strategy may set: its kind, who pays, meaning),
:class:`Strategy` (a named bundle of lever values, ``to_dict``/``from_dict``),
:func:`get_strategy` and :func:`strategies` (the bundled ``strategies.yaml`` plus any
registered with :func:`register_strategy`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from trustsim.errors import RENAMED, UnknownName, suggest
from trustsim.params import Params

__all__ = ["LEVERS", "Lever", "Strategy", "get_strategy", "register_strategy", "strategies",
           "usual_response"]


@dataclass(frozen=True)
class Lever:
    """One intervention lever: a :class:`~trustsim.params.Params` field a strategy may set.

    Attributes:
        name: parameter name; kind: response, prevention, rebuilding or regulation;
        payer: who bears the cost (platform, regulator or none); meaning: one line.
    """

    name: str
    kind: str
    payer: str
    meaning: str


_KINDS = {
    "response": ("response_delay", "stance", "truthful", "disclosure", "compensation_share",
                 "compensation_days", "consistency", "media_relations",
                 "regulator_cooperation", "crisis_team", "response_scope"),
    "prevention": ("invest_risk_management", "invest_security", "invest_compliance",
                   "early_warning", "education_campaign", "education_public_share"),
    "rebuilding": ("brand_campaign", "service_quality", "user_care", "compliance_reports",
                   "review_learning"),
    "regulation": ("inspection_rate", "detection_power", "penalty_rate", "rectification_days",
                   "disclosure_mandate", "ratings_published", "rating_interval",
                   "guarantee_coverage", "protection_levy", "joint_enforcement",
                   "tightening_rate", "compliance_standard", "solvency_checks"),
}
_PAID_BY_PLATFORM = {"compensation_share", "invest_risk_management", "invest_security",
                     "invest_compliance", "education_campaign", "brand_campaign",
                     "service_quality", "user_care", "compliance_reports",
                     "protection_levy", "penalty_rate"}


def _levers() -> dict[str, Lever]:
    fields = Params.model_fields
    out = {}
    for kind, names in _KINDS.items():
        for name in names:
            payer = "platform" if name in _PAID_BY_PLATFORM else (
                "regulator" if kind == "regulation" else "none")
            out[name] = Lever(name, kind, payer, fields[name].description or "")
    return out


LEVERS: dict[str, Lever] = _levers()
"""Every intervention lever, by name."""


def usual_response(p: Params) -> Params:
    """``p`` with every response and rebuilding lever at its default: the usual response.

    What a platform outside a strategy's scope follows (``response_scope: crisis``): a
    diminishing, truthful statement after three days, no compensation, no rebuilding
    programme. Every other parameter, the sector's levers included, is ``p``'s.
    """
    fields = Params.model_fields
    return p.model_copy(update={name: fields[name].default for name, lever in LEVERS.items()
                                if lever.kind in ("response", "rebuilding")
                                and name != "response_scope"})


@dataclass
class Strategy:
    """A named bundle of lever values.

    Args:
        name: identifier used in files and on the command line.
        description: one line on what the strategy does.
        levers: lever values; keys must be in :data:`LEVERS`.
        name_zh: its name in Chinese reports (a bundled strategy's comes from
            ``trustsim.i18n``; default: the identifier).
        name_en: its name in words in English reports (default: the identifier; the
            terminal always prints the identifier).

    Example:
        >>> s = Strategy("quick", "respond fast", {"response_delay": 1})
        >>> Strategy.from_dict(s.to_dict()) == s
        True
    """

    name: str
    description: str = ""
    levers: dict[str, Any] = field(default_factory=dict)
    name_zh: str = ""
    name_en: str = ""

    def __post_init__(self) -> None:
        unknown = sorted(set(self.levers) - set(LEVERS))
        if unknown:
            raise UnknownName("not a lever", key=f"levers.{unknown[0]}", value=unknown[0],
                              allowed=list(LEVERS), suggestion=suggest(unknown[0], LEVERS))

    def to_dict(self) -> dict[str, Any]:
        """Return the file form of this strategy."""
        out = {"name": self.name, "description": self.description, "levers": dict(self.levers)}
        return out | {k: v for k, v in (("name_zh", self.name_zh), ("name_en", self.name_en))
                      if v}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Strategy:
        """Build a strategy from its file form."""
        return cls(data["name"], data.get("description", ""), dict(data.get("levers") or {}),
                   str(data.get("name_zh") or ""), str(data.get("name_en") or ""))


_REGISTERED: dict[str, Strategy] = {}


def register_strategy(strategy: Strategy) -> Strategy:
    """Make a strategy available by name (in Python, files and the CLI of this process)."""
    _REGISTERED[strategy.name] = strategy
    return strategy


@cache
def _bundled() -> dict[str, Strategy]:
    text = resources.files("trustsim").joinpath("data/strategies.yaml").read_text("utf-8")
    data = yaml.safe_load(text) or {}
    return {name: Strategy(name, body.get("description", ""), dict(body.get("levers") or {}))
            for name, body in data.items()}


def strategies() -> dict[str, Strategy]:
    """Return every known strategy by name: the bundled ones and those registered."""
    return {**_bundled(), **_REGISTERED}


def get_strategy(name: str) -> Strategy:
    """Return the strategy called ``name``.

    Raises:
        UnknownName: (a ``KeyError`` and a ``ScenarioError``) when no strategy has that name.
    """
    known = strategies()
    if name not in known:
        renamed = RENAMED.get(name)  # (trial: the new name suggested, and why)
        raise UnknownName(f"no such strategy ({name} is now called {renamed})" if renamed
                          else "no such strategy", key="strategy", value=name,
                          allowed=sorted(known), suggestion=suggest(name, known))
    return known[name]
