"""Compiled user rules: the vectorised phases fused into a few passes over users (numba).

Core functions: :func:`spread_stories`, :func:`update_trust` and :func:`act`, drop-in
replacements for the numpy functions of the same names in ``population.py``, selected by
``engine="compiled"``. Each kernel loops over users and reads the social graph's CSR arrays
directly, so a day costs a few sweeps of memory instead of the ~25 full-array passes of the
numpy path. The rules are the same (a test checks all three engines agree); the numpy path
stays as the readable statement of them.

How the kernels stay fast:

* The number of platforms is a compile-time constant: every kernel takes ``shape``, a
  tuple with one entry per platform, and reads ``n_p = len(shape)``. Numba compiles one
  version per platform count (cached on disk), and the short per-platform loops unroll;
  with a run-time count they cost several times more.
* Neighbour reads (the random accesses) get their own tight pass over the CSR arrays
  (trust pulled by neighbours, contacts seen withdrawing), ahead of the per-user pass that
  updates state in place. Start-of-phase values need no copy of the state arrays.
* Per-platform constants (weight x signal) and per-user weights (outlet credibility for the
  user's literacy) are computed once, not once per user-platform pair; users who cannot
  invest or complain today skip those parts.
* Totals (new money, requests, complaints, runs) are summed per chunk of users inside the
  kernel, then over chunks in order, so the serial and threaded kernels give the same bits.

From ``PARALLEL_FROM`` users on, the loops run on numba's threads (chunks of users).
Kernels compile on first use and are cached on disk.
"""

from __future__ import annotations

import types

import numba
import numpy as np

from trustsim.network import Graph
from trustsim.population import (
    EPS,
    IGNORANT,
    SPREADER,
    STIFLER,
    ActionTotals,
    Draws,
    Population,
    Signals,
)

__all__ = ["spread_stories", "update_trust", "act"]

EPS_ = EPS  # module-level constants numba folds into the kernels
IGNORANT_, SPREADER_, STIFLER_ = IGNORANT, SPREADER, STIFLER
CHUNK = 4096  # users per parallel task (scratch arrays are allocated once per chunk)
PARALLEL_FROM = 200_000  # users; below this, threads cost more than they save

# Social influence, as the kernels see it (graph kinds folded in).
NO_SOCIAL, DEGROOT, DEGROOT_WELL_MIXED, BOUNDED_CONFIDENCE = 0, 1, 2, 3


def _shape(n_p: int) -> tuple[int, ...]:
    """The platform-count witness the kernels are compiled for (see the module docstring)."""
    return (0,) * n_p


def _chunks(n: int) -> int:
    return (n + CHUNK - 1) // CHUNK


def _pick(serial, parallel, n: int):
    """Choose the threaded kernel only for big populations.

    On a busy or shared machine (a sweep's worker processes, for one) a parallel region
    waits for every thread and can run slower than the serial loop.
    """
    return parallel if n >= PARALLEL_FROM and numba.get_num_threads() > 1 else serial


def _variants(py_func) -> tuple:
    """The serial and the threaded compiled version of a kernel, each cached on its own.

    Numba names a function's disk cache after its module, qualified name and line, not
    its options: two ``njit(cache=True)`` of one function share a cache, and whichever
    compiled first is then loaded for both (the "serial" kernel ran on every thread, or
    the threaded one on a single thread). Each variant is compiled from a copy of the
    function with its own name.
    """
    out = []
    for parallel in (False, True):
        suffix = "_parallel" if parallel else "_serial"
        f = types.FunctionType(py_func.__code__, py_func.__globals__,
                               py_func.__name__ + suffix, py_func.__defaults__,
                               py_func.__closure__)
        f.__qualname__ = py_func.__qualname__ + suffix
        f.__doc__ = py_func.__doc__
        out.append(numba.njit(cache=True, parallel=parallel)(f))
    return tuple(out)


def _csr(graph: Graph) -> tuple[np.ndarray, np.ndarray]:
    """CSR arrays of the graph (placeholders when well mixed)."""
    if graph.indptr is None:
        empty = np.zeros(1, dtype=np.int32)
        return empty, empty
    return graph.indptr, graph.indices


# --------------------------------------------------------------------------- word of mouth
@numba.njit(cache=True)
def _spread(heard, active, talk, rate, u_contact, indptr, indices, well_mixed,
            newly, shape):  # pragma: no cover - compiled
    n = heard.shape[0]
    n_p = len(shape)
    no_edges = False
    if not well_mixed:
        no_edges = indptr[n] == 0
    for i in range(n):
        spreads = False
        for p in range(n_p):
            spreads = spreads or heard[i, p] == SPREADER_
        if not (spreads and talk[i] < rate and active[i]):  # calm days: no spreaders at all
            continue
        # One random contact (as Graph.sample_neighbour).
        u = u_contact[i]
        if well_mixed:
            j = min(int(u * (n - 1)), n - 2)
            if j >= i:
                j += 1
        elif no_edges:
            j = i
        else:
            start = indptr[i]
            deg = indptr[i + 1] - start
            j = indices[start + min(int(u * deg), deg - 1)] if deg > 0 else i
        # Tellers turn stiflers mid-loop; a contact's "ignorant or not" is unaffected by
        # that, and new spreaders are marked only after the loop, so the rule reads the
        # start-of-day states.
        for p in range(n_p):
            if heard[i, p] == SPREADER_:
                if heard[j, p] == IGNORANT_:
                    newly[j, p] = True
                else:
                    heard[i, p] = STIFLER_
    for i in range(n):
        for p in range(n_p):
            if newly[i, p]:
                heard[i, p] = SPREADER_


def spread_stories(pop: Population, graph: Graph, rate: float, draws: Draws) -> np.ndarray:
    """Compiled :func:`trustsim.population.spread_stories` (same rules, one pass)."""
    newly = np.zeros(pop.heard.shape, dtype=np.bool_)
    if not (pop.heard == SPREADER).any():  # calm days: no talk (and no draws to make)
        return newly
    indptr, indices = _csr(graph)
    _spread(pop.heard, pop.active, draws.talk, rate, draws.contact, indptr, indices,
            graph.indptr is None, newly, _shape(pop.n_platforms))
    return newly


# --------------------------------------------------------------------------- trust
def _pull_py(T, pull, indptr, indices, inv_degree, colsum, contact, social, w, mu, bound,
             shape):  # pragma: no cover - compiled
    """Neighbours' pull on each trust value, from everyone's start-of-day trust."""
    n = T.shape[0]
    n_p = len(shape)
    n_chunks = (n + CHUNK - 1) // CHUNK
    for chunk in numba.prange(n_chunks):
        for i in range(chunk * CHUNK, min(n, (chunk + 1) * CHUNK)):
            if social == DEGROOT:
                start = indptr[i]
                stop = indptr[i + 1]
                inv = inv_degree[i]  # times 1 / degree, as Graph.neighbour_mean
                if stop > start and n_p <= 8:
                    # Up to eight platforms the neighbours' sums stay in registers (n_p is
                    # a compile-time constant: the tests on it vanish). Adding into
                    # pull[i, p] instead waits on memory at every neighbour (~20 % slower).
                    s0 = s1 = s2 = s3 = s4 = s5 = s6 = s7 = 0.0
                    for q in range(start, stop):
                        j = indices[q]
                        s0 += T[j, 0]
                        if n_p > 1:
                            s1 += T[j, 1]
                        if n_p > 2:
                            s2 += T[j, 2]
                        if n_p > 3:
                            s3 += T[j, 3]
                        if n_p > 4:
                            s4 += T[j, 4]
                        if n_p > 5:
                            s5 += T[j, 5]
                        if n_p > 6:
                            s6 += T[j, 6]
                        if n_p > 7:
                            s7 += T[j, 7]
                    sums = (s0, s1, s2, s3, s4, s5, s6, s7)
                    for p in range(n_p):
                        pull[i, p] = w * (sums[p] * inv - T[i, p])
                elif stop > start:  # more platforms: the same sums, in memory
                    for p in range(n_p):
                        pull[i, p] = 0.0
                    for q in range(start, stop):
                        j = indices[q]
                        for p in range(n_p):
                            pull[i, p] += T[j, p]
                    for p in range(n_p):
                        pull[i, p] = w * (pull[i, p] * inv - T[i, p])
                else:
                    for p in range(n_p):
                        pull[i, p] = 0.0
            elif social == DEGROOT_WELL_MIXED:
                for p in range(n_p):
                    pull[i, p] = w * ((colsum[p] - T[i, p]) / (n - 1) - T[i, p])
            else:  # bounded confidence, one random contact
                j = contact[i]
                for p in range(n_p):
                    gap = T[j, p] - T[i, p]
                    pull[i, p] = mu * gap if abs(gap) < bound else 0.0


_pull_serial, _pull_parallel = _variants(_pull_py)


def _trust_py(T, shock, queued, holdings, audience, lit, sus, active, newly, pull, news,
              cred, story, stmt, reg, rating, yield_ok, social, quiet, has_news, has_story,
              has_rating, has_shock, lr, lr_bias, ew, nw, contagion, unpaid_ev, yield_ev,
              rating_pull, shape):  # pragma: no cover - compiled
    """Evidence, then the trust update, in place (``pull`` from :func:`_pull_py`).

    Which platforms a user holds varies at random from one user to the next, so rules that
    depend on it choose between values computed on both sides (a select, no branch): a
    mispredicted branch costs more than the arithmetic.
    """
    n = T.shape[0]
    n_p = len(shape)
    n_k = news.shape[0]
    n_chunks = (n + CHUNK - 1) // CHUNK
    for chunk in numba.prange(n_chunks):
        e = np.zeros(n_p)  # all zero on quiet days
        wk = np.zeros(n_k)
        for i in range(chunk * CHUNK, min(n, (chunk + 1) * CHUNK)):
            if not active[i]:  # trust of users who left stays put
                if has_shock:
                    for p in range(n_p):
                        shock[i, p] = 0.0
                continue
            li = lit[i]
            if not quiet:  # on quiet days (no public evidence at all) e stays all zero
                nwsi = nw * sus[i]
                if has_news:  # outlet weights: credulous users believe weak sources
                    for k in range(n_k):
                        wk[k] = ((cred[k] + (1.0 - cred[k]) * (1.0 - li)) if audience[i, k]
                                 else 0.0)
                official = audience[i, 0]
                for p in range(n_p):
                    acc = 0.0
                    if has_news:
                        for k in range(n_k):
                            acc += wk[k] * news[k, p]
                    v = nwsi * acc
                    if has_story and newly[i, p]:
                        v += nwsi * story[p]
                    sp = stmt[p]
                    v += sp if (holdings[i, p] > 0) | official else 0.0
                    v += reg[p]
                    e[p] = v
            if n_p > 1 and contagion > 0 and not quiet:
                bad = 0.0
                for p in range(n_p):
                    bad += min(e[p], 0.0)
                for p in range(n_p):
                    own = e[p] if e[p] < 0 else 0.0
                    e[p] += contagion * (bad - own) / (n_p - 1)
            for p in range(n_p):
                q = queued[i, p]
                x = shock[i, p] if has_shock else 0.0  # private shocks are rare
                x -= unpaid_ev if q > 0 else 0.0
                x += yield_ev if (holdings[i, p] - q > EPS_) & yield_ok[p] else 0.0
                v = min(max(e[p] + ew * x, -1.0), 1.0)
                t = T[i, p]
                up = lr * v * (1.0 - t)
                down = lr_bias * v * t
                t += up if v > 0 else down
                if has_rating and not np.isnan(rating[p]):
                    t += rating_pull * li * (rating[p] - t)
                if social != NO_SOCIAL:
                    t += pull[i, p]
                T[i, p] = min(max(t, 0.0), 1.0)
                if has_shock:
                    shock[i, p] = 0.0


_trust_serial, _trust_parallel = _variants(_trust_py)


def update_trust(pop: Population, graph: Graph, sig: Signals, p, draws: Draws,
                 newly_heard: np.ndarray) -> None:
    """Compiled :func:`trustsim.population.update_trust` (same rules, two passes)."""
    n, n_p = pop.trust.shape
    if p.social_mode == "degroot" and p.social_weight > 0:
        social = DEGROOT_WELL_MIXED if graph.indptr is None else DEGROOT
    elif p.social_mode == "bounded_confidence":
        social = BOUNDED_CONFIDENCE
    else:
        social = NO_SOCIAL
    indptr, indices = _csr(graph)
    colsum = pop.trust.sum(axis=0) if social == DEGROOT_WELL_MIXED else np.zeros(n_p)
    contact = (graph.sample_neighbour(draws.social) if social == BOUNDED_CONFIDENCE
               else np.zeros(1, dtype=np.int64))
    if social != NO_SOCIAL:
        if social == DEGROOT:
            # Read the trust array once in order first (~0.3 ms at 100,000 users): the
            # neighbour pass then finds it in cache rather than waiting on memory for each
            # scattered row, as it does when earlier phases have pushed the array out (~2 ms).
            pop.trust.sum()
        pull = pop.scratch("pull", (n, n_p))
        _pick(_pull_serial, _pull_parallel, n)(
            pop.trust, pull, indptr, indices, graph.inv_degree, colsum, contact, social,
            p.social_weight, p.convergence, p.confidence_bound, _shape(n_p))
    else:
        pull = np.empty((1, n_p))
    kernel = _pick(_trust_serial, _trust_parallel, n)
    kernel(pop.trust, pop.shock, pop.queued, pop.holdings, pop.audience, pop.literacy,
           pop.media_susceptibility, pop.active, newly_heard, pull, sig.news,
           sig.outlet_credibility, sig.story_value, p.statement_weight * sig.statement,
           p.regulator_weight * sig.regulator, sig.rating, sig.yield_ok, social,
           not (sig.news.any() or sig.story_value.any() or sig.statement.any()
                or sig.regulator.any()),
           bool(sig.news.any()), bool(sig.story_value.any()),
           bool((~np.isnan(sig.rating)).any()), bool(pop.shock.any()), p.learning_rate,
           p.learning_rate * p.negativity_bias, p.experience_weight, p.news_weight,
           p.contagion, p.unpaid_evidence, p.yield_evidence, 0.1 * p.regulator_weight,
           _shape(n_p))


# --------------------------------------------------------------------------- actions
def _act_py(T, holdings, queued, ran, withdrawing, cash, losses, wealth0, lit, ra,
            threshold, herding, active, grievance, open_, accepting, true_yield, adv_yield,
            indptr, indices, well_mixed, flagged, w_count, seen, u_need, u_invest, u_complain,
            g,
            need_rate, need_share, invest_rate, invest_share, invest_gap, return_aversion,
            complaint_prob, leave_loss_share, leave_trust, ymax, money, counts,
            shape):  # pragma: no cover - compiled
    """Users run, withdraw, invest, complain and leave; totals per chunk of users."""
    n = T.shape[0]
    n_p = len(shape)
    n_chunks = (n + CHUNK - 1) // CHUNK
    any_withdrawing = len(flagged) > 0
    # 1. Contacts seen withdrawing (start-of-phase flags), counted from the side of the
    #    few users withdrawing (``flagged``: flat indices of the flags that are set): the
    #    graph is symmetric, so j's contacts are those who see j.
    if any_withdrawing and not well_mixed:
        for k in flagged:
            j = k // n_p
            p = k - j * n_p
            for q in range(indptr[j], indptr[j + 1]):
                seen[indices[q], p] += 1
    # 2. Each user acts. money[c] and counts[c] hold the totals of chunk c.
    omg = 1.0 - g
    for chunk in numba.prange(n_chunks):
        invested = money[chunk, 0]
        requested = money[chunk, 1]
        complaints = counts[chunk, 0]
        runs = counts[chunk, 1]
        for i in range(chunk * CHUNK, min(n, (chunk + 1) * CHUNK)):
            act_i = active[i]
            tmax = -1.0
            for p in range(n_p):
                tmax = max(tmax, T[i, p])
            leave = act_i and ((losses[i] > 0 and losses[i] >= leave_loss_share * wealth0[i])
                               or tmax < leave_trust)
            need = act_i and (not leave) and u_need[i] < need_rate
            herd = omg * herding[i]
            deg = 0 if well_mixed else indptr[i + 1] - indptr[i]
            any_ran = False
            for p in range(n_p):
                h = holdings[i, p]
                q = queued[i, p]
                # Decided without branching on the holdings, which vary at random from one
                # user to the next (mispredicted branches cost more than the arithmetic).
                has = (h > EPS_) & open_[p] & (q < h - EPS_)  # money there, not all asked
                f = 0.0  # share of contacts seen withdrawing from p
                if any_withdrawing:
                    if well_mixed:
                        f = (w_count[p] - withdrawing[i, p]) / (n - 1)
                    elif deg > 0:
                        c = seen[i, p]
                        if c > 0:  # rare: most users see no one withdrawing
                            f = c / deg
                    else:
                        f = 1.0 if withdrawing[i, p] else 0.0
                pressure = 1.0 - omg * (1.0 - T[i, p]) - herd * f
                run = has & (leave | (act_i & (pressure <= threshold[i])))
                if run | (has & need):  # rare
                    if run:
                        r = h - q
                        ran[i, p] = True
                        runs[p] += 1
                    else:
                        r = need_share * (h - q)
                    if r != 0.0:
                        q += r
                        queued[i, p] = q
                        requested[p] += r
                withdrawing[i, p] = ran[i, p] and (q > 0 or h <= 0)
                any_ran = any_ran or ran[i, p]
            # Investing new money (only users who may invest today look for a platform).
            if act_i and not leave and u_invest[i] < invest_rate and cash[i] > 0:
                best = 0
                best_score = -np.inf
                li = lit[i]
                ri = ra[i]
                for p in range(n_p):
                    s = -1.0
                    if accepting[p] and queued[i, p] <= 0:
                        perceived = li * true_yield[p] + (1.0 - li) * adv_yield[p]
                        s = (1.0 - ri) * T[i, p] + ri * perceived / ymax
                        s *= 1.0 - return_aversion * ran[i, p]
                    if s > best_score:
                        best_score = s
                        best = p
                if best_score >= 0 and T[i, best] >= threshold[i] + invest_gap:
                    amount = invest_share * cash[i]
                    cash[i] -= amount
                    holdings[i, best] += amount
                    invested[best] += amount
                    if amount > 0 and any_ran and not ran[i, best]:
                        counts[chunk, 2, 0] += 1  # switchers
            # Complaints: while money is unpaid, and once about leaked data (few users have
            # a complaint, so that is checked before today's draw).
            aggrieved = False
            for p in range(n_p):
                aggrieved = aggrieved or queued[i, p] > 0 or grievance[i, p]
            if aggrieved and act_i and u_complain[i] < complaint_prob:
                for p in range(n_p):
                    if queued[i, p] > 0 or grievance[i, p]:
                        complaints[p] += 1
                        grievance[i, p] = False
            if leave:
                active[i] = False
                counts[chunk, 2, 1] += 1  # departed
    # 3. Leave ``seen`` all zero again for tomorrow (a kept buffer, see Population.scratch).
    if any_withdrawing and not well_mixed:
        for k in flagged:
            j = k // n_p
            p = k - j * n_p
            for q in range(indptr[j], indptr[j + 1]):
                seen[indices[q], p] = 0


_act_serial, _act_parallel = _variants(_act_py)


def act(pop: Population, graph: Graph, sig: Signals, p, draws: Draws,
        open_: np.ndarray) -> ActionTotals:
    """Compiled :func:`trustsim.population.act` (same rules, two passes)."""
    n, n_p = pop.trust.shape
    well_mixed = graph.indptr is None
    indptr, indices = _csr(graph)
    # Contacts seen withdrawing (counted in the kernel); nothing to count on calm days.
    flagged = np.flatnonzero(pop.withdrawing)
    counted = len(flagged) > 0 and not well_mixed
    seen = (pop.scratch("seen", (n, n_p), np.int32, zeroed=True) if counted
            else np.zeros((1, n_p), dtype=np.int32))
    w_count = (np.count_nonzero(pop.withdrawing, axis=0).astype(np.float64) if well_mixed
               else np.zeros(n_p))
    n_chunks = _chunks(n)
    money = np.zeros((n_chunks, 2, n_p))  # per chunk: invested, requested
    counts = np.zeros((n_chunks, 3, max(n_p, 2)), dtype=np.int64)  # complaints, runs, other
    ymax = max(float(sig.advertised_yield.max(initial=0.0)), 1e-9)
    kernel = _pick(_act_serial, _act_parallel, n)
    kernel(pop.trust, pop.holdings, pop.queued, pop.ran, pop.withdrawing, pop.cash,
           pop.losses, pop.wealth0, pop.literacy, pop.risk_appetite, pop.threshold,
           pop.herding, pop.active, pop.grievance, open_, sig.accepting, sig.true_yield,
           sig.advertised_yield, indptr, indices, well_mixed, flagged, w_count, seen,
           draws.need, draws.invest, draws.complain, sig.guarantee, sig.need_rate,
           p.liquidity_need_share, p.invest_rate, p.invest_share, p.invest_gap,
           p.return_aversion, p.complaint_prob, p.leave_loss_share, p.leave_trust, ymax,
           money, counts, _shape(n_p))
    money = money.sum(axis=0)
    counts = counts.sum(axis=0)
    return ActionTotals(
        invested=money[0],
        requested=money[1],
        complaints=counts[0, :n_p].astype(np.float64),
        runs=counts[1, :n_p].astype(np.float64),
        switchers=int(counts[2, 0]),
        departed=int(counts[2, 1]),
    )


# --------------------------------------------------------------------------- yield
@numba.njit(cache=True)
def _credit_yield(holdings, queued, rate, who, shape):  # pragma: no cover - compiled
    n = holdings.shape[0]
    n_p = len(shape)
    owed = np.zeros(n_p)
    requested = np.zeros(n_p)
    count = np.zeros(n_p, dtype=np.int64)
    for i in range(n):
        for p in range(n_p):
            h = holdings[i, p]
            q = queued[i, p]
            h += (h - q) * rate[p]
            holdings[i, p] = h
            owed[p] += h
            requested[p] += q
            who[p, count[p]] = i  # kept only where money is queued (count moves on)
            count[p] += q != 0.0
    return owed, requested, count


def credit_yield(pop: Population,
                 rate: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """Credit a day's yield on every claim not asked back (``rate`` per platform).

    Returns:
        Money owed and withdrawals queued, per platform, after crediting; and per platform
        the users with money queued there, in order (for :meth:`Platform.operate`).
    """
    n, n_p = pop.holdings.shape
    who = pop.scratch("queued_users", (n_p, n), np.int64)
    owed, requested, count = _credit_yield(pop.holdings, pop.queued, rate, who, _shape(n_p))
    return owed, requested, [who[p, :count[p]] for p in range(n_p)]


# --------------------------------------------------------------------------- metrics
@numba.njit(cache=True)
def _column_totals(trust, holdings, heard, active, shape):  # pragma: no cover - compiled
    n = trust.shape[0]
    n_p = len(shape)
    trust_sum = np.zeros(n_p)  # over active users
    aum = np.zeros(n_p)
    holders = np.zeros(n_p, dtype=np.int64)
    n_active = 0
    heard_any = 0
    for i in range(n):
        if active[i]:
            n_active += 1
            for p in range(n_p):
                trust_sum[p] += trust[i, p]
        knows = False
        for p in range(n_p):
            aum[p] += holdings[i, p]
            holders[p] += holdings[i, p] > 0
            knows |= heard[i, p] != IGNORANT_
        heard_any += knows
    return n_active, trust_sum, aum, holders, heard_any


def column_totals(pop: Population) -> tuple[int, np.ndarray, np.ndarray, np.ndarray, int]:
    """One pass for :class:`trustsim.metrics.Recorder`: the same numbers as its numpy path.

    Returns:
        Active users; per platform: trust summed over active users, money owed, users
        with money there; users who have heard a story about some platform.
    """
    return _column_totals(pop.trust, pop.holdings, pop.heard, pop.active,
                          _shape(pop.n_platforms))
