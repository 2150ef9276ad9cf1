"""The decision page's answers at a glance (trustsim.experiments.answers)."""

from __future__ import annotations

import pandas as pd

from trustsim.experiments.answers import answer_rows, answers_html
from trustsim.experiments.compare import compare
from trustsim.experiments.decision import decide


def _rows(spec: dict[str, tuple[float, float, float]], scenario: str = "s") -> list[dict]:
    """20 paired runs per strategy: (final trust, losses if wound up, spending)."""
    out = []
    for st, (trust, wound, spend) in spec.items():
        for rep in range(20):
            out.append({"scenario": scenario, "strategy": st, "design_point": 0,
                        "replication": rep, "seed": rep, "final_trust": trust + 0.001 * rep,
                        "user_losses": 0.0, "platform_spending": spend,
                        "losses_if_wound_up": wound * 1000 + (rep if st == "do_nothing"
                                                              else 2 * rep)})
    return out


def test_each_scenario_has_its_answer_in_one_row() -> None:
    """Policy trial: staff could not find the answer without reading every section. One
    row per scenario: the recommendation, its effect and extra cost, the cheaper option,
    the strategies held back; and where nothing is recommended, why."""
    rows = (_rows({"do_nothing": (0.4, 10.0, 0.0), "dear": (0.6, 10.0, 3000.0),
                   "cheap": (0.5, 10.0, 0.0)}, "a")
            + _rows({"do_nothing": (0.4, 10.0, 0.0), "loud": (0.6, 13.0, 0.0)}, "b")
            + _rows({"do_nothing": (0.4, 10.0, 0.0), "flat": (0.4, 10.0, 0.0)}, "c"))
    tab = compare(pd.DataFrame(rows), n_boot=300)
    decisions = decide(tab)
    got = {r[0]: r for r in answer_rows(decisions)}
    a, b, c = got["a"], got["b"], got["c"]
    assert a[1] == "dear" and a[2].startswith("+0.200 (") and a[3].startswith("3,000 thousand")
    assert a[4].startswith("cheap: +0.100 (") and a[5] == "-"
    assert b[1] == "none: the one that helps most, loud, is held back"
    assert b[2:5] == ("-", "-", "-") and b[5] == "loud"
    assert c[1] == "none: none is shown to help by what matters" and c[5] == "-"
    # a strategy that adds losses is named there though no candidate (policy trial: "-"
    # where responses added losses)
    rows += _rows({"do_nothing": (0.4, 10.0, 0.0), "risky": (0.4, 13.0, 0.0)}, "d")
    d = {r[0]: r for r in answer_rows(decide(compare(pd.DataFrame(rows), n_boot=300)))}["d"]
    assert d[1] == "none: none is shown to help by what matters" and d[5] == "risky"
    zh = {r[0]: r for r in answer_rows(decisions, "zh")}
    assert zh["b"][1] == "无：改善最大的loud暂不推荐" and zh["a"][2].endswith("）")
    assert zh["a"][3] == "300.0 万元"  # money in 万元, as every Chinese table
    html = answers_html(decisions)
    assert html.startswith("<h3 id=answers>The answers at a glance</h3><table>")
    assert html.count("<tr>") == 4 and "effect on final_trust (95 % CI)" in html
    assert "结论一览" in answers_html(decisions, "zh") and answers_html([]) == ""


def test_the_answers_come_first_on_the_decision_page(smoke_reports) -> None:
    """The table sits before the first scenario's section, in both languages."""
    paths, _ = smoke_reports
    for lang in ("en", "zh"):
        text = paths[lang].read_text(encoding="utf-8")
        assert "id=answers" in text
        assert text.index("id=answers") < text.index("<section class=decision>")


def test_the_page_says_who_pays() -> None:
    """Policy trial: a minister asks who bears the cost. The cost section gives the medians
    of the parts the experiment kept (platforms, compensation within it, the fund)."""
    from trustsim.experiments.decision import decision_text

    rows = _rows({"do_nothing": (0.4, 10.0, 0.0), "dear": (0.6, 10.0, 3000.0)}, "a")
    for r in rows:
        r["compensation_paid"] = 500.0 if r["strategy"] == "dear" else 0.0
        r["protection_paid"] = 0.0
    dec = decide(compare(pd.DataFrame(rows), n_boot=300))[0]
    said = [t for t in decision_text(dec)["cost"] if t.startswith("Who pays")]
    assert said == ["Who pays (medians over runs, each on its own): the platforms spend "
                    "3,000 thousand CNY (3 million CNY); of which compensation to users 500.0 "
                    "thousand CNY; the protection fund repays 0 CNY."]
    zh = [t for t in decision_text(dec, "zh")["cost"] if t.startswith("由谁承担")]
    assert zh and "平台支出 300.0 万元" in zh[0] and "其中向用户支付的赔偿 50.0 万元" in zh[0]
    # parts not kept are not named; none kept, no line
    bare = decide(compare(pd.DataFrame(_rows({"do_nothing": (0.4, 10.0, 0.0),
                                              "dear": (0.6, 10.0, 0.0)})).drop(
        columns="platform_spending"), n_boot=300))[0]
    assert not any(t.startswith("Who pays") for t in decision_text(bare)["cost"])


def test_a_free_clear_gain_says_it_costs_nothing_that_matters() -> None:
    """Policy trial: the effect-per-cost cell of the near-free option was blank, which made
    a dear option look the most cost-effective."""
    from trustsim.experiments.report import _html_table

    tab = compare(pd.DataFrame(_rows({"do_nothing": (0.4, 10.0, 0.0),
                                      "cheap": (0.5, 10.0, 5.0),
                                      "dear": (0.6, 10.0, 3000.0)})), n_boot=300)
    rows = {r.split("</td>")[1].split(">")[-1]: r for r in
            _html_table(tab, "final_trust", "en").split("<tr")[2:]}
    assert "no extra cost that matters" in rows["cheap"]
    assert "no extra cost" not in rows["dear"] and "no extra cost" not in rows["do_nothing"]
    assert "无值得关注的额外成本" in _html_table(tab, "final_trust", "zh")
