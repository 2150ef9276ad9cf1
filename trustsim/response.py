"""How platforms act on their incidents and between them (phase 3 of a step).

Core objects: :func:`communicate` (the crisis-response strategy: delay, stance,
truthfulness, disclosure, consistency, compensation; Coombs 2007) and :func:`invest`
(prevention levers with their costs), the rebuilding programme and the crisis review
(:func:`review`). :data:`FIT` is the situational crisis communication table: how much a
stance helps for each crisis cluster.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from trustsim.events import Incident

if TYPE_CHECKING:
    from trustsim.agents.platform import Platform
    from trustsim.model import TrustModel
    from trustsim.params import Params
    from trustsim.population import Signals

__all__ = ["FIT", "WORDS_FADE", "communicate", "hold_back_words", "invest", "pay_compensation",
           "stance_on", "words_fade"]

FIT: dict[str, dict[str, float]] = {
    # Coombs (2007): the response must fit the attributed responsibility. Denial works for
    # a victim crisis (a false rumour) and backfires where the platform is to blame.
    "deny": {"victim": 0.6, "accidental": -0.2, "preventable": -0.4},
    "diminish": {"victim": 0.2, "accidental": 0.3, "preventable": 0.0},
    "rebuild": {"victim": 0.3, "accidental": 0.6, "preventable": 0.5},
}

LATE_APOLOGY_DAYS = 10.0  # e-folding time of a statement's effect after the news broke
SILENCE_DAYS = 30  # days after an incident goes public during which silence is read
THUNDER_BONUS = 0.2  # credibility gained by disclosing first (Arpan & Roskos-Ewoldsen 2005)
FOLLOW_UP_EVERY = 7  # days between progress reports
MAX_FOLLOW_UPS = 4
REBUILD_DAYS = 180  # how long rebuilding programmes run after a crisis statement
LIE_PENALTY = 0.5  # extra bad evidence when a lie comes out (per unit of severity + 0.5)
# Money received is the recipient's own good experience: compensating the whole harm of a
# competence failure is worth this much evidence in all, spread over the instalments (0.3
# of it for an integrity failure, as the promise's gain; Smith, Bolton & Wagner 1999).
RECEIPT_EVIDENCE = 1.0

HEADLINES = {
    "deny": "{name} denies the reports",
    "diminish": "{name} says the problem is minor and under control",
    "rebuild": "{name} apologises and promises to put things right",
}


def stance_on(p: Params, inc: Incident) -> str:
    """The stance a platform takes on one incident: a truthful one says what is so.

    The strategy's ``stance``, except for a ``truthful`` platform:

    - with ``stance: deny`` (a rapid rebuttal), a false rumour is denied and refuted, but a
      real incident (a leak, an outage, a default wave) is answered as platforms usually
      do, with the facts and that they are in hand (``diminish``, the parameter default):
      a denial of it would be a lie. Until 2026-12-07 such a platform denied real incidents
      too, and the lie, once exposed, cost trust and money (in the flagship's rumour run a
      rival's later data leak, denied, made rapid rebuttal look worse than silence);
    - with ``stance: rebuild``, a false incident (a rumour) is refuted (``deny``), not
      apologised for: an apology accepts blame for what did not happen, and "progress
      reports" on it confirm it. Until 2026-12-08 full rebuild and timely truthful
      disclosure apologised for the rumour run's false rumour and reported progress on it
      weekly (domain review). The usual ``diminish`` ("minor and under control") claims no
      fault, and stays.
    """
    if p.truthful and p.stance == "deny" and inc.real:
        return "diminish"
    if p.truthful and p.stance == "rebuild" and not inc.real:
        return "deny"
    return p.stance


def _statement(platform: Platform, sig: Signals, value: float, text: str) -> None:
    sig.statement[platform.index] += value
    platform.statements.append((platform.model.time, text))
    platform.model.log_event("statement", platform.index, text, value=value)


def communicate(platform: Platform, sig: Signals) -> None:
    """Respond to each open incident per the strategy, and follow up (phase 3).

    A platform learns of a hidden incident at once with early warning, otherwise after a
    detection lag that shrinks with risk management. It speaks ``response_delay`` days later
    (halved by a crisis team). Speaking first about a hidden problem with a rebuild or
    diminish stance discloses it (stealing thunder). The statement's effect is
    ``credibility x (0.5 + transparency) x FIT[stance][cluster] x (0.5 + severity)``,
    scaled by disclosure, fading with lateness; inconsistency costs credibility; a denial
    of a real problem is a lie that may come out later at a higher price (a truthful
    platform denies only what is false: :func:`stance_on`). Until it speaks,
    its silence is read (:func:`_read_silence`).
    """
    m = platform.model
    p = platform.response_params
    t = m.time
    for inc in platform.incidents:
        if not inc.meaning.respond or not platform.alive:
            continue
        _maybe_expose_lie(platform, inc, sig)
        _read_silence(platform, inc, sig)
        if inc.responded_at is not None:
            _follow_up(platform, inc, sig)
            continue
        delay = p.response_delay * (0.5 if p.crisis_team else 1.0)
        if inc.known_at is None or t < inc.known_at + delay:
            continue
        if p.stance == "silent":
            inc.responded_at = t
            continue
        if not inc.is_public:
            # A denying platform (truthful or not) volunteers nothing: it waits for the news.
            if p.stance == "deny" or not p.truthful or not inc.real:
                continue  # nothing to deny yet: wait for the news to break
            inc.thunder = True
            m.make_public(inc, by="platform")
        stance = stance_on(p, inc)
        fit = FIT[stance][inc.responsibility]
        # How far statements are believed: a transparent platform's words carry more.
        value = platform.credibility * (0.5 + platform.transparency) * fit * (
            0.5 + inc.severity)
        if stance != "deny" or not inc.real:
            value *= 0.5 + p.disclosure
        lateness = 0.0 if inc.thunder else max(0.0, t - (inc.public_at or t))
        value *= math.exp(-lateness / LATE_APOLOGY_DAYS)
        if inc.thunder:
            value += THUNDER_BONUS * platform.credibility
            platform.credibility = min(1.0, platform.credibility + 0.05)
        # A lie contradicts the facts: denying a real incident, or an untruthful account of
        # one. About a false rumour there is nothing to hide, so nothing to expose: denying
        # it is the textbook victim-cluster response (Coombs 2007), not a lie.
        inc.lie = inc.real and (stance == "deny" or not p.truthful)
        consistency = max(p.consistency, 0.95) if p.crisis_team else p.consistency
        text = HEADLINES[stance].format(name=platform.name)
        mixed = 1.0 - consistency
        if mixed > 0:
            # Mixing messages backfires (Coombs 2007), by how many of them contradict the
            # rest: a degree, not a lottery per incident (one draw made the lever's effect
            # all or nothing in each run).
            value -= 0.3 * mixed
            platform.credibility = max(0.0, platform.credibility - 0.1 * mixed)
            if mixed >= 1.0 / 3.0:  # the feed names it when a third or more contradict
                text += ", then contradicts itself"
        if p.compensation_share > 0 and inc.harm > 0:
            inc.compensation_due = p.compensation_share * inc.harm
            # Compensation repairs competence failures, hardly integrity ones (Kim et al.
            # 2004), with diminishing returns (Gelbrich et al. 2015).
            gain = 0.15 if inc.meaning.integrity else 0.5
            value += gain * (1.0 - math.exp(-3.0 * p.compensation_share))
            text += f"; compensation of {p.compensation_share:.0%} of the harm"
        inc.responded_at = t
        if stance == "deny" and not inc.real:
            # An early, evidence-citing official refutation slows a false rumour.
            m.refute_story(platform.index, p.disclosure)
            text += " and refutes the rumour with evidence" if p.disclosure >= 0.5 else ""
        _statement(platform, sig, value, text)


def _read_silence(platform: Platform, inc: Incident, sig: Signals) -> None:
    """Silence is read: while a public incident goes unanswered, users conclude the worst.

    Each day from the day it goes public, for ``SILENCE_DAYS`` days, until the platform's
    first statement (or always, for a ``silent`` stance), bad evidence of
    ``silence_penalty x severity``. "No comment" does about as badly as the worse of a
    denial and an apology (Ferrin et al. 2007; Uhlmann et al. 2010).
    """
    m = platform.model
    p = platform.response_params
    if not inc.is_public or p.silence_penalty <= 0:
        return
    spoke = inc.responded_at is not None and p.stance != "silent"
    if spoke or m.time - inc.public_at > SILENCE_DAYS:
        return
    sig.statement[platform.index] -= p.silence_penalty * inc.severity


def _follow_up(platform: Platform, inc: Incident, sig: Signals) -> None:
    p = platform.response_params
    since = platform.model.time - inc.responded_at
    if (stance_on(p, inc) in ("rebuild", "diminish") and p.disclosure > 0 and inc.follow_ups
            < MAX_FOLLOW_UPS and since >= FOLLOW_UP_EVERY * (inc.follow_ups + 1)):
        inc.follow_ups += 1
        value = 0.1 * p.disclosure * platform.credibility
        _statement(platform, sig, value, f"{platform.name} reports progress on the "
                   f"{inc.kind.replace('_', ' ')}")


def _maybe_expose_lie(platform: Platform, inc: Incident, sig: Signals) -> None:
    m = platform.model
    if not inc.lie or inc.lie_exposed is not None:
        return
    chance = 0.25 * m.p.leak_discovery + (0.5 if m.regulator.inspected_last_round(platform)
                                          else 0.0)
    if m.streams.uniform("lie", m.time, *inc.key) < chance:
        inc.lie_exposed = m.time
        platform.credibility *= 0.5
        sig.statement[platform.index] -= LIE_PENALTY * (0.5 + inc.severity)
        m.newsworthy(platform.index, -0.8, f"{platform.name} misled users about the "
                     f"{inc.kind.replace('_', ' ')}", confirmed=True)


def pay_compensation(platform: Platform) -> None:
    """Pay today's instalment of promised compensation from liquidity to affected users.

    The promise is a statement (:func:`communicate`); the money is evidence. Each
    instalment is good private evidence (``relief``) to its recipients of ``RECEIPT_EVIDENCE x
    compensation_share x`` the instalment's share of what is due (x 0.3 for an integrity
    failure): paid at once, it lands at once; paid over ``compensation_days``, it lands
    that slowly (how fast a recovery comes counts: Smith, Bolton & Wagner 1999; Davidow
    2003). Like all good private evidence it cannot lift trust above the pre-incident level.
    """
    m = platform.model
    pop = m.population
    j = platform.index
    for inc in platform.incidents:
        left = inc.compensation_due - inc.compensation_paid
        if left <= 1e-12:
            continue
        amount = min(left, inc.compensation_due / platform.response_params.compensation_days,
                     platform.liquidity)
        if amount <= 0:
            continue
        who = inc.affected if inc.affected is not None and len(inc.affected) else None
        if who is None:
            who = np.flatnonzero(pop.holdings[:, platform.index] > 0)
        if len(who) == 0:
            inc.compensation_due = inc.compensation_paid
            continue
        platform.liquidity -= amount
        np.add.at(pop.cash, who, amount / len(who))
        fit = 0.3 if inc.meaning.integrity else 1.0
        # as trust comes back, good evidence fades (hold_back_words): the victims' own when
        # they are known (a leak's 40 %: the platform's mean barely moves), else the
        # platform's holders'
        fade = words_fade(m, platform)
        if inc.affected is not None and len(inc.affected):
            now = float(pop.trust[who, j].mean())
            inc.affected_low = float(np.fmin(inc.affected_low, now))
            fade = _fade(inc.affected_before, inc.affected_low, now)
        pop.relief[who, j] += (RECEIPT_EVIDENCE * fit * platform.response_params.compensation_share
                              * amount / inc.compensation_due * fade)
        inc.compensation_paid += amount
        platform.spent += amount
        m.flows["compensation"] += amount


REVIEW_AFTER = 30  # days after the first statement when the crisis review is done


def _rebuild_cost(p: Params, owed: float) -> float:
    """A day of the rebuilding programme's cost: 2 % of money owed per year per unit."""
    units = p.brand_campaign + p.service_quality + p.user_care + p.compliance_reports
    return 0.02 * units / 365.0 * owed


def _rebuild(platform: Platform, sig: Signals, paid: float = 1.0) -> None:
    """One day of the rebuilding programme (report §6), ``paid`` of it paid for.

    Slow effects, each costing 2 % of money owed per year per unit (:func:`_rebuild_cost`):
    a brand campaign adds good publicity (a statement boost); service quality is felt by
    users with money on the platform; user care reaches users with a grievance, unpaid
    money or leaked data; public compliance reports come out monthly and lift compliance. A
    truthful platform's report shows its accounts: with equity below zero it is bad news,
    and the regulator inspects it in the next round (until 2026-12-07 an insolvent lender's
    monthly reports were good news that kept it trusted and open to the horizon:
    ``p2p_collapse`` under ``full_rebuild``, equity -15 % in 4 of 10 seeds).
    Each effect is scaled by ``paid``, the share of the day's bill the platform could pay.
    """
    m = platform.model
    p = platform.response_params
    j = platform.index
    pop = m.population
    cred = platform.credibility
    if p.brand_campaign > 0:
        sig.statement[j] += 0.004 * p.brand_campaign * cred * paid
    fade = words_fade(m, platform)  # (good words fade as trust comes back: hold_back_words)
    if p.service_quality > 0 and fade > 0:
        earning = pop.holdings[:, j] - pop.queued[:, j] > 1e-9
        pop.relief[earning, j] += 0.01 * p.service_quality * paid * fade
    if p.user_care > 0 and fade > 0:
        harmed = pop.exposed[:, j] | (pop.queued[:, j] > 0) | pop.grievance[:, j]
        pop.relief[harmed, j] += 0.03 * p.user_care * paid * fade
    if p.compliance_reports > 0:
        gain = paid * p.compliance_reports / 365.0
        platform.compliance += gain * (1.0 - platform.compliance)
        if int(m.time) % 30 == 0 and paid > 0:
            if p.truthful and platform.equity < 0:
                # A truthful report publishes the accounts: a hole in them is bad news, as
                # strong as a good report, and the supervisor reads it (an inspection in the
                # next round, where the solvency check may close it).
                _statement(platform, sig, -0.2 * paid * p.compliance_reports * cred,
                           f"{platform.name} publishes a compliance report: it cannot cover "
                           "what it owes")
                m.regulator.inspect_soon(platform)
                return
            # The platform's own publication: it reaches users as its words (talk, capped
            # at where trust was before the crisis), not as news of facts.
            _statement(platform, sig, 0.2 * paid * p.compliance_reports
                       * platform.compliance * cred,
                       f"{platform.name} publishes a compliance report")


def review(platform: Platform) -> None:
    """Crisis review (report §4): feed a handled incident's lessons back.

    ``REVIEW_AFTER`` days after the first statement, the trait that failed (the incident
    kind's ``review_trait``: security after a leak, risk management after defaults,
    outages or runs, compliance after violations) rises by ``review_learning`` of its gap
    to 1.
    """
    rate = platform.response_params.review_learning
    if rate <= 0:
        return
    t = platform.model.time
    for inc in platform.incidents:
        trait = inc.meaning.review_trait
        if trait and inc.responded_at is not None and t - inc.responded_at == REVIEW_AFTER:
            level = getattr(platform, trait)
            setattr(platform, trait, level + rate * (1.0 - level))


def invest(platform: Platform, sig: Signals) -> tuple[float, float]:
    """Daily prevention and rebuilding spending with its slow effects (phase 3).

    Each unit of yearly trait gain costs 2 % of money owed per year; an education campaign
    raises every user's literacy (Lusardi & Mitchell 2014 on financial literacy) and costs
    1 % of money owed per unit per year, of which the public purse bears
    ``education_public_share`` (``Regulator.public_spending``) and the platform the rest.

    A platform pays what its liquidity allows, and what it cannot pay for it does not get:
    every gain it buys today (traits, rebuilding) is scaled by the share of the day's bill
    it paid, and so is its part of the campaign (until 2026-12-06 a platform with no cash
    bought all of it for nothing).

    Returns:
        This platform's part of today's education campaign (its whole cost, the public
        share included) and how much of it was paid (the public share, and the platform's
        share of the rest); the model scales the campaign's literacy gain by the sector's
        paid share.
    """
    m = platform.model
    p = platform.response_params  # (the sector's levers, education and prevention, as m.p's)
    rates = (("risk_management", p.invest_risk_management),
             ("security", p.invest_security), ("compliance", p.invest_compliance))
    rebuilding = any(i.responded_at is not None and m.time - i.responded_at <= REBUILD_DAYS
                     for i in platform.incidents)
    if not (rebuilding or p.education_campaign > 0 or any(r > 0 for _, r in rates)):
        return 0.0, 0.0  # nothing bought today: money owed is not summed (a pass over users)
    owed = platform.owed
    campaign = 0.01 * p.education_campaign / 365.0 * owed if p.education_campaign > 0 else 0.0
    public = p.education_public_share * campaign  # from outside the sector: no ledger entry
    bill = (sum(0.02 * rate / 365.0 * owed for _, rate in rates if rate > 0)
            + campaign - public + (_rebuild_cost(p, owed) if rebuilding else 0.0))
    spent = platform.spend(bill) if bill > 0 else 0.0
    paid = spent / bill if bill > 0 else 1.0
    platform.spent += spent
    m.regulator.public_spending += public
    for trait, rate in rates:
        if rate > 0:
            level = getattr(platform, trait)
            setattr(platform, trait, level + paid * rate / 365.0 * (1.0 - level))
    if rebuilding:
        _rebuild(platform, sig, paid)
    return campaign, public + paid * (campaign - public)


WORDS_FADE = 0.02
"""Good words fade out over the last this much of a platform's mean trust below its level
before its first incident (:func:`hold_back_words`). An assumption."""


def _fade(before: float, low: float, now: float) -> float:
    """How much of good words' effect is left: ``(before - now) / WORDS_FADE`` in [0, 1].

    Only once trust has fallen below ``before`` by more than ``WORDS_FADE`` (its ``low``
    since); else 1 (no incident, or the fall is still to come: on the day an incident goes
    public its apology and first compensation land before the bad news has moved anyone).
    """
    if not low < before - WORDS_FADE:  # (NaN: no incident yet)
        return 1.0
    return min(max((before - now) / WORDS_FADE, 0.0), 1.0)


def words_fade(model: TrustModel, platform: Platform) -> float:
    """How much good a platform's words and care still do today (:func:`hold_back_words`)."""
    last = model.recorder.last_platform_trust
    if last is None:
        return 1.0
    now = float(last[platform.index])
    platform.trust_low = float(np.fmin(platform.trust_low, now))
    return _fade(platform.trust_before, platform.trust_low, now)


def hold_back_words(model: TrustModel) -> None:
    """Good words fade out as a platform's users come back to their pre-incident trust.

    Each user's good words are capped at its own pre-incident trust (``anchor``), but
    neighbours mix users: words refilled those below their anchors while the pull
    lifted others above theirs, and over a long rebuilding the platform ended more
    trusted than without the crisis (+0.009 on day 214 of a full leak under
    full_rebuild, review). So the good a platform's words do is scaled by
    ``(before - now) / WORDS_FADE`` within [0, 1] (:func:`words_fade`): ``now`` its active
    users' mean trust at the last record, ``before`` that mean just before its first bad
    public incident (``Platform.trust_before``, set by :meth:`TrustModel.make_public`).
    Here, at the end of phase 4, its positive statement; service and care where they are
    given (:func:`_rebuild`); compensation received by the victims' own mean trust against
    theirs before (``Incident.affected_before``; a leak of 40 % of users barely moves the
    platform's mean, and their compensation must still count: :func:`pay_compensation`).
    The last ``WORDS_FADE`` of trust comes back by being paid as promised, not by talk (an
    assumption; a switch at ``before`` made every rebuilding lever's response ragged).
    """
    sig = model.signals
    for plat in model.platforms:
        fade = words_fade(model, plat)
        if fade < 1.0:
            sig.statement[plat.index] = min(sig.statement[plat.index],
                                            fade * sig.statement[plat.index])
