"""Columnar user state (numpy, users x platforms) and what users see each day.

Core objects: :class:`Population` (every user's state as arrays), :class:`Signals` (what
platforms, media and the regulator showed users this step, as small arrays) and
:class:`ActionTotals` (what users did). The rules that change this state, and the users'
random draws, are in ``trustsim.rules``.

This module never imports the model: it sees users and small signal arrays.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from trustsim import rules
from trustsim.params import record
from trustsim.primitives import EPS, IGNORANT, SPREADER, STIFLER, top_k_rows

__all__ = ["Population", "red_flags", "Signals", "ActionTotals", "OUTLET_KINDS", "EPS",
           "IGNORANT", "SPREADER", "STIFLER"]

OUTLET_KINDS: tuple[str, ...] = ("official", "mainstream", "social")
TOP_K_BY_COUNTING = 16  # platforms; above, the starting platforms are ranked by a sort


@dataclass
class Population:
    """The state of all users, one row per user, one column per platform.

    ``User`` agents are thin views onto one row of these arrays.

    Attributes:
        trust: trust of user i in platform p, in [0, 1].
        trust0: trust at the start of the user phases, which neighbours read while each
            user writes its new trust to ``trust`` (see :meth:`begin_phase`); the same
            array as ``trust`` outside the phases.
        trust_base: user i's baseline trust in platform p: where being paid as promised
            takes trust back to (the initial trust).
        anchor: user i's trust in platform p just before p's first public incident
            (+inf before any): good words cannot lift trust above it.
        holdings: money user i has on platform p (a claim on the platform).
        queued: part of ``holdings`` the user asked to withdraw and has not been paid.
        ran: user i once pulled everything from platform p (a run).
        run_day: the day of user i's last run from platform p (-1: never; int16, a day
            after ``primitives.RUN_DAY_MAX`` kept as it): what ``customers_ran`` counts.
        heard: story state about platform p: 0 ignorant, 1 spreader, 2 stifler.
        cash: money in hand; wealth0: wealth at the start; losses: money lost for good;
            losses_seen: losses the user has already weighed leaving over.
        literacy, risk_appetite, threshold, herding, media_susceptibility: user traits.
        active: False once a user has left the sector for good.
        audience: user i follows media outlet k (official, mainstream, social).
        exposed: user i's data leaked from platform p.
        grievance: user i has a complaint about platform p not yet filed (leaked data).
        shock: private bad or good evidence received this step (leaks, losses), consumed
            by the trust update.
        withdrawing: user i's withdrawal from platform p is visible to contacts (a run
            pending, or the money gone after a run).
        held0: user i held money on platform p at the start; inv_held0: 1 / the number
            of such platforms (0 for users who held none); n_held0: users who held some.
    """

    trust: np.ndarray
    trust_base: np.ndarray
    anchor: np.ndarray
    holdings: np.ndarray
    queued: np.ndarray
    ran: np.ndarray
    run_day: np.ndarray
    heard: np.ndarray
    cash: np.ndarray
    wealth0: np.ndarray
    losses: np.ndarray
    losses_seen: np.ndarray
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
    relief: np.ndarray
    withdrawing: np.ndarray = field(default=None)  # type: ignore[assignment]
    trust0: np.ndarray = field(default=None, repr=False)  # type: ignore[assignment]
    held0: np.ndarray = field(default=None, repr=False)  # type: ignore[assignment]
    inv_held0: np.ndarray = field(default=None, repr=False)  # type: ignore[assignment]
    _scratch: dict = field(default_factory=dict, repr=False, compare=False)
    _spare: np.ndarray | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.withdrawing is None:
            self.withdrawing = np.zeros_like(self.ran)
        self.trust0 = self.trust
        if self.held0 is None:
            self.held0 = self.holdings > 0
        k = self.held0.sum(axis=1)
        self.inv_held0 = np.divide(1.0, k, out=np.zeros(len(k)), where=k > 0)
        self.n_held0 = int((k > 0).sum())

    def begin_phase(self, copy: bool = False) -> None:
        """Start the user phases: ``trust0`` keeps the start values, ``trust`` takes new ones.

        The two arrays swap roles (no copy): every user must then write its row of
        ``trust``. With ``copy``, ``trust0`` is a copy instead and ``trust`` keeps every
        value until a user writes its row (for stepping some users only).
        """
        if copy:
            self.trust0 = self.trust.copy()
            return
        spare = self._spare
        if spare is None or spare.shape != self.trust.shape:
            spare = np.empty_like(self.trust)
        self._spare = self.trust  # the start values; reused by the next phase
        self.trust0 = self.trust
        self.trust = spare

    def end_phase(self) -> None:
        """End the user phases: ``trust`` holds the new values, ``trust0`` is it again."""
        self.trust0 = self.trust

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
    def create(cls, n: int, shares: np.ndarray, p, rng: np.random.Generator,
               advertised: np.ndarray | None = None) -> Population:
        """Draw a population of ``n`` users.

        Args:
            n: number of users.
            shares: relative market shares of the platforms (length = platforms).
            p: the :class:`~trustsim.params.Params` of the run.
            rng: the ``users`` random stream.
            advertised: each platform's advertised yield (None: no red flags). A user
                picks where to start with weight ``share x rules.yield_doubt``: literate
                users shun yields above ``sound_yield``, so a high-yield platform starts
                smaller than its market share in a literate population.
        """
        n_p = len(shares)
        def clip(x: np.ndarray, lo: float, hi: float) -> np.ndarray:
            return np.clip(x, lo, hi, out=x)  # in place: no copy of a fresh draw

        literacy = clip(rng.normal(p.literacy_mean, p.literacy_sd, n), 0.0, 1.0)
        wealth = p.wealth_mean * rng.lognormal(-0.5 * p.wealth_sigma**2, p.wealth_sigma, n)
        trust = clip(rng.normal(p.initial_trust_mean, p.initial_trust_sd, (n, n_p)), 0.0, 1.0)
        # Each user starts on a few platforms, chosen with probability ~ market share (keys
        # drawn here; the platforms picked once the run thresholds are known, below).
        prob = np.asarray(shares, dtype=np.float64) / np.sum(shares)
        keys = rng.random((n, n_p))
        # Literate users shun platforms promising too much: each pick's weight is the share
        # times the trust kept despite the advertised yield (rules.yield_doubt).
        doubt = getattr(rules.yield_doubt, "py_func", rules.yield_doubt)  # on whole columns
        kept = {}
        for j in range(n_p if advertised is not None and p.yield_doubt > 0 else 0):
            kept_j = doubt(literacy, float(advertised[j]), record(p))
            if kept_j.min() < 1.0:  # someone doubts this promise
                kept[j] = kept_j
        keys **= 1.0 / prob
        for j, kept_j in kept.items():
            keys[:, j] **= 1.0 / np.maximum(kept_j, 1e-12)
        outlet_reach = np.array([p.official_reach, p.mainstream_reach, p.social_reach])
        # Literate users lean to official and mainstream media, others to social media.
        tilt = np.stack([literacy - 0.5, literacy - 0.5, 0.5 - literacy], axis=1)
        reach = clip(outlet_reach[None, :] * (1.0 + 0.6 * tilt), 0.0, 1.0)
        audience = rng.random((n, len(OUTLET_KINDS))) < reach
        risk_appetite = clip(rng.normal(p.risk_appetite_mean, 0.2, n), 0.0, 1.0)
        threshold = clip(rng.normal(p.withdraw_threshold_mean, p.withdraw_threshold_sd, n),
                         0.0, 0.99)
        herding = clip(rng.normal(p.herding_mean, 0.1, n), 0.0, 1.0)
        k = min(math.floor(p.platforms_per_user), n_p)
        holds = starting_platforms(keys, trust, threshold, p, k)
        more = (starting_platforms(keys, trust, threshold, p, k + 1)
                if p.platforms_per_user > k and k < n_p else None)
        del keys
        for j, kept_j in kept.items():  # a promise doubted wholly: no money there at all
            holds[:, j] &= kept_j > 0.0
            if more is not None:
                more[:, j] &= kept_j > 0.0
        media = clip(rng.normal(p.media_susceptibility_mean, 0.15, n), 0.0, 1.0)
        # The money is split unevenly over the platforms held: a flat Dirichlet share,
        # each part scaled by the trust kept despite the advertised yield.
        split = rng.standard_exponential((n, n_p))
        for j, kept_j in kept.items():
            split[:, j] *= kept_j
        if more is not None:
            # A mean between two whole numbers: a share of users (the fraction) pick one
            # platform more. Drawn last, so whole numbers keep every other draw as it was.
            extra = rng.random(n) < p.platforms_per_user - k
            holds[extra] = more[extra]
            del more, extra
        split += 1e-300  # never all zero
        split *= holds
        total = split.sum(axis=1, keepdims=True)
        np.divide(split, total, out=split, where=total > 0)
        # Users with no platform they would keep money on hold it all as cash.
        invested = wealth * p.invested_share
        invested[total[:, 0] == 0.0] = 0.0
        holdings = split
        holdings *= invested[:, None]
        return cls(
            trust=trust,
            trust_base=trust.copy(),
            anchor=np.full((n, n_p), np.inf),
            holdings=holdings,
            queued=np.zeros((n, n_p)),
            ran=np.zeros((n, n_p), dtype=bool),
            run_day=np.full((n, n_p), -1, dtype=np.int16),
            heard=np.zeros((n, n_p), dtype=np.int8),
            cash=wealth - invested,
            wealth0=wealth,
            losses=np.zeros(n),
            losses_seen=np.zeros(n),
            literacy=literacy,
            risk_appetite=risk_appetite,
            threshold=threshold,
            herding=herding,
            media_susceptibility=media,
            active=np.ones(n, dtype=bool),
            audience=audience,
            exposed=np.zeros((n, n_p), dtype=bool),
            grievance=np.zeros((n, n_p), dtype=bool),
            shock=np.zeros((n, n_p)),
            relief=np.zeros((n, n_p)),
        )


def red_flags(advertised: np.ndarray, p) -> np.ndarray:
    """:func:`trustsim.rules.red_flag` of each platform's advertised yield (``p``: Params)."""
    return np.array([rules.red_flag(float(a), record(p)) for a in advertised])


START_MARGIN = 0.08
"""How far above its run threshold (as an established customer) a user's trust in a
platform must start for the user to hold money there (:func:`starting_platforms`): four sds
of the default run noise (``run_softness`` 0.02), in trust units."""


def starting_platforms(keys: np.ndarray, trust: np.ndarray, threshold: np.ndarray,
                       p, k: int) -> np.ndarray:
    """The platforms each user holds money on at the start (users x platforms, bool).

    Up to ``k`` platforms (``Population.create``: the whole part of ``platforms_per_user``,
    and one more for the share of users its fraction says), drawn without replacement with
    probability proportional to market share: the ``k`` largest of the keys ``u ** (1 /
    share)`` (Efraimidis & Spirakis 2006; ties, keys that underflow to 0 at share ratios of
    ~100:1 and more, to the lower index), among the platforms the user would keep money on
    through a calm day: trust at least the run threshold of an established customer
    (``threshold - relationship_discount``) plus :data:`START_MARGIN` (at the default
    ``run_softness`` the calm-day chance of running there is below ``run_hazard`` x
    Phi(-4), 3e-5 x ``run_hazard``). The world starts close to the model's own calm long
    run: after two calm years almost no money sits where trust is within 0.08 of that
    threshold (20,000 users, seeds 1, 2: 0.13 % of holdings, the lowest 1 % at 0.13 and
    above), where a start by market share alone put 2.9 % of holdings there and their
    holders ran in the first week (0.8-1 % of users). The margin is in trust units, not
    in sds of ``run_softness``: four of its sds at ``run_softness`` 0.1 would start 56 % of
    users with cash only and so tie the run noise lever to who holds money. ``keys`` is
    worked in place (the same keys serve any ``k``).
    """
    n, n_p = keys.shape
    floor = threshold - p.relationship_discount + START_MARGIN
    keep = trust >= floor[:, None]
    np.putmask(keys, ~keep, -1.0)  # below every key of a platform the user would keep
    holds = np.zeros((n, n_p), dtype=bool)
    # With few platforms ranked by counting (at a million users a sort of the rows took a
    # sixth of building the world), with many by a stable sort of the negated keys
    # (counting grows with the square of the platforms).
    if n_p <= TOP_K_BY_COUNTING:
        top_k_rows(keys, k, holds)
    else:
        keys *= -1.0
        np.put_along_axis(holds, np.argsort(keys, axis=1, kind="stable")[:, :k], True, axis=1)
        keys *= -1.0
    holds &= keep
    return holds


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
        rating: change of each platform's published rating on a rating day (0 for its
            first rating: no news), NaN on other days.
        yield_ok: platform credited the promised yield today.
        short: platform did not pay today's due withdrawals in full (money asked back
            and not paid is then bad evidence).
        distress: visible distress per platform, 0-1: withdrawals frozen, an unpaid
            queue, insolvency it has disclosed (discounts its good words).
        spill: contagion matrix: ``spill[p, q]`` is the share of bad public evidence
            about q that users feel about p (zero diagonal).
        accepting: platform takes new money today.
        true_yield, advertised_yield: true and advertised yield per platform.
        promised_yield: the highest yield each platform has advertised so far (the red flag
            literate users read, :func:`trustsim.rules.red_flag`: stopping the ads after
            false advertising is exposed does not make the promise sound).
        guarantee: share of holdings users believe the investor-protection fund covers
            (coverage x the fund's credibility; up to the limit per claim).
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
    promised_yield: np.ndarray = None  # type: ignore[assignment]
    short: np.ndarray = None  # type: ignore[assignment]
    distress: np.ndarray = None  # type: ignore[assignment]
    spill: np.ndarray = None  # type: ignore[assignment]

    @classmethod
    def quiet(cls, n_platforms: int, n_outlets: int = len(OUTLET_KINDS)) -> Signals:
        """Return signals of a day on which nothing is said."""
        z = np.zeros(n_platforms)
        return cls(news=np.zeros((n_outlets, n_platforms)),
                   outlet_credibility=np.ones(n_outlets), story_value=z.copy(),
                   statement=z.copy(), regulator=z.copy(), rating=np.full(n_platforms, np.nan),
                   yield_ok=np.ones(n_platforms, dtype=bool),
                   accepting=np.ones(n_platforms, dtype=bool), true_yield=z.copy(),
                   advertised_yield=z.copy(), promised_yield=z.copy(), guarantee=0.0,
                   short=np.zeros(n_platforms, dtype=bool), distress=z.copy(),
                   spill=np.zeros((n_platforms, n_platforms)))


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
