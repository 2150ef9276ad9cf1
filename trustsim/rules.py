"""The user rules, each written once: small compilable functions of one user's state.

Core functions: :func:`tell` (word of mouth), :func:`outlet_weights`, :func:`public_evidence`,
:func:`contagion`, :func:`experience`, :func:`trust_step`, :func:`social_pull`,
:func:`update_trust` (phase 5 for one user), :func:`act` (phase 6 for one user) and
:func:`user_day` (both). The compiled engine (``trustsim.kernels``) loops over users calling
them; ``User.step()`` calls them for one user; the per-agent test oracle
(``tests/oracle.py``) runs them uncompiled, one ``User`` at a time, and must give the same
numbers. docs/model.md §7 states each rule with its equation and source.

Arguments are grouped: ``S`` the users' arrays (:class:`UserArrays`), ``G`` the social
graph's (:class:`GraphArrays`), ``SIG`` today's signals (:class:`SignalArrays`), ``P`` the
parameter record (:func:`trustsim.params.record`), ``D`` today's draws
(:class:`DrawArrays`). ``shape`` is a tuple with one entry per platform: numba compiles one
version per platform count, so the short loops over platforms unroll.

Reads of *other* users' state (neighbours' trust, contacts' withdrawals) use the state at
the start of the phase (``S.trust0``, the caller's withdrawal counts), so the order in which
users are visited never matters (a synchronous update).
"""

from __future__ import annotations

from typing import NamedTuple

import numba
import numpy as np

from trustsim.cache import configure_numba

configure_numba()  # before any function is compiled: the cache lives in the user's cache

__all__ = ["UserArrays", "GraphArrays", "SignalArrays", "DrawArrays", "compiled", "rule", "tell",
           "contact", "outlet_weights", "public_evidence", "contagion", "experience",
           "trust_step", "social_pull", "withdrawing_share", "update_trust", "withdrawal_pressure",
           "act",
           "user_day", "IGNORANT", "SPREADER", "STIFLER", "EPS", "NO_SOCIAL", "DEGROOT",
           "DEGROOT_WELL_MIXED", "BOUNDED_CONFIDENCE"]

EPS = 1e-9  # money below this (thousand CNY) is treated as zero

# Story states for word-of-mouth spreading (Maki & Thompson 1973).
IGNORANT, SPREADER, STIFLER = 0, 1, 2

# Social influence, as the rules see it (the graph kind folded in).
NO_SOCIAL, DEGROOT, DEGROOT_WELL_MIXED, BOUNDED_CONFIDENCE = 0, 1, 2, 3


def compiled(fn=None, **options):
    """``numba.njit`` for trustsim's kernels and rules: cached, and without numba's runtime.

    Rules and kernels never allocate (their scratch arrays come from the caller), so they
    can do without numba's reference counting of arrays: with it, every call of a rule
    counts references to each array it is given, which made the day's pass about six
    times slower. ``_nrt=False`` is a numba compiler option; where a numba version refuses
    it, this falls back to the default (same numbers, slower).
    """
    def wrap(f):
        try:
            return numba.njit(cache=True, _nrt=False, **options)(f)
        except (KeyError, TypeError, ValueError):  # pragma: no cover - older/newer numba
            return numba.njit(cache=True, **options)(f)

    return wrap if fn is None else wrap(fn)


def rule(fn):
    """Compile a rule (:func:`compiled`); ``fn.py_func`` is the Python original.

    With ``NUMBA_DISABLE_JIT=1`` numba returns the plain function: the per-agent test
    oracle runs every rule uncompiled that way.
    """
    return compiled(fn, inline="always")


class UserArrays(NamedTuple):
    """Every user's state, one row per user (the arrays of ``Population``, not copies).

    ``trust0`` holds trust at the start of the phase (neighbours read it); ``trust`` is
    where each user's new trust is written. They are the same array outside a phase.
    """

    trust: np.ndarray
    trust0: np.ndarray
    holdings: np.ndarray
    queued: np.ndarray
    ran: np.ndarray
    withdrawing: np.ndarray
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
    grievance: np.ndarray
    shock: np.ndarray
    heard: np.ndarray


class GraphArrays(NamedTuple):
    """The social graph as the rules read it (CSR arrays; placeholders when well mixed)."""

    indptr: np.ndarray
    indices: np.ndarray
    inv_degree: np.ndarray
    well_mixed: bool
    no_edges: bool


class SignalArrays(NamedTuple):
    """Today's signals (``population.Signals``), weights applied, plus day-wide flags.

    ``statement`` and ``regulator`` are already multiplied by their weights; ``colsum``
    is the column sum of start-of-phase trust (well-mixed DeGroot only); ``quiet`` means
    no public evidence at all today (news, stories, statements, regulator signals).
    """

    news: np.ndarray
    cred: np.ndarray
    story: np.ndarray
    statement: np.ndarray
    regulator: np.ndarray
    rating: np.ndarray
    yield_ok: np.ndarray
    accepting: np.ndarray
    open_: np.ndarray
    true_yield: np.ndarray
    adv_yield: np.ndarray
    colsum: np.ndarray
    guarantee: float
    need_rate: float
    ymax: float
    quiet: bool
    has_news: bool
    has_story: bool
    has_rating: bool
    has_shock: bool
    any_withdrawing: bool


class DrawArrays(NamedTuple):
    """Today's uniform draws, one per user and decision (rows of ``population.Draws``)."""

    social: np.ndarray
    need: np.ndarray
    invest: np.ndarray
    complain: np.ndarray


# --------------------------------------------------------------------------- contacts
@rule
def contact(i, u, n, G):
    """One random contact of user ``i`` for the uniform draw ``u`` (``Graph.sample_neighbour``).

    Well mixed: anyone but ``i``; an isolated user talks to itself.
    """
    if G.well_mixed:
        j = min(int(u * (n - 1)), n - 2)
        return j + 1 if j >= i else j
    if G.no_edges:
        return i
    start = G.indptr[i]
    deg = G.indptr[i + 1] - start
    if deg <= 0:
        return i
    return G.indices[start + min(int(u * deg), deg - 1)]


@rule
def tell(i, j, heard, newly, shape):
    """Spreader ``i`` tells contact ``j`` every story it spreads (Maki & Thompson 1973).

    An ignorant contact hears it for the first time (``newly``; it becomes a spreader once
    everyone has talked); a contact who already knows makes the teller lose interest
    (stifler). Only ``j``'s ignorance is read, which telling does not change, so the order
    of tellers does not matter.
    """
    for p in range(len(shape)):
        if heard[i, p] == SPREADER:
            if heard[j, p] == IGNORANT:
                newly[j, p] = True
            else:
                heard[i, p] = STIFLER


# --------------------------------------------------------------------------- evidence
@rule
def outlet_weights(i, S, cred, wk):
    """How much user ``i`` believes each outlet it follows: ``c + (1 - c)(1 - literacy)``.

    Credulous users believe weak sources almost as much as strong ones.
    """
    li = S.literacy[i]
    for k in range(len(cred)):
        wk[k] = (cred[k] + (1.0 - cred[k]) * (1.0 - li)) if S.audience[i, k] else 0.0


@rule
def public_evidence(i, S, SIG, P, newly, e, wk, shape):
    """Public evidence about each platform for user ``i``, written to ``e`` (phase 5).

    News weighed by outlet credibility, literacy and susceptibility; the story heard for
    the first time today; statements (holders and the official channel's audience see
    them); regulator signals (everyone).
    """
    nwsi = P.news_weight * S.media_susceptibility[i]
    if SIG.has_news:
        outlet_weights(i, S, SIG.cred, wk)
    official = S.audience[i, 0]
    for p in range(len(shape)):
        acc = 0.0
        if SIG.has_news:
            for k in range(len(SIG.cred)):
                acc += wk[k] * SIG.news[k, p]
        v = nwsi * acc
        if SIG.has_story and newly[i, p]:
            v += nwsi * SIG.story[p]
        # Decided without branching on the holdings, which vary at random between users.
        v += SIG.statement[p] if (S.holdings[i, p] > 0) | official else 0.0
        v += SIG.regulator[p]
        e[p] = v


@rule
def contagion(e, c, shape):
    """Sector contagion: a share ``c`` of the bad evidence about the other platforms."""
    n_p = len(shape)
    bad = 0.0
    for p in range(n_p):
        bad += min(e[p], 0.0)
    for p in range(n_p):
        own = e[p] if e[p] < 0 else 0.0
        e[p] += c * (bad - own) / (n_p - 1)


@rule
def experience(i, p, S, SIG, P):
    """Own experience with platform ``p``: private shocks, unpaid money, yield as promised."""
    q = S.queued[i, p]
    x = S.shock[i, p] if SIG.has_shock else 0.0  # private shocks are rare
    x -= P.unpaid_evidence if q > 0 else 0.0
    x += P.yield_evidence if (S.holdings[i, p] - q > EPS) & SIG.yield_ok[p] else 0.0
    return x


@rule
def trust_step(t, v, lr, lr_bias):
    """Move trust ``t`` by evidence ``v``: towards 1 on good, towards 0 on bad evidence.

    ``T += lr max(v, 0)(1 - T) + lr bias min(v, 0) T``: bad evidence weighs ``bias`` times
    more (Slovic 1993; Josang & Ismail 2002 evidence with forgetting).
    """
    up = lr * v * (1.0 - t)
    down = lr_bias * v * t
    return t + (up if v > 0 else down)


@rule
def social_pull(i, S, G, SIG, P, u_social, n, pull, shape):
    """Neighbours' pull on user ``i``'s trust in each platform, into ``pull``.

    DeGroot (1974): ``w (mean of neighbours' trust - own trust)``; well mixed, the mean
    over everyone else. Bounded confidence (Deffuant et al. 2000): a step ``mu`` towards
    one random contact, if their trust differs by less than the bound. All from the
    start-of-phase trust ``S.trust0``.
    """
    n_p = len(shape)
    T0 = S.trust0
    social = P.social
    if social == DEGROOT:
        start = G.indptr[i]
        stop = G.indptr[i + 1]
        w = P.social_weight
        inv = G.inv_degree[i]  # times 1 / degree, as Graph.neighbour_mean
        if stop > start and n_p <= 8:
            # Up to eight platforms the neighbours' sums stay in registers (n_p is a
            # compile-time constant: the tests on it vanish); summing into memory instead
            # waits on it at every neighbour (~20 % slower).
            s0 = s1 = s2 = s3 = s4 = s5 = s6 = s7 = 0.0
            for q in range(start, stop):
                j = G.indices[q]
                s0 += T0[j, 0]
                if n_p > 1:
                    s1 += T0[j, 1]
                if n_p > 2:
                    s2 += T0[j, 2]
                if n_p > 3:
                    s3 += T0[j, 3]
                if n_p > 4:
                    s4 += T0[j, 4]
                if n_p > 5:
                    s5 += T0[j, 5]
                if n_p > 6:
                    s6 += T0[j, 6]
                if n_p > 7:
                    s7 += T0[j, 7]
            sums = (s0, s1, s2, s3, s4, s5, s6, s7)
            for p in range(n_p):
                pull[p] = w * (sums[p] * inv - T0[i, p])
        elif stop > start:  # more platforms: the same sums, in memory
            for p in range(n_p):
                pull[p] = 0.0
            for q in range(start, stop):
                j = G.indices[q]
                for p in range(n_p):
                    pull[p] += T0[j, p]
            for p in range(n_p):
                pull[p] = w * (pull[p] * inv - T0[i, p])
        else:
            for p in range(n_p):
                pull[p] = 0.0
    elif social == DEGROOT_WELL_MIXED:
        w = P.social_weight
        for p in range(n_p):
            pull[p] = w * ((SIG.colsum[p] - T0[i, p]) / (n - 1) - T0[i, p])
    elif social == BOUNDED_CONFIDENCE:
        j = contact(i, u_social, n, G)
        for p in range(n_p):
            gap = T0[j, p] - T0[i, p]
            pull[p] = P.convergence * gap if abs(gap) < P.confidence_bound else 0.0
    else:
        for p in range(n_p):
            pull[p] = 0.0


@rule
def withdrawing_share(i, withdrawing0, G, n, f, shape):
    """Share of user ``i``'s contacts seen withdrawing from each platform, into ``f``.

    From the start-of-phase flags ``withdrawing0``. Well mixed: everyone else. An
    isolated user sees only itself.
    """
    n_p = len(shape)
    if G.well_mixed:
        for p in range(n_p):
            k = 0
            for j in range(n):
                k += withdrawing0[j, p]
            f[p] = (k - withdrawing0[i, p]) / (n - 1)
        return
    start = G.indptr[i]
    deg = G.indptr[i + 1] - start
    for p in range(n_p):
        if deg > 0:
            k = 0
            for q in range(start, start + deg):
                k += withdrawing0[G.indices[q], p]
            f[p] = k / deg if k > 0 else 0.0
        else:
            f[p] = 1.0 if withdrawing0[i, p] else 0.0


@rule
def update_trust(i, S, SIG, P, newly, e, wk, pull, shape):
    """Phase 5 for user ``i``: evidence, then the new trust in every platform.

    Evidence ``E`` (clipped to [-1, 1]) = public evidence + contagion + ``experience_weight``
    x own experience; then :func:`trust_step`; then published ratings pull literate users'
    trust towards the rating; then neighbours pull (``pull``, from :func:`social_pull`).
    Users who left keep their trust. Today's private shocks are consumed.
    """
    n_p = len(shape)
    if not S.active[i]:
        for p in range(n_p):
            S.trust[i, p] = S.trust0[i, p]
            if SIG.has_shock:
                S.shock[i, p] = 0.0
        return
    if not SIG.quiet:  # on quiet days (no public evidence at all) e stays all zero
        public_evidence(i, S, SIG, P, newly, e, wk, shape)
        if n_p > 1 and P.contagion > 0:
            contagion(e, P.contagion, shape)
    else:
        for p in range(n_p):
            e[p] = 0.0
    li = S.literacy[i]
    lr = P.learning_rate
    lr_bias = P.learning_rate * P.negativity_bias
    rating_pull = 0.1 * P.regulator_weight
    for p in range(n_p):
        v = min(max(e[p] + P.experience_weight * experience(i, p, S, SIG, P), -1.0), 1.0)
        t = trust_step(S.trust0[i, p], v, lr, lr_bias)
        if SIG.has_rating and not np.isnan(SIG.rating[p]):
            t += rating_pull * li * (SIG.rating[p] - t)
        t += pull[p]
        S.trust[i, p] = min(max(t, 0.0), 1.0)
        if SIG.has_shock:
            S.shock[i, p] = 0.0


# --------------------------------------------------------------------------- actions
@rule
def withdrawal_pressure(t, herding, f, g):
    """Run pressure on a holding: ``1 - (1 - g)(1 - T) - (1 - g) h f``.

    A user runs when it falls to their threshold (Granovetter 1978; Morris & Shin 1998:
    the threshold effectively rises with the share ``f`` of contacts seen withdrawing).
    A full guarantee ``g = 1`` removes runs (Diamond & Dybvig 1983).
    """
    omg = 1.0 - g
    return 1.0 - omg * (1.0 - t) - omg * herding * f


@rule
def act(i, S, SIG, P, D, f, money, counts, shape):
    """Phase 6 for user ``i``: run, withdraw for a need, invest, complain, leave.

    * Run: ask for everything back from platform p when :func:`withdrawal_pressure`
      reaches the user's threshold; ``f[p]`` is the share of contacts seen withdrawing.
    * Leave for good (and ask for everything back) after losses of ``leave_loss_share`` of
      wealth, or when the best trust is below ``leave_trust``.
    * A liquidity need (Diamond & Dybvig's early consumers) withdraws a share of holdings.
    * Invest new money where the score (trust mixed with the yield the user perceives)
      is best, if trust there clears ``threshold + invest_gap`` (intent and action differ);
      users shun platforms they ran from (Iyer & Puri 2012).
    * Complain while withdrawals go unpaid, and once about leaked data.

    Totals go to ``money`` (new money, requests per platform) and ``counts``
    (complaints and runs per platform; switchers and departures).
    """
    n_p = len(shape)
    T = S.trust
    act_i = S.active[i]
    tmax = -1.0
    for p in range(n_p):
        tmax = max(tmax, T[i, p])
    loss = S.losses[i]
    leave = act_i and ((loss > 0 and loss >= P.leave_loss_share * S.wealth0[i])
                       or tmax < P.leave_trust)
    need = act_i and (not leave) and D.need[i] < SIG.need_rate
    any_ran = False
    for p in range(n_p):
        h = S.holdings[i, p]
        q = S.queued[i, p]
        has = (h > EPS) & SIG.open_[p] & (q < h - EPS)  # money there, not all asked back
        pressure = withdrawal_pressure(T[i, p], S.herding[i], f[p], SIG.guarantee)
        run = has & (leave | (act_i & (pressure <= S.threshold[i])))
        if run | (has & need):  # rare
            if run:
                r = h - q
                S.ran[i, p] = True
                counts[1, p] += 1
            else:
                r = P.liquidity_need_share * (h - q)
            if r != 0.0:
                q += r
                S.queued[i, p] = q
                money[1, p] += r
        S.withdrawing[i, p] = S.ran[i, p] and (q > 0 or h <= 0)
        any_ran = any_ran or S.ran[i, p]
    if act_i and not leave and D.invest[i] < P.invest_rate and S.cash[i] > 0:
        best = 0
        best_score = -np.inf
        li = S.literacy[i]
        ri = S.risk_appetite[i]
        for p in range(n_p):
            s = -1.0
            if SIG.accepting[p] and S.queued[i, p] <= 0:
                perceived = li * SIG.true_yield[p] + (1.0 - li) * SIG.adv_yield[p]
                s = (1.0 - ri) * T[i, p] + ri * perceived / SIG.ymax
                s *= 1.0 - P.return_aversion * S.ran[i, p]
            if s > best_score:
                best_score = s
                best = p
        if best_score >= 0 and T[i, best] >= S.threshold[i] + P.invest_gap:
            amount = P.invest_share * S.cash[i]
            S.cash[i] -= amount
            S.holdings[i, best] += amount
            money[0, best] += amount
            if amount > 0 and any_ran and not S.ran[i, best]:
                counts[2, 0] += 1  # switchers
    aggrieved = False
    for p in range(n_p):
        aggrieved = aggrieved or S.queued[i, p] > 0 or S.grievance[i, p]
    if aggrieved and act_i and D.complain[i] < P.complaint_prob:
        for p in range(n_p):
            if S.queued[i, p] > 0 or S.grievance[i, p]:
                counts[0, p] += 1
                S.grievance[i, p] = False
    if leave:
        S.active[i] = False
        counts[2, 1] += 1  # departed


@rule
def user_day(i, S, SIG, P, D, newly, pull, f, e, wk, money, counts, shape):
    """Phases 5 and 6 for user ``i``: :func:`update_trust`, then :func:`act` on the new trust.

    ``pull`` (neighbours' pull, :func:`social_pull`) and ``f`` (share of contacts seen
    withdrawing from each platform) are what the user gathers from others, from the start
    of the phase.
    """
    update_trust(i, S, SIG, P, newly, e, wk, pull, shape)
    act(i, S, SIG, P, D, f, money, counts, shape)
