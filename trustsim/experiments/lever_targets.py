"""Where each lever and parameter is swept for smoothness (docs/validation.md §4.2).

Core objects: :class:`Target` (scenario, outcome, swept range and the reason),
:data:`TARGETS` (one entry per swept lever or parameter, one reason each) and
:data:`NOT_SWEPT` (why a group of parameters is left out). The sweeps and the report live
in :mod:`trustsim.experiments.smoothness`, which re-exports these names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["LOG_SCALE", "NOT_SWEPT", "TARGETS", "Target"]

@dataclass(frozen=True)
class Target:
    """Where a lever or parameter is swept.

    Attributes:
        scenario: a bundled scenario name (or a file path) where it matters.
        outcome: the outcome (a name in :data:`trustsim.outcomes.OUTCOMES`) it must move.
        reason: one line: why this scenario and outcome.
        low, high: the swept range; None takes the parameter's validation bound.
        range_note: why the range is narrower than the validation bounds (when it is).
        overrides: other parameters set for the sweep (a precondition the lever needs).
        values: explicit values to sweep instead of the evenly spaced grid (empty: the
            grid from ``low`` to ``high``).
    """

    scenario: str
    outcome: str
    reason: str
    low: float | None = None
    high: float | None = None
    range_note: str = ""
    overrides: Mapping[str, Any] = field(default_factory=dict)
    values: tuple[float, ...] = ()


def _t(scenario: str, outcome: str, reason: str, low: float | None = None,
       high: float | None = None, note: str = "", **overrides: Any) -> Target:
    return Target(scenario, outcome, reason, low, high, note, overrides)


# Words, rebuilding and complaints work on how fast trust comes back: trust returns to
# its pre-crisis level by the horizon whatever the response (good talk cannot lift it
# higher), so they are judged on the trust-days the crisis costs, not on the last day.
TDL = "trust_days_lost"
# Levers that decide whether and when platforms fail are judged on what users lose with
# the platforms still at risk at the horizon wound up (each weighted by how much it is at
# risk, money_outcomes.at_risk_weight): realised losses alone read a failure moved past the last
# day as a loss avoided (in the 2018 wave, money at risk is six times the realised losses),
# which made light supervision look worse than none.
LOSSES = "losses_if_wound_up"
_WEIGHT = "0 turns the channel off, 3 is three times the default; the bound 10 is a guard"
_BC = {"social_mode": "bounded_confidence"}

TARGETS: dict[str, Target] = {
    # --- levers: crisis response ------------------------------------------------------
    "response_delay": _t("rumour_run", "customers_ran", "a fast rebuttal is what stops a "
                         "rumour run (report §4: timeliness)", 0, 30,
                         "a first statement later than a month comes after the run is over"),
    "disclosure": _t("data_leak", TDL, "how much of the leak statements admit"),
    "compensation_share": _t("data_leak", TDL, "compensating leak victims is "
                             "the textbook rebuild response (Gelbrich et al. 2015)"),
    "compensation_days": _t("data_leak", TDL, "compensation received is evidence: paid "
                            "at once or over a year (needs compensation: share 0.5 set)", 1, 361,
                            "daily to yearly instalments", compensation_share=0.5),
    "consistency": _t("data_leak", TDL, "contradicting statements after a leak"),
    "media_relations": _t("data_leak", TDL, "softer coverage of the leak"),
    "regulator_cooperation": _t("p2p_wave_2018", LOSSES, "cooperation lowers the "
                                "fines and speeds the rectifications of a sector-wide "
                                "clean-up (one violator's fine moves nothing)"),
    # --- levers: prevention ---------------------------------------------------------------
    "invest_risk_management": _t("p2p_collapse", LOSSES, "better credit control "
                                 "lowers defaults of a lender under a default wave"),
    "invest_security": _t("calm_baseline", TDL, "security lowers the endogenous leak "
                          "hazard: the trust-days lost to two calm years' leaks",
                          steps=730),
    "invest_compliance": _t("p2p_wave_2018", LOSSES, "compliance keeps platforms "
                            "clear of rectification and exit when the rules tighten"),
    "education_campaign": _t("rumour_run", "customers_ran", "literacy lowers belief in "
                             "rumours and herding (issue 16, item 7)"),
    "education_public_share": _t("sector_thunderstorm", LOSSES, "who pays for a campaign "
                                 "decides whether the weakest platforms can afford it in a "
                                 "wave of failures", education_campaign=0.5),
    # --- levers: rebuilding after a crisis -------------------------------------------------
    "brand_campaign": _t("rebuild_after_crisis", TDL, "the rebuilding scenario, the "
                         "campaign alone (with full_rebuild's other rebuilding levers on, "
                         "trust is back at its pre-crisis cap and it moved 0.5 trust-days: "
                         "inert)", service_quality=0.0, user_care=0.0,
                         compliance_reports=0.0),
    "service_quality": _t("rebuild_after_crisis", TDL, "the rebuilding scenario (its "
                          "strategy full_rebuild sets the other levers)"),
    "user_care": _t("rebuild_after_crisis", TDL, "as service_quality"),
    "compliance_reports": _t("rebuild_after_crisis", TDL, "as service_quality"),
    "review_learning": _t("rebuild_after_crisis", TDL, "lessons of the leak "
                          "strengthen the platform before its default wave"),
    # --- levers: regulation ------------------------------------------------------------------
    "inspection_rate": _t("p2p_wave_2018", LOSSES, "inspections find weak "
                          "platforms early in a sector-wide wave", 0, 0.1,
                          "up to an inspection every 10 days per platform (10x default)"),
    "detection_power": _t("p2p_wave_2018", LOSSES, "as inspection_rate"),
    "compliance_standard": _t("p2p_wave_2018", LOSSES, "the bar that decides "
                              "which platforms must rectify or exit"),
    "penalty_rate": _t("p2p_wave_2018", LOSSES, "fines drain the equity of the "
                       "many platforms ordered to rectify in a clean-up", 0, 0.1,
                       "fines up to 10 % of AUM (10x default)"),
    "rectification_days": _t("p2p_wave_2018", LOSSES, "the deadline decides "
                             "rectification or closure of many platforms", 10, 150,
                             "from ten days to five months"),
    "rating_interval": _t("p2p_collapse", "final_trust", "ratings reveal a failing lender "
                          "sooner or later", 1, 181, "daily to half-yearly ratings"),
    "guarantee_coverage": _t("bank_run_2023", "peak_withdrawal_share", "a guarantee "
                             "should damp a run of uninsured depositors partly, not end it "
                             "(Iyer & Puri 2012)"),
    "protection_levy": _t("p2p_wave_2018", LOSSES, "the levy is the guarantee's "
                          "cost to platforms: it thins the equity of weak ones in a wave",
                          0, 0.02,
                          "up to 2 % of AUM a year (10x default; deposit-insurance "
                          "premiums are far lower)"),
    "joint_enforcement": _t("operator_abscond", "user_losses", "police and courts recover "
                            "a share of the fled pool for users"),
    "tightening_rate": _t("sector_thunderstorm", LOSSES, "a rising standard pushes "
                          "weak platforms into rectification and exit (not p2p_wave_2018: "
                          "it raises the standard to 0.9 on day 20, leaving a yearly rise "
                          "little room below 1; there the lever moved losses by less than "
                          "the seeds' spread)"),
    # --- users -----------------------------------------------------------------------------
    "wealth_mean": _t("bank_run_2023", "peak_withdrawal_share", "wealth matters against "
                      "limits set in money: more of it above a guarantee's limit, more "
                      "runs (full guarantee set; losses are judged as a share of wealth, "
                      "so elsewhere the scale cancels)", 10, 200,
                      "retail wealth of 10-200 thousand CNY; 1e6 is a unit guard",
                      guarantee_coverage=1.0),
    "wealth_sigma": _t("bank_run_2023", "peak_withdrawal_share", "unequal wealth puts "
                       "more money above a guarantee's limit (full guarantee set)", 0, 2,
                       "a log-sd above 2 puts most wealth in a handful of users",
                       guarantee_coverage=1.0),
    "invested_share": _t("operator_abscond", "users_departed", "more wealth on the pool, "
                         "larger losses as a share of wealth"),
    "platforms_per_user": _t("sector_thunderstorm", LOSSES, "diversification over "
                             "24 platforms in a sector-wide wave", 1, 10,
                             "holding more than 10 platforms is rare"),
    "literacy_mean": _t("rumour_run", "customers_ran", "literate users discount rumours"),
    "literacy_sd": _t("misconduct_scandal", "inflow_change", "the spread of literacy "
                      "changes how the scandal's news is read and who keeps investing (the "
                      "rules are near linear in literacy: on a run its mean decides)"),
    "yield_doubt": _t("operator_abscond", "user_losses", "literate users shun a pool "
                      "advertising 15 %: less money in it when its operators flee"),
    "sound_yield": _t("operator_abscond", "user_losses", "where the red flag starts: at "
                      "0.15 and above the pool's advertised yield raises none", 0, 0.2,
                      "advertised yields in the bundled scenarios are 0.05-0.15"),
    "yield_doubt_span": _t("operator_abscond", "user_losses", "how far above sound_yield "
                           "the red flag is full: wider, a weaker flag on the pool and on "
                           "Steady Credit's 7 %", 0.01, 0.2,
                           "below 0.01 the flag is a step; above 0.2 it barely rises"),
    "initial_trust_mean": _t("rumour_run", "customers_ran", "distance to the withdrawal "
                             "thresholds when the rumour hits"),
    "initial_trust_sd": _t("rumour_run", "customers_ran", "spread of that distance "
                           "(Granovetter 1978)"),
    "risk_appetite_mean": _t("p2p_collapse", LOSSES, "appetite for yield draws "
                             "money to the risky high-yield lender"),
    "withdraw_threshold_mean": _t("rumour_run", "customers_ran", "the run threshold "
                                  "(Granovetter 1978)"),
    "withdraw_threshold_sd": _t("rumour_run", "customers_ran", "threshold spread decides "
                                "whether a cascade completes (Granovetter 1978)"),
    "invest_gap": _t("false_advertising", "aum_retained", "intent vs action: how much new "
                     "money flows after the exposure"),
    "herding_mean": _t("rumour_run", "customers_ran", "visible withdrawals drive the run "
                       "(Morris & Shin 1998)"),
    "relationship_discount": _t("rumour_run", "customers_ran", "established customers "
                                "run less (Iyer & Puri 2012)", 0, 0.2,
                                "up to ten times the default"),
    "media_susceptibility_mean": _t("data_leak", "trust_lost", "news of the leak moves "
                                    "trust by this much"),
    # --- trust -------------------------------------------------------------------------------
    "learning_rate": _t("data_leak", "trust_lost", "how fast the leak's evidence lands"),
    "negativity_bias": _t("data_leak", "trust_lost", "bad news weighs more than good "
                          "(Slovic 1993)", 1, 6, "twice the default at most; loss "
                          "aversion is about 2.25 (Tversky & Kahneman 1992); 20 is a guard"),
    "crisis_history_weight": _t("rebuild_after_crisis", TDL, "a default wave 25 days "
                                "after a leak at the same platform reads worse for it "
                                "(Coombs 2007)", 0, 1.5, "three times the default at most; "
                                "3 is a guard"),
    "experience_weight": _t("p2p_collapse", TDL, "unpaid withdrawals and losses are own "
                            "experience; how long trust stays down (by the horizon it is "
                            "back: final trust moved by 0.01, inert)", 0, 3, _WEIGHT),
    "news_weight": _t("data_leak", "trust_lost", "the leak reaches most users as news",
                      0, 3, _WEIGHT),
    "statement_weight": _t("data_leak", TDL, "the platform's statements after "
                           "the leak (Coombs 2007)", 0, 3, _WEIGHT),
    "regulator_weight": _t("compliance_violation", "trust_lost", "the regulator's finding "
                           "is the crisis signal", 0, 3, _WEIGHT),
    "social_weight": _t("rumour_run", "customers_ran", "neighbours' distrust carries the "
                        "rumour (DeGroot 1974)"),
    "confidence_bound": _t("rumour_run", "customers_ran", "bounded confidence (set): "
                           "which neighbours are heard (Deffuant et al. 2000)", **_BC),
    "convergence": _t("rumour_run", "customers_ran", "bounded confidence (set): the step "
                      "towards a heard neighbour", **_BC),
    "contagion": _t("operator_abscond", TDL, "the flight of one pool costs trust in the "
                    "surviving platforms while the news lasts (by the horizon it is back: "
                    "0.014 of final trust)"),
    "confirmation": _t("data_leak", "final_trust", "being paid as promised brings trust "
                       "back after the leak (expectation confirmation)", 0, 0.2,
                       "up to 5x the default"),
    "distress_weight": _t("p2p_collapse", LOSSES, "holders who see the lender's unpaid "
                          "queue take their money out before it fails (final trust moved "
                          "by 0.01, inert: trust is back by the horizon)"),
    # --- rumours and actions ------------------------------------------------------------------
    "rumour_contact_rate": _t("rumour_run", "customers_ran", "how fast the rumour spreads "
                              "user to user (Maki & Thompson 1973)"),
    "liquidity_need_rate": _t("calm_baseline", "aum_retained", "ordinary cash needs "
                              "drain platforms in normal times (Diamond & Dybvig 1983)", 0,
                              0.01, "up to a cash need every 100 days (5x default)"),
    "liquidity_need_share": _t("calm_baseline", "aum_retained", "size of those cash needs"),
    "invest_rate": _t("calm_baseline", "aum_retained", "new money in normal times", 0,
                      0.05, "up to a decision every 20 days (5x default)"),
    "invest_share": _t("calm_baseline", "aum_retained", "size of new investments"),
    "return_aversion": _t("depositor_return", "runners_returned", "do runners come back "
                          "(Iyer & Puri 2012, validation pattern 5)"),
    "complaint_prob": _t("false_advertising", TDL, "complaints of misled users bring the "
                         "inspection that finds the violation behind the ads"),
    "leave_loss_share": _t("operator_abscond", "users_departed", "users who lost the pool "
                           "leave the sector", 0, 1, "losses cannot exceed all wealth"),
    "size_concentration": _t("p2p_wave_2018", "aum_retained", "money sits with the "
                             "largest, soundest platforms: the sector keeps more of it "
                             "when weak, small ones fail (Axtell 2001)", 0, 2,
                             "up to twice Zipf's law; above, one platform holds "
                             "nearly all the money"),
    "leave_trust": _t("p2p_wave_2018", "users_departed", "users' levels of trust below "
                      "which they quit; it falls far in a sector-wide wave", 0, 0.3,
                      "up to six times the default; users' own levels reach twice "
                      "it, still below the 0.65 where trust starts"),
    "leave_softness": _t("operator_abscond", "users_departed", "spread of the decision to "
                         "quit after losing the pool", 0, 0.2, "up to four times the "
                         "default; a spread of 1 would blur any loss share"),
    "run_softness": _t("rumour_run", "customers_ran", "noise of users' signals about the "
                       "rumoured platform (Morris & Shin 1998)", 0, 0.1,
                       "up to five times the default; wider spreads make calm users run"),
    "run_hazard": _t("rumour_run", "customers_ran", "how fast users act once they would "
                     "run"),
    "same_day_reach": _t("bank_run_2023", "requested_share_1d", "how much of a run "
                         "happens on its first day when depositors see each other's "
                         "withdrawals within hours (SVB 2023)"),
    "withdrawal_fade": _t("rumour_run", "customers_ran", "how long paid-out runners feed "
                          "the herd of a bank that keeps paying"),
    "choice_sharpness": _t("misconduct_scandal", "inflow_change", "how strongly new money "
                           "leaves the exposed incumbent (McFadden 1974)", 0, 20,
                           "up to about 3x the default; 50 is nearly all to the best"),
    "outside_yield": _t("calm_baseline", "aum_retained", "a bank's rate decides how much "
                        "money stays outside the platforms", 0, 0.1,
                        "bank deposits paid 0-10 % a year"),
    "yield_spent_share": _t("calm_baseline", "aum_retained", "how much of the yield users "
                            "live on rather than reinvest (two years to compound)",
                            steps=730),
    "silence_penalty": _t("data_leak", "final_trust", "silence after the leak is read "
                          "(stance silent set; Ferrin et al. 2007)", 0, 0.1,
                          "up to five times the default", stance="silent"),
    "guarantee_credibility": _t("bank_run_2023", "peak_withdrawal_share", "how many "
                                "users count on a full guarantee (set) when they decide to "
                                "run", guarantee_coverage=1.0),
    "guarantee_limit": _t("bank_run_2023", "peak_withdrawal_share", "claims above the "
                          "limit are only partly covered: richer users run (a full "
                          "guarantee set)",
                          0, 200, "up to 200 thousand CNY per claim",
                          guarantee_coverage=1.0),
    "redemption_cap": _t("rumour_run", "customers_ran", "a wealth product's daily "
                         "redemption limit paces the run on it", 1, 100,
                         "1 to 100 thousand CNY a day (the rule is 10)"),
    "fire_sale_capacity": _t("bank_run_2023", "money_at_risk", "a deeper market for its "
                             "assets lets a wealth product pay a run instead of freezing "
                             "with claims unpaid (SVB sold securities to pay its run)", 0,
                             0.1, "up to the default tenth of the book a day"),
    "fire_sale_discount": _t("bank_run_2023", "user_losses", "the loss on assets sold to "
                             "pay a run eats the equity that stands before depositors' "
                             "money (SVB: a 1.8 billion USD loss on sale)", 0, 0.5,
                             "up to half of face value; at 1 nothing can be sold (no market)"),
}
"""Each swept lever or parameter: its scenario, outcome, range and the reason (one place)."""

NOT_SWEPT: dict[str, str] = {
    "world": "size and bookkeeping (n_users, steps, engine...): they set the world a lever "
             "acts on, not a behaviour; a larger world is not a 'stronger' one",
    "network": "structure of the social graph (mean_degree, rewire_prob): changing it "
               "changes which world is simulated; the docking tests cover its classic cases",
    "platforms": "platform traits are set per platform in most scenarios, which override "
                 "the flat value, so a flat sweep would mostly move nothing by construction",
    "media": "media reach and rumour hazards are scenario settings, not in the issue's "
             "groups (add a TARGETS entry to sweep one)",
    "regulator": "regulator settings that are not levers: inspection_cost prices the "
                 "inspections and changes no behaviour (public_spending is proportional to "
                 "it, tests/test_strategies.py)",
    "strategy": "strategy settings that are not levers (none today: all are levers)",
    "non-numeric": "booleans and choices (stance, truthful, social_mode...) are switches "
                   "by nature: there is no range to be smooth over",
}
"""Why a parameter is not swept, by group (or ``non-numeric``)."""


#: Parameters whose natural axis is logarithmic, by kind (why). A steep start of one of them
#: (a little of the lever does most of what all of it does), or a knife-edge in its first
#: two tenths, is looked at again on a log axis (:mod:`trustsim.experiments.steep_start`);
#: every other steep start is looked at a hundredth of the range apart within its first
#: tenth. Declared by kind, for every such parameter with a target, not only for those
#: found steep. Not ``tightening_rate``: a yearly rise of the standard acts through the
#: level it reaches (rate x horizon, capped at 1), not through a time scale 1/rate.
LOG_SCALE: dict[str, str] = {
    **dict.fromkeys(
        ["withdrawal_fade", "rumour_contact_rate", "liquidity_need_rate",
         "invest_rate", "learning_rate", "inspection_rate", "run_hazard",
         "protection_levy"],
        "a rate (per day or year): it acts through its time scale 1/rate, so equal "
        "ratios, not equal differences, are equal steps"),
    **dict.fromkeys(
        ["social_weight", "convergence", "distress_weight", "confirmation",
         "experience_weight", "news_weight", "statement_weight", "regulator_weight"],
        "a weight of daily evidence or influence: like a rate, its effect accumulates "
        "over 1/weight days"),
    **dict.fromkeys(
        ["redemption_cap", "guarantee_limit", "wealth_mean"],
        "an amount of money set against users' log-normal wealth: equal ratios reach "
        "equal shares of users"),
}
