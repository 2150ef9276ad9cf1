"""The User agent: a Mesa agent whose state is one row of the columnar :class:`Population`.

Core object: :class:`User`. Reading ``user.trust`` returns a numpy view of that user's
row (one entry per platform); writing through it changes the model's arrays. Assigning a
column (``user.trust = 0.3``) is checked (shares 0-1, money 0 or more, flags True or
False, all finite); writing into the view or in place (``user.trust[0] = 0.3``,
``user.trust += 0.1``, which changes the view before any check) is not.
:meth:`User.step` runs that user's rules of phases 5-6 on their own (the per-agent way,
for teaching and as the test oracle); the model itself runs every user in one compiled
pass of the same rules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np

from trustsim.primitives import RUN_DAY_MAX

if TYPE_CHECKING:
    from trustsim.population import Population

__all__ = ["User", "USER_COLUMNS"]

USER_COLUMNS: dict[str, str] = {
    "trust": "trust in each platform, 0-1",
    "holdings": "money held on each platform (thousand CNY)",
    "queued": "withdrawals requested and not yet paid, per platform",
    "ran": "has run from each platform",
    "heard": "story state per platform: 0 ignorant, 1 spreader, 2 stifler",
    "exposed": "data leaked, per platform",
    "grievance": "complaint not yet filed, per platform",
    "cash": "money in hand (thousand CNY)",
    "wealth0": "wealth at the start (thousand CNY)",
    "losses": "money lost for good (thousand CNY)",
    "literacy": "financial literacy, 0-1",
    "risk_appetite": "appetite for yield over safety, 0-1",
    "threshold": "trust below which the user runs, 0-1",
    "herding": "weight of contacts' runs, 0-1",
    "media_susceptibility": "how strongly news moves trust, 0-1",
    "active": "still in the sector (False once left for good)",
    "audience": "follows the official, mainstream, social outlet",
    "shock": "bad private evidence received today, per platform (consumed by the trust "
             "update)",
    "relief": "good private evidence received today, per platform: compensation paid, "
              "service and care after a crisis (consumed by the trust update)",
}


_SHARES = {"trust", "literacy", "risk_appetite", "threshold", "herding",
           "media_susceptibility"}
_MONEY = {"holdings", "queued", "cash", "wealth0", "losses"}
_FLAGS = {"ran", "exposed", "grievance", "active", "audience"}


def _checked(name: str, value) -> np.ndarray:
    """``value`` for column ``name``, refused when the model could not hold it.

    Trust set to NaN made every trust series NaN from then on, 5.0 and ``active = "no"``
    (stored as True) were taken (Python API trial).
    """
    a = np.asarray(value)
    if name in _FLAGS:
        if a.dtype != np.bool_ and not (a.dtype.kind in "iu" and np.isin(a, (0, 1)).all()):
            raise ValueError(f"User.{name} takes True or False, not {value!r}")
        return a.astype(np.bool_)
    if name == "heard":
        if a.dtype.kind not in "iu" or not np.isin(a, (0, 1, 2)).all():
            raise ValueError(f"User.heard takes 0, 1 or 2 per platform, not {value!r}")
        return a
    if a.dtype.kind not in "iuf" or not np.isfinite(a).all():
        raise ValueError(f"User.{name} takes finite numbers, not {value!r}")
    if name in _SHARES and ((a < 0) | (a > 1)).any():
        raise ValueError(f"User.{name} takes numbers from 0 to 1, not {value!r}")
    if name in _MONEY and (a < 0).any():
        raise ValueError(f"User.{name} takes amounts of 0 or more, not {value!r}")
    return a


def _column(name: str, doc: str) -> property:
    def get(self: User) -> np.ndarray:
        return getattr(self._pop, name)[self.index]

    def set_(self: User, value) -> None:
        getattr(self._pop, name)[self.index] = _checked(name, value)

    return property(get, set_, doc=doc)


class User(mesa.Agent):
    """A user of internet-finance platforms.

    All state lives in the model's :class:`~trustsim.population.Population` arrays; the
    attributes below are views of row ``index`` (arrays per platform, scalars per user).

    Args:
        model: the :class:`~trustsim.TrustModel`.
        index: the user's row in the population arrays.

    Attributes:
        index: row in the population arrays.
        trust, holdings, queued, ran, heard, exposed: one value per platform.
        cash, wealth0, losses, literacy, risk_appetite, threshold, herding,
        media_susceptibility, active: scalars.

    Example:
        >>> import trustsim
        >>> m = trustsim.TrustModel(n_users=50, rng=1)
        >>> u = next(iter(m.agents_by_type[User]))
        >>> u.trust.shape == (len(m.platforms),)
        True
    """

    def __init__(self, model: mesa.Model, index: int) -> None:
        super().__init__(model)
        self.index = index
        self._pop: Population = model.population

    def neighbours(self) -> np.ndarray:
        """Return the population indices of this user's contacts."""
        return self.model.graph.neighbours(self.index)

    def step(self) -> None:
        """Run this user's phases 5-6 on today's signals: update trust, then act.

        The same rules (``trustsim.rules``) the model's compiled pass runs for every user
        at once. Inside :meth:`TrustModel.users_phase` (per agent), contacts are read as
        they were when the phase opened, so any order of stepping gives the model's
        numbers::

            with model.users_phase():
                model.agents_by_type[User].shuffle_do("step")

        Called on its own, between model steps, it reruns the user's rules on the last
        day's signals (contacts as they are now); money invested reaches the platform.

        Raises:
            RuntimeError: before the model's first step (no signals yet), or for a user
                removed from the model.
        """
        model = self.model
        if getattr(self, "_removed", False):
            raise RuntimeError("this user was removed from the model")
        phase = model.current_users_phase
        if phase is not None:
            phase.step_user(self.index)
            return
        with model.users_phase():
            model.current_users_phase.step_user(self.index)

    def remove(self) -> None:
        """Take the user out of the simulation: they leave for good, then leave Mesa.

        As a user who leaves the sector: every holding still owed is asked back (and paid
        as platforms can), trust no longer changes, and the user takes no more decisions.
        """
        pop = self._pop
        i = self.index
        if pop.active[i]:
            owed = np.where(pop.holdings[i] > 0, pop.holdings[i], 0.0)
            pop.queued[i] = owed
            pop.ran[i] |= owed > 0
            pop.run_day[i, owed > 0] = min(int(self.model.time), RUN_DAY_MAX)
            pop.active[i] = False
        self._removed = True
        super().remove()

    def __repr__(self) -> str:
        return (f"User({self.index}; trust={np.round(self.trust, 2).tolist()}; "
                f"active={bool(self.active)})")


for _name, _doc in USER_COLUMNS.items():
    setattr(User, _name, _column(_name, _doc))
