"""Compiled user rules: the vectorised phases fused into one pass per user (numba).

Core functions: :func:`update_trust` and :func:`act`, drop-in replacements for the numpy
functions of the same names in ``population.py``, selected by ``engine="compiled"``. Each
runs one loop over users that reads the social graph's CSR arrays directly, so a day costs
about one sweep of memory instead of the ~25 full-array passes of the numpy path. From
``PARALLEL_FROM`` users on, the loop runs on numba's threads (chunks of users). The rules
are the same (a test checks all three engines agree); the numpy path stays as the readable
statement of them. Kernels compile on first use and are cached on disk.
"""

from __future__ import annotations

import numba
import numpy as np

from trustsim.network import Graph
from trustsim.population import EPS, ActionTotals, Draws, Population, Signals

__all__ = ["update_trust", "act"]

_SOCIAL = {"none": 0, "degroot": 1, "bounded_confidence": 2}
EPS_ = EPS  # a module-level constant numba folds into the kernels
CHUNK = 4096  # users per parallel task (scratch arrays are allocated once per chunk)
PARALLEL_FROM = 200_000  # users; below this, threads cost more than they save


def _trust_py(T, T0, shock, queued, holdings, audience, lit, sus, active, news, cred,
                  story_value, statement, regulator, rating, yield_ok, newly, indptr,
                  indices, well_mixed, colsum, contact, lr, bias, ew, nw, sw, rw, contagion,
                  unpaid_ev, yield_ev, social_mode, w, mu, bound):  # pragma: no cover
    n, n_p = T.shape
    n_k = audience.shape[1]
    n_chunks = (n + CHUNK - 1) // CHUNK
    for chunk in numba.prange(n_chunks):
        e = np.empty(n_p)
        s = np.empty(n_p)
        for i in range(chunk * CHUNK, min(n, (chunk + 1) * CHUNK)):
            li = lit[i]
            si = sus[i]
            for p in range(n_p):
                acc = 0.0
                for k in range(n_k):
                    if audience[i, k]:
                        acc += (cred[k] + (1.0 - cred[k]) * (1.0 - li)) * news[k, p]
                v = nw * si * acc
                if newly[i, p]:
                    v += nw * si * story_value[p]
                if holdings[i, p] > 0 or audience[i, 0]:
                    v += sw * statement[p]
                v += rw * regulator[p]
                e[p] = v
            if n_p > 1 and contagion > 0:
                bad = 0.0
                for p in range(n_p):
                    if e[p] < 0:
                        bad += e[p]
                for p in range(n_p):
                    own = e[p] if e[p] < 0 else 0.0
                    e[p] += contagion * (bad - own) / (n_p - 1)
            for p in range(n_p):
                x = shock[i, p]
                if queued[i, p] > 0:
                    x -= unpaid_ev
                if holdings[i, p] - queued[i, p] > EPS_ and yield_ok[p]:
                    x += yield_ev
                v = e[p] + ew * x
                v = min(max(v, -1.0), 1.0)
                t = T[i, p]
                if v > 0:
                    t += lr * v * (1.0 - t)
                else:
                    t += lr * bias * v * t
                if not np.isnan(rating[p]):
                    t += 0.1 * rw * li * (rating[p] - t)
                e[p] = t
            if social_mode == 1 and w > 0:
                if well_mixed:
                    for p in range(n_p):
                        e[p] += w * ((colsum[p] - T0[i, p]) / (n - 1) - T0[i, p])
                else:
                    start = indptr[i]
                    stop = indptr[i + 1]
                    if stop > start:
                        for p in range(n_p):
                            s[p] = 0.0
                        for q in range(start, stop):
                            j = indices[q]
                            for p in range(n_p):
                                s[p] += T0[j, p]
                        for p in range(n_p):
                            e[p] += w * (s[p] / (stop - start) - T0[i, p])
            elif social_mode == 2:
                j = contact[i]
                for p in range(n_p):
                    gap = T0[j, p] - T0[i, p]
                    if abs(gap) < bound:
                        e[p] += mu * gap
            for p in range(n_p):
                T[i, p] = min(max(e[p], 0.0), 1.0) if active[i] else T0[i, p]
                shock[i, p] = 0.0


_trust_serial = numba.njit(cache=True)(_trust_py)
_trust_parallel = numba.njit(cache=True, parallel=True)(_trust_py)


def _pick(serial, parallel, n: int):
    """Choose the threaded kernel only for big populations.

    On a busy or shared machine (a sweep's worker processes, for one) a parallel region
    waits for every thread and can run slower than the serial loop.
    """
    return parallel if n >= PARALLEL_FROM and numba.get_num_threads() > 1 else serial


def update_trust(pop: Population, graph: Graph, sig: Signals, p, draws: Draws,
                 newly_heard: np.ndarray) -> None:
    """Compiled :func:`trustsim.population.update_trust` (same rules, one fused pass)."""
    T0 = pop.trust.copy()
    well_mixed = graph.indptr is None
    empty = np.zeros(1, dtype=np.int64)
    indptr = empty if well_mixed else graph.indptr
    indices = empty if well_mixed else graph.indices
    colsum = T0.sum(axis=0) if well_mixed else np.zeros(T0.shape[1])
    mode = _SOCIAL[p.social_mode]
    contact = graph.sample_neighbour(draws.social) if mode == 2 else empty
    kernel = _pick(_trust_serial, _trust_parallel, pop.n)
    kernel(pop.trust, T0, pop.shock, pop.queued, pop.holdings, pop.audience,
                  pop.literacy, pop.media_susceptibility, pop.active, sig.news,
                  sig.outlet_credibility, sig.story_value, sig.statement, sig.regulator,
                  sig.rating, sig.yield_ok, newly_heard, indptr, indices, well_mixed, colsum,
                  contact, p.learning_rate, p.negativity_bias, p.experience_weight,
                  p.news_weight, p.statement_weight, p.regulator_weight, p.contagion,
                  p.unpaid_evidence, p.yield_evidence, mode, p.social_weight, p.convergence,
                  p.confidence_bound)


def _act_py(T, holdings, queued, ran, withdrawing, W0, cash, losses, wealth0, lit, ra,
                threshold, herding, active, grievance, open_, accepting, true_yield,
                adv_yield, indptr, indices, well_mixed, wcolsum, u_need, u_invest,
                u_complain, g, need_rate, need_share, invest_rate, invest_share, invest_gap,
                return_aversion, complaint_prob, leave_loss_share, leave_trust, ymax,
                request, best_of, amount_of, complain, flags):  # pragma: no cover
    n, n_p = T.shape
    n_chunks = (n + CHUNK - 1) // CHUNK
    for chunk in numba.prange(n_chunks):
        f = np.empty(n_p)
        for i in range(chunk * CHUNK, min(n, (chunk + 1) * CHUNK)):
            act_i = active[i]
            # Visible runs among contacts (start-of-phase snapshot).
            for p in range(n_p):
                f[p] = 0.0
            if well_mixed:
                for p in range(n_p):
                    f[p] = (wcolsum[p] - W0[i, p]) / (n - 1)
            else:
                start = indptr[i]
                stop = indptr[i + 1]
                if stop > start:
                    for q in range(start, stop):
                        j = indices[q]
                        for p in range(n_p):
                            f[p] += W0[j, p]
                    for p in range(n_p):
                        f[p] /= stop - start
                else:
                    for p in range(n_p):
                        f[p] = W0[i, p]
            tmax = -1.0
            for p in range(n_p):
                if T[i, p] > tmax:
                    tmax = T[i, p]
            leave = act_i and ((losses[i] > 0 and losses[i] >= leave_loss_share * wealth0[i])
                               or tmax < leave_trust)
            need = act_i and (not leave) and u_need[i] < need_rate
            any_ran = False
            for p in range(n_p):
                has = holdings[i, p] > EPS_ and open_[p]
                not_q = queued[i, p] < holdings[i, p] - EPS_
                pressure = (1.0 - (1.0 - g) * (1.0 - T[i, p])
                            - (1.0 - g) * herding[i] * f[p])
                run = has and not_q and act_i and pressure <= threshold[i]
                if leave and has and not_q:
                    run = True
                r = 0.0
                if run:
                    r = holdings[i, p] - queued[i, p]
                elif has and not_q and need:
                    r = need_share * (holdings[i, p] - queued[i, p])
                request[i, p] = r
                queued[i, p] += r
                flags[i, p] = run
                if run:
                    ran[i, p] = True
                withdrawing[i, p] = ran[i, p] and (queued[i, p] > 0 or holdings[i, p] <= 0)
                if ran[i, p]:
                    any_ran = True
            # Investing new money.
            best = 0
            best_score = -np.inf
            for p in range(n_p):
                perceived = lit[i] * true_yield[p] + (1.0 - lit[i]) * adv_yield[p]
                s = ((1.0 - ra[i]) * T[i, p] + ra[i] * perceived / ymax)
                s *= 1.0 - return_aversion * ran[i, p]
                if not (accepting[p] and queued[i, p] <= 0):
                    s = -1.0
                if s > best_score:
                    best_score = s
                    best = p
            amount = 0.0
            if (act_i and not leave and u_invest[i] < invest_rate and cash[i] > 0
                    and best_score >= 0 and T[i, best] >= threshold[i] + invest_gap):
                amount = invest_share * cash[i]
                cash[i] -= amount
                holdings[i, best] += amount
            best_of[i] = best
            amount_of[i] = amount
            # Switching, complaining, leaving.
            switch = amount > 0 and any_ran and not ran[i, best]
            files = act_i and u_complain[i] < complaint_prob
            for p in range(n_p):
                filed = files and (queued[i, p] > 0 or grievance[i, p])
                complain[i, p] = filed
                if filed:
                    grievance[i, p] = False
            if leave:
                active[i] = False
            flags[i, n_p] = switch
            flags[i, n_p + 1] = leave


_act_serial = numba.njit(cache=True)(_act_py)
_act_parallel = numba.njit(cache=True, parallel=True)(_act_py)


def act(pop: Population, graph: Graph, sig: Signals, p, draws: Draws,
        open_: np.ndarray) -> ActionTotals:
    """Compiled :func:`trustsim.population.act` (same rules, one fused pass)."""
    n, n_p = pop.trust.shape
    well_mixed = graph.indptr is None
    empty = np.zeros(1, dtype=np.int64)
    W0 = pop.withdrawing.astype(np.float64)
    request = np.empty((n, n_p))
    best_of = np.empty(n, dtype=np.int64)
    amount_of = np.empty(n)
    complain = np.empty((n, n_p), dtype=np.bool_)
    flags = np.empty((n, n_p + 2), dtype=np.bool_)
    ymax = max(float(sig.advertised_yield.max(initial=0.0)), 1e-9)
    kernel = _pick(_act_serial, _act_parallel, n)
    kernel(pop.trust, pop.holdings, pop.queued, pop.ran, pop.withdrawing, W0, pop.cash,
                pop.losses, pop.wealth0, pop.literacy, pop.risk_appetite, pop.threshold,
                pop.herding, pop.active, pop.grievance, open_, sig.accepting, sig.true_yield,
                sig.advertised_yield, empty if well_mixed else graph.indptr,
                empty if well_mixed else graph.indices, well_mixed,
                W0.sum(axis=0) if well_mixed else np.zeros(n_p), draws.need, draws.invest,
                draws.complain, sig.guarantee, sig.need_rate, p.liquidity_need_share,
                p.invest_rate, p.invest_share, p.invest_gap, p.return_aversion,
                p.complaint_prob, p.leave_loss_share, p.leave_trust, ymax, request, best_of,
                amount_of, complain, flags)
    return ActionTotals(
        invested=np.bincount(best_of, weights=amount_of, minlength=n_p),
        requested=request.sum(axis=0),
        complaints=complain.sum(axis=0).astype(np.float64),
        runs=flags[:, :n_p].sum(axis=0).astype(np.float64),
        switchers=int(flags[:, n_p].sum()),
        departed=int(flags[:, n_p + 1].sum()),
    )
