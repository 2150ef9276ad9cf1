"""Columnar user state (numpy, users x platforms) and the vectorised user rules.

Core objects: :class:`Population` (every user's state as arrays), :class:`Signals` (what
platforms, media and the regulator showed users this step, as small arrays), :class:`Draws`
(the random numbers of one user step) and the three user phases :func:`spread_stories`,
:func:`update_trust` and :func:`act`. ``reference.py`` implements the same rules one user
at a time; with the same draws both give the same numbers.

This module never imports the model: it sees users, a graph and small signal arrays.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from trustsim.network import Graph

__all__ = ["Population", "Signals", "Draws", "ActionTotals", "spread_stories",
           "update_trust", "act", "OUTLET_KINDS"]

OUTLET_KINDS: tuple[str, ...] = ("official", "mainstream", "social")

EPS = 1e-9  # money below this (thousand CNY) is treated as zero

# Story states for word-of-mouth spreading (Maki & Thompson 1973).
IGNORANT, SPREADER, STIFLER = 0, 1, 2


@dataclass
class Population:
    """The state of all users, one row per user, one column per platform.

    ``User`` agents are thin views onto one row of these arrays.

    Attributes:
        trust: trust of user i in platform p, in [0, 1].
        holdings: money user i has on platform p (a claim on the platform).
        queued: part of ``holdings`` the user asked to withdraw and has not been paid.
        ran: user i once pulled everything from platform p (a run).
        heard: story state about platform p: 0 ignorant, 1 spreader, 2 stifler.
        cash: money in hand; wealth0: wealth at the start; losses: money lost for good.
        literacy, risk_appetite, threshold, herding, media_susceptibility: user traits.
        active: False once a user has left the sector for good.
        audience: user i follows media outlet k (official, mainstream, social).
        exposed: user i's data leaked from platform p.
        grievance: user i has a complaint about platform p not yet filed (leaked data).
        shock: private bad or good evidence received this step (leaks, losses), consumed
            by :func:`update_trust`.
    """

    trust: np.ndarray
    holdings: np.ndarray
    queued: np.ndarray
    ran: np.ndarray
    heard: np.ndarray
    cash: np.ndarray
    wealth0: np.ndarray
    losses: np.ndarray
    literacy: np.ndarray
    risk_appetite: np.ndarray
    threshold: np.ndarray
    herding: np.ndarray
    media_susceptibility: np.ndarray
    active: np.ndarray
    audience: np.ndarray
    exposed: np.ndarray
    grievance: np.ndarray
    shock: np.ndarray
    withdrawing: np.ndarray = field(default=None)  # type: ignore[assignment]
    _scratch: dict = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.withdrawing is None:
            self.withdrawing = np.zeros_like(self.ran)

    def scratch(self, name: str, shape: tuple[int, ...], dtype=np.float64, *,
                zeroed: bool = False) -> np.ndarray:
        """A work array of the step, kept from day to day (no allocation, no page faults).

        Its contents are whatever its last user left; with ``zeroed`` it is made with
        zeros, and its users must leave it all zero.
        """
        buf = self._scratch.get(name)
        if buf is None or buf.shape != shape or buf.dtype != dtype:
            buf = self._scratch[name] = (np.zeros if zeroed else np.empty)(shape, dtype)
        return buf

    @property
    def n(self) -> int:
        """Number of users."""
        return self.trust.shape[0]

    @property
    def n_platforms(self) -> int:
        """Number of platforms."""
        return self.trust.shape[1]

    @classmethod
    def create(cls, n: int, shares: np.ndarray, p, rng: np.random.Generator) -> Population:
        """Draw a population of ``n`` users.

        Args:
            n: number of users.
            shares: relative market shares of the platforms (length = platforms).
            p: the :class:`~trustsim.params.Params` of the run.
            rng: the ``users`` random stream.
        """
        n_p = len(shares)
        clip = np.clip
        literacy = clip(rng.normal(p.literacy_mean, p.literacy_sd, n), 0.0, 1.0)
        wealth = p.wealth_mean * rng.lognormal(-0.5 * p.wealth_sigma**2, p.wealth_sigma, n)
        trust = clip(rng.normal(p.initial_trust_mean, p.initial_trust_sd, (n, n_p)), 0.0, 1.0)
        # Each user starts on a few platforms, chosen with probability ~ market share.
        k = min(p.platforms_per_user, n_p)
        prob = np.asarray(shares, dtype=np.float64) / np.sum(shares)
        keys = rng.random((n, n_p)) ** (1.0 / prob)  # weighted sampling without replacement
        chosen = np.argsort(-keys, axis=1)[:, :k]
        holds = np.zeros((n, n_p), dtype=bool)
        np.put_along_axis(holds, chosen, True, axis=1)
        invested = wealth * p.invested_share
        holdings = np.where(holds, (invested / k)[:, None], 0.0)
        outlet_reach = np.array([p.official_reach, p.mainstream_reach, p.social_reach])
        # Literate users lean to official and mainstream media, others to social media.
        tilt = np.stack([literacy - 0.5, literacy - 0.5, 0.5 - literacy], axis=1)
        reach = clip(outlet_reach[None, :] * (1.0 + 0.6 * tilt), 0.0, 1.0)
        audience = rng.random((n, len(OUTLET_KINDS))) < reach
        return cls(
            trust=trust,
            holdings=holdings,
            queued=np.zeros((n, n_p)),
            ran=np.zeros((n, n_p), dtype=bool),
            heard=np.zeros((n, n_p), dtype=np.int8),
            cash=wealth - invested,
            wealth0=wealth,
            losses=np.zeros(n),
            literacy=literacy,
            risk_appetite=clip(rng.normal(p.risk_appetite_mean, 0.2, n), 0.0, 1.0),
            threshold=clip(rng.normal(p.withdraw_threshold_mean, p.withdraw_threshold_sd, n),
                           0.0, 0.99),
            herding=clip(rng.normal(p.herding_mean, 0.1, n), 0.0, 1.0),
            media_susceptibility=clip(rng.normal(p.media_susceptibility_mean, 0.15, n),
                                      0.0, 1.0),
            active=np.ones(n, dtype=bool),
            audience=audience,
            exposed=np.zeros((n, n_p), dtype=bool),
            grievance=np.zeros((n, n_p), dtype=bool),
            shock=np.zeros((n, n_p)),
        )


@dataclass
class Signals:
    """What users can observe this step, as small per-platform / per-outlet arrays.

    Built by the model from platforms, media and the regulator (phases 1-4), read by the
    user phases (5-6).

    Attributes:
        news: signed news signal per outlet and platform (sum of item sentiments; users
            weigh it by the outlet's credibility and their literacy).
        outlet_credibility: credibility of each outlet.
        story_value: signed evidence a user gets on first hearing the current story about
            each platform by word of mouth.
        statement: signed effect of each platform's statement today (holders and official
            audience see it).
        regulator: signed regulator signal per platform (everyone sees it).
        rating: published rating per platform, NaN on days without a rating.
        yield_ok: platform credited the promised yield today.
        accepting: platform takes new money today.
        perceived_true, perceived_adv: true and advertised yield per platform.
        guarantee: share of holdings covered by the investor-protection fund.
        need_rate: today's chance that a user needs cash (raised by macro shocks).
    """

    news: np.ndarray
    outlet_credibility: np.ndarray
    story_value: np.ndarray
    statement: np.ndarray
    regulator: np.ndarray
    rating: np.ndarray
    yield_ok: np.ndarray
    accepting: np.ndarray
    true_yield: np.ndarray
    advertised_yield: np.ndarray
    guarantee: float
    need_rate: float = 0.0

    @classmethod
    def quiet(cls, n_platforms: int, n_outlets: int = len(OUTLET_KINDS)) -> Signals:
        """Return signals of a day on which nothing is said."""
        z = np.zeros(n_platforms)
        return cls(news=np.zeros((n_outlets, n_platforms)),
                   outlet_credibility=np.ones(n_outlets), story_value=z.copy(),
                   statement=z.copy(), regulator=z.copy(), rating=np.full(n_platforms, np.nan),
                   yield_ok=np.ones(n_platforms, dtype=bool),
                   accepting=np.ones(n_platforms, dtype=bool), true_yield=z.copy(),
                   advertised_yield=z.copy(), guarantee=0.0)


class Draws:
    """Uniform random numbers for one user step, one array per decision, one entry per user.

    Both the vectorised and the reference path consume exactly these numbers: row ``k`` of
    ``rng.random((6, n))`` in the order of :attr:`ROWS`. A row is generated on first use
    only. :meth:`draw` jumps the stream past all six rows at once (PCG64 can advance
    without generating), and a row is made from the saved stream state when read, so a
    row nobody needs today (no story spreading, no bounded-confidence contact) costs
    nothing while the numbers, and everything drawn after them, stay the same.

    Example:
        >>> rng = np.random.Generator(np.random.PCG64(7))
        >>> d = Draws.draw(rng, 4)
        >>> bool((d.need == np.random.Generator(np.random.PCG64(7)).random((6, 4))[3]).all())
        True
    """

    ROWS = ("talk", "contact", "social", "need", "invest", "complain")

    def __init__(self, state: dict, n: int, buffers: dict | None = None) -> None:
        self._state = state
        self._n = n
        self._rows: dict[str, np.ndarray] = {}
        self._buffers = buffers
        if buffers is not None:
            buffers["owner"] = self  # an earlier day's Draws on these buffers is now stale

    @classmethod
    def draw(cls, rng: np.random.Generator, n: int, buffers: dict | None = None) -> Draws:
        """Take the numbers of one step from the ``actions`` stream (a PCG64 generator).

        ``buffers`` (a dict, filled on first use) lets the rows be written into the same
        arrays every day. The previous day's rows are then gone: reading them from that
        day's ``Draws`` raises ``RuntimeError`` (copy a row to keep it).
        """
        bits = rng.bit_generator
        state = bits.state
        bits.advance(len(cls.ROWS) * n)
        return cls(state, n, buffers)

    def row(self, name: str) -> np.ndarray:
        """The ``n`` numbers of decision ``name`` (generated on the first call)."""
        if self._buffers is not None and self._buffers.get("owner") is not self:
            raise RuntimeError("these draws belong to an earlier day and their arrays now "
                               "hold a later day's numbers; copy rows you need to keep")
        u = self._rows.get(name)
        if u is None:
            bits = np.random.PCG64(0)  # a fixed seed: no OS entropy, the state is replaced
            bits.state = self._state
            bits.advance(self.ROWS.index(name) * self._n)
            out = None
            if self._buffers is not None:
                out = self._buffers.get(name)
                if out is None or out.shape != (self._n,):
                    out = self._buffers[name] = np.empty(self._n)
            u = self._rows[name] = np.random.Generator(bits).random(self._n, out=out)
        return u

    talk = property(lambda self: self.row("talk"), doc="talk to a contact today")
    contact = property(lambda self: self.row("contact"), doc="which contact")
    social = property(lambda self: self.row("social"), doc="bounded-confidence contact")
    need = property(lambda self: self.row("need"), doc="a liquidity need today")
    invest = property(lambda self: self.row("invest"), doc="looks for a place to invest")
    complain = property(lambda self: self.row("complain"), doc="files a complaint")


@dataclass
class ActionTotals:
    """Per-platform totals of what users did in :func:`act`.

    Attributes:
        invested: new money per platform; requested: new withdrawal requests per platform;
        complaints: complaints per platform; runs: users who ran per platform;
        switchers: users who moved money to a platform after running from another;
        departed: users who left for good this step.
    """

    invested: np.ndarray
    requested: np.ndarray
    complaints: np.ndarray
    runs: np.ndarray
    switchers: int
    departed: int


def spread_stories(pop: Population, graph: Graph, rate: float, draws: Draws) -> np.ndarray:
    """Word-of-mouth spreading of each platform's current story (Maki & Thompson 1973).

    Each active spreader, with probability ``rate`` this day, tells one random contact. An
    ignorant contact becomes a spreader; a contact who already knows makes the teller lose
    interest (stifler). Decisions use the state at the start of the step.

    Returns:
        Boolean users x platforms array of who heard a story for the first time today.
    """
    if not (pop.heard == SPREADER).any():  # calm days: nobody talks about a story
        return np.zeros(pop.heard.shape, dtype=bool)
    before = pop.heard.copy()
    contact = graph.sample_neighbour(draws.contact)
    talks = (draws.talk < rate) & pop.active
    tellers = (before == SPREADER) & talks[:, None]
    heard_by_contact = before[contact]  # state of each user's contact, per platform
    newly = np.zeros(before.shape, dtype=bool)
    rows, cols = np.nonzero(tellers)
    targets = contact[rows]
    ignorant = heard_by_contact[rows, cols] == IGNORANT
    newly[targets[ignorant], cols[ignorant]] = True
    pop.heard[rows[~ignorant], cols[~ignorant]] = STIFLER
    pop.heard[newly] = SPREADER
    return newly


def update_trust(pop: Population, graph: Graph, sig: Signals, p, draws: Draws,
                 newly_heard: np.ndarray) -> None:
    """Update every user's trust in every platform in place (phase 5).

    Evidence ``E`` (in [-1, 1]) collects news weighed by credibility and literacy, word of
    mouth, platform statements and regulator signals, plus a share of the bad public news
    about other platforms (sector contagion), and own experience. Trust moves towards 1 on good and
    towards 0 on bad evidence, bad evidence weighing ``negativity_bias`` times more
    (Slovic 1993):

        T += lr * (max(E, 0) * (1 - T) + bias * min(E, 0) * T)

    then neighbours pull it: DeGroot (1974) averaging ``T = (1 - w) T + w mean_nbr(T)`` or
    Deffuant et al. (2000) bounded confidence with one random neighbour. Published ratings
    pull literate users' trust towards the rating.
    """
    T = pop.trust
    T0 = T.copy()  # neighbours' trust as at the start of the step (synchronous update)
    lit = pop.literacy
    sus = pop.media_susceptibility
    holds = pop.holdings > 0
    earning = pop.holdings - pop.queued > EPS

    # News: outlet k's signal reaches its audience, credulous users believing weak sources.
    cred = sig.outlet_credibility
    weight = pop.audience * (cred[None, :] + (1.0 - cred[None, :]) * (1.0 - lit[:, None]))
    E = p.news_weight * sus[:, None] * (weight @ sig.news)
    E += p.news_weight * sus[:, None] * newly_heard * sig.story_value[None, :]
    # Statements reach holders and the official channel's audience.
    sees = holds | pop.audience[:, :1]
    E += p.statement_weight * sees * sig.statement[None, :]
    E += p.regulator_weight * sig.regulator[None, :]
    # Sector contagion: bad public news about one platform spills over to the others.
    n_p = T.shape[1]
    if n_p > 1 and p.contagion > 0:
        bad = np.minimum(E, 0.0)
        E += p.contagion * (bad.sum(axis=1, keepdims=True) - bad) / (n_p - 1)
    # Own experience: being paid as promised, unpaid withdrawals, private shocks.
    E += p.experience_weight * (pop.shock - p.unpaid_evidence * (pop.queued > 0)
                                + p.yield_evidence * (earning & sig.yield_ok[None, :]))
    np.clip(E, -1.0, 1.0, out=E)
    T += p.learning_rate * (np.maximum(E, 0.0) * (1.0 - T)
                            + p.negativity_bias * np.minimum(E, 0.0) * T)
    rated = ~np.isnan(sig.rating)
    if rated.any():
        pull = 0.1 * p.regulator_weight * lit[:, None]
        T[:, rated] += pull * (sig.rating[None, rated] - T[:, rated])
    # Social influence uses the start-of-step trust of neighbours.
    if p.social_mode == "degroot" and p.social_weight > 0:
        T += p.social_weight * (graph.neighbour_mean(T0) - T0)
    elif p.social_mode == "bounded_confidence":
        j = graph.sample_neighbour(draws.social)
        gap = T0[j] - T0
        T += p.convergence * np.where(np.abs(gap) < p.confidence_bound, gap, 0.0)
    np.clip(T, 0.0, 1.0, out=T)
    T[~pop.active] = T0[~pop.active]
    pop.shock[:] = 0.0


def act(pop: Population, graph: Graph, sig: Signals, p, draws: Draws,
        open_: np.ndarray) -> ActionTotals:
    """Users act on their trust (phase 6): run, withdraw for needs, invest, complain, leave.

    * Run (Granovetter 1978 thresholds; Morris & Shin 1998): a user asks for all their money
      back from platform p when ``1 - (1 - g)(1 - T) - (1 - g) h f <= theta``, with ``f`` the
      share of their contacts withdrawing from p, ``h`` their herding, ``theta`` their
      threshold and ``g`` the guarantee coverage (a full guarantee removes runs, Diamond &
      Dybvig 1983).
    * Liquidity needs (Diamond & Dybvig's early consumers) withdraw a share of holdings.
    * Investing needs more trust than staying (``threshold + invest_gap``): intent and
      action differ. Attractiveness mixes trust with the yield a user perceives (literate
      users see the true yield, others the advertised one); users avoid platforms they ran
      from (Iyer & Puri 2012).
    * Users with losses of at least ``leave_loss_share`` of their wealth, or whose best
      trust is below ``leave_trust``, leave for good and ask for everything back.
    * Users complain while withdrawals go unpaid, and once about leaked data.

    Args:
        pop: the population (changed in place).
        graph: the social graph.
        sig: today's signals.
        p: the run's parameters.
        draws: today's random numbers.
        open_: boolean per platform: withdrawals can still be requested (not failed/absconded).

    Returns:
        The per-platform :class:`ActionTotals`.
    """
    n, n_p = pop.trust.shape
    T = pop.trust
    active = pop.active
    g = sig.guarantee
    has = (pop.holdings > EPS) & open_[None, :]
    f = graph.neighbour_mean(pop.withdrawing.astype(np.float64))
    pressure = 1.0 - (1.0 - g) * (1.0 - T) - (1.0 - g) * pop.herding[:, None] * f
    not_queued = pop.queued < pop.holdings - EPS
    run = has & not_queued & active[:, None] & (pressure <= pop.threshold[:, None])

    # Leaving for good.
    leave = active & (((pop.losses > 0) & (pop.losses >= p.leave_loss_share * pop.wealth0))
                      | (T.max(axis=1) < p.leave_trust))
    run |= has & not_queued & leave[:, None]
    need = active & ~leave & (draws.need < sig.need_rate)

    request = np.where(run, pop.holdings - pop.queued, 0.0)
    partial = has & not_queued & ~run & need[:, None]
    request += np.where(partial, p.liquidity_need_share * (pop.holdings - pop.queued), 0.0)
    pop.queued += request
    pop.ran |= run
    # Contacts see a run while it is pending and after the money has gone.
    pop.withdrawing[:] = pop.ran & ((pop.queued > 0) | (pop.holdings <= 0))

    # Investing new money.
    perceived = (pop.literacy[:, None] * sig.true_yield[None, :]
                 + (1.0 - pop.literacy[:, None]) * sig.advertised_yield[None, :])
    ymax = max(float(sig.advertised_yield.max(initial=0.0)), 1e-9)
    ra = pop.risk_appetite[:, None]
    score = ((1.0 - ra) * T + ra * perceived / ymax) * (1.0 - p.return_aversion * pop.ran)
    score = np.where(sig.accepting[None, :] & (pop.queued <= 0), score, -1.0)
    best = score.argmax(axis=1)
    rows = np.arange(n)
    best_trust = T[rows, best]
    invests = (active & ~leave & (draws.invest < p.invest_rate) & (pop.cash > 0)
               & (score[rows, best] >= 0)
               & (best_trust >= pop.threshold + p.invest_gap))
    amount = np.where(invests, p.invest_share * pop.cash, 0.0)
    pop.cash -= amount
    pop.holdings[rows, best] += amount
    invested = np.bincount(best, weights=amount, minlength=n_p)
    switchers = int((invests & pop.ran.any(axis=1) & ~pop.ran[rows, best]).sum())

    # Complaints: while money is unpaid, and once about leaked data.
    aggrieved = (pop.queued > 0) | pop.grievance
    complain = aggrieved & (active & (draws.complain < p.complaint_prob))[:, None]
    pop.grievance &= ~complain

    pop.active &= ~leave
    return ActionTotals(
        invested=invested,
        requested=request.sum(axis=0),
        complaints=complain.sum(axis=0).astype(np.float64),
        runs=run.sum(axis=0).astype(np.float64),
        switchers=switchers,
        departed=int(leave.sum()),
    )
