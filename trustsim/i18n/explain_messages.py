"""Messages that explain a finding by the model's mechanics, in English and Chinese.

:data:`EXPLAIN_MESSAGES` is merged into :data:`trustsim.i18n.messages.MESSAGES` (same
shape: key -> ``(english, chinese)``, the same ``{named}`` placeholders in both): why a
strategy "cuts" losses by losing trust (users flee) and why one "adds" them by keeping it
(users stay), the decision page's lines after the strategies held back.
"""

from __future__ import annotations

__all__ = ["EXPLAIN_MESSAGES"]

EXPLAIN_MESSAGES: dict[str, tuple[str, str]] = {
    "nothing_to_answer_in": ("In “{scenario}”, the crisis ({crises}) gives the platform "
                             "nothing to answer: the strategies act only on the platforms' "
                             "other incidents before or beside it, so the findings on it "
                             "below are the effects of those earlier answers, not of a "
                             "response to the crisis (decision page).",
                             "在“{scenario}”情景中，危机（{crises}）没有给平台留下可回应的事件："
                             "所比较的策略只作用于平台在危机之前或同时发生的其他事件，因此下文关于"
                             "该情景的结论是那些先前回应的效果，而非对危机本身的回应（见决策页）。"),
    "nothing_to_answer": ("The crisis here ({crises}) gives the platform nothing to answer: "
                          "the model has it make no statement about it. The strategies act "
                          "only on the platforms' other incidents (random leaks, outages, "
                          "rectification orders) before or beside it, so this comparison "
                          "cannot tell how to respond to the crisis itself; read what it "
                          "shows as the effect of those earlier answers.",
                          "本情景中的危机（{crises}）没有给平台留下可回应的事件：模型中平台不会就此"
                          "发表声明。所比较的策略只作用于平台在危机之前或同时发生的其他事件（随机的"
                          "数据泄露、系统故障、整改令），因此本比较无法说明应如何回应危机本身；所示"
                          "结果应理解为那些先前回应的效果。"),
    "flight_worse": ("^{strategy} loses trust but cuts losses ({outcomes}): in this model "
                    "users who trust a platform less take their money out sooner, before it "
                    "fails or its operator absconds, so the losses avoided most likely come "
                    "from users fleeing, not from the response protecting them; that is no "
                    "reason to choose it.",
                    "{strategy}使信任下降，却减少了损失（{outcomes}）：在本模型中，对平台信任"
                    "较低的用户会更早取出资金，赶在平台倒闭或经营者卷款潜逃之前，因此减少的损失"
                    "很可能来自用户出逃，而非该应对对用户的保护；这不能成为选择它的理由。"),
    "flight_worse_many": ("^{strategy} lose trust but cut losses ({outcomes}): in this model "
                     "users who trust a platform less take their money out sooner, before it "
                     "fails or its operator absconds, so the losses avoided most likely come "
                     "from users fleeing, not from the responses protecting them; that is no "
                     "reason to choose them.",
                     "{strategy}使信任下降，却减少了损失（{outcomes}）：在本模型中，对平台信任"
                     "较低的用户会更早取出资金，赶在平台倒闭或经营者卷款潜逃之前，因此减少的损失"
                     "很可能来自用户出逃，而非这些应对对用户的保护；这不能成为选择它们的理由。"),
    "flight_level": ("^{strategy} does no better on {outcome} but cuts losses ({outcomes}), "
                     "with no compensation paid here in the median run: in this model users "
                     "who trust a platform less take their money out sooner, before it "
                     "fails or its operator "
                     "absconds, so the losses avoided most likely come from users fleeing "
                     "for a while (a denial found out, say), not from the response "
                     "protecting them; that is no reason to choose it.",
                     "{strategy}在{outcome}上并不更好，且在本情景的中位运行中未支付赔偿，却减少了损失（{outcomes}）："
                     "在本模型中，对平台信任较低的用户会更早取出资金，赶在平台倒闭或经营者卷款"
                     "潜逃之前，因此减少的损失很可能来自用户一度出逃（例如否认被揭穿之后），而非"
                     "该应对对用户的保护；这不能成为选择它的理由。"),
    "flight_level_many": ("^{strategy} do no better on {outcome} but cut losses ({outcomes}), "
                          "with no compensation paid here in the median run: in this model "
                          "users who trust a platform less take their money out sooner, "
                          "before it fails or its "
                          "operator absconds, so the losses avoided most likely come from "
                          "users fleeing for a while (a denial found out, say), not from the "
                          "responses protecting them; that is no reason to choose them.",
                          "{strategy}在{outcome}上并不更好，且在本情景的中位运行中未支付赔偿，却减少了损失"
                          "（{outcomes}）：在本模型中，对平台信任较低的用户会更早取出资金，赶在"
                          "平台倒闭或经营者卷款潜逃之前，因此减少的损失很可能来自用户一度出逃"
                          "（例如否认被揭穿之后），而非这些应对对用户的保护；这不能成为选择它们"
                          "的理由。"),
    "stay_line": ("^{strategy} may add losses, with no compensation paid here in the median "
                  "run: in this model users "
                  "who trust a platform more keep their money in it longer, so where it "
                  "later fails or its operator absconds, a response that holds their trust "
                  "holds their money there too; the losses added most likely come from "
                  "users staying, not from the response taking money, and are no reason to "
                  "mislead them.",
                  "{strategy}在本情景的中位运行中未支付赔偿，却可能增加损失：在本模型中，对平台信任较高的用户会把资金"
                  "留在平台更久，因此当平台后来倒闭或经营者卷款潜逃时，维持住用户信任的应对也把"
                  "他们的资金留在了那里；增加的损失很可能来自用户留下，而非该应对本身耗费资金，"
                  "这也不是误导用户的理由。"),
    "stay_lines": ("^{strategy} may add losses, with no compensation paid here in the median "
                   "run: in this model users "
                   "who trust a platform more keep their money in it longer, so where it "
                   "later fails or its operator absconds, a response that holds their trust "
                   "holds their money there too; the losses added most likely come from "
                   "users staying, not from the responses taking money, and are no reason "
                   "to mislead them.",
                   "{strategy}在本情景的中位运行中未支付赔偿，却可能增加损失：在本模型中，对平台信任较高的用户会把"
                   "资金留在平台更久，因此当平台后来倒闭或经营者卷款潜逃时，维持住用户信任的应对"
                   "也把他们的资金留在了那里；增加的损失很可能来自用户留下，而非这些应对本身耗费"
                   "资金，这也不是误导用户的理由。"),
}
