"""TrustModel: the Mesa model wiring users, platforms, media and a regulator, day by day.

Core object: :class:`TrustModel`. This module holds the wiring and the documented step
order only; the rules live in ``population`` (users), ``agents`` (platforms, media,
regulator), ``response`` (crisis communication) and ``crises`` (scheduled shocks).
"""

from __future__ import annotations

import math
from typing import Any

import mesa
import numpy as np
import pandas as pd
from mesa.experimental.scenarios import Scenario as MesaScenario

from trustsim import mesa_world, metrics, reference, response
from trustsim.agents.media import MediaOutlet
from trustsim.agents.platform import Platform
from trustsim.agents.regulator import Regulator
from trustsim.agents.user import User
from trustsim.events import Incident
from trustsim.network import build_graph
from trustsim.population import (
    IGNORANT,
    OUTLET_KINDS,
    SPREADER,
    STIFLER,
    Draws,
    Population,
    Signals,
    act,
    spread_stories,
    update_trust,
)
from trustsim.rng import Streams
from trustsim.scenario import Scenario, resolve

__all__ = ["TrustModel"]


class TrustModel(mesa.Model):
    """User trust in internet-finance platforms: formation, collapse and rebuilding.

    One step is one day. :meth:`step` runs eight phases, in this order:

    1. ``fire_crises`` -- scheduled crises fire; endogenous hazards (data leaks from weak
       security, outages from weak operations, default spikes from weak risk management)
       are drawn.
    2. ``operate_platforms`` -- loans repay or default, yield accrues, withdrawals are paid
       from liquidity (unpaid requests queue), insolvent platforms fail, distressed
       pooled-fund platforms may abscond.
    3. ``communicate`` -- platforms respond to incidents per their strategy, pay
       compensation and spend on prevention and rebuilding.
    4. ``publish_news`` -- media report what they observed, social media may start rumours,
       news and rumours spread user to user.
    5. ``update_trust`` -- users update trust (vectorised): experience, news, statements,
       regulator signals, neighbours; losses weigh more than gains; sector contagion.
    6. ``act`` -- users run, withdraw, invest, switch, complain or leave.
    7. ``supervise`` -- the regulator inspects, penalises, orders rectification, closes,
       publishes ratings; policy may tighten.
    8. ``record`` -- model-level metrics are recorded.

    Args:
        scenario: a :class:`~trustsim.scenario.Scenario`, a bundled scenario name or a path
            to a YAML file; ``None`` for the default world. Mesa's Reset passes a Mesa
            ``Scenario`` of the class ``model.scenario`` has, which rebuilds the same world
            (:mod:`trustsim.mesa_world`); any other Mesa ``Scenario`` means the default.
        strategy: a named strategy bundle or a dict of lever values.
        rng: seed (int), ``SeedSequence`` or ``numpy.random.Generator``.
        **params: flat parameter overrides (see :class:`~trustsim.params.Params`).

    Attributes:
        p: the resolved :class:`~trustsim.params.Params`.
        population: columnar user state; graph: the social graph.
        platforms, outlets: lists of agents; regulator: the regulator.
        streams: named random streams; ledger: money outside users and platforms.
        incidents: every incident so far; events: the event log (news feed, timeline).

    Example:
        >>> m = TrustModel(n_users=200, steps=20, rng=1).run()
        >>> round(m.summary()["final_trust"], 2) <= 1.0
        True
    """

    def __init__(self, scenario: Scenario | str | None = None, strategy: Any = None, *,
                 rng: Any = None, **params: Any) -> None:
        if isinstance(scenario, MesaScenario):
            # Mesa's tools (SolaraViz's Reset) rebuild a model from the class of its Mesa
            # scenario: ours remembers the world (mesa_world); any other is the default.
            scenario, strategy, params, rng = mesa_world.recall(scenario, strategy, params,
                                                                rng)
        spec = resolve(scenario, strategy, params)
        seed = _seed_of(rng)
        super().__init__(rng=seed)
        self.scenario = mesa_world.remember(spec.scenario, strategy, params, seed)
        self.spec = spec
        self.p = spec.params
        self.strategy_name = spec.strategy_name
        self.streams = Streams(np.random.SeedSequence(seed))
        p = self.p
        traits = spec.platform_traits()
        shares = np.array([t["market_share"] for t in traits])
        self.population = Population.create(p.n_users, shares, p, self.streams["users"])
        self._draw_rows: dict[str, Any] = {}  # today's draws, rewritten every day (Draws)
        self.graph = build_graph(p.network, p.n_users, p.mean_degree, p.rewire_prob,
                                 self.streams["network"])
        self.ledger = {"outside": 0.0, "fund": 0.0}
        self.macro_multiplier = 1.0
        self.need_multiplier = 1.0
        self.platforms = [Platform(self, j, tr) for j, tr in enumerate(traits)]
        self.regulator = Regulator(self)
        reach = {"official": p.official_reach, "mainstream": p.mainstream_reach,
                 "social": p.social_reach}
        self.outlets = [MediaOutlet(self, k, kind, reach[kind])
                        for k, kind in enumerate(OUTLET_KINDS)]
        self.users = [User(self, i) for i in range(p.n_users)]
        self.incidents: list[Incident] = []
        self.events: list[dict] = []
        self.public_events: list[dict] = []
        self.news_today: list = []
        self.story_value = np.zeros(len(self.platforms))
        self.pending_ratings = np.full(len(self.platforms), np.nan)
        self.complaints = np.zeros(len(self.platforms))
        self.flows = metrics.new_flows()
        self.signals = Signals.quiet(len(self.platforms))
        self.totals = None
        self.crises = spec.build_crises()  # held here: Mesa keeps event callbacks weakly
        for crisis in self.crises:
            crisis.schedule(self)
        self._due: list = []
        self.initial_money = self.money_total()
        self.recorder = metrics.Recorder(self)
        self.datacollector = self.recorder  # Mesa's batch_run reads model.datacollector
        self.recorder.collect(self)

    # ----------------------------------------------------------------------- the step
    def step(self) -> None:
        """Advance one day through the eight phases (see the class docstring)."""
        self.begin_day()
        self.fire_crises()
        self.operate_platforms()
        self.communicate()
        self.publish_news()
        self.update_trust()
        self.act()
        self.supervise()
        self.record()

    def begin_day(self) -> None:
        """Reset daily flows and draw the users' random numbers for today."""
        n_p = len(self.platforms)
        self.flows = metrics.new_flows()
        for plat in self.platforms:
            plat.reset_flows()
        self.news_today = []
        self.signals = Signals.quiet(n_p)
        self.signals.regulator[:] = self.regulator.take_signal()
        self.signals.rating[:] = self.pending_ratings
        self.pending_ratings[:] = np.nan
        self.signals.outlet_credibility[:] = [o.credibility for o in self.outlets]
        self.draws = Draws.draw(self.streams["actions"], self.population.n,
                                self._draw_rows)

    def fire_crises(self) -> None:
        """Phase 1: apply crises that came due, then draw endogenous hazards."""
        due, self._due = self._due, []
        for crisis in due:
            crisis.apply(self)
        for crisis in self.crises:
            crisis.each_day(self)
        p = self.p
        draws = self.streams["hazards"].random((len(self.platforms), 4))  # fixed count
        for plat, u in zip(self.platforms, draws, strict=True):
            if not plat.alive:
                continue
            weak = 1.0 - plat.risk_management
            if u[0] < p.leak_hazard * (1.0 - plat.security):
                self.leak(plat, share=0.1 + 0.4 * u[3], severity=0.5)
            if u[1] < p.outage_hazard * weak:
                self.outage(plat, days=1 + int(3 * u[3]))
            if u[2] < p.credit_hazard * weak and not self._recent(plat, "default_spike"):
                # Weak risk management lets a bad cohort of loans through (report §2).
                plat.add_credit_shock(2.0 + 4.0 * u[3], self.time + 60)
                self.open_incident("default_spike", plat.index, severity=0.3 + 0.4 * u[3],
                                   headline=f"Loan defaults surge at {plat.name}")

    def operate_platforms(self) -> None:
        """Phase 2: yield accrues, then every platform runs its books (:meth:`Platform.operate`).

        Users' claims grow by the yield credited, on every platform at once; money asked
        back earns nothing more, and frozen or dead platforms credit nothing.
        """
        pop = self.population
        rate = np.array([pl.true_yield / 365.0 if pl.alive and pl.status != "frozen" else 0.0
                         for pl in self.platforms])
        if self.p.engine == "compiled":
            from trustsim import kernels  # the same update and sums in one compiled pass

            owed, requested, queued_users = kernels.credit_yield(pop, rate)
        else:
            if rate.any():
                pop.holdings += (pop.holdings - pop.queued) * rate
            owed = np.einsum("ij->j", pop.holdings)
            requested = np.einsum("ij->j", pop.queued)
            queued_users = [None] * len(self.platforms)
        for plat in self.platforms:
            plat.operate(float(owed[plat.index]), float(requested[plat.index]),
                         queued_users[plat.index])
            self.flows["paid"] += plat.paid
            self.flows["requested_total"] += plat.requested

    def communicate(self) -> None:
        """Phase 3: statements, compensation, prevention and rebuilding spending."""
        for plat in self.platforms:
            if plat.alive:
                response.communicate(plat, self.signals)
                response.pay_compensation(plat)
                response.invest(plat, self.signals)
                response.review(plat)
        if self.p.education_campaign > 0:
            lit = self.population.literacy
            lit += self.p.education_campaign / 365.0 * (1.0 - lit)

    def publish_news(self) -> None:
        """Phase 4: disclosures, media discovery, media items, word of mouth."""
        p = self.p
        t = self.time
        for inc in self.incidents:
            hidden = not inc.is_public and inc.real
            if hidden and self.streams.uniform("discovery", t, *inc.key) < p.leak_discovery:
                self.make_public(inc, by="media")
        if p.disclosure_mandate and int(t) % 30 == 0:
            for plat in self.platforms:
                if plat.alive:
                    self.newsworthy(plat.index, float(np.clip(2 * (plat.health() - 0.6), -1, 1)),
                                    f"{plat.name} publishes its monthly disclosure",
                                    confirmed=True)
        for outlet in self.outlets:
            outlet.publish(self.signals)
        self.public_events = [e for e in self.public_events if t - e["time"] <= 10]
        self.signals.story_value[:] = self.story_value
        if p.engine == "reference":
            self._newly = reference.spread_stories(self, p.rumour_contact_rate)
        elif p.engine == "compiled":
            from trustsim import kernels

            self._newly = kernels.spread_stories(self.population, self.graph,
                                                 p.rumour_contact_rate, self.draws)
        else:
            self._newly = spread_stories(self.population, self.graph, p.rumour_contact_rate,
                                         self.draws)

    def update_trust(self) -> None:
        """Phase 5: every user's trust in every platform (vectorised)."""
        sig = self.signals
        sig.yield_ok[:] = [pl.pays_out for pl in self.platforms]
        sig.accepting[:] = [pl.accepting for pl in self.platforms]
        sig.true_yield[:] = [pl.true_yield for pl in self.platforms]
        sig.advertised_yield[:] = [pl.advertised_yield for pl in self.platforms]
        sig.guarantee = self.p.guarantee_coverage
        sig.need_rate = min(1.0, self.p.liquidity_need_rate * self.need_multiplier)
        if self.p.engine == "reference":
            reference.update_trust(self, self._newly)
        elif self.p.engine == "compiled":
            from trustsim import kernels  # numba: imported only when asked for

            kernels.update_trust(self.population, self.graph, sig, self.p, self.draws,
                                 self._newly)
        else:
            update_trust(self.population, self.graph, sig, self.p, self.draws, self._newly)

    def act(self) -> None:
        """Phase 6: users run, withdraw, invest, switch, complain or leave."""
        open_ = np.array([pl.alive for pl in self.platforms])
        if self.p.engine == "reference":
            totals = reference.act(self, open_)
        elif self.p.engine == "compiled":
            from trustsim import kernels

            totals = kernels.act(self.population, self.graph, self.signals, self.p, self.draws,
                                 open_)
        else:
            totals = act(self.population, self.graph, self.signals, self.p, self.draws, open_)
        for plat in self.platforms:
            plat.liquidity += totals.invested[plat.index]
            plat.inflow = float(totals.invested[plat.index])
        self.complaints = totals.complaints
        self.totals = totals

    def supervise(self) -> None:
        """Phase 7: the regulator's round."""
        self.regulator.supervise()

    def record(self) -> None:
        """Phase 8: record model-level metrics; stop at the end of the run."""
        self.recorder.collect(self)
        if self.time >= self.p.steps:
            self.running = False

    # ----------------------------------------------------------------------- running
    def run(self, steps: int | None = None) -> TrustModel:
        """Run to the end of the scenario (or ``steps`` more days) and return the model."""
        n = self.p.steps - int(self.time) if steps is None else steps
        for _ in range(max(n, 0)):
            self.step()
        return self

    # ----------------------------------------------------------------------- helpers
    def money_total(self) -> float:
        """All money in the model: users' cash, platforms' liquidity and loans, accounts."""
        return (float(self.population.cash.sum())
                + sum(pl.liquidity + pl.loans for pl in self.platforms)
                + self.ledger["fund"] + self.ledger["outside"])

    def log_event(self, kind: str, platform: int | None, text: str, **extra: Any) -> None:
        """Append to the event log (the dashboard's timeline and news feed read it)."""
        self.events.append({"time": float(math.ceil(self.time)), "kind": kind, "platform": platform,
                            "text": text, **extra})

    def newsworthy(self, platform: int | None, sentiment: float, headline: str, *,
                   confirmed: bool = False, rumour: bool = False, thunder: bool = False) -> None:
        """Make an event available to media outlets from today."""
        self.public_events.append({"id": len(self.events), "time": float(self.time),
                                   "platform": platform, "sentiment": sentiment,
                                   "headline": headline, "confirmed": confirmed,
                                   "rumour": rumour, "thunder": thunder})
        self.log_event("news_source", platform, headline, sentiment=sentiment)

    def open_incident(self, kind: str, platform: int, *, severity: float, public: bool = False,
                      confirmed: bool = False, real: bool = True, headline: str = "",
                      affected: np.ndarray | None = None, harm: float = 0.0) -> Incident:
        """Start an incident on a platform; it becomes news once public."""
        plat = self.platforms[platform]
        t = float(self.time)
        lag = 0 if (public or self.p.early_warning) else round(7 * (1 - plat.risk_management))
        inc = Incident(kind=kind, platform=platform, start=t, severity=severity, real=real,
                       known_at=t + lag if real else t, headline=headline or kind,
                       affected=affected, harm=harm, id=len(self.incidents))
        self.incidents.append(inc)
        plat.incidents.append(inc)
        self.log_event("incident", platform, inc.headline, incident=kind, severity=severity)
        if public:
            self.make_public(inc, by="regulator" if confirmed else "public")
        return inc

    def make_public(self, inc: Incident, by: str) -> None:
        """The public learns of an incident: news sources get it; affected users feel it."""
        if inc.is_public:
            return
        inc.public_at = float(self.time)
        sentiment = inc.severity if inc.kind == "positive_news" else -inc.severity
        self.newsworthy(inc.platform, sentiment, inc.headline,
                        confirmed=by in ("regulator", "platform") or inc.kind in
                        ("failure", "abscond", "run"), rumour=not inc.real,
                        thunder=inc.thunder)
        if inc.affected is not None and len(inc.affected):
            self.population.shock[inc.affected, inc.platform] -= 0.5 * inc.severity

    def seed_story(self, platform: int, value: float, outlet: int) -> None:
        """Start (or feed) a word-of-mouth story about a platform among an outlet's audience."""
        heard = self.population.heard[:, platform]
        if not (heard == SPREADER).any():
            heard[:] = IGNORANT
            self.story_value[platform] = value
        elif abs(value) > abs(self.story_value[platform]):
            self.story_value[platform] = value
        audience = self.population.audience[:, outlet] & self.population.active
        heard[audience & (heard == IGNORANT)] = SPREADER

    def refute_story(self, platform: int, strength: float) -> None:
        """Refute a story officially: official-channel spreaders stop, the story weakens.

        What the story still tells newcomers shrinks by ``strength`` (0-1).
        """
        pop = self.population
        heard = pop.heard[:, platform]
        heard[(heard == SPREADER) & pop.audience[:, 0]] = STIFLER
        self.story_value[platform] *= 1.0 - strength

    def leak(self, plat: Platform, share: float, severity: float) -> Incident:
        """Expose the data of a share of a platform's users (a data-leak incident)."""
        pop = self.population
        j = plat.index
        u = self.streams["crises"].random(pop.n)  # one draw per user: a stable count
        idx = np.flatnonzero((pop.holdings[:, j] > 0) & (u < share))
        pop.exposed[idx, j] = True
        pop.grievance[idx, j] = True
        harm = 0.02 * float(pop.holdings[idx, j].sum())
        return self.open_incident("data_leak", j, severity=severity, affected=idx, harm=harm,
                                  headline=f"Data of {len(idx):,} {plat.name} users leaked")

    def outage(self, plat: Platform, days: int) -> Incident:
        """Systems down: no withdrawals for ``days`` days (an operational-risk incident)."""
        plat.outage_until = float(self.time) + days
        harm = 0.001 * days * plat.owed
        return self.open_incident("outage", plat.index, severity=min(0.5, 0.1 * days),
                                  public=True, harm=harm,
                                  headline=f"{plat.name} systems down for {days} days")

    def _recent(self, plat: Platform, kind: str, days: float = 60) -> bool:
        return any(i.kind == kind and self.time - i.start < days for i in plat.incidents)

    # ----------------------------------------------------------------------- outputs
    def timeseries(self) -> pd.DataFrame:
        """One row per day (day 0 = start): the columns of :data:`metrics.MODEL_COLUMNS`."""
        return self.recorder.model_frame()

    def platform_timeseries(self) -> pd.DataFrame:
        """One row per platform per day: :data:`metrics.PLATFORM_COLUMNS`."""
        return self.recorder.platform_frame()

    def summary(self) -> dict[str, float]:
        """Scalar outcomes of the run (see :func:`metrics.summarise`)."""
        return metrics.summarise(self)

    def __repr__(self) -> str:
        return (f"TrustModel(t={int(self.time)}/{self.p.steps}; users={self.p.n_users:,}; "
                f"platforms={len(self.platforms)}; crises={len(self.crises)}; "
                f"strategy={self.strategy_name})")


def _seed_of(rng: Any) -> int:
    """Turn any accepted ``rng`` value into one integer seed for all named streams."""
    if rng is None:
        return int(np.random.SeedSequence().generate_state(1, np.uint64)[0] >> 1)
    if isinstance(rng, np.random.Generator):
        return int(rng.integers(0, 2**63 - 1))
    if isinstance(rng, np.random.SeedSequence):
        return int(rng.generate_state(1, np.uint64)[0] >> 1)
    if isinstance(rng, (int, np.integer)):
        return int(rng)
    raise TypeError(f"rng must be an int, SeedSequence or Generator, not {type(rng).__name__}")
