"""Chinese display names of bundled strategies, scenarios, daily metrics and units.

Outcome names live in the outcome registry (:attr:`trustsim.outcomes.Outcome.zh`); these
tables cover the names defined in data files (strategies, scenarios) and the daily metrics
and units that figures label. A name missing here is shown as its identifier.
"""

from __future__ import annotations

__all__ = ["CRISES_ZH", "KINDS_ZH", "METRICS", "SCENARIOS_ZH", "STRATEGIES_ZH", "UNITS_ZH"]

#: Bundled strategies (``trustsim list strategies``).
STRATEGIES_ZH: dict[str, str] = {
    "do_nothing": "不作回应",
    "usual_response": "常规应对",
    "deny_and_delay": "否认并拖延",
    "timely_truthful_disclosure": "及时如实披露",
    "full_rebuild": "全面整改与信任重建",
    "compensate_only": "仅予赔付",
    "education_campaign": "投资者教育（平台出资）",
    "public_education": "投资者教育（公共出资）",
    "strict_supervision": "严格监管",
    "protection_fund": "投资者保护基金",
    "prevention_first": "预防优先",
    "rapid_rebuttal": "快速辟谣",
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
    "aum": ("AUM (thousand CNY)", "在管资金（千元）"),
    "inflow": ("inflow (thousand CNY/day)", "新增资金（千元/天）"),
    "withdrawals_requested": ("withdrawal requests (thousand CNY/day)", "提现申请（千元/天）"),
    "withdrawals_paid": ("withdrawals paid (thousand CNY/day)", "已兑付提现（千元/天）"),
    "unpaid_queue": ("unpaid withdrawals (thousand CNY)", "未兑付提现（千元）"),
    "runs": ("runs started (per day)", "新发生挤兑（次/天）"),
    "active_users": ("active users", "活跃用户数"),
    "departed_users": ("departed users", "已流失用户数"),
    "user_losses": ("user losses (thousand CNY)", "投资者损失（千元）"),
    "compensation_paid": ("compensation (thousand CNY)", "补偿金额（千元）"),
    "platform_spending": ("platform spending (thousand CNY)", "平台支出（千元）"),
}

#: Units of outcomes (``Outcome.unit``) in Chinese.
UNITS_ZH: dict[str, str] = {
    "": "",
    "day": "天",
    "days": "天",
    "thousand CNY": "千元",
    "platforms": "家",
    "trust-days": "信任度·天",
}

#: Crisis types (``trustsim list crises``) in Chinese, for the report's scenario section.
CRISES_ZH: dict[str, str] = {
    "abscond": "经营者卷款跑路",
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
