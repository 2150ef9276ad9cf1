"""Short names of the model's settings in English and Chinese, for what people read.

:data:`PARAM_LABELS` names every field of :class:`trustsim.params.Params` (a test checks
that none is missing), :data:`CRISIS_FIELD_LABELS` the fields a crisis may set beside its
type, day, target and severity. :func:`setting` writes one as a reader sees it: the
report's "what was simulated" section used to print ``base_default_rate=0.03`` (a
policy trial). A field's full meaning is its ``description`` in the schema
(``trustsim list params``).
"""

from __future__ import annotations

from typing import Any

from trustsim.textfmt import short

__all__ = ["PARAM_LABELS", "CRISIS_FIELD_LABELS", "MONEY_SETTINGS", "setting"]

#: Settings given in thousand CNY (shown in 万元 in Chinese, a tenth of the number).
MONEY_SETTINGS = frozenset({"wealth_mean", "guarantee_limit", "redemption_cap"})

#: Every model parameter: (English, Chinese) short name.
PARAM_LABELS: dict[str, tuple[str, str]] = {
    "n_users": ("users", "用户数"),
    "n_platforms": ("platforms", "平台数"),
    "steps": ("days simulated", "模拟天数"),
    "engine": ("engine", "计算引擎"),
    "user_snapshot_every": ("user snapshot every (days)", "用户快照间隔（天）"),
    "network": ("social network", "社交网络类型"),
    "mean_degree": ("contacts per user (mean)", "人均联系人数"),
    "rewire_prob": ("small-world rewiring", "小世界重连概率"),
    "wealth_mean": ("mean wealth (thousand CNY)", "人均可投资财富（万元）"),
    "wealth_sigma": ("wealth inequality (log-sd)", "财富不均程度（对数标准差）"),
    "invested_share": ("share of wealth on platforms", "平台投资占财富比例"),
    "platforms_per_user": ("platforms held per user", "人均持有平台数"),
    "literacy_mean": ("financial literacy (mean)", "金融素养（均值）"),
    "literacy_sd": ("financial literacy (sd)", "金融素养（标准差）"),
    "yield_doubt": ("doubt of high yields", "对高收益的怀疑"),
    "sound_yield": ("yield seen as sound", "被视为稳健的收益率"),
    "yield_doubt_span": ("yield gap to a full red flag", "引起强烈警觉的收益率差"),
    "initial_trust_mean": ("initial trust (mean)", "初始信任度（均值）"),
    "initial_trust_sd": ("initial trust (sd)", "初始信任度（标准差）"),
    "risk_appetite_mean": ("risk appetite (mean)", "风险偏好（均值）"),
    "withdraw_threshold_mean": ("trust at which users withdraw (mean)", "提现信任阈值（均值）"),
    "withdraw_threshold_sd": ("trust at which users withdraw (sd)", "提现信任阈值（标准差）"),
    "invest_gap": ("extra trust needed to invest", "投资所需的额外信任"),
    "relationship_discount": ("loyalty of long-standing customers", "老客户的忠诚度折扣"),
    "herding_mean": ("herding (mean)", "从众倾向（均值）"),
    "media_susceptibility_mean": ("susceptibility to media (mean)", "受媒体影响程度（均值）"),
    "learning_rate": ("speed of learning from evidence", "根据证据调整信任的速度"),
    "negativity_bias": ("weight of bad news over good", "负面信息的权重倍数"),
    "crisis_history_weight": ("weight of past crises", "以往危机的影响权重"),
    "experience_weight": ("weight of own experience", "亲身经历的权重"),
    "news_weight": ("weight of news and rumours", "新闻与谣言的权重"),
    "statement_weight": ("weight of platform statements", "平台声明的权重"),
    "regulator_weight": ("weight of regulator signals", "监管信号的权重"),
    "social_mode": ("how contacts' trust spreads", "社交影响方式"),
    "social_weight": ("weight of contacts' trust", "联系人信任的权重"),
    "confidence_bound": ("largest trust gap still heard", "仍会受影响的最大信任差"),
    "convergence": ("step towards a contact's trust", "向联系人信任靠拢的幅度"),
    "contagion": ("contagion between platforms", "平台间的信任传染"),
    "confirmation": ("reassurance while paid as promised", "按约兑付带来的信任巩固"),
    "distress_weight": ("weight of visible distress", "可见困境的负面权重"),
    "rumour_contact_rate": ("rumour spreading rate", "谣言传播速度"),
    "liquidity_need_rate": ("daily chance of a cash need", "每日资金需求概率"),
    "liquidity_need_share": ("share withdrawn for a cash need", "资金需求的提取比例"),
    "invest_rate": ("daily chance of investing more", "每日追加投资概率"),
    "invest_share": ("share of the gap invested", "每次追加投资的比例"),
    "return_aversion": ("reluctance to return after a run", "挤兑后回流的抵触"),
    "withdrawal_fade": ("how fast a run is forgotten", "挤兑印象消退速度"),
    "same_day_reach": ("withdrawals seen the same day", "当日可见的提现比例"),
    "complaint_prob": ("chance the harmed complain", "受损用户投诉概率"),
    "leave_loss_share": ("losses at which users leave", "用户离场的损失比例"),
    "leave_trust": ("trust at which users leave", "用户离场的信任阈值"),
    "leave_softness": ("spread of the leaving decision", "离场决策的分散程度"),
    "run_softness": ("spread of the run decision", "挤兑决策的分散程度"),
    "run_hazard": ("largest daily chance to run", "每日挤兑的最大概率"),
    "choice_sharpness": ("how sharply new money picks", "新增资金选择的集中程度"),
    "outside_yield": ("bank deposit yield", "银行存款收益率"),
    "yield_spent_share": ("share of yield spent", "收益的消费比例"),
    "reserve_ratio": ("reserve ratio", "准备金率"),
    "loan_rate": ("loan interest rate", "贷款利率"),
    "true_yield": ("yield actually paid", "实际收益率"),
    "advertised_yield": ("advertised yield", "宣传收益率"),
    "base_default_rate": ("yearly loan default rate (best risk management)",
                          "年贷款违约率（风控最佳时）"),
    "loan_term": ("loan term (days)", "贷款期限（天）"),
    "cost_rate": ("operating cost (share of AUM a year)", "运营成本率（占在管资金，每年）"),
    "risk_management": ("risk management", "风控水平"),
    "security": ("information security", "信息安全水平"),
    "compliance": ("compliance", "合规水平"),
    "transparency": ("transparency", "透明度"),
    "expansion_rate": ("growth drive", "扩张冲动"),
    "pooled_fund": ("illegal pooled fund", "违规资金池"),
    "credibility": ("credibility of statements", "声明的可信度"),
    "size_concentration": ("concentration of platform sizes", "平台规模集中度"),
    "credit_hazard": ("daily chance of a bad loan cohort", "每日不良贷款批次概率"),
    "leak_hazard": ("daily chance of a data leak", "每日数据泄露概率"),
    "outage_hazard": ("daily chance of an outage", "每日系统故障概率"),
    "abscond_hazard": ("daily chance operators flee", "每日经营者跑路概率"),
    "redemption_cap": ("redemption cap per user a day (thousand CNY)",
                       "每人每日赎回上限（万元）"),
    "fire_sale_discount": ("fire-sale discount", "资产折价抛售幅度"),
    "fire_sale_capacity": ("assets sellable a day", "每日可出售资产比例"),
    "recovery_rate": ("loan recovery in a wind-up", "清盘时贷款回收率"),
    "response_delay": ("days to the first statement", "首次声明前的天数"),
    "stance": ("response stance", "回应立场"),
    "truthful": ("statements truthful", "声明是否属实"),
    "response_scope": ("strategy followed by:", "应对策略的执行范围："),
    "disclosure": ("disclosure", "信息披露程度"),
    "compensation_share": ("share of harm compensated", "赔付比例"),
    "compensation_days": ("days over which compensation is paid", "赔付天数"),
    "silence_penalty": ("daily trust penalty of silence", "沉默每日造成的信任损失"),
    "consistency": ("consistency of messages", "信息一致性"),
    "media_relations": ("media relations", "媒体关系"),
    "regulator_cooperation": ("cooperation with the regulator", "配合监管程度"),
    "crisis_team": ("crisis team", "危机应对小组"),
    "early_warning": ("early warning", "预警机制"),
    "invest_risk_management": ("investment in risk management", "风控投入"),
    "invest_security": ("investment in security", "信息安全投入"),
    "invest_compliance": ("investment in compliance", "合规投入"),
    "education_campaign": ("user education", "用户教育"),
    "education_public_share": ("public share of education costs", "用户教育的公共出资比例"),
    "brand_campaign": ("brand campaign", "品牌宣传"),
    "service_quality": ("better service", "服务改进"),
    "user_care": ("care for harmed users", "关怀受损用户"),
    "compliance_reports": ("public compliance reports", "公开合规报告"),
    "review_learning": ("lessons learned", "复盘改进"),
    "official_reach": ("reach of official channels", "官方渠道覆盖率"),
    "mainstream_reach": ("reach of mainstream media", "主流媒体覆盖率"),
    "social_reach": ("reach of social media", "社交媒体覆盖率"),
    "rumour_hazard": ("daily chance of a rumour", "每日谣言产生概率"),
    "leak_discovery": ("daily chance media find a hidden problem", "媒体每日发现隐患的概率"),
    "inspection_rate": ("daily chance of an inspection", "每日检查概率"),
    "detection_power": ("chance an inspection finds a violation", "检查发现违规的概率"),
    "inspection_cost": ("cost of an inspection (share of money owed)",
                        "单次检查成本（占平台所欠资金比例）"),
    "solvency_checks": ("solvency checks", "偿付能力检查"),
    "compliance_standard": ("compliance required", "合规要求"),
    "penalty_rate": ("fine (share of AUM)", "罚款（占在管资金比例）"),
    "rectification_days": ("days to rectify", "整改期限（天）"),
    "disclosure_mandate": ("monthly disclosure required", "强制每月披露"),
    "ratings_published": ("ratings published", "公布行业评级"),
    "rating_interval": ("days between ratings", "评级更新间隔（天）"),
    "guarantee_coverage": ("guarantee coverage", "保障覆盖比例"),
    "guarantee_credibility": ("guarantee credibility", "保障可信度"),
    "guarantee_limit": ("guarantee limit per claim (thousand CNY)", "单笔保障上限（万元）"),
    "protection_levy": ("protection fund levy (share of AUM a year)",
                        "投资者保护基金费率（占在管资金，每年）"),
    "joint_enforcement": ("share recovered from fled operators", "从跑路经营者处追回的比例"),
    "tightening_rate": ("yearly tightening of rules", "监管要求每年收紧幅度"),
}

#: Fields a crisis may set beside type, day, target and severity: (English, Chinese).
CRISIS_FIELD_LABELS: dict[str, tuple[str, str]] = {
    "duration": ("lasting (days)", "持续天数"),
    "grounded": ("true rumour", "谣言属实"),
    "share": ("share of users exposed", "受影响用户比例"),
    "found_by": ("found by", "发现者"),
    "raise_by": ("rise of the standard", "标准提高幅度"),
    "factor": ("default rate multiplied by", "违约率倍数"),
    "rate": ("daily chance an exposed user is defrauded", "受影响用户每日被诈骗概率"),
    "loss_share": ("share of a victim's cash lost", "受害者现金损失比例"),
    "strategy": ("strategy", "策略"),
}

#: The words a setting may take, in Chinese (a choice of the schema, yes or no).
_WORDS_ZH = {True: "是", False: "否", "regulator": "监管机构", "leak": "数据泄露事件",
             "deny": "否认", "diminish": "淡化", "rebuild": "重建", "silent": "沉默",
             "small_world": "小世界网络", "scale_free": "无标度网络", "random": "随机网络",
             "well_mixed": "完全混合", "degroot": "DeGroot 平均",
             "bounded_confidence": "有限信任模型", "none": "无", "auto": "自动",
             "compiled": "编译"}


#: Words for a choice whose value alone reads badly after its name, by (key, value).
_CHOICE_WORDS = {
    ("response_scope", "crisis"): ("only the platforms the crisis hits (the others respond as "
                                   "usual)", "仅受危机冲击的平台（其余平台照常应对）"),
    ("response_scope", "sector"): ("every platform", "全部平台")}


def setting(key: str, value: Any, lang: str = "en", labels: dict | None = None) -> str:
    """One setting as a reader sees it: its short name, then its value.

    A key without a name is shown as itself; money settings (:data:`MONEY_SETTINGS`) are
    given in 万元 in Chinese.

    Example:
        >>> setting("base_default_rate", 0.03), setting("base_default_rate", 0.03, "zh")
        ('yearly loan default rate (best risk management) 0.03', '年贷款违约率（风控最佳时）0.03')
        >>> setting("wealth_mean", 80.0, "zh"), setting("share", 0.4, "zh", CRISIS_FIELD_LABELS)
        ('人均可投资财富（万元）8', '受影响用户比例 0.4')
        >>> setting("response_scope", "crisis", "zh")
        '应对策略的执行范围：仅受危机冲击的平台（其余平台照常应对）'
    """
    names = PARAM_LABELS if labels is None else labels
    label = names.get(key, (key, key))[lang == "zh"]
    if lang == "zh" and key in MONEY_SETTINGS and isinstance(value, int | float):
        value = value / 10.0
    if isinstance(value, str) and (key, value) in _CHOICE_WORDS:
        value = _CHOICE_WORDS[key, value][lang == "zh"]
    elif lang == "zh" and isinstance(value, bool | str) and value in _WORDS_ZH:
        value = _WORDS_ZH[value]
    elif isinstance(value, bool):
        value = "yes" if value else "no"
    text = short(value) if isinstance(value, float) else (  # (never "3e-05")
        ", ".join(map(str, value)) if isinstance(value, list) else str(value))
    sep = "" if lang == "zh" and label.endswith(("）", "：")) else " "
    return f"{label}{sep}{text}"
