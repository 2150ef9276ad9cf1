"""Records of what happens in a run: incidents on platforms, news items and the event log.

Core objects: :class:`IncidentKind` (what an incident means: Coombs 2007 responsibility
cluster, integrity or competence, the trait a crisis review improves, how the public reads
it), :func:`register_incident` and :func:`incident_kind` (an unknown kind is an error),
:class:`Incident` (a crisis as it unfolds on one platform: who knows, who said what) and
:class:`NewsItem`. Crisis types declare their incident kinds (``trustsim.crises``); the
platform's own mechanics declare ``run``, ``failure`` and ``abscond``
(``trustsim.agents.platform``).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

__all__ = ["Incident", "IncidentKind", "NewsItem", "INCIDENT_KINDS", "Responsibility",
           "register_incident", "incident_kind"]

Responsibility = Literal["victim", "accidental", "preventable"]


@dataclass(frozen=True)
class IncidentKind:
    """What one kind of incident means; declared once, beside the mechanics that open it.

    Attributes:
        name: the kind (``Incident.kind``).
        responsibility: Coombs' (2007) situational crisis communication cluster: ``victim``
            (an outside rumour), ``accidental`` (a technical failure, a macro shock) or
            ``preventable`` (misconduct, fraud, failing despite warnings).
        integrity: an integrity failure (lies, fraud, breaking rules) rather than a
            competence one: compensation repairs it little (Kim et al. 2004; Haesevoets
            et al. 2015).
        review_trait: the platform trait its crisis review improves (report §4), if any.
        respond: the platform issues statements about it (not about its own failure).
        good_news: the news is good (sentiment +severity, not -severity).
        confirmed: the public takes it as established fact once public (a platform
            freezing withdrawals, failing, its operators fleeing), whoever tells.
        consequence: the outcome of earlier incidents (a run, a failure, fraud on leaked
            data), not a crisis of its own: it is no crisis history and is not made worse
            by one (``TrustModel.crisis_history``).
    """

    name: str
    responsibility: Responsibility
    integrity: bool = False
    review_trait: str | None = None
    respond: bool = True
    good_news: bool = False
    confirmed: bool = False
    consequence: bool = False


INCIDENT_KINDS: dict[str, IncidentKind] = {}


def register_incident(kind: IncidentKind) -> IncidentKind:
    """Declare an incident kind (once per name; the same declaration again is harmless).

    Raises:
        ValueError: a different declaration under a name already taken.
    """
    old = INCIDENT_KINDS.get(kind.name)
    if old is not None and old != kind:
        raise ValueError(f"incident kind {kind.name!r} is declared twice, differently")
    INCIDENT_KINDS[kind.name] = kind
    return kind


def incident_kind(name: str) -> IncidentKind:
    """The declaration of incident kind ``name``.

    Raises:
        ValueError: no crisis type or mechanic declares ``name``.
    """
    try:
        return INCIDENT_KINDS[name]
    except KeyError:
        raise ValueError(f"unknown incident kind {name!r}; declared: "
                         f"{', '.join(sorted(INCIDENT_KINDS))}") from None


@dataclass
class Incident:
    """One crisis on one platform, from its start to the platform's last word on it.

    Attributes:
        kind: incident kind (a key of :data:`INCIDENT_KINDS`).
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
        affected_before, affected_low: their mean trust in the platform when it went
            public, and its lowest since at a compensation payment (NaN before; their
            compensation's good fades as it comes back: ``response.hold_back_words``).
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
    affected_before: float = float("nan")
    affected_low: float = float("nan")
    headline: str = ""
    id: int = -1

    @property
    def key(self) -> tuple[int, int, int]:
        """What the incident is about (platform, kind, start day), for keyed random draws.

        Unlike ``id``, it does not depend on how many incidents happened before.
        """
        return (self.platform, zlib.crc32(self.kind.encode()), int(self.start))

    @property
    def meaning(self) -> IncidentKind:
        """What this kind of incident means (:class:`IncidentKind`)."""
        return incident_kind(self.kind)

    @property
    def responsibility(self) -> Responsibility:
        """Coombs' crisis cluster of this incident."""
        return self.meaning.responsibility

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
