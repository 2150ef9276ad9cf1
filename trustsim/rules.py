"""The user rules, each written once: small compilable functions of one user's state.

Core functions: :func:`act` (phase 6 for one user: run, withdraw, invest, complain, leave)
with the rules it calls (:func:`covered_share`, :func:`counts_on_guarantee`,
:func:`withdrawal_pressure`, :func:`run_chance`, :func:`has_claim`, :func:`run_cap`,
:func:`run_threshold`, :func:`near_threshold`, :func:`might_run`,
:func:`quit_level`, :func:`leave_chance`, :func:`seen_withdrawing`, :func:`red_flag`,
:func:`yield_doubt`, :func:`platform_score`,
:func:`choose_platform`, :func:`mark_run`), and
:func:`user_day` (phases 5 and 6 for one user). The trust rules of phase 5 (word of mouth,
evidence, :func:`update_trust`) live in :mod:`trustsim.trust_rules` and are re-exported
here, so every user rule is reached as ``rules.<name>``. The compiled engine
(``trustsim.kernels``) loops over users calling them; ``User.step()`` calls them for one
user; the per-agent test oracle (``tests/oracle.py``) runs them uncompiled, one ``User``
at a time, and must give the same numbers. docs/model.md §7 states each rule with its
equation and source; what the rules are built on (compiling, argument groups, draws) is
:mod:`trustsim.primitives`.

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
    COMPLAIN,
    EPS,
    FADE,
    INVEST,
    LEAVE,
    NEED,
    QUIT,
    RUN,
    RUN_DAY_MAX,
    STEP_REACH,
    DrawArrays,
    rule,
    smooth_step,
    step_bound,
    uniform,
)
from trustsim.trust_rules import (
    contact,
    contagion,
    credulity,
    degroot_pull,
    experience,
    far_sums,
    neighbour_sums,
    outlet_weights,
    overdue,
    public_evidence,
    seen_share,
    social_pull,
    tell,
    trust_step,
    update_trust,
    withdrawing_share,
)

__all__ = ["tell", "contact", "credulity", "outlet_weights", "public_evidence", "contagion",
           "experience", "trust_step", "neighbour_sums", "far_sums", "degroot_pull",
           "social_pull",
           "seen_share", "withdrawing_share",
           "update_trust", "covered_share", "withdrawal_pressure", "run_chance", "has_claim",
           "run_cap", "run_threshold", "near_threshold", "might_run", "quit_level", "leave_chance",
           "seen_withdrawing", "overdue", "red_flag", "yield_doubt", "platform_score",
           "choose_platform", "round_chance",
           "runs_from", "mark_run", "contacts_withdrawing", "look_again", "act", "user_day",
           "COMPLAINT_DECISION", "QUIT_DECISION", "QUIT_REACH", "RUN_ROUNDS"]


COMPLAINT_DECISION = 1.0 / 7.0
"""Daily chance an aggrieved user settles whether to complain: about a week after the harm.

Then it complains with chance ``complaint_prob`` (a share of the aggrieved, not a daily
rate: a daily rate reaches everyone within weeks, so any rate above zero did all that one
did) or lets it go; a user still waiting for money stays aggrieved and settles again."""


QUIT_DECISION = 1.0 / 7.0
"""Daily chance that a user who trusts no platform enough any more quits: about a week.

A rate, not a certainty at once: users act on a loss of trust over days, not the day it
crosses their level; with each user's own level (:func:`quit_level`) the share who quit
rises gradually as the sector's trust falls."""

RUN_ROUNDS = 4
"""Rounds of a day's run decisions when ``same_day_reach`` is above zero.

Between rounds, contacts see a share ``same_day_reach`` of the withdrawals made earlier
that day (:func:`look_again`): a run spread through group chats and mobile banking within
hours (Silicon Valley Bank, 9 March 2023: USD 42 bn asked back in one business day; Barr
2023; Cookson et al. 2023). Four rounds stand for a business day's morning, midday,
afternoon and evening. **An assumption**: with more rounds a day's cascade goes further.
"""

QUIT_REACH = 4.0
"""From this many times ``leave_trust`` of best trust up, no user can quit on low trust (the
chance is exactly 0: 2 for the highest level, 1.6 for 8 sds of the step, and a margin)."""


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
def quit_level(i, D, P):
    """User ``i``'s own level of trust below which it quits the sector: ``2 u leave_trust``.

    Spread evenly from 0 to twice ``leave_trust`` (mean ``leave_trust``), with ``u`` a fixed
    uniform trait of the user drawn once from the run key (the same users every day, whatever
    the strategy). Users differ in how little trust they put up with before they quit; a
    single level for everyone made the share who quit jump from a fifth to all of them
    between 0.3 and 0.4 in the 2018 wave. **An assumption**: no data on that spread.
    """
    return 2.0 * P.leave_trust * uniform(DrawArrays(D.key, np.uint64(0)), i, QUIT)


@rule
def leave_chance(loss_share, tmax, new_loss, P, level):
    """Chance a user leaves the sector for good today.

    On learning of a new loss, once: ``Phi((loss share - leave_loss_share) / s)`` with
    ``s = leave_softness``; and, every day, ``QUIT_DECISION x Phi((level - best trust) /
    s')``, with ``level`` the user's :func:`quit_level` and ``s'`` a fifth of
    ``leave_trust`` (none with ``leave_trust = 0``, nor where the best trust is
    :data:`QUIT_REACH` times ``leave_trust`` or more: no level lies above twice it and the
    step is nil 8 of its sds, 1.6 ``leave_trust``, below a level; there ``level`` is not
    read).
    """
    lt = P.leave_trust
    p_trust = 0.0
    if lt > 0 and tmax < QUIT_REACH * lt:
        p_trust = QUIT_DECISION * smooth_step(level - tmax, 0.2 * lt)
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
def has_claim(h, q, open_):
    """Whether a holding ``h`` with ``q`` already asked back leaves money to ask for.

    Money there (above ``EPS``), not all of it asked back, on a platform still open.
    """
    return (h > EPS) & open_ & (q < h - EPS)


@rule
def run_threshold(i, p, S, P):
    """User ``i``'s run threshold on platform ``p``.

    Its own, less ``relationship_discount`` where it has been a customer from the start
    (longer relationships run less: Iyer & Puri 2012).
    """
    return S.threshold[i] - P.relationship_discount * S.held0[i, p]


@rule
def run_cap(i, p, S, SIG, P, f, herding, counts_on):
    """A cheap upper bound of user ``i``'s chance of running from platform ``p`` today.

    Returns ``(cap, g, pressure, theta)``: the bound (0 where the user has no money there
    to ask back), the covered share the user counts on, the :func:`withdrawal_pressure`
    and the user's threshold, from which :func:`act` works out the chance itself.
    """
    h = S.holdings[i, p]
    if not has_claim(h, S.queued[i, p], SIG.open_[p]):
        return 0.0, 0.0, 0.0, 0.0
    g = SIG.guarantee * covered_share(1.0, h, P.guarantee_limit) if counts_on else 0.0
    pressure = withdrawal_pressure(S.trust[i, p], herding, f[p], 0.0)
    theta = run_threshold(i, p, S, P)
    cap = (1.0 - g) * P.run_hazard * step_bound(theta - pressure, P.run_softness)
    return cap, g, pressure, theta


@rule
def near_threshold(i, S, P, low, pushed):
    """Whether any of user ``i``'s :func:`might_run` could be true, from two numbers.

    ``low``: the lowest trust where the user holds money; ``pushed``: its herding times
    the largest share of contacts seen withdrawing. A run's pressure on a holding is at least
    its trust less that push, and the threshold at most the user's own (established
    customers' is lower), so no bound can be above zero unless ``low - pushed`` is within
    ``STEP_REACH`` run softnesses of the threshold (a sure test, with a margin for
    rounding).
    """
    reach = STEP_REACH * P.run_softness * (1.0 + 1e-9) + 1e-9
    return low - abs(pushed) <= S.threshold[i] + reach


@rule
def might_run(i, p, S, SIG, P, f, herding):
    """Whether :func:`run_cap` of user ``i`` and platform ``p`` could be above zero.

    True wherever the bound is (and a little beyond: a sure test, not an exact one), in
    a few operations and no branch: whether a user has a claim on a platform varies at
    random between users, and a branch on it, mispredicted, cost more than the test.
    """
    h = S.holdings[i, p]
    pressure = withdrawal_pressure(S.trust[i, p], herding, f[p], 0.0)
    near = run_threshold(i, p, S, P) - pressure >= -STEP_REACH * P.run_softness * (1.0 + 1e-9)
    return has_claim(h, S.queued[i, p], SIG.open_[p]) & near


@rule
def round_chance(c, P):
    """A day's chance ``c`` of running, as the chance in each of the day's rounds.

    With ``same_day_reach = 0`` the day is one round and ``c`` is returned as it is. Above
    zero it has :data:`RUN_ROUNDS` rounds, each with chance ``1 - (1 - c)^(1 / rounds)``:
    a user facing the same pressure all day runs with the day's chance ``c`` whatever the
    number of rounds; what changes is that contacts' withdrawals are seen in between.
    """
    if P.same_day_reach <= 0.0 or c >= 1.0:
        return c
    return -math.expm1(math.log1p(-c) / RUN_ROUNDS)  # exact for tiny c too


@rule
def runs_from(i, p, S, SIG, P, D, slot, f, herding, counts_on):
    """Whether user ``i`` runs from platform ``p`` in this round (draw ``slot + p``).

    The chance is :func:`round_chance` of ``(1 - g)`` :func:`run_chance` (``g``: the
    covered share a user who counts on the guarantee expects back); the cheap bound of
    :func:`run_cap` decides first whether the draw can matter.
    """
    cap, g, pressure, theta = run_cap(i, p, S, SIG, P, f, herding, counts_on)
    if cap <= 0.0:
        return False
    u = uniform(D, i, slot + p)
    if u >= round_chance(cap, P):
        return False
    return u < round_chance((1.0 - g) * run_chance(pressure, theta, P), P)


@rule
def mark_run(i, p, S, D):
    """Note that user ``i`` runs from platform ``p`` today (``ran`` and ``run_day``).

    The day is kept as :data:`RUN_DAY_MAX` after it (``run_day`` is int16).
    """
    S.ran[i, p] = True
    S.run_day[i, p] = min(D.day, np.uint64(RUN_DAY_MAX))


@rule
def contacts_withdrawing(i, own, G, seen, n, f, shape):
    """Share of user ``i``'s contacts seen withdrawing from each platform, into ``f``.

    :func:`seen_share` of counts made beforehand (``seen[i, p]``: contacts of ``i``
    flagged on ``p``; well mixed, ``seen[0, p]``: everyone flagged), ``own`` the flags the
    counts were made from. The per-agent path counts from the flags themselves
    (:func:`withdrawing_share`).
    """
    n_p = len(shape)
    row = 0 if G.well_mixed else i
    deg = 0 if G.well_mixed else G.indptr[i + 1] - G.indptr[i]
    for p in range(n_p):
        f[p] = seen_share(seen[row, p], deg, own[i, p], n, G.well_mixed)


@rule
def look_again(i, S, SIG, P, D, slot, f, money, counts, shape):
    """A later round of the day for user ``i``: run from a platform on what it sees now.

    ``f`` mixes the contacts seen withdrawing at the start of the day with those seen
    now (the same and today's runners), by ``same_day_reach``; trust is the day's (trust
    moves once a day). Only runs happen in a later round (leaving, needs and new money are
    decided once a day, in :func:`act`; a user who put new money on a platform that
    morning may run from it that afternoon, new money included: rare, 3-11 runs a
    scenario). The run's draw is slot ``slot + p`` of the day's draws (each round its own
    slots); the guarantee a user counts on is their fixed trait, as in :func:`act`.
    """
    if not S.active[i]:
        return
    n_p = len(shape)
    herding = S.herding[i] * credulity(S.literacy[i], P)
    counts_on = SIG.guarantee > 0 and counts_on_guarantee(i, D, P)
    for p in range(n_p):
        if runs_from(i, p, S, SIG, P, D, slot, f, herding, counts_on):
            h = S.holdings[i, p]
            r = h - S.queued[i, p]
            mark_run(i, p, S, D)
            counts[1, p] += 1
            S.queued[i, p] = h
            money[1, p] += r
            S.withdrawing[i, p] = seen_withdrawing(i, p, h, h, S, P, D)


@rule
def act(i, S, SIG, P, D, f, x, money, counts, shape):
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
    * Complain: an aggrieved user (money unpaid, or a grievance: leaked data, fraud, misled
      by ads) settles with daily chance :data:`COMPLAINT_DECISION` whether to complain;
      a share ``complaint_prob`` does.

    Totals go to ``money`` (new money, requests per platform) and ``counts``
    (complaints and runs per platform; switchers and departures).
    """
    n_p = len(shape)
    T = S.trust
    act_i = S.active[i]
    tmax = -1.0
    held = 0.0
    low = 2.0  # the lowest trust where money is held (above 1: none is)
    fmax = 0.0
    for p in range(n_p):
        t = T[i, p]
        h = S.holdings[i, p]
        tmax = max(tmax, t)
        held += h
        low = min(low, t if h > EPS else 2.0)
        fmax = max(fmax, f[p])
    leave = False
    if act_i:
        loss = S.losses[i]
        new_loss = loss > S.losses_seen[i] + EPS
        share = 0.0  # (read only on a new loss)
        if new_loss and S.wealth0[i] > 0:
            share = loss / S.wealth0[i]
        # A user's own quitting level is drawn only where it can matter (QUIT_REACH).
        lt = P.leave_trust
        level = quit_level(i, D, P) if lt > 0 and tmax < QUIT_REACH * lt else 0.0
        chance = leave_chance(share, tmax, new_loss, P, level)
        if new_loss:
            S.losses_seen[i] = loss
        if chance > 0.0:
            leave = uniform(D, i, LEAVE) < chance
    need = act_i and (not leave) and uniform(D, i, NEED) < SIG.need_rate
    herding = S.herding[i] * credulity(S.literacy[i], P)
    counts_on = SIG.guarantee > 0 and counts_on_guarantee(i, D, P)
    # On most days no draw can matter: nobody leaves or needs cash and a cheap bound of
    # every chance of running is zero. Only then are the holdings gone through in full.
    busy = leave or need
    if act_i and not busy and near_threshold(i, S, P, low, herding * fmax):
        for p in range(n_p):
            busy = busy | might_run(i, p, S, SIG, P, f, herding)
    for p in range(n_p):
        if busy:
            h = S.holdings[i, p]
            q = S.queued[i, p]
            has = has_claim(h, q, SIG.open_[p])
            run = has & leave
            if has and act_i and not leave:
                run = runs_from(i, p, S, SIG, P, D, RUN, f, herding, counts_on)
            if run | (has & need):  # rare
                if run:
                    r = h - q
                    mark_run(i, p, S, D)
                    counts[1, p] += 1
                else:
                    r = P.liquidity_need_share * (h - q)
                if r != 0.0:
                    q += r
                    S.queued[i, p] = q
                    money[1, p] += r
        if S.ran[i, p] | S.withdrawing[i, p]:  # (rare: never ran, never seen withdrawing)
            S.withdrawing[i, p] = seen_withdrawing(i, p, S.queued[i, p], S.holdings[i, p],
                                                   S, P, D)
    if act_i and not leave and S.cash[i] > EPS:
        gap = P.invested_share * (S.cash[i] + held) - held
        u = uniform(D, i, INVEST)
        if u < P.invest_rate and gap > EPS:  # (the rare one first: the same decision)
            best = choose_platform(i, S, SIG, P, u / P.invest_rate, x, shape)
            if best >= 0:
                amount = min(P.invest_share * gap, S.cash[i])
                S.cash[i] -= amount
                S.holdings[i, best] += amount
                money[0, best] += amount
                if amount > 0 and not S.ran[i, best]:
                    any_ran = False
                    for p in range(n_p):
                        any_ran = any_ran or S.ran[i, p]
                    if any_ran:
                        counts[2, 0] += 1  # switchers: ran from one, new money to another
    aggrieved = False
    for p in range(n_p):
        aggrieved = aggrieved or overdue(i, p, S, SIG) or S.grievance[i, p]
    if aggrieved and act_i:
        u = uniform(D, i, COMPLAIN)
        if u < COMPLAINT_DECISION:  # settles today whether to complain (about a week)
            complain = u < COMPLAINT_DECISION * P.complaint_prob
            for p in range(n_p):
                if overdue(i, p, S, SIG) or S.grievance[i, p]:
                    if complain:
                        counts[0, p] += 1
                    S.grievance[i, p] = False
    if leave:
        S.active[i] = False
        counts[2, 1] += 1  # departed


@rule
def red_flag(adv, P):
    """How far an advertised yield ``adv`` reads as a red flag, 0-1.

    0 up to ``sound_yield``, rising linearly to 1 at ``sound_yield + yield_doubt_span`` and
    above: by default 6 % and 10 %, the bands of CBIRC chairman Guo Shuqing's warning (June
    2018: above 6 % questionable, above 8 % dangerous, above 10 % expect to lose the
    principal).
    """
    return min(max((adv - P.sound_yield) / P.yield_doubt_span, 0.0), 1.0)


@rule
def yield_doubt(li, adv, P):
    """The share of trust a user of literacy ``li`` keeps in a promise of yield ``adv``.

    ``1 - yield_doubt x li x red_flag(adv)``: literate users read a yield above what sound
    products pay as a sign of risk or fraud (Burke et al. 2022: a short education cut
    investing in fraudulent offers and not in sound ones). It scales trust in the choice
    of where new money goes (:func:`platform_score`) and the market-share weight of who
    holds what at the start (``population.Population.create``).
    """
    return 1.0 - P.yield_doubt * li * red_flag(adv, P)


@rule
def platform_score(i, p, S, SIG, P):
    """User ``i``'s score of platform ``p`` for new money (-inf if it takes none from them).

    ``(1 - a) T d + a y / ymax`` with ``a`` the user's risk appetite, ``d`` the trust kept
    despite the highest yield the platform has advertised (:func:`yield_doubt`: a promise
    once exposed as false stays a red flag) and ``y`` the yield they perceive (literate
    users see the true one, others the advertised one), times
    ``1 - return_aversion`` where the user once ran.
    """
    if not SIG.accepting[p] or S.queued[i, p] > 0:
        return -np.inf
    li = S.literacy[i]
    ri = S.risk_appetite[i]
    perceived = li * SIG.true_yield[p] + (1.0 - li) * SIG.adv_yield[p]
    kept = yield_doubt(li, SIG.promised[p], P)
    s = (1.0 - ri) * S.trust[i, p] * kept + ri * perceived / SIG.ymax
    return s * (1.0 - P.return_aversion * S.ran[i, p])


@rule
def choose_platform(i, S, SIG, P, u, x, shape):
    """The platform user ``i`` puts new money in, or -1 to keep it (multinomial logit).

    ``P(p) = exp(beta s_p) / (exp(beta s_0) + sum_q exp(beta s_q))`` with ``beta`` the
    ``choice_sharpness`` and ``s_0`` the outside option's score: the reservation trust
    (``threshold + invest_gap``) mixed with ``outside_yield`` as the scores mix trust and
    yield. ``u`` in [0, 1) picks the choice (inverse distribution function). ``x`` is
    scratch space, one entry per platform (each platform's weight, worked out once; -1
    where it takes no money from the user).
    """
    n_p = len(shape)
    beta = P.choice_sharpness
    ri = S.risk_appetite[i]
    s0 = ((1.0 - ri) * (S.threshold[i] + P.invest_gap)
          + ri * min(P.outside_yield / SIG.ymax, 1.0))
    top = s0
    for p in range(n_p):
        x[p] = platform_score(i, p, S, SIG, P)
        top = max(top, x[p])
    acc = math.exp(beta * (s0 - top))
    total = acc
    for p in range(n_p):
        if x[p] > -np.inf:
            x[p] = math.exp(beta * (x[p] - top))
            total += x[p]
        else:
            x[p] = -1.0
    target = u * total
    if target < acc:
        return -1
    last = -1
    for p in range(n_p):
        if x[p] >= 0.0:
            acc += x[p]
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
    act(i, S, SIG, P, D, f, bad, money, counts, shape)
