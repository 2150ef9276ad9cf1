"""The trust rules, each written once: contacts, evidence and the trust update (phase 5).

Core functions: :func:`contact` and :func:`tell` (word of mouth), :func:`credulity`,
:func:`outlet_weights`, :func:`public_evidence`, :func:`contagion`, :func:`experience`,
:func:`trust_step`, :func:`social_pull` (with :func:`neighbour_sums`,
:func:`far_sums` and :func:`degroot_pull`), :func:`withdrawing_share` and
:func:`update_trust` (phase 5 for one user). What users then do (phase 6) is in
:mod:`trustsim.rules`, which also composes the two into a user's day and re-exports
these names, so ``rules.update_trust`` is this function. The conventions (argument
groups ``S``, ``G``, ``SIG``, ``P``, ``D``; ``shape``; reads of other users at the start
of the phase) are those of :mod:`trustsim.rules`; docs/model.md §7.8 states each rule.
"""

from __future__ import annotations

import numpy as np

from trustsim.primitives import (
    BOUNDED_CONFIDENCE,
    DEGROOT,
    DEGROOT_WELL_MIXED,
    EPS,
    IGNORANT,
    SPREADER,
    STIFLER,
    rule,
)

__all__ = ["UNPAID_EVIDENCE", "tell", "contact", "credulity", "outlet_weights",
           "public_evidence", "contagion", "overdue", "experience", "trust_step",
           "plus_row", "neighbour_sums", "column_sum", "far_sums", "degroot_pull", "social_pull",
           "seen_share", "withdrawing_share", "update_trust"]

# Daily bad evidence while a withdrawal goes unpaid. A constant, not a parameter: swept
# over 0-1 it moved no outcome by what matters (docs/validation.md §4.4): the users it
# reaches have already asked for their money back.
UNPAID_EVIDENCE = 0.3

GONE_EVIDENCE = UNPAID_EVIDENCE
"""Daily bad evidence about a platform that has failed or absconded, for every user: its
promises are broken for good and its victims' money is lost or stuck in a wind-up, each
day as much as money asked back and not paid. Trust in it falls towards 0 (from the
0.42 the day's clipped evidence left it at, to about 0.01 in a month) instead of staying
where the failure's one day of news left it: a collapse must show in the headline trust,
which counts the platforms users held. Kept apart from the public evidence, so that a
dead platform spreads no contagion day after day."""


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
def overdue(i, p, S, SIG):
    """Whether user ``i`` has money on platform ``p`` that is overdue.

    Overdue: asked back, and ``p`` did not pay today's due withdrawals in full (``short``).
    Money asked back waits for the next day's payments (and a wealth product pays at most
    ``redemption_cap`` a day by rule): that wait is no grievance. Counted as one until
    2026-12-06, it made users complain in calm times (323 complaints over two years from
    2,000 users, seed 5), and the complaint-led inspections those drew found a weak platform's
    violation on day 667 of a calm world (seed 5), which then lost 0.13 of trust. Read by
    the complaints of :func:`trustsim.rules.act` and the unpaid-money evidence of
    :func:`experience`.
    """
    return (S.queued[i, p] > 0) & SIG.short[p]


@rule
def experience(i, p, S, SIG, P):
    """Own experience with platform ``p``: bad evidence only.

    Bad private shocks (a leak, a loss, fraud); money asked back and not paid; as a
    holder, the platform's visible distress (frozen withdrawals, unpaid queues, insolvency
    it discloses). Good private evidence (compensation received, service and care after
    a crisis) is kept apart in ``relief``, so that it cannot cancel a bad shock of the same
    day; it counts as the platform's talk (:func:`update_trust`).
    """
    x = min(S.shock[i, p], 0.0) if SIG.has_shock else 0.0  # private shocks are rare
    x -= UNPAID_EVIDENCE if overdue(i, p, S, SIG) else 0.0
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
def plus_row(s, T0, j, n_p):
    """Eight sums ``s`` plus row ``j`` of ``T0``: its first ``n_p`` entries (up to eight)."""
    s0, s1, s2, s3, s4, s5, s6, s7 = s
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
    return (s0, s1, s2, s3, s4, s5, s6, s7)


@rule
def neighbour_sums(a, b, idx, T0, shape):
    """The trust ``T0`` in each platform summed over the contacts ``idx[a:b]``.

    A tuple of eight (up to eight platforms; the rest stay 0). Contacts are taken in pairs:
    the first of each pair into one set of sums, the second into another, added together
    at the end (two chains of additions where one would wait on the last addition at
    every contact: the near pull at 100,000 users 1.77 against 1.95 ms, 2026-12-06). Up to
    eight platforms the sums stay in registers (``len(shape)`` is a compile-time constant:
    the tests on it in :func:`plus_row` vanish); summing into memory instead waits on it at
    every contact (~20 % slower). Positions are unsigned: numba then reads the list without
    a check for negative indices (~7 % faster; the same numbers).
    """
    n_p = len(shape)
    s = u = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)  # the first, the second of each pair
    one = np.uint64(1)
    q = np.uint64(a)
    end = np.uint64(b)
    while q + one < end:
        s = plus_row(s, T0, idx[q], n_p)
        u = plus_row(u, T0, idx[q + one], n_p)
        q += np.uint64(2)
    if q < end:  # an odd count: the last contact
        s = plus_row(s, T0, idx[q], n_p)
    return (s[0] + u[0], s[1] + u[1], s[2] + u[2], s[3] + u[3], s[4] + u[4], s[5] + u[5],
            s[6] + u[6], s[7] + u[7])


@rule
def column_sum(a, b, idx, T0, p):
    """:func:`neighbour_sums` of one platform ``p`` (more than eight platforms), in its order."""
    s = 0.0
    u = 0.0
    one = np.uint64(1)
    q = np.uint64(a)
    end = np.uint64(b)
    while q + one < end:
        s += T0[idx[q], p]
        u += T0[idx[q + one], p]
        q += np.uint64(2)
    if q < end:
        s += T0[idx[q], p]
    return s + u


@rule
def far_sums(i, G, T0, shape):
    """:func:`neighbour_sums` of user ``i``'s far contacts.

    Its row before its near block, then after it, kept as a list of their own
    (``network.Graph.near_and_far``).
    """
    return neighbour_sums(G.far_ptr[i], G.far_ptr[i + 1], G.far_idx, T0, shape)


@rule
def degroot_pull(near, far, own, inv, w):
    """DeGroot's pull on one trust value ``own``: ``w ((near + far) / degree - own)``.

    ``near``, ``far``: the sums of the near and far contacts' trust
    (:func:`neighbour_sums`); ``inv``: 1 / degree, 0 for a user without contacts, who is
    pulled nowhere.
    """
    return w * ((near + far) * inv - own) if inv > 0 else 0.0


@rule
def social_pull(i, S, G, SIG, P, u_social, n, pull, shape):
    """Neighbours' pull on user ``i``'s trust in each platform, into ``pull``.

    DeGroot (1974): ``w (mean of neighbours' trust - own trust)`` (:func:`degroot_pull`),
    the contacts' trust summed near ones first, then far ones (:func:`neighbour_sums`,
    :func:`far_sums`; ``network.Graph.near_and_far``: the compiled engine gathers the far
    ones in a pass of their own); well mixed, the mean over everyone else. Bounded
    confidence (Deffuant et al. 2000): a step ``mu`` towards one random contact, if their
    trust differs by less than the bound. All from the start-of-phase trust ``S.trust0``.
    """
    n_p = len(shape)
    T0 = S.trust0
    social = P.social
    if social == DEGROOT:
        w = P.social_weight
        inv = G.inv_degree[i]
        lo = G.near_lo[i]
        hi = G.near_hi[i]
        if n_p <= 8:
            near = neighbour_sums(lo, hi, G.indices, T0, shape)
            far = far_sums(i, G, T0, shape)
            for p in range(n_p):
                pull[p] = degroot_pull(near[p], far[p], T0[i, p], inv, w)
        else:  # more platforms: the same sums, one platform at a time
            for p in range(n_p):
                near_p = column_sum(lo, hi, G.indices, T0, p)
                far_p = column_sum(G.far_ptr[i], G.far_ptr[i + 1], G.far_idx, T0, p)
                pull[p] = degroot_pull(near_p, far_p, T0[i, p], inv, w)
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
def seen_share(k, deg, own, n, well_mixed):
    """Share of a user's contacts seen withdrawing, from ``k`` of them flagged.

    Well mixed, ``k`` counts everyone flagged and the user does not count itself (``own``,
    its own flag); on a graph, ``k`` of its ``deg`` contacts; an isolated user sees only
    itself.
    """
    if well_mixed:
        return (k - own) / (n - 1)
    if deg > 0:
        return k / deg if k > 0 else 0.0
    return 1.0 if own else 0.0


@rule
def withdrawing_share(i, withdrawing0, G, n, f, shape):
    """Share of user ``i``'s contacts seen withdrawing from each platform, into ``f``.

    From the start-of-phase flags ``withdrawing0`` (:func:`seen_share` of the contacts
    flagged; well mixed, of everyone else).
    """
    n_p = len(shape)
    start = 0 if G.well_mixed else G.indptr[i]  # (well mixed: no graph arrays to read)
    deg = 0 if G.well_mixed else G.indptr[i + 1] - start
    for p in range(n_p):
        k = 0
        if G.well_mixed:
            for j in range(n):
                k += withdrawing0[j, p]
        else:
            for q in range(start, start + deg):
                k += withdrawing0[G.indices[q], p]
        f[p] = seen_share(k, deg, withdrawing0[i, p], n, G.well_mixed)


@rule
def update_trust(i, S, SIG, P, newly, e, talk, wk, bad, pull, shape):
    """Phase 5 for user ``i``: evidence, then the new trust in every platform.

    1. Facts ``E`` (clipped to [-1, 1]) = public evidence + contagion + ``experience_weight``
       x own experience, then :func:`trust_step`.
    2. Talk (statements, compensation offered, and good private evidence, ``relief``:
       compensation received, service and care after a crisis): bad talk moves trust as
       facts do; good talk can lift it no higher than the user's lowest trust just
       before one of the platform's public incidents (``anchor``), or where the day would
       have left it without the talk if that is higher: a crisis cannot leave a platform
       better off (De Matos et al. 2007: the service-recovery paradox does not reach
       loyalty), and good words never lower trust.
    3. Being paid as promised confirms expectations: holders' trust moves towards the
       user's baseline (``trust_base``) at ``learning_rate x confirmation`` a day
       (expectation confirmation, Bhattacherjee 2001), never above the anchor: a calm world
       stays calm, and trust lost in a crisis comes back only slowly and not beyond where
       it was before the incident.
    4. A rating change (an up- or downgrade on the day the ratings are published) moves
       literate users' trust by ``0.1 regulator_weight x literacy x change``; neighbours
       pull (``pull``, from :func:`social_pull`).

    5. A platform that has failed or absconded is bad evidence every day
       (:data:`GONE_EVIDENCE`), for users who left too: trust in it falls towards 0.

    Users who left keep their trust (but in a failed platform, 5). Today's private shocks
    and relief are consumed.
    """
    n_p = len(shape)
    if not S.active[i]:
        for p in range(n_p):
            t = S.trust0[i, p]
            if SIG.any_gone and not SIG.open_[p]:  # those who left hear of it too
                t = trust_step(t, -GONE_EVIDENCE, P.learning_rate,
                               P.learning_rate * P.negativity_bias)
            S.trust[i, p] = t
            if SIG.has_shock:
                S.shock[i, p] = 0.0
            if SIG.has_relief:
                S.relief[i, p] = 0.0
        return
    if not SIG.quiet:  # on quiet days (no public evidence at all) e stays all zero
        public_evidence(i, S, SIG, P, newly, e, talk, wk, shape)
        if n_p > 1:
            contagion(e, bad, SIG.spill, shape)
    elif not SIG.calm:  # (calm days read neither: the evidence step is skipped below)
        for p in range(n_p):
            e[p] = 0.0
            talk[p] = 0.0
    li = S.literacy[i]
    lr = P.learning_rate
    lr_bias = P.learning_rate * P.negativity_bias
    rating_pull = 0.1 * P.regulator_weight
    confirm = P.learning_rate * P.confirmation
    T0, B, A = S.trust0, S.trust_base, S.anchor
    for p in range(n_p):
        t = T0[i, p]
        ceiling = np.inf  # on a day good words reach the user: where its trust ends, at most
        worded = False
        t_nw = t  # the day without the good words (followed only on a day with some)
        # On calm days every fact and word is zero and steps 1-2 leave trust as it is
        # (skipped: about a tenth of the day's pass; the same numbers).
        if not SIG.calm:
            v = min(max(e[p] + P.experience_weight * experience(i, p, S, SIG, P), -1.0), 1.0)
            t = trust_step(t, v, lr, lr_bias)
            w = talk[p]
            if SIG.has_relief:  # compensation received, care and service after a crisis
                w += P.experience_weight * S.relief[i, p]
            if w < 0:
                t = trust_step(t, max(w, -1.0), lr, lr_bias)
            elif w > 0:
                cap = max(A[i, p], t)
                t_nw = t
                t = min(trust_step(t, min(w, 1.0), lr, lr_bias), cap)
                if lr > 0.0:  # words that carry weight (none with a zero learning rate)
                    ceiling = cap
                    worded = True
        gone = SIG.any_gone and not SIG.open_[p]  # failed or fled: promises broken for good
        if gone:
            t = trust_step(t, -GONE_EVIDENCE, lr, lr_bias)
        # Back towards the baseline, but never above the pre-incident level: worked out
        # for every holding and kept where it earns (a choice, not a branch: whether a
        # user holds money somewhere varies at random between users, and a mispredicted
        # branch per holding cost more than the sum; the same numbers).
        earning = (S.holdings[i, p] - S.queued[i, p] > EPS) & SIG.yield_ok[p]
        confirmed = min(t + confirm * (B[i, p] - t), max(A[i, p], t))
        t = confirmed if earning else t
        before = t
        if SIG.has_rating and not np.isnan(SIG.rating[p]):
            t += rating_pull * li * SIG.rating[p]
        t += pull[p]
        if worded:
            # Good words cannot lift trust above the pre-incident level (the anchor)
            # beyond where the day would have left it without them: the cap takes back
            # what they added above it, never what neighbours, ratings or being paid did.
            # Capping the whole day (until 2026-12-07) held users above their anchor
            # from neighbours' upward pull while the downward pull went on, so any good
            # word, however small, drained trust: a brand campaign of 0.1 cost 1.8 more
            # trust-days than none in rebuild_after_crisis. Without any cap, compensation
            # refilled each user to its anchor while neighbours pulled others above
            # theirs, and the mean ended above the pre-incident level.
            if gone:
                t_nw = trust_step(t_nw, -GONE_EVIDENCE, lr, lr_bias)
            if earning:
                t_nw = min(t_nw + confirm * (B[i, p] - t_nw), max(A[i, p], t_nw))
            ceiling = max(ceiling, t_nw + (t - before))
        S.trust[i, p] = min(max(min(t, ceiling), 0.0), 1.0)
        if SIG.has_shock:
            S.shock[i, p] = 0.0
        if SIG.has_relief:
            S.relief[i, p] = 0.0
