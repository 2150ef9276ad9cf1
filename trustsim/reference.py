"""The user rules again, one Python step per ``User`` agent: the check on the fast path.

Core functions: :func:`spread_stories`, :func:`update_trust`, :func:`act` -- the same rules
as ``population.py``, written per agent in plain Python. A model built with
``engine="reference"`` uses them; given the same random draws it produces the same numbers
as the vectorised path (a test), and ``make bench`` reports the speed ratio.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from trustsim.population import EPS, IGNORANT, SPREADER, STIFLER, ActionTotals

if TYPE_CHECKING:
    from trustsim.agents.user import User
    from trustsim.model import TrustModel

__all__ = ["spread_stories", "update_trust", "act"]


def _contact(model: TrustModel, i: int, u: float) -> int:
    """One random contact of user ``i`` for the uniform draw ``u`` (as Graph.sample_neighbour)."""
    g = model.graph
    if g.indptr is None:
        n = g.n
        j = min(int(u * (n - 1)), n - 2)
        return j + 1 if j >= i else j
    start, stop = int(g.indptr[i]), int(g.indptr[i + 1])
    deg = stop - start
    if deg == 0:
        return i
    return int(g.indices[start + min(int(u * deg), deg - 1)])


def _neighbour_mean(model: TrustModel, x: np.ndarray, i: int) -> np.ndarray:
    nbrs = model.graph.neighbours(i)
    if len(nbrs) == 0:
        return x[i]
    return x[nbrs].sum(axis=0) / len(nbrs)


def spread_stories(model: TrustModel, rate: float) -> np.ndarray:
    """Word of mouth, one user at a time (see :func:`trustsim.population.spread_stories`)."""
    pop = model.population
    d = model.draws
    before = pop.heard.copy()
    newly = np.zeros(before.shape, dtype=bool)
    user: User
    for user in model.users:
        i = user.index
        if not (d.talk[i] < rate and user.active):
            continue
        j = _contact(model, i, d.contact[i])
        for k in range(before.shape[1]):
            if before[i, k] != SPREADER:
                continue
            if before[j, k] == IGNORANT:
                newly[j, k] = True
            else:
                user.heard[k] = STIFLER
    pop.heard[newly] = SPREADER
    return newly


def update_trust(model: TrustModel, newly: np.ndarray) -> None:
    """Trust update, one user at a time (see :func:`trustsim.population.update_trust`)."""
    pop = model.population
    sig = model.signals
    p = model.p
    d = model.draws
    T0 = pop.trust.copy()
    n_p = T0.shape[1]
    cred = sig.outlet_credibility
    rated = ~np.isnan(sig.rating)
    for user in model.users:
        i = user.index
        trust = user.trust
        lit = float(user.literacy)
        sus = float(user.media_susceptibility)
        holds = user.holdings > 0
        earning = user.holdings - user.queued > EPS
        weight = user.audience * (cred + (1.0 - cred) * (1.0 - lit))
        e = p.news_weight * sus * (weight @ sig.news)
        e = e + p.news_weight * sus * newly[i] * sig.story_value
        sees = holds | user.audience[0]
        e = e + p.statement_weight * sees * sig.statement
        e = e + p.regulator_weight * sig.regulator
        if n_p > 1 and p.contagion > 0:
            bad = np.minimum(e, 0.0)
            e = e + p.contagion * (bad.sum() - bad) / (n_p - 1)
        e = e + p.experience_weight * (user.shock - p.unpaid_evidence * (user.queued > 0)
                                       + p.yield_evidence * (earning & sig.yield_ok))
        e = np.clip(e, -1.0, 1.0)
        new = trust + p.learning_rate * (np.maximum(e, 0.0) * (1.0 - trust)
                                         + p.negativity_bias * np.minimum(e, 0.0) * trust)
        if rated.any():
            pull = 0.1 * p.regulator_weight * lit
            new[rated] += pull * (sig.rating[rated] - new[rated])
        if p.social_mode == "degroot" and p.social_weight > 0:
            new += p.social_weight * (_neighbour_mean(model, T0, i) - T0[i])
        elif p.social_mode == "bounded_confidence":
            j = _contact(model, i, d.social[i])
            gap = T0[j] - T0[i]
            new += p.convergence * np.where(np.abs(gap) < p.confidence_bound, gap, 0.0)
        new = np.clip(new, 0.0, 1.0)
        user.trust = new if user.active else T0[i]
        user.shock = 0.0


def act(model: TrustModel, open_: np.ndarray) -> ActionTotals:
    """User actions, one user at a time (see :func:`trustsim.population.act`)."""
    pop = model.population
    sig = model.signals
    p = model.p
    d = model.draws
    n_p = pop.n_platforms
    g = sig.guarantee
    W0 = pop.withdrawing.astype(np.float64)
    invested = np.zeros(n_p)
    requested = np.zeros(n_p)
    complaints = np.zeros(n_p)
    runs = np.zeros(n_p)
    switchers = departed = 0
    ymax = max(float(sig.advertised_yield.max(initial=0.0)), 1e-9)
    for user in model.users:
        i = user.index
        trust = user.trust
        holdings = user.holdings
        queued = user.queued
        active = bool(user.active)
        has = (holdings > EPS) & open_
        f = _neighbour_mean(model, W0, i)
        pressure = 1.0 - (1.0 - g) * (1.0 - trust) - (1.0 - g) * user.herding * f
        not_queued = queued < holdings - EPS
        run = has & not_queued & active & (pressure <= user.threshold)
        leave = active and ((user.losses > 0 and user.losses >= p.leave_loss_share
                             * user.wealth0) or trust.max() < p.leave_trust)
        if leave:
            run = run | (has & not_queued)
        need = active and not leave and d.need[i] < sig.need_rate
        request = np.where(run, holdings - queued, 0.0)
        if need:
            request = request + np.where(has & not_queued & ~run,
                                         p.liquidity_need_share * (holdings - queued), 0.0)
        queued += request
        requested += request
        runs += run
        user.ran = user.ran | run
        user_ran = user.ran
        pop.withdrawing[i] = user_ran & ((queued > 0) | (holdings <= 0))
        perceived = (user.literacy * sig.true_yield
                     + (1.0 - user.literacy) * sig.advertised_yield)
        ra = user.risk_appetite
        score = ((1.0 - ra) * trust + ra * perceived / ymax) * (1.0 - p.return_aversion * user_ran)
        score = np.where(sig.accepting & (queued <= 0), score, -1.0)
        best = int(score.argmax())
        if (active and not leave and d.invest[i] < p.invest_rate and user.cash > 0
                and score[best] >= 0 and trust[best] >= user.threshold + p.invest_gap):
            amount = p.invest_share * float(user.cash)
            user.cash = user.cash - amount
            holdings[best] += amount
            invested[best] += amount
            if user_ran.any() and not user_ran[best]:
                switchers += 1
        if active and d.complain[i] < p.complaint_prob:
            filed = (queued > 0) | user.grievance
            complaints += filed
            user.grievance = user.grievance & ~filed
        if leave:
            user.active = False
            departed += 1
    return ActionTotals(invested=invested, requested=requested, complaints=complaints,
                        runs=runs, switchers=switchers, departed=departed)
