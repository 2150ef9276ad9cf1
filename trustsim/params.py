"""Every model parameter, declared once: type, default, range, unit and meaning.

Core objects: :class:`Params` (the flat, strict parameter set a :class:`~trustsim.TrustModel`
takes as keyword arguments), :class:`PlatformSpec` (per-platform overrides) and
:func:`describe` (the table that ``trustsim list params``, docs and the dashboard read).
"""

from __future__ import annotations

import functools
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator

from trustsim.numbers import numbers_not_bools, plain_numbers

__all__ = ["Params", "PlatformSpec", "PLATFORM_TRAITS", "describe", "param_names", "record",
           "numbers_not_bools", "plain_numbers"]


def P(default: Any, meaning: str, *, unit: str = "", ge: float | None = None,
      le: float | None = None, group: str = "", source: str = "") -> Any:
    """Declare one parameter: default, meaning, unit, range, group and source."""
    extra = {"unit": unit, "group": group}
    if source:
        extra["source"] = source
    return Field(default, description=meaning, ge=ge, le=le, json_schema_extra=extra)


class Params(BaseModel):
    """The flat parameter set of one model run.

    Every field is a keyword argument of :class:`~trustsim.TrustModel` and a key under
    ``params:`` in a scenario file. Unknown keys are errors. Platform traits given here are
    defaults for every platform; ``platforms:`` entries in a scenario override them one
    platform at a time.

    Example:
        >>> Params(n_users=500).n_users
        500
    """

    model_config = ConfigDict(extra="forbid", validate_assignment=True)
    _record: tuple | None = PrivateAttr(None)  # (extra, record) of the last record() call
    _numbers = field_validator("*", mode="before")(numbers_not_bools)

    def __setattr__(self, name: str, value: Any) -> None:
        super().__setattr__(name, value)
        if not name.startswith("_"):
            self._record = None  # a changed value: the compiled rules' copy is made again

    def model_copy(self, *, update: dict[str, Any] | None = None, deep: bool = False
                   ) -> Params:
        """A copy (pydantic's ``model_copy``), without the record of the original's values."""
        out = super().model_copy(update=update, deep=deep)
        out._record = None
        return out

    def __eq__(self, other: object) -> bool:
        """Equal when every field is equal (the record cached for the compiled rules is not)."""
        if not isinstance(other, Params):
            return NotImplemented
        return type(self) is type(other) and self.__dict__ == other.__dict__

    __hash__ = None  # mutable, as pydantic's models are

    # --- world ---------------------------------------------------------------------------
    n_users: int = P(2000, "number of users (a world larger than the memory available is "
                     "refused: trustsim.limits)", unit="users", ge=2, le=100_000_000,
                     group="world")
    n_platforms: int = P(4, "number of platforms when the scenario lists none",
                         unit="platforms", ge=1, le=500, group="world")
    steps: int = P(365, "run length", unit="days", ge=1, le=20_000, group="world")
    engine: Literal["auto", "compiled"] = P(
        "auto", "how the user phases run, compiled from the rules of trustsim.rules: auto "
        "(kernels for any platform count below 20,000 users, for the model's platform "
        "count above) or compiled (always for the platform count)", group="world")
    user_snapshot_every: int = P(0, "record every user's state for Mesa's data collector "
                                 "every k days (0: never; a row per user per snapshot)",
                                 unit="days", ge=0, le=20_000, group="world")

    # --- social network ------------------------------------------------------------------
    network: Literal["small_world", "scale_free", "random", "well_mixed"] = P(
        "small_world", "social graph generator (well_mixed: every user sees everyone)",
        group="network", source="Watts & Strogatz 1998; Barabasi & Albert 1999")
    mean_degree: int = P(10, "mean number of contacts", unit="contacts", ge=2, le=500,
                         group="network")
    rewire_prob: float = P(0.1, "small-world rewiring probability", ge=0, le=1,
                           group="network")

    # --- users: endowments and traits ----------------------------------------------------
    wealth_mean: float = P(50.0, "mean investable wealth of a user (lognormal)",
                           unit="thousand CNY", ge=0.01, le=1e6, group="users")
    wealth_sigma: float = P(0.8, "log-sd of wealth", ge=0, le=3, group="users")
    invested_share: float = P(0.6, "share of wealth users keep on platforms (at the start, "
                              "and the target of new investment)", ge=0, le=1, group="users")
    platforms_per_user: float = P(2.0, "platforms a user holds money on at the start (at "
                                  "most; a mean between whole numbers: a share of users "
                                  "hold one more)", ge=1, le=50, group="users")
    literacy_mean: float = P(0.45, "mean financial literacy", ge=0, le=1, group="users",
                             source="report §1: low risk awareness")
    literacy_sd: float = P(0.2, "sd of financial literacy (clipped to [0, 1])", ge=0, le=1,
                           group="users")
    yield_doubt: float = P(0.5, "share of its trust a fully literate user withholds from "
                           "a platform advertising a yield at sound_yield + "
                           "yield_doubt_span or more (a red flag; linear from sound_yield; "
                           "scaled by literacy), in where new money goes and in who holds "
                           "what at the start", ge=0, le=1, group="users",
                           source="Guo Shuqing (CBIRC), Lujiazui Forum, June 2018; Burke "
                                  "et al. 2022 (JEBO 198): education cut investing in "
                                  "fraud, not in sound offers")
    sound_yield: float = P(0.06, "advertised yield up to which literate users see no red "
                           "flag ('above 6 % questionable')", unit="1/year", ge=0, le=1,
                           group="users", source="Guo Shuqing, June 2018")
    yield_doubt_span: float = P(0.04, "how far above sound_yield an advertised yield "
                                "raises the full red flag ('above 8 % dangerous, above "
                                "10 % expect to lose the principal')", unit="1/year",
                                ge=0.001, le=1, group="users",
                                source="Guo Shuqing, June 2018")
    initial_trust_mean: float = P(0.65, "mean initial trust in each platform", ge=0, le=1,
                                  group="users")
    initial_trust_sd: float = P(0.1, "sd of initial trust", ge=0, le=1, group="users")
    risk_appetite_mean: float = P(0.5, "mean appetite for yield over safety", ge=0, le=1,
                                  group="users")
    withdraw_threshold_mean: float = P(
        0.35, "trust below which a user pulls all money from a platform", ge=0, le=1,
        group="users", source="Granovetter 1978 thresholds")
    withdraw_threshold_sd: float = P(0.08, "sd of the withdrawal threshold", ge=0, le=1,
                                     group="users")
    invest_gap: float = P(0.15, "extra trust needed to put new money in (intent vs action)",
                          ge=0, le=1, group="users")
    relationship_discount: float = P(0.02, "how much lower the run threshold of customers "
                                     "who held money on a platform from the start is",
                                     ge=0, le=1, group="users",
                                     source="Iyer & Puri 2012; Iyer, Puri & Ryan 2016")
    herding_mean: float = P(0.3, "weight of neighbours' visible withdrawals on the run "
                            "decision", ge=0, le=1, group="users",
                            source="Morris & Shin 1998; Iyer & Puri 2012")
    media_susceptibility_mean: float = P(0.5, "how strongly news moves a user's trust",
                                         ge=0, le=1, group="users")

    # --- trust dynamics ------------------------------------------------------------------
    learning_rate: float = P(0.12, "daily rate at which evidence moves trust", ge=0, le=1,
                             group="trust", source="Josang & Ismail 2002")
    negativity_bias: float = P(3.0, "weight of bad evidence relative to good", ge=1, le=20,
                               group="trust", source="Slovic 1993")
    crisis_history_weight: float = P(0.5, "how much stronger a platform's bad news reads "
                                     "after its earlier crises (by severity, fading over a "
                                     "year) and lost credibility: at most (1 + this) x "
                                     "the severity",
                                     ge=0, le=3, group="trust",
                                     source="Coombs 2007; Coombs & Holladay 2004: crisis "
                                            "history and poor prior reputation intensify")
    experience_weight: float = P(1.0, "weight of own experience (yield, payouts, losses)",
                                 ge=0, le=10, group="trust")
    news_weight: float = P(1.0, "weight of news and rumours", ge=0, le=10, group="trust")
    statement_weight: float = P(1.0, "weight of platform statements", ge=0, le=10,
                                group="trust", source="Coombs 2007")
    regulator_weight: float = P(1.0, "weight of regulator signals and ratings", ge=0, le=10,
                                group="trust")
    social_mode: Literal["degroot", "bounded_confidence", "none"] = P(
        "degroot", "how neighbours' trust pulls a user's trust", group="trust",
        source="DeGroot 1974; Deffuant et al. 2000")
    social_weight: float = P(0.05, "DeGroot: daily weight of neighbours' mean trust",
                             ge=0, le=1, group="trust", source="DeGroot 1974")
    confidence_bound: float = P(1.0, "bounded confidence: largest trust gap still heard",
                                ge=0, le=1, group="trust", source="Deffuant et al. 2000")
    convergence: float = P(0.3, "bounded confidence: step towards the met neighbour",
                           ge=0, le=0.5, group="trust", source="Deffuant et al. 2000")
    contagion: float = P(0.15, "share of bad news about one platform felt for every other",
                         ge=0, le=1, group="trust",
                         source="pattern-oriented calibration (docs/validation.md §3)")
    confirmation: float = P(0.04, "pull of holders' trust towards their baseline while paid as "
                            "promised, per unit of learning rate (expectation confirmation)",
                            ge=0, le=1, group="trust", source="Bhattacherjee 2001")
    distress_weight: float = P(0.05, "daily bad evidence to holders from a platform's "
                               "visible distress (frozen, unpaid queue, disclosed "
                               "insolvency)", ge=0, le=1,
                               group="trust", source="Northern Rock 2007; He & Li 2020")

    # --- news and rumours spread user to user ---------------------------------------------
    rumour_contact_rate: float = P(
        0.2, "daily chance a spreader tells one contact", unit="1/day", ge=0, le=1,
        group="rumours", source="Maki & Thompson 1973")

    # --- user actions ---------------------------------------------------------------------
    liquidity_need_rate: float = P(0.002, "daily chance a user needs cash", unit="1/day",
                                   ge=0, le=1, group="actions",
                                   source="Diamond & Dybvig 1983 (early consumers)")
    liquidity_need_share: float = P(0.3, "share of holdings withdrawn for a cash need",
                                    ge=0, le=1, group="actions")
    invest_rate: float = P(0.05, "daily chance a user below their target invested share "
                           "considers topping up", unit="1/day", ge=0, le=1, group="actions")
    invest_share: float = P(0.5, "share of the gap to the target invested share put in when "
                            "investing", ge=0, le=1, group="actions")
    return_aversion: float = P(0.8, "how much less a user reinvests where they once ran",
                               ge=0, le=1, group="actions", source="Iyer & Puri 2012")
    withdrawal_fade: float = P(0.15, "daily chance that contacts stop counting a paid-out "
                               "runner as withdrawing (0: for the rest of the run)", ge=0,
                               le=1, group="actions", source="Leskovec et al. 2009; "
                               "Maki & Thompson 1973; Granovetter 1978 (0)")
    same_day_reach: float = P(0.0, "share of contacts' withdrawals seen the same day "
                              "(0: the next day); above 0 a day's run decisions are taken "
                              "in four rounds, each seeing this share of the withdrawals "
                              "made earlier that day", ge=0, le=1, group="actions",
                              source="Barr 2023 (SVB review); Cookson et al. 2023")
    complaint_prob: float = P(0.3, "share of aggrieved users who complain to the regulator "
                              "(each settles within about a week; users owed money settle "
                              "again while it is unpaid)", ge=0, le=1,
                              group="actions", source="Consumer Focus 2010: 75 % of bank "
                              "customers with a grievance complain, about 12 % beyond "
                              "the bank")
    leave_loss_share: float = P(0.3, "losses (share of wealth) after which a user leaves "
                                "for good", ge=0, le=10, group="actions")
    leave_trust: float = P(0.05, "mean of users' own levels of best trust below which they "
                           "quit for good (spread from 0 to twice it)", ge=0, le=1,
                           group="actions")
    leave_softness: float = P(0.15, "spread of the leaving decision around leave_loss_share "
                              "(loss share); 0: a step",
                              ge=0, le=1, group="actions", source="Morris & Shin 1998")
    run_softness: float = P(0.02, "spread of the run decision around the threshold (trust "
                            "units; noise of private signals); 0: Granovetter's step", ge=0,
                            le=1, group="actions",
                            source="Morris & Shin 1998; Goldstein & Pauzner 2005")
    run_hazard: float = P(0.4, "largest daily chance a user runs from a holding (1: at once)",
                          unit="1/day", ge=0, le=1, group="actions",
                          source="observed outflows: WaMu ~1 %/day, Northern Rock ~3 %/day, "
                                 "SVB 24 % in a day (docs/validation.md)")
    choice_sharpness: float = P(7.5, "multinomial-logit scale of where new money goes (0: "
                                "at random; 50: nearly all to the best-scoring platform)",
                                ge=0, le=100, group="actions",
                                source="McFadden 1974; Wells Fargo 2016-17 new business -31 "
                                       "to -55 % (docs/validation.md)")
    outside_yield: float = P(0.02, "yield of keeping money outside the platforms (a bank "
                             "deposit), the outside option of the investment choice",
                             unit="1/year", ge=0, le=1, group="actions")
    yield_spent_share: float = P(1.0, "share of the yield that users spend (they live on "
                                 "what savings earn): the platform pays it out of its "
                                 "liquidity, the rest is added to claims; 1 keeps "
                                 "wealth level", ge=0, le=1, group="actions")

    # --- platforms (defaults for every platform) -------------------------------------------
    reserve_ratio: float = P(0.15, "liquidity a platform keeps, as a share of money owed",
                             ge=0, le=1, group="platforms", source="Diamond & Dybvig 1983")
    loan_rate: float = P(0.12, "interest borrowers pay", unit="1/year", ge=0, le=1,
                         group="platforms")
    true_yield: float = P(0.07, "yield the platform really credits to users",
                          unit="1/year", ge=0, le=1, group="platforms")
    advertised_yield: float = P(0.08, "yield the platform advertises", unit="1/year", ge=0,
                                le=1, group="platforms", source="report §3.2")
    base_default_rate: float = P(0.01, "annual loan default rate at perfect risk management",
                                 unit="1/year", ge=0, le=1, group="platforms")
    loan_term: float = P(180.0, "mean loan term", unit="days", ge=1, le=3650,
                         group="platforms")
    cost_rate: float = P(0.01, "operating cost", unit="share of AUM per year", ge=0, le=1,
                         group="platforms")
    risk_management: float = P(0.6, "quality of risk management (lowers defaults)", ge=0,
                               le=1, group="platforms", source="report §2")
    security: float = P(0.7, "information security (lowers leak risk)", ge=0, le=1,
                        group="platforms")
    compliance: float = P(0.7, "compliance with rules (violations found if below standard)",
                          ge=0, le=1, group="platforms")
    transparency: float = P(0.5, "share of its true condition the platform discloses", ge=0,
                            le=1, group="platforms")
    expansion_rate: float = P(0.3, "growth drive: lending out, marketing, laxer credit",
                              ge=0, le=1, group="platforms", source="report §1")
    pooled_fund: bool = P(False, "illegal pooled fund (operators can abscond)",
                          group="platforms")
    credibility: float = P(0.7, "initial credibility of the platform's statements", ge=0,
                           le=1, group="platforms")
    size_concentration: float = P(0.0, "how unequal the sizes of the default graded "
                                  "platforms are: the k-th soundest one's market share "
                                  "is divided by k to this power (0: sizes set by quality "
                                  "alone, 1.5 to 1; 1: Zipf's law of firm sizes)", ge=0,
                                  le=3, group="platforms", source="Axtell 2001 (Zipf's law "
                                  "of firm sizes); Ming Pao 2018-08-11 (wdzj: Lufax held "
                                  "16.6 % of the P2P loan balance of 1,645 platforms)")
    credit_hazard: float = P(0.003, "daily chance of a bad loan cohort at zero risk "
                             "management", unit="1/day", ge=0, le=1, group="platforms")
    leak_hazard: float = P(0.004, "daily data-leak chance at zero security", unit="1/day",
                           ge=0, le=1, group="platforms")
    outage_hazard: float = P(0.002, "daily outage chance at zero risk management",
                             unit="1/day", ge=0, le=1, group="platforms")
    abscond_hazard: float = P(0.05, "daily chance distressed pooled-fund operators flee",
                              unit="1/day", ge=0, le=1, group="platforms")
    redemption_cap: float = P(10.0, "most a wealth product redeems per user a day (the rest "
                              "the next day)", unit="thousand CNY/day", ge=0, le=1e9,
                              group="platforms",
                              source="CSRC/PBoC 2018: T+0 redemption of money-market funds "
                                     "capped at 10,000 CNY a day")
    fire_sale_discount: float = P(0.1, "discount below face value at which a wealth product "
                                  "sells assets to meet withdrawals it cannot pay from "
                                  "liquidity", ge=0, le=1, group="platforms",
                                  source="Shleifer & Vishny 2011 (fire sales); Barr 2023 "
                                         "(SVB sold securities at a loss)")
    fire_sale_capacity: float = P(0.1, "share of its assets a wealth product can sell in a "
                                  "day (market depth)", unit="1/day", ge=0, le=1,
                                  group="platforms")
    recovery_rate: float = P(0.3, "share of a badly managed loan book recovered in a "
                             "liquidation (more with good risk management)",
                             ge=0, le=1, group="platforms")

    # --- crisis response strategy of platforms --------------------------------------------
    response_delay: int = P(3, "days from a crisis to the platform's first statement",
                            unit="days", ge=0, le=365, group="strategy",
                            source="Arpan & Roskos-Ewoldsen 2005")
    stance: Literal["deny", "diminish", "rebuild", "silent"] = P(
        "diminish", "crisis response stance", group="strategy", source="Coombs 2007")
    truthful: bool = P(True, "statements tell the truth (a lie later exposed costs more); "
                       "a truthful platform denies no real incident and apologises for no false "
                       "one", group="strategy")
    response_scope: Literal["sector", "crisis"] = P(
        "crisis", "which platforms follow the response and rebuilding levers: those the "
        "scenario's crises target (crisis; the others answer their incidents with those "
        "levers' defaults; every platform when a crisis targets all or there is none), or "
        "every one (sector)", group="strategy")
    disclosure: float = P(0.5, "how much of the problem statements disclose", ge=0, le=1,
                          group="strategy")
    compensation_share: float = P(0.0, "share of the harm of a data leak, outage or exposed "
                                  "false advertising paid back to those harmed (defaulted "
                                  "loans and failures are not compensated: the protection "
                                  "fund covers failures)", ge=0, le=1,
                                  group="strategy", source="Gelbrich et al. 2015")
    compensation_days: int = P(30, "days over which compensation is paid", unit="days",
                               ge=1, le=3650, group="strategy")
    silence_penalty: float = P(0.02, "daily bad evidence while a public incident goes "
                               "unanswered (times its severity; up to 30 days)", ge=0, le=1,
                               group="strategy",
                               source="Ferrin et al. 2007; Uhlmann et al. 2010")
    consistency: float = P(0.8, "share of the platform's messages that agree (the rest "
                           "contradict them)", ge=0, le=1, group="strategy",
                           source="Coombs 2007")
    media_relations: float = P(0.3, "softens how media report on the platform", ge=0, le=1,
                               group="strategy")
    regulator_cooperation: float = P(0.5, "cooperation with the regulator (lower penalties)",
                                     ge=0, le=1, group="strategy")
    crisis_team: bool = P(False, "dedicated crisis team: faster, more consistent",
                          group="strategy")
    early_warning: bool = P(False, "monitoring that sees trouble before the public",
                            group="strategy")
    invest_risk_management: float = P(0.0, "yearly gain of risk management bought",
                                      unit="1/year", ge=0, le=1, group="strategy")
    invest_security: float = P(0.0, "yearly gain of security bought", unit="1/year", ge=0,
                               le=1, group="strategy")
    invest_compliance: float = P(0.0, "yearly gain of compliance bought", unit="1/year",
                                 ge=0, le=1, group="strategy")
    education_campaign: float = P(0.0, "yearly literacy gain of the users reached", ge=0,
                                  le=1, unit="1/year", group="strategy")
    education_public_share: float = P(0.0, "share of an education campaign's cost the public "
                                      "purse bears (regulators, the industry association); "
                                      "the platforms pay the rest", ge=0, le=1,
                                      group="strategy",
                                      source="report §5 (platforms' user education); CSRC, "
                                             "PBoC and NIFA investor-education campaigns")
    brand_campaign: float = P(0.0, "after a crisis: positive publicity, brand story, social "
                              "responsibility", ge=0, le=1, group="strategy",
                              source="report §6")
    service_quality: float = P(0.0, "after a crisis: better product, service and technology "
                               "felt by users", ge=0, le=1, group="strategy")
    user_care: float = P(0.0, "after a crisis: reaching out to and caring for harmed users",
                         ge=0, le=1, group="strategy")
    compliance_reports: float = P(0.0, "after a crisis: monthly public compliance reports "
                                  "and deeper compliance", ge=0, le=1, group="strategy")
    review_learning: float = P(0.1, "lessons of a handled crisis fed back into the weak "
                               "trait (report §4: review)", ge=0, le=1, group="strategy")

    # --- media ------------------------------------------------------------------------------
    official_reach: float = P(0.2, "share of users who follow official channels", ge=0,
                              le=1, group="media")
    mainstream_reach: float = P(0.5, "share of users who follow mainstream media", ge=0,
                                le=1, group="media")
    social_reach: float = P(0.7, "share of users on social media", ge=0, le=1, group="media")
    rumour_hazard: float = P(0.2, "daily chance social media starts a rumour about a "
                             "platform with visible trouble", unit="1/day", ge=0, le=1,
                             group="media")
    leak_discovery: float = P(0.2, "daily chance media discover an undisclosed problem",
                              unit="1/day", ge=0, le=1, group="media")

    # --- regulator -------------------------------------------------------------------------
    inspection_rate: float = P(0.01, "daily chance of a routine inspection of a platform "
                               "(complaints add to it)", unit="1/day",
                               ge=0, le=1, group="regulator", source="report §7")
    detection_power: float = P(0.7, "chance an inspection finds a violation that exists",
                               ge=0, le=1, group="regulator")
    inspection_cost: float = P(3e-5, "the regulator's cost of one inspection (routine, "
                               "complaint-led or a rectification's review), as a share of "
                               "the platform's money owed; paid by the public purse",
                               ge=0, le=0.01, group="regulator",
                               source="ECB supervisory fees 2019; Eisenbach, Lucca & "
                                      "Townsend 2016")
    solvency_checks: bool = P(True, "an inspection also judges the platform's equity and "
                              "closes one that cannot pay what it owes (prudential "
                              "supervision; off where platforms were information "
                              "intermediaries without capital rules, as China's P2P "
                              "lenders in 2018)", group="regulator",
                              source="FDIC Improvement Act 1991 (prompt corrective action)")
    compliance_standard: float = P(0.5, "compliance the rules require", ge=0, le=1,
                                   group="regulator")
    penalty_rate: float = P(0.01, "fine as a share of the platform's AUM", ge=0, le=1,
                            group="regulator")
    rectification_days: int = P(60, "days a platform gets to rectify", unit="days", ge=1,
                                le=3650, group="regulator")
    disclosure_mandate: bool = P(False, "platforms must publish their condition monthly",
                                 group="regulator")
    ratings_published: bool = P(True, "industry credit ratings are published", group="regulator")
    rating_interval: int = P(30, "days between rating updates (a rating changes only "
                             "when the books do)", unit="days", ge=1, le=3650,
                             group="regulator")
    guarantee_coverage: float = P(0.0, "share of each claim (up to guarantee_limit) an "
                                  "investor-protection fund repays",
                                  ge=0, le=1, group="regulator", source="Diamond & Dybvig 1983")
    guarantee_credibility: float = P(0.4, "share of users who know of the guarantee and count "
                                     "on it when deciding to run (1: everyone, as for a "
                                     "government's explicit guarantee)", ge=0, le=1,
                                     group="regulator",
                                     source="Bijlsma & van der Wiel 2015; Martin, Puri & Ufier "
                                            "2018: full insurance cut liquidations by ~36 %")
    guarantee_limit: float = P(50.0, "largest claim per user and platform the guarantee "
                               "covers in full (above it, a falling share)",
                               unit="thousand CNY", ge=0, le=1e9, group="regulator",
                               source="Iyer & Puri 2012: uninsured depositors run most")
    protection_levy: float = P(0.002, "levy on platforms for the protection fund",
                               unit="share of AUM per year", ge=0, le=0.1, group="regulator")
    joint_enforcement: float = P(0.0, "share of a fled operator's pool that police and "
                                 "courts recover for users", ge=0, le=1, group="regulator")
    tightening_rate: float = P(0.0, "yearly rise of the compliance standard", unit="1/year",
                               ge=0, le=1, group="regulator")


PLATFORM_TRAITS: tuple[str, ...] = (
    "reserve_ratio", "loan_rate", "true_yield", "advertised_yield", "base_default_rate",
    "loan_term", "cost_rate", "risk_management", "security", "compliance", "transparency",
    "expansion_rate", "pooled_fund", "credibility",
)
"""Params fields that a :class:`PlatformSpec` may override for one platform."""


class PlatformSpec(BaseModel):
    """One platform in a scenario: a name, a market share and trait overrides.

    Traits left out take the value of the same-named field of :class:`Params`.

    Example:
        >>> PlatformSpec(name="A", risk_management=0.2).risk_management
        0.2
    """

    model_config = ConfigDict(extra="forbid")
    _numbers = field_validator("*", mode="before")(numbers_not_bools)

    name: str = Field(description="display name, unique in the scenario")
    kind: Literal["p2p_lending", "wealth", "payment"] = Field(
        "p2p_lending", description="business type")
    market_share: float = Field(1.0, gt=0, description="relative size at the start")
    reserve_ratio: float | None = Field(None, ge=0, le=1)
    loan_rate: float | None = Field(None, ge=0, le=1)
    true_yield: float | None = Field(None, ge=0, le=1)
    advertised_yield: float | None = Field(None, ge=0, le=1)
    base_default_rate: float | None = Field(None, ge=0, le=1)
    loan_term: float | None = Field(None, ge=1, le=3650)
    cost_rate: float | None = Field(None, ge=0, le=1)
    risk_management: float | None = Field(None, ge=0, le=1)
    security: float | None = Field(None, ge=0, le=1)
    compliance: float | None = Field(None, ge=0, le=1)
    transparency: float | None = Field(None, ge=0, le=1)
    expansion_rate: float | None = Field(None, ge=0, le=1)
    pooled_fund: bool | None = None
    credibility: float | None = Field(None, ge=0, le=1)

    def resolve(self, params: Params) -> dict[str, Any]:
        """Return every trait of this platform, filling gaps from ``params``."""
        out: dict[str, Any] = {"name": self.name, "kind": self.kind,
                               "market_share": self.market_share}
        for trait in PLATFORM_TRAITS:
            value = getattr(self, trait)
            out[trait] = getattr(params, trait) if value is None else value
        return out


def default_platforms(n: int, params: Params | None = None) -> list[PlatformSpec]:
    """Return ``n`` platforms of graded quality, from sound (A) to weak (last).

    The flat platform traits of ``params`` set the centre of the sector; the ladder spreads
    platforms around it deterministically (no random draw): the soundest keeps more
    reserves and manages risk better; the weakest expands fastest and advertises the
    highest yield (report §1: competition drives risky growth). The soundest are also the
    largest: market share ``(1 + 0.5 q) / (k + 1) ** size_concentration`` for the platform
    of rank ``k`` (0: the soundest).
    """
    p = params or Params()
    specs = []
    for k in range(n):
        q = 1.0 - k / (n - 1) if n > 1 else 0.5  # quality 1 (best) .. 0 (weakest)
        d = 2.0 * q - 1.0  # -1 .. 1; 0 is the flat value

        def unit(x: float) -> float:
            return round(min(max(x, 0.0), 1.0), 3)

        name = chr(ord("A") + k) if n <= 26 else f"P{k + 1:03d}"
        specs.append(PlatformSpec(
            name=f"Platform {name}",
            market_share=(1.0 + 0.5 * q) / (k + 1) ** p.size_concentration,
            reserve_ratio=unit(p.reserve_ratio * (0.5 + q)),
            risk_management=unit(p.risk_management + 0.3 * d),
            security=unit(p.security + 0.2 * d),
            compliance=unit(p.compliance + 0.25 * d),
            transparency=unit(p.transparency + 0.25 * d),
            expansion_rate=unit(p.expansion_rate - 0.2 * d),
            true_yield=unit(p.true_yield - 0.01 * d),
            advertised_yield=unit(p.advertised_yield - 0.02 * d),
            loan_rate=unit(p.loan_rate - 0.02 * d),
        ))
    return specs


def param_names() -> list[str]:
    """Return the names of all flat parameters."""
    return list(Params.model_fields)


def describe() -> list[dict[str, Any]]:
    """Return one row per parameter: name, group, type, default, range, unit, meaning."""
    rows = []
    for name, field in Params.model_fields.items():
        extra = field.json_schema_extra or {}
        lo = hi = None
        for m in field.metadata:
            lo = getattr(m, "ge", lo)
            hi = getattr(m, "le", hi)
        ann = field.annotation
        typename = getattr(ann, "__name__", str(ann)).replace("typing.", "")
        rows.append({
            "name": name, "group": extra.get("group", ""), "type": typename,
            "default": field.default, "min": lo, "max": hi, "unit": extra.get("unit", ""),
            "meaning": field.description, "source": extra.get("source", ""),
        })
    return rows


def record(params: Params, **extra: float) -> np.record:
    """The numeric parameters as one numpy record, the form compiled rules read them in.

    Every ``int``, ``float`` and ``bool`` field of :class:`Params` becomes a float64 field
    of the same name (``True`` is 1.0); ``extra`` adds derived values (such as the social
    influence mode as a number). Generated from ``Params``, so a new parameter reaches the
    rules without being listed anywhere else.

    Example:
        >>> float(record(Params(learning_rate=0.2)).learning_rate)
        0.2
    """
    key = tuple(extra.items())
    if params._record is not None and params._record[0] == key:
        return params._record[1]  # made once per run, and again after any assignment
    names = list(_numeric_fields())
    values = [float(getattr(params, n)) for n in names]
    names += list(extra)
    values += [float(v) for v in extra.values()]
    dtype = np.dtype([(n, np.float64) for n in names], align=True)
    rec = np.zeros(1, dtype=dtype).view(np.recarray)  # fields read as attributes
    rec[0] = tuple(values)
    params._record = (key, rec[0])
    return params._record[1]


@functools.cache
def _numeric_fields() -> tuple[str, ...]:
    return tuple(n for n, f in Params.model_fields.items()
                 if f.annotation in (int, float, bool))
