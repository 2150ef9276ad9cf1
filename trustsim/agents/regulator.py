"""The Regulator agent: inspections, penalties, rectification, closure, ratings, protection.

Core object: :class:`Regulator`. Its signals reach users the next day (phase 5 of the next
step): actions announced in phase 7, or in phase 1 by a crisis, are collected in
``signal`` and handed over when the next day begins.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np

if TYPE_CHECKING:
    from trustsim.agents.platform import Platform
    from trustsim.model import TrustModel

__all__ = ["COMPLAINT_INSPECTION", "EXTENSION_REACH", "RATING_ERROR", "REVIEW_ERROR",
           "Regulator"]

RATING_ERROR = 0.05
"""Standard deviation of the raters' persistent error about a platform's health (§7.10)."""

REVIEW_ERROR = 0.05
"""Standard deviation of the examiners' error when they judge a rectification at its
deadline (§7.10): the order is lifted when compliance plus the error reaches the standard
(a platform at full compliance, 1, always passes). Supervisors' judgements of the same bank
differ (Agarwal, Lucca, Seru & Trebbi 2014, QJE, find systematic differences between federal
and state supervisors rating the same banks); the size of a single examination's error,
0.05, is **an assumption**, taken equal to the raters' error. Without it, closure was a
fixed line in compliance: every seed closed the same platforms, and a lever that moves
compliance (``regulator_cooperation``) closed one more platform in all runs at once."""

EXTENSION_REACH = 2.0
"""A platform judged short of the standard at its rectification deadline by less than this
many examiners' errors (``REVIEW_ERROR``) gets one more half period to finish, and is judged
again then (§7.10); one judged further short, or short again, is closed. Closing on one
review shut platforms that had met the standard: in the 2018 wave (seeds 1-10) every one of
the 9 closures was of a platform 0.076-0.092 above it, judged short by the error alone.
Supervisors put off closing (forbearance: Brown & Dinç 2005, QJE) and the deadlines of
China's P2P rectification slipped (Notice No. 57 of December 2017 set registration to begin in
April 2018; it was then put off); the reach, two errors, and the half period are **an
assumption**."""

SOLVENCY_ERROR = 0.05
"""Standard deviation of the examiners' error, as a share of what a platform owes, when an
inspection judges its equity (§7.10). **An assumption**, taken equal to the review's error
(``REVIEW_ERROR``): loan books are valued with judgement (loss provisions, collateral)."""

INSOLVENT_BY = 0.05
"""An inspection that judges a platform's equity below minus this share of what it owes
closes it (§7.10, ``solvency_checks``): a platform that cannot pay what it owes is wound
up, not left to take new money while words keep its users calm. Prompt corrective action
closes a bank before its equity is gone (the United States' FDIC Improvement Act of 1991: a
bank below 2 % tangible equity is put into receivership within 90 days), and China's later
P2P clean-up pushed platforms that could not repay lenders to exit (2019-2020). The margin,
5 % of money owed beyond zero (one examiner's error; closure needs two valuations below it,
so a platform at zero is closed about one time in forty), is **an assumption**. Until
2026-12-06 only compliance was inspected, and the zombie lenders the check is for
(``p2p_collapse`` under ``full_rebuild``: equity -17 % to -25 %) ran to the horizon taking
new money; a bank paying a run (``bank_run_2023``, seeds 0-5 at 300 users) is not closed."""

COMPLAINT_INSPECTION = 2.0
"""Rise of the day's inspection chance per unit of complaints per user (§7.10): complaints
filed by 1 % of users add 0.02, on top of the routine ``inspection_rate``."""


class Regulator(mesa.Agent):
    """A financial regulator with an industry association's rating system (report §7).

    Args:
        model: the :class:`~trustsim.TrustModel`.

    Attributes:
        standard: the compliance standard platforms must meet (rises with tightening).
        signal: per-platform signal announced today, seen by users tomorrow (orders are
            bad news, a lifted order good news).
        inspections, violations_found, penalties, closures, extensions: running totals.
        protection_paid: investor-protection payouts so far.
        public_spending: what the public purse has spent so far: the regulator's
            inspections (:meth:`charge_inspection`) and its share of an education campaign
            (``education_public_share``).
        supervision_cost: the inspections' part of it.

    Example:
        >>> import trustsim
        >>> m = trustsim.TrustModel(n_users=100, rng=1)
        >>> m.regulator.standard
        0.5
    """

    def __init__(self, model: TrustModel) -> None:
        super().__init__(model)
        p = model.p
        self.standard = p.compliance_standard
        self.signal = np.zeros(len(model.platforms))
        self.inspections = 0
        self.violations_found = 0
        self.penalties = 0.0
        self.closures = 0
        self.insolvent_closures = 0
        self.extensions = 0
        self.protection_paid = 0.0
        self.public_spending = 0.0
        self.supervision_cost = 0.0
        self._inspected: set[int] = set()
        self._forced: set[int] = set()
        self._rating_error: dict[int, float] = {}

    @property
    def fund(self) -> float:
        """Balance of the investor-protection fund."""
        return self.model.ledger["fund"]

    def inspected_last_round(self, platform: Platform) -> bool:
        """The platform was inspected in the latest supervision round (phase 7)."""
        return platform.index in self._inspected

    def take_signal(self) -> np.ndarray:
        """Hand over the signals announced since the last call and start anew.

        Users see the signals the day after they are announced.
        """
        out = self.signal.copy()
        self.signal[:] = 0.0
        return out

    def covered(self, loss: np.ndarray, owed: np.ndarray) -> np.ndarray:
        """What the guarantee would repay of each ``loss`` on claims ``owed`` (pays nothing).

        ``min(loss, g min(owed, L))`` with ``g`` = ``guarantee_coverage``, ``L`` =
        ``guarantee_limit``: the amount users count on when deciding to run
        (``owed x rules.covered_share(g, owed, L)``).
        """
        p = self.model.p
        if p.guarantee_coverage <= 0:
            return np.zeros_like(loss)
        return np.minimum(loss, p.guarantee_coverage * np.minimum(owed, p.guarantee_limit))

    def protect(self, loss: np.ndarray, owed: np.ndarray) -> np.ndarray:
        """Repay users of a failed platform what the guarantee covers of their loss.

        The guarantee covers ``guarantee_coverage`` of each claim up to ``guarantee_limit``
        and never more than the loss (:meth:`covered`). The fund pays; the state tops it up
        when it runs dry.

        Args:
            loss: each user's unpaid claim on the platform.
            owed: each user's claim before the wind-up.

        Returns:
            The payout per user (already added to their cash).
        """
        want = self.covered(loss, owed)
        total = float(want.sum())
        if total <= 0:
            return want
        ledger = self.model.ledger
        # The guarantee is backed by the fund, topped up by the state when it runs dry:
        # a guarantee that pays only what the fund holds is not a guarantee.
        if ledger["fund"] < total:
            ledger["outside"] -= total - ledger["fund"]
            ledger["fund"] = total
        ledger["fund"] -= total
        self.model.population.cash += want
        self.protection_paid += total
        self.model.log_event("protection", None, f"Investor protection repays "
                             f"{total:,.0f} thousand CNY", amount=total)
        return want

    def supervise(self) -> None:
        """Phase 7: tighten, inspect, penalise, order rectification, close, rate."""
        m = self.model
        p = m.p
        t = m.time
        rng = m.streams["regulator"]
        draws = rng.random((len(m.platforms), 2))  # a fixed count each day: stable streams
        self._inspected.clear()
        forced_today = set(self._forced)
        self.standard = min(1.0, self.standard + p.tightening_rate / 365.0)
        n_users = max(m.population.n, 1)
        for plat in m.platforms:
            if not plat.alive:
                continue
            j = plat.index
            if plat.status == "rectifying" or plat.order_open:
                self._follow_rectification(plat)
                continue
            if plat.rectify_until > t:
                continue  # already under an order (e.g. frozen while rectifying)
            # Complaints draw inspections (a user-feedback loop, report §2, §7).
            # Routine inspections and complaint-led ones add up: a regulator that schedules
            # no routine visits still answers complaints.
            complaints = m.complaints[j] / n_users
            chance = min(1.0, p.inspection_rate + COMPLAINT_INSPECTION * complaints)
            u_inspect, u_detect = draws[j]
            if j not in self._forced and u_inspect >= chance:
                continue
            self.inspections += 1
            self.charge_inspection(plat)
            self._inspected.add(j)
            found = u_detect < p.detection_power
            if found and self.close_if_insolvent(plat):
                continue
            breach = plat.compliance < self.standard or plat.pooled_fund
            if breach and found:
                self.order_rectification(plat)
        self._forced = self._forced - forced_today
        if p.ratings_published and int(t) % p.rating_interval == 0:
            self._rate()

    def charge_inspection(self, plat: Platform) -> None:
        """Book one inspection of ``plat`` (or a rectification's review) to the public purse.

        It costs ``inspection_cost`` of the money the platform owes (at its last day's
        operation). **An assumption** (docs/model.md §7.10): at the default 3.65 routine
        inspections a year that is about 0.011 % of money owed a year, about five times the
        ECB's own cost of supervising the significant banks (EUR 508.7 million estimated for
        2019 in its decision on the total supervisory fees, Annex II, over their EUR 22.2
        trillion of assets: 0.0023 %), which leaves out national supervisors' share of the
        work; small firms also cost more per unit of assets (supervisory hours rise
        less than in proportion to a bank's size: Eisenbach, Lucca & Townsend 2016).
        """
        cost = self.model.p.inspection_cost * max(plat.last_owed, 0.0)
        self.supervision_cost += cost
        self.public_spending += cost

    def close_if_insolvent(self, plat: Platform) -> bool:
        """Judge ``plat``'s equity at an inspection and close it if insolvent; whether closed.

        The examiners see equity as a share of the money owed now (after the day's payouts:
        judged against what it owed before them, a bank paying a run looked 10 points
        poorer than it was, and a solvent one was closed) with an error
        (``SOLVENCY_ERROR``, one keyed draw per platform and day) and close a platform
        judged below ``-INSOLVENT_BY`` twice, by two independent valuations (§7.10). Its
        wind-up shares what it holds among its users, and the protection fund repays its
        part. Nothing is judged with ``solvency_checks`` off.
        """
        if not self.model.p.solvency_checks or not plat.alive:
            return False
        owed = plat.owed  # now: the day's payouts have left both sides of the books
        if owed <= 0:
            return False
        m = self.model
        share = (plat.liquidity + plat.loans - owed) / owed
        # Closed only when a second, independent valuation confirms the first: one noisy
        # look closed solvent platforms (equity +5 % to +9 % of what they owed, three in ten
        # runs of rebuild_after_crisis, whose complaints draw many inspections), as one review
        # at a rectification's deadline had closed compliant ones (EXTENSION_REACH).
        for look in ("solvency", "solvency_confirm"):
            judged = share + SOLVENCY_ERROR * m.streams.normal(look, m.time, plat.index)
            if judged >= -INSOLVENT_BY:
                return False
        self.closures += 1
        self.insolvent_closures += 1
        self.signal[plat.index] -= 0.5
        plat.fail("closed by the regulator: cannot pay what it owes")
        return True

    def inspect_soon(self, plat: Platform) -> None:
        """Inspect ``plat`` in the next supervision round, whatever the inspection rate."""
        self._forced.add(plat.index)

    def order_rectification(self, plat: Platform, severity: float | None = None) -> None:
        """A violation is found: fine the platform and order it to rectify."""
        m = self.model
        p = m.p
        self.violations_found += 1
        coop = plat.response_params.regulator_cooperation
        fine = p.penalty_rate * plat.owed * (1.0 - 0.5 * coop)
        self.penalties += plat.spend(fine, to="fund")
        if severity is None:
            severity = min(1.0, 0.3 + max(self.standard - plat.compliance, 0.0))
        m.open_incident("compliance_violation", plat.index, severity=severity,
                        public=True, confirmed=True,
                        headline=f"Regulator orders {plat.name} to rectify")
        self.signal[plat.index] -= 0.3
        if plat.status != "frozen":
            plat.set_status("rectifying", "regulator order")
        plat.rectify_until = m.time + p.rectification_days
        plat.order_open = True
        plat.extended = False

    def _follow_rectification(self, plat: Platform) -> None:
        m = self.model
        p = m.p
        # Rectifying lifts compliance towards the standard and a buffer of two examiners'
        # errors above it (an assumption, docs/model.md §7.10); cooperation speeds it up.
        coop = plat.response_params.regulator_cooperation
        pace = 3.0 * (0.5 + coop) / p.rectification_days
        plat.compliance = min(1.0, plat.compliance + pace * max(self.standard - plat.compliance
                                                                + 2.0 * REVIEW_ERROR, 0.0))
        if plat.pooled_fund and m.time >= plat.rectify_until:
            # At the deadline the operators unwind the illegal pool, rather than be closed,
            # with a chance equal to their cooperation (one keyed draw; a switch at one half
            # before, which made the lever act all or nothing).
            if m.streams.uniform("unwind", m.time, plat.index) < coop:
                plat.pooled_fund = False
        if m.time < plat.rectify_until:
            return
        plat.order_open = False
        self.charge_inspection(plat)  # the review at the deadline is an inspection
        if self.close_if_insolvent(plat):  # a full review: the books are seen too
            return
        # The examiners judge the rectification with an error (one keyed draw per platform
        # and deadline): a platform just short of the standard is sometimes cleared, one
        # just above it sometimes closed; one at full compliance has no fault to find (with
        # the standard at its cap of 1, the error alone closed half of them).
        judged = plat.compliance + REVIEW_ERROR * m.streams.normal("review", m.time,
                                                                   plat.index)
        passes = plat.compliance >= 1.0 or judged >= self.standard
        if passes and not plat.pooled_fund:
            if plat.status == "rectifying":
                plat.set_status("operating", "rectification accepted")
            self.signal[plat.index] += 0.1
            m.log_event("regulator", plat.index, f"Regulator lifts the order on {plat.name}")
        elif (not plat.pooled_fund and not plat.extended
              and judged >= self.standard - EXTENSION_REACH * REVIEW_ERROR):
            # A near miss: one more half period, then a second review (EXTENSION_REACH).
            plat.extended = True
            plat.order_open = True
            plat.rectify_until = m.time + max(1, -(-p.rectification_days // 2))
            self.extensions += 1
            m.log_event("regulator", plat.index,
                        f"Regulator gives {plat.name} more time to rectify")
        else:
            self.closures += 1
            self.signal[plat.index] -= 0.5
            plat.fail("closed by the regulator")

    def rating_error(self, j: int) -> float:
        """The raters' error about platform ``j``: N(0, ``RATING_ERROR``), fixed for the run.

        A rater misjudges a business model, not a day: the error is one keyed draw per
        platform (``Streams.normal("rating", j)``), so a rating changes only when the books
        do, however often ratings are published, and publishing them takes no draw from the
        ``regulator`` stream (inspections see the same numbers at every rating interval).
        """
        err = self._rating_error.get(j)
        if err is None:
            err = RATING_ERROR * self.model.streams.normal("rating", j)
            self._rating_error[j] = err
        return err

    def _rate(self) -> None:
        m = self.model
        for plat in m.platforms:
            j = plat.index
            if not plat.alive:
                plat.rating = 0.0
                continue
            # Ratings see the books with a persistent error; they lag a fast deterioration.
            # Users react to a change of rating (an up- or downgrade); the first rating
            # tells them what they already believed (no news).
            before = plat.rating
            plat.rating = float(np.clip(plat.health() + self.rating_error(j), 0.0, 1.0))
            m.pending_ratings[j] = plat.rating - before if np.isfinite(before) else 0.0

    def __repr__(self) -> str:
        return (f"Regulator(standard={self.standard:.2f}; inspections={self.inspections}; "
                f"fund={self.fund:,.0f})")
