"""Model-level metrics recorded each day, per-platform series, and run summaries.

Core objects: :class:`Recorder` (a Mesa ``DataCollector`` that records cheap reductions,
so Mesa's ``batch_run`` can read it), :data:`MODEL_COLUMNS`, :data:`PLATFORM_COLUMNS`,
:data:`SUMMARY_KEYS` (derived from the outcome registry, ``trustsim.outcomes``) and
:func:`summarise`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from mesa import DataCollector

from trustsim import measures  # (also registers the validation measures as outcomes)
from trustsim.outcomes import OUTCOMES, evaluate, summary_names

if TYPE_CHECKING:
    from trustsim.model import TrustModel

__all__ = ["MODEL_COLUMNS", "PLATFORM_COLUMNS", "SUMMARY_KEYS", "USER_SNAPSHOT", "Recorder",
           "summarise", "new_flows"]

MODEL_COLUMNS: dict[str, str] = {
    "time": "day (0 = start)",
    "holder_trust": "headline trust: mean over every user who held money at the start of "
                    "their trust in the platforms they held (failed ones and users who left "
                    "included)",
    "mean_trust": "mean trust of active users in platforms not failed (frozen included)",
    "sector_trust": "mean over all users of their mean trust across all platforms",
    "aum": "money owed to users by platforms still alive (thousand CNY)",
    "inflow": "new money invested today (thousand CNY)",
    "withdrawals_requested": "new withdrawal requests today (thousand CNY)",
    "withdrawals_paid": "withdrawals paid today (thousand CNY)",
    "unpaid_queue": "withdrawals requested and not yet paid, end of day (thousand CNY)",
    "active_users": "users still in the sector",
    "departed_users": "users who left for good",
    "runs": "user-platform runs started today",
    "switchers": "users who moved money to a platform after running from another",
    "complaints": "complaints filed today",
    "operating": "platforms operating",
    "rectifying": "platforms under a rectification order",
    "frozen": "platforms with withdrawals frozen",
    "failed": "platforms failed (wound up)",
    "absconded": "platforms whose operators fled",
    "user_losses": "cumulative money users lost for good (thousand CNY)",
    "compensation_paid": "compensation paid to users today (thousand CNY)",
    "protection_paid": "cumulative investor-protection payouts (thousand CNY)",
    "platform_spending": "cumulative platform spending on interventions and compensation "
                         "(thousand CNY)",
    "news_negative": "news items today with sentiment < -0.1",
    "news_neutral": "news items today with sentiment in [-0.1, 0.1]",
    "news_positive": "news items today with sentiment > 0.1",
    "rumour_reach": "share of users who have heard a current story about some platform",
    "money_residual": "money created or destroyed by accounting error (thousand CNY; "
                      "should be ~0)",
}

PLATFORM_COLUMNS: dict[str, str] = {
    "time": "day",
    "platform": "platform name",
    "trust": "mean trust of active users in the platform",
    "aum": "money owed to users (thousand CNY)",
    "users": "users with money on the platform",
    "inflow": "new money today (thousand CNY)",
    "withdrawals_requested": "new withdrawal requests today (thousand CNY)",
    "withdrawals_paid": "withdrawals paid today (thousand CNY)",
    "liquidity": "cash held (thousand CNY)",
    "loans": "loan book (thousand CNY)",
    "status": "operating, rectifying, frozen, failed or absconded",
    "rating": "last published industry rating (NaN before the first)",
    "credibility": "credibility of the platform's statements",
    "runs": "users who ran from the platform today (asked for all their money back)",
}

SUMMARY_KEYS: dict[str, str] = {n: OUTCOMES[n].meaning for n in summary_names()}
"""Outcomes of every run's summary and their meaning (derived from the outcome registry)."""


def new_flows() -> dict[str, float]:
    """Return the zeroed per-day flow counters."""
    return {"paid": 0.0, "requested_total": 0.0, "compensation": 0.0}


USER_SNAPSHOT: dict[str, str] = {
    "mean_trust": "mean trust across platforms",
    "holdings": "money on platforms",
    "cash": "money in hand",
    "losses": "money lost for good",
    "active": "still in the sector",
}
"""What a user snapshot records per user (``user_snapshot_every``)."""


class Recorder(DataCollector):
    """Records :data:`MODEL_COLUMNS` and :data:`PLATFORM_COLUMNS` once a day.

    A Mesa ``DataCollector``: ``model_vars`` holds the model-level columns, and the
    agent-type records hold one row per ``Platform`` per day (:data:`PLATFORM_COLUMNS`,
    named ``platform_trust``, ``platform_aum``, ... there) and, every
    ``user_snapshot_every`` days when set, one row per ``User`` (:data:`USER_SNAPSHOT`,
    named ``user_mean_trust``, ...). Mesa's tools read them as usual: ``batch_run`` returns
    a row per platform (and user) per recorded day, the model's columns beside the agent's
    under their own names; ``get_agenttype_vars_dataframe(Platform)`` the platform table
    (``model.platform_timeseries()`` is the same table with the plain names). All of it
    comes from one vectorised reduction pass a day, not from a reporter called per agent.
    """

    def __init__(self, model: TrustModel) -> None:
        from trustsim.agents.platform import Platform
        from trustsim.agents.user import User

        super().__init__()
        self.model_reporters = {name: name for name in MODEL_COLUMNS}
        self.model_vars = {name: [] for name in MODEL_COLUMNS}
        self.last_platform_trust: np.ndarray | None = None  # per platform, the last record
        # Mesa's tools name agent columns platform_* and user_*: batch_run puts the model's,
        # a platform's and a user's values in one row, where a platform's aum overwrote
        # the model's (Python API trial).
        reported = {f"platform_{k}": k for k in PLATFORM_COLUMNS
                    if k not in ("time", "platform")}
        self.agenttype_reporters = {Platform: {"platform": "name", **reported}}
        self._snapshot_every = model.p.user_snapshot_every
        if self._snapshot_every:
            # (a user's losses would be user_losses, the model's column: user_own_losses)
            self.agenttype_reporters[User] = {
                (f"user_own_{k}" if f"user_{k}" in MODEL_COLUMNS else f"user_{k}"): k
                for k in USER_SNAPSHOT}
        self._platform_rows: list[np.ndarray] = []
        self._platform_status: list[list[str]] = []
        self._names = [pl.name for pl in model.platforms]
        self.before_focus: tuple[tuple[int, int], np.ndarray] | None = None
        """At the end of the day before the first scheduled crisis on one platform: that
        crisis's (platform, day) (:func:`trustsim.measures.scheduled_focus`) and, per user,
        money on that platform (its customers then; ``customers_ran`` reads them)."""
        self.put_off: np.ndarray | None = None
        """Per user and platform: the user's data leaked there and, on some day since,
        their trust in it was below their level for new money (``threshold + invest_gap``):
        they would have said they would not do new business with it (None: no leak yet)."""

    def collect(self, model: TrustModel) -> None:
        """Append today's model-level and platform-level values."""
        pop = model.population
        alive = np.array([pl.alive for pl in model.platforms])
        day = model.engine.column_totals(pop)
        n_active, aum_by_platform, holders = day.active, day.aum, day.holders
        trust_by_platform = day.trust_sum / max(n_active, 1)
        self.last_platform_trust = trust_by_platform  # (read by response.hold_back_words)
        statuses = [pl.status for pl in model.platforms]
        totals = model.totals
        sentiments = [item.sentiment for item in model.news_today]
        v = self.model_vars
        v["time"].append(float(model.time))
        v["holder_trust"].append(day.held_trust / max(pop.n_held0, 1))
        v["mean_trust"].append(float(trust_by_platform[alive].mean()) if alive.any()
                               else float(trust_by_platform.mean()))
        v["sector_trust"].append(day.trust_total / max(pop.trust.size, 1))
        v["aum"].append(float(aum_by_platform[alive].sum()))
        v["inflow"].append(float(totals.invested.sum()) if totals else 0.0)
        v["withdrawals_requested"].append(float(totals.requested.sum()) if totals else 0.0)
        v["withdrawals_paid"].append(model.flows["paid"])
        v["unpaid_queue"].append(day.queued)
        v["active_users"].append(n_active)
        v["departed_users"].append(pop.n - n_active)
        v["runs"].append(float(totals.runs.sum()) if totals else 0.0)
        v["switchers"].append(totals.switchers if totals else 0)
        v["complaints"].append(float(totals.complaints.sum()) if totals else 0.0)
        for status in ("operating", "rectifying", "frozen", "failed", "absconded"):
            v[status].append(statuses.count(status))
        v["user_losses"].append(day.losses)
        v["compensation_paid"].append(model.flows["compensation"])
        v["protection_paid"].append(model.regulator.protection_paid)
        v["platform_spending"].append(sum(pl.spent for pl in model.platforms))
        v["news_negative"].append(sum(s < -0.1 for s in sentiments))
        v["news_neutral"].append(sum(-0.1 <= s <= 0.1 for s in sentiments))
        v["news_positive"].append(sum(s > 0.1 for s in sentiments))
        v["rumour_reach"].append(day.heard_any / max(pop.n, 1))
        v["money_residual"].append(model.money_total(cash=day.cash) - model.initial_money)
        self._collection_steps.append(model.time)
        requested = totals.requested if totals else np.zeros(len(statuses))
        runs = totals.runs if totals else np.zeros(len(statuses))
        rows = np.column_stack([
            trust_by_platform, aum_by_platform, holders,
            [pl.inflow for pl in model.platforms], requested,
            [pl.paid for pl in model.platforms], [pl.liquidity for pl in model.platforms],
            [pl.loans for pl in model.platforms], [pl.rating for pl in model.platforms],
            [pl.credibility for pl in model.platforms], runs,
        ])
        self._platform_rows.append(rows)
        self._platform_status.append(statuses)
        self._record_agents(model, rows, statuses)
        self._note_put_off(model)
        self.note_focus_customers(model)

    def note_focus_customers(self, model: TrustModel) -> None:
        """On the day before the focus crisis, note its platform's customers (``before_focus``).

        One column, once a run. Called at the end of each recorded day, and again when a
        crisis is added between days to strike the next one (the dashboard's
        :func:`trustsim.viz.views.inject_crisis`): the day before it is then the day just
        recorded, and its customers are those holding money now.
        """
        f = measures.scheduled_focus(model)
        if f is not None and int(model.time) == f[1] - 1:
            self.before_focus = (f, model.population.holdings[:, f[0]] > 0)

    def _note_put_off(self, model: TrustModel) -> None:
        """Mark leaked users whose trust is below their level for new money today.

        Every leak, scheduled or drawn from the hazard, on every platform, counts. A pass
        over one byte per user and platform a day; the marking itself only once some
        user's data has leaked (one whole-array pass: leaks reach 10-50 % of a platform's
        users, so picking their rows out costs more than it saves).
        """
        pop = model.population
        if self.put_off is None:
            if not pop.exposed.any():
                return
            self.put_off = np.zeros(pop.exposed.shape, dtype=bool)
        cut = pop.threshold + model.p.invest_gap
        np.logical_or(self.put_off, pop.exposed & (pop.trust < cut[:, None]),
                      out=self.put_off)

    def _record_agents(self, model: TrustModel, rows: np.ndarray, statuses: list[str]) -> None:
        """Mesa's agent-type records: a row per platform, and per user on snapshot days."""
        from trustsim.agents.platform import Platform
        from trustsim.agents.user import User

        t = model.time
        if self._snapshot_every and int(t) % self._snapshot_every == 0:
            model.users  # noqa: B018 - the User agents, made on first use
        today = self._agenttype_records.setdefault(t, {})
        today[Platform] = [
            (t, pl.unique_id, pl.name, float(r[0]), float(r[1]), int(r[2]), float(r[3]),
             float(r[4]), float(r[5]), float(r[6]), float(r[7]), status, float(r[8]),
             float(r[9]), int(r[10]))
            for pl, r, status in zip(model.platforms, rows, statuses, strict=True)]
        k = self._snapshot_every
        if k and int(t) % k == 0:
            pop = model.population
            values = list(zip(pop.trust.mean(axis=1).tolist(),
                              pop.holdings.sum(axis=1).tolist(), pop.cash.tolist(),
                              pop.losses.tolist(), pop.active.tolist(), strict=True))
            today[User] = [(t, u.unique_id, *values[u.index])
                           for u in model.agents_by_type[User]]

    def model_frame(self) -> pd.DataFrame:
        """Return the model-level series as a DataFrame (one row per recorded day)."""
        df = pd.DataFrame(self.model_vars)
        return df.astype({"time": "int64"})

    def platform_frame(self) -> pd.DataFrame:
        """Return the per-platform series as a long DataFrame."""
        n_days = len(self._platform_rows)
        n_p = len(self._names)
        if n_days == 0:
            return pd.DataFrame(columns=list(PLATFORM_COLUMNS))
        data = np.concatenate(self._platform_rows)
        times = np.repeat(np.asarray(self.model_vars["time"], dtype=np.int64), n_p)
        df = pd.DataFrame({
            "time": times,
            "platform": np.tile(self._names, n_days),
            "trust": data[:, 0], "aum": data[:, 1], "users": data[:, 2].astype(np.int64),
            "inflow": data[:, 3], "withdrawals_requested": data[:, 4],
            "withdrawals_paid": data[:, 5], "liquidity": data[:, 6], "loans": data[:, 7],
            "status": [s for day in self._platform_status for s in day],
            "rating": data[:, 8], "credibility": data[:, 9],
            "runs": data[:, 10].astype(np.int64),
        })
        return df


def summarise(model: TrustModel) -> dict[str, Any]:
    """Return the scalar outcomes of a run (:data:`SUMMARY_KEYS`).

    Each is computed as its entry of :data:`trustsim.outcomes.OUTCOMES` says.
    """
    return evaluate(model)
