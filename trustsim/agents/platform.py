"""The Platform agent: a balance sheet, risk traits, a legal status and open incidents.

Core objects: :class:`Platform` and :data:`ALLOWED_STATUS` (the only legal status paths).
Money moves only between accounts the model tracks (users' cash, platform liquidity and
loan book, the regulator's protection fund and the outside world), so the books balance.
How a platform talks about its incidents lives in ``trustsim.response``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import mesa
import numpy as np

from trustsim.events import Incident, IncidentKind, register_incident

if TYPE_CHECKING:
    from trustsim.model import TrustModel
    from trustsim.params import Params

__all__ = ["Platform", "ALLOWED_STATUS", "Status"]

Status = Literal["operating", "rectifying", "frozen", "failed", "absconded"]

ALLOWED_STATUS: dict[str, frozenset[str]] = {
    "operating": frozenset({"rectifying", "frozen", "failed", "absconded"}),
    "rectifying": frozenset({"operating", "frozen", "failed", "absconded"}),
    "frozen": frozenset({"operating", "rectifying", "failed", "absconded"}),
    "failed": frozenset(),
    "absconded": frozenset(),
}
"""Legal status changes: operating -> rectifying / withdrawals frozen -> failed / absconded."""

# Incidents the platform's own mechanics open (Coombs 2007 clusters).
register_incident(IncidentKind("run", "accidental", review_trait="risk_management",
                               confirmed=True, consequence=True))
register_incident(IncidentKind("failure", "preventable", respond=False, confirmed=True,
                               consequence=True))
register_incident(IncidentKind("abscond", "preventable", integrity=True, respond=False,
                               confirmed=True))

FREEZE_AFTER = 3  # days of unpaid withdrawals before a platform freezes withdrawals
CAPITAL_SHARE = 0.1  # owners' capital at the start, as a share of money owed


class Platform(mesa.Agent):
    """An internet-finance platform (P2P lending, wealth management or payments).

    Args:
        model: the :class:`~trustsim.TrustModel`.
        index: the platform's column in the users x platforms arrays.
        traits: resolved traits (see :class:`~trustsim.params.PlatformSpec`).

    Attributes:
        liquidity: cash the platform holds; loans: its loan book (both money).
        status: one of operating, rectifying, frozen, failed, absconded.
        rating: last published industry rating (NaN before the first).
        credibility: how much users believe its statements, 0-1.
        credit_shocks: (factor, until) pairs raising the default rate (credit crises).
        incidents: every incident that happened to it.
        inflow, requested, paid, defaults, costs: flows of the current day.

    Example:
        >>> import trustsim
        >>> m = trustsim.TrustModel(n_users=100, rng=1)
        >>> m.platforms[0].status
        'operating'
    """

    def __init__(self, model: TrustModel, index: int, traits: dict[str, Any]) -> None:
        super().__init__(model)
        self.index = index
        self.name: str = traits["name"]
        self.kind: str = traits["kind"]
        self.market_share: float = traits["market_share"]
        for key in ("reserve_ratio", "loan_rate", "true_yield", "advertised_yield",
                    "base_default_rate", "loan_term", "cost_rate", "risk_management",
                    "security", "compliance", "transparency", "expansion_rate",
                    "pooled_fund", "credibility"):
            setattr(self, key, traits[key])
        self.initial_credibility: float = self.credibility  # its reputation before any crisis
        # the highest yield it has advertised: literate users' red flag (rules.red_flag)
        self.promised_yield: float = self.advertised_yield
        owed = float(model.population.holdings[:, index].sum())
        capital = CAPITAL_SHARE * owed
        model.ledger["outside"] -= capital
        if self.kind == "payment":
            # Client money is held in custody at the central bank (PBoC: 100 % from
            # 14 January 2019): all of it stays liquid, none is lent.
            self.reserve_ratio = 1.0
            self.expansion_rate = 0.0
        self.liquidity = self.reserve_ratio * owed + capital
        self.loans = (1.0 - self.reserve_ratio) * owed
        self.initial_owed = owed
        self.last_owed = owed  # money owed at the last day's operation (the payout's bound)
        # money owed after the day's payouts (Platform.operate; 0 once wound up)
        self.owed_after = owed
        self._status: Status = "operating"
        self.status_since = 0.0
        self.rating = float("nan")
        # its users' mean trust just before its first bad public incident (NaN before any)
        # and the lowest recorded since: good words fade out as trust comes back there
        # (response.hold_back_words)
        self.trust_before = self.trust_low = float("nan")
        self._usual: Params | None = None  # the usual response (response_params), made once
        self.credit_shocks: list[tuple[float, float]] = []  # (factor, until day)
        self.outage_until = -1.0
        self.rectify_until = -1.0
        self.order_open = False  # under a rectification order (also while frozen)
        self.extended = False  # the order's deadline was put off once (a near miss)
        self.unpaid_days = 0
        self.incidents: list[Incident] = []
        self.statements: list[tuple[float, str]] = []
        self.spent = 0.0  # cumulative cost of interventions
        self.paid_to_fund = 0.0  # cumulative levies and fines paid into the protection fund
        self.shortfall = 0.0  # claims a wind-up left unpaid, before investor protection
        self.loss_to_users = 0.0
        self.short = False  # today's due withdrawals were not all paid
        self.reset_flows()

    @property
    def response_params(self) -> Params:
        """The parameters this platform answers its incidents with (``response_scope``).

        The model's, unless ``response_scope`` is ``crisis`` and none of the model's
        crises (the scenario's, and any injected later; not the random hazards) targets
        this platform: then the usual response (:func:`trustsim.strategies.usual_response`,
        every response and rebuilding lever at its default). A model without crises, or
        a crisis on ``all``, has every platform follow.
        """
        p = self.model.p
        if p.response_scope == "sector" or self.in_crisis_scope():
            return p
        if self._usual is None:
            from trustsim.strategies import usual_response

            self._usual = usual_response(p)
        return self._usual

    def in_crisis_scope(self) -> bool:
        """A crisis of the model (not a random hazard) targets this platform, or there is none."""
        crises = self.model.crises
        return not crises or any(
            c.target == "all" or self.name in ([c.target] if isinstance(c.target, str)
                                               else c.target) for c in crises)

    # ----------------------------------------------------------------------- accounting
    def reset_flows(self) -> None:
        """Zero the flows counted for the current day."""
        self.inflow = self.requested = self.paid = self.defaults = self.costs = 0.0

    @property
    def owed(self) -> float:
        """Money owed to users (the sum of their holdings here)."""
        return float(self.model.population.holdings[:, self.index].sum())

    @property
    def equity(self) -> float:
        """Liquidity plus loans minus money owed."""
        return self.liquidity + self.loans - self.owed

    @property
    def alive(self) -> bool:
        """Not failed or absconded."""
        return self.status not in ("failed", "absconded")

    @property
    def pays_out(self) -> bool:
        """Withdrawals are paid in full as requested today (not frozen, no outage)."""
        return self.status in ("operating", "rectifying") and self.model.time >= self.outage_until

    @property
    def repays_in_stages(self) -> bool:
        """Frozen: what liquidity comes in is paid out pro rata, step by step (report §3.1)."""
        return self.status == "frozen" and self.model.time >= self.outage_until

    @property
    def accepting(self) -> bool:
        """Takes new money today (operating normally)."""
        return self.status == "operating" and self.model.time >= self.outage_until

    def add_credit_shock(self, factor: float, until: float) -> None:
        """Multiply the default rate by ``factor`` until day ``until``."""
        self.credit_shocks.append((factor, until))

    @property
    def credit_multiplier(self) -> float:
        """Product of the credit shocks active today."""
        t = self.model.time
        self.credit_shocks = [(f, u) for f, u in self.credit_shocks if u > t]
        return float(np.prod([f for f, _ in self.credit_shocks])) if self.credit_shocks else 1.0

    def default_rate(self) -> float:
        """Daily loan default rate: worse with weak risk management and fast expansion."""
        base = self.base_default_rate / 365.0
        return (base * (1.0 + 2.0 * (1.0 - self.risk_management)) * (1.0 + self.expansion_rate)
                * self.credit_multiplier * self.model.macro_multiplier)

    def spend(self, amount: float, to: str = "outside") -> float:
        """Pay ``amount`` out of liquidity to an account; return what was actually paid."""
        amount = max(0.0, min(amount, self.liquidity))
        self.liquidity -= amount
        self.model.ledger[to] += amount
        if to == "fund":
            self.paid_to_fund += amount
        return amount

    def set_status(self, new: Status, reason: str = "") -> None:
        """Change status along an allowed path; log it.

        Raises:
            ValueError: if ``new`` is not reachable from the current status.
        """
        if new == self.status:
            return
        if new not in ALLOWED_STATUS[self.status]:
            raise ValueError(f"{self.name}: status {self.status!r} cannot become {new!r}")
        self.model.log_event("status", self.index, f"{self.name} is now {new}"
                             + (f" ({reason})" if reason else ""), status=new)
        self._status = new
        self.status_since = self.model.time

    @property
    def status(self) -> Status:
        """``operating``, ``rectifying``, ``frozen``, ``failed`` or ``absconded``.

        Changed only by :meth:`set_status`, which checks the path and logs the change
        (assigned directly, ``"bogus"`` was taken and recorded; Python API trial).
        """
        return self._status

    @status.setter
    def status(self, new: Status) -> None:
        raise ValueError(f"{self.name}: set the status with set_status({new!r}, reason), "
                         f"which checks the path ({self._status} -> "
                         f"{', '.join(sorted(ALLOWED_STATUS[self._status])) or 'none'})")

    # ----------------------------------------------------------------------- operating
    def operate(self, owed: float, requested: float,
                queued_users: np.ndarray | None = None) -> None:
        """Phase 2: loans repay or default, fees come in, costs and withdrawals are paid.

        Args:
            owed: money owed to users today, yield included (the model credits yield).
            requested: withdrawals queued at the platform.
            queued_users: the users with money queued here, in index order, if the caller
                already knows them (the compiled engine finds them while crediting yield);
                otherwise they are looked up. The numbers are the same either way.

        Withdrawals are paid from liquidity, pro rata when it falls short; what cannot be
        paid stays queued and users see it (``short``). By kind: a ``payment`` platform
        keeps all client money in custody (never lends it; fees pay its yield and costs); a
        ``wealth`` product redeems at most ``redemption_cap`` per user a day (the rest waits
        a day, which is no sign of trouble); ``p2p_lending`` lends at ``loan_term`` and
        repays withdrawals only from the liquidity it has (maturity mismatch). Three days of
        unpaid withdrawals freeze the platform: it takes no new money, credits no yield,
        lends nothing and repays the queue in stages from the liquidity that comes in, until
        the queue is cleared. Only insolvency ends in failure (equity below -10 % of money
        owed while frozen, below -25 % otherwise). A distressed pooled-fund platform may
        abscond.
        """
        if not self.alive:
            return
        self.last_owed = owed
        m = self.model
        pop = m.population
        j = self.index
        ledger = m.ledger
        # Loans: principal comes back, some borrowers default, interest comes in.
        repay = self.loans / self.loan_term
        default = self.loans * self.default_rate()
        interest = self.loans * self.loan_rate / 365.0
        self.loans -= repay + default
        self.liquidity += repay + interest
        ledger["outside"] += default - interest
        if self.kind == "payment" and self.status != "frozen":
            # A payment platform earns fees on its services (from outside the sector):
            # enough to credit its yield and pay its costs without lending client money.
            fees = (self.true_yield + self.cost_rate + m.p.protection_levy) / 365.0 * owed
            self.liquidity += fees
            ledger["outside"] -= fees
        self.defaults = default
        self.costs = self.spend(self.cost_rate / 365.0 * owed)
        self.costs += self.spend(m.p.protection_levy / 365.0 * owed, to="fund")
        # Withdrawals. A wealth product redeems at most `redemption_cap` per user a day
        # (the rest the next day): a limit by rule, not a failure to pay.
        queue = pop.queued[:, j]
        self.requested = requested
        due_total = 0.0
        self.short = False
        if self.requested > 1e-9:
            if queued_users is None:
                queued_users = np.flatnonzero(queue)
            due = queue[queued_users]
            if self.kind == "wealth" and np.isfinite(m.p.redemption_cap):
                due = np.minimum(due, m.p.redemption_cap)
            due_total = float(due.sum())
            if self.pays_out or self.repays_in_stages:
                self._sell_assets(due_total - self.liquidity)
                ratio = min(1.0, self.liquidity / due_total) if due_total > 0 else 1.0
                paid_i = due * ratio
                keep = paid_i != 0.0
                who, paid_i = queued_users[keep], paid_i[keep]
                self.paid = float(paid_i.sum())  # (in user order, as who is)
                self.liquidity -= self.paid
                # Only the few users being paid change: update them alone.
                pop.cash[who] += paid_i
                pop.holdings[who, j] = np.maximum(pop.holdings[who, j] - paid_i, 0.0)
                left = queue[who] - paid_i
                if ratio < 1.0:
                    left[left < 1e-12] = 0.0
                queue[who] = left
            self.short = self.paid < due_total - 1e-9
        unpaid = due_total - self.paid
        if self.pays_out:  # an outage delays payments but is not a liquidity failure
            self.unpaid_days = self.unpaid_days + 1 if unpaid > 1e-9 else 0
        # Lending out liquidity above the reserve: faster when expanding.
        owed -= self.paid
        self.owed_after = owed  # (phase 5 reads it: no second pass over users)
        excess = self.liquidity - self.reserve_ratio * owed - unpaid
        if excess > 0 and self.status == "operating" and self.kind != "payment":
            lend = excess * (0.05 + 0.25 * self.expansion_rate)
            self.liquidity -= lend
            self.loans += lend
        self._check_distress(owed, unpaid)

    def _sell_assets(self, shortfall: float) -> None:
        """A wealth product meets a shortfall by selling part of its assets at a discount.

        Its assets are marketable (bonds, money-market instruments): it may sell up to
        ``fire_sale_capacity`` of its book a day at ``fire_sale_discount`` below face value
        (Shleifer & Vishny 2011; SVB sold its securities at a loss to meet withdrawals, Barr
        2023). The discount is a loss to the platform's equity, which goes to the buyers
        (``outside``). A P2P lender's loans have no market in a crisis (maturity mismatch):
        it pays only from the liquidity it has; a payment platform holds everything in
        custody.
        """
        if shortfall <= 1e-9 or self.kind != "wealth" or self.loans <= 0:
            return
        p = self.model.p
        keep = 1.0 - p.fire_sale_discount
        if keep <= 0:
            return
        face = min(shortfall / keep, p.fire_sale_capacity * self.loans)
        self.loans -= face
        self.liquidity += face * keep
        self.model.ledger["outside"] += face * (1.0 - keep)

    def _check_distress(self, owed: float, unpaid: float) -> None:
        m = self.model
        t = m.time
        equity = self.liquidity + self.loans - owed
        if self.status == "frozen":
            if unpaid <= 1e-9 and equity > 0:
                resumed = "rectifying" if self.rectify_until > t else "operating"
                self.set_status(resumed, "withdrawals resumed")
                self.unpaid_days = 0
            elif equity < -0.1 * owed:
                self.fail("insolvent while frozen")
                return
        elif self.unpaid_days >= FREEZE_AFTER and self.status in ("operating", "rectifying"):
            self.set_status("frozen", "cannot pay withdrawals")
            m.open_incident("run", self.index, severity=min(1.0, unpaid / max(owed, 1e-9)),
                            public=True, headline=f"{self.name} freezes withdrawals")
        if self.alive and owed > 0 and equity < -0.25 * owed:
            self.fail("insolvent")
            return
        if self.alive and self.pooled_fund and (self.status == "frozen" or equity < 0):
            if m.streams.uniform("abscond", t, self.index) < m.p.abscond_hazard:
                self.abscond()

    @staticmethod
    def _payouts(assets: float, owed_i: np.ndarray) -> np.ndarray:
        """Each claim's share of ``assets`` in a wind-up: pro rata, never above the claim."""
        owed = float(owed_i.sum())
        ratio = min(1.0, assets / owed) if owed > 0 else 0.0
        return owed_i * ratio

    def _wind_up(self, assets: float, status: Status, reason: str) -> None:
        """Pay users out of ``assets`` pro rata, then the protection fund; book losses."""
        m = self.model
        pop = m.population
        j = self.index
        owed_i = pop.holdings[:, j].copy()
        payout = self._payouts(assets, owed_i)
        paid = float(payout.sum())
        pop.cash += payout
        m.ledger["outside"] += assets - paid  # anything left goes to the owners
        loss = owed_i - payout
        self.shortfall = float(loss.sum())
        protected = m.regulator.protect(loss, owed_i)
        net = loss - protected
        pop.losses += net
        holders = owed_i > 0
        pop.shock[holders, j] -= np.minimum(1.0, 0.5 + net[holders] / owed_i[holders])
        pop.holdings[:, j] = 0.0
        pop.queued[:, j] = 0.0
        self.owed_after = 0.0
        self.set_status(status, reason)
        m.open_incident("abscond" if status == "absconded" else "failure", j, severity=1.0,
                        public=True, headline=f"{self.name} {status}: {reason}")
        self.loss_to_users = float(net.sum())

    def _realise(self) -> float:
        """Liquidity plus what the loan book recovers in a wind-up; the rest goes outside.

        The loan book recovers ``r + (1 - r) 0.7 risk_management`` of its value, with ``r``
        the ``recovery_rate``.
        """
        recovered = self._recoverable_loans()
        self.model.ledger["outside"] += self.loans - recovered
        assets = self.liquidity + recovered
        self.liquidity = self.loans = 0.0
        return assets

    def _recoverable_loans(self) -> float:
        """What the loan book would fetch in a wind-up today (see :meth:`_realise`)."""
        r = self.model.p.recovery_rate
        # A well-managed loan book is worth more in a wind-up than a fraud-ridden one.
        return self.loans * (r + (1.0 - r) * 0.7 * self.risk_management)

    def wind_up_split(self) -> tuple[float, float]:
        """What a wind-up today would cost savers, and the investor-protection share of it.

        The same arithmetic as a failure (:meth:`fail`), changing nothing: liquidity and the
        recoverable loan book paid out pro rata; the rest of the claims is lost, and the
        investor-protection guarantee repays its part of that loss
        (:meth:`Regulator.covered`). Returns ``(lost, protected)``: the claims lost before
        protection and what the fund would repay of them (users keep ``lost - protected``
        as losses). ``(0, 0)`` for a platform that is no longer alive (its losses are booked
        already).
        """
        if not self.alive:
            return 0.0, 0.0
        owed_i = self.model.population.holdings[:, self.index]
        loss = owed_i - self._payouts(self.liquidity + self._recoverable_loans(), owed_i)
        return float(loss.sum()), float(self.model.regulator.covered(loss, owed_i).sum())

    def loss_if_wound_up(self) -> float:
        """What users would lose for good if the platform were wound up today (:meth:`fail`).

        Claims lost in the wind-up less what investor protection repays
        (:meth:`wind_up_split`); 0 for a platform that is no longer alive.
        """
        lost, protected = self.wind_up_split()
        return lost - protected

    def fail(self, reason: str) -> None:
        """Wind the platform up: liquidity and the recoverable loan book go to users."""
        self._wind_up(self._realise(), "failed", reason)

    def abscond(self) -> None:
        """Operators flee with the pool; police and courts recover part of it for users.

        A share ``joint_enforcement`` of what a wind-up would realise (:meth:`fail`) is
        seized and paid out; the rest is gone. Recovery after the 2018-2019 collapses of
        Chinese P2P platforms was partial and slow, larger where police and regulators
        acted together (the "recover stolen money, reduce losses" campaigns): a share, not
        all or nothing.
        """
        m = self.model
        seized = m.p.joint_enforcement
        realised = self._realise()
        assets = seized * realised
        m.ledger["outside"] += realised - assets  # the operators keep the rest
        reason = "operators fled with the pooled fund"
        if seized > 0:
            reason += f"; police recovered {seized:.0%} of it"
        self._wind_up(assets, "absconded", reason)

    def visible_distress(self, owed: float | None = None) -> float:
        """How much trouble users can see, 0-1.

        Frozen withdrawals, days of unpaid ones, and insolvency as far as the platform
        discloses its condition (``transparency``). It discounts the platform's good words
        and is bad evidence for its holders. ``owed``: :attr:`owed`, if summed already.
        """
        if not self.alive:
            return 0.0  # the failure itself is news
        if self.status == "frozen":
            return 1.0
        seen = min(1.0, self.unpaid_days / FREEZE_AFTER)
        owed = self.owed if owed is None else owed
        equity = self.liquidity + self.loans - owed
        if owed > 0 and equity < 0:
            seen = max(seen, self.transparency * min(1.0, -4.0 * equity / owed))
        return seen

    def health(self, owed: float | None = None) -> float:
        """A 0-1 summary of the platform's true condition (used by ratings and disclosure).

        ``owed``: :attr:`owed`, if summed already.
        """
        owed = self.owed if owed is None else owed
        if not self.alive or owed <= 0:
            return 0.0 if not self.alive else 1.0
        liq = min(1.0, self.liquidity / max(self.reserve_ratio * owed, 1e-9))
        equity = self.liquidity + self.loans - owed
        solv = float(np.clip(0.5 + 2.0 * equity / owed, 0.0, 1.0))
        return 0.3 * liq + 0.3 * solv + 0.2 * self.risk_management + 0.2 * self.compliance

    def __repr__(self) -> str:
        return (f"Platform({self.name}; {self.status}; liquidity={self.liquidity:,.0f}; "
                f"owed={self.owed:,.0f})")
