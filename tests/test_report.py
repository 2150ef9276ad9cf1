"""The HTML report: one self-contained file (no network) that opens with the decision page,
the tables whose numbers match the comparison, every figure embedded, provenance; the
same report in Simplified Chinese with the same numbers; left as it is (provenance time
included) when nothing changed."""

from __future__ import annotations

import base64
import html
import re
import shutil
import typing
from html.parser import HTMLParser
from pathlib import Path

import pytest

import trustsim
from trustsim import cli, i18n
from trustsim import outcomes as registry
from trustsim.experiments.amounts import money
from trustsim.experiments.compare import findings
from trustsim.experiments.decision import decide
from trustsim.textfmt import decimals_for, fixed, nums

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class Collector(HTMLParser):
    """Collects tags, the src/href attributes, the text and the tables of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.imgs: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []
        self.h2: list[str] = []
        self.tables: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._in.append(tag)
        if tag == "h2":
            self.h2.append("")
        for k, v in attrs:
            if k in ("src", "href") and v:
                self.refs.append(v)
                if tag == "img":
                    self.imgs.append(v)

    def handle_endtag(self, tag):
        if tag in self._in:
            del self._in[len(self._in) - 1 - self._in[::-1].index(tag):]

    def handle_data(self, data):
        self.text.append(data)
        if "h2" in self._in:
            self.h2[-1] += data
        if "table" in self._in:
            self.tables.append(data)


def parse(path: Path) -> tuple[str, Collector]:
    text = path.read_text(encoding="utf-8")
    page = Collector()
    page.feed(text)
    page.close()
    return text, page


def numbers(texts: list[str]) -> list[str]:
    return sorted(re.findall(r"-?\d[\d,]*(?:\.\d+)?(?:e-?\d+)?", " ".join(texts)))


@pytest.fixture(scope="module")
def reports(smoke_reports) -> dict[str, tuple[str, Collector]]:
    """The smoke sweep's reports (conftest's ``smoke_reports``: compare with n_boot=300,
    then ``trustsim.report`` in each language), parsed; ``table`` is the comparison."""
    paths, table = smoke_reports
    pages = {lang: parse(paths[lang]) for lang in ("en", "zh")}
    pages["table"] = table
    return pages


def test_report_is_self_contained_and_matches_the_table(smoke: Path, reports) -> None:
    res = trustsim.load_results(smoke)
    table = reports["table"]
    text, page = reports["en"]
    assert page.tags[0] == "html" and "body" in page.tags
    # nothing fetched from anywhere: every src/href is embedded data or a local anchor
    assert not [r for r in page.refs if r.startswith(("http://", "https://", "//"))]
    assert "<script" not in text and "<link" not in text and "@import" not in text
    assert all(r.startswith("data:image/png;base64,") for r in page.imgs)
    for src in page.imgs:
        assert base64.b64decode(src.split(",", 1)[1])[:8] == PNG_MAGIC
    # per scenario a cost figure and 3 trust-like envelopes; forest + heat map x 3 outcomes
    assert len(page.imgs) >= 2 + 2 * 3 + 6
    body = " ".join("".join(page.text).split())
    for sentence in findings(table):
        assert sentence in body
    # the table's numbers appear as printed in the tables
    r = table[(table.scenario == "data_leak") & (table.outcome == "final_trust")
              & ~table.is_baseline].iloc[0]
    _, lo, hi = nums(r.diff_median, r.ci_low, r.ci_high)  # an interval at one precision
    assert f"{lo} to {hi}" in body
    assert f"{r.n_better} of {r.n_pairs}" in body
    # experiment file, method notes, provenance
    assert "name: smoke" in body and "Paired design" in body and "Bootstrap" in body
    assert "Recommendation." in body and "dip test" in body and "Horizon." in body
    assert trustsim.__version__ in body and str(res.manifest["seed"]) in body
    assert str(res.runs["seed"].iloc[0]) in body
    prov_git = res.manifest["provenance"].get("git")
    if prov_git:
        assert prov_git in body
    # six replications: every comparison warns that it rests on few pairs
    assert "rest on fewer than 10 paired runs" in body


def test_the_decision_page_comes_first_and_names_choice_cost_and_effect(reports) -> None:
    table = reports["table"]
    text, page = reports["en"]
    assert page.h2[0] == "Decision page: what to do in each scenario"
    decision = text[text.index("id=decision"):text.index("<h2>Summary")]
    assert decision.count("<section class=decision>") == 2
    flat = " ".join(re.sub(r"<[^>]+>", " ", decision).split())
    decisions = decide(table)
    # the smoke sweep has pairs enough for a verdict: both kinds of page are checked
    assert any(d.recommended is not None for d in decisions)
    for dec in decisions:
        assert i18n.scenario(dec.scenario) in flat
        r = dec.recommended
        if r is None:
            assert "No strategy is clearly better than no response" in flat
            continue
        assert f"Recommended: {i18n.strategy(r.strategy)}." in flat
        # its cost in CNY ("costs nothing" when it costs nothing in every run)
        assert (money(r.cost_median) in flat) if r.cost_p90 or r.cost_p10 or r.cost_median \
            else f"{r.strategy} costs nothing," in flat
        # at the outcome's one precision, as its tables
        _, lo, hi = fixed(r.diff_median, r.ci_low, r.ci_high,
                          decimals=registry.places(r.outcome))
        assert f"(95% CI {lo} to {hi})" in flat
        assert f"better in {r.n_better} of {r.n_pairs} paired runs" in flat
    assert "What it does not change" in flat or "Caveats" in flat


def test_the_chinese_report_is_chinese_with_the_same_numbers(reports) -> None:
    en_text, en = reports["en"]
    zh_text, zh = reports["zh"]
    assert "<html lang=zh-Hans>" in zh_text
    # the warnings after the answers (trial: six dense paragraphs came first)
    assert zh.h2[:6] == ["决策页：各情景应对建议", "比较的警示", "摘要", "模拟的情景", "比较表",
                         "图表"]
    assert "决策页之后列出了关于这些比较的" in zh_text.split("<h2 id=decision>")[0]
    for heading in ("方法说明", "名称对照表", "实验文件", "来源信息"):
        assert heading in zh.h2
    body = "".join(zh.text)
    # the experiment's own line too (description_zh in the experiment file)
    assert "两个情景 × 两个策略 × 六次重复" in body
    assert "Two scenarios × two strategies" in "".join(en.text)
    # (the English line stays only in the experiment file the report reprints)
    assert "Two scenarios × two strategies" not in _before(zh_text, "<h2>方法说明")
    for word in ("数据泄露", "谣言引发的挤兑", "及时如实披露", "不作回应", "期末信任度",
                 "配对运行", "95% 置信区间"):
        assert word in body
    # none of the English headings, labels or sentences is left
    for english in ("Decision page", "Recommended", "What it costs", "better in",
                    "Comparison tables", "paired runs", "Method", "verdict"):
        assert english not in body
    # the tables carry the same numbers, money in 万元: a tenth (a policy trial read 千元
    # tables beside 万元 sentences); every money cell, and only those
    en_tabs = _cells(_before(en_text, "<h2>Method"))
    zh_tabs = _cells(_before(zh_text, "<h2>方法说明"))
    assert len(en_tabs) == len(zh_tabs) and en_tabs
    scaled = 0
    for (heading, head, rows), (_, zh_head, zh_rows) in zip(en_tabs, zh_tabs, strict=True):
        assert len(head) == len(zh_head) and len(rows) == len(zh_rows), heading
        if heading == "The answers at a glance":  # each sum with its unit in the cell
            for row, zh_row in zip(rows, zh_rows, strict=True):
                for cell, zh_cell in zip(row, zh_row, strict=True):
                    a = re.findall(r"(-?\d+(?:,\d{3})*(?:\.\d+)?)( thousand CNY)?", cell)
                    b = re.findall(r"(-?\d+(?:,\d{3})*(?:\.\d+)?)( 万元)?", zh_cell)
                    assert [bool(u) for _, u in a] == [bool(u) for _, u in b], (cell, zh_cell)
                    for (x, u), (y, _) in zip(a, b, strict=True):
                        k = 10.0 if u else 1.0
                        assert abs(_val(y) * k - _val(x)) <= _ulp(x) / 2 + k * _ulp(y) / 2, (
                            cell, zh_cell)
            continue
        of_money = "thousand CNY" in heading.replace("cost in thousand CNY", "")
        money = [("thousand CNY" in h or (of_money and h in _MONEY_COLUMNS)) for h in head]
        for row, zh_row in zip(rows, zh_rows, strict=True):
            for cell, zh_cell, is_money in zip(row, zh_row, money, strict=True):
                a, b = _nums(cell), _nums(zh_cell)
                assert len(a) == len(b), (heading, cell, zh_cell)
                if not is_money:  # ("k of n" is "n 次中 k 次")
                    assert sorted(a) == sorted(b), (heading, cell, zh_cell)
                    continue
                for x, y in zip(a, b, strict=True):  # each as printed: its own rounding
                    assert abs(_val(y) * 10 - _val(x)) <= _ulp(x) / 2 + 10 * _ulp(y) / 2, (
                        heading, cell, zh_cell)
                    scaled += _val(x) != 0
    assert scaled >= 5  # (the smoke sweep has money outcomes and costs)
    assert "千元" not in zh_text


def test_an_outcome_prints_at_one_precision_in_its_tables(reports) -> None:
    """Policy trial: "-0.0199", "0.003" and "0.00540" in one column of final_trust. Every
    figure of an outcome in a table has the places of a tenth of its smallest effect that
    matters (three for trust, none for money)."""
    text, _ = reports["en"]
    seen = 0
    for heading, head, rows in _cells(_before(text, "<h2>Method")):
        # (the heading names the outcome in words, then its column in the data)
        outcome = (re.findall(r"in the data: (\w+)", heading) or [""])[0]
        o = registry.OUTCOMES.get(outcome)
        if o is None or not o.direction or "All strategies" in heading:
            continue
        places = 0 if o.unit == "thousand CNY" else decimals_for(registry.min_effect(outcome))
        cols = [k for k, h in enumerate(head) if h in _MONEY_COLUMNS[:4]]
        for row in rows:
            for k in cols:
                for x in _nums(row[k]):
                    shown = len(x.split(".")[1]) if "." in x else 0
                    assert shown == places, (heading, row[k])
                    seen += 1
    assert seen > 50


#: Columns of a comparison table in the outcome's own unit (money for a money outcome).
_MONEY_COLUMNS = ("median", "10-90 % band", "effect vs baseline", "95 % CI",
                  "effect per million CNY of extra cost (outcome units)")


def _cells(html_text: str) -> list[tuple[str, list[str], list[list[str]]]]:
    """Every table: the heading just before it (h3/h4 text), its header cells, its rows."""
    out = []
    for m in re.finditer(r"<table>(.*?)</table>", html_text, flags=re.S):
        before = html_text[:m.start()]
        h = re.findall(r"<h[34][^>]*>(.*?)</h[34]>", before, flags=re.S)
        heading = re.sub(r"<[^>]+>", "", h[-1]) if h else ""
        rows = re.findall(r"<tr[^>]*>(.*?)</tr>", m.group(1), flags=re.S)
        text = [[re.sub(r"<[^>]+>", "", c) for c in re.findall(
            r"<t[hd][^>]*>(.*?)</t[hd]>", r, flags=re.S)] for r in rows]
        out.append((heading, text[0], text[1:]))
    return out


def _nums(cell: str) -> list[str]:
    return re.findall(r"-?\d+(?:,\d{3})*(?:\.\d+)?", cell)


def _val(x: str) -> float:
    return float(x.replace(",", ""))


def _ulp(x: str) -> float:
    """The place of a printed number's last digit (0.01 for "0.04", 1 for "2,157")."""
    return 10.0 ** -len(x.split(".")[1]) if "." in x else 1.0


def _before(text: str, marker: str) -> str:
    return text[:text.index(marker)]


def _tables(html_text: str) -> list[list[str]]:
    """The numbers in the cells (not the headers) of every table, table by table."""
    return [numbers([re.sub(r"<[^>]+>", " ", re.sub(r"<th[^>]*>.*?</th>", " ", t))])
            for t in re.findall(r"<table>.*?</table>", html_text, flags=re.S)]


def test_cli_report_and_compare_report(smoke: Path, tmp_path: Path, capsys) -> None:
    assert cli.main(["report", str(smoke), "--n-boot", "100"]) == 0
    assert (smoke / "report.html").exists()
    captured = capsys.readouterr()
    assert "wrote" in captured.out and "fewer than 10 paired runs" in captured.err
    out = tmp_path / "mine.html"
    assert cli.main(["report", str(smoke), "--out", str(out), "--baseline",
                     "timely_truthful_disclosure", "--n-boot", "100", "--quiet",
                     "--outcomes", "final_trust", "platform_spending"]) == 0
    text, page = parse(out)
    assert "baseline: timely truthful disclosure." in " ".join(page.text)
    assert cli.main(["report", str(smoke), "--lang", "zh", "--n-boot", "100",
                     "--quiet"]) == 0
    assert "决策页" in (smoke / "report_zh.html").read_text(encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["report", str(smoke), "--lang", "zh", "--n-boot", "100"]) == 0
    captured = capsys.readouterr()
    assert "report_zh.html left as it was" in captured.out
    # the Chinese report's warnings on stderr are in Chinese too (policy review)
    assert "警告：" in captured.err and "warning:" not in captured.err
    assert cli.main(["report", str(tmp_path / "nothing")]) == 2
    assert "error:" in capsys.readouterr().err
    assert cli.main(["report", str(smoke), "--lang", "fr"]) == 2
    err = capsys.readouterr().err
    assert "--lang" in err and "fr" in err and "zh" in err and "Traceback" not in err


def test_a_report_follows_the_baseline_of_the_saved_comparison(smoke: Path, tmp_path: Path,
                                                               capsys) -> None:
    """``compare --baseline X`` then ``report`` left a folder whose tables and figures read
    X and whose report read the default (policy trial): the report now takes the saved
    comparison's baseline and says so; ``--baseline`` still chooses; a saved baseline the
    results no longer hold falls back to the default."""
    import pandas as pd

    from trustsim.experiments import compare as compare_module

    folder = tmp_path / "copy"
    shutil.copytree(smoke, folder)
    # a plain compare, then report: the saved table is read, not made again (review: the
    # saved default baseline, passed on, changed the cache key)
    assert cli.main(["compare", str(folder), "--n-boot", "100", "--quiet"]) == 0
    made = []
    real = compare_module.compare
    compare_module.compare = lambda *a, **k: made.append(k) or real(*a, **k)
    try:
        assert cli.main(["report", str(folder), "--n-boot", "100", "--quiet"]) == 0
    finally:
        compare_module.compare = real
    assert made == [] and "note: baseline" not in capsys.readouterr().err
    other = "timely_truthful_disclosure"
    assert cli.main(["compare", str(folder), "--baseline", other, "--n-boot", "100",
                     "--quiet"]) == 0
    capsys.readouterr()
    assert cli.main(["report", str(folder), "--n-boot", "100"]) == 0
    assert f"note: baseline {other}, as the comparison in compare/" in capsys.readouterr().err
    _, page = parse(folder / "report.html")
    assert f"baseline: {i18n.strategy(other)}." in " ".join(page.text)
    assert cli.main(["report", str(folder), "--n-boot", "100", "--baseline", "do_nothing",
                     "--quiet"]) == 0
    _, page = parse(folder / "report.html")
    assert "baseline: no response." in " ".join(page.text)
    table = pd.read_parquet(folder / "compare" / "compare.parquet")
    table.assign(baseline="gone").to_parquet(folder / "compare" / "compare.parquet")
    assert cli.main(["report", str(folder), "--n-boot", "100"]) == 0
    assert "note: baseline" not in capsys.readouterr().err
    _, page = parse(folder / "report.html")
    assert "baseline: no response." in " ".join(page.text)


def test_a_report_into_a_folder_or_through_a_file(smoke: Path, tmp_path: Path,
                                                 capsys) -> None:
    """`--out` naming a folder writes report.html in it (it named a temporary file in an
    error); a path through a file is refused before any work, naming the file (it read
    "File exists"). Both for `report --out` and `compare --report`."""
    into = tmp_path / "reports"
    into.mkdir()
    assert cli.main(["report", str(smoke), "--out", str(into), "--n-boot", "100",
                     "--quiet"]) == 0
    assert (into / "report.html").is_file()
    blocker = tmp_path / "afile"
    blocker.write_text("mine")
    capsys.readouterr()
    assert cli.main(["report", str(smoke), "--out", str(blocker / "x.html"),
                     "--n-boot", "100"]) == 2
    err = capsys.readouterr().err
    assert f"{blocker} is a file, not a folder" in err and ".tmp" not in err
    assert cli.main(["compare", str(smoke), "--report", str(blocker / "x.html"),
                     "--n-boot", "100", "--quiet"]) == 2
    assert blocker.read_text() == "mine"


def test_a_second_run_with_nothing_new_rewrites_nothing(smoke: Path, tmp_path: Path,
                                                        capsys, monkeypatch) -> None:
    folder = tmp_path / "res"
    shutil.copytree(smoke, folder, ignore=shutil.ignore_patterns("compare", "report*"))
    argv = ["compare", str(folder), "--report", str(folder / "report.html"),
            "--n-boot", "100"]
    assert cli.main(argv) == 0
    first = capsys.readouterr().out
    files = sorted((folder / "compare").iterdir())
    stamps = {p: p.stat().st_mtime_ns for p in files}
    html_before = (folder / "report.html").read_text(encoding="utf-8")
    # the second run must not compare, draw or render again
    import trustsim.experiments.compare as comparison
    import trustsim.viz.plots as plots

    def boom(*a, **k):
        raise AssertionError("recomputed")

    monkeypatch.setattr(comparison, "compare", boom)
    monkeypatch.setattr(plots, "comparison_figures", boom)
    assert cli.main(argv) == 0
    second = capsys.readouterr().out
    assert "nothing changed since the last comparison" in second
    assert second.split("\n\nbest")[0] == first.split("\n\nbest")[0]  # same table printed
    assert {p: p.stat().st_mtime_ns for p in files} == stamps
    assert (folder / "report.html").read_text(encoding="utf-8") == html_before
    monkeypatch.undo()
    # a changed input (here: a different bootstrap) does the work again
    assert cli.main([*argv[:-1], "200"]) == 0
    assert "wrote" in capsys.readouterr().out
    assert (folder / "report.html").read_text(encoding="utf-8") != html_before


def test_outcomes_asked_for_after_a_comparison_are_read_from_it_not_written_over_it(
        smoke: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    """The table's hint says "print them with --outcomes": doing so must not put those
    outcomes alone in place of the whole comparison on disk (until 2026-12-06 it replaced
    compare.csv and dropped the headline's figures). Outcomes the comparison lacks are
    compared anew and written, as any new comparison."""
    folder = tmp_path / "res"
    shutil.copytree(smoke, folder, ignore=shutil.ignore_patterns("compare", "report*"))
    assert cli.main(["compare", str(folder), "--n-boot", "100"]) == 0
    full_out = capsys.readouterr().out
    hint = next(ln for ln in full_out.splitlines() if "print them with --outcomes" in ln)
    hidden = hint.split("--outcomes: ")[1].rstrip(")").split(", ")
    files = sorted((folder / "compare").iterdir())
    stamps = {p: p.stat().st_mtime_ns for p in files}
    csv_before = (folder / "compare" / "compare.csv").read_text(encoding="utf-8")
    import trustsim.experiments.compare as comparison

    def boom(*a, **k):
        raise AssertionError("compared again")

    monkeypatch.setattr(comparison, "compare", boom)
    for extra in ([], ["--svg"]):
        assert cli.main(["compare", str(folder), "--n-boot", "100", "--outcomes",
                         ",".join(hidden[:2]), *extra]) == 0
        out = capsys.readouterr().out
        table = out.split("\n\nbest")[0]
        assert all(o in table for o in hidden[:2])
        assert "final_trust" not in table  # only what was asked for is printed
        assert "nothing changed since the last comparison" in out
    assert sorted((folder / "compare").iterdir()) == files
    assert {p: p.stat().st_mtime_ns for p in files} == stamps
    assert (folder / "compare" / "compare.csv").read_text(encoding="utf-8") == csv_before
    monkeypatch.undo()
    # another bootstrap is another comparison: done and written, as before
    assert cli.main(["compare", str(folder), "--n-boot", "200", "--outcomes",
                     hidden[0]]) == 0
    assert "wrote" in capsys.readouterr().out


def test_help_has_examples(capsys) -> None:
    for command in ("compare", "report"):
        with pytest.raises(SystemExit):
            cli.main([command, "--help"])
        assert f"examples:\n  trustsim {command} results/" in capsys.readouterr().out


def test_an_effect_and_its_interval_share_one_precision():
    """A policy reader sees 0.008 to 0.024, not 0.00813 to 0.02 -- in both directions of
    better, in English and Chinese; money keeps its own format."""
    from trustsim.experiments.wording import effect_phrase

    assert nums(0.0205, 0.00813, 0.024) == ["0.021", "0.008", "0.024"]
    assert nums(0.13, 0.07, 0.19) == ["0.13", "0.07", "0.19"]
    assert nums(-0.0004, -0.0009, 0.0) == ["-0.0004", "-0.0009", "0.0000"]
    assert nums(2276.0, 0.5, float("nan")) == ["2,276", "0.50", "n/a"]
    up = effect_phrase("final_trust", 0.0205, 0.00813, 0.024, "do_nothing")
    assert up == "keeps 0.021 more trust than do_nothing (95% CI 0.008 to 0.024)"
    down = effect_phrase("peak_withdrawal_share", -0.0205, -0.024, -0.00813, "do_nothing")
    assert down.startswith("cuts the worst day") and down.endswith("(95% CI 0.008 to 0.024)")
    zh = effect_phrase("peak_withdrawal_share", -0.0205, -0.024, -0.00813, "do_nothing", "zh")
    assert zh.endswith("（95% 置信区间 0.008 至 0.024）")
    # money to a thousand CNY, as the tables
    assert effect_phrase("user_losses", -500.0, -900.0, -100.0, "do_nothing").endswith(
        "(95% CI 100 to 900)")


def test_each_figure_has_its_own_caption(reports) -> None:
    """Every envelope figure carried the trust caption ("Headline trust is the mean trust
    of every user..."), money and runs included (policy review): only trust envelopes say
    what the headline trust is; the others say their unit is on the axis and the money is
    the simulated world's. Both languages."""
    for lang, trust_words, money_words in (
            ("en", "Headline trust is", "money is that of the simulated world"),
            ("zh", "核心信任度是", "金额为模拟世界中的数值")):
        text, _ = reports[lang]
        figures = re.findall(r"<figure><img alt='([^']+)'.*?<figcaption>(.*?)</figcaption>",
                             text, flags=re.S)  # (alt: the figure's title in words)
        band = "band over replications" if lang == "en" else "跨运行的中位数"
        figures = [(name, c) for name, c in figures if band in html.unescape(name)]
        words = {"en": ("headline trust", "AUM", "runs so far"),
                 "zh": ("核心信任度", "在管资金", "累计挤兑人次")}[lang]
        trust = [c for name, c in figures if words[0] in html.unescape(name)]
        other = [c for name, c in figures if words[1] in html.unescape(name)]
        runs = [c for name, c in figures if words[2] in html.unescape(name)]
        assert trust and other and runs
        assert all(trust_words in c and money_words not in c for c in trust)
        assert all(money_words in c and trust_words not in c for c in other)
        # a count is no money (trial: "money is that of the simulated world" under runs)
        assert not any(money_words in c or trust_words in c for c in runs)
        # runs are drawn summed so far, and their caption says so (policy trial)
        said = "summed over the days so far" if lang == "en" else "截至当天的累计数"
        assert all(said in c for c in runs) and not any(said in c for c in trust)


def test_envelope_titles_name_what_they_show(smoke: Path, reports) -> None:
    """All three envelope figures of a scenario had one title ("rumour_run: median and
    10-90 % band over runs"): the title now names the metric, in both languages."""
    from trustsim.viz.plots import comparison_figures

    res = trustsim.load_results(smoke)
    for lang, aum in (("en", "AUM (thousand CNY)"), ("zh", "在管资金（万元）")):
        figs = comparison_figures(res, reports["table"], lang=lang)
        titles = {k: f.get_suptitle() for k, f in figs.items() if k.startswith("envelope_")}
        assert len(set(titles.values())) == len(titles)  # no two alike
        assert all(aum in t.replace("\n", "") for k, t in titles.items()
                   if k.startswith("envelope_aum"))
        # ... and every title stays on its figure (trial: "2p_collapse: runs started (per
        # day), median and 10-90 % band over run", cut at both ends)
        for k, f in figs.items():
            if k.startswith("envelope_"):
                f.canvas.draw()
                box = f._suptitle.get_window_extent()
                assert box.x0 >= 0 and box.x1 <= f.bbox.width, (k, f.get_suptitle())


def test_the_decision_page_says_its_money_is_the_simulated_worlds(reports, smoke: Path) -> None:
    """"全面整改与信任重建的成本为中位数 2,130 千元" reads as the real price of the response (policy
    review): the decision page says the amounts are those of a world of so many simulated
    users, for comparing strategies."""
    from trustsim.experiments.report_world import world_sizes

    sizes = world_sizes(trustsim.load_results(smoke).manifest)
    assert sizes and all(n > 0 for n in sizes)
    users = " / ".join(f"{n:,}" for n in sizes)
    en, zh = reports["en"][0], reports["zh"][0]
    assert f"those of the simulated world ({users} simulated users per run)" in en
    assert "金额均为模拟世界中的数值（每次运行" in zh
    # one unit throughout, and the page says so (a policy trial read 千元 tables beside 万元
    # sentences)
    assert "正文、表格与图表中的金额均以万元计（正文中单独出现的不足 1 万元的金额以元计" in zh
    assert "千元" not in zh
    assert world_sizes({"settings": {"overrides": {"n_users": 5000}, "scenarios": {
        "a": {"params": {"n_users": 2000}}, "b": {}}}}) == [5000]
    assert world_sizes({"settings": {"scenarios": {"a": {"params": {"n_users": 2000}},
                                                   "b": {"params": {"n_users": 300}}}}}) == [
        300, 2000]
    assert world_sizes({"design": {"parameters": ["n_users", "herding_mean"]}, "settings": {
        "scenarios": {"a": {"params": {"n_users": 2000}}}}}) == []  # sizes vary by run


def test_chinese_report_uses_chinese_punctuation(reports) -> None:
    """The Chinese report had ASCII punctuation inside Chinese text ("配对设计. 每次运行",
    "(越高越好; 期末信任度（0–1）)", "按平均值判定; 效果小于…"), a space after a full-width
    bracket ("（135 万元） 至") and an English "(dip 检验)" (policy review)."""
    text, page = reports["zh"]
    body = "\n".join(page.text)
    cjk = r"[\u4e00-\u9fff）]"
    assert not re.findall(cjk + r"[.;:] ?[\u4e00-\u9fff(（]", body)
    assert not re.findall(cjk + r"[.;:]\s*$", body, flags=re.M)
    assert not re.findall(r"） [\u4e00-\u9fff]", body) and "dip 检验" not in body
    assert "（越高越好；" in body or "（越低越好；" in body


# ------------------------------------------------------------------------ mixed model versions
def test_results_that_mix_model_versions_say_so(smoke: Path, tmp_path: Path, monkeypatch,
                                                capsys) -> None:
    """A sweep resumed after the model changed keeps the old runs; it must not pass silently.

    Half the smoke runs are removed and the sweep resumed with another model fingerprint:
    the resume says so, ``ExperimentResults.models`` counts both, and ``compare`` (stderr)
    and the report (a warning box, English and Chinese) warn. The untouched folder, made by
    one model, has no such warning (both directions).
    """
    from trustsim import outputs

    now = outputs.model_hash()
    clean = trustsim.ExperimentResults(smoke)
    assert clean.models() == {now: clean.n_runs}
    folder = tmp_path / "res"
    shutil.copytree(smoke, folder)
    gone = sorted((folder / "summaries").glob("*.parquet"))[::2]
    for f in gone:
        f.unlink()
    monkeypatch.setattr(outputs, "model_hash", lambda: "0123456789ab")
    capsys.readouterr()
    assert cli.main(["sweep", "smoke", "--out", str(folder), "--serial"]) == 0
    out = capsys.readouterr()
    assert "another version of the model (model " + now in out.out + out.err
    mixed = trustsim.ExperimentResults(folder)
    assert mixed.models() == {now: clean.n_runs - len(gone), "0123456789ab": len(gone)}
    assert cli.main(["compare", str(folder), "--n-boot", "100"]) == 0
    err = capsys.readouterr().err
    assert "mix runs of 2 versions of the model" in err and "--fresh" in err
    assert cli.main(["report", str(folder), "--n-boot", "100", "--quiet"]) == 0
    html = (folder / "report.html").read_text(encoding="utf-8")
    # at the top, before the answers (third policy trial: read only after them), and again
    # among the warnings
    assert html.count("mix runs of 2 versions of the model") == 2
    assert html.index("mix runs of 2 versions") < html.index("id=decision")
    assert cli.main(["report", str(folder), "--lang", "zh", "--n-boot", "100",
                     "--quiet"]) == 0
    html = (folder / "report_zh.html").read_text(encoding="utf-8")
    assert html.index("混合了 2 个模型版本") < html.index("id=decision")
    capsys.readouterr()
    assert cli.main(["compare", str(smoke), "--n-boot", "100"]) == 0
    assert "versions of the model" not in capsys.readouterr().err


def test_the_model_fingerprint_reads_code_not_wording() -> None:
    """Rewording an outcome's phrase, a docstring or a comment made every stored run look
    made by another model ("mix runs of 2 versions"; policy review). The fingerprint reads
    each module's code: wording leaves it alone, any change to what is computed does not."""
    from pathlib import Path

    from trustsim import outputs
    from trustsim.outputs import code_text

    src = (Path(outputs.__file__).parent / "money_outcomes.py").read_text(encoding="utf-8")
    same = code_text(src)
    worded = (src.replace("cuts user losses by {v}", "trims user losses by {v}")
              .replace('zh="投资者损失"', 'zh="投资者损失"')
              .replace('"""What users lose and what', '"""What savers lose and what')
              .replace("# the yuan", "# the CNY"))
    assert worded != src and code_text(worded) == same
    for changed in (src.replace("min_effect=100.0, primary=True",
                                "min_effect=90.0, primary=True"),
                    src.replace("AT_RISK_BAND = 0.05", "AT_RISK_BAND = 0.06"),
                    src.replace("return float(run.model.population.losses.sum())",
                                "return float(run.model.population.losses.mean())")):
        assert changed != src and code_text(changed) != same


def test_an_own_strategy_gets_its_chinese_name_in_the_chinese_report(tmp_path: Path,
                                                                     capsys) -> None:
    """A policy team's own strategy stayed "guarantee_50" in the Chinese report, with no
    way to name it (trial): ``name_zh:`` names it there (sentences, tables, glossary), the
    English report keeps the identifier, and the runs do not depend on it (the folder
    resumes with another name_zh)."""
    exp = tmp_path / "own.yaml"
    text = ("scenarios: [data_leak]\nstrategies:\n  - do_nothing\n  - {name: mine, "
            "name_zh: {zh}, extends: full_rebuild}\nreplications: 6\n"
            "params: {n_users: 150, steps: 40}\n")
    exp.write_text(text.replace("{zh}", "我的应对"), encoding="utf-8")
    out = tmp_path / "out"
    assert cli.main(["sweep", str(exp), "--out", str(out), "--quiet", "--serial"]) == 0
    assert trustsim.load_results(out).manifest["strategies_zh"] == {"mine": "我的应对"}
    assert cli.main(["report", str(out), "--lang", "zh", "--quiet", "--n-boot", "100"]) == 0
    assert cli.main(["report", str(out), "--quiet", "--n-boot", "100"]) == 0
    _, zh = parse(out / "report_zh.html")
    _, en = parse(out / "report.html")
    zh_text, en_text = " ".join(zh.text), " ".join(en.text)
    assert zh_text.count("我的应对") >= 5
    assert en_text.count("我的应对") == 1  # the experiment file, quoted; nowhere else
    glossary = zh_text.split("名称对照表")[1]
    assert "我的应对" in glossary and "mine" in glossary
    decision = zh_text.split("名称对照表")[0]
    assert " mine " not in decision.replace("\n", " ")
    exp.write_text(text.replace("{zh}", "另一个名字"), encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["sweep", str(exp), "--out", str(out)]) == 0
    assert "12 from before, 0 run now" in capsys.readouterr().out


def test_strategies_whose_levers_did_nothing_are_named_not_shown_as_two_options() -> None:
    """Policy trial: an own strategy differing from another only in a lever the scenario's
    crises give nothing to act on was shown as an option of its own. Where two strategies
    give exactly the same outcomes in at least half of their paired runs, the warnings say
    so and name the levers that set them apart (en, zh); in fewer, nothing is said."""
    from types import SimpleNamespace

    import pandas as pd

    from trustsim.experiments.report_text import same_outcomes, warning_text

    rows = []
    for rep in range(6):
        w = 0.5 + 0.01 * rep
        rows += [{"scenario": "s", "strategy": "do_nothing", "design_point": 0,
                  "replication": rep, "final_trust": w, "user_losses": 100.0 + rep},
                 {"scenario": "s", "strategy": "a", "design_point": 0, "replication": rep,
                  "final_trust": w + 0.05, "user_losses": 90.0},
                 # b differs from a in 2 of 6 runs (same in 4: at least half)
                 {"scenario": "s", "strategy": "b", "design_point": 0, "replication": rep,
                  "final_trust": w + 0.05 + (0.01 if rep < 2 else 0.0), "user_losses": 90.0}]
    man = {"outcomes": ["final_trust", "user_losses"], "strategies": ["do_nothing", "a", "b"],
           "settings": {"strategies": {"do_nothing": {"stance": "silent"},
                                       "a": {"stance": "rebuild"},
                                       "b": {"stance": "rebuild", "compensation_share": 0.4}}}}
    res = SimpleNamespace(summaries=pd.DataFrame(rows), manifest=man)
    found = same_outcomes(res)
    assert found == [{"scenario": "s", "a": "a", "b": "b", "same": 4, "pairs": 6,
                      "levers": ["compensation_share"]}]
    empty = pd.DataFrame({"is_baseline": pd.Series([], dtype=bool),
                          "verdict": pd.Series([], dtype=str),
                          "warnings": pd.Series([], dtype=str),
                          "outcome": pd.Series([], dtype=str)})
    en = warning_text(empty, {}, "en", same=found)
    assert en == ["In “s”, a and b gave exactly the same outcomes in 4 of 6 paired runs: what "
                  "sets them apart (share of harm compensated) did nothing in those runs, most "
                  "likely because this scenario's crises give it nothing to act on; they are "
                  "not two tested options there."]
    zh = warning_text(empty, {}, "zh", same=found)[0]  # in words (trial: code names)
    assert "结果完全相同" in zh and "赔付比例" in zh and "compensation_share" not in zh
    many = [{**found[0], "a": f"x{i}", "b": f"y{i}"} for i in range(4)]  # one line, not four
    assert warning_text(empty, {}, "en", same=many) == [
        "In “s”, 4 pairs of strategies gave exactly the same outcomes in at least half of their "
        "paired runs (x0=y0, x1=y1, x2=y2, x3=y3): what sets each pair apart did nothing "
        "there in those runs."]
    rows = [r if r["strategy"] != "b" or r["replication"] < 2 else
            {**r, "user_losses": 91.0} for r in rows]  # now the same in 2 of 6: not said
    assert same_outcomes(SimpleNamespace(summaries=pd.DataFrame(rows), manifest=man)) == []


def test_an_own_scenario_gets_its_chinese_name_in_the_chinese_report(tmp_path: Path,
                                                                     capsys) -> None:
    """A policy team's own scenario could not be named in Chinese (trial: "name_zh:
    unknown key", and the report read "在“midsize_p2p”情景中" 26 times): a scenario file's
    ``name_zh:`` names it in the Chinese report; changing it reruns nothing."""
    sc = tmp_path / "mine.yaml"
    sc.write_text("name: my_leak\nname_zh: {zh}\nextends: data_leak\n".replace(
        "{zh}", "我的泄露情景"), encoding="utf-8")
    exp = tmp_path / "e.yaml"
    exp.write_text(f"scenarios: [{sc}]\nstrategies: [do_nothing, full_rebuild]\n"
                   "replications: 6\nparams: {n_users: 150, steps: 40}\n", encoding="utf-8")
    out = tmp_path / "out"
    assert cli.main(["sweep", str(exp), "--out", str(out), "--quiet", "--serial"]) == 0
    assert trustsim.load_results(out).manifest["scenarios_zh"] == {"my_leak": "我的泄露情景"}
    assert cli.main(["report", str(out), "--lang", "zh", "--quiet", "--n-boot", "100"]) == 0
    _, zh = parse(out / "report_zh.html")
    zh_text = " ".join(zh.text)
    assert zh_text.count("我的泄露情景") >= 3
    assert "“my_leak”" not in zh_text.split("名称对照表")[0]
    # the report says what was simulated (policy trial: no platform, day or severity)
    world = zh_text.split("模拟的情景")[1]
    assert "150 名用户，40 天" in world and "数据泄露" in world
    assert cli.main(["report", str(out), "--quiet", "--n-boot", "100"]) == 0
    _, en = parse(out / "report.html")
    world = " ".join(en.text).split("What was simulated")[1]
    sc_file = trustsim.load_scenario(str(sc))
    assert sc_file.crises[0]["type"] == "data_leak"
    assert "150 users, 40 days" in world and "data leak" in world  # (in words)
    assert all(pl.name in world for pl in sc_file.platforms)
    sc.write_text("name: my_leak\nname_zh: 另一个名字\nextends: data_leak\n", encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["sweep", str(exp), "--out", str(out)]) == 0
    assert "12 from before, 0 run now" in capsys.readouterr().out
    # ... and the new name reaches the report (review: the manifest kept the old one)
    assert trustsim.load_results(out).manifest["scenarios_zh"] == {"my_leak": "另一个名字"}


def test_what_was_simulated_writes_numbers_as_given() -> None:
    # Review: `n_users: "100"` (accepted, and run as 100) crashed the report's section.
    from trustsim.experiments.report_world import world_section

    man = {"settings": {"scenarios": {"s": {"params": {"n_users": "100", "steps": 30},
                                            "crises": []}}, "overrides": {}}}
    html = world_section(man)
    assert "100 users, 30 days" in html and "no scheduled crisis" in html
    # settings in words in either language, money in 万元 in Chinese (policy trial: raw
    # key=value in 模拟的情景)
    man["settings"]["scenarios"]["s"] = {
        "params": {"base_default_rate": 0.03, "wealth_mean": 80.0, "solvency_checks": True},
        "crises": [{"type": "data_leak", "time": 30, "severity": 0.7, "share": 0.4}]}
    en, zh = world_section(man), world_section(man, "zh")
    assert ("other settings: yearly loan default rate (best risk management) 0.03, mean "
            "wealth (thousand CNY) 80, solvency checks yes") in en
    assert "share of users exposed 0.4" in en
    assert "年贷款违约率（风控最佳时）0.03，人均可投资财富（万元）8，偿付能力检查 是" in zh
    assert "受影响用户比例 0.4" in zh and "全部平台" in zh
    assert "=" not in re.sub(r"<[^>]+>", "", zh.split("其他设定")[1])


def test_every_setting_has_a_name_in_both_languages() -> None:
    from trustsim.crises import CRISES
    from trustsim.i18n.names import CRISES_EN, CRISES_ZH, KINDS_EN, KINDS_ZH
    from trustsim.i18n.param_names import PARAM_LABELS
    from trustsim.params import Params, PlatformSpec

    assert set(PARAM_LABELS) == set(Params.model_fields)
    assert all(en and zh and en != zh for en, zh in PARAM_LABELS.values())
    # crisis types and platform kinds in words too, in both languages
    assert set(CRISES_EN) == set(CRISES_ZH) == set(CRISES)
    kinds = set(typing.get_args(PlatformSpec.model_fields["kind"].annotation))
    assert set(KINDS_EN) == set(KINDS_ZH) == kinds


def test_the_method_notes_say_how_far_to_trust_the_model() -> None:
    """Policy trial: the report carried no word on how mature or sensitive the model is."""
    from trustsim.experiments.report_text import method_notes

    for lang, title, words in (("en", "How far to trust the model", "docs/validation.md"),
                               ("zh", "模型可信到什么程度", "docs/validation.md")):
        notes = dict(method_notes({"replications": 4}, 4, 1000, 1, lang))
        assert words in notes[title] and ("partly" in notes[title] or "部分" in notes[title])


def test_what_was_simulated_is_described_in_the_reports_language(tmp_path: Path) -> None:
    """Policy trial: the Chinese report's 模拟的情景 gave each scenario's description in
    English. Every bundled scenario says it in Chinese too; a scenario that gives no
    Chinese keeps its English; a child that describes itself drops its parent's Chinese."""
    from trustsim.experiments.report_world import world_section
    from trustsim.scenario import bundled_scenarios

    for name in bundled_scenarios():
        sc = trustsim.load_scenario(name)
        assert sc.description and sc.description_zh, name
    man = {"settings": {"scenarios": {"a": {"params": {}, "crises": []},
                                      "b": {"params": {}, "crises": []}}, "overrides": {}},
           "scenario_descriptions": {"a": "A run on day 20.", "b": "Calm times."},
           "scenario_descriptions_zh": {"a": "第 20 天发生挤兑。"}}
    zh, en = world_section(man, "zh"), world_section(man)
    assert "第 20 天发生挤兑。" in zh and "A run on day 20." not in zh
    assert "Calm times." in zh  # no Chinese given: the English, not nothing
    assert "A run on day 20." in en and "第 20 天" not in en
    child = tmp_path / "child.yaml"
    child.write_text("name: mine\nextends: p2p_collapse\ndescription: My own world.\n",
                     encoding="utf-8")
    assert trustsim.load_scenario(str(child)).description_zh is None
    child.write_text("name: mine\nextends: p2p_collapse\n", encoding="utf-8")
    assert (trustsim.load_scenario(str(child)).description_zh
            == trustsim.load_scenario("p2p_collapse").description_zh)
    # the strategies compared, what each does and the levers it sets (policy trial)
    man["settings"]["strategies"] = {"do_nothing": {"stance": "silent"}, "mine": {},
                                     "usual_response": {}}
    man["strategy_descriptions"] = {"mine": "My own way.",
                                    "do_nothing": trustsim.get_strategy("do_nothing")
                                    .description}
    zh, en = world_section(man, "zh"), world_section(man)
    assert "比较的策略" in zh and "保持沉默" in zh and "My own way." in zh
    # levers in words, not key=value (policy trial)
    assert "回应立场 沉默" in zh and "stance=silent" not in zh and "无：各情景按其原有设定" in zh
    assert "response stance silent" in en
    assert "Strategies compared" in en and "Stay silent" in en and "保持沉默" not in en
    assert "按平台通常的方式应对" in zh  # not recorded (an older folder): the bundled words
    # words only: a results folder still resumes when they change
    exp = tmp_path / "e.yaml"
    exp.write_text(f"scenarios: [{child}]\nstrategies: [do_nothing]\n", encoding="utf-8")
    before = trustsim.load_experiment(exp).settings()
    child.write_text("name: mine\nextends: p2p_collapse\ndescription_zh: 我的情景。\n",
                     encoding="utf-8")
    assert trustsim.load_experiment(exp).settings() == before


def test_an_experiment_names_its_baseline_and_the_comparison_reads_against_it(
        tmp_path: Path, capsys) -> None:
    """A policy team asking "guarantee against compensation" had to pass --baseline on
    every command (trial): ``baseline:`` in the file sets the comparison's default; the
    flag still wins; changing it keeps the runs (an analysis setting)."""
    exp = tmp_path / "b.yaml"
    text = ("scenarios: [data_leak]\nstrategies: [do_nothing, compensate_only, "
            "full_rebuild]\nbaseline: {b}\nreplications: 6\n"
            "params: {{n_users: 150, steps: 40}}\n")
    exp.write_text(text.format(b="compensate_only"), encoding="utf-8")
    out = tmp_path / "out"
    assert cli.main(["sweep", str(exp), "--out", str(out), "--quiet", "--serial"]) == 0
    res = trustsim.load_results(out)
    assert set(trustsim.compare(res, n_boot=50)["baseline"]) == {"compensate_only"}
    assert set(trustsim.compare(res, baseline="do_nothing", n_boot=50)["baseline"]) == {
        "do_nothing"}
    assert cli.main(["report", str(out), "--quiet", "--n-boot", "100"]) == 0
    _, page = parse(out / "report.html")
    assert "baseline: compensation only." in " ".join(page.text)
    exp.write_text(text.format(b="full_rebuild"), encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["sweep", str(exp), "--out", str(out)]) == 0
    assert "18 from before, 0 run now" in capsys.readouterr().out
    res = trustsim.load_results(out)
    assert set(trustsim.compare(res, n_boot=50)["baseline"]) == {"full_rebuild"}


def test_report_takes_a_results_folder_as_compare_does(smoke: Path, tmp_path: Path) -> None:
    """``trustsim.report("results/smoke", "r.html")`` failed with "'str' object has no
    attribute 'summaries'", and a summaries table with one about ``manifest`` (Python API
    trial): a folder is read, anything else is a TypeError that says what is needed."""
    import trustsim

    table = trustsim.compare(trustsim.load_results(smoke), n_boot=100)
    out = trustsim.report(str(smoke), tmp_path / "r.html", table)
    assert out.is_file() and "<html" in out.read_text(encoding="utf-8")[:500].lower()
    with pytest.raises(TypeError, match="results .* or its folder"):
        trustsim.report(trustsim.load_results(smoke).summaries, tmp_path / "s.html", table)


def test_a_report_of_runs_made_by_another_model_says_so() -> None:
    """The provenance table named two model fingerprints but nothing said that a report drawn
    today of older runs is not what today's model gives (policy trial)."""
    import pandas as pd

    from trustsim.experiments.report_text import warning_text
    from trustsim.outputs import model_hash

    table = pd.DataFrame({"is_baseline": [True], "verdict": [""], "warnings": [""]})
    for lang, words in (("en", "made by model 000000000000"), ("zh", "由模型 000000000000")):
        lines = warning_text(table, {}, lang, {"000000000000": 12})
        assert any(words in w and model_hash() in w for w in lines), lines
    assert not warning_text(table, {}, "en", {model_hash(): 12})


def test_side_by_side_cells_and_summary_lines_keep_the_caveats_of_the_tables() -> None:
    """The side-by-side table printed "-8,614 (better)" for what the fund repays (a
    transfer) and "-380.0 (better)" where the mean showed no cut, while the tables beside it
    said so; the summary line had no caveat either (policy trial)."""
    import numpy as np
    import pandas as pd

    from trustsim.experiments.report import _side_by_side_table
    from trustsim.experiments.wording import sentence

    rows = []
    for rep in range(20):
        base = {"scenario": "s", "design_point": 0, "replication": rep, "seed": rep}
        rows += [{**base, "strategy": "do_nothing", "final_trust": 0.5, "total_losses": 9.0},
                 {**base, "strategy": "other", "final_trust": 0.53 if rep % 5 else 0.35,
                  "total_losses": 9.0}]
    tab = trustsim.compare(pd.DataFrame(rows), n_boot=200)
    r = tab[(tab.strategy == "other") & (tab.outcome == "final_trust")].iloc[0]
    assert r.verdict == "better" and "mean_differs" in r.warnings
    line = sentence(r)
    assert "on average over runs it is not shown (mean paired difference" in line
    assert f"{r.diff_mean:+.3f}"[:5] in line and np.isfinite(r.mean_ci_low)
    html = _side_by_side_table(tab, "s", "final_trust", None, "en")
    assert "not shown on the mean over runs" in html
    tab.loc[r.name, "warnings"] = "transfer"
    assert "a transfer: total losses do not fall" in _side_by_side_table(
        tab, "s", "final_trust", None, "en")


def test_english_report_names_strategies_and_outcomes_in_words(reports) -> None:
    """Policy trial: the English report read ``final_trust`` and ``full_rebuild`` as code.
    Bundled strategies, scenarios and every outcome are named in words; an identifier
    appears only where it maps a name to the data: "no response (do_nothing)" in the
    strategies' table, "Data leak (data_leak)" in what was simulated and "in the data:
    final_trust" in each outcome's heading."""
    text, _ = reports["en"]
    body = html.unescape(re.sub(r"<[^>]+>", " ", re.sub(
        r"<(script|style)[^>]*>.*?</\1>", " ", _before(text, "<h2>Method"), flags=re.S)))
    table = reports["table"]
    names = set(table["strategy"]) | set(table["outcome"]) | set(table["scenario"])
    assert {"do_nothing", "final_trust", "data_leak"} <= names
    words = [i18n.strategy(n) if n in table["strategy"].values else i18n.scenario(n)
             if n in table["scenario"].values else i18n.outcome(n) for n in names]
    assert {"no response", "trust at the end", "Data leak"} <= set(words)
    mapped = re.findall(r"\((\w+)\)|in the data: (\w+)", body)
    assert {"do_nothing", "final_trust", "data_leak"} <= {a or b for a, b in mapped}
    rest = re.sub(r"\(\w+\)|in the data: \w+", " ", body)
    for n in names:
        assert not re.search(rf"\b{n}\b", rest), n
    # ... and the other way: the Chinese report, and the terminal's sentences keep theirs
    zh, _ = reports["zh"]
    assert "不作回应" in zh
    with i18n.identifiers():
        assert i18n.strategy("do_nothing") == "do_nothing" != i18n.strategy("do_nothing", "zh")
        assert i18n.outcome("final_trust") == "final_trust"
        assert i18n.scenario("data_leak") == "data_leak"
    assert i18n.strategy("do_nothing") == "no response"


def test_figures_have_text_alternatives_in_words(reports) -> None:
    """Policy trial: where images are not shown (a screen reader, a mail client), the
    report read ``forest_final_trust`` and ``cost_p2p_collapse``. Each figure's alt text
    is its title in words, in the report's language."""
    for lang in ("en", "zh"):
        text, _ = reports[lang]
        alts = [html.unescape(a) for a in re.findall(r"<img alt='([^']*)'", text)]
        assert alts and not [a for a in alts if re.match(r"(cost|forest|heatmap|envelope)_", a)]
        want = ("Data leak: effect against cost" if lang == "en" else "数据泄露：效果与成本")
        assert want in alts, alts


def test_the_decision_page_spells_out_its_terms(reports) -> None:
    """Policy trials: "AUM" and "trust-days", then "what matters", "median run", the
    horizon and trust itself were never spelled out. The decision page lists what they
    are, in both languages; a term no outcome compared uses is left out."""
    from trustsim.experiments.report_text import terms_note

    table = reports["table"]
    assert "aum_retained" in set(table["outcome"])
    for lang, words in (("en", ("Terms used below:", "<li>AUM (assets under management)",
                                "<li>Paired runs share a seed", "±0.02 of trust, ±100 "
                                "thousand CNY of money", "95 % CI (confidence interval)")),
                        ("zh", ("下文所用术语：", "<li>在管资金指", "配对运行使用同一随机种子",
                                "信任度 ±0.02，金额 ±10 万元", "95% 置信区间是"))):
        text, _ = reports[lang]
        page = html.unescape(_before(text.split("id=decision>", 1)[1], "<section"))
        for w in words:
            assert w in page, (lang, w)

    def said(outcomes: list[str], lang: str = "en") -> str:
        return " ".join(terms_note(outcomes, lang))
    assert "AUM" not in said(["final_trust", "user_losses"])
    assert "trust-days" not in said(["aum_retained"])
    assert "3 trust-days" in said(["trust_days_lost"])
    assert "3 信任度·天" in said(["trust_days_lost"], "zh")
    assert "liquidated (wound up)" in said(["losses_if_wound_up"])
    assert "Money at risk" in said(["money_at_risk"]) and "Money at risk" not in said(
        ["final_trust"])
    assert "0 when trust never fell" in said(["time_to_recover"])  # (second trial)
    assert "Recovered" not in said(["final_trust"])


def test_own_strategies_and_scenarios_get_their_english_names(tmp_path: Path,
                                                              capsys) -> None:
    """The English report named bundled strategies and scenarios in words but an
    experiment's own by their identifiers ("In “my_leak”, guarantee_50 keeps ...": trial).
    ``name_en:`` names them in words there, mapped once to the identifier; the terminal
    keeps the identifier (what ``--baseline`` takes), the Chinese report is unchanged and
    renaming reruns nothing."""
    sc = tmp_path / "mine.yaml"
    sc.write_text("name: my_leak\nname_en: {en}\nextends: data_leak\n".replace(
        "{en}", "Card data stolen"), encoding="utf-8")
    exp = tmp_path / "e.yaml"
    text = (f"scenarios: [{sc}]\nstrategies:\n  - do_nothing\n  - {{name: half_cover, "
            "name_en: half compensation, extends: full_rebuild}\nreplications: 6\n"
            "params: {n_users: 150, steps: 40}\n")
    exp.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert cli.main(["sweep", str(exp), "--out", str(out), "--quiet", "--serial"]) == 0
    man = trustsim.load_results(out).manifest
    assert man["strategies_en"] == {"half_cover": "half compensation"}
    assert man["scenarios_en"] == {"my_leak": "Card data stolen"}
    capsys.readouterr()
    assert cli.main(["compare", str(out), "--n-boot", "100", "--report",
                     str(out / "report.html")]) == 0
    terminal = capsys.readouterr().out
    assert "half_cover" in terminal and "half compensation" not in terminal
    _, en = parse(out / "report.html")
    body = " ".join(" ".join(en.text).split()).split("Experiment file")[0]
    assert "In “Card data stolen”, half compensation" in body, body[:2000]
    assert "half compensation (half_cover)" in body and "Card data stolen (my_leak)" in body
    rest = body.replace("(half_cover)", "").replace("(my_leak)", "")
    assert "half_cover" not in rest and "my_leak" not in rest
    assert cli.main(["report", str(out), "--lang", "zh", "--quiet", "--n-boot", "100"]) == 0
    _, zh = parse(out / "report_zh.html")
    assert "half compensation" not in " ".join(zh.text).split("实验文件")[0]
    exp.write_text(text.replace("name_en: half compensation", "name_en: cover half"),
                   encoding="utf-8")
    assert cli.main(["sweep", str(exp), "--out", str(out)]) == 0
    assert "12 from before, 0 run now" in capsys.readouterr().out
    assert trustsim.load_results(out).manifest["strategies_en"] == {"half_cover":
                                                                    "cover half"}


@pytest.mark.parametrize("scope", ["crisis", "sector", None])
def test_the_decision_page_says_early_who_follows_the_strategy(tmp_path: Path, scope) -> None:
    """Policy trial: with ``response_scope: crisis`` (the flagship) the report said who
    follows the strategy only deep in the settings, as a bare value ("strategy followed by
    the platforms in crisis only", read as "only during a crisis"). The decision page now
    says it before the answers, in both languages, for either scope; a sweep that does not
    set it has the default's (``crisis`` since 2026-12-08)."""
    exp = tmp_path / "e.yaml"
    scoped = f", response_scope: {scope}" if scope else ""
    exp.write_text("scenarios: [data_leak]\nstrategies: [do_nothing, deny_and_delay]\n"
                   f"replications: 4\nparams: {{n_users: 150, steps: 40{scoped}}}\n",
                   encoding="utf-8")
    out = tmp_path / "out"
    assert cli.main(["sweep", str(exp), "--out", str(out), "--quiet", "--serial"]) == 0
    crisis = scope != "sector"
    for lang, said, other, setting in (
            ("en", "Each strategy is the response of the platform each crisis hits",
             "Each strategy is followed by every platform of the sector",
             "strategy followed by: only the platforms the crisis hits"),
            ("zh", "每个策略都是受危机冲击的平台的应对", "每个策略由行业内所有平台执行",
             "应对策略的执行范围：仅受危机冲击的平台")):
        assert cli.main(["report", str(out), "--lang", lang, "--quiet", "--n-boot", "100",
                         "--out", str(tmp_path / f"r_{lang}.html")]) == 0
        text = " ".join((tmp_path / f"r_{lang}.html").read_text(encoding="utf-8").split())
        head = text.split("id=decision")[1].split("<table")[0]
        assert (said in head) is crisis and (other in head) is not crisis, lang
        assert (setting in text) is (scope == "crisis"), lang


def test_a_crisis_that_gives_the_platform_nothing_to_answer_is_said(tmp_path: Path) -> None:
    """Third policy trial: in operator absconding the strategies act only on the platform's
    earlier incidents (the operators flee: no statement about it), yet the summary said
    deny and delay "does best" on trust lost. The decision page says so for a scenario
    whose every crisis gets no statement (both languages), not for one with a crisis the
    platform answers, nor for one without crises; and the wiring, on a real report."""
    from trustsim.experiments.report_world import nothing_to_answer

    def man(*types: str) -> dict:
        return {"settings": {"scenarios": {"s": {"crises": [{"type": t} for t in types]}}}}

    for lang, words in (("en", "The crisis here (operator absconds) gives the platform "
                                "nothing to answer"),
                        ("zh", "本情景中的危机（经营者卷款潜逃）没有给平台留下可回应的事件")):
        assert nothing_to_answer(man("abscond"), "s", lang)[0].startswith(words)
        assert nothing_to_answer(man("abscond", "regulatory_tightening"), "s", lang)
        named = nothing_to_answer(man("abscond"), "s", lang, named=True)[0]
        assert named.startswith("In “s”, the crisis (operator absconds)" if lang == "en"
                                else "在“s”情景中，危机（经营者卷款潜逃）没有给平台"), named
        for types in (("abscond", "data_leak"), ("liquidity_rumour",), ()):
            assert nothing_to_answer(man(*types), "s", lang) == [], types
    exp = tmp_path / "e.yaml"
    exp.write_text("scenarios: [operator_abscond, data_leak]\nstrategies: [do_nothing, "
                   "deny_and_delay]\nreplications: 2\nparams: {n_users: 150, steps: 65}\n",
                   encoding="utf-8")
    out = tmp_path / "out"
    assert cli.main(["sweep", str(exp), "--out", str(out), "--quiet", "--serial"]) == 0
    assert cli.main(["report", str(out), "--quiet", "--n-boot", "100"]) == 0
    text = " ".join((out / "report.html").read_text(encoding="utf-8").split())
    # on the decision page, in its section, and first in the summary, naming it
    assert text.count("gives the platform nothing to answer") == 2
    section = text.split("gives the platform nothing to answer")[0].rsplit("<h3>", 1)[1]
    assert section.startswith("Operator absconding"), section[:80]
    summary = text.split("<ul class=findings>")[1].lstrip()
    assert summary.startswith("<li>In “Operator absconding”, the crisis (operator absconds) "
                              "gives the platform nothing to answer"), summary[:120]
