"""Messages of the decision page and its recommendation rule, in English and Chinese.

:data:`DECISION_MESSAGES` is merged into :data:`trustsim.i18n.messages.MESSAGES` (same
shape: key -> ``(english, chinese)``, the same ``{named}`` placeholders in both): the
recommendation, its cost and what it changes, the lines on strategies left out and the
caveats; the terms it uses and the runs figures' note.
"""

from __future__ import annotations

__all__ = ["DECISION_MESSAGES"]

DECISION_MESSAGES: dict[str, tuple[str, str]] = {
    "hair_clears": ("Only just: on the same runs {strategy} does {d} more than {other}, within "
                    "a tenth of the smallest effect that matters ({m}) above it; a slightly "
                    "stricter line would recommend {other}, the cheaper.",
                    "仅是勉强：在相同的运行中，{strategy}比{other}多 {d}，超出最小重要差异（{m}）"
                    "不到其十分之一；标准稍严，推荐的就会是更便宜的{other}。"),
    "hair_short": ("Only just: on the same runs {strategy} does {d} more than {other}, short "
                   "of the smallest effect that matters ({m}) by less than a tenth of it; a "
                   "slightly looser line would recommend {strategy}, the dearer.",
                   "仅是勉强：在相同的运行中，{strategy}比{other}多 {d}，距最小重要差异（{m}）"
                   "不到其十分之一；标准稍宽，推荐的就会是更贵的{strategy}。"),
    "scope_crisis": ("Each strategy is the response of the platform each crisis hits; the other "
                     "platforms answer their own incidents (random data leaks, outages, "
                     "default spikes) as platforms usually do (response_scope: crisis).",
                     "每个策略都是受危机冲击的平台的应对；其他平台照常应对其自身发生的事件（随机"
                     "发生的数据泄露、系统故障、违约激增）（response_scope: crisis）。"),
    "scope_sector": ("Each strategy is followed by every platform of the sector, in its "
                     "answers to its own incidents too (random data leaks, outages, default "
                     "spikes), not only by the platform each crisis hits (response_scope: "
                     "sector).",
                     "每个策略由行业内所有平台执行，包括它们对自身事件（随机发生的数据泄露、系统"
                     "故障、违约激增）的应对，而不仅是受危机冲击的平台（response_scope: "
                     "sector）。"),
    # The cost chart's caption, in parts: the frontier and crossed-out sentences only where
    # the chart draws them (trustsim.viz.costplot.cost_caption).
    "cap_cost": ("Effect on the headline outcome against the median extra cost over the "
                 "baseline (bars: 95 % intervals). Open markers are dominated: another "
                 "strategy is at least as good for no more money (costs less than {cm} "
                 "apart count as the same; an effect unclear, negligible or smaller than "
                 "what matters counts as no effect).",
                 "主要决策指标上的效果与相对基准的额外成本中位数（竖线：95% 置信区间）。空心标记"
                 "表示被占优：另有策略以不更高的成本取得至少同样好的效果（相差不足 {cm}的成本"
                 "视为相同；不明确、可忽略或小于最小重要差异的效果按无效果计）。"),
    "cap_cost_frontier": ("The dashed line is the efficient frontier.", "虚线为有效前沿。"),
    "cap_cost_crossed": ("Crossed out: held back by the decision page for the losses it may "
                         "add (that it adds losses cannot be ruled out).",
                         "打叉：该策略可能增加损失（无法排除），决策页暂不推荐。"),
    "cap_cost_side": ("Points less than {cm} apart in cost whose bars overlap are drawn side "
                      "by side (the tables give their costs).",
                      "成本相差不足 {cm}且竖线重叠的点左右错开绘制（成本见表格）。"),
    "censored_note": ("; in some of these runs one side never recovered within the run, so "
                      "its time counts the days left: a bound, not a measured time",
                      "；其中部分运行有一方在模拟期内始终未恢复，其时间按剩余天数计：只是一个"
                      "界限，并非实测时间"),
    "warn_censored": ("a bound where a side never recovered", "一方未恢复处仅为界限"),
    "w_split": ("In {n} of {total} comparisons the paired differences are clearly split in "
                "two groups: the median effect hides that the strategy does very different "
                "things in different runs (marked in the tables; outcomes: {outcomes}).",
                "{total} 项比较中有 {n} 项的配对差值明显分成两组：效果中位数掩盖了该策略在不同"
                "运行中效果差异很大（已在表中标注；涉及结果：{outcomes}）。"),
    "w_censored": ("In {n} of {total} comparisons a strategy or the baseline never recovered "
                   "in some paired runs: the time to recover counts the days left there, a "
                   "bound, not a measured time (marked in the tables; outcomes: {outcomes}).",
                   "{total} 项比较中有 {n} 项，策略或基准在部分配对运行中始终未恢复：恢复时间按"
                   "剩余天数计，只是一个界限，并非实测时间（已在表中标注；涉及结果：{outcomes}）。"),
    "m_model": ("How far to trust the model", "模型可信到什么程度"),
    "m_model_text": ("The model reproduces documented patterns of real crises within stated "
                     "bands (runs in the social-media era, a data breach's stated versus "
                     "actual leaving, a misconduct scandal, trust lost fast and regained "
                     "slowly, depositors who ran not returning, the 2018 P2P wave), one of "
                     "them only partly. It is still a model: some responses are steep (a "
                     "run tips once enough users' thresholds are passed), its calibration "
                     "rests on a thin sample, and results move when the model changes (the "
                     "model fingerprint under provenance names this version). What it "
                     "reproduces, by how much, and where it is known to be weak: "
                     "docs/validation.md in trustsim's repository.",
                     "模型在给定范围内重现了真实危机中有据可查的规律（社交媒体时代的挤兑、数据"
                     "泄露后口头表示与实际离开的差距、不当销售丑闻、信任失去快而恢复慢、挤兑储户"
                     "不再回来、2018 年 P2P 网贷倒闭潮），其中一项只部分重现。但它仍是模型：部分"
                     "反应很陡（足够多用户越过阈值后挤兑会突然发生），其校准所依据的样本较少，"
                     "模型改动后结果也会变化（来源信息中的模型指纹标明本版本）。模型重现了什么、"
                     "程度如何以及已知的薄弱之处，见 trustsim 代码库中的 docs/validation.md。"),
    "effect_flat": ("{words} (no interval: it is the same in every resampling of the {n} "
                    "paired runs)", "{words}（无区间：{n} 次配对运行的每次重抽样结果都相同）"),
    "changes_flat": ("changes {outcome} by {diff} compared with {base} (no interval: the same "
                     "in every resampling of the {n} paired runs)",
                     "使{outcome}相对{base}变化 {diff}（无区间：{n} 次配对运行的每次重抽样结果"
                     "都相同）"),
    "warn_mean_opposite": ("on average over runs the other way", "按平均值计方向相反"),
    "w_mean_opposite": ("In {n} of {total} comparisons the median run gives no verdict "
                        "(unclear, or a change too small to matter) but the mean paired "
                        "difference points the other way by at least what matters: a few "
                        "runs go much further the other way, and the median alone would "
                        "mislead (marked in the tables; outcomes: {outcomes}).",
                        "{total} 项比较中有 {n} 项按中位运行无法判定（不明确，或变化小于最小重要"
                        "差异），但平均配对差值的方向相反且不小于最小重要差异：少数运行朝相反方向"
                        "偏离得多，仅看中位数会产生误导（已在表中标注；涉及结果：{outcomes}）。"),
    "band": ("10-90 % of runs: {lo} to {hi}", "80% 的运行介于 {lo} 至 {hi}"),
    "costs": ("a median of {median} ({band})", "中位数为 {median}（{band}）"),
    "costs_nothing": ("nothing", "为零"),
    "fund_share": ("Of that, {prot} (median) is the protection fund's repayments, which "
                   "{outcome} already counts as lost: a transfer to savers, not a resource "
                   "used.",
                   "其中 {prot}（中位数）是保护基金的赔付，{outcome}已将其计为损失：这是对"
                   "投资者的资金转移，而不是耗用的资源。"),
    "net_gain": ("Against its spending: it avoids {avoided} of losses for {spent} more "
                 "spent by platforms and the public purse, {net} less lost overall (medians "
                 "of paired runs, which need not subtract exactly).",
                 "与其支出相比：它避免了 {avoided} 的损失，平台与公共财政多支出 {spent}，"
                 "总体少损失 {net}（配对运行的中位数，相减未必精确）。"),
    "net_loss": ("Against its spending: it avoids {avoided} of losses but platforms and the "
                 "public purse spend {spent} more, so it costs {net} more than it avoids "
                 "(medians of paired runs, which need not subtract exactly).",
                 "与其支出相比：它避免了 {avoided} 的损失，但平台与公共财政多支出 {spent}，"
                 "花费比避免的损失多 {net}（配对运行的中位数，相减未必精确）。"),
    "net_even": ("Against its spending: it avoids {avoided} of losses for {spent} more spent "
                 "by platforms and the public purse: about even overall ({net} apart, less "
                 "than the {mm} of money that matters; medians of paired runs, which need not "
                 "subtract exactly).",
                 "与其支出相比：它避免了 {avoided} 的损失，平台与公共财政多支出 {spent}：总体"
                 "大致持平（相差 {net}，小于值得关注的金额 {mm}；配对运行的中位数，相减未必"
                 "精确）。"),
    "net_same": ("Against its spending: it avoids {avoided} of losses for about the same "
                 "spending by platforms and the public purse ({spent} {way}, less than the "
                 "{mm} of money that matters; medians of paired runs).",
                 "与其支出相比：它避免了 {avoided} 的损失，平台与公共财政的支出大致不变（{way}"
                 " {spent}，小于值得关注的金额 {mm}；配对运行的中位数）。"),
    "net_saves": ("Against its spending: it avoids {avoided} of losses and platforms and the "
                  "public purse spend {spent} less (medians of paired runs).",
                  "与其支出相比：它避免了 {avoided} 的损失，平台与公共财政还少支出 {spent}"
                  "（配对运行的中位数）。"),
    "effect_wins": ("{effect}; better in {k} of {n} paired runs",
                    "{effect}；在 {n} 次配对运行中有 {k} 次更好"),
    "effect_losses": ("{effect}; worse in {k} of {n} paired runs",
                      "{effect}；在 {n} 次配对运行中有 {k} 次更差"),
    "promising_held": (" It may add losses, though: it {effect}.",
                       "但它可能增加损失：它{effect}。"),
    "promising_held_unclear": (" It may add losses, though: the estimate is that it {effect}.",
                               "但它可能增加损失：估计它{effect}。"),
    "no_recommendation_held_all": ("No strategy is recommended on {outcome}: those that "
                                   "help by what matters against {base} may add losses "
                                   "(below).",
                                   "不推荐任何策略：在{outcome}上相对{base}带来足够改善的策略都可能"
                                   "增加损失（见下文）。"),
    "no_recommendation_held": ("No strategy is recommended on {outcome}: the one that helps "
                               "most, {strategy}, is held back for the losses it may add "
                               "(below), and none of the others is shown to help against "
                               "{base} by what matters.",
                               "不推荐任何策略：在{outcome}上改善最大的{strategy}因可能增加损失"
                               "而暂不推荐（见下文），其他策略均未被证明能相对{base}带来足够的"
                               "改善。"),
    "no_recommendation": ("No strategy is clearly better than {base} on {outcome}: none "
                          "is shown to help by what matters; read the table below before "
                          "spending money.",
                          "没有策略在{outcome}上明显优于{base}：没有策略被证明能带来足够的改善；"
                          "在投入资金前请先阅读下方的表格。"),
    "keep_base_worse": ("No strategy is recommended: keep {base}, or read the table below "
                        "before spending money.",
                        "不推荐任何策略：维持{base}，或在投入资金前先阅读下方的表格。"),
    "keep_base": ("No strategy is recommended: none of those tested is shown to help "
                  "against {base} by what matters; read the table below before spending "
                  "money.",
                  "不推荐任何策略：所测试的策略均未被证明能相对{base}带来足够的改善；在投入"
                  "资金前请先阅读下方的表格。"),
    "best_too_small": (" So no strategy is recommended for this crisis on {outcome}.",
                       "因此就该情景的{outcome}而言不推荐任何应对策略。"),
    "no_recommendation_small": ("No strategy is shown to improve {outcome} by what matters "
                                "(±{m}) against {base}: the best, {strategy}, {effect}, "
                                "clearly not nothing but perhaps too small to act on. Keep "
                                "{base}, or read the table below before spending money.",
                                "没有策略被证明能使{outcome}相对{base}的改善达到最小重要差异"
                                "（±{m}）：最好的{strategy}{effect}，并非没有效果，但可能小到"
                                "不值得据此行动。维持{base}，或在投入资金前先阅读下方的表格。"),
    "mean_too": ("; the mean over runs is clear of zero: {mean} (95% CI {lo} to {hi})",
                 "；各次运行的平均值则明确偏离零：{mean}（95% 置信区间 {lo} 至 {hi}）"),
    "mean_marker": (" (on average over runs: {w} of {n} paired runs are worse and {b} "
                    "better, the median run changes less)",
                    "（按各次运行的平均值计：{n} 次配对运行中 {w} 次更差、{b} 次更好，中位运行的"
                    "变化更小）"),
    "held_prefix": ("Of the strategies that can be recommended: ", "在可推荐的策略中："),
    "deferred_best": ("^ {strategy} is not recommended: it {effect}, so its gain may rest on "
                      "platforms still open but at risk at the horizon.",
                      "不推荐{strategy}：它{effect}，其改善可能来自模拟期末仍在运营但处于风险中的"
                      "平台。"),
    "deferred_best_unclear": ("^ {strategy} is not recommended: the estimate is that it "
                              "{effect}; the interval is wide, but these runs cannot rule out "
                              "that it adds losses, so its gain may rest on platforms still "
                              "open but at risk at the horizon (more replications would "
                              "settle it).",
                              "不推荐{strategy}：估计它{effect}；区间较宽，但这些运行无法排除其"
                              "增加损失的可能，其改善可能来自模拟期末仍在运营但处于风险中的平台"
                              "（增加重复次数可以确定）。"),
    "page_recommends": (" The decision page recommends {strategy}.",
                        "决策页推荐的是{strategy}。"),
    "page_keeps": (" The decision page recommends no strategy: what is shown to help "
                   "against {base} by what matters may add losses.",
                   "决策页不推荐任何策略：相对{base}带来足够改善的策略都可能增加损失。"),
    "deferred_line": ("^{strategy} does more on {outcome} ({effect}) but is not recommended: it "
                      "{hidden}, so its gain may rest on platforms still open but at risk at "
                      "the horizon.",
                      "{strategy}在{outcome}上效果更大（{effect}），但不予推荐：它{hidden}，其改善"
                      "可能来自模拟期末仍在运营但处于风险中的平台。"),
    "who_pays": ("Who pays (each part a median over runs of its own, so the parts need not "
                 "add up to the median cost): {parts}.",
                 "由谁承担（各项分别取各次运行的中位数，因此各项之和不一定等于成本中位数）："
                 "{parts}。"),
    "pays_platforms": ("the platforms spend {x}", "平台支出 {x}"),
    "pays_compensation": ("of which compensation to users {x}", "其中向用户支付的赔偿 {x}"),
    "pays_public": ("the public purse spends {x}", "公共财政支出 {x}"),
    "pays_fund": ("the protection fund repays {x}", "投资者保护基金赔付 {x}"),
    "pays_not_kept": (" Counted in the cost, not kept apart by this experiment: {parts}.",
                      "以下部分计入成本，但本实验未单独记录：{parts}。"),
    "data_column": ("in the data: {name}", "数据列：{name}"),
    "k_of_n_worse": ("{k} of {n} ({w} worse)", "{n} 次中 {k} 次（{w} 次更差）"),
    "no_extra_cost": ("no extra cost that matters", "无值得关注的额外成本"),
    "answer_heading": ("The answers at a glance", "结论一览"),
    "answer_cols": ("scenario|recommended|effect on {outcome} (95 % CI)|extra cost vs {base}"
                    "|cheaper option, also clearly better than {base} (effect, extra cost)"
                    "|may add losses (platforms at risk counted as wound up)",
                    "情景|推荐策略|对{outcome}的效果（95% 置信区间）|相对{base}的额外成本"
                    "|更便宜、同样明显优于{base}的选择（效果，额外成本）|可能增加损失的策略（含风险平台清盘）"),
    "answer_effect": ("{d}{unit} ({lo} to {hi})", "{d}{unit}（{lo} 至 {hi}）"),
    "answer_on": ("{effect}, on {outcome}", "{effect}，对{outcome}"),
    "answer_none_held": ("none: the one that helps most, {strategy}, is held back for the "
                         "losses it may add",
                         "无：改善最大的{strategy}因可能增加损失而暂不推荐"),
    "answer_none": ("none: none is shown to help by what matters",
                    "无：没有策略被证明能带来足够的改善"),
    "answer_cheaper": ("{strategy}: {effect}, {cost}", "{strategy}：{effect}，{cost}"),
    "answer_per_user": ("{cost} ({each} CNY per user)", "{cost}（每名用户 {each} 元）"),
    "answer_per_user_note": ("Per user: the extra cost divided by the {users} simulated users "
                             "of the whole sector, not only the customers of the platform in "
                             "crisis (who pays: “What it costs” under each recommendation). The "
                             "model prices platforms' programmes and compensation by the money "
                             "users hold, so a sector of the same make-up with more users "
                             "costs about as much per user: an assumption of the model, not a "
                             "finding. Like every amount here it compares strategies; it is "
                             "not a real-world price, and a real response has fixed costs too.",
                             "每名用户：额外成本除以整个行业的 {users} 名模拟用户，而非仅危机平台的"
                             "客户（由谁承担：见各情景下的“成本”）。模型按用户持有的资金为平台的"
                             "各项计划与赔付定价，因此构成相同而用户更多的行业，每名用户的成本大致"
                             "相同：这是模型的假设，而非研究发现。与本页所有金额一样，它用于比较策略，"
                             "并非现实中的价格；现实中的应对还有固定成本。"),
    "held_others": ("Also held back for the losses they may add: {items}.",
                    "同样因可能增加损失而暂不推荐：{items}。"),
    "held_all": ("Held back for the losses they may add: {items}.",
                 "因可能增加损失而暂不推荐：{items}。"),
    "alt_heatmap": ("{outcome}: heat map of scenarios x strategies", "{outcome}：情景 × 策略热图"),
    "risky_others": ("Not better on {outcome} by what matters, and may add losses: {items}.",
                     "在{outcome}上未带来足够改善，且可能增加损失：{items}。"),
    "risky_worse": ("Worse on {outcome}, and may add losses as well: {items}.",
                    "在{outcome}上更差，且还可能增加损失：{items}。"),
    "held_item_opposite": ("{strategy} (better in the median run but worse on average over "
                           "runs: some runs go much worse; and it {effect})",
                           "{strategy}（中位运行更好，但按各次运行的平均值更差：部分运行差得多；并且"
                           "它{effect}）"),
    "held_item_opposite_unclear": ("{strategy} (better in the median run but worse on "
                                   "average over runs: some runs go much worse; and the "
                                   "estimate is that it {effect})",
                                   "{strategy}（中位运行更好，但按各次运行的平均值更差：部分运行"
                                   "差得多；并且估计它{effect}）"),
    "held_item_worse": ("{strategy} (it {head}; and it {effect})",
                        "{strategy}（它{head}；并且它{effect}）"),
    "held_item": ("{strategy} (it {effect})", "{strategy}（它{effect}）"),
    "held_item_unclear": ("{strategy} (the estimate is that it {effect})",
                          "{strategy}（估计它{effect}）"),
    "deferred_at_risk": (" What is measured: at the horizon it {effect}: money owed by "
                         "platforms insolvent or frozen at the end, part of which a wind-up "
                         "would turn into losses (the estimate above counts that part, less "
                         "the losses it avoids).",
                         "已测得的依据：模拟期末，它{effect}，即资不抵债或已冻结平台所欠的资金，"
                         "清盘时其中一部分将变为损失（上面的估计只计这一部分，并扣除它避免的"
                         "损失）。"),
    "deferred_line_unclear": ("^{strategy} does more on {outcome} ({effect}) but is not "
                              "recommended: the estimate is that it {hidden}; the interval "
                              "is wide, but these runs cannot rule out that it adds losses, "
                              "so its gain may rest on platforms still open but at risk at "
                              "the horizon (more replications would settle it).",
                              "{strategy}在{outcome}上效果更大（{effect}），但不予推荐：估计它"
                              "{hidden}；区间较宽，但这些运行无法排除其增加损失的可能，其改善可能"
                              "来自模拟期末仍在运营但处于风险中的平台（增加重复次数可以确定）。"),
    "hidden_at_risk": (" Beware: {strategy} {effect}: more money is left at risk at the "
                       "horizon.",
                       "注意：{strategy}{effect}：模拟期末仍处于风险中的资金更多。"),
    "hidden_losses": (" Beware: {strategy} {effect}: the losses it avoids by the horizon may "
                      "only be postponed.",
                      "注意：{strategy}{effect}：它在模拟期内避免的损失可能只是被推迟。"),
    "recommend": ("Recommended: {strategy}. On {outcome} it {effect}.",
                  "推荐：{strategy}。它{effect}。"),
    "recommend_cheaper_less": (" A cheaper option, {cheaper}, has an effect of {part} "
                               "against {full}; it costs {cost} less than {base}, {less} less "
                               "than {strategy} (What it costs, below).",
                               "更便宜的选择：{cheaper}的效果为 {part}（推荐策略为 {full}），"
                               "比{base}少花 {cost}，比{strategy}少花 {less}（见下方“成本”）。"),
    "recommend_cheaper_same": (" A cheaper option, {cheaper}, has an effect of {part} "
                               "against {full}; it costs about the same as {base}, {less} less "
                               "than {strategy} (What it costs, below).",
                               "更便宜的选择：{cheaper}的效果为 {part}（推荐策略为 {full}），成本"
                               "与{base}大致相同，比{strategy}少花 {less}（见下方“成本”）。"),
    "recommend_cheaper": (" A cheaper option, {cheaper}, has an effect of {part} against "
                          "{full}; it costs {cost} more than {base}, {less} less than "
                          "{strategy} (What it costs, below).",
                          "更便宜的选择：{cheaper}的效果为 {part}（推荐策略为 {full}），比{base}"
                          "多花 {cost}，比{strategy}少花 {less}（见下方“成本”）。"),
    "recommend_net_loss": (" Against what platforms and the public purse spend on it, it "
                           "costs {net} more than it avoids: the recommendation reads "
                           "{outcome}, not the money spent (What it costs, below).",
                           "但平台与公共财政为此多支出的钱比它避免的损失还多 {net}：推荐只依据"
                           "{outcome}，未计入这笔支出（见下方“成本”）。"),
    "summary_net_loss": (" Against what platforms and the public purse spend on it, it "
                         "costs {net} more than it avoids.",
                         "但平台与公共财政为此多支出的钱比它避免的损失还多 {net}。"),
    "tied": ("Close to it (an effect against {base} within the smallest effect that "
             "matters, ±{m}, of the recommendation's) at about the same cost (less than "
             "the {mm} that matters apart): {others}.",
             "与之接近（相对{base}的效果与它相差在最小重要差异 ±{m} 以内）且成本相差不足值得"
             "关注的金额（{mm}）的策略：{others}。"),
    "tied_dearer": ("Close to it (an effect against {base} within the smallest effect that "
                    "matters, ±{m}, of the recommendation's) but dearer: {others}.",
                    "与之接近（相对{base}的效果与它相差在最小重要差异 ±{m} 以内）但成本更高的"
                    "策略：{others}。"),
    "dearer_by": (" ({more} more)", "（多花 {more}）"),
    "tied_cost_unknown": ("Close to it (an effect against {base} within the smallest effect "
                          "that matters, ±{m}, of the recommendation's), at a cost not known: "
                          "{others}.",
                          "与之接近（相对{base}的效果与它相差在最小重要差异 ±{m} 以内）、但成本"
                          "未知的策略：{others}。"),
    "cost_unknown": ("Its cost is not known: the experiment did not keep response_cost "
                     "(add it to the experiment file's outcomes).",
                     "成本未知：该实验没有记录 response_cost（请把它加入实验文件的 "
                     "outcomes）。"),
    "cost_of": ("^{strategy} costs {cost}, counting platforms' spending, public spending and "
                "investor-protection repayments (those a wind-up of the platforms still at "
                "risk would bring included); public spending includes the regulator's "
                "inspections.",
                "{strategy}的成本{cost}，计入平台支出、公共支出与投资者保护基金赔付（含风险平台"
                "清盘时应付的赔付）；公共支出含监管检查的成本。"),
    "cost_of_old": ("^{strategy} costs the platforms {cost}; investor-protection payouts "
                    "are not counted (these results did not keep response_cost).",
                    "{strategy}的平台成本{cost}；未计入投资者保护基金赔付（这些结果没有记录 "
                    "response_cost）。"),
    "extra_cost": ("That is {extra} more than {base} (median of the paired differences).",
                   "比{base}多花 {extra}（配对差值的中位数）。"),
    "extra_cost_less": ("That is {extra} less than {base} (median of the paired "
                        "differences).",
                        "比{base}少花 {extra}（配对差值的中位数）。"),
    "extra_cost_same": ("That is about the same as {base}: {extra} apart (median of the "
                        "paired differences), less than the {m} of money that matters.",
                        "与{base}的成本大致相同：相差 {extra}（配对差值的中位数），小于值得"
                        "关注的金额 {m}。"),
    "cheaper_option": ("A cheaper option, also clearly better than {base}: {strategy}, "
                       "costing {cost}; it {effect}.",
                       "更便宜、同样明显优于{base}的选择：{strategy}，成本 {cost}；它{effect}。"),
    "against_cheaper": ("Against {cheaper} directly, on the same runs (a median of its own, "
                        "which need not equal the gap between the two effects against the "
                        "baseline): {strategy} {effect} (verdict: {verdict}), for {extra} "
                        "{more}.",
                        "与{cheaper}在相同运行上直接相比（这是另一个中位数，不一定等于二者相对"
                        "基准效果之差）：{strategy}{effect}（结论：{verdict}），{more} {extra}。"),
    "more_money": ("more", "多花"),
    "less_money": ("less", "少花"),
    "change_line": ("^{outcome}: it {effect}.", "{outcome}：它{effect}。"),
    "bound_note": (" The true difference is about at least this large, not a measured time: "
                   "in most or all runs {slow} had not recovered by the end, and such a run "
                   "counts only the days it had left.",
                   "真实差距大致不小于此，并非实测时间：{slow}在多数或全部运行中到期末仍未恢复，"
                   "这类运行只按剩余天数计。"),
    "change_line_small": ("^{outcome}: it {effect}; shown, but smaller than what matters "
                          "(±{m}).",
                          "{outcome}：它{effect}；变化已得到证明，但小于最小重要差异（±{m}）。"),
    "negligible_line": ("^{outcome}: no change that matters (95% CI {lo} to {hi}, within "
                        "±{m}).",
                        "{outcome}：没有值得关注的变化（95% 置信区间 {lo} 至 {hi}，位于 "
                        "±{m} 之内）。"),
    "unclear_line": ("^{outcome}: not clear (95% CI {lo} to {hi} includes no difference).",
                     "{outcome}：不明确（95% 置信区间 {lo} 至 {hi} 包含“无差异”）。"),
    "unclear_tail_line": ("^{outcome}: not clear. The median run does not settle it (many runs "
                          "change by less than ±{m}), but {w} of {n} paired runs are worse "
                          "and {b} better, some by much more (95% CI of the mean difference "
                          "{lo} to {hi}).",
                          "{outcome}：不明确。中位运行不足以判定（许多运行的变化小于 ±{m}），"
                          "但 {n} 次配对运行中有 {w} 次更差、{b} 次更好，其中部分差异大得多"
                          "（平均差值的 95% 置信区间 {lo} 至 {hi}）。"),
    "few_line": ("^{outcome}: not clear (too few paired runs for a verdict; at least {k} are "
                 "needed).",
                 "{outcome}：不明确（配对运行太少，无法下结论；至少需要 {k} 次）。"),
    "caveat_few_pairs": ("^{outcome} rests on fewer than 10 paired runs: the interval is "
                         "rough, and below {k} there is no verdict; run more replications "
                         "(trustsim sweep --until-ci).",
                         "{outcome}的结论基于不足 10 次配对运行：区间较粗略，少于 {k} 次"
                         "则不下结论；请增加重复运行（trustsim sweep --until-ci）。"),
    "caveat_small": ("^{outcome}: the change is shown (its interval does not include zero) "
                     "but smaller than the smallest effect that matters; the change may be "
                     "too small to act on.",
                     "{outcome}：区间排除了“无差异”，但效果小于最小重要差异；这一变化可能"
                     "小到不值得据此行动。"),
    "caveat_tail": ("^{outcome}: the median run does not settle it (many runs change by less "
                    "than what matters), but some runs change by much more; the verdict and "
                    "the effect shown read the mean difference over runs.",
                    "{outcome}：中位运行不足以判定（许多运行的变化小于最小重要差异），但部分运行"
                    "变化大得多；结论和所示效果按各次运行的平均差值计。"),
    "caveat_mean_differs": ("^{outcome}: the median run says so, but the interval of the "
                            "mean difference over runs includes zero or lies on the other "
                            "side: a few runs go the other way by more, so the effect on "
                            "average is not shown.",
                            "{outcome}：中位运行显示有此变化，但各次运行平均差值的区间包含零或位于另一侧："
                            "少数运行以更大幅度反向变化，平均效果未得到证明。"),
    "caveat_mean_opposite": ("^{outcome}: the median run gives no verdict, and the mean "
                             "difference over runs points the other way by at least what "
                             "matters: a few runs go much further the other way.",
                             "{outcome}：中位运行无法判定，而各次运行的平均差值方向相反且不小于"
                             "最小重要差异：少数运行朝相反方向偏离得多。"),
    "heat_opposite_note": ("‡ the median run is shown; the mean over runs points the other "
                           "way",
                           "‡ 显示的是中位运行；各次运行的平均值方向相反"),
    "opposite_mark": (" (its mean: the other way)", "（平均值方向相反）"),
    "heat_held_note": ("† held back by the decision: it may add losses (cannot be ruled out)",
                       "† 决策暂不推荐：可能增加损失（无法排除）"),
    "caveat_transfer": ("^{outcome}: losses after investor protection fall but total losses "
                        "(money lost whoever bears it) do not: the cut is what the protection "
                        "fund repays, a transfer.",
                        "{outcome}：投资者保护赔付后的损失下降，但总损失（无论由谁承担）并未减少："
                        "减少的部分是保护基金的赔付，属于资金转移。"),
    "caveat_censored": ("^{outcome}: in some runs a side never recovered within the run; its "
                        "time counts the days left, a bound, not a measured time.",
                        "{outcome}：部分运行中有一方在模拟期内始终未恢复，其时间按剩余天数计，"
                        "只是一个界限，并非实测时间。"),
    "caveat_split": ("^{outcome}: the paired differences fall into two separate groups "
                     "(dip test): in some runs the strategy does much more than in others, "
                     "and the median hides it.",
                     "{outcome}：配对差值明显分成两组（Hartigan 单峰性检验）：该策略在部分运行中"
                     "效果远大于其他运行，中位数掩盖了这一点。"),
    "w_horizon": ("Strategy-scenario pairs that fall in the ranking on users' losses once the "
                  "losses the simulated horizon hides are counted: {n} ({strategies}); part "
                  "of the losses they avoid may only be postponed.",
                  "计入模拟期末被掩盖的损失后，有 {n} 个“策略—情景”组合在投资者损失上的排名下降"
                  "（{strategies}）：它们避免的部分损失可能只是被推迟。"),
    "caveat_failed_runs": ("^{outcome}: some runs failed and are left out.",
                           "{outcome}：部分运行失败，未计入。"),
    "caveat_failed": ("{n} run(s) of {strategy} failed and are left out.",
                      "{strategy}有 {n} 次运行失败，未计入。"),
    "caveat_horizon": ("The ranking on users' losses falls once what the horizon hides is "
                       "counted (the platforms still at risk at the end wound up, or, where "
                       "that is not recorded, all money at risk as lost), for: {strategies}. "
                       "Part of the losses avoided may only be postponed beyond the "
                       "simulated horizon.",
                       "若计入模拟期末被掩盖的损失（将期末仍处于风险中的平台清盘；若未记录，"
                       "则把全部风险资金计为损失），以下策略在投资者损失上的排名会下降："
                       "{strategies}。它们“避免”的部分损失可能只是被推迟到模拟期之后。"),
    # the report's section on what was simulated (policy trial: the report did not say)
    "world_heading": ("What was simulated", "模拟的情景"),
    "world_strategies": ("Strategies compared", "比较的策略"),
    "world_strategy_cols": ("strategy|what it does|levers it sets",
                            "策略|做法|采取的措施（参数设定）"),
    "world_no_levers": ("none: each scenario as it is set", "无：各情景按其原有设定"),
    "world_intro": ("Each scenario as it was run, with the settings the experiment gave "
                    "all runs (before a strategy's own): its world, platforms and scheduled "
                    "crises; hazards the model draws itself (leaks, outages, rumours) may "
                    "add others in some runs.",
                    "各情景按实际运行的设定（含实验为所有运行统一指定的设定，未计各策略自身的设定）："
                    "其世界、平台与预定危机；模型自行产生的风险（泄露、故障、谣言）可能在部分运行中"
                    "引发其他危机。"),
    "world_size": ("{n} users, {d} days", "{n} 名用户，{d} 天"),
    "world_params": ("other settings: {p}", "其他设定：{p}"),
    "world_platforms": ("platform,kind,relative size,reserve ratio,risk management",
                        "平台,类型,相对规模,准备金率,风控水平"),
    "world_platforms_default": ("{n} platforms of graded quality (n_platforms)",
                                "{n} 家质量分级的平台（n_platforms）"),
    "world_crises": ("day,crisis,platform,severity,other", "天,危机,平台,严重程度,其他"),
    "world_no_crises": ("no scheduled crisis", "无预定危机"),
    "w_same": ("In “{scenario}”, {a} and {b} gave exactly the same outcomes in {k} of {n} "
               "paired runs: what sets them apart ({levers}) did nothing in those runs, "
               "most likely because this scenario's crises give it nothing to act on; "
               "they are not two tested options there.",
               "在“{scenario}”情景中，{a}与{b}在 {n} 次配对运行中有 {k} 次结果完全相同：二者的"
               "差别（{levers}）在这些运行中没有起作用，很可能是该情景的危机没有给它作用的对象；"
               "在该情景中它们并不是两个经过检验的不同方案。"),
    "w_same_many": ("In “{scenario}”, {n} pairs of strategies gave exactly the same outcomes "
                    "in at least half of their paired runs ({pairs}): what sets each pair "
                    "apart did nothing there in those runs.",
                    "在“{scenario}”情景中，有 {n} 对策略在至少一半的配对运行中结果完全相同"
                    "（{pairs}）：每对策略之间的差别在这些运行中没有起作用。"),
    "cap_heatmap": ("Scenario x strategy: paired effect against the baseline, the median (a "
                    "mean where the verdict reads it, marked *). Purple "
                    "is better and orange worse (whatever the outcome's direction); only "
                    "cells whose verdict is better or worse are coloured, unclear and "
                    "negligible cells are grey. Where effects differ more than tenfold the "
                    "colour scale is logarithmic away from 0 (ticks at 0.01, 0.1, ...), so "
                    "that a small effect still shows. † held back by the decision page; ‡ "
                    "the mean over runs points the other way.",
                    "情景 × 策略：相对基准的配对效果，为中位数（结论按平均值判定时为平均值，"
                    "标 *）。紫色表示更好，橙色表示更差（无论该指标越高越好还是越低越好）；"
                    "只有结论为“更好”或“更差”的格子着色，“不明确”和“可忽略”的格子为灰色。"
                    "效果相差十倍以上时，色标在 0 以外为对数刻度（刻度为 0.01、0.1……），使小"
                    "效果仍然可见。† 表示决策页暂不推荐；‡ 表示按平均值方向相反。"),
    "warnings_below": ("{n} warnings on these comparisons follow the decision page "
                       "(Warnings on the comparisons).",
                       "决策页之后列出了关于这些比较的 {n} 条警示（“比较的警示”）。"),
    "warnings_heading": ("Warnings on the comparisons", "比较的警示"),
    "cap_money_world": ("; money is that of the simulated world", "；金额为模拟世界中的数值"),
    "crisis_mark": ("scheduled crisis", "预定危机"),
    "cap_runs": (" Runs are summed over the days so far: a user who runs from two platforms, "
                 "or twice, counts twice.",
                 "挤兑人次为截至当天的累计数：一名用户从两家平台挤兑或挤兑两次，计为两次。"),
    "terms": ("Terms used below:", "下文所用术语："),
    "term_trust": ("Trust runs from 0 to 1; the headline trust is the mean trust of every user "
                   "who held money at the start in the platforms they held, failed platforms "
                   "and users who left included.",
                   "信任度取值 0 至 1；核心信任度是期初持有资金的全部用户对其所持平台的平均信任"
                   "度，倒闭的平台和离开的用户都计入。"),
    "term_matters": ("What matters: the smallest effect that matters, set per outcome ({trust} "
                     "of trust, {money} of money; each sentence gives its own): a change "
                     "below it is too small to act on.",
                     "最小重要差异：按结果分别设定（信任度 {trust}，金额 {money}；各句注明各自的"
                     "数值），小于它的变化不足以据此行动。"),
    "term_recover": ("Recovered: trust back to 90 % of its level before the crisis by the end; "
                     "days to recover count from the crisis (0 when trust never fell below "
                     "that).",
                     "恢复：期末前信任回到危机前水平的 90%；恢复天数自危机起计（信任从未跌破该"
                     "水平时为 0）。"),
    "term_median": ("The median run is the middle one of the paired differences; where a few "
                    "runs differ by much more, the mean over runs is read instead (said so).",
                    "中位运行指配对差值居中的那次运行；若少数运行差异大得多，则改读各运行的平均"
                    "值（会注明）。"),
    "term_aum": ("AUM (assets under management) is the money users hold on the platforms.",
                 "在管资金指用户存放在各平台上的资金。"),
    "term_trust_days": ("Trust-days add up, day by day from the crisis to the end, how far "
                        "trust lies below its level before the crisis (0.1 below for 30 days "
                        "is 3 trust-days): how deep and how long the loss.",
                        "累计信任损失以“信任度·天”计，把危机起至期末每天信任度低于危机前水平的"
                        "差额逐日相加（连续 30 天低 0.1 即 3 信任度·天），同时反映损失的深度和"
                        "持续时间。"),
    "term_wound_up": ("Losses if wound up: what users lost, plus what they would lose if the "
                      "platforms still open at the end of the simulated period (the horizon) "
                      "but insolvent or frozen were liquidated (wound up) then.",
                      "投资者损失（含风险平台清盘）：用户已承受的损失，加上模拟期末（即模拟期限）仍在"
                      "运营但已资不抵债或冻结的平台若在此时清盘用户将承受的损失。"),
    "term_at_risk": ("Money at risk: money owed to users at the end by platforms that are "
                     "frozen or near or below insolvency, weighted by how near.",
                     "风险敞口资金：期末已冻结、接近或已经资不抵债的平台欠用户的资金，按其风险"
                     "程度加权。"),
    "term_ci": ("A 95 % CI (confidence interval) is the range the effect lies in with 95 % "
                "confidence, from resampling the paired runs.",
                "95% 置信区间是按配对运行重抽样得到的、以 95% 的把握包含真实效果的范围。"),
    "term_paired": ("Paired runs share a seed: the same simulated world under two strategies.",
                    "配对运行使用同一随机种子：同一个模拟世界分别采用两种策略。"),
}
