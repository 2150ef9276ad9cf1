"""TrustModel: the Mesa model wiring users, platforms, media and a regulator, day by day.

Core object: :class:`TrustModel`. This module holds the wiring and the documented step
order only; the rules live in ``population`` (users), ``agents`` (platforms, media,
regulator), ``response`` (crisis communication) and ``crises`` (scheduled shocks).
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator
from typing import Any

import mesa
import numpy as np
import pandas as pd
from mesa.experimental.scenarios import Scenario as MesaScenario

from trustsim import mesa_world, metrics, response
from trustsim.agents.media import MediaOutlet
from trustsim.agents.platform import Platform
from trustsim.agents.regulator import Regulator
from trustsim.agents.user import User
from trustsim.crises import Crisis, draw_hazards
from trustsim.events import Incident, incident_kind
from trustsim.kernels import draw_arrays, make_engine
from trustsim.network import build_graph
from trustsim.population import (
    IGNORANT,
    OUTLET_KINDS,
    SPREADER,
    STIFLER,
    Population,
    Signals,
)
from trustsim.rng import Streams
from trustsim.scenario import Scenario, ScenarioError, resolve

__all__ = ["TrustModel", "CRISIS_MEMORY_DAYS", "CRISIS_GAP_DAYS"]

CRISIS_MEMORY_DAYS = 365.0
"""E-folding time of a crisis in a platform's history (:meth:`TrustModel.crisis_history`):
a crisis a year ago counts a third as much as one last week. An assumption; Coombs &
Holladay (2004) measured history as past crises, not their age."""

CRISIS_GAP_DAYS = 30.0
"""A platform's incident is history for a later one only if it went public at least this
many days before the later one began: incidents less than a month apart are stages of one
episode (a default wave, the spike it brings), which must not compound. An assumption."""


class TrustModel(mesa.Model):
    """User trust in internet-finance platforms: formation, collapse and rebuilding.

    One step is one day. :meth:`step` runs eight phases, in this order:

    1. ``fire_crises`` -- scheduled crises fire; endogenous hazards (data leaks from weak
       security, outages from weak operations, default spikes from weak risk management)
       are drawn.
    2. ``operate_platforms`` -- yield accrues, loans repay or default, withdrawals are paid
       from liquidity (unpaid requests queue), insolvent platforms fail, distressed
       pooled-fund platforms may abscond.
    3. ``communicate`` -- platforms respond to incidents per their strategy, pay
       compensation and spend on prevention and rebuilding.
    4. ``publish_news`` -- media report what they observed, social media may start rumours,
       news and rumours spread user to user.
    5-6. ``update_trust_and_act`` -- each user updates trust (experience, news, statements,
       regulator signals, neighbours; losses weigh more than gains; sector contagion), then
       acts on it: runs, withdraws, invests, switches, complains or leaves. One compiled
       pass over users (``trustsim.kernels``) composing the rules of ``trustsim.rules``;
       neighbours are read as they were at the start of the pass.
    7. ``supervise`` -- the regulator inspects, penalises, orders rectification, closes,
       publishes ratings; policy may tighten.
    8. ``record`` -- model-level metrics are recorded.

    Args:
        scenario: a :class:`~trustsim.scenario.Scenario`, a bundled scenario name or a path
            to a YAML file; ``None`` for the default world. Mesa's Reset passes a Mesa
            ``Scenario`` of the class ``model.scenario`` has, which rebuilds the same world
            (:mod:`trustsim.mesa_world`); any other Mesa ``Scenario`` means the default.
        strategy: a named strategy bundle or a dict of lever values; ``None`` takes the
            scenario's own ``strategy:``, else the parameter defaults (the levers of
            ``usual_response``), not the ``do_nothing`` that ``trustsim run`` uses when no
            strategy is named.
        rng: seed (int), ``SeedSequence`` or ``numpy.random.Generator``; ``None`` takes
            fresh entropy from the operating system.
        **params: flat parameter overrides (see :class:`~trustsim.params.Params`).

    Attributes:
        p: the resolved :class:`~trustsim.params.Params`.
        trustsim_scenario: the trustsim scenario (Mesa's ``scenario`` is Mesa's own).
        engine: the engine running the user phases (chosen once, here).
        users: every user as a Mesa ``User`` agent (made on first use).
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
        if "seed" in params:  # Mesa 3's old keyword; Mesa 4 drops it (trial: "unknown key")
            raise ScenarioError("TrustModel takes its seed as rng= (a whole number, a "
                                "SeedSequence or a Generator), as Mesa does", key="seed",
                                value=params["seed"], suggestion="rng")
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
        self.engine = make_engine(p.engine, p.n_users)  # chosen once, here
        self.population = Population.create(
            p.n_users, shares, p, self.streams["users"],
            advertised=np.array([t["advertised_yield"] for t in traits]))
        self.actions_key = self.streams.key("actions")  # users' draws (primitives.uniform)
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
        self._users: list[User] | None = None  # User agents, made on first use (users)
        self.current_users_phase = None  # open phases 5-6 (User.step reads it)
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
        self.struck: list[Crisis] = []  # unscheduled crises (hazards) that struck
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
        self.update_trust_and_act()
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
        self.draws = draw_arrays(self.actions_key, int(self.time))

    def fire_crises(self) -> None:
        """Phase 1: apply crises that came due, run active ones, draw endogenous hazards."""
        due, self._due = self._due, []
        for crisis in due:
            crisis.take_effect(self)
        for crisis in self.crises + self.struck:
            if crisis.active and crisis not in due:
                crisis.each_day(self)
        draw_hazards(self)

    def hold_crisis(self, crisis: Crisis) -> None:
        """Keep an unscheduled crisis (an endogenous hazard that struck) for its lifetime.

        Mesa holds event callbacks by weak reference: the model must hold the crisis.
        """
        self.struck.append(crisis)

    def operate_platforms(self) -> None:
        """Phase 2: yield accrues, then every platform runs its books (:meth:`Platform.operate`).

        Users earn the yield on every claim not asked back, on every platform at once;
        frozen or dead platforms credit nothing. Users live on what their savings earn: a
        platform pays the share they spend (``yield_spent_share``) out of its liquidity, as
        interest is paid to an investor's account, and adds the rest to their claims. A
        platform whose liquidity could not cover the day's payout adds all of it (users
        then spend out of their cash). Until 2026-12-06 every platform added all of it and
        users spent out of their cash: claims compounded while cash ran down, and money on
        platforms rose about 2 % a year in a calm world (5.2 % in two years, seed 14).
        """
        pop = self.population
        rate = np.array([pl.true_yield / 365.0 if pl.alive and pl.status != "frozen" else 0.0
                         for pl in self.platforms])
        share = self.p.yield_spent_share
        # Today's payout is at most share x rate x yesterday's money owed.
        pays = np.array([pl.liquidity >= share * rate[pl.index] * pl.last_owed
                         for pl in self.platforms], dtype=np.bool_)
        owed, requested, queued_users, spent, paid = self.engine.credit_yield(
            pop, rate, share, pays)
        self.ledger["outside"] += spent + float(paid.sum())  # spent: it leaves the sector
        for plat in self.platforms:
            plat.liquidity -= float(paid[plat.index])
        for plat in self.platforms:
            plat.operate(float(owed[plat.index]), float(requested[plat.index]),
                         queued_users[plat.index])
            self.flows["paid"] += plat.paid
            self.flows["requested_total"] += plat.requested

    def communicate(self) -> None:
        """Phase 3: statements, compensation, prevention and rebuilding spending."""
        campaign = funded = 0.0  # today's education campaign: its cost, and what was paid
        for plat in self.platforms:
            if plat.alive:
                response.communicate(plat, self.signals)
                response.pay_compensation(plat)
                cost, paid = response.invest(plat, self.signals)
                campaign += cost
                funded += paid
                response.review(plat)
        if self.p.education_campaign > 0:
            # The campaign reaches users as far as it was paid for (platforms that cannot
            # pay their part shrink it; with nothing owed anywhere it costs nothing).
            reach = funded / campaign if campaign > 0 else 1.0
            lit = self.population.literacy
            lit += reach * self.p.education_campaign / 365.0 * (1.0 - lit)

    def publish_news(self) -> None:
        """Phase 4: disclosures, media discovery, media items, word of mouth."""
        p = self.p
        t = self.time
        for inc in self.incidents:
            hidden = not inc.is_public and inc.real
            # Media find out sooner about a platform that shows more of its condition.
            chance = p.leak_discovery * (0.5 + self.platforms[inc.platform].transparency)
            if hidden and self.streams.uniform("discovery", t, *inc.key) < chance:
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
        self.newly_heard = self.engine.spread_stories(self.population, self.graph,
                                                      p.rumour_contact_rate, self.draws)
        response.hold_back_words(self)

    def update_trust_and_act(self) -> None:
        """Phases 5-6: every user's trust update, then their actions (one compiled pass)."""
        totals = self.engine.users_day(self.population, self.graph, self._user_signals(),
                                       self.p, self.draws, self.newly_heard,
                                       self._open_platforms())
        self.apply_user_totals(totals)

    def _user_signals(self) -> Signals:
        """Today's signals, completed with what platforms show at the start of phase 5."""
        sig = self.signals
        sig.yield_ok[:] = [pl.pays_out for pl in self.platforms]
        sig.accepting[:] = [pl.accepting for pl in self.platforms]
        sig.true_yield[:] = [pl.true_yield for pl in self.platforms]
        sig.advertised_yield[:] = [pl.advertised_yield for pl in self.platforms]
        for pl in self.platforms:
            pl.promised_yield = max(pl.promised_yield, pl.advertised_yield)
        sig.promised_yield[:] = [pl.promised_yield for pl in self.platforms]
        sig.guarantee = self.p.guarantee_coverage
        sig.need_rate = min(1.0, self.p.liquidity_need_rate * self.need_multiplier)
        sig.short = np.array([pl.short for pl in self.platforms])
        # money owed as operate_platforms left it (its pass summed it; payouts taken off)
        owed = np.array([pl.owed_after for pl in self.platforms])
        sig.distress = np.array([pl.visible_distress(owed[pl.index]) for pl in self.platforms])
        sig.spill = self.spill_matrix(owed)
        return sig

    def spill_matrix(self, owed: np.ndarray | None = None) -> np.ndarray:
        """Contagion between platforms: ``spill[p, q] = c sim(p, q) / (n - 1)``.

        ``sim = 0.6 [same kind] + 0.4 (1 - |r_p - r_q|)`` with ``r`` the published rating
        (the platform's condition before the first rating): failures spread more between
        platforms of the same business and standing (Aharony & Swary 1996; Akhigbe &
        Madura 2001). ``c`` is ``contagion``; alike platforms get all of it. ``owed``: money
        owed by each platform, if summed already.
        """
        plats = self.platforms
        n_p = len(plats)
        if n_p < 2 or self.p.contagion <= 0:
            return np.zeros((n_p, n_p))
        kind = np.array([pl.kind for pl in plats])
        band = np.array([pl.rating if np.isfinite(pl.rating)
                         else pl.health(None if owed is None else owed[pl.index])
                         for pl in plats])
        sim = (0.6 * (kind[:, None] == kind[None, :])
               + 0.4 * (1.0 - np.abs(band[:, None] - band[None, :])))
        np.fill_diagonal(sim, 0.0)
        return self.p.contagion * sim / (n_p - 1)

    def _open_platforms(self) -> np.ndarray:
        """Per platform: withdrawals can still be requested (not failed or absconded)."""
        return np.array([pl.alive for pl in self.platforms])

    def apply_user_totals(self, totals: Any) -> None:
        """Book what users did: new money reaches each platform's liquidity."""
        for plat in self.platforms:
            plat.liquidity += totals.invested[plat.index]
            plat.inflow = float(totals.invested[plat.index])
            if plat.alive:  # (users' new money is owed too: a users' phase opened later reads it)
                plat.owed_after += plat.inflow
        self.complaints = totals.complaints
        self.totals = totals

    @contextlib.contextmanager
    def users_phase(self) -> Iterator[Any]:
        """Open phases 5-6 for stepping users one at a time (:meth:`User.step`).

        Users read their contacts as they were when the phase opened; on leaving, the
        day's totals are booked as the compiled pass books them. Example::

            with model.users_phase():
                model.agents_by_type[User].shuffle_do("step")

        Raises:
            RuntimeError: before the first step (no signals yet), or when nested.
        """
        if self.current_users_phase is not None:
            raise RuntimeError("a users phase is already open")
        if not hasattr(self, "draws"):
            raise RuntimeError("users act on a day's signals: step the model once first")
        phase = self.engine.begin_users(self.population, self.graph, self._user_signals(),
                                        self.p, self.draws, self.newly_heard,
                                        self._open_platforms(), per_agent=True)
        self.current_users_phase = phase
        try:
            yield phase
        finally:
            self.current_users_phase = None
            self.apply_user_totals(phase.finish())

    @property
    def trustsim_scenario(self) -> Scenario:
        """The trustsim :class:`~trustsim.scenario.Scenario` this model was built from.

        (Mesa's own ``model.scenario`` is Mesa's experiment-scenario object, a different
        thing; the trustsim scenario is here, and its resolved parameters in :attr:`p`.)
        """
        return self.spec.scenario

    # ----------------------------------------------------------------------- Mesa agents
    @property
    def users(self) -> list[User]:
        """Every user as a Mesa ``User`` agent (made on first use, then kept).

        Users' state lives in :attr:`population`; the agents are views of its rows. They
        are made when first asked for (here, or through ``agents`` / ``agents_by_type``),
        so a model nobody inspects user by user does not pay for a million of them.
        """
        if self._users is None:
            self._users = []  # set first: registering reads agents_by_type
            self._users.extend(User(self, i) for i in range(self.p.n_users))
        return self._users

    @property
    def agents(self) -> Any:
        """Mesa's set of every agent (users included: they are made on first use)."""
        self.users  # noqa: B018 - made on first use
        return mesa.Model.agents.fget(self)

    @agents.setter
    def agents(self, value: Any) -> None:
        mesa.Model.agents.fset(self, value)

    @property
    def agents_by_type(self) -> dict:
        """Mesa's agents by type (users included: they are made on first use)."""
        self.users  # noqa: B018 - made on first use
        return mesa.Model.agents_by_type.fget(self)

    @property
    def agent_types(self) -> list[type]:
        """Mesa's agent types (``User`` included)."""
        self.users  # noqa: B018 - made on first use
        return mesa.Model.agent_types.fget(self)

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
    def money_total(self, cash: float | None = None) -> float:
        """All money in the model: users' cash, platforms' liquidity and loans, accounts.

        ``cash``: the users' cash summed already (the day's record sums it in its pass).
        """
        users = float(self.population.cash.sum()) if cash is None else cash
        return (users + sum(pl.liquidity + pl.loans for pl in self.platforms)
                + self.ledger["fund"] + self.ledger["outside"])

    def log_event(self, kind: str, platform: int | None, text: str, **extra: Any) -> None:
        """Append to the event log (the dashboard's timeline and news feed read it)."""
        self.events.append({"time": float(math.ceil(self.time)), "kind": kind, "platform": platform,
                            "text": text, **extra})

    def newsworthy(self, platform: int | None, sentiment: float, headline: str, *,
                   confirmed: bool = False, rumour: bool = False, thunder: bool = False,
                   topic: str | None = None) -> None:
        """Make an event available to media outlets from today.

        ``topic`` names what the event is about (an incident's kind; the headline when not
        given); with the day and platform it keys the outlets' noise on their reports.
        """
        self.public_events.append({"id": len(self.events), "time": float(self.time),
                                   "platform": platform, "sentiment": sentiment,
                                   "headline": headline, "topic": topic or headline,
                                   "confirmed": confirmed, "rumour": rumour,
                                   "thunder": thunder})
        self.log_event("news_source", platform, headline, sentiment=sentiment)

    def open_incident(self, kind: str, platform: int, *, severity: float, public: bool = False,
                      confirmed: bool = False, real: bool = True, headline: str = "",
                      affected: np.ndarray | None = None, harm: float = 0.0) -> Incident:
        """Start an incident on a platform; it becomes news once public.

        Raises:
            ValueError: ``kind`` is not declared by a crisis type or platform mechanic
                (``trustsim.events.incident_kind``).
        """
        incident_kind(kind)
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
        meaning = inc.meaning
        worse = (1.0 if meaning.good_news or meaning.consequence
                 else self.crisis_history(inc.platform, inc.start))
        inc.public_at = float(self.time)
        sentiment = inc.severity if meaning.good_news else -inc.severity * worse
        self.newsworthy(inc.platform, sentiment, inc.headline,
                        confirmed=by in ("regulator", "platform") or meaning.confirmed,
                        rumour=not inc.real, thunder=inc.thunder, topic=inc.kind)
        if inc.affected is not None and len(inc.affected):
            self.population.shock[inc.affected, inc.platform] -= 0.5 * inc.severity * worse
        if not meaning.good_news:
            # What users trusted the platform just before its first public incident: good
            # words cannot lift them above it (rules.update_trust).
            pop = self.population
            j = inc.platform
            np.minimum(pop.anchor[:, j], pop.trust[:, j], out=pop.anchor[:, j])
            plat = self.platforms[j]
            now = float(pop.trust[pop.active, j].mean()) if pop.active.any() else math.nan
            plat.trust_before = float(np.fmin(plat.trust_before, now))
            if inc.affected is not None and len(inc.affected):  # (response.pay_compensation)
                inc.affected_before = float(pop.trust[inc.affected, j].mean())

    def crisis_history(self, platform: int, start: float | None = None) -> float:
        """How much worse bad news about ``platform`` reads for its past, 1 to 1 + weight.

        Crisis history and a poor prior reputation intensify a crisis (Coombs 2007;
        Coombs & Holladay 2004): ``1 + crisis_history_weight x (1 - exp(-(h + r)))`` with
        ``h`` the platform's earlier crises, each its severity x ``exp(-days since /
        CRISIS_MEMORY_DAYS)``, and ``r`` the credibility its statements have lost since the
        start (lies exposed, contradictions). Earlier crises are real, bad incidents that
        went public at least ``CRISIS_GAP_DAYS`` before ``start`` (the day the incident
        being read began; today if None) and are not consequences of others (runs,
        failures, fraud on leaked data); false rumours are no history. A first crisis of a
        platform in good standing reads as it is.
        """
        t = float(self.time)
        before = (t if start is None else float(start)) - CRISIS_GAP_DAYS
        h = sum(inc.severity * math.exp(-(t - inc.public_at) / CRISIS_MEMORY_DAYS)
                for inc in self.incidents
                if inc.platform == platform and inc.real and inc.public_at is not None
                and inc.public_at <= before and not inc.meaning.good_news
                and not inc.meaning.consequence)
        plat = self.platforms[platform]
        r = max(0.0, plat.initial_credibility - plat.credibility)
        return 1.0 + self.p.crisis_history_weight * (1.0 - math.exp(-(h + r)))

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
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, (bool, np.bool_)):
        if rng < 0:  # (numpy's own error named no argument: trial; any size above is fine)
            raise ScenarioError("must be a whole number, 0 or more", key="rng",
                                value=int(rng), allowed=">= 0")
        return int(rng)
    raise TypeError(f"rng must be an int, SeedSequence or Generator, not {type(rng).__name__}")
