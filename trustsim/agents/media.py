"""The MediaOutlet agent: publishes news items about what it observed, and rumours.

Core objects: :class:`MediaOutlet` and :data:`OUTLETS` (the default official, mainstream and
social outlets). An outlet reports each public event after its delay, with its accuracy
(noise), sensationalism (louder bad news) and credibility; social media also starts rumours
about platforms with visible trouble, and its items start word-of-mouth stories.
"""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING

import mesa
import numpy as np

from trustsim.events import NewsItem

if TYPE_CHECKING:
    from trustsim.model import TrustModel
    from trustsim.population import Signals

__all__ = ["MediaOutlet", "OUTLETS"]

OUTLETS: dict[str, dict[str, float]] = {
    # kind: credibility, accuracy, sensationalism, delay (days)
    "official": {"credibility": 0.9, "accuracy": 1.0, "sensationalism": 0.0, "delay": 1},
    "mainstream": {"credibility": 0.7, "accuracy": 0.85, "sensationalism": 0.3, "delay": 2},
    "social": {"credibility": 0.35, "accuracy": 0.6, "sensationalism": 0.8, "delay": 0},
}


class MediaOutlet(mesa.Agent):
    """A news source: an official channel, a mainstream outlet or social media.

    Args:
        model: the :class:`~trustsim.TrustModel`.
        index: column of this outlet in the users' audience array.
        kind: ``official``, ``mainstream`` or ``social``.
        reach: share of users who follow it.

    Attributes:
        credibility, accuracy, sensationalism, delay: reporting traits.
        published: every :class:`~trustsim.events.NewsItem` it published.

    Example:
        >>> import trustsim
        >>> m = trustsim.TrustModel(n_users=100, rng=1)
        >>> [o.kind for o in m.outlets]
        ['official', 'mainstream', 'social']
    """

    def __init__(self, model: TrustModel, index: int, kind: str, reach: float) -> None:
        super().__init__(model)
        self.index = index
        self.kind = kind
        self.name = {"official": "Official channel", "mainstream": "Mainstream media",
                     "social": "Social media"}[kind]
        self.reach = reach
        traits = OUTLETS[kind]
        self.credibility = traits["credibility"]
        self.accuracy = traits["accuracy"]
        self.sensationalism = traits["sensationalism"]
        self.delay = int(traits["delay"])
        self.published: list[NewsItem] = []
        self._covered: set[int] = set()

    def _eligible(self, event: dict) -> bool:
        if self.kind == "official":
            return event["confirmed"]
        return True

    def publish(self, sig: Signals) -> None:
        """Phase 4: report due public events; social media may start rumours."""
        m = self.model
        t = m.time
        for event in m.public_events:
            if event["id"] in self._covered or t < event["time"] + self.delay:
                continue
            self._covered.add(event["id"])
            if not self._eligible(event):
                continue
            base = event["sentiment"]
            j = event["platform"]
            if base < 0:
                base *= 1.0 + 0.5 * self.sensationalism
                # Self-disclosed news reads as severe as any other (Lee 2016: stealing
                # thunder did not change how severe the crisis seemed); what disclosing
                # first earns is credibility, in the statement (response.THUNDER_BONUS).
                if j is not None and self.kind == "mainstream":
                    base *= 1.0 - 0.5 * m.platforms[j].response_params.media_relations
            noise = self._noise(event) * 0.2 * (1.0 - self.accuracy)
            sentiment = float(np.clip(base + noise, -1.0, 1.0))
            self._emit(sig, j, sentiment, event["headline"], event.get("rumour", False))
        if self.kind == "social":
            self._rumours(sig)

    def _noise(self, event: dict) -> float:
        """A standard normal fixed by (seed, outlet, the event's day, platform and topic).

        Keyed by what the report is about, not by its place in the day's list: a report of
        the same event gets the same noise in two runs whatever else was reported that day
        (common random numbers across strategies that add or move a statement).
        """
        j = event["platform"]
        key = (self.index, int(event["time"]), 0 if j is None else int(j) + 1,
               zlib.crc32(event["topic"].encode("utf-8")))
        return self.model.streams.normal("report", *key)

    def _rumours(self, sig: Signals) -> None:
        m = self.model
        for plat in m.platforms:
            if not plat.alive:
                continue
            # Rumours feed on visible trouble not yet confirmed: withdrawals going unpaid
            # on a platform that has not (yet) frozen. A surge paid in full feeds none.
            trouble = plat.status != "frozen" and plat.unpaid_days > 0
            if trouble and m.streams.uniform("rumour", m.time, plat.index) < m.p.rumour_hazard:
                self._emit(sig, plat.index, -0.6,
                           f"rumour that {plat.name} cannot pay out", rumour=True)

    def _emit(self, sig: Signals, j: int | None, sentiment: float, headline: str,
              rumour: bool = False) -> None:
        m = self.model
        item = NewsItem(time=m.time, outlet=self.name, kind=self.kind, platform=j,
                        sentiment=sentiment, credibility=self.credibility, rumour=rumour,
                        headline=f"{self.name}: {headline}")
        self.published.append(item)
        m.news_today.append(item)
        if j is None:
            sig.news[self.index, :] += sentiment
        else:
            sig.news[self.index, j] += sentiment
            if self.kind != "official":
                m.seed_story(j, sentiment * self.credibility, self.index)

    def __repr__(self) -> str:
        return f"MediaOutlet({self.kind}; reach={self.reach:.0%}; items={len(self.published)})"
