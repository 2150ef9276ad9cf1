"""Display names of bundled strategies, scenarios, daily metrics and units.

Outcome names live in the outcome registry (:attr:`trustsim.outcomes.Outcome.en` and
``.zh``); these tables cover the names defined in data files (strategies, scenarios) and the
daily metrics and units that figures label. A name missing here is shown as its identifier.
English reports name bundled strategies and scenarios in words (a policy trial read
``full_rebuild`` and ``final_trust`` as code).
"""

from __future__ import annotations

__all__ = ["CRISES_EN", "CRISES_ZH", "KINDS_EN", "KINDS_ZH", "METRICS", "SCENARIOS_EN",
           "SCENARIOS_ZH",
           "STRATEGIES_EN", "STRATEGIES_ZH", "STRATEGY_DESCRIPTIONS_ZH", "UNITS_ZH"]

#: Bundled strategies in English words (lower case: a sentence that starts with one
#: capitalises it, :func:`trustsim.i18n.tr`).
STRATEGIES_EN: dict[str, str] = {
    "do_nothing": "no response",
    "usual_response": "usual response",
    "deny_and_delay": "deny and delay",
    "timely_truthful_disclosure": "timely truthful disclosure",
    "full_rebuild": "full rebuild",
    "compensate_only": "compensation only",
    "education_campaign": "investor education (platforms pay)",
    "public_education": "investor education (public purse pays)",
    "strict_supervision": "strict supervision",
    "protection_fund": "investor protection fund",
    "prevention_first": "prevention first",
    "rapid_rebuttal": "rapid rebuttal",
}

#: Bundled strategies (``trustsim list strategies``).
STRATEGIES_ZH: dict[str, str] = {
    "do_nothing": "不作回应",
    "usual_response": "常规应对",
    "deny_and_delay": "否认并拖延",
    "timely_truthful_disclosure": "及时如实披露",
    "full_rebuild": "全面补救与信任重建",
    "compensate_only": "仅予赔付",
    "education_campaign": "投资者教育（平台出资）",
    "public_education": "投资者教育（公共出资）",
    "strict_supervision": "严格监管",
    "protection_fund": "投资者保护基金",
    "prevention_first": "预防优先",
    "rapid_rebuttal": "快速澄清",
}

#: What each bundled strategy does, in Chinese (``trustsim list strategies`` in English).
STRATEGY_DESCRIPTIONS_ZH: dict[str, str] = {
    "do_nothing": "保持沉默：不发声明，不予赔付，不额外支出。",
    "usual_response": ("按平台通常的方式应对（参数默认值：三天后发布淡化问题的如实声明，不予"
                       "赔付），不作其他干预：与沟通无关的干预措施的比较基准。"),
    "deny_and_delay": "十天后否认问题；不向用户透露任何实质内容。",
    "timely_truthful_disclosure": ("一天内如实、详细地披露（抢先披露）；对不实谣言则以事实驳斥，"
                                   "而非道歉。"),
    "full_rebuild": ("重建信任：迅速道歉、赔付、配合监管、组建危机团队，随后开展重建计划（品牌、"
                     "服务、用户关怀、合规报告）；对不实谣言则以事实驳斥，而非道歉。"),
    "compensate_only": ("为造成的损害（数据泄露、系统故障、误导宣传；不含违约贷款）赔付，仅作最低"
                        "限度的声明，披露很少。"),
    "education_campaign": ("开展投资者教育，逐步提高用户的金融素养，由平台出资（全力度时每年为其"
                           "所欠款项的 1%）。"),
    "public_education": ("同样的投资者教育活动，由公共财政出资（中国的教育活动由监管机构和行业协会"
                         "组织）：平台不出资。"),
    "strict_supervision": "频繁检查、重罚、按月披露、联合执法。",
    "protection_fund": ("平台倒闭时，投资者保护基金偿付每笔债权的 90%，以每笔债权的限额为上限"
                        "（guarantee_limit，5 万元）。它只通过偿付和减少挤兑起作用：模型中没有道德"
                        "风险。"),
    "prevention_first": "投资于风险管理、安全与合规，并设早期预警。",
    "rapid_rebuttal": ("一天内通过官方渠道、附证据驳斥不实说法；属实的问题不否认（如实），"
                       "而是说明事实。"),
}

#: Bundled scenarios in English words (a policy trial read "In operator_abscond, ..." as
#: code); section titles and sentences ("In Data leak, ...") take them as names.
SCENARIOS_EN: dict[str, str] = {
    "calm_baseline": "Calm (no crisis)",
    "p2p_collapse": "P2P lender collapse",
    "operator_abscond": "Operator absconding",
    "false_advertising": "False advertising",
    "data_leak": "Data leak",
    "compliance_violation": "Compliance violation",
    "sector_thunderstorm": "Sector-wide failures",
    "rumour_run": "Rumour-driven run",
    "rebuild_after_crisis": "Rebuilding after a crisis",
    "bank_run_2023": "2023 bank run",
    "bank_run_2008": "2008 bank run",
    "data_breach": "Data breach",
    "single_leak": "Single data leak",
    "misconduct_scandal": "Mis-selling scandal",
    "depositor_return": "Runners' return",
    "p2p_wave_2018": "2018 P2P failure wave",
}

#: Bundled scenarios (``trustsim list scenarios``).
SCENARIOS_ZH: dict[str, str] = {
    "calm_baseline": "平稳期（无危机）",
    "p2p_collapse": "P2P网贷平台兑付危机",
    "operator_abscond": "平台经营者卷款潜逃",
    "false_advertising": "虚假宣传",
    "data_leak": "数据泄露",
    "compliance_violation": "违规经营",
    "sector_thunderstorm": "行业爆雷潮",
    "rumour_run": "谣言引发的挤兑",
    "rebuild_after_crisis": "危机后重建",
    "bank_run_2023": "2023年银行挤兑",
    "bank_run_2008": "2008年银行挤兑",
    "data_breach": "数据外泄",
    "single_leak": "单一数据泄露",
    "misconduct_scandal": "违规销售丑闻",
    "depositor_return": "挤兑者回流",
    "p2p_wave_2018": "2018年P2P网贷爆雷潮",
}

#: Daily metrics (figure axes): English and Chinese labels with their unit.
METRICS: dict[str, tuple[str, str]] = {
    "holder_trust": ("headline trust (0-1)", "核心信任度（0–1）"),
    "mean_trust": ("mean trust (0-1)", "平均信任度（0–1）"),
    "sector_trust": ("sector trust (0-1)", "行业信任度（0–1）"),
    "aum": ("AUM (thousand CNY)", "在管资金（万元）"),
    "inflow": ("inflow (thousand CNY/day)", "新增资金（万元/天）"),
    "withdrawals_requested": ("withdrawal requests (thousand CNY/day)", "提现申请（万元/天）"),
    "withdrawals_paid": ("withdrawals paid (thousand CNY/day)", "已兑付提现（万元/天）"),
    "unpaid_queue": ("unpaid withdrawals (thousand CNY)", "未兑付提现（万元）"),
    "runs": ("users who ran (per day)", "挤兑人次（每天）"),
    "runs_so_far": ("withdrawal runs so far (a user can run more than once)", "累计挤兑人次"),
    "active_users": ("active users", "活跃用户数"),
    "departed_users": ("departed users", "已流失用户数"),
    "user_losses": ("user losses (thousand CNY)", "投资者损失（万元）"),
    "compensation_paid": ("compensation (thousand CNY)", "补偿金额（万元）"),
    "platform_spending": ("platform spending (thousand CNY)", "平台支出（万元）"),
}

#: Units of outcomes (``Outcome.unit``) in Chinese.
UNITS_ZH: dict[str, str] = {
    "": "",
    "day": "天",
    "days": "天",
    "thousand CNY": "万元",
    "platforms": "家",
    "trust-days": "信任度·天",
}

#: Crisis types (``trustsim list crises``) in Chinese, for the report's scenario section.
CRISES_ZH: dict[str, str] = {
    "abscond": "经营者卷款潜逃",
    "compliance_violation": "合规违规",
    "data_leak": "数据泄露",
    "default_spike": "违约骤增",
    "default_wave": "违约潮",
    "false_advertising_exposed": "虚假宣传曝光",
    "leak_fraud": "泄露数据被用于诈骗",
    "liquidity_rumour": "流动性谣言",
    "macro_shock": "宏观冲击",
    "outage": "系统故障",
    "positive_news": "正面新闻",
    "regulatory_tightening": "监管收紧",
}

#: Platform kinds in Chinese.
KINDS_ZH: dict[str, str] = {"p2p_lending": "P2P 网贷", "wealth": "理财", "payment": "支付"}

#: Platform kinds and crisis types in plain English words (the report's "What was
#: simulated": a policy trial read ``p2p_lending`` and ``default_wave`` there).
KINDS_EN: dict[str, str] = {"p2p_lending": "P2P lending", "wealth": "wealth management",
                            "payment": "payment"}
CRISES_EN: dict[str, str] = {
    "abscond": "operator absconds",
    "compliance_violation": "compliance violation",
    "data_leak": "data leak",
    "default_spike": "default spike",
    "default_wave": "default wave",
    "false_advertising_exposed": "false advertising exposed",
    "leak_fraud": "fraud with leaked data",
    "liquidity_rumour": "liquidity rumour",
    "macro_shock": "macroeconomic shock",
    "outage": "system outage",
    "positive_news": "positive news",
    "regulatory_tightening": "regulatory tightening",
}
