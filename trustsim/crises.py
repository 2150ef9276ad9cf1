"""Crisis event types (a registry): what each means and does, and how it fires.

Core objects: :class:`Crisis` (the shared lifecycle: ``schedule`` -> ``fire`` -> ``apply``
-> ``each_day`` while active -> ``finish``; ``to_dict``/``from_dict``),
:func:`register_crisis`, :data:`CRISES` and :func:`draw_hazards`. A scenario file names a
crisis by its ``type:``; the fields of each class are the keys that type accepts.

Each crisis type owns its meaning in one place: the incident kinds it opens (with their
responsibility cluster, integrity or competence, and the trait a review improves:
:class:`~trustsim.events.IncidentKind`), which platforms it may target
(:meth:`Crisis.target_problem`), its mechanics, and -- for the endogenous hazards (data
leaks from weak security, outages from weak operations, bad loan cohorts from weak risk
management) -- its daily chance on each platform (:meth:`Crisis.daily_hazard`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator

from trustsim.events import Incident, IncidentKind, register_incident
from trustsim.params import numbers_not_bools

if TYPE_CHECKING:
    from trustsim.agents.platform import Platform
    from trustsim.model import TrustModel

__all__ = ["CRISES", "Crisis", "register_crisis", "crisis_from_dict", "hazard_types",
           "draw_hazards"]

CRISES: dict[str, type[Crisis]] = {}


def register_crisis(name: str):
    """Class decorator: register a crisis type under ``name`` (its ``type:`` in files).

    The incident kinds the class declares (``incidents``) are registered with it.
    """

    def wrap(cls: type[Crisis]) -> type[Crisis]:
        cls.type_name = name
        for kind in cls.incidents:
            register_incident(kind)
        CRISES[name] = cls
        return cls

    return wrap


class Crisis(BaseModel):
    """A scheduled shock; subclasses implement :meth:`apply` (optionally each_day, finish).

    Attributes:
        time: day the crisis fires (it takes effect in phase 1 of that day's step).
        target: a platform name, a list of names, or ``all`` (the whole sector).
        severity: size of the shock, 0-1.
        duration: days the shock lasts (0: a one-off).
    """

    model_config = ConfigDict(extra="forbid")
    _numbers = field_validator("*", mode="before")(numbers_not_bools)
    type_name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    needs_target: ClassVar[bool] = True
    incidents: ClassVar[tuple[IncidentKind, ...]] = ()
    """The incident kinds this crisis opens, with what they mean."""

    type: str = Field(description="crisis type (see `trustsim list crises`)")
    time: int = Field(ge=1, le=20_000, description="day the crisis fires")
    target: str | list[str] = Field("all", description="platform name(s), or all")
    severity: float = Field(0.5, ge=0, le=1, description="size of the shock, 0-1")
    duration: int = Field(0, ge=0, le=20_000, description="days the shock lasts")

    _model: Any = PrivateAttr(default=None)
    _fired: bool = PrivateAttr(default=False)
    _ended: bool = PrivateAttr(default=False)

    @property
    def start(self) -> int:
        """Day the crisis begins."""
        return self.time

    @property
    def fired(self) -> bool:
        """Whether the crisis has fired (it may have ended since)."""
        return self._fired

    @property
    def active(self) -> bool:
        """Fired and not yet ended (``each_day`` runs while active)."""
        return self._fired and not self._ended

    # -- what the type means (class-level declarations) ---------------------------------
    @classmethod
    def target_problem(cls, target: str, traits: dict[str, Any]) -> str | None:
        """Why platform ``target`` (its resolved ``traits``) cannot be hit, or None."""
        return None

    @classmethod
    def daily_hazard(cls, model: TrustModel, platform: Platform) -> float:
        """Daily chance this crisis strikes ``platform`` unscheduled (0: never)."""
        return 0.0

    @classmethod
    def from_hazard(cls, model: TrustModel, platform: Platform, u: float) -> Crisis | None:
        """The crisis an unscheduled strike brings, sized by the uniform draw ``u``."""
        return None

    # -- lifecycle ----------------------------------------------------------------------
    def schedule(self, model: TrustModel) -> None:
        """Register the firing (and ending) with Mesa's event list (``Model.schedule_event``).

        The model holds this object in ``model.crises`` (Mesa keeps event callbacks by weak
        reference: a crisis scheduled into a running model and held nowhere else never
        fired; Python API trial). A target that is no platform of the model is refused.
        """
        from trustsim.errors import ScenarioError, suggest

        names = [pl.name for pl in model.platforms]
        for name in [] if self.target == "all" else (
                [self.target] if isinstance(self.target, str) else self.target):
            if name not in names and name != "all":
                raise ScenarioError("no platform of the model has this name", key="target",
                                    value=name, allowed=names, suggestion=suggest(name, names))
        if not any(c is self for c in model.crises):
            model.crises.append(self)
        self._model = model
        # Half a day early: between steps, so phase 1 of day `time` applies it.
        model.schedule_event(self.fire, at=max(float(self.time) - 0.5, model.time))
        if self.duration > 0:
            model.schedule_event(self.end, at=float(self.time + self.duration) - 0.5)

    def fire(self) -> None:
        """Mesa event callback: queue the crisis for phase 1 of the current day."""
        m = self._model
        self._fired = True
        m._due.append(self)
        m.log_event("crisis", None, f"Crisis fires: {self.type.replace('_', ' ')} on "
                    f"{self.target_label()}", crisis=self.type, severity=self.severity)

    def end(self) -> None:
        """Mesa event callback at ``time + duration``: undo lasting effects."""
        if not self._ended and self._fired:
            self._ended = True
            self.finish(self._model)

    def take_effect(self, model: TrustModel) -> None:
        """Phase 1 of the day it fires: :meth:`apply`; a one-off (``duration`` 0) then ends."""
        self.apply(model)
        if self.duration == 0:
            self._ended = True

    def strike(self, model: TrustModel) -> None:
        """Take effect now, unscheduled (an endogenous hazard); end after ``duration``."""
        self._model = model
        self._fired = True
        if self.duration > 0:
            model.schedule_event(self.end, at=float(model.time + self.duration) - 0.5)
        self.take_effect(model)

    def apply(self, model: TrustModel) -> None:
        """Take effect (phase 1 of the day the crisis fires)."""
        raise NotImplementedError

    def each_day(self, model: TrustModel) -> None:
        """Act once a day while active, from the day after it fires (default: nothing)."""

    def finish(self, model: TrustModel) -> None:
        """Undo lasting effects at the end of ``duration`` (default: nothing)."""

    # -- helpers ------------------------------------------------------------------------
    def target_label(self) -> str:
        """Readable target."""
        return self.target if isinstance(self.target, str) else ", ".join(self.target)

    def targets(self, model: TrustModel) -> list[Platform]:
        """The platforms this crisis hits (alive or not)."""
        names = [self.target] if isinstance(self.target, str) else self.target
        if "all" in names:  # (a list may name "all" too, as the scenario check allows)
            return list(model.platforms)
        by_name = {pl.name: pl for pl in model.platforms}
        return [by_name[n] for n in names]

    def to_dict(self) -> dict[str, Any]:
        """Return the file form of this crisis."""
        return self.model_dump(mode="json")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Crisis:
        """Build a crisis from its file form (dispatching on ``type``)."""
        return crisis_from_dict(data)


def crisis_from_dict(data: dict[str, Any]) -> Crisis:
    """Validate ``data`` against the crisis type it names and build it.

    Raises:
        KeyError: when ``type`` names no registered crisis.
    """
    kind = data.get("type")
    if kind not in CRISES:
        raise KeyError(kind)
    return CRISES[kind].model_validate(data)


def hazard_types() -> list[type[Crisis]]:
    """Crisis types that can strike unscheduled (endogenous hazards), in registry order."""
    return [cls for cls in CRISES.values()
            if cls.daily_hazard.__func__ is not Crisis.daily_hazard.__func__]


def draw_hazards(model: TrustModel) -> None:
    """Phase 1: each hazard crisis type may strike each alive platform today.

    A fixed count of draws from the ``hazards`` stream every day (one per platform and
    hazard type, plus one that sizes what strikes), so what strikes does not shift any
    other draw.
    """
    kinds = hazard_types()
    draws = model.streams["hazards"].random((len(model.platforms), len(kinds) + 1))
    for plat, u in zip(model.platforms, draws, strict=True):
        if not plat.alive:
            continue
        for k, cls in enumerate(kinds):
            if u[k] < cls.daily_hazard(model, plat):
                crisis = cls.from_hazard(model, plat, float(u[-1]))
                if crisis is not None:
                    model.hold_crisis(crisis)
                    crisis.strike(model)


# ------------------------------------------------------------------------- the types
@register_crisis("default_wave")
class DefaultWave(Crisis):
    """Credit shock: borrowers default more for ``duration`` days (report §3.1)."""

    description: ClassVar[str] = "credit shock: loan defaults rise for a period"
    incidents: ClassVar[tuple[IncidentKind, ...]] = (
        IncidentKind("default_wave", "accidental", review_trait="risk_management"),)
    duration: int = Field(60, ge=1, le=20_000)

    def apply(self, model: TrustModel) -> None:  # noqa: D102
        for plat in self.targets(model):
            plat.add_credit_shock(1.0 + 6.0 * self.severity, model.time + self.duration)
            if plat.alive:
                model.open_incident("default_wave", plat.index, severity=self.severity,
                                    headline=f"Loan defaults surge at {plat.name}")


@register_crisis("macro_shock")
class MacroShock(Crisis):
    """Market risk: the economy turns; defaults and cash needs rise sector-wide."""

    description: ClassVar[str] = "market risk: defaults and users' cash needs rise sector-wide"
    incidents: ClassVar[tuple[IncidentKind, ...]] = (
        IncidentKind("macro_shock", "accidental"),)
    duration: int = Field(90, ge=1, le=20_000)

    def apply(self, model: TrustModel) -> None:  # noqa: D102
        model.macro_multiplier *= 1.0 + 3.0 * self.severity
        model.need_multiplier *= 1.0 + 2.0 * self.severity
        model.newsworthy(None, -0.5 * self.severity, "economic downturn hits borrowers",
                         confirmed=True)

    def finish(self, model: TrustModel) -> None:  # noqa: D102
        model.macro_multiplier /= 1.0 + 3.0 * self.severity
        model.need_multiplier /= 1.0 + 2.0 * self.severity


@register_crisis("liquidity_rumour")
class LiquidityRumour(Crisis):
    """A rumour on social media that a platform cannot pay out; ``grounded`` or false."""

    description: ClassVar[str] = "a rumour on social media that a platform cannot pay out"
    incidents: ClassVar[tuple[IncidentKind, ...]] = (
        IncidentKind("rumour", "victim"),
        IncidentKind("liquidity_shortage", "accidental", review_trait="risk_management"))
    grounded: bool = Field(False, description="the rumour is true: liquidity really is short")

    def apply(self, model: TrustModel) -> None:  # noqa: D102
        for plat in self.targets(model):
            if not plat.alive:
                continue
            if self.grounded:
                # The platform really is short: part of its liquidity is tied up.
                locked = self.severity * plat.liquidity
                plat.liquidity -= locked
                plat.loans += locked
            kind = "liquidity_shortage" if self.grounded else "rumour"
            inc = model.open_incident(kind, plat.index, severity=self.severity,
                                      real=self.grounded,
                                      headline=f"rumour that {plat.name} cannot pay out")
            inc.known_at = inc.public_at = float(model.time)  # everybody sees the rumour
            # believed more of a platform with a crisis history (TrustModel.crisis_history)
            worse = model.crisis_history(plat.index, inc.start)
            model.newsworthy(plat.index, -self.severity * worse, inc.headline, rumour=True)


@register_crisis("abscond")
class Abscond(Crisis):
    """The operators of a pooled-fund platform flee with the pool (report §3.1).

    The incident (``abscond``) is the platform's own mechanic (``Platform.abscond``).
    """

    description: ClassVar[str] = "operators of a pooled-fund platform flee with the pool"

    @classmethod
    def target_problem(cls, target: str, traits: dict[str, Any]) -> str | None:  # noqa: D102
        if not traits.get("pooled_fund"):
            return "abscond needs a pooled-fund platform (set pooled_fund: true on it)"
        return None

    def apply(self, model: TrustModel) -> None:  # noqa: D102
        for plat in self.targets(model):
            if plat.alive:
                plat.abscond()  # police recover a share joint_enforcement of the pool


@register_crisis("data_leak")
class DataLeak(Crisis):
    """A system flaw exposes a share of users' private data (report §3.3).

    Also an endogenous hazard: daily chance ``leak_hazard x (1 - security)``, exposing
    10-50 % of the platform's users at severity 0.5.
    """

    description: ClassVar[str] = "a share of a platform's users have their data exposed"
    incidents: ClassVar[tuple[IncidentKind, ...]] = (
        IncidentKind("data_leak", "accidental", review_trait="security"),)
    share: float = Field(0.3, ge=0, le=1, description="share of the platform's users exposed")

    @classmethod
    def daily_hazard(cls, model: TrustModel, platform: Platform) -> float:  # noqa: D102
        return model.p.leak_hazard * (1.0 - platform.security)

    @classmethod
    def from_hazard(cls, model: TrustModel, platform: Platform,  # noqa: D102
                    u: float) -> Crisis:
        return cls(type="data_leak", time=max(int(model.time), 1), target=platform.name,
                   share=0.1 + 0.4 * u, severity=0.5)

    def apply(self, model: TrustModel) -> None:  # noqa: D102
        for plat in self.targets(model):
            if plat.alive:
                self.leak(model, plat)

    def leak(self, model: TrustModel, plat: Platform) -> Incident:
        """Expose the data of a ``share`` of the platform's users (a data-leak incident)."""
        pop = model.population
        j = plat.index
        # One draw per user, keyed by (day, platform): the same leak exposes the same users
        # whatever else happened in the run (an earlier leak takes no draws from this one).
        u = model.streams.keyed("leak", int(model.time), j).random(pop.n)
        idx = np.flatnonzero((pop.holdings[:, j] > 0) & (u < self.share))
        pop.exposed[idx, j] = True
        pop.grievance[idx, j] = True
        harm = 0.02 * float(pop.holdings[idx, j].sum())
        return model.open_incident("data_leak", j, severity=self.severity, affected=idx,
                                   harm=harm,
                                   headline=f"Data of {len(idx):,} {plat.name} users leaked")


@register_crisis("false_advertising_exposed")
class FalseAdvertisingExposed(Crisis):
    """Exaggerated yields come out; misled users want refunds (report §3.2)."""

    description: ClassVar[str] = "exaggerated advertised yields are exposed"
    incidents: ClassVar[tuple[IncidentKind, ...]] = (
        IncidentKind("false_advertising", "preventable", integrity=True,
                     review_trait="compliance"),)

    def apply(self, model: TrustModel) -> None:  # noqa: D102
        pop = model.population
        for plat in self.targets(model):
            if not plat.alive:
                continue
            j = plat.index
            held = pop.holdings[:, j]
            who = (held > 0).nonzero()[0]
            gap = max(plat.advertised_yield - plat.true_yield, 0.0)
            harm = 0.5 * gap * float(held[who].sum())
            if gap > 0:  # misled holders have a grievance: some complain to the regulator
                pop.grievance[who, j] = True
            plat.advertised_yield = plat.true_yield  # the ads stop
            model.open_incident("false_advertising", j, severity=self.severity, public=True,
                                affected=who, harm=harm,
                                headline=f"{plat.name} exaggerated its yields")


@register_crisis("compliance_violation")
class ComplianceViolation(Crisis):
    """A violation comes out, found by the regulator or leaked (report §3.4).

    The regulator's inspections open the same kind of incident when they find one.
    """

    description: ClassVar[str] = "a compliance violation, found by the regulator or leaked"
    incidents: ClassVar[tuple[IncidentKind, ...]] = (
        IncidentKind("compliance_violation", "preventable", integrity=True,
                     review_trait="compliance"),)
    found_by: Literal["regulator", "leak"] = Field("regulator")

    def apply(self, model: TrustModel) -> None:  # noqa: D102
        for plat in self.targets(model):
            if not plat.alive:
                continue
            plat.compliance = min(plat.compliance, model.regulator.standard - 0.2 * self.severity)
            if self.found_by == "regulator":
                model.regulator.order_rectification(plat, self.severity)
            else:
                model.open_incident("compliance_violation", plat.index,
                                    severity=self.severity, public=True,
                                    headline=f"leaked papers show {plat.name} broke the rules")
                model.regulator.inspect_soon(plat)


@register_crisis("regulatory_tightening")
class RegulatoryTightening(Crisis):
    """Standards rise; platforms below them must rectify or exit (report §1, §7)."""

    description: ClassVar[str] = "compliance standards rise; laggards must rectify or exit"
    raise_by: float = Field(0.2, ge=0, le=1, description="rise of the compliance standard")

    def apply(self, model: TrustModel) -> None:  # noqa: D102
        reg = model.regulator
        reg.standard = min(1.0, reg.standard + self.raise_by)
        model.newsworthy(None, -0.2 * self.severity, "regulator tightens the rules for "
                         "online lending", confirmed=True)
        for plat in self.targets(model):
            if plat.alive:
                reg.inspect_soon(plat)


@register_crisis("positive_news")
class PositiveNews(Crisis):
    """Good news about a platform (or the sector): an award, a strong audit."""

    description: ClassVar[str] = "good news about a platform or the sector"
    incidents: ClassVar[tuple[IncidentKind, ...]] = (
        IncidentKind("positive_news", "victim", respond=False, good_news=True),)

    def apply(self, model: TrustModel) -> None:  # noqa: D102
        if self.target == "all":
            model.newsworthy(None, self.severity, "good news for online finance",
                             confirmed=True)
            return
        for plat in self.targets(model):
            if plat.alive:
                model.open_incident("positive_news", plat.index, severity=self.severity,
                                    public=True, confirmed=True,
                                    headline=f"good news for {plat.name}")


@register_crisis("outage")
class Outage(Crisis):
    """Systems down: no withdrawals for ``duration`` days (operational risk, report §2).

    Also an endogenous hazard: daily chance ``outage_hazard x (1 - risk_management)``,
    lasting 1-3 days.
    """

    description: ClassVar[str] = "systems down: withdrawals impossible for some days"
    incidents: ClassVar[tuple[IncidentKind, ...]] = (
        IncidentKind("outage", "accidental", review_trait="risk_management"),)
    duration: int = Field(3, ge=1, le=365)

    @classmethod
    def daily_hazard(cls, model: TrustModel, platform: Platform) -> float:  # noqa: D102
        return model.p.outage_hazard * (1.0 - platform.risk_management)

    @classmethod
    def from_hazard(cls, model: TrustModel, platform: Platform,  # noqa: D102
                    u: float) -> Crisis:
        return cls(type="outage", time=max(int(model.time), 1), target=platform.name,
                   duration=1 + int(3 * u))

    def apply(self, model: TrustModel) -> None:  # noqa: D102
        for plat in self.targets(model):
            if plat.alive:
                plat.outage_until = float(model.time) + self.duration
                model.open_incident(
                    "outage", plat.index, severity=min(0.5, 0.1 * self.duration),
                    public=True, harm=0.001 * self.duration * plat.owed,
                    headline=f"{plat.name} systems down for {self.duration} days")


@register_crisis("default_spike")
class DefaultSpike(Crisis):
    """A bad cohort of loans: defaults multiply for 60 days (weak risk management, report §2).

    An endogenous hazard: daily chance ``credit_hazard x (1 - risk_management)``, not
    within 60 days of the last spike on the platform; the default rate rises 2-6 fold.
    """

    description: ClassVar[str] = "a bad cohort of loans: defaults rise for 60 days"
    incidents: ClassVar[tuple[IncidentKind, ...]] = (
        IncidentKind("default_spike", "preventable", review_trait="risk_management"),)
    duration: int = Field(60, ge=1, le=20_000)
    factor: float = Field(4.0, ge=1, le=100, description="default rate multiplier")

    @classmethod
    def daily_hazard(cls, model: TrustModel, platform: Platform) -> float:  # noqa: D102
        recent = any(i.kind == "default_spike" and model.time - i.start < 60
                     for i in platform.incidents)
        return 0.0 if recent else model.p.credit_hazard * (1.0 - platform.risk_management)

    @classmethod
    def from_hazard(cls, model: TrustModel, platform: Platform,  # noqa: D102
                    u: float) -> Crisis:
        return cls(type="default_spike", time=max(int(model.time), 1), target=platform.name,
                   factor=2.0 + 4.0 * u, severity=0.3 + 0.4 * u)

    def apply(self, model: TrustModel) -> None:  # noqa: D102
        for plat in self.targets(model):
            if plat.alive:
                plat.add_credit_shock(self.factor, model.time + self.duration)
                model.open_incident("default_spike", plat.index, severity=self.severity,
                                    headline=f"Loan defaults surge at {plat.name}")


@register_crisis("leak_fraud")
class LeakFraud(Crisis):
    """Fraudsters use leaked data against the platform's exposed users (report §3.3).

    For ``duration`` days from the day after it fires, each exposed user still in the
    sector is defrauded with daily chance ``rate`` and loses ``loss_share`` of the cash in
    hand, for good; victims blame the platform (bad private evidence about it and a
    complaint). The incident is public from the start (victims report it); its harm, the
    base of any compensation, is the expected loss.
    """

    description: ClassVar[str] = "fraud against users whose data leaked, over the following weeks"
    incidents: ClassVar[tuple[IncidentKind, ...]] = (
        IncidentKind("leak_fraud", "accidental", review_trait="security", consequence=True),)
    duration: int = Field(42, ge=1, le=3650)
    rate: float = Field(0.01, ge=0, le=1, description="daily chance an exposed user is defrauded")
    loss_share: float = Field(0.2, ge=0, le=1, description="share of a victim's cash lost")

    def apply(self, model: TrustModel) -> None:  # noqa: D102
        pop = model.population
        for plat in self.targets(model):
            who = np.flatnonzero(pop.exposed[:, plat.index] & pop.active)
            expected = (self.loss_share * float(pop.cash[who].sum())
                        * (1.0 - (1.0 - self.rate) ** self.duration))
            model.open_incident("leak_fraud", plat.index, severity=self.severity, public=True,
                                affected=who, harm=expected,
                                headline=f"fraudsters target leaked {plat.name} users")

    def each_day(self, model: TrustModel) -> None:  # noqa: D102
        pop = model.population
        u = model.streams["fraud"].random(pop.n)  # its own stream: a fixed count a day
        for plat in self.targets(model):
            j = plat.index
            hit = np.flatnonzero(pop.exposed[:, j] & pop.active & (u < self.rate))
            if not len(hit):
                continue
            lost = self.loss_share * pop.cash[hit]
            pop.cash[hit] -= lost
            pop.losses[hit] += lost
            model.ledger["outside"] += float(lost.sum())
            pop.shock[hit, j] -= 0.5 * self.severity
            pop.grievance[hit, j] = True
