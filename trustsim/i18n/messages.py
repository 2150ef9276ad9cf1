"""The message catalogue: every sentence and label of the report, in English and Chinese.

The decision page's messages live in :mod:`trustsim.i18n.decision_messages`, those that
explain a finding by the model's mechanics in :mod:`trustsim.i18n.explain_messages`; both
are merged in here.

:data:`MESSAGES` maps a key to ``(english, chinese)``; both carry the same ``{named}``
placeholders (a test checks it). Numbers are filled in already formatted, identically in
both languages.
"""

from __future__ import annotations

from trustsim.i18n.decision_messages import DECISION_MESSAGES
from trustsim.i18n.explain_messages import EXPLAIN_MESSAGES

__all__ = ["MESSAGES"]

MESSAGES: dict[str, tuple[str, str]] = {
    # ---------------------------------------------------------------- sentences
    "not_available": ("n/a", "无"),
    "effect_ci": ("{words} ({ci} {lo} to {hi})", "{words}（{ci} {lo} 至 {hi}）"),
    "changes_by": ("changes {outcome} by {diff} compared with {base} ({ci} {lo} to {hi})",
                   "使{outcome}相对{base}变化 {diff}（{ci} {lo} 至 {hi}）"),
    "ci_95": ("95% CI", "95% 置信区间"),
    "ci_few": ("rough interval from {n} paired runs, not a 95% one:",
               "仅 {n} 次配对运行、非 95% 置信的区间"),
    "no_pairs": ("In “{scenario}”, {strategy} has no runs paired with {baseline} for "
                 "{outcome}.",
                 "在“{scenario}”情景中，{strategy}在{outcome}上没有与{baseline}配对的运行。"),
    "no_pairs_any": ("In “{scenario}”, no strategy has runs paired with {base} for {outcome}.",
                     "在“{scenario}”情景中，没有策略在{outcome}上有与{base}配对的运行。"),
    "in_scenario": ("In “{scenario}”, {strategy} {effect}",
                    "在“{scenario}”情景中，{strategy}{effect}"),
    "better_in": (", better in {k} of {n} paired runs", "，在 {n} 次配对运行中有 {k} 次更好"),
    "includes_zero": ("; the interval includes no difference", "；区间包含“无差异”"),
    "too_few_pairs": ("; too few paired runs for a verdict (at least {k} are needed)",
                      "；配对运行太少，无法下结论（至少需要 {k} 次）"),
    "below_matters": ("; the effect is smaller than the smallest effect that matters "
                      "(\u00b1{m})",
                      "；效果小于最小重要差异（\u00b1{m}）"),
    "too_small": ("; too small to matter (the interval lies within \u00b1{m})",
                  "；差异太小，不足以影响决策（区间位于 \u00b1{m} 之内）"),
    "tail_note": (" on average over runs: the median run changes it by less than ±{m}, too "
                  "little to settle it, but some runs change it by much more; of {n} paired "
                  "runs, {w} are worse and {b} better",
                  "（按各次运行的平均值计：中位运行的变化小于 ±{m}，不足以判定，但部分运行的"
                  "变化大得多；{n} 次配对运行中 {w} 次更差、{b} 次更好）"),
    "tail_note_wide": (" on average over runs: the median run's interval reaches no change "
                       "(many runs change by less than ±{m}), but some runs change it by "
                       "much more; of {n} paired runs, {w} are worse and {b} better",
                       "（按各次运行的平均值计：中位运行的区间包含无变化（许多运行的变化小于 "
                       "±{m}），但部分运行的变化大得多；{n} 次配对运行中 {w} 次更差、{b} 次"
                       "更好）"),
    "stop": (".", "。"),
    "mean_not_shown": ("; on average over runs it is not shown (mean paired difference "
                       "{mean}, 95% CI {lo} to {hi})",
                       "；按各次运行的平均值未得到证明（平均配对差值 {mean}，"
                       "95% 置信区间 {lo} 至 {hi}）"),
    "best_response": (" It is the best response to this crisis on {outcome}.",
                      "它是该情景下{outcome}表现最好的应对策略。"),
    "best_is_cheaper": (" It has the largest clear effect; {pick} comes within the smallest effect "
                        "that matters (±{m}) of it for less ({cost} against {dear}): on {outcome} "
                        "alone, {pick} is the better buy here.",
                        "它的明确效果最大；{pick}与之相差在最小重要差异（±{m}）以内且成本更低"
                        "（{cost}，对比 {dear}）：仅就{outcome}而言，该情景下{pick}更划算。"),
    "best_cost_unknown": (" It has the largest clear effect, but what it costs is not known; "
                          "{pick} comes within the smallest effect that matters (±{m}) of it at a "
                          "known cost ({cost}): on {outcome} alone, {pick} is the choice here.",
                          "它的明确效果最大，但成本未知；{pick}与之相差在最小重要差异（±{m}）以内且"
                          "成本已知（{cost}）：仅就{outcome}而言，该情景下应选{pick}。"),
    "cost_unknown_on_other": (" It has the largest clear effect, but what it costs is not known; "
                              "{pick} comes within the smallest effect that matters (±{m}) of "
                              "it on {outcome} at a known cost ({cost}); the "
                              "recommendation reads {head} (decision page).",
                              "它的明确效果最大，但成本未知；{pick}在{outcome}"
                              "上与之相差在最小重要差异（±{m}）以内且成本已知（{cost}）；推荐依据"
                              "的是{head}（见决策页）。"),
    "best_is_cheaper_band": (" It has the largest clear effect but costs {mm} or more above the "
                             "cheapest strategy within the smallest effect that matters "
                             "(±{m}) of it; of those that cost about as little (less than "
                             "{mm} above it), {pick} does most ({cost} against {dear}): on "
                             "{outcome} alone, {pick} is the better buy here.",
                             "它的明确效果最大，但成本比与之相差在最小重要差异（±{m}）以内的最便宜策略"
                             "至少高出 {mm}；在成本比该最便宜策略高出不足 {mm} 的策略中，"
                             "{pick}效果最大（{cost}，对比 {dear}）：仅就{outcome}而言，"
                             "该情景下{pick}更划算。"),
    "moot": ("Hardly any money is lost in this crisis under any strategy ({head} is under "
             "{tiny} in at least nine runs in ten of every strategy): it costs trust, not "
             "money, so this scenario is decided on {outcome}.",
             "在这场危机中，任何策略下都几乎没有资金损失（每个策略至少九成运行的{head}低于 "
             "{tiny}）：它损害的是信任而不是资金，因此本情景按{outcome}作出判断。"),
    "none_lost": ("In “{scenario}”, hardly any money is lost under any strategy ({outcome} is "
                  "under {tiny} in at least nine runs in ten of every strategy): the crisis "
                  "costs trust, not money (the decision page decides it on trust).",
                  "在“{scenario}”情景中，任何策略下都几乎没有资金损失（每个策略至少九成运行的"
                  "{outcome}低于 {tiny}）：这场危机损害的是信任而不是资金（决策页按信任作出"
                  "判断）。"),
    "censored_line": ("^{outcome}: trust is not back to 90 % of its pre-crisis level by the "
                      "end in most runs of both {strategy} and {base}, so the time to "
                      "recover cannot be compared (both stop at the horizon).",
                      "{outcome}：在{strategy}和{base}下，多数运行到期末时信任都未恢复到"
                      "危机前水平的 90%，因此无法比较恢复时间（两者都止于模拟期末）。"),
    "best_on_other": (" It does best on {outcome} here; the recommendation reads "
                      "{head} (decision page).",
                      "它在该情景下的{outcome}表现最好；推荐依据的是{head}（见决策页）。"),
    "cheaper_on_other": (" It has the largest clear effect; {pick} comes within the smallest "
                         "effect that matters (±{m}) of it on {outcome} for less ({cost} against "
                         "{dear}); the recommendation reads {head} (decision "
                         "page).",
                         "它的明确效果最大；{pick}在{outcome}上与之相差在最小"
                         "重要差异（±{m}）以内且成本更低（{cost}，对比 {dear}）；推荐依据的是"
                         "{head}（见决策页）。"),
    "cheaper_band_on_other": (" It has the largest clear effect but costs {mm} or more above the "
                              "cheapest strategy within the smallest effect that matters "
                              "(±{m}) of it on {outcome}; of those that cost "
                              "about as little (less than {mm} above it), {pick} does most "
                              "({cost} against {dear}); the "
                              "recommendation reads {head} (decision page).",
                              "它的明确效果最大，但其成本比在{outcome}上与之"
                              "相差在最小重要差异（±{m}）以内的最便宜策略至少高出 {mm}；在成本"
                              "比该最便宜策略高出不足 {mm} 的策略中，{pick}效果最大（{cost}，"
                              "对比 {dear}）；"
                              "推荐依据的是{head}（见决策页）。"),
    "none_changes": ("In “{scenario}”, no strategy changes {outcome} in the median run compared "
                     "with {base} (every median paired difference and its interval are 0).",
                     "在“{scenario}”情景中，与{base}相比，没有策略改变中位运行的{outcome}（各策略"
                     "配对差值的中位数及其区间均为 0）。"),
    "none_matters": ("In “{scenario}”, no strategy changes {outcome} by a margin that matters "
                     "(\u00b1{m}) compared with {base}: the largest gain, {strategy}, "
                     "{effect}.",
                     "在“{scenario}”情景中，与{base}相比，没有策略能使{outcome}产生值得关注的"
                     "变化（\u00b1{m}）：其中改善最大的{strategy}{effect}。"),
    "none_matters_flat": ("In “{scenario}”, no strategy changes {outcome} by a margin that "
                          "matters (\u00b1{m}) compared with {base}, and none improves on it "
                          "{how}.",
                          "在“{scenario}”情景中，与{base}相比，没有策略能使{outcome}产生值得关注"
                          "的变化（\u00b1{m}），{how}。"),
    "none_clear_flat": ("In “{scenario}”, no strategy is clearly better than {base} on "
                        "{outcome}, and none improves on it {how}{why}.",
                        "在“{scenario}”情景中，没有策略在{outcome}上明显优于{base}，{how}{why}。"),
    "flat_any": ("in any paired run", "也没有策略在任何一次配对运行中有所改善"),
    "flat_some": ("by its {stat} paired difference ({strategy}, the most often better, is "
                  "better in {k} of {n} paired runs)",
                  "按配对差值的{stat}也没有策略有所改善（{strategy}在 {n} 次配对运行中有 {k} 次"
                  "更好）"),
    "none_clear": ("In “{scenario}”, no strategy is clearly better than {base} on {outcome}: "
                   "the most promising, {strategy}, {effect}, better in {k} of {n} paired "
                   "runs{why}{mean}.",
                   "在“{scenario}”情景中，没有策略在{outcome}上明显优于{base}：其中最有希望的"
                   "{strategy}{effect}，在 {n} 次配对运行中有 {k} 次更好{why}{mean}。"),
    "mean_opposite": ("; on average over runs it points the other way (mean paired difference "
                      "{mean}, 95% CI {lo} to {hi})",
                      "；按各次运行的平均值计方向相反（平均配对差值 {mean}，95% 置信区间 {lo} "
                      "至 {hi}）"),
    "all_worse": ("In “{scenario}”, every strategy does worse than {base} on {outcome}; the "
                  "least bad is {strategy} ({stat} paired difference {diff}, 95% CI {lo} "
                  "to {hi}).",
                  "在“{scenario}”情景中，所有策略在{outcome}上都不如{base}；相对最好的是"
                  "{strategy}（配对差值{stat} {diff}，95% 置信区间 {lo} 至 {hi}）。"),
    "stat_median": ("median", "中位数"),
    "stat_mean": ("mean", "平均值"),
    # ---------------------------------------------------------------- figures
    "day": ("day", "天"),
    "strategy": ("strategy", "策略"),
    "parameter": ("parameter", "参数"),
    "scenario": ("scenario", "情景"),
    "median": ("median", "中位数"),
    "effect_vs_baseline": ("effect vs baseline", "相对基准的效果"),
    "envelope_title": ("Median and 10-90\u00a0% band over replications, per strategy",
                       "各策略的中位数与 10–90% 区间（跨运行）"),
    "envelope_title_one": ("{scenario}: {metric}, median and 10-90\u00a0% band over "
                           "replications",
                           "{scenario}：{metric}，跨运行的中位数与 10–90% 区间"),
    "right_better": (" (right is better)", "（越靠右越好）"),
    "left_better": (" (left is better)", "（越靠左越好）"),
    "up_better": (" (up is better)", "（越高越好）"),
    "down_better": (" (down is better)", "（越低越好）"),
    "forest_x": ("paired difference vs {base}: {label}{side}",
                 "相对{base}的配对差值：{label}{side}"),
    "forest_title": ("Effect on {outcome}: median (or mean) and 95 % interval",
                     "对{outcome}的效果：中位数（或平均值）与 95% 置信区间"),
    "heat_effect": ("paired difference vs {base}", "相对{base}的配对差值"),
    "sign_flipped": (" (colour: lower is better)", "（颜色：越低越好）"),
    "heat_median": ("median over runs", "跨运行中位数"),
    # sensitivity: why an outcome has no indices (trustsim.experiments.sensitivity._note)
    "no_indices": ("No indices for {names}: {why}", "无敏感性指数：{names}（{why}）"),
    "note_nan": ("undefined in some runs (NaN)", "部分运行中无定义（NaN）"),
    "note_inf": ("infinite in some runs (a time never reached within the run)",
                 "部分运行中为无穷大（运行期内未达到）"),
    "note_constant": ("constant across the design", "在整个设计中不变"),
    "note_base_rows": ("constant in the sample's base rows, varying in only {k} of {n} "
                       "points: no variance to apportion; raise design.samples",
                       "在样本的基准行中不变，{n} 个点中仅 {k} 个有变化：没有可分解的方差；"
                       "请增大 design.samples"),
    "heat_mean_note": ("* the mean difference (a yes-or-no outcome, or where the median run "
                       "changes less than what matters and a few runs much more)",
                       "* 平均差值（是/否类结果，或中位运行的变化小于最小重要差异而少数运行"
                       "变化大得多时）"),
    "frontier": ("efficient frontier", "有效前沿"),
    "baseline_mark": (" (baseline)", "（基准）"),
    "dominated_mark": (" (dominated)", "（被占优）"),
    "held_back_mark": (" (held back: may add losses)", "（暂不推荐：可能增加损失）"),
    "cost_x": ("extra cost vs {base} (thousand CNY, median of paired runs)",
               "相对{base}的额外成本（万元，配对运行中位数）"),
    "cost_y": ("effect: {label}{side}", "效果：{label}{side}"),
    "cost_title": ("{scenario}: effect against cost", "{scenario}：效果与成本"),
    # ---------------------------------------------------------------- report
    "title": ("Strategy comparison: {name}", "策略比较报告：{name}"),
    "status": ("{done} of {total} runs finished ({failed} failed, {missing} missing); "
               "{shape}; baseline: {base}.",
               "共 {total} 次运行，已完成 {done} 次（失败 {failed} 次，缺失 {missing} 次）；"
               "{shape}；基准策略：{base}。"),
    "status_shape": ("{scenarios} scenarios x {strategies} strategies x {reps} replications",
                     "{scenarios} 个情景 × {strategies} 个策略 × {reps} 次重复"),
    "status_shape_points": ("{scenarios} scenarios x {strategies} strategies x {points} "
                            "design points x {reps} replications",
                            "{scenarios} 个情景 × {strategies} 个策略 × {points} 个设计点 × "
                            "{reps} 次重复"),
    "decision_heading": ("Decision page: what to do in each scenario",
                         "决策页：各情景应对建议"),
    "money_scale": ("Amounts of money are those of the simulated world ({users} simulated "
                    "users per run): read them to compare strategies with one another, not as "
                    "real-world prices.",
                    "金额均为模拟世界中的数值（每次运行 {users} 名模拟用户）：用于策略之间的"
                    "相互比较，而非现实中的价格。正文、表格与图表中的金额均以万元计（正文中单独出现"
                    "的不足 1 万元的金额以元计；“每百万元额外成本的效果”一栏按百万元计）。"),
    "decision_intro": ("For each crisis scenario: the recommended response, what it costs, "
                       "what it changes on {outcome} and on the other outcomes compared with "
                       "{base} (each effect with its 95 % interval and the paired runs in "
                       "which it is better), what it does not change, and what to be careful "
                       "about. The rule is in the method notes at the end.",
                       "针对每个危机情景：推荐的应对策略、其成本、与{base}相比它对{outcome}"
                       "及其他结果的影响（每个效果都附 95% 置信区间和它表现更好的配对运行次数）、"
                       "它不改变什么，以及需要注意之处。判定规则见文末的方法说明。"),
    "dp_cost": ("What it costs", "成本"),
    "dp_changes": ("What else it improves", "它还改善了什么"),
    "dp_worse": ("What it makes worse (trade-offs)", "它使哪些方面变差（代价）"),
    "dp_unchanged": ("What it does not change", "它没有改变什么"),
    "dp_unclear": ("What these runs cannot tell (no change and a change that matters both "
                   "fit)", "这些运行无法判断的方面（无变化与重要变化都与数据相符）"),
    "dp_caveats": ("Caveats", "注意事项"),
    "dp_glance": ("All strategies on {outcome} (cost in thousand CNY: median [10 %, 90 %]; "
                  "effect in {unit})",
                  "所有策略在{outcome}上的表现（成本单位：万元，中位数 [10%, 90%]；效果单位："
                  "{unit}）"),
    "dp_side": ("Side by side: the measures a decision weighs (each cell: the effect "
                "against {base} and its verdict; the baseline's row: its median)",
                "并列比较：决策需要权衡的各项指标（每格为相对{base}的效果及其结论；{base}"
                "一行为其中位数）"),
    "median_word": ("median", "中位数"),
    "mean_word": ("mean", "平均值"),
    "own_scale": ("the outcome's own scale", "同该指标"),
    "col_scenario": ("scenario", "情景"),
    "col_strategy": ("strategy", "策略"),
    "col_cost": ("cost (thousand CNY)", "成本（万元）"),
    "col_median": ("median", "中位数"),
    "col_band": ("10-90 % band", "10–90% 区间"),
    "col_effect": ("effect vs baseline", "相对基准的效果"),
    "col_ci": ("95 % CI", "95% 置信区间"),
    "of_mean": (" (mean)", "（平均值）"),
    "col_better_in": ("better in (paired runs)", "更好的配对运行"),
    "col_verdict": ("verdict", "结论"),
    "col_rank": ("rank", "排名"),
    "col_per_cost": ("effect per million CNY of extra cost (outcome units)",
                     "每百万元额外成本的效果（结果单位）"),
    "col_warnings": ("warnings", "警示"),
    "baseline": ("(baseline)", "（基准）"),
    "k_of_n": ("{k} of {n}", "{n} 次中 {k} 次"),
    "verdict_better": ("better", "更好"),
    "verdict_worse": ("worse", "更差"),
    "verdict_negligible": ("negligible", "可忽略"),
    "verdict_unclear": ("unclear", "不明确"),
    "warn_few_pairs": ("fewer than 10 pairs", "配对不足 10 次"),
    "warn_split": ("split in two groups", "分成两组"),
    "warn_tail": ("a few runs differ by much more: verdict on the mean",
                  "少数运行差异大得多：按平均值判定"),
    "warn_small": ("effect below what matters", "效果小于最小重要差异"),
    "warn_mean_differs": ("not shown on the mean over runs", "按平均值未得到证明"),
    "warn_transfer": ("a transfer: total losses do not fall", "资金转移：总损失并未减少"),
    "w_transfer": ("In {n} of {total} comparisons losses after investor protection fall but "
                   "total losses (money lost whoever bears it) do not: the cut is what the "
                   "protection fund repays, a transfer, not priced per cost (marked in the "
                   "tables; outcomes: {outcomes}).",
                   "{total} 项比较中有 {n} 项投资者保护后的损失减少，但总损失（无论由谁承担的损失）"
                   "并未减少：这一减少是投资者保护基金的偿付，属于资金转移（并非新增节约），不计算"
                   "单位成本效果（已在表中标注；涉及结果：{outcomes}）。"),
    "warn_failed_runs": ("failed runs left out", "有失败运行未计入"),
    "warn_horizon": ("losses may be postponed", "损失可能被推迟"),
    "higher_better": ("higher is better", "越高越好"),
    "lower_better": ("lower is better", "越低越好"),
    "no_direction": ("no better direction", "无优劣方向"),
    "summary": ("Summary", "摘要"),
    "summary_note": ("Effects are medians (means where marked) of run-by-run differences "
                     "between a strategy and the baseline on runs that share their random "
                     "numbers; the intervals are bootstrap 95 % confidence intervals. Each "
                     "sentence names the best strategy on one outcome; the recommendation "
                     "for a scenario is the decision page's, made on {headline}.",
                     "效果是策略与基准在共用随机数的运行之间逐次差值的中位数（注明处为平均值）；"
                     "区间为自助法 95% 置信区间。每句话只就一项结果指出最好的策略；各情景的"
                     "推荐以决策页为准，依据{headline}作出。"),
    "caveat_priced": ("Most of these losses are not realised by the horizon: under {base}, "
                      "users have lost {real} (median) but {wound} counting the platforms "
                      "still at risk as wound up. The money verdicts here rest on pricing "
                      "those wind-ups (each platform weighted by how near or below "
                      "insolvency it ends: an assumption, docs/model.md §9).",
                      "这些损失大多在模拟期末尚未实现：在{base}下，用户已实现的损失为 {real}"
                      "（中位数），但若将仍处于风险中的平台清盘则为 {wound}。此处关于资金的结论"
                      "取决于对这些清盘的估算（按各平台期末接近或低于资不抵债的程度加权：这是"
                      "一项假设，见 docs/model.md 第 9 节）。"),
    "summary_note_moot": (" Where hardly any money is lost under any strategy ({scenarios}), "
                          "it is made on {fallback}.",
                          "在任何策略下都几乎没有资金损失的情景（{scenarios}）中，依据{fallback}"
                          "作出。"),
    "tables": ("Comparison tables", "比较表"),
    "other_outcomes": ("All other outcomes", "其他所有结果"),
    "figures": ("Figures", "图表"),
    "more_figures": ("More figures (AUM, withdrawals and runs over time)",
                     "更多图表（在管资金、提现与挤兑随时间变化）"),
    "cap_envelope": ("Median (line) and 10-90 % band (shaded) over replications, per day: one "
                     "panel per strategy, each beside the baseline (black, its band grey) on "
                     "one scale; a dotted line marks each scheduled crisis; a strategy has the "
                     "same colour in every figure. Headline trust "
                     "is the mean trust of every user who held money at the start, in the "
                     "platforms they held: failed platforms and users who left count, so a "
                     "collapse shows in it.",
                     "每天跨重复运行的中位数（线）和 10–90% 区间（阴影）：每个策略一幅小图，均与"
                     "基准（黑色，其区间为灰色）并列、刻度相同；点线标出每次预定危机；同一策略在"
                     "所有图中颜色相同。核心信任"
                     "度是期初持有资金的全部用户对其所持平台的平均信任度：倒闭的平台和离开的用户"
                     "都计入，因此崩盘会如实显示。"),
    "cap_envelope_money": ("Median (line) and 10-90 % band (shaded) over replications, per "
                           "day: one panel per strategy, each beside the baseline (black, its "
                           "band grey) on one scale (unit on the axis{money}); a dotted line "
                           "marks each scheduled crisis; a strategy has the same colour in "
                           "every figure.",
                           "每天跨重复运行的中位数（线）和 10–90% 区间（阴影）：每个策略一幅小"
                           "图，均与基准（黑色，其区间为灰色）并列、刻度相同（单位见坐标轴{money}）"
                           "；点线标出每次预定危机；同一策略在所有图中颜色相同。"),
    "cap_forest": ("Paired effect against the baseline, one panel per scenario: median of "
                   "the run-by-run differences (dot) and its bootstrap 95 % interval (bar); "
                   "where the verdict reads the mean (a yes-or-no outcome, or a few runs "
                   "that move much more than the median one), the mean (diamond, the "
                   "strategy marked (mean)). The vertical line is no difference; the grey "
                   "band is plus or minus the smallest effect that matters. Filled markers "
                   "are better or worse, open ones unclear or negligible.",
                   "相对基准的配对效果，每个情景一个面板：逐次差值的中位数（圆点）及其自助法 "
                   "95% 置信区间（横线）；结论按平均值判定时（是/否类结果，或少数运行的变化远大"
                   "于中位运行）为平均值（菱形，策略名后注明“平均值”）。竖线表示无差异；灰色带"
                   "为 ± 最小重要差异。实心标记表示“更好”或“更差”，空心标记表示“不明确”或"
                   "“可忽略”。"),
    "cap_sensitivity": ("Sensitivity indices of each parameter.", "各参数的敏感性指数。"),
    "method": ("Method", "方法说明"),
    "m_paired": ("Paired design", "配对设计"),
    "m_paired_text": ("Every run's seed derives from the experiment seed, the scenario, the "
                      "design point and the replication, never the strategy, so each "
                      "strategy meets the same simulated worlds (common random numbers). A "
                      "strategy is compared with the baseline run by run: the difference is "
                      "taken within each pair of runs that share a seed, which removes most "
                      "of the run-to-run noise.",
                      "每次运行的随机种子由实验种子、情景、设计点和重复编号决定，与策略无关，"
                      "因此每个策略面对的是相同的模拟世界（共同随机数）。策略与基准逐次比较："
                      "在共用种子的每对运行之间求差值，从而消除大部分运行间的随机波动。"),
    "m_reps": ("Replications", "重复次数"),
    "m_reps_text": ("{reps} per scenario and design point ({pairs} paired runs per "
                    "comparison at most; runs with an undefined outcome are left out of that "
                    "outcome's comparison).",
                    "每个情景和设计点 {reps} 次（每项比较最多 {pairs} 次配对运行；某结果无定义"
                    "的运行不计入该结果的比较）。"),
    "m_boot": ("Bootstrap", "自助法"),
    "m_boot_text": ("The 95 % interval of the median paired difference is the 2.5-97.5 % "
                    "percentile range of the medians of {n_boot} resamples of the pairs (with "
                    "replacement; bootstrap seed {seed}; one resampling per scenario and "
                    "strategy, shared by its outcomes defined in the same runs).",
                    "配对差值中位数的 95% 置信区间，是对配对进行 {n_boot} 次有放回重抽样所得"
                    "中位数的 2.5%–97.5% 分位区间（自助法种子 {seed}；每个情景与策略只做一次"
                    "重抽样，在同样运行中有定义的结果共用）。"),
    "m_verdict": ("Verdict", "结论判定"),
    "m_verdict_text": ("The interval is read in the outcome's better direction against its "
                       "smallest effect that matters m (trustsim list metrics; an experiment "
                       "file may override it): negligible when the whole interval lies strictly "
                       "within plus or minus m (a tie included; an interval reaching m takes "
                       "in a change that matters); otherwise better when the whole "
                       "interval is on the better side of zero, worse when it is all on the "
                       "worse side, unclear when it straddles zero. A median hides what a "
                       "strategy does in a few runs (most runs unchanged, a few with platforms "
                       "failing or users leaving): negligible also needs the 95 % interval of "
                       "the mean difference within plus or minus m; where it is not, the "
                       "verdict reads the mean's interval instead and the row is marked. A "
                       "yes-or-no outcome (recovered) is always read by the mean, the "
                       "difference in the share of runs: its median moves in halves. With "
                       "fewer than {k} paired "
                       "runs every verdict is unclear, a tie included: no 95 % interval of a "
                       "median can be had from so few. Only better and worse "
                       "rows are coloured, in the tables and in the figures.",
                       "按结果的“更好”方向，将区间与其最小重要差异 m 比较（见 trustsim list "
                       "metrics；实验文件可覆盖）：整个区间严格落在 ±m 之内为“可忽略”"
                       "（包括完全相同；区间触及 m 即包含重要变化）；"
                       "否则整个区间在零的更好一侧为“更好”，全部在更差一侧为“更差”，跨越零为"
                       "“不明确”。中位数会掩盖策略在少数运行中的作用（多数运行不变，少数运行出现平台倒闭"
                       "或用户离开）：判定“可忽略”还要求平均差值的 95% 置信区间也落在 ±m 之内；否则"
                       "按平均值的区间判定，并在该行标注。是/否类结果（是否恢复）一律按平均值判定，"
                       "即运行比例之差：其中位数只能以 0.5 为单位变化。配对运行少于 {k} 次时，"
                       "所有结论均为"
                       "“不明确”（包括完全相同）："
                       "这么少的数据无法给出 95% 的中位数区间。表格和图中只有“更好”和“更差”着色。"),
    "m_better_in": ("Better in", "更好的配对运行"),
    "m_better_in_text": ("The number of paired runs in which the strategy beats the baseline "
                         "in the outcome's better direction (ties count as neither in the "
                         "count, and as one half in the win share of the CSV table).",
                         "策略在结果的“更好”方向上胜过基准的配对运行次数（平局不计入次数，在 "
                         "CSV 表的胜率中计为一半）。"),
    "m_rank": ("Rank", "排名"),
    "m_rank_text": ("Within a scenario and outcome, by median over runs (1 = best; the "
                    "baseline included).",
                    "在同一情景和结果内按跨运行中位数排序（1 为最好，含基准）。"),
    "m_cost": ("Cost and cost-effectiveness", "成本与成本效益"),
    "m_cost_text": ("A strategy's cost is what it costs in a run, whoever pays: the "
                    "platforms' spending on its interventions and compensation, the public "
                    "purse's spending (the regulator's inspections and its share of an "
                    "education campaign), and the investor-protection "
                    "fund's repayments, counting those a wind-up of the platforms still at "
                    "risk at the horizon would bring (median and 10-90 % band over runs). "
                    "Not counted: the regulator's other running costs (ratings, courts); "
                    "fines and "
                    "the protection levy, which move money from platforms to the fund and are "
                    "already in what platforms can pay users. Costs less than {cm} "
                    "apart count as the same cost (the money that matters, as for losses). "
                    "Effect per cost is the paired effect the "
                    "verdict reads (the median, or the mean where marked) "
                    "per million CNY of the median paired extra cost, where the strategy "
                    "costs at least {cm} more than the baseline; the tables show "
                    "it only where the verdict is better. "
                    "In the cost-effectiveness figure a strategy is dominated "
                    "when another is at least as effective for no more money; the efficient "
                    "frontier joins the strategies that are not dominated.",
                    "策略的成本是它在一次运行中的全部花费，无论由谁支付：平台用于干预和补偿的"
                    "支出、公共支出（监管检查及公共财政承担的投资者教育费用），以及投资者保护基金的"
                    "赔付（含风险平台在期末清盘时应付的赔付）（跨运行中位数及 10–90% 区间）。"
                    "未计入：监管机构的其他日常运营开支（评级、司法）；罚款与保护"
                    "基金缴费只是把资金从平台转入基金，已体现在平台对用户的偿付能力中。"
                    "相差不足 {cm}的成本视为相同（与损失一样，这是值得关注的金额）。"
                    "单位成本效果为结论所依据的配对效果（中位数，注明处为平均值）除以配对额外成本"
                    "中位数（按每百万元计）"
                    "（仅当策略比基准至少多花 {cm}时；表中只对结论为“更好”的策略列出）。"
                    "在成本效益图中，若另有策略以不更高的成本取得"
                    "至少同样好的效果，则该策略被占优；有效前沿连接所有未被占优的策略。"),
    "m_cost_old": ("These results did not keep response_cost: here the cost is the "
                   "platforms' spending alone, and investor-protection payouts are not "
                   "counted (a guarantee looks free).",
                   "这些结果没有记录 response_cost：此处成本仅为平台支出，未计入投资者保护基金赔付"
                   "（投资者保护看起来不花钱）。"),
    "m_decision": ("Recommendation", "推荐规则"),
    "m_decision_text": ("Among the strategies whose verdict on the headline outcome is "
                        "better by at least the smallest effect that matters, the one with "
                        "the best stated effect (the median; the mean where the verdict reads "
                        "it); strategies within the smallest effect that matters of that best "
                        "(on that effect or on the mean, since means subtract exactly over "
                        "the same runs) count as tied, and the cheapest of them (median cost; "
                        "costs less than {cm} above the cheapest count as "
                        "cheap, and among those the larger effect wins) is recommended. "
                        "When no strategy is clearly better by what matters, none is "
                        "recommended. A cheaper strategy that is also clearly better by what "
                        "matters is named beside the recommendation. A strategy that adds "
                        "losses counting the platforms still at risk at the horizon as wound "
                        "up (a worse verdict on losses if wound up, or an unclear one whose "
                        "stated effect adds at least the smallest effect that matters: these "
                        "runs cannot rule it out) is never recommended: its "
                        "gain may rest on platforms kept open past the horizon. Where the "
                        "headline is money and next to none is lost under any strategy, the "
                        "scenario is decided on trust at the end.",
                        "在主要决策指标上结论为“更好”且效果达到最小重要差异的策略中，选择所述效果"
                        "（中位数；结论按平均值判定时为平均值）最好的一个；效果（或平均效果，"
                        "因为同一批运行上的平均值可以直接相减）与最好者相差在最小重要差异以内的"
                        "策略视为并列，其中成本（中位数）最低者为推荐策略"
                        "（比最低成本高出不足 {cm}的视为同样便宜，其中效果较大者优先）。"
                        "若没有策略在达到最小重要差异的程度上明显更好，则不作推荐。若另有更便宜"
                        "且同样明显更好（达到最小重要差异）的策略，会在推荐旁列出。若某策略使"
                        "“投资者损失（含风险平台清盘）”更差（或结论不明确、但所述效果增加的损失达到最小重要差异："
                        "这些运行无法排除这一点），则不予推荐：其改善可能来自模拟期末"
                        "仍在运营但处于风险中的平台。若主要决策指标是资金、且任何策略下几乎都没有"
                        "资金损失，则该情景按期末信任度作出判断。"),
    "m_warnings": ("Warnings", "警示"),
    "m_warnings_text": ("A comparison on fewer than {n} paired runs is marked: its interval "
                        "is rough; below {k} it gets no verdict (unclear), since no interval "
                        "of a median from so few reaches 95 %. A better or worse verdict whose "
                        "effect is below the smallest effect that matters is marked. "
                        "Paired differences clearly split into two groups are "
                        "marked too: Hartigan's dip test of unimodality rejects at {alpha} % "
                        "(applied to 10 or more differences taking at least four distinct "
                        "values; counts and yes/no outcomes are split by nature). Failed runs "
                        "are left out and counted.",
                        "配对运行少于 {n} 次的比较会被标注：其区间较粗略；少于 {k} 次则不下结论"
                        "（不明确），因为这么少的数据无法给出达到 95% 的中位数区间。结论为更好或"
                        "更差、但效果小于最小重要差异的比较也会被标注。配对差值明显分成两组的"
                        "比较也会被标注：Hartigan 单峰性检验（dip test）在 {alpha}% 水平上拒绝单峰"
                        "（适用于至少 10 个、且至少有 4 个不同取值的差值；计数和是/否类结果天然"
                        "分组，不适用）。失败的运行不计入，并单独计数。"),
    "m_horizon": ("Horizon", "模拟期限"),
    "m_horizon_text": ("A strategy can postpone a failure past the end of the simulated "
                       "period, and realised user losses then look avoided. Money still at "
                       "risk at the end (users' claims on platforms still alive that are "
                       "frozen or near or below insolvency, weighted by how "
                       "much) is reported beside users' losses, and so are the "
                       "losses if those platforms were wound up at the end "
                       "(losses if wound up). A strategy whose rank on users' losses falls "
                       "once those wind-up losses are counted (all money at risk, where they "
                       "are not recorded) -- while they reach the smallest effect that matters "
                       "for losses -- is flagged.",
                       "策略可能把平台倒闭推迟到模拟期结束之后，使已实现的投资者损失看起来被避免了。"
                       "期末仍处于风险中的资金（用户对仍存续但已冻结、资不抵债或接近资不抵债平台的债权，按风险程度加权）与用户"
                       "损失并列报告，同时报告若这些平台在期末清盘用户将承受的损失"
                       "（投资者损失（含风险平台清盘））。若计入这部分清盘损失（未记录时计入全部风险资金）后"
                       "某策略在投资者损失上的排名下降，且该损失不低于损失的最小重要差异，"
                       "则该策略会被标注。"),
    "glossary": ("Glossary", "名称对照表"),
    "experiment_file": ("Experiment file", "实验文件"),
    "provenance": ("Provenance", "来源信息"),
    "seeds": ("Seed of every run (shared by all strategies)", "每次运行的种子（所有策略共用）"),
    "design_point": ("design point", "设计点"),
    "replication": ("replication", "重复编号"),
    "seed": ("seed", "种子"),
    "prov_seed": ("experiment seed", "实验种子"),
    "prov_results_version": ("results made with trustsim", "生成结果的 trustsim 版本"),
    "prov_results_git": ("results git commit", "生成结果的 git 提交"),
    "prov_results_created": ("results created", "结果生成时间"),
    "prov_report_version": ("report made with trustsim", "生成报告的 trustsim 版本"),
    "prov_report_git": ("report git commit", "生成报告的 git 提交"),
    "prov_results_model": ("results made by model (runs)", "生成结果的模型版本（运行次数）"),
    "prov_report_model": ("model of the code that drew the report", "生成报告时的模型版本"),
    "prov_report_created": ("report created", "报告生成时间"),
    "prov_versions": ("python / mesa / numpy / pandas", "python / mesa / numpy / pandas"),
    "prov_machine": ("machine", "机器"),
    "prov_folder": ("results folder", "结果文件夹"),
    "prov_settings": ("settings hash", "设置哈希"),
    "prov_inputs": ("inputs key (the report is rewritten only when it changes)",
                    "输入键（仅当其改变时才重写报告）"),
    "w_failed": ("{n} run(s) failed and are left out of every comparison; run the sweep "
                 "again to retry them.",
                 "有 {n} 次运行失败，未计入任何比较；重新运行 sweep 可重试。"),
    "w_old_model": ("These runs were made by model {made}; the code drawing this report is "
                    "model {now}. The figures are what those runs gave; today's model may give "
                    "others: run the sweep again with --fresh before forwarding them as "
                    "today's.",
                    "这些运行由模型 {made} 产生；生成本报告的代码是模型 {now}。图表数字来自"
                    "那些运行；当前模型可能给出不同结果：作为当前结果转发之前，请用 --fresh "
                    "重新运行 sweep。"),
    "w_models": ("These results mix runs of {n} versions of the model ({models}): the sweep "
                 "was resumed after the model changed, so strategies may be compared across "
                 "models. Run it again with --fresh before forwarding these results.",
                 "这些结果混合了 {n} 个模型版本的运行（{models}）：模型修改后 sweep 被续跑，"
                 "策略之间的比较可能跨越不同模型。转发这些结果之前，请用 --fresh 重新运行。"),
    "w_missing": ("{n} run(s) are missing (the sweep did not finish); the comparison uses "
                  "the runs that are done.",
                  "有 {n} 次运行缺失（sweep 未完成）；比较仅使用已完成的运行。"),
    "w_few": ("{n} of {total} comparisons rest on fewer than 10 paired runs (the fewest: "
              "{least}); their intervals are rough, and below {k} there is no verdict.",
              "{total} 项比较中有 {n} 项基于不足 10 次配对运行（最少 {least} 次）；其区间较粗略，"
              "少于 {k} 次则不下结论。"),
    "w_small": ("In {n} of {total} comparisons the verdict is better or worse but the "
                "effect is smaller than the smallest effect that matters (marked in the "
                "tables; outcomes: {outcomes}).",
                "{total} 项比较中有 {n} 项结论为更好或更差，但效果小于最小重要差异（已在"
                "表中标注；涉及结果：{outcomes}）。"),
    "w_tail": ("In {n} of {total} comparisons the median run does not settle it (many runs "
               "change by less than what matters) but some runs change by much more: their "
               "verdict reads the mean difference (marked in the tables; outcomes: "
               "{outcomes}).",
               "{total} 项比较中有 {n} 项的中位运行不足以判定（许多运行的变化小于最小重要差异），"
               "但部分运行变化大得多：其结论按平均差值判定（已在表中标注；涉及结果：{outcomes}）。"),
    "w_mean_differs": ("In {n} of {total} comparisons the median run is better or worse but "
                       "the mean difference's interval includes zero or lies on the other "
                       "side: on average over runs the effect is not shown (marked in the "
                       "tables; outcomes: {outcomes}).",
                       "{total} 项比较中有 {n} 项按中位运行更好或更差，但平均差值的区间包含零或"
                       "位于另一侧：按各次运行的平均值，效果未得到证明（已在表中标注；涉及结果："
                       "{outcomes}）。"),
    "runs_finished": ("{done} of {total} runs finished", "共 {total} 次运行，已完成 {done} 次"),
}

_SHARED = (MESSAGES.keys() & DECISION_MESSAGES.keys()) | (
    (MESSAGES.keys() | DECISION_MESSAGES.keys()) & EXPLAIN_MESSAGES.keys())
if _SHARED:  # pragma: no cover - a key in two catalogues is a mistake
    raise ValueError(f"message keys defined twice: {sorted(_SHARED)}")
MESSAGES.update(DECISION_MESSAGES)
MESSAGES.update(EXPLAIN_MESSAGES)
