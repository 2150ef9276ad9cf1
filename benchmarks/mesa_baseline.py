"""An honest per-agent yardstick: trustsim's user rules as an idiomatic Mesa model.

    .venv/bin/python benchmarks/mesa_baseline.py [--users N] [--steps S] [--seed K]
        [--scenario NAME] [--seeds K] [--draws python|engine]
        [--activation shuffle|sequential] [--json]

:class:`MesaBaselineModel` is :class:`trustsim.TrustModel` with phases 5-6 (trust update,
then actions; docs/model.md §7.8-7.9) written the way a competent Mesa user would write
them: one :class:`MesaUser` agent per user whose state is plain Python floats, bools and
lists (one entry per platform), a Python list of neighbour agents, a snapshot pass
(``do("snapshot")``: the start-of-phase trust and withdrawal flags that neighbours read,
so the update is synchronous) and then ``shuffle_do("step")``. No numpy in the per-user
path and none of trustsim's compiled rules: every rule is restated below in plain Python
from docs/model.md and ``trustsim/rules.py``. Draws come from the model's
``random.Random`` (``draws="python"``); ``draws="engine"`` recomputes, in Python, the
engine's counter-based draws (``primitives.uniform``: SplitMix64 of run key, day, user and
decision), so that the two must agree to rounding, not only statistically (a check of
the restated rules, not a speed setting).

Everything else (platforms, media, crises, regulator, word of mouth, records) is the
model's own. Each day the state other phases change (holdings and queues paid out,
cash, losses, private shocks, grievances, incident anchors, literacy, who heard a story)
is copied into the agents before they step, and what other phases read is written back
after (``sync``, timed apart from the agents' stepping).

The benchmark runs the compiled model and the baseline side by side on one seed, day by
day in the same process (single core: ``NUMBA_NUM_THREADS=1``), and prints the largest
difference of per-platform mean trust over all days, the median time per step of the
user phases (compiled ``update_trust_and_act`` against the agents' stepping), their
ratio, the full steps and the time to build the agents. :func:`measure` returns the
same as a dict (for ``benchmarks/run.py``).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import time
from typing import Any

# Single core (the performance issue): numba reads this when trustsim is first imported.
os.environ.setdefault("NUMBA_NUM_THREADS", "1")

import mesa  # noqa: E402
import numpy as np  # noqa: E402

import trustsim  # noqa: E402
from trustsim.population import ActionTotals  # noqa: E402
from trustsim.primitives import RUN_DAY_MAX  # noqa: E402
from trustsim.rules import COMPLAINT_DECISION  # noqa: E402
from trustsim.trust_rules import GONE_EVIDENCE, UNPAID_EVIDENCE  # noqa: E402

__all__ = ["MesaUser", "MesaBaselineModel", "measure", "agreement", "counter_uniform"]

EPS = 1e-9  # money below this (thousand CNY) counts as zero, as in the rules

# Decisions a user draws for (the engine's slot numbers, docs/model.md §7.7), used to
# recompute the engine's draws with ``draws="engine"``.
SOCIAL, NEED, INVEST, COMPLAIN, LEAVE, AWARE, QUIT, RUN, FADE = 2, 3, 4, 5, 6, 7, 8, 16, 1024
QUIT_DECISION = 1.0 / 7.0  # daily chance of quitting once no platform is trusted enough

# Social influence modes.
NONE, DEGROOT, DEGROOT_ALL, BOUNDED = "none", "degroot", "degroot_well_mixed", "bounded"


# --------------------------------------------------------------------------- draws
_MASK = (1 << 64) - 1


def _mix(z: int) -> int:
    """SplitMix64's finaliser on a Python int (64-bit wrap-around)."""
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return z ^ (z >> 31)


def counter_uniform(key: int, day: int, user: int, slot: int) -> float:
    """The engine's draw for one user's decision on one day, computed in plain Python.

    The same hash as ``trustsim.primitives.uniform`` (docs/model.md §7.7), so a run with
    ``draws="engine"`` takes every decision on the same number as the compiled pass.
    """
    c = (((day << 40) + user) << 12) + slot
    z = _mix(key ^ _mix((c * 0x9E3779B97F4A7C15) & _MASK))
    return (z >> 11) * (1.0 / 9007199254740992.0)


# --------------------------------------------------------------------------- small rules
def smooth_step(x: float, softness: float) -> float:
    """``P(noise > -x)`` for normal noise of sd ``softness`` (a step at 0 if it is 0)."""
    if softness <= 0.0:
        return 1.0 if x >= 0.0 else 0.0
    z = x / softness
    if z < -8.0:
        return 0.0
    return 0.5 * math.erfc(-z / math.sqrt(2.0))


def contagion(e: list[float], spill: list[list[float]]) -> None:
    """Sector contagion, in place: each platform takes a share of the others' bad evidence.

    As ``rules.contagion`` computes it: every platform's addition from the evidence as it
    was before any was added.
    """
    bad = [min(x, 0.0) for x in e]
    if min(bad) >= 0.0:
        return
    n_p = len(e)
    for p in range(n_p):
        row = spill[p]
        add = 0.0
        for q in range(n_p):
            if q != p:
                add += row[q] * bad[q]
        e[p] += add


class Day:
    """Today's signals and parameters as plain Python values, shared by every agent.

    Built once a day by :meth:`MesaBaselineModel.update_trust_and_act` from the model's
    public state (platforms, outlets, today's ``signals``, ``p``); the agents read it and
    add what they did to its tallies (``invested``, ``requested``, ``complaints``, ``runs``,
    ``switchers``, ``departed``).
    """

    def __init__(self, model: MesaBaselineModel) -> None:
        p, sig, plats = model.p, model.signals, model.platforms
        n_p = len(plats)
        self.n_p = n_p
        self.n = model.p.n_users
        # what platforms show at the start of phase 5
        self.yield_ok = [pl.pays_out for pl in plats]
        self.accepting = [pl.accepting for pl in plats]
        self.open = [pl.alive for pl in plats]
        self.short = [pl.short for pl in plats]
        self.distress = [pl.visible_distress() for pl in plats]
        self.true_yield = [pl.true_yield for pl in plats]
        adv = [pl.advertised_yield for pl in plats]
        self.adv_yield = adv
        self.ymax = max(max(adv, default=0.0), 0.0, 1e-9)
        # literate users' doubt of a yield above what sound products pay (a red flag)
        self.yield_doubt = p.yield_doubt
        self.flag = [min(max((pl.promised_yield - p.sound_yield) / p.yield_doubt_span, 0.0),
                         1.0) for pl in plats]  # the highest yield each has advertised
        self.spill = model.spill_matrix().tolist()
        # what media, platforms and the regulator said today (weights applied)
        news = sig.news.tolist()  # outlets x platforms
        self.news = [[row[j] for row in news] for j in range(n_p)]  # platforms x outlets
        self.cred = sig.outlet_credibility.tolist()
        self.story = sig.story_value.tolist()
        self.statement = [p.statement_weight * s for s in sig.statement.tolist()]
        self.regulator = [p.regulator_weight * g for g in sig.regulator.tolist()]
        self.rating = sig.rating.tolist()  # NaN: no rating news today
        self.has_news = any(v != 0.0 for row in news for v in row)
        self.has_story = any(v != 0.0 for v in self.story)
        self.has_rating = any(r == r for r in self.rating)
        self.quiet = not (self.has_news or self.has_story
                          or any(s != 0.0 for s in self.statement)
                          or any(g != 0.0 for g in self.regulator))
        self.guarantee = float(p.guarantee_coverage)
        self.need_rate = min(1.0, p.liquidity_need_rate * model.need_multiplier)
        # parameters, derived once
        self.news_weight = p.news_weight
        self.education = p.education_campaign
        self.xw = p.experience_weight
        self.unpaid = UNPAID_EVIDENCE
        self.gone = GONE_EVIDENCE  # daily, about a platform that failed or fled
        self.any_gone = not all(self.open)
        self.distress_weight = p.distress_weight
        self.lr = p.learning_rate
        self.lr_bias = p.learning_rate * p.negativity_bias
        self.confirm = p.learning_rate * p.confirmation
        self.rating_pull = 0.1 * p.regulator_weight
        self.social = model.social
        self.social_weight = p.social_weight
        self.convergence = p.convergence
        self.bound = p.confidence_bound
        self.credibility = p.guarantee_credibility
        self.limit = p.guarantee_limit
        self.relationship = p.relationship_discount
        self.run_hazard = p.run_hazard
        self.run_softness = p.run_softness
        self.fade = p.withdrawal_fade
        self.leave_trust = p.leave_trust
        self.leave_loss = p.leave_loss_share
        self.leave_softness = p.leave_softness
        self.need_share = p.liquidity_need_share
        self.invested_share = p.invested_share
        self.invest_rate = p.invest_rate
        self.invest_share = p.invest_share
        self.beta = p.choice_sharpness
        self.invest_gap = p.invest_gap
        self.outside = min(p.outside_yield / self.ymax, 1.0)
        self.return_aversion = p.return_aversion
        self.complaint_prob = p.complaint_prob
        # filled by the model: day-wide facts from the start of the phase
        self.has_shock = False
        self.has_relief = False
        self.any_withdrawing = False
        self.colsum = [0.0] * n_p  # start-of-phase trust summed over users (well mixed)
        self.withdrawing_count = [0] * n_p  # users withdrawing (well mixed)
        self.draw = None  # draw(user index, decision) -> uniform in [0, 1)
        self.today = 0  # the day (a run's day is kept: Population.run_day)
        # what users did today
        self.invested = [0.0] * n_p
        self.requested = [0.0] * n_p
        self.complaints = [0] * n_p
        self.runs = [0] * n_p
        self.switchers = 0
        self.departed = 0


# --------------------------------------------------------------------------- the agent
class MesaUser(mesa.Agent):
    """One user, as a Mesa agent holding its own state in Python floats and lists.

    Args:
        model: the :class:`MesaBaselineModel`.
        index: the user's row in ``model.population`` (its initial state, and where its
            state is written back for the rest of the model).
        state: the user's initial state: per-platform lists and scalars.

    Attributes:
        trust, trust0, trust_base, anchor, holdings, queued, ran, run_day, withdrawing,
        withdrawing0, grievance, shock, relief, held0, newly: one entry per platform (``trust0``
        and ``withdrawing0``: as at the start of the phase; ``newly``: heard a story
        today).
        cash, wealth0, losses, losses_seen, literacy, risk_appetite, threshold, herding,
        media_susceptibility, active: scalars; audience: follows each outlet.
        neighbours: the agents this user is linked to; inv_degree: 1 / their number.
        aware: the user's fixed draw deciding whether it counts on a guarantee.
        quit: the user's fixed draw placing its own quitting level in 0 .. 2 leave_trust.
        steps: how many times :meth:`step` ran.
    """

    def __init__(self, model: MesaBaselineModel, index: int, state: dict[str, Any]) -> None:
        super().__init__(model)
        self.index = index
        self.__dict__.update(state)
        self.trust0 = self.trust
        self.withdrawing0 = self.withdrawing
        self.newly = [False] * len(self.trust)
        self.neighbours: list[MesaUser] = []
        self.inv_degree = 0.0
        self.steps = 0

    # ----------------------------------------------------------------------- the day
    def snapshot(self) -> None:
        """Keep the start-of-phase trust and withdrawal flags (what neighbours read)."""
        self.trust0 = self.trust[:]
        self.withdrawing0 = self.withdrawing[:]

    def step(self) -> None:
        """Phases 5-6 for this user: gather from contacts, update trust, then act."""
        day = self.model.day
        self.steps += 1
        pull = self.social_pull(day)
        f = self.withdrawing_share(day)
        self.update_trust(day, pull)
        self.act(day, f)

    # ----------------------------------------------------------------------- contacts
    def social_pull(self, day: Day) -> list[float]:
        """Neighbours' pull on this user's trust in each platform (docs/model.md §7.8)."""
        n_p = day.n_p
        t0 = self.trust0
        mode = day.social
        if mode == DEGROOT:
            nbs = self.neighbours
            if not nbs:
                return [0.0] * n_p
            # per platform, the sum of the neighbours' trust (columns of their rows)
            sums = [sum(col) for col in zip(*[nb.trust0 for nb in nbs], strict=True)]
            w, inv = day.social_weight, self.inv_degree
            return [w * (s * inv - t) for s, t in zip(sums, t0, strict=True)]
        if mode == DEGROOT_ALL:
            w, cs, others = day.social_weight, day.colsum, day.n - 1
            return [w * ((cs[p] - t0[p]) / others - t0[p]) for p in range(n_p)]
        if mode == BOUNDED:
            tj = self.contact(day.draw(self.index, SOCIAL)).trust0
            mu, bound = day.convergence, day.bound
            pull = [0.0] * n_p
            for p in range(n_p):
                gap = tj[p] - t0[p]
                if abs(gap) < bound:
                    pull[p] = mu * gap
            return pull
        return [0.0] * n_p

    def contact(self, u: float) -> MesaUser:
        """The contact a uniform draw ``u`` picks (anyone else when well mixed)."""
        if self.model.well_mixed:
            n = self.model.p.n_users
            j = min(int(u * (n - 1)), n - 2)
            return self.model.user_agents[j + 1 if j >= self.index else j]
        nbs = self.neighbours
        if not nbs:
            return self
        return nbs[min(int(u * len(nbs)), len(nbs) - 1)]

    def withdrawing_share(self, day: Day) -> list[float]:
        """Share of contacts seen withdrawing from each platform at the start of the phase."""
        n_p = day.n_p
        if not day.any_withdrawing:
            return [0.0] * n_p
        if self.model.well_mixed:
            own, others = self.withdrawing0, day.n - 1
            return [(day.withdrawing_count[p] - own[p]) / others for p in range(n_p)]
        nbs = self.neighbours
        if not nbs:
            return [1.0 if w else 0.0 for w in self.withdrawing0]
        counts = [0] * n_p
        for nb in nbs:
            wj = nb.withdrawing0
            if True in wj:  # few contacts withdraw at all
                for p in range(n_p):
                    if wj[p]:
                        counts[p] += 1
        deg = len(nbs)
        return [k / deg if k > 0 else 0.0 for k in counts]

    # ----------------------------------------------------------------------- phase 5
    def credulity(self, day: Day) -> float:
        """How much the user goes by what others say and do (literacy, education)."""
        return (1.3 - 0.6 * self.literacy) * (1.0 - 0.2 * day.education)

    def public_evidence(self, day: Day) -> tuple[list[float], list[float]]:
        """Today's public facts about each platform and the platforms' talk (§7.8)."""
        n_p = day.n_p
        li = self.literacy
        audience = self.audience
        nwsi = day.news_weight * self.media_susceptibility
        has_news, has_story = day.has_news, day.has_story
        if has_news:  # how much the user believes each outlet it follows
            wk = [(c + (1.0 - c) * (1.0 - li)) if a else 0.0
                  for c, a in zip(day.cred, audience, strict=True)]
        official = audience[0]
        cred_i = self.credulity(day)
        holdings, newly = self.holdings, self.newly
        e = [0.0] * n_p
        talk = [0.0] * n_p
        for p in range(n_p):
            acc = 0.0
            if has_news:
                for w, nk in zip(wk, day.news[p], strict=True):
                    acc += w * nk
            v = nwsi * acc
            if has_story and newly[p]:
                v += nwsi * cred_i * day.story[p]
            e[p] = v + day.regulator[p]
            if holdings[p] > 0 or official:
                st = day.statement[p]
                talk[p] = st * (1.0 - day.distress[p]) if st > 0 else st
        return e, talk

    def update_trust(self, day: Day, pull: list[float]) -> None:
        """Phase 5: facts, talk, confirmation, rating news and neighbours (§7.8)."""
        n_p = day.n_p
        has_shock, has_relief = day.has_shock, day.has_relief
        if not self.active:  # users who left keep their trust, but in a platform gone
            if day.any_gone:
                for p in range(n_p):
                    if not day.open[p]:
                        self.trust[p] = self.trust0[p] - day.lr_bias * day.gone * self.trust0[p]
            if has_shock:
                self.shock = [0.0] * n_p
            if has_relief:
                self.relief = [0.0] * n_p
            return
        if day.quiet:
            e = talk = [0.0] * n_p
        else:
            e, talk = self.public_evidence(day)
            if n_p > 1:
                contagion(e, day.spill)
        trust, t0s = self.trust, self.trust0
        holdings, queued, anchor = self.holdings, self.queued, self.anchor
        base, shock, relief = self.trust_base, self.shock, self.relief
        short, distress, yield_ok, rating = day.short, day.distress, day.yield_ok, day.rating
        lr, lr_bias, confirm, xw = day.lr, day.lr_bias, day.confirm, day.xw
        unpaid, dw = day.unpaid, day.distress_weight
        has_rating = day.has_rating
        li = self.literacy
        for p in range(n_p):
            # own experience: bad private shocks, money asked back and not paid, distress
            x = min(shock[p], 0.0) if has_shock else 0.0
            h, q = holdings[p], queued[p]
            if q > 0 and short[p]:
                x -= unpaid
            if h > 0:
                x -= dw * distress[p]
            # facts move trust, bad ones `negativity_bias` times more
            v = min(max(e[p] + xw * x, -1.0), 1.0)
            t = t0s[p]
            t += lr * v * (1.0 - t) if v > 0 else lr_bias * v * t
            # talk: bad talk as facts; good talk no higher than the pre-incident anchor
            w = talk[p]
            if has_relief:  # good private evidence: compensation received, care, service
                w += xw * relief[p]
            ceiling = math.inf  # on a day good words reach the user, where trust ends at most
            nw = None  # the day without the good words (on a day with some)
            if w < 0:
                w = max(w, -1.0)
                t += lr_bias * w * t
            elif w > 0:
                ceiling = max(anchor[p], t)
                w = min(w, 1.0)
                if lr > 0.0:  # words without weight cap nothing
                    nw = t
                else:
                    ceiling = math.inf
                t = min(t + lr * w * (1.0 - t), ceiling)
            gone = day.any_gone and not day.open[p]
            if gone:  # failed or fled: bad evidence every day
                t -= lr_bias * day.gone * t
            # being paid as promised: back towards the baseline, never above the anchor
            earning = h - q > EPS and yield_ok[p]
            if earning:
                t = min(t + confirm * (base[p] - t), max(anchor[p], t))
            before = t
            if has_rating and rating[p] == rating[p]:
                t += day.rating_pull * li * rating[p]
            t += pull[p]
            if nw is not None:  # the words' cap takes back only what they added above it
                if gone:
                    nw -= lr_bias * day.gone * nw
                if earning:
                    nw = min(nw + confirm * (base[p] - nw), max(anchor[p], nw))
                ceiling = max(ceiling, nw + (t - before))
            t = min(t, ceiling)
            trust[p] = 0.0 if t < 0.0 else (1.0 if t > 1.0 else t)
        if has_shock:
            self.shock = [0.0] * n_p
        if has_relief:
            self.relief = [0.0] * n_p

    # ----------------------------------------------------------------------- phase 6
    def leave_chance(self, day: Day, tmax: float, new_loss: bool) -> float:
        """Chance of leaving for good today: a new loss, or no platform trusted (§7.9)."""
        lt = day.leave_trust
        level = 2.0 * lt * self.quit
        p_trust = QUIT_DECISION * smooth_step(level - tmax, 0.2 * lt) if lt > 0 else 0.0
        if not new_loss:
            return p_trust
        share = self.losses / self.wealth0 if self.wealth0 > 0 else 0.0
        p_loss = smooth_step(share - day.leave_loss, day.leave_softness)
        return 1.0 - (1.0 - p_loss) * (1.0 - p_trust)

    def act(self, day: Day, f: list[float]) -> None:
        """Phase 6: leave, run, withdraw for a need, invest, complain (§7.9)."""
        n_p = day.n_p
        draw, i = day.draw, self.index
        trust, holdings, queued, ran = self.trust, self.holdings, self.queued, self.ran
        active = self.active
        leave = False
        if active:
            loss = self.losses
            new_loss = loss > self.losses_seen + EPS
            chance = self.leave_chance(day, max(trust), new_loss)
            if new_loss:
                self.losses_seen = loss
            if chance > 0.0:
                leave = draw(i, LEAVE) < chance
        need = active and not leave and draw(i, NEED) < day.need_rate
        held = 0.0
        for h in holdings:
            held += h
        herding = self.herding * self.credulity(day)
        counts_on = day.guarantee > 0 and self.aware < day.credibility
        withdrawing = self.withdrawing
        any_ran = False
        for p in range(n_p):
            h, q = holdings[p], queued[p]
            has = h > EPS and day.open[p] and q < h - EPS  # something not yet asked back
            run = has and leave
            if has and active and not leave:
                g = 0.0
                if counts_on:  # the covered share of this claim
                    g = day.guarantee if h <= day.limit else day.guarantee * (day.limit / h)
                pressure = 1.0 - (1.0 - trust[p]) - herding * f[p]
                theta = self.threshold - (day.relationship if self.held0[p] else 0.0)
                chance = (1.0 - g) * (day.run_hazard
                                      * smooth_step(theta - pressure, day.run_softness))
                if chance > 0.0:
                    run = draw(i, RUN + p) < chance
            if run or (has and need):
                if run:
                    r = h - q
                    ran[p] = True
                    self.run_day[p] = min(day.today, RUN_DAY_MAX)
                    day.runs[p] += 1
                else:
                    r = day.need_share * (h - q)
                if r != 0.0:
                    q += r
                    queued[p] = q
                    day.requested[p] += r
            # Seen withdrawing: while unpaid; once paid out, forgotten at the daily rate
            # withdrawal_fade (a runner seen yesterday and still holding nothing there).
            if not ran[p] or (q <= 0 and (h > 0 or not withdrawing[p])):
                withdrawing[p] = False
            elif q <= 0 and day.fade > 0.0:
                withdrawing[p] = draw(i, FADE + p) >= day.fade
            else:
                withdrawing[p] = True
            any_ran = any_ran or ran[p]
        if active and not leave and self.cash > EPS:
            gap = day.invested_share * (self.cash + held) - held
            u = draw(i, INVEST)
            if gap > EPS and u < day.invest_rate:
                best = self.choose_platform(day, u / day.invest_rate)
                if best >= 0:
                    amount = min(day.invest_share * gap, self.cash)
                    self.cash -= amount
                    holdings[best] += amount
                    day.invested[best] += amount
                    if amount > 0 and any_ran and not ran[best]:
                        day.switchers += 1
        grievance = self.grievance
        if active and (any(q > 0 for q in queued) or any(grievance)):
            u = draw(i, COMPLAIN)
            if u < COMPLAINT_DECISION:  # settles today whether to complain
                complain = u < COMPLAINT_DECISION * day.complaint_prob
                for p in range(n_p):
                    if queued[p] > 0 or grievance[p]:
                        if complain:
                            day.complaints[p] += 1
                        grievance[p] = False
        if leave:
            self.active = False
            day.departed += 1

    def choose_platform(self, day: Day, u: float) -> int:
        """Where new money goes: a multinomial logit over platforms and keeping it (-1).

        Scores mix trust (less of it where a literate user reads the advertised yield
        as a red flag) with the perceived yield (shunning platforms the user ran from);
        the outside option scores the user's reservation trust and a bank's yield.
        """
        li, ri = self.literacy, self.risk_appetite
        trust, queued, ran = self.trust, self.queued, self.ran
        ymax, aversion = day.ymax, day.return_aversion
        s0 = (1.0 - ri) * (self.threshold + day.invest_gap) + ri * day.outside
        scores = []
        for p in range(day.n_p):
            if day.accepting[p] and not queued[p] > 0:
                perceived = li * day.true_yield[p] + (1.0 - li) * day.adv_yield[p]
                kept = 1.0 - day.yield_doubt * li * day.flag[p]
                s = (1.0 - ri) * trust[p] * kept + ri * perceived / ymax
                scores.append((p, s * (1.0 - aversion * ran[p])))
        top = max([s0] + [s for _, s in scores])
        beta = day.beta
        weights = [(p, math.exp(beta * (s - top))) for p, s in scores]
        keep = math.exp(beta * (s0 - top))
        total = keep
        for _, w in weights:
            total += w
        target = u * total
        acc = keep
        if target < acc:
            return -1
        last = -1
        for p, w in weights:
            acc += w
            last = p
            if target < acc:
                return p
        return last


# --------------------------------------------------------------------------- the model
class MesaBaselineModel(trustsim.TrustModel):
    """The model with phases 5-6 run by :class:`MesaUser` agents, one at a time.

    Args:
        scenario, strategy, rng, **params: as :class:`trustsim.TrustModel`.
        draws: ``"python"`` (the model's ``random.Random``, the speed baseline) or
            ``"engine"`` (the engine's counter-based draws recomputed in Python: the
            run must then match the compiled model to rounding).
        activation: ``"shuffle"`` (Mesa's ``shuffle_do("step")``, the default) or
            ``"sequential"`` (``do("step")``, in population order). The update is
            synchronous, so the order changes no result, only the time (visiting agents
            in a random order reads memory out of order).

    Attributes:
        agent_class: the agents' class (:class:`MesaUser`; a subclass may restate a rule).
        user_agents: the agents, in population order; build_seconds: time to build them.
        stepping_seconds: per day, the agents' stepping (snapshot pass and steps);
        phase_seconds: per day, the whole of phases 5-6 (with copying state in and out).
    """

    agent_class: type[MesaUser] = MesaUser

    def __init__(self, scenario: Any = None, strategy: Any = None, *, rng: Any = None,
                 draws: str = "python", activation: str = "shuffle", **params: Any) -> None:
        if draws not in ("python", "engine"):
            raise ValueError(f"draws must be 'python' or 'engine', not {draws!r}")
        if activation not in ("shuffle", "sequential"):
            raise ValueError(f"activation must be 'shuffle' or 'sequential', not {activation!r}")
        super().__init__(scenario, strategy, rng=rng, **params)
        self.draw_mode = draws
        self.activation = activation
        self.well_mixed = self.graph.indptr is None
        self.social = self._social_mode()
        self.stepping_seconds: list[float] = []
        self.phase_seconds: list[float] = []
        t = time.perf_counter()
        self.user_agents = self.build_agents()
        self.build_seconds = time.perf_counter() - t
        # Mesa's own registry of this agent type (TrustModel.agents_by_type would also
        # make its lazy User views, which this model never uses).
        self.people = mesa.Model.agents_by_type.fget(self)[self.agent_class]
        self._newly_rows: list[int] = []

    def _social_mode(self) -> str:
        p = self.p
        if p.social_mode == "degroot" and p.social_weight > 0:
            return DEGROOT_ALL if self.well_mixed else DEGROOT
        if p.social_mode == "bounded_confidence":
            return BOUNDED
        return NONE

    def build_agents(self) -> list[MesaUser]:
        """One :class:`MesaUser` per user, from the population's initial state, linked."""
        pop = self.population
        columns = {
            "trust": pop.trust, "trust_base": pop.trust_base, "anchor": pop.anchor,
            "holdings": pop.holdings, "queued": pop.queued, "ran": pop.ran,
            "run_day": pop.run_day,
            "withdrawing": pop.withdrawing, "grievance": pop.grievance, "shock": pop.shock,
            "relief": pop.relief,
            "held0": pop.held0, "cash": pop.cash, "wealth0": pop.wealth0,
            "losses": pop.losses, "losses_seen": pop.losses_seen, "literacy": pop.literacy,
            "risk_appetite": pop.risk_appetite, "threshold": pop.threshold,
            "herding": pop.herding, "media_susceptibility": pop.media_susceptibility,
            "active": pop.active, "audience": pop.audience,
        }
        names = list(columns)
        rows = zip(*(columns[k].tolist() for k in names), strict=True)
        if self.draw_mode == "engine":
            aware = [counter_uniform(self.actions_key, 0, i, AWARE) for i in range(pop.n)]
            quit_ = [counter_uniform(self.actions_key, 0, i, QUIT) for i in range(pop.n)]
        else:
            aware = [self.random.random() for _ in range(pop.n)]
            quit_ = [self.random.random() for _ in range(pop.n)]
        make = self.agent_class
        agents = [make(self, i, dict(zip(names, row, strict=True)) | {"aware": a, "quit": q})
                  for i, (row, a, q) in enumerate(zip(rows, aware, quit_, strict=True))]
        if not self.well_mixed:
            indptr = self.graph.indptr.tolist()
            indices = self.graph.indices.tolist()
            for i, agent in enumerate(agents):
                agent.neighbours = [agents[j] for j in indices[indptr[i]:indptr[i + 1]]]
                agent.inv_degree = 1.0 / len(agent.neighbours) if agent.neighbours else 0.0
        return agents

    # ----------------------------------------------------------------------- phases 5-6
    def update_trust_and_act(self) -> None:
        """Phases 5-6: copy state in, snapshot, step every agent, write state back."""
        t_phase = time.perf_counter()
        day = Day(self)
        self.day = day
        self.sync_in(day)
        t = time.perf_counter()
        self.people.do("snapshot")
        if self.activation == "shuffle":
            self.people.shuffle_do("step")
        else:
            self.people.do("step")
        self.stepping_seconds.append(time.perf_counter() - t)
        self.sync_out(day)
        self.apply_user_totals(ActionTotals(
            invested=np.array(day.invested), requested=np.array(day.requested),
            complaints=np.array(day.complaints, dtype=np.float64),
            runs=np.array(day.runs, dtype=np.float64), switchers=day.switchers,
            departed=day.departed))
        self.phase_seconds.append(time.perf_counter() - t_phase)

    def sync_in(self, day: Day) -> None:
        """Copy into the agents what the model's other phases changed since yesterday.

        Paying withdrawals, the yield and what users spend of it, failures and fraud
        change holdings, queues, cash and losses; incidents give private shocks,
        grievances and anchors; education raises literacy; phase 4 says who heard a
        story today. Also the day-wide facts of the start of the phase.
        """
        pop, agents = self.population, self.user_agents
        for name in ("holdings", "queued"):
            for a, row in zip(agents, getattr(pop, name).tolist(), strict=True):
                setattr(a, name, row)
        for name in ("cash", "losses"):
            for a, v in zip(agents, getattr(pop, name).tolist(), strict=True):
                setattr(a, name, v)
        day.has_shock = bool(pop.shock.any())
        if day.has_shock:
            for a, row in zip(agents, pop.shock.tolist(), strict=True):
                a.shock = row
        day.has_relief = bool(pop.relief.any())
        if day.has_relief:
            for a, row in zip(agents, pop.relief.tolist(), strict=True):
                a.relief = row
        for a, row in zip(agents, pop.grievance.tolist(), strict=True):
            a.grievance = row
        if np.isfinite(pop.anchor).any():
            for a, row in zip(agents, pop.anchor.tolist(), strict=True):
                a.anchor = row
        if self.p.education_campaign > 0:
            for a, v in zip(agents, pop.literacy.tolist(), strict=True):
                a.literacy = v
        no_story = [False] * day.n_p
        for i in self._newly_rows:
            agents[i].newly = no_story
        newly = self.newly_heard
        self._newly_rows = np.flatnonzero(newly.any(axis=1)).tolist()
        for i in self._newly_rows:
            agents[i].newly = newly[i].tolist()
        day.any_withdrawing = bool(pop.withdrawing.any())
        if self.well_mixed:
            day.colsum = pop.trust.sum(axis=0).tolist()
            day.withdrawing_count = np.count_nonzero(pop.withdrawing, axis=0).tolist()
        day.today = int(self.time)
        if self.draw_mode == "engine":
            key, today = self.actions_key, int(self.time)
            day.draw = lambda i, slot: counter_uniform(key, today, i, slot)
        else:
            rnd = self.random.random
            day.draw = lambda _i, _slot: rnd()

    def sync_out(self, day: Day) -> None:
        """Write back what the rest of the model reads of the users' state."""
        pop, agents = self.population, self.user_agents
        for name in ("trust", "holdings", "queued", "ran", "run_day", "withdrawing", "grievance"):
            getattr(pop, name)[:] = [getattr(a, name) for a in agents]
        for name in ("cash", "active", "losses_seen"):
            getattr(pop, name)[:] = [getattr(a, name) for a in agents]
        if day.has_shock:
            pop.shock[:] = 0.0
        if day.has_relief:
            pop.relief[:] = 0.0


# --------------------------------------------------------------------------- measuring
def _build(cls: type, n_users: int, seed: int, scenario: str | None, **kw: Any):
    """The default world with 5 platforms, or a bundled scenario (its own platforms)."""
    if scenario is None:
        kw["n_platforms"] = 5
    return cls(scenario, rng=seed, n_users=n_users, **kw)


def _other_draws(n_users: int, seed: int, scenario: str | None, steps: int) -> np.ndarray:
    """Per-platform mean trust of the compiled model on the same world, other draws.

    The same seed (population, network, crises) with another key for the users' draws
    (``model.actions_key``): how far the engine is from itself by chance alone.
    """
    model = _build(trustsim.TrustModel, n_users, seed, scenario)
    model.actions_key = int(np.random.SeedSequence([seed, 7]).generate_state(1, np.uint64)[0])
    return _trust_frame(model.run(steps))


def _trust_frame(model: trustsim.TrustModel) -> np.ndarray:
    """Per-platform mean trust over active users, days x platforms."""
    pt = model.platform_timeseries()
    return pt["trust"].to_numpy(np.float64).reshape(-1, len(model.platforms))


def measure(n_users: int = 10_000, steps: int = 60, seed: int = 1,
            scenario: str | None = None, warmup: int = 1, draws: str = "python",
            activation: str = "shuffle") -> dict:
    """Run the compiled model and the per-agent baseline side by side; time and compare.

    Both are built on the same seed and stepped day by day, alternately, in this process.
    The first ``warmup`` days are left out of the timings (the compiled kernels load).

    Args:
        n_users: users in each model.
        steps: days to run.
        seed: the run's seed.
        scenario: a bundled scenario name (None: the default world with 5 platforms).
        warmup: days left out of the timings.
        draws: the baseline's draws (see :class:`MesaBaselineModel`).
        activation: the order agents step in (see :class:`MesaBaselineModel`).

    Returns:
        A dict: medians in milliseconds per step of the compiled ``update_trust_and_act``
        (``compiled_ms``), the agents' stepping (``agents_ms``), the baseline's whole
        phases 5-6 (``agents_phase_ms``, copying state in and out included) and both full
        steps; ``ratio`` (agents_ms / compiled_ms); the time to build the agents and both
        models; ``max_trust_diff`` (largest |difference| of per-platform mean trust over all
        days), ``trust_diff_by_platform``, ``engine_vs_itself`` (the same for the compiled
        model against itself with other draws: the size of chance alone); the baseline's
        money residual.
    """
    t = time.perf_counter()
    fast = _build(trustsim.TrustModel, n_users, seed, scenario)
    fast_build = time.perf_counter() - t
    t = time.perf_counter()
    slow = _build(MesaBaselineModel, n_users, seed, scenario, draws=draws,
                  activation=activation)
    slow_build = time.perf_counter() - t
    compiled_phase: list[float] = []
    users_phase = fast.update_trust_and_act

    def timed_users_phase() -> None:
        t0 = time.perf_counter()
        users_phase()
        compiled_phase.append(time.perf_counter() - t0)

    fast.update_trust_and_act = timed_users_phase  # the instance's, for this run only
    fast_steps, slow_steps = [], []
    for _ in range(steps):
        t = time.perf_counter()
        fast.step()
        fast_steps.append(time.perf_counter() - t)
        t = time.perf_counter()
        slow.step()
        slow_steps.append(time.perf_counter() - t)
    skip = min(warmup, steps - 1)

    def ms(xs: list[float]) -> float:
        return 1e3 * statistics.median(xs[skip:])

    diff = np.abs(_trust_frame(fast) - _trust_frame(slow))
    noise = np.abs(_trust_frame(fast) - _other_draws(n_users, seed, scenario, steps)).max()
    compiled_ms, agents_ms = ms(compiled_phase), ms(slow.stepping_seconds)
    return {
        "users": n_users, "steps": steps, "timed_steps": steps - skip, "seed": seed,
        "scenario": scenario or "default (5 platforms)", "draws": draws,
        "activation": activation, "compiled_ms": compiled_ms, "agents_ms": agents_ms,
        "ratio": agents_ms / compiled_ms,
        "agents_phase_ms": ms(slow.phase_seconds),
        "compiled_step_ms": ms(fast_steps), "baseline_step_ms": ms(slow_steps),
        "agents_build_s": slow.build_seconds, "baseline_model_build_s": slow_build,
        "compiled_model_build_s": fast_build,
        "max_trust_diff": float(diff.max()), "engine_vs_itself": float(noise),
        "trust_diff_by_platform": dict(zip([pl.name for pl in fast.platforms],
                                           diff.max(axis=0).tolist(), strict=True)),
        "money_residual": slow.money_total() - slow.initial_money,
        "initial_money": slow.initial_money,
        "final_mean_trust": float(_trust_frame(fast)[-1].mean()),
    }


def agreement(n_users: int, steps: int, seeds: list[int], scenario: str | None = None,
              draws: str = "python") -> dict:
    """Largest |difference| of per-platform mean trust, baseline vs compiled, over seeds.

    Reports the largest difference on each seed, and the largest difference of the mean
    over seeds (stochastic noise averages out; a rule not matched does not); beside them,
    the compiled model against itself with other draws on each seed (chance alone).
    """
    fast_runs, slow_runs, per_seed, noise = [], [], [], []
    for seed in seeds:
        fast = _build(trustsim.TrustModel, n_users, seed, scenario).run(steps)
        slow = _build(MesaBaselineModel, n_users, seed, scenario, draws=draws).run(steps)
        a, b = _trust_frame(fast), _trust_frame(slow)
        fast_runs.append(a)
        slow_runs.append(b)
        per_seed.append(float(np.abs(a - b).max()))
        noise.append(float(np.abs(a - _other_draws(n_users, seed, scenario, steps)).max()))
    mean_diff = np.abs(np.mean(fast_runs, axis=0) - np.mean(slow_runs, axis=0))
    return {"users": n_users, "steps": steps, "seeds": list(seeds),
            "scenario": scenario or "default (5 platforms)", "draws": draws,
            "max_diff_per_seed": per_seed, "engine_vs_itself_per_seed": noise,
            "max_diff_of_seed_mean": float(mean_diff.max())}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--users", type=int, default=10_000)
    ap.add_argument("--steps", type=int, default=60)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--scenario", default=None, help="a bundled scenario (e.g. data_leak)")
    ap.add_argument("--seeds", type=int, default=1,
                    help="agreement only: average this many seeds (seed, seed+1, ...)")
    ap.add_argument("--draws", choices=("python", "engine"), default="python")
    ap.add_argument("--activation", choices=("shuffle", "sequential"), default="shuffle",
                    help="agents step via shuffle_do (default) or do, in population order")
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    args = ap.parse_args(argv)
    if args.seeds > 1:
        r = agreement(args.users, args.steps, list(range(args.seed, args.seed + args.seeds)),
                      args.scenario, args.draws)
        print(json.dumps(r) if args.json else
              f"{r['scenario']}, {r['users']:,} users, {r['steps']} days, seeds {r['seeds']}, "
              f"draws={r['draws']}\n"
              f"  max |d mean trust| per seed: "
              + ", ".join(f"{d:.1e}" for d in r["max_diff_per_seed"])
              + "\n  compiled vs itself with other draws, per seed: "
              + ", ".join(f"{d:.1e}" for d in r["engine_vs_itself_per_seed"])
              + f"\n  max |d mean trust| of the seed means: {r['max_diff_of_seed_mean']:.1e}")
        return 0
    r = measure(args.users, args.steps, args.seed, args.scenario, draws=args.draws,
                activation=args.activation)
    if args.json:
        print(json.dumps(r))
        return 0
    per_p = ", ".join(f"{k} {v:.1e}" for k, v in r["trust_diff_by_platform"].items())
    print(f"{r['scenario']}, {r['users']:,} users, {r['steps']} days (timings: median of the "
          f"last {r['timed_steps']}), seed {r['seed']}, draws={r['draws']}, "
          f"activation={r['activation']}, "
          f"NUMBA_NUM_THREADS={os.environ.get('NUMBA_NUM_THREADS')}\n"
          f"agreement: max |d mean trust per platform| over all days {r['max_trust_diff']:.2e}"
          f" ({per_p}); compiled vs itself with other draws {r['engine_vs_itself']:.2e}; "
          f"baseline money residual {r['money_residual']:.2e} of {r['initial_money']:.4g}\n"
          f"user phases (5-6), ms per step:\n"
          f"  compiled update_trust_and_act      {r['compiled_ms']:10.2f}\n"
          f"  per-agent Mesa, agents' stepping   {r['agents_ms']:10.2f}\n"
          f"  per-agent Mesa, with state sync    {r['agents_phase_ms']:10.2f}\n"
          f"  ratio (stepping / compiled)        {r['ratio']:10.1f} x\n"
          f"full step, ms: compiled {r['compiled_step_ms']:.2f}, "
          f"per-agent {r['baseline_step_ms']:.2f}\n"
          f"build: {r['users']:,} agents {r['agents_build_s']:.2f} s (baseline model "
          f"{r['baseline_model_build_s']:.2f} s in all, compiled model "
          f"{r['compiled_model_build_s']:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
