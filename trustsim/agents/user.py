"""The User agent: a Mesa agent whose state is one row of the columnar :class:`Population`.

Core object: :class:`User`. Reading ``user.trust`` returns a numpy view of that user's
row (one entry per platform); writing through it changes the model's arrays.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np

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
    "shock": "private evidence received today, per platform (consumed by the trust update)",
}


def _column(name: str, doc: str) -> property:
    def get(self: User) -> np.ndarray:
        return getattr(self._pop, name)[self.index]

    def set_(self: User, value) -> None:
        getattr(self._pop, name)[self.index] = value

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

    def __repr__(self) -> str:
        return (f"User({self.index}; trust={np.round(self.trust, 2).tolist()}; "
                f"active={bool(self.active)})")


for _name, _doc in USER_COLUMNS.items():
    setattr(User, _name, _column(_name, _doc))
