"""Crisis event types (a registry) and how they fire through Mesa's event scheduling.

Core objects: :class:`Crisis` (the shared lifecycle: ``schedule`` -> ``fire`` -> ``apply``
-> ``each_day`` -> ``finish``; ``to_dict``/``from_dict``), :func:`register_crisis` and
:data:`CRISES`. A scenario file names a crisis by its ``type:``; the fields of each class
are the keys that type accepts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

if TYPE_CHECKING:
    from trustsim.agents.platform import Platform
    from trustsim.model import TrustModel

__all__ = ["CRISES", "Crisis", "register_crisis", "crisis_from_dict"]

CRISES: dict[str, type[Crisis]] = {}


def register_crisis(name: str):
    """Class decorator: register a crisis type under ``name`` (its ``type:`` in files)."""

    def wrap(cls: type[Crisis]) -> type[Crisis]:
        cls.type_name = name
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
    type_name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    needs_target: ClassVar[bool] = True

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

    # -- lifecycle ----------------------------------------------------------------------
    def schedule(self, model: TrustModel) -> None:
        """Register the firing (and ending) with Mesa's event list (``Model.schedule_event``).

        The model holds this object (Mesa keeps event callbacks by weak reference).
        """
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
        m.log_event("crisis", None, f"Crisis fires: {self.type} on {self.target_label()}",
                    crisis=self.type, severity=self.severity)

    def end(self) -> None:
        """Mesa event callback at ``time + duration``: undo lasting effects."""
        if not self._ended and self._fired:
            self._ended = True
            self.finish(self._model)

    def apply(self, model: TrustModel) -> None:
        """Take effect (phase 1 of the day the crisis fires)."""
        raise NotImplementedError

    def each_day(self, model: TrustModel) -> None:
        """Act once a day while active (default: nothing)."""

    def finish(self, model: TrustModel) -> None:
        """Undo lasting effects at the end of ``duration`` (default: nothing)."""

    # -- helpers ------------------------------------------------------------------------
    def target_label(self) -> str:
        """Readable target."""
        return self.target if isinstance(self.target, str) else ", ".join(self.target)

    def targets(self, model: TrustModel) -> list[Platform]:
        """The platforms this crisis hits (alive or not)."""
        if self.target == "all":
            return list(model.platforms)
        names = [self.target] if isinstance(self.target, str) else self.target
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


@register_crisis("default_wave")
class DefaultWave(Crisis):
    """Credit shock: borrowers default more for ``duration`` days (report §3.1)."""

    description: ClassVar[str] = "credit shock: loan defaults rise for a period"
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
            model.newsworthy(plat.index, -self.severity, inc.headline, rumour=True)


@register_crisis("abscond")
class Abscond(Crisis):
    """The operators of a pooled-fund platform flee with the pool (report §3.1)."""

    description: ClassVar[str] = "operators of a pooled-fund platform flee with the pool"

    def apply(self, model: TrustModel) -> None:  # noqa: D102
        for plat in self.targets(model):
            if not plat.alive:
                continue
            if model.streams.uniform("enforcement", model.time, plat.index) < \
                    model.p.joint_enforcement:
                plat.fail("operators caught fleeing; pool seized")
            else:
                plat.abscond()


@register_crisis("data_leak")
class DataLeak(Crisis):
    """A system flaw exposes a share of users' private data (report §3.3)."""

    description: ClassVar[str] = "a share of a platform's users have their data exposed"
    share: float = Field(0.3, ge=0, le=1, description="share of the platform's users exposed")

    def apply(self, model: TrustModel) -> None:  # noqa: D102
        for plat in self.targets(model):
            if plat.alive:
                model.leak(plat, self.share, self.severity)


@register_crisis("false_advertising_exposed")
class FalseAdvertisingExposed(Crisis):
    """Exaggerated yields come out; misled users want refunds (report §3.2)."""

    description: ClassVar[str] = "exaggerated advertised yields are exposed"

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
            plat.advertised_yield = plat.true_yield  # the ads stop
            model.open_incident("false_advertising", j, severity=self.severity, public=True,
                                affected=who, harm=harm,
                                headline=f"{plat.name} exaggerated its yields")


@register_crisis("compliance_violation")
class ComplianceViolation(Crisis):
    """A violation comes out, found by the regulator or leaked (report §3.4)."""

    description: ClassVar[str] = "a compliance violation, found by the regulator or leaked"
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
    """Systems down: no withdrawals for ``duration`` days (operational risk, report §2)."""

    description: ClassVar[str] = "systems down: withdrawals impossible for some days"
    duration: int = Field(3, ge=1, le=365)

    def apply(self, model: TrustModel) -> None:  # noqa: D102
        for plat in self.targets(model):
            if plat.alive:
                model.outage(plat, self.duration)
