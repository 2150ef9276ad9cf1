"""The message catalogue and display names: both languages for every message, with the
same placeholders; Chinese names for every bundled strategy and scenario and every outcome
the comparison ranks; numbers formatted identically in both languages."""

from __future__ import annotations

import re
import string

import pytest

from trustsim import i18n
from trustsim.experiments.amounts import money
from trustsim.experiments.spec import bundled_experiments
from trustsim.i18n.messages import MESSAGES
from trustsim.outcomes import OUTCOMES
from trustsim.scenario import ScenarioError, bundled_scenarios
from trustsim.strategies import strategies


def fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


#: Placeholders a Chinese message leaves out on purpose: the recommendation's effect phrase
#: already names the outcome in Chinese ("比常规应对减少总损失……"), and "在总损失上，它比常规应对
#: 减少总损失" read twice (policy review).
ZH_DROPS = {"recommend": {"outcome"}}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_both_languages_with_the_same_placeholders(key: str) -> None:
    en, zh = MESSAGES[key]
    assert en.strip() and zh.strip()
    assert fields(en) - ZH_DROPS.get(key, set()) == fields(zh), key
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in en), key  # no Chinese in English


def test_names_of_bundled_things_in_both_languages() -> None:
    for name in strategies():
        assert i18n.strategy(name, "zh") != name, name
        # English reads words, not code (policy trial): no underscore, one name each
        assert "_" not in i18n.strategy(name, "en") != name, name
    assert len({i18n.strategy(n) for n in strategies()}) == len(strategies())
    for name in bundled_scenarios():
        assert i18n.scenario(name, "zh") != name, name
        assert "_" not in i18n.scenario(name, "en") != name, name
    assert len({i18n.scenario(n) for n in bundled_scenarios()}) == len(bundled_scenarios())
    assert i18n.scenario("my_own") == i18n.scenario("my_own", "zh") == "my_own"
    for o in OUTCOMES.values():
        assert o.zh, o.name  # summaries and pattern measures alike (calibration reports)
        assert i18n.outcome(o.name, "zh") == o.zh != o.name
        assert i18n.outcome(o.name) == o.en and "_" not in o.en, o.name
    for lang in ("en", "zh"):
        assert len({i18n.outcome(n, lang) for n in OUTCOMES}) == len(OUTCOMES), lang
        if o.direction:
            assert fields(o.zh_better) == fields(o.better) == fields(o.zh_worse), o.name
    # unknown names fall back to the identifier
    assert i18n.strategy("my_custom", "zh") == i18n.strategy("my_custom") == "my_custom"
    assert i18n.outcome("not_registered") == "not_registered"
    assert "compare_strategies" in bundled_experiments()


def test_labels_and_money_keep_the_numbers() -> None:
    assert i18n.axis_label("final_trust") == "trust at the end (0-1)"
    assert i18n.axis_label("user_losses", "zh") == "投资者损失（万元）"
    assert i18n.axis_label("aum", "zh") == "在管资金（万元）"
    # labelled 万元, shown a tenth of the figure (thousand CNY): money only, Chinese only
    assert [i18n.money_factor(n, "zh") for n in ("user_losses", "aum", "cost", "final_trust",
                                                  "time_to_recover", "runs")] == [
        0.1, 0.1, 0.1, 1.0, 1.0, 1.0]
    assert {i18n.money_factor(n) for n in ("user_losses", "aum", "cost")} == {1.0}
    assert i18n.axis_label("mean_trust", "zh") == "平均信任度（0–1）"
    for x in (0.0, 12.5, 427.7, 2630.0, 123456.0):
        en, zh = money(x), money(x, "zh")
        # the same sum: thousand CNY in English; 万元 (a tenth of the figure) in Chinese,
        # 元 under one 万元
        fig = float(zh.split(" ")[0].replace(",", ""))
        scale = 0.1 if zh.endswith("万元") else 1000.0
        assert fig == pytest.approx(float(en.split(" ")[0].replace(",", "")) * scale, rel=0.01)
        assert zh.endswith("万元") == (x >= 10)
    assert money(0.0) == "0 CNY" and money(0.0, "zh") == "0 元"
    with pytest.raises(ScenarioError, match="--lang"):
        i18n.check_lang("fr")


def test_chinese_spacing_after_units_and_numbers() -> None:
    """"±0.01之内" lacked its space after a number (policy trial), and "±10 万元 之内",
    "±0.5 家 之内" had one after a unit (language review): a number keeps its space before
    之内 or 的, a Chinese unit none; English is left alone."""
    assert i18n.tr("too_small", "zh", m="0.01").endswith("±0.01 之内）")
    for unit in ("10 万元", "0.5 家", "10 个百分点"):
        assert i18n.tr("too_small", "zh", m=unit).endswith(f"±{unit}之内）")
    assert i18n.tr("band", "zh", lo="1 万元", hi="2 万元").startswith("80% 的运行")
    assert i18n.tr("too_small", "en", m="10 thousand CNY").endswith("10 thousand CNY)")


def test_a_sentence_that_starts_with_a_name_in_words_starts_with_a_capital() -> None:
    # "^" marks the English sentences that open with a name (cost_of, change_line)
    assert i18n.tr("cost_of", "en", strategy=i18n.strategy("full_rebuild"), cost="5") \
        .startswith("Full rebuild costs 5")
    assert i18n.tr("change_line", "en", outcome=i18n.outcome("user_losses"), effect="x") \
        == "Users' losses: it x."
    # an identifier keeps how it is written; Chinese has no capitals; an unmarked
    # message (a phrase inside a sentence) is left as it is
    assert i18n.tr("cost_of", "en", strategy="guarantee_50", cost="5").startswith(
        "guarantee_50 costs 5")
    assert i18n.tr("cost_of", "zh", strategy="guarantee_50", cost="5").startswith(
        "guarantee_50的成本")
    assert i18n.tr("held_item", "en", strategy="full rebuild", effect="adds") == \
        "full rebuild (it adds)"
    for key, (en, zh) in MESSAGES.items():
        assert not zh.startswith("^"), key
        if en.startswith("^"):  # only where a name opens the sentence
            assert re.match(r"\^\s*\{(strategy|outcome)\}", en), key
