"""Adaptive replications (`trustsim sweep --until-ci W`, `until_ci:`): rounds of paired
replications stop at the first round whose widest interval is narrower than W, or at the
cap; the rounds replay exactly, so an interrupted adaptive sweep resumes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

import trustsim
from trustsim import cli
from trustsim.experiments.adaptive import run_until_ci
from trustsim.scenario import ScenarioError

SPEC = {"name": "adaptive", "seed": 11, "scenarios": ["data_leak"],
        "strategies": ["do_nothing", "timely_truthful_disclosure"], "replications": 2,
        "params": {"n_users": 150}, "steps": 45, "outcomes": ["final_trust", "trust_lost"],
        "timeseries": "none"}


@pytest.fixture(scope="module")
def exp_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("adaptive") / "adaptive.yaml"
    path.write_text(yaml.safe_dump(SPEC))
    return path


@pytest.fixture(scope="module")
def to_cap(exp_file: Path, tmp_path_factory):
    """Rounds 2, 4, 6, 8 with a width nothing reaches."""
    out = tmp_path_factory.mktemp("cap") / "res"
    res, rounds = run_until_ci(exp_file, out, width=1e-12, max_replications=8,
                               executor="serial", progress=False, n_boot=500)
    return out, res, rounds


def test_stops_at_the_cap_when_intervals_stay_wide(to_cap) -> None:
    out, res, rounds = to_cap
    assert [r.replications for r in rounds] == [2, 4, 6, 8]
    assert [r.status for r in rounds] == ["more", "more", "more", "cap"]
    assert [r.ran for r in rounds] == [4, 4, 4, 4]  # 2 strategies x 2 new replications
    assert res.manifest["replications"] == 8 and res.counts()["done"] == 16
    assert all(r.widest > 0 and r.strategy == "timely_truthful_disclosure" for r in rounds)


def test_stops_at_the_first_round_narrower_than_the_width(exp_file: Path, to_cap,
                                                          tmp_path: Path) -> None:
    _, _, rounds = to_cap
    # a generous width stops at the first round with pairs enough for a verdict (6):
    # an interval of 2 or 4 pairs is narrow only because there are so few of them
    res, one = run_until_ci(exp_file, tmp_path / "wide", width=10.0, max_replications=8,
                            executor="serial", progress=False, n_boot=500)
    assert [(r.replications, r.status) for r in one] == [(2, "more"), (4, "more"),
                                                         (6, "narrow")]
    assert [r.widest for r in one][:2] == [float("inf")] * 2 and one[2].widest < 10.0
    # a width between the rounds' widths stops at the first round below it
    import trustsim.experiments.adaptive as adaptive

    script = iter([0.3, 0.2, 0.1, 0.05])
    real = adaptive._widest
    calls = []

    def scripted(res, outcome, n_boot, seed):
        calls.append(res.manifest["replications"])
        real(res, outcome, n_boot, seed)
        return next(script), "data_leak", "timely_truthful_disclosure"

    adaptive._widest = scripted
    try:
        res, got = run_until_ci(exp_file, tmp_path / "mid", width=0.15, max_replications=8,
                                executor="serial", progress=False, n_boot=500)
    finally:
        adaptive._widest = real
    assert [(r.replications, r.widest, r.status) for r in got] == [
        (2, 0.3, "more"), (4, 0.2, "more"), (6, 0.1, "narrow")]
    assert calls == [2, 4, 6] and res.manifest["replications"] == 6
    # the widths of real rounds are the widths the comparison reports
    tab = trustsim.compare(to_cap[1], outcomes=["final_trust"], n_boot=500)
    t = tab[~tab.is_baseline]
    assert float((t.ci_high - t.ci_low).max()) == pytest.approx(rounds[-1].widest)


def test_the_default_cap_leaves_room_for_a_verdict_and_a_lower_cap_says_none(
        tmp_path: Path, capsys) -> None:
    one = tmp_path / "one.yaml"
    one.write_text(yaml.safe_dump({**SPEC, "replications": 1}))
    # default cap: 5 x 1 replication would end with no interval; it is at least 6
    _, rounds = run_until_ci(one, tmp_path / "a", width=10.0, executor="serial",
                             progress=False, n_boot=200)
    assert [(r.replications, r.status) for r in rounds][-1] == (6, "narrow")
    assert all(r.widest == float("inf") for r in rounds[:-1])
    # an explicit cap below 6 ends with no interval, and the sweep says so
    assert cli.main(["sweep", str(one), "--serial", "--out", str(tmp_path / "b"),
                     "--until-ci", "10", "--max-replications", "3"]) == 0
    out = capsys.readouterr().out
    assert "until-ci: 3 replications" in out
    assert "the cap is reached before 6 pairs: done, with no interval and no verdict" in out


def test_an_interrupted_adaptive_sweep_resumes(exp_file: Path, to_cap, tmp_path: Path) -> None:
    out = tmp_path / "res"
    run_until_ci(exp_file, out, width=1e-12, max_replications=4, executor="serial",
                 progress=False, n_boot=500)  # stopped early (as if killed)
    res, rounds = run_until_ci(exp_file, out, width=1e-12, max_replications=8,
                               executor="serial", progress=False, n_boot=500)
    assert [r.ran for r in rounds] == [0, 0, 4, 4]  # the first two rounds replay from disk
    full = to_cap[1].summaries
    pd.testing.assert_frame_equal(res.summaries, full)


def test_until_ci_from_the_file_and_the_command_line(exp_file: Path, tmp_path: Path,
                                                     capsys) -> None:
    spec = {**SPEC, "until_ci": {"width": 10.0, "max_replications": 8, "step": 2}}
    path = tmp_path / "file.yaml"
    path.write_text(yaml.safe_dump(spec))
    assert cli.main(["sweep", str(path), "--serial", "--out", str(tmp_path / "a")]) == 0
    out = capsys.readouterr().out
    assert "until-ci: 2 replications (4 runs now): widest 95% interval none yet (fewer " \
        "than 6 pairs); adding replications" in out
    assert "until-ci: 6 replications" in out and "narrower than 10" in out
    assert cli.main(["sweep", str(exp_file), "--serial", "--out", str(tmp_path / "b"),
                     "--until-ci", "1e-9", "--max-replications", "4"]) == 0
    out = capsys.readouterr().out
    assert "until-ci: 4 replications" in out and "the cap is reached" in out
    assert cli.main(["sweep", str(exp_file), "--step", "2"]) == 2
    assert "--step" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        cli.main(["sweep", str(exp_file), "--until-ci", "-1"])
    assert exc.value.code == 2
    bad = {**SPEC, "until_ci": {"width": 0.1, "outcome": "crisis_day"}}
    path.write_text(yaml.safe_dump(bad))
    with pytest.raises(ScenarioError, match="until_ci.outcome"):
        trustsim.load_experiment(path)
    path.write_text(yaml.safe_dump({**SPEC, "until_ci": {"width": 0.1,
                                                          "max_replications": 1}}))
    assert cli.main(["check", str(path)]) == 2
    assert "until_ci.max_replications" in capsys.readouterr().err


def test_settings_that_can_never_give_an_interval_are_refused_before_any_run(
        tmp_path: Path, capsys) -> None:
    """Outside audit: one strategy ran to the cap and advised "raise --max-replications";
    an until_ci outcome the experiment does not keep passed `trustsim check` and failed
    only in `sweep`; an unknown one was called "needs a better direction"."""
    one = {**SPEC, "strategies": ["do_nothing"]}
    with pytest.raises(ScenarioError, match="at least two strategies"):
        run_until_ci(trustsim.experiments.spec.validate_experiment(one), tmp_path / "a",
                     width=0.05, executor="serial", progress=False)
    assert not (tmp_path / "a").exists()  # refused before any run
    for outcome, why in (("aum_retained", "does not keep this outcome"),
                         ("final_trus", "unknown outcome")):
        path = tmp_path / f"{outcome}.yaml"
        path.write_text(yaml.safe_dump({**SPEC, "until_ci": {"width": 0.05,
                                                             "outcome": outcome}}))
        assert cli.main(["check", str(path)]) == 2
        err = capsys.readouterr().err
        assert f"{path.name}:" in err and "until_ci.outcome" in err and why in err
        assert "Traceback" not in err
    path = tmp_path / "single.yaml"
    path.write_text(yaml.safe_dump({**one, "until_ci": {"width": 0.05}}))
    assert cli.main(["check", str(path)]) == 2
    assert "at least two are needed" in capsys.readouterr().err


def test_the_widest_interval_prints_with_the_digits_that_tell_it_from_the_width() -> None:
    """0.0265 printed as 0.03 beside "narrower than 0.028" (outside audit)."""
    from trustsim.cli_sweep import _beside

    assert _beside(0.0265, 0.028) == "0.026" and _beside(0.0295, 0.028) == "0.029"
    assert _beside(0.02799, 0.028) == "0.02799" and _beside(0.02801, 0.028) == "0.02801"
    for x, w in ((0.0265, 0.028), (0.02799, 0.028), (0.02801, 0.028), (12.34, 12.3)):
        assert (float(_beside(x, w)) < w) == (x < w) and float(_beside(x, w)) != w


def test_the_interval_checked_is_the_one_the_verdict_reads(monkeypatch) -> None:
    """A yes-or-no outcome's median interval is 0 to 1 however many runs there are (its
    median moves in halves): `--until-ci` on `recovered` ran to the cap (review). The width
    checked is the mean's, which the verdict and the report read; a median row keeps its
    median interval."""
    from trustsim.experiments import adaptive, compare

    rows = pd.DataFrame([
        {"scenario": "s", "strategy": "a", "outcome": "recovered", "is_baseline": False,
         "diff_median": 1.0, "ci_low": 0.0, "ci_high": 1.0, "diff_mean": 0.65,
         "mean_ci_low": 0.45, "mean_ci_high": 0.85, "warnings": "", "n_pairs": 20},
        {"scenario": "s", "strategy": "b", "outcome": "final_trust", "is_baseline": False,
         "diff_median": 0.1, "ci_low": 0.05, "ci_high": 0.35, "diff_mean": 0.1,
         "mean_ci_low": 0.0, "mean_ci_high": 0.9, "warnings": "", "n_pairs": 20}])
    monkeypatch.setattr(compare, "compare", lambda *a, **k: rows[rows.outcome == k[
        "outcomes"][0]])
    w, _, st = adaptive._widest(None, "recovered", 10, 0)
    assert st == "a" and w == pytest.approx(0.4)
    w, _, st = adaptive._widest(None, "final_trust", 10, 0)
    assert st == "b" and w == pytest.approx(0.3)
