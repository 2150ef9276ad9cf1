"""Records of what happens in a run: incidents on platforms, news items and the event log.

Core objects: :class:`Incident` (a crisis as it unfolds on one platform: who knows, who
said what), :class:`NewsItem` and :data:`RESPONSIBILITY` (Coombs 2007 crisis clusters).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

__all__ = ["Incident", "NewsItem", "RESPONSIBILITY", "Responsibility", "INTEGRITY"]

Responsibility = Literal["victim", "accidental", "preventable"]

RESPONSIBILITY: dict[str, Responsibility] = {
    # Coombs (2007) situational crisis communication theory: the attributed responsibility.
    "rumour": "victim",
    "data_leak": "accidental",
    "outage": "accidental",
    "macro_shock": "accidental",
    "default_wave": "accidental",
    "run": "accidental",
    "liquidity_shortage": "accidental",
    "default_spike": "preventable",
    "false_advertising": "preventable",
    "compliance_violation": "preventable",
    "abscond": "preventable",
    "failure": "preventable",
    "positive_news": "victim",
}

INTEGRITY: frozenset[str] = frozenset({"false_advertising", "compliance_violation", "abscond"})
"""Incident kinds that are integrity failures: compensation repairs them little
(Kim et al. 2004; Haesevoets et al. 2015)."""


@dataclass
class Incident:
    """One crisis on one platform, from its start to the platform's last word on it.

    Attributes:
        kind: incident kind (a key of :data:`RESPONSIBILITY`).
        platform: index of the platform concerned.
        start: day it began; severity: 0-1 size of the problem.
        real: False for a false rumour.
        known_at: day the platform learns of it; public_at: day the public learns of it
            (None while hidden).
        thunder: the platform disclosed it before anyone else (stealing thunder).
        responded_at: day of the platform's first statement (None before).
        lie: the statement denied a real problem or was untrue; lie_exposed: day the lie
            came out.
        harm: money the incident cost users, the base for compensation.
        affected: indices of users directly affected (leaked data, misled investors).
        headline: text for the news feed.
    """

    kind: str
    platform: int
    start: float
    severity: float
    real: bool = True
    known_at: float | None = None
    public_at: float | None = None
    thunder: bool = False
    responded_at: float | None = None
    follow_ups: int = 0
    lie: bool = False
    lie_exposed: float | None = None
    harm: float = 0.0
    compensation_due: float = 0.0
    compensation_paid: float = 0.0
    affected: np.ndarray | None = None
    headline: str = ""
    id: int = -1

    @property
    def key(self) -> tuple[int, int, int]:
        """What the incident is about (platform, kind, start day), for keyed random draws.

        Unlike ``id``, it does not depend on how many incidents happened before.
        """
        return (self.platform, zlib.crc32(self.kind.encode()), int(self.start))

    @property
    def responsibility(self) -> Responsibility:
        """Coombs' crisis cluster of this incident."""
        return RESPONSIBILITY.get(self.kind, "accidental")

    @property
    def is_public(self) -> bool:
        """The public knows about the incident."""
        return self.public_at is not None


@dataclass
class NewsItem:
    """One published item: who said what about whom, how loudly and how credibly.

    Attributes:
        time: day published; outlet: outlet name; kind: official/mainstream/social;
        platform: platform index, or None for the whole sector; sentiment: -1 (bad) .. 1
        (good); credibility: the outlet's credibility; rumour: an unconfirmed claim;
        headline: text for the news feed.
    """

    time: float
    outlet: str
    kind: str
    platform: int | None
    sentiment: float
    credibility: float
    rumour: bool = False
    headline: str = ""
    tags: dict = field(default_factory=dict)
