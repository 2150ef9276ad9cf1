"""The user rules, each written once: small compilable functions of one user's state.

Core functions: :func:`tell` (word of mouth), :func:`outlet_weights`, :func:`public_evidence`,
:func:`contagion`, :func:`experience`, :func:`trust_step`, :func:`social_pull`,
:func:`update_trust` (phase 5 for one user), :func:`act` (phase 6 for one user) and
:func:`user_day` (both). The compiled engine (``trustsim.kernels``) loops over users calling
them; ``User.step()`` calls them for one user; the per-agent test oracle
(``tests/oracle.py``) runs them uncompiled, one ``User`` at a time, and must give the same
numbers. docs/model.md §7 states each rule with its equation and source; what the rules
are built on (compiling, argument groups, draws) is :mod:`trustsim.primitives`.

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

import math

import numpy as np

from trustsim.primitives import (
    AWARE,
    BOUNDED_CONFIDENCE,
    COMPLAIN,
    DEGROOT,
    DEGROOT_WELL_MIXED,
    EPS,
    FADE,
    IGNORANT,
    INVEST,
    LEAVE,
    NEED,
    RUN,
    SPREADER,
    STIFLER,
    DrawArrays,
    rule,
    smooth_step,
    uniform,
)

__all__ = ["tell", "contact", "credulity", "outlet_weights", "public_evidence", "contagion",
           "experience", "trust_step", "social_pull", "withdrawing_share",
           "update_trust", "covered_share", "withdrawal_pressure", "run_chance",
           "leave_chance", "seen_withdrawing", "platform_score", "choose_platform", "act",
           "user_day"]


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
def credulity(literacy, P):
    """How much a user goes by what others say and do: ``(1.3 - 0.6 literacy)(1 - 0.2 e)``.

    Literate users herd less and believe rumours less (Lusardi & Mitchell 2014); 1 at
    literacy 0.5. A running education campaign of intensity ``e`` (``education_campaign``,
    per year) also makes the users it reaches warier at once, by 10 % at ``e = 0.5``: a
    short investor-education message cut investment in a fraudulent offer by about 10 %
    (Burke et al. 2022), beside the slow rise of literacy it brings.
    """
    return (1.3 - 0.6 * literacy) * (1.0 - 0.2 * P.education_campaign)


@rule
def outlet_weights(i, S, cred, wk):
    """How much user ``i`` believes each outlet it follows: ``c + (1 - c)(1 - literacy)``.

    Credulous users believe weak sources almost as much as strong ones.
    """
    li = S.literacy[i]
    for k in range(len(cred)):
        wk[k] = (cred[k] + (1.0 - cred[k]) * (1.0 - li)) if S.audience[i, k] else 0.0


@rule
def public_evidence(i, S, SIG, P, newly, e, talk, wk, shape):
    """Public evidence about each platform for user ``i``, into ``e`` (facts) and ``talk``.

    Facts: news weighed by outlet credibility, literacy and susceptibility; the story heard
    for the first time today, believed as the user is credulous; regulator signals
    (everyone). Talk: the platform's statements (holders and the official channel's
    audience see them); their good part is discounted by the platform's visible distress
    (frozen withdrawals, unpaid queues, disclosed insolvency), so words cannot outweigh
    evidence that it cannot pay (Northern Rock 2007: a reassurance letter did not stop
    the run).
    """
    nwsi = P.news_weight * S.media_susceptibility[i]
    if SIG.has_news:
        outlet_weights(i, S, SIG.cred, wk)
    official = S.audience[i, 0]
    cred_i = credulity(S.literacy[i], P)
    for p in range(len(shape)):
        acc = 0.0
        if SIG.has_news:
            for k in range(len(SIG.cred)):
                acc += wk[k] * SIG.news[k, p]
        v = nwsi * acc
        if SIG.has_story and newly[i, p]:
            v += nwsi * cred_i * SIG.story[p]
        v += SIG.regulator[p]
        e[p] = v
        # Decided without branching on the holdings, which vary at random between users.
        sees = (S.holdings[i, p] > 0) | official
        st = SIG.statement[p] if sees else 0.0
        talk[p] = st * (1.0 - SIG.distress[p]) if st > 0 else st


@rule
def contagion(e, bad, spill, shape):
    """Sector contagion: ``e[p] += sum over q != p of spill[p, q] min(e[q], 0)``.

    Every platform's addition is worked out from the evidence before any is added (``bad``
    is scratch space for it), so the order of platforms does not matter. ``spill`` is
    stronger between similar platforms (same business, similar health): Aharony & Swary
    1996; Akhigbe & Madura 2001.
    """
    n_p = len(shape)
    bad_sum = 0.0
    for q in range(n_p):
        b = min(e[q], 0.0)
        bad[q] = b
        bad_sum += b
    if bad_sum == 0.0:
        return
    for p in range(n_p):
        add = 0.0
        for q in range(n_p):
            if q != p:
                add += spill[p, q] * bad[q]
        e[p] += add


@rule
def experience(i, p, S, SIG, P):
    """Own experience with platform ``p``: bad evidence only.

    Bad private shocks (a leak, a loss, fraud); money asked back and not paid; as a
    holder, the platform's visible distress (frozen withdrawals, unpaid queues, insolvency
    it discloses). Good private shocks come from rebuilding programmes: they count as the
    platform's talk (:func:`update_trust`).
    """
    x = min(S.shock[i, p], 0.0) if SIG.has_shock else 0.0  # private shocks are rare
    x -= P.unpaid_evidence if (S.queued[i, p] > 0) & SIG.short[p] else 0.0
    x -= P.distress_weight * SIG.distress[p] if S.holdings[i, p] > 0 else 0.0
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
def update_trust(i, S, SIG, P, newly, e, talk, wk, bad, pull, shape):
    """Phase 5 for user ``i``: evidence, then the new trust in every platform.

    1. Facts ``E`` (clipped to [-1, 1]) = public evidence + contagion + ``experience_weight``
       x own experience, then :func:`trust_step`.
    2. Talk (statements, compensation offered, rebuilding programmes: publicity, service
       and care after a crisis): bad talk moves trust as facts do; good talk can lift it
       no higher than the user's lowest trust just before one of the platform's public
       incidents (``anchor``): a crisis cannot leave a platform better off (De Matos et
       al. 2007: the service-recovery paradox does not reach loyalty).
    3. Being paid as promised confirms expectations: holders' trust moves towards the
       user's baseline (``trust_base``) at ``learning_rate x confirmation`` a day
       (expectation confirmation, Bhattacherjee 2001), never above the anchor: a calm world
       stays calm, and trust lost in a crisis comes back only slowly and not beyond where
       it was before the incident.
    4. A rating change (an up- or downgrade on the day the ratings are published) moves
       literate users' trust by ``0.1 regulator_weight x literacy x change``; neighbours
       pull (``pull``, from :func:`social_pull`).

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
        public_evidence(i, S, SIG, P, newly, e, talk, wk, shape)
        if n_p > 1:
            contagion(e, bad, SIG.spill, shape)
    else:
        for p in range(n_p):
            e[p] = 0.0
            talk[p] = 0.0
    li = S.literacy[i]
    lr = P.learning_rate
    lr_bias = P.learning_rate * P.negativity_bias
    rating_pull = 0.1 * P.regulator_weight
    confirm = P.learning_rate * P.confirmation
    for p in range(n_p):
        t0 = S.trust0[i, p]
        v = min(max(e[p] + P.experience_weight * experience(i, p, S, SIG, P), -1.0), 1.0)
        t = trust_step(t0, v, lr, lr_bias)
        w = talk[p]
        if SIG.has_shock and S.shock[i, p] > 0:  # care and service after a crisis
            w += P.experience_weight * S.shock[i, p]
        if w < 0:
            t = trust_step(t, max(w, -1.0), lr, lr_bias)
        elif w > 0:
            ceiling = max(S.anchor[i, p], t)
            t = min(trust_step(t, min(w, 1.0), lr, lr_bias), ceiling)
        earning = (S.holdings[i, p] - S.queued[i, p] > EPS) & SIG.yield_ok[p]
        if earning:
            # Back towards the baseline, but never above the pre-incident level.
            t = min(t + confirm * (S.trust_base[i, p] - t), max(S.anchor[i, p], t))
        if SIG.has_rating and not np.isnan(SIG.rating[p]):
            t += rating_pull * li * SIG.rating[p]
        t += pull[p]
        S.trust[i, p] = min(max(t, 0.0), 1.0)
        if SIG.has_shock:
            S.shock[i, p] = 0.0


# --------------------------------------------------------------------------- actions
@rule
def covered_share(g, holding, limit):
    """Share of a claim the investor-protection fund would repay: ``g`` up to ``limit``."""
    if holding <= limit or holding <= 0.0:
        return g
    return g * limit / holding


@rule
def counts_on_guarantee(i, D, P):
    """Whether user ``i`` knows of the investor-protection guarantee and counts on it.

    A share ``guarantee_credibility`` of users do (a fixed trait of each user, drawn once
    from the run key: the same users every day, whatever the strategy). Awareness of
    deposit insurance is low and moves behaviour only a little (Bijlsma & van der Wiel
    2015); full insurance cut depositors' liquidations by about a third (Martin, Puri &
    Ufier 2018). With ``guarantee_credibility = 1`` everyone counts on it (Diamond &
    Dybvig's government guarantee).
    """
    return uniform(DrawArrays(D.key, np.uint64(0)), i, AWARE) < P.guarantee_credibility


@rule
def withdrawal_pressure(t, herding, f, g):
    """Run pressure on a holding: ``1 - (1 - g)(1 - T) - (1 - g) h f``.

    ``f`` the share of contacts seen withdrawing; ``h`` the user's herding. (The rules
    call it with ``g = 0`` and let a guarantee scale the chance of running instead,
    :func:`act`; with ``g`` it is the expected-loss form of Diamond & Dybvig 1983.)
    """
    omg = 1.0 - g
    return 1.0 - omg * (1.0 - t) - omg * herding * f


@rule
def run_chance(pressure, threshold, P):
    """Today's chance a user runs from a holding: ``hazard x Phi((threshold - pressure) / s)``.

    A global game with noisy signals (Morris & Shin 1998): the share running rises
    smoothly as pressure falls towards the threshold, instead of all at once. With
    ``run_softness = 0`` and ``run_hazard = 1`` it is Granovetter's (1978) step.
    """
    return P.run_hazard * smooth_step(threshold - pressure, P.run_softness)


@rule
def leave_chance(loss_share, tmax, new_loss, P):
    """Chance a user leaves the sector for good today.

    On learning of a new loss, once: ``Phi((loss share - leave_loss_share) / s)`` with
    ``s = leave_softness``; and, every day, ``Phi((leave_trust - best trust) / s')`` when
    no platform is trusted, with ``s'`` a fifth of ``leave_trust`` (a daily chance must
    not leak users from its tail; none with ``leave_trust = 0``).
    """
    lt = P.leave_trust
    p_trust = smooth_step(lt - tmax, 0.2 * lt) if lt > 0 else 0.0
    if not new_loss:
        return p_trust
    p_loss = smooth_step(loss_share - P.leave_loss_share, P.leave_softness)
    return 1.0 - (1.0 - p_loss) * (1.0 - p_trust)


@rule
def seen_withdrawing(i, p, q, h, S, P, D):
    """Whether contacts see user ``i`` withdrawing from platform ``p`` (after :func:`act`).

    A runner is seen while any of the money asked back is unpaid (``q > 0``); once paid
    out, contacts go on counting them with a daily chance ``1 - withdrawal_fade`` of still
    doing so the next day: talk of a withdrawal is fresh for about ``1 / withdrawal_fade``
    days (a run is talked about while it is news; Maki & Thompson's spreaders lose
    interest). With ``withdrawal_fade = 0`` a runner counts for the rest of the run, as in
    Granovetter's (1978) threshold model, where those who acted stay in the count.
    """
    if not S.ran[i, p]:
        return False
    if q > 0:
        return True
    if h > 0 or not S.withdrawing[i, p]:  # money back on the platform, or forgotten
        return False
    return P.withdrawal_fade <= 0.0 or uniform(D, i, FADE + p) >= P.withdrawal_fade


@rule
def act(i, S, SIG, P, D, f, money, counts, shape):
    """Phase 6 for user ``i``: run, withdraw for a need, invest, complain, leave.

    * Leave for good (asking everything back) with :func:`leave_chance`.
    * Run: ask for everything back from platform p with :func:`run_chance` of the
      :func:`withdrawal_pressure` (``f[p]``: the share of contacts seen withdrawing),
      times ``1 - g`` for a user who counts on the guarantee (:func:`counts_on_guarantee`;
      ``g`` the covered share of the claim: insured depositors ran a third less, Martin,
      Puri & Ufier 2018). Established customers' threshold is lower by
      ``relationship_discount`` (longer relationships run less: Iyer & Puri 2012).
    * A liquidity need (Diamond & Dybvig's early consumers) withdraws a share of holdings.
    * Invest: below the target invested share, with daily chance ``invest_rate``, put new
      money where :func:`choose_platform` draws it (a multinomial logit; McFadden 1974).
    * Complain while withdrawals go unpaid, and once about leaked data.

    Totals go to ``money`` (new money, requests per platform) and ``counts``
    (complaints and runs per platform; switchers and departures).
    """
    n_p = len(shape)
    T = S.trust
    act_i = S.active[i]
    tmax = -1.0
    held = 0.0
    for p in range(n_p):
        tmax = max(tmax, T[i, p])
        held += S.holdings[i, p]
    leave = False
    if act_i:
        loss = S.losses[i]
        new_loss = loss > S.losses_seen[i] + EPS
        share = loss / S.wealth0[i] if S.wealth0[i] > 0 else 0.0
        chance = leave_chance(share, tmax, new_loss, P)
        if new_loss:
            S.losses_seen[i] = loss
        if chance > 0.0:
            leave = uniform(D, i, LEAVE) < chance
    need = act_i and (not leave) and uniform(D, i, NEED) < SIG.need_rate
    herding = S.herding[i] * credulity(S.literacy[i], P)
    counts_on = SIG.guarantee > 0 and counts_on_guarantee(i, D, P)
    any_ran = False
    for p in range(n_p):
        h = S.holdings[i, p]
        q = S.queued[i, p]
        has = (h > EPS) & SIG.open_[p] & (q < h - EPS)  # money there, not all asked back
        run = has & leave
        if has and act_i and not leave:
            g = SIG.guarantee * covered_share(1.0, h, P.guarantee_limit) if counts_on else 0.0
            pressure = withdrawal_pressure(T[i, p], herding, f[p], 0.0)
            # Established customers (here from the start) run less: Iyer & Puri 2012.
            theta = S.threshold[i] - (P.relationship_discount if S.held0[i, p] else 0.0)
            chance = (1.0 - g) * run_chance(pressure, theta, P)
            if chance > 0.0:
                run = uniform(D, i, RUN + p) < chance
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
        S.withdrawing[i, p] = seen_withdrawing(i, p, q, h, S, P, D)
        any_ran = any_ran or S.ran[i, p]
    if act_i and not leave and S.cash[i] > EPS:
        gap = P.invested_share * (S.cash[i] + held) - held
        u = uniform(D, i, INVEST)
        if gap > EPS and u < P.invest_rate:
            best = choose_platform(i, S, SIG, P, u / P.invest_rate, shape)
            if best >= 0:
                amount = min(P.invest_share * gap, S.cash[i])
                S.cash[i] -= amount
                S.holdings[i, best] += amount
                money[0, best] += amount
                if amount > 0 and any_ran and not S.ran[i, best]:
                    counts[2, 0] += 1  # switchers
    aggrieved = False
    for p in range(n_p):
        aggrieved = aggrieved or S.queued[i, p] > 0 or S.grievance[i, p]
    if aggrieved and act_i and uniform(D, i, COMPLAIN) < P.complaint_prob:
        for p in range(n_p):
            if S.queued[i, p] > 0 or S.grievance[i, p]:
                counts[0, p] += 1
                S.grievance[i, p] = False
    if leave:
        S.active[i] = False
        counts[2, 1] += 1  # departed


@rule
def platform_score(i, p, S, SIG, P):
    """User ``i``'s score of platform ``p`` for new money (-inf if it takes none from them).

    ``(1 - a) T + a y / ymax`` with ``a`` the user's risk appetite and ``y`` the yield they
    perceive (literate users see the true one, others the advertised one), times
    ``1 - return_aversion`` where the user once ran.
    """
    if not SIG.accepting[p] or S.queued[i, p] > 0:
        return -np.inf
    li = S.literacy[i]
    ri = S.risk_appetite[i]
    perceived = li * SIG.true_yield[p] + (1.0 - li) * SIG.adv_yield[p]
    s = (1.0 - ri) * S.trust[i, p] + ri * perceived / SIG.ymax
    return s * (1.0 - P.return_aversion * S.ran[i, p])


@rule
def choose_platform(i, S, SIG, P, u, shape):
    """The platform user ``i`` puts new money in, or -1 to keep it (multinomial logit).

    ``P(p) = exp(beta s_p) / (exp(beta s_0) + sum_q exp(beta s_q))`` with ``beta`` the
    ``choice_sharpness`` and ``s_0`` the outside option's score: the reservation trust
    (``threshold + invest_gap``) mixed with ``outside_yield`` as the scores mix trust and
    yield. ``u`` in [0, 1) picks the choice (inverse distribution function).
    """
    n_p = len(shape)
    beta = P.choice_sharpness
    ri = S.risk_appetite[i]
    s0 = ((1.0 - ri) * (S.threshold[i] + P.invest_gap)
          + ri * min(P.outside_yield / SIG.ymax, 1.0))
    top = s0
    for p in range(n_p):
        top = max(top, platform_score(i, p, S, SIG, P))
    total = math.exp(beta * (s0 - top))
    for p in range(n_p):
        sc = platform_score(i, p, S, SIG, P)
        if sc > -np.inf:
            total += math.exp(beta * (sc - top))
    target = u * total
    acc = math.exp(beta * (s0 - top))
    if target < acc:
        return -1
    last = -1
    for p in range(n_p):
        sc = platform_score(i, p, S, SIG, P)
        if sc > -np.inf:
            acc += math.exp(beta * (sc - top))
            last = p
            if target < acc:
                return p
    return last


@rule
def user_day(i, S, SIG, P, D, newly, pull, f, e, talk, wk, bad, money, counts, shape):
    """Phases 5 and 6 for user ``i``: :func:`update_trust`, then :func:`act` on the new trust.

    ``pull`` (neighbours' pull, :func:`social_pull`) and ``f`` (share of contacts seen
    withdrawing from each platform) are what the user gathers from others, from the start
    of the phase.
    """
    update_trust(i, S, SIG, P, newly, e, talk, wk, bad, pull, shape)
    act(i, S, SIG, P, D, f, money, counts, shape)
