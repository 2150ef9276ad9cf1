"""The message catalogue: every sentence and label of the report, in English and Chinese.

:data:`MESSAGES` maps a key to ``(english, chinese)``; both carry the same ``{named}``
placeholders (a test checks it). Numbers are filled in already formatted, identically in
both languages.
"""

from __future__ import annotations

__all__ = ["MESSAGES"]

MESSAGES: dict[str, tuple[str, str]] = {
    # ---------------------------------------------------------------- sentences
    "not_available": ("n/a", "无"),
    "effect_ci": ("{words} (95% CI {lo} to {hi})", "{words}（95% 置信区间 {lo} 至 {hi}）"),
    "changes_by": ("changes {outcome} by {diff} compared with {base} (95% CI {lo} to {hi})",
                   "使{outcome}相对{base}变化 {diff}（95% 置信区间 {lo} 至 {hi}）"),
    "no_pairs": ("In {scenario}, {strategy} has no runs paired with {baseline} for "
                 "{outcome}.",
                 "在“{scenario}”情景中，{strategy}在{outcome}上没有与{baseline}配对的运行。"),
    "in_scenario": ("In {scenario}, {strategy} {effect}",
                    "在“{scenario}”情景中，{strategy}{effect}"),
    "better_in": (", better in {k} of {n} paired runs", "，在 {n} 次配对运行中有 {k} 次更好"),
    "includes_zero": ("; the interval includes no difference", "；区间包含“无差异”"),
    "too_small": ("; too small to matter (the interval lies within \u00b1{m})",
                  "；差异太小，不足以影响决策（区间位于 \u00b1{m} 之内）"),
    "stop": (".", "。"),
    "best_response": (" It is the best response to {scenario} on {outcome}.",
                      "它是“{scenario}”情景下{outcome}表现最好的应对策略。"),
    "none_matters": ("In {scenario}, no strategy changes {outcome} by a margin that matters "
                     "(\u00b1{m}) compared with {base}: the best, {strategy}, {effect}.",
                     "在“{scenario}”情景中，与{base}相比，没有策略能使{outcome}产生值得关注的"
                     "变化（\u00b1{m}）：其中最好的{strategy}{effect}。"),
    "none_clear": ("In {scenario}, no strategy is clearly better than {base} on {outcome}: "
                   "the best, {strategy}, {effect}, better in {k} of {n} paired runs.",
                   "在“{scenario}”情景中，没有策略在{outcome}上明显优于{base}：其中最好的"
                   "{strategy}{effect}，在 {n} 次配对运行中有 {k} 次更好。"),
    "all_worse": ("In {scenario}, every strategy does worse than {base} on {outcome}; the "
                  "least bad is {strategy} (median paired difference {diff}, 95% CI {lo} "
                  "to {hi}).",
                  "在“{scenario}”情景中，所有策略在{outcome}上都不如{base}；最不差的是"
                  "{strategy}（配对差值中位数 {diff}，95% 置信区间 {lo} 至 {hi}）。"),
    # ---------------------------------------------------------------- decision page
    "band": ("10-90 % of runs: {lo} to {hi}", "80% 的运行介于 {lo} 至 {hi}"),
    "costs": ("a median of {median} ({band})", "中位数 {median}（{band}）"),
    "effect_wins": ("{effect}; better in {k} of {n} paired runs",
                    "{effect}；在 {n} 次配对运行中有 {k} 次更好"),
    "no_recommendation": ("No strategy is clearly better than {base} on {outcome}: keep "
                          "{base}, or read the table below before spending money.",
                          "没有策略在{outcome}上明显优于{base}：维持{base}，或在投入资金前"
                          "先阅读下方的表格。"),
    "recommend": ("Recommended: {strategy}. On {outcome} it {effect}.",
                  "推荐：{strategy}。在{outcome}上，它{effect}。"),
    "tied": ("Within the smallest effect that matters (±{m}) of it, and dearer or "
             "equal in cost: {others}.",
             "效果与之相差在最小重要差异（±{m}）以内、但成本不低于它的策略：{others}。"),
    "cost_of": ("{strategy} costs the platforms {cost}.", "{strategy}的平台成本为{cost}。"),
    "extra_cost": ("That is {extra} more than {base} (median of the paired differences).",
                   "比{base}多花 {extra}（配对差值的中位数）。"),
    "cheaper_option": ("A cheaper option that is also clearly better: {strategy}, costing "
                       "{cost}; it {effect}.",
                       "另一个同样明显更好且更便宜的选择：{strategy}，成本 {cost}；它{effect}。"),
    "change_line": ("{outcome}: it {effect}.", "{outcome}：它{effect}。"),
    "negligible_line": ("{outcome}: no change that matters (95% CI {lo} to {hi}, within "
                        "±{m}).",
                        "{outcome}：没有值得关注的变化（95% 置信区间 {lo} 至 {hi}，位于 "
                        "±{m} 之内）。"),
    "unclear_line": ("{outcome}: not clear (95% CI {lo} to {hi} includes no difference).",
                     "{outcome}：不明确（95% 置信区间 {lo} 至 {hi} 包含“无差异”）。"),
    "caveat_few_pairs": ("{outcome} rests on fewer than 10 paired runs: the interval is "
                         "rough; run more replications (trustsim sweep --until-ci).",
                         "{outcome}的结论基于不足 10 次配对运行：区间较粗略；请增加重复运行"
                         "（trustsim sweep --until-ci）。"),
    "caveat_split": ("{outcome}: the paired differences fall into two separate groups "
                     "(dip test): in some runs the strategy does much more than in others, "
                     "and the median hides it.",
                     "{outcome}：配对差值明显分成两组（dip 检验）：该策略在部分运行中效果远大于"
                     "其他运行，中位数掩盖了这一点。"),
    "caveat_failed_runs": ("{outcome}: some runs failed and are left out.",
                           "{outcome}：部分运行失败，未计入。"),
    "caveat_failed": ("{n} run(s) of {strategy} failed and are left out.",
                      "{strategy}有 {n} 次运行失败，未计入。"),
    "caveat_horizon": ("The ranking on user losses changes once the money still at risk at "
                       "the end of the runs counts as lost, for: {strategies}. Part of their "
                       "avoided losses may only be postponed beyond the simulated horizon.",
                       "若把运行结束时仍处于风险中的资金计为损失，以下策略在用户损失上的排名会"
                       "改变：{strategies}。它们“避免”的部分损失可能只是被推迟到模拟期之后。"),
    # ---------------------------------------------------------------- figures
    "day": ("day", "天"),
    "strategy": ("strategy", "策略"),
    "scenario": ("scenario", "情景"),
    "median": ("median", "中位数"),
    "effect_vs_baseline": ("effect vs baseline", "相对基准的效果"),
    "envelope_title": ("Median and 10-90 % band over runs, per strategy",
                       "各策略的中位数与 10–90% 区间（跨运行）"),
    "envelope_title_one": ("{scenario}: median and 10-90 % band over runs",
                           "{scenario}：跨运行的中位数与 10–90% 区间"),
    "right_better": (" (right is better)", "（越靠右越好）"),
    "left_better": (" (left is better)", "（越靠左越好）"),
    "up_better": (" (up is better)", "（越高越好）"),
    "down_better": (" (down is better)", "（越低越好）"),
    "forest_x": ("paired difference vs {base}: {label}{side}",
                 "相对{base}的配对差值：{label}{side}"),
    "forest_title": ("Effect on {outcome}: median and 95 % bootstrap interval",
                     "对{outcome}的效果：中位数与 95% 自助法置信区间"),
    "heat_effect": ("paired difference vs {base}", "相对{base}的配对差值"),
    "sign_flipped": (" (colour: lower is better)", "（颜色：越低越好）"),
    "heat_median": ("median over runs", "跨运行中位数"),
    "frontier": ("efficient frontier", "有效前沿"),
    "baseline_mark": (" (baseline)", "（基准）"),
    "dominated_mark": (" (dominated)", "（被占优）"),
    "cost_x": ("extra cost vs {base} (million CNY, median of paired runs)",
               "相对{base}的额外成本（百万元，配对运行中位数）"),
    "cost_y": ("effect: {label}{side}", "效果：{label}{side}"),
    "cost_title": ("{scenario}: effect against cost", "{scenario}：效果与成本"),
    "runs_finished": ("{done} of {total} runs finished", "共 {total} 次运行，已完成 {done} 次"),
}
