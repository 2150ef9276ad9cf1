"""Lever smoothness tool: known answers on synthetic response curves, paired seeds, the
same results for any worker count, the target table's coverage, and one small run of the
real model (and of the benchmark script)."""

from __future__ import annotations

import importlib.util
import math
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from trustsim.experiments import confirm_seeds as cs
from trustsim.experiments import smoothness as sm
from trustsim.experiments.smoothness import Target
from trustsim.outcomes import OUTCOMES
from trustsim.params import describe
from trustsim.scenario import bundled_scenarios
from trustsim.strategies import LEVERS

ROOT = Path(__file__).resolve().parents[1]
PARAMS = {r["name"]: r for r in describe()}


def _noise(seed: int) -> float:
    """A value in [0, 1) fixed by the seed (what a seed does to a real run)."""
    return float(np.random.default_rng(1000 + seed).random())


def fake_run(scenario: str, seed: int, params, outcome: str) -> float:
    """A stand-in model: the 'scenario' names the response curve of the swept lever.

    The swept lever is the one parameter in ``params`` besides ``n_users``. Module level,
    so that it pickles into worker processes.
    """
    x = next(v for k, v in params.items() if k != "n_users")
    if scenario == "step":  # a switch between 0.4 and 0.5
        return 1.0 if x > 0.45 else 0.0
    if scenario == "linear":
        return float(x)
    if scenario == "start_up":  # most of the effect in the first tenth, then a slow rise
        return 0.0 if x < 0.05 else 0.8 + 0.2 * x
    if scenario == "start_down":  # the same, falling
        return 1.0 if x < 0.05 else 0.2 - 0.2 * x
    if scenario == "end_up":  # a jump in the last tenth
        return 0.1 * x if x < 0.95 else 1.0
    if scenario == "flat":  # moves less than final_trust's min_effect (0.02)
        return 0.001 * x
    if scenario == "tent":  # up then down: end to end 0, max - min 1
        return 1.0 - abs(2.0 * x - 1.0)
    if scenario == "noisy":  # seed noise five times the lever's effect
        return float(x) + 5.0 * _noise(seed)
    if scenario == "wobbly":  # noise that differs between values: pairing cannot cancel it
        return float(x) + 0.3 * _noise(seed + 100 * round(10 * x))
    if scenario == "pure_noise":  # no effect at all, noise that differs between values
        return 0.3 * _noise(seed + 100 * round(10 * x))
    if scenario == "cliff_at_default":  # consistency: default 0.8, step at 0.75
        return 1.0 if x > 0.75 else 0.0
    if scenario == "lumpy":  # each seed switches at its own point: the mean rises evenly
        return 1.0 if x > (seed + 0.5) / 10 else 0.0
    if scenario == "offset_lump":  # one lump per seed at its own point, seeds' levels apart
        return _noise(5000 + seed) + (1.0 if _noise(31 * seed) < x else 0.0)
    if scenario == "half":  # a guarantee that halves the run at 20 % and more
        return 1.0 if x < 0.15 else 0.5
    if scenario == "fails":
        if x > 0.85:
            raise RuntimeError("boom")
        return float(x)
    raise ValueError(scenario)


def _never_run(scenario: str, seed: int, params, outcome: str) -> float:
    raise AssertionError("nothing should run")


def _report(shape: str, lever: str = "disclosure", **kw):
    targets = {lever: Target(shape, "final_trust", "test")}
    runs = sm.sweep_levers([lever], seeds=kw.pop("seeds", 3), targets=targets,
                           run_one=fake_run, **kw)
    return runs, sm.smoothness_report(runs).iloc[0]


# --- known answers -------------------------------------------------------------------

def test_a_step_is_a_knife_edge():
    _, r = _report("step")
    assert r.jump_share == pytest.approx(1.0)
    assert r.verdict == "knife-edge"
    assert (r.jump_at, r.jump_to) == pytest.approx((0.4, 0.5))
    assert r.total_effect == pytest.approx(1.0)


def test_a_knife_edge_says_where_its_jump_is():
    """A step inside the range is an interior cliff; one in the first or last step of the
    range is a steep start or end, whichever way the outcome moves."""
    _, mid = _report("step")
    assert (mid.verdict, mid.jump_where) == ("knife-edge", "interior")
    assert sm.verdict_text(mid) == "knife-edge (interior)"
    for shape, where in (("start_up", "start"), ("start_down", "start"), ("end_up", "end")):
        _, r = _report(shape)
        assert (r.verdict, r.jump_where) == ("knife-edge", where), shape
    runs = pd.concat([_report(s, lever)[0] for s, lever in
                      (("start_up", "disclosure"), ("step", "consistency"),
                       ("linear", "media_relations"))])
    text = sm.count_text(sm.smoothness_report(runs, n_boot=0))
    assert text == ("smooth: 1, knife-edge: 2, inert: 0, noise: 0, undefined: 0, error: 0 "
                    "(of the knife-edges: 1 start, 1 interior, 0 end)")


def test_a_straight_line_is_smooth_with_a_tenth_per_step():
    _, r = _report("linear")
    assert r.jump_share == pytest.approx(0.1)
    assert r.verdict == "smooth"
    assert r.total_effect == pytest.approx(1.0)
    assert r.default_jump_share == pytest.approx(0.1)  # disclosure's default 0.5


def test_a_flat_response_is_inert_and_not_divided_by_almost_zero():
    _, r = _report("flat")
    assert r.verdict == "inert"
    assert r.total_effect == pytest.approx(0.001)
    assert r.min_effect == OUTCOMES["final_trust"].min_effect
    assert math.isnan(r.jump_share) and math.isnan(r.default_jump_share)


def test_a_non_monotone_lever_is_judged_by_max_minus_min():
    _, r = _report("tent")
    assert r.end_effect == pytest.approx(0.0)  # end to end it looks like nothing
    assert r.total_effect == pytest.approx(1.0)
    assert r.jump_share == pytest.approx(0.2)
    assert r.verdict == "smooth"


def test_the_verdict_threshold_is_the_issue_goal_and_adjustable():
    runs, _ = _report("linear")
    assert sm.MAX_JUMP_SHARE == 0.35
    strict = sm.smoothness_report(runs, max_jump_share=0.05).iloc[0]
    assert strict.verdict == "knife-edge"


def test_a_default_on_a_cliff_is_reported():
    _, r = _report("cliff_at_default", lever="consistency")  # default 0.8
    assert PARAMS["consistency"]["default"] == 0.8
    assert r.default_jump_share == pytest.approx(1.0)
    _, lin = _report("linear", lever="consistency")
    assert lin.default_jump_share == pytest.approx(0.1)


def test_a_default_outside_the_swept_values_has_no_default_jump():
    runs = sm.sweep_lever("consistency", "linear", np.linspace(0.0, 0.5, 11), 2,
                          "final_trust", run_one=fake_run)  # default 0.8
    r = sm.smoothness_report(runs).iloc[0]
    assert r.verdict == "smooth" and math.isnan(r.default_jump_share)


def test_descriptive_outcomes_get_a_fallback_smallest_effect():
    assert sm.min_effect_of("users_departed") == OUTCOMES["users_departed"].min_effect
    assert sm.min_effect_of("customers_ran") == 0.01  # a share without a direction
    assert sm.min_effect_of("time_to_trough") == 7.0  # days
    with pytest.raises(KeyError):
        sm.min_effect_of("no_such_outcome")


# --- seeds, workers, failures ------------------------------------------------------------

def test_every_value_runs_the_same_seeds():
    runs, _ = _report("linear", seeds=[7, 3, 11])
    by_value = runs.groupby("value")["seed"].apply(sorted)
    assert len(by_value) == 11
    assert all(s == [3, 7, 11] for s in by_value)


def test_paired_seeds_cancel_seed_noise():
    # Noise five times the lever's effect would swamp unpaired medians; on common random
    # numbers every value's median moves by exactly the lever's effect.
    runs, r = _report("noisy", seeds=5)
    assert r.jump_share == pytest.approx(0.1)
    assert r.verdict == "smooth"
    # The same runs with the seeds shuffled between values (unpaired) are a knife-edge.
    rng = np.random.default_rng(0)
    shuffled = runs.copy()
    shuffled["result"] = [fake_run("noisy", int(s), {"disclosure": v}, "final_trust")
                          for v, s in zip(runs["value"], rng.permutation(100)[:len(runs)],
                                          strict=True)]
    assert sm.smoothness_report(shuffled, n_boot=0).iloc[0].jump_share > 0.35


def test_the_worker_count_does_not_change_results():
    targets = {"disclosure": Target("noisy", "final_trust", "test"),
               "consistency": Target("step", "final_trust", "test"),
               "response_delay": Target("linear", "final_trust", "test", 0, 30)}
    kw = dict(seeds=3, targets=targets, run_one=fake_run)
    serial = sm.sweep_levers(**kw, workers=1)
    parallel = sm.sweep_levers(**kw, workers=2)
    pd.testing.assert_frame_equal(serial, parallel)
    pd.testing.assert_frame_equal(sm.smoothness_report(serial),
                                  sm.smoothness_report(parallel))


def test_a_levers_row_does_not_depend_on_the_other_levers_reported():
    noisy, _ = _report("noisy", seeds=4)
    other, _ = _report("linear", lever="consistency", seeds=4)
    alone = sm.smoothness_report(noisy)
    together = sm.smoothness_report(pd.concat([other, noisy]))
    pd.testing.assert_frame_equal(alone, together.iloc[[1]].reset_index(drop=True))


def test_the_bootstrap_band_is_narrow_when_pairing_cancels_noise_and_wide_when_not():
    _, paired = _report("noisy", seeds=6)
    assert paired.jump_share_q90 - paired.jump_share_q10 < 1e-9
    _, wobbly = _report("wobbly", seeds=6)
    assert wobbly.jump_share_q90 - wobbly.jump_share_q10 > 0.05


def test_a_failed_run_is_reported_and_the_sweep_goes_on():
    runs, r = _report("fails")
    assert (runs["error"] != "").sum() == 2 * 3  # values 0.9 and 1.0, three seeds
    assert runs.loc[runs["error"] != "", "error"].str.contains("RuntimeError: boom").all()
    assert r.verdict == "error" and r.failed_runs == 6


def test_targets_pass_their_range_overrides_and_the_user_count():
    seen = []

    def recording(scenario, seed, params, outcome):
        seen.append((scenario, seed, dict(params), outcome))
        return 0.0

    sm.sweep_levers(["compensation_days"], seeds=1, users=123, run_one=recording)
    tg = sm.TARGETS["compensation_days"]
    assert [p["compensation_days"] for _, _, p, _ in seen] == list(range(1, 362, 36))
    assert all(p["compensation_share"] == 0.5 and p["n_users"] == 123
               for _, _, p, _ in seen)
    assert {(s, o) for s, _, _, o in seen} == {(tg.scenario, tg.outcome)}


def test_an_unmapped_name_is_refused():
    with pytest.raises(KeyError, match="no target"):
        sm.sweep_levers(["n_users"], seeds=1, run_one=fake_run)


# --- grid and partial effect ---------------------------------------------------------------

def test_the_grid_is_the_tenths_of_the_range():
    assert sm.grid("disclosure") == pytest.approx([k / 10 for k in range(11)])
    assert sm.grid("response_delay") == list(range(0, 31, 3))  # its plausible range
    assert sm.grid("rectification_days", low=1, high=3) == [1, 2, 3]  # distinct integers
    assert sm.grid("platforms_per_user", low=1, high=2, points=3) == [1.0, 1.5, 2.0]
    assert sm.grid("negativity_bias", low=1, high=2, points=3) == [1.0, 1.5, 2.0]
    with pytest.raises(ValueError):
        sm.grid("stance")


def test_partial_effect_tells_a_partial_guarantee_from_a_switch():
    def effect(shape):
        runs, _ = _report(shape, lever="guarantee_coverage")
        return sm.partial_effect(runs, "guarantee_coverage", 0.2)

    assert effect("half")["verdict"] == "partly effective"
    assert effect("half")["left"] == pytest.approx(0.5)
    assert effect("linear")["verdict"] == "no effect"  # goes up, does not reduce
    flip = effect("step")  # 0 at 0.2, 1 above: base 0 -> nothing to reduce
    assert flip["verdict"] == "no effect"


# --- the target table ---------------------------------------------------------------------

def test_every_numeric_lever_and_behavioural_parameter_has_a_target():
    cov = sm.coverage()
    assert list(cov.loc[cov["status"] == "unmapped", "name"]) == []
    numeric_levers = {n for n in LEVERS if PARAMS[n]["type"] in ("int", "float")}
    assert numeric_levers <= set(sm.TARGETS)
    assert set(cov.loc[cov["status"] == "swept", "name"]) == set(sm.TARGETS)
    assert {"n_users", "steps", "mean_degree"} <= set(
        cov.loc[cov["status"] == "not swept", "name"])


def test_targets_name_real_scenarios_outcomes_and_ranges_around_the_default():
    scenarios = set(bundled_scenarios())
    for name, tg in sm.TARGETS.items():
        row = PARAMS[name]
        assert tg.scenario in scenarios, name
        assert tg.outcome in OUTCOMES, name
        assert tg.reason, name
        assert set(tg.overrides) <= set(PARAMS), name
        values = sm.grid(name, 11, tg.low, tg.high)
        assert row["min"] <= values[0] <= row["default"] <= values[-1] <= row["max"], name
        narrowed = (tg.low is not None and tg.low != row["min"]) or (
            tg.high is not None and tg.high != row["max"])
        assert bool(tg.range_note) == narrowed, name


# --- text and figure ----------------------------------------------------------------------

def test_format_report_and_plot_show_every_lever():
    runs = pd.concat([_report(shape, lever)[0] for shape, lever in
                      (("step", "disclosure"), ("linear", "consistency"),
                       ("flat", "user_care"))])
    report = sm.smoothness_report(runs)
    text = sm.format_report(report)
    for lever in ("disclosure", "consistency", "user_care"):
        assert lever in text
    assert "smooth: 1, knife-edge: 1, inert: 1" in text
    fig = sm.plot_sweeps(runs, report)
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(visible) == 3
    for ax in visible:
        assert ax.title.get_fontsize() >= 9 and ax.yaxis.label.get_fontsize() >= 9
        assert all(t.get_fontsize() >= 9 for t in ax.get_xticklabels())


# --- the real model -------------------------------------------------------------------------

def test_end_to_end_on_the_real_model():
    runs = sm.sweep_levers(["guarantee_coverage", "leave_loss_share"], seeds=2, users=200,
                           points=3)
    assert len(runs) == 2 * 3 * 2 and (runs["error"] == "").all()
    report = sm.smoothness_report(runs)
    assert list(report["lever"]) == ["guarantee_coverage", "leave_loss_share"]
    assert set(report["verdict"]) <= {"smooth", "knife-edge", "inert"}
    med = runs.groupby(["lever", "value"])["result"].median()
    # A full guarantee damps the rumour run; leaving at no loss empties more than never.
    assert med["guarantee_coverage", 1.0] < med["guarantee_coverage", 0.0]
    assert med["leave_loss_share", 0.0] > med["leave_loss_share", 1.0]


def test_the_benchmark_script_writes_its_outputs(tmp_path, capsys):
    spec = importlib.util.spec_from_file_location(
        "lever_smoothness", ROOT / "benchmarks" / "lever_smoothness.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    with pytest.raises(SystemExit) as exc:
        script.main(["--only", "no_such_lever"])
    assert exc.value.code == 2
    out = tmp_path / "smooth"
    assert script.main(["--only", "guarantee_coverage", "--seeds", "1", "--users", "200",
                        "--points", "2", "--out", str(out)]) == 0
    for name in ("runs.csv", "report.csv", "summary.md", "sweeps.png", "defaults.csv"):
        assert (out / name).stat().st_size > 0
    summary = (out / "summary.md").read_text()
    assert "| guarantee_coverage | bank_run_2023 | peak_withdrawal_share |" in summary
    assert "## Not swept" in summary
    # Two values: the default's tenth is the whole range, so it is swept again around it.
    local = pd.read_csv(out / "defaults.csv")
    assert list(local["lever"]) == ["guarantee_coverage"]
    assert local["verdict"].iloc[0] in ("gradual", "on a cliff")
    assert "beside the default, **" in summary and "A fiftieth of the range apart:" in summary
    # Two values make the one step the first: a steep start (when it moves what matters),
    # looked at closer within its first tenth (guarantee_coverage is a share, no rate).
    steep = pd.read_csv(out / "steep.csv")
    first = pd.read_csv(out / "report.csv").iloc[0]
    assert len(steep) == int(first["verdict"] == "knife-edge")
    assert "## Knife-edges looked at closer" in summary
    if len(steep):  # 1 seed, 200 users: a knife-edge on every run so far
        assert steep["scale"].iloc[0] == "first step"
        assert "| guarantee_coverage | first step | 0-1 |" in summary  # 2 points: one step
    # --steep-only redoes that stage on the run in --out and keeps its settings
    with pytest.raises(SystemExit) as exc:
        script.main(["--steep-only", "--out", str(tmp_path / "nothing")])
    assert exc.value.code == 2
    text = (out / "summary.md").read_text()
    head, body = text.split("## Verdicts")
    body = body.split("## Knife-edges looked at closer")[0]
    assert body != text.split("## Verdicts")[1]  # (the section is there to split at)
    for _ in range(2):  # the seeds are those of runs.csv; one settings line, the last
        assert script.main(["--steep-only", "--users", "200", "--out", str(out)]) == 0
    again = (out / "summary.md").read_text()
    assert again.startswith(head.rstrip("\n")) and body in again
    assert again.count("- knife-edges looked at closer ") == 1
    assert "1 seeds, those of runs.csv" in again
    # more seeds than the tenths had, for some of the steep starts (a closer check)
    assert script.main(["--steep-only", "--seeds", "2", "--only", "guarantee_coverage",
                        "--users", "200", "--out", str(out)]) == 0
    again = (out / "summary.md").read_text()
    assert "2 seeds, 0..1, only guarantee_coverage" in again
    if len(steep):
        assert sorted(pd.read_csv(out / "steep_runs.csv")["seed"].unique()) == [0, 1]
    # --only a lever that is no steep start: said so, and the other rows are kept
    before = pd.read_csv(out / "steep.csv")
    capsys.readouterr()
    assert script.main(["--steep-only", "--only", "leave_loss_share", "--users", "200",
                        "--out", str(out)]) == 0
    assert "not knife-edges in" in capsys.readouterr().out
    pd.testing.assert_frame_equal(pd.read_csv(out / "steep.csv"), before)
    # --merge: another lever re-run into the same folder keeps the first one's rows.
    first = pd.read_csv(out / "runs.csv")
    with pytest.raises(SystemExit) as exc:
        script.main(["--only", "leave_loss_share", "--merge", "--out", str(tmp_path / "x")])
    assert exc.value.code == 2
    assert script.main(["--only", "leave_loss_share", "--seeds", "1", "--users", "200",
                        "--points", "2", "--merge", "--out", str(out)]) == 0
    # Only the re-run lever is swept again around its default; the other row is kept.
    again = pd.read_csv(out / "defaults.csv")
    assert list(again["lever"]) == ["guarantee_coverage", "leave_loss_share"]
    pd.testing.assert_frame_equal(again.iloc[:1], local)
    merged = pd.read_csv(out / "runs.csv")
    assert list(merged["lever"].unique()) == ["guarantee_coverage", "leave_loss_share"]
    pd.testing.assert_frame_equal(
        merged[merged["lever"] == "guarantee_coverage"].reset_index(drop=True), first)
    summary = (out / "summary.md").read_text()
    assert "| guarantee_coverage |" in summary and "| leave_loss_share |" in summary
    assert "- date: " in summary and "- re-run " in summary and "merged" in summary
    # the merge redid the steep stage: the --steep-only line above no longer holds
    assert "- knife-edges looked at closer " not in summary
    # --no-local leaves no stale stage beside the new summary.
    assert script.main(["--only", "leave_loss_share", "--seeds", "1", "--users", "200",
                        "--points", "2", "--merge", "--no-local", "--out", str(out)]) == 0
    assert not (out / "defaults.csv").exists()


def test_the_mean_reads_smoothly_where_the_median_of_lumpy_seeds_jumps():
    """Ten seeds, each switching from 0 to 1 at its own tenth: the median jumps where half
    the seeds have switched (a knife-edge by the rule), the mean rises a tenth a step."""
    runs, r = _report("lumpy", seeds=10)
    assert r.verdict == "knife-edge" and r.jump_share == pytest.approx(0.5)
    assert r.mean_jump_share == pytest.approx(0.1)
    # On a true switch every seed moves at once: mean and median jump alike.
    _, step = _report("step", seeds=10)
    assert step.jump_share == pytest.approx(1.0) and step.mean_jump_share == pytest.approx(1.0)
    text = sm.format_report(sm.smoothness_report(runs))
    assert " 0.10 " in text and "mean: the jump share of the mean" in text


def test_medians_that_move_only_with_the_seeds_are_noise_not_a_knife_edge():
    """A lever that does nothing, on outcomes whose noise differs between values: the
    medians move by more than what matters and their largest step looks like a cliff, but
    the seeds do not rank the values alike, so the verdict is noise."""
    _, r = _report("pure_noise", seeds=15)  # this realisation: p 0.074
    assert r.total_effect > 0.02 and r.jump_share > 0.35  # a knife-edge by the jump alone
    assert r.effect_p > 0.05 and r.verdict == "noise"
    # A real effect under the same noise is told apart from it (both directions).
    _, real = _report("wobbly", seeds=10)
    assert real.effect_p < 0.01 and real.verdict == "smooth"


def test_a_lumpy_effect_is_real_though_its_median_jumps():
    # Each seed switches at its own value: the ranks agree across seeds, so the effect is
    # real (p at the floor of 4,999 shuffles) and the median's jump stays a knife-edge.
    _, r = _report("lumpy", seeds=10)
    assert r.effect_p == pytest.approx(1 / 5000) and r.verdict == "knife-edge"
    _, step = _report("start_down", seeds=10)
    assert step.effect_p < 0.01 and step.verdict == "knife-edge"


def test_the_noise_check_needs_five_seeds_and_ignores_seeds_that_never_move():
    table = np.tile(np.linspace(0.0, 1.0, 11)[:, None], (1, 4))
    assert math.isnan(sm.effect_p_value(table))  # four seeds: too few to tell
    flat = np.zeros((11, 20))
    assert sm.effect_p_value(flat) == pytest.approx(1.0)  # every seed tied: no evidence
    moving = np.hstack([np.tile(np.linspace(0.0, 1.0, 11)[:, None], (1, 5)), flat])
    assert sm.effect_p_value(moving) < 0.01  # five seeds that move, twenty that do not
    shuffled = np.random.default_rng(3).permuted(moving, axis=0)
    assert sm.effect_p_value(shuffled) > 0.05


def test_the_noise_check_is_calibrated_and_sees_a_step_between_plateaus():
    """Over many tables where the lever does nothing, about one in ten (two tests, each at
    0.05, the smaller p kept) is read as an effect; a step between two wobbly plateaus,
    which Friedman's spread test alone sees poorly, is found by the trend test."""
    rng = np.random.default_rng(42)
    null = [sm.effect_p_value(rng.normal(size=(11, 10)), n_perm=499,
                              rng=np.random.default_rng(i)) for i in range(300)]
    false_share = np.mean(np.array(null) <= 0.05)
    assert 0.03 < false_share < 0.14, false_share
    # Plateaus with noise of sd 1; a step of 3 at the middle in a third of the seeds.
    found = []
    for i in range(100):
        t = rng.normal(size=(11, 12))
        t[6:, :4] += 3.0
        found.append(sm.effect_p_value(t, n_perm=499, rng=np.random.default_rng(i)) <= 0.05)
    assert np.mean(found) > 0.8, np.mean(found)


_ORPHAN_SCRIPT = """
import multiprocessing, os, sys, time
from concurrent.futures import ProcessPoolExecutor
from trustsim.experiments.runner import exit_with_parent

def pid(_):
    time.sleep(0.2)
    return os.getpid()

def spin(_):
    t = time.time()
    while time.time() - t < 60:
        pass

if __name__ == "__main__":
    guard = sys.argv[1] == "guarded"
    pool = ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn"),
                               initializer=exit_with_parent if guard else None,
                               initargs=(os.getpid(),) if guard else ())
    pids, t0 = set(), time.time()
    while len(pids) < 2 and time.time() - t0 < 60:  # (on a busy machine one worker may start
        pids |= set(pool.map(pid, range(6)))        # late and the other do every task)
    for _ in range(4):
        pool.submit(spin, 0)
    print(" ".join(map(str, sorted(pids))), flush=True)
    time.sleep(0.5)
    os._exit(0)  # the sweep dies without shutting its pool down (kill, closed terminal)
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in state  # a zombie has ended


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_pool_workers_end_when_the_process_that_started_them_dies(tmp_path) -> None:
    """The lever sweep's worker processes used to run on for 40 minutes after the sweep was
    killed. With ``exit_with_parent`` they end within seconds; without it they are still
    running (the test's other direction; they are then killed here)."""
    script = tmp_path / "orphans.py"
    script.write_text(_ORPHAN_SCRIPT)
    for mode in ("guarded", "bare"):
        # The workers inherit the output pipe: read the line, do not wait for its end.
        with subprocess.Popen([sys.executable, str(script), mode], stdout=subprocess.PIPE,
                              text=True) as proc:
            line = proc.stdout.readline()
            assert proc.wait(timeout=120) == 0
            proc.stdout.close()
        pids = [int(p) for p in line.split()]
        assert len(pids) == 2, line
        deadline = time.monotonic() + 5
        while any(_alive(p) for p in pids) and time.monotonic() < deadline:
            time.sleep(0.2)
        left = [p for p in pids if _alive(p)]
        for p in left:
            os.kill(p, signal.SIGKILL)
        if mode == "guarded":
            assert not left, f"workers still running after their parent died: {left}"
        else:
            assert left == pids  # without the guard they would have run on


def test_more_seeds_tell_lumps_from_a_switch():
    """Each seed's outcome steps once, at its own point, on top of its own level (a
    platform fails or not): at 10 seeds the median jumps where most seeds have stepped (a
    knife-edge); read again at 40 seeds it rises smoothly. A switch every seed makes at
    once stays a knife-edge however many seeds. Only the missing seeds are run."""
    targets = {"disclosure": Target("offset_lump", "final_trust", "test"),
               "compensation_share": Target("step", "final_trust", "test"),
               "education_campaign": Target("linear", "final_trust", "test")}
    runs = sm.sweep_levers(list(targets), seeds=10, targets=targets, run_one=fake_run)
    report = sm.smoothness_report(runs)
    assert list(report["verdict"]) == ["knife-edge", "knife-edge", "smooth"]
    added, again = cs.confirm_knife_edges(runs, report, seeds=40, targets=targets,
                                          run_one=fake_run)
    assert sorted(added["seed"].unique()) == list(range(10, 40))
    assert len(added) == 2 * 11 * 30  # the two knife-edges, 30 new seeds, 11 values
    assert set(added["lever"]) == {"disclosure", "compensation_share"}
    by = again.set_index("lever")
    assert list(by.index) == ["disclosure", "compensation_share"]
    lump, switch = by.loc["disclosure"], by.loc["compensation_share"]
    assert lump.jump_share_before > 0.5 and lump.jump_share < 0.25 and lump.verdict == "smooth"
    assert lump.n_seeds == 40 and lump.verdict_before == "knife-edge"
    assert switch.jump_share == pytest.approx(1.0) and switch.verdict == "knife-edge"
    # Runs that already have the seeds are not run again; other values are refused.
    more, same = cs.confirm_knife_edges(pd.concat([runs, added]), report, seeds=40,
                                        targets=targets, run_one=fake_run)
    assert len(more) == 0 and same["jump_share"].tolist() == again["jump_share"].tolist()
    with pytest.raises(ValueError, match="other values"):  # before any run
        cs.confirm_knife_edges(runs, report, seeds=12, points=5, targets=targets,
                               run_one=_never_run)
    none_added, none = cs.confirm_knife_edges(runs, report[report["verdict"] == "smooth"],
                                              targets=targets, run_one=fake_run)
    assert len(none_added) == 0 and len(none) == 0


def test_the_benchmark_script_reads_knife_edges_again_at_more_seeds(tmp_path, capsys):
    """--confirm N and --confirm-only: the knife-edges swept again on seeds 0..N-1 (only the
    missing seeds run), their readings beside the report's in confirm.csv and the summary,
    kept by later stages and merges of other levers, dropped with the lever re-run."""
    spec = importlib.util.spec_from_file_location(
        "lever_smoothness", ROOT / "benchmarks" / "lever_smoothness.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    out = tmp_path / "smooth"
    small = ["--users", "200", "--points", "2", "--out", str(out)]
    for bad in (["--confirm", "1"], ["--seeds", "2", "--confirm", "2"],
                ["--confirm-only", "--out", str(tmp_path / "nothing")]):
        with pytest.raises(SystemExit) as exc:
            script.main(["--only", "guarantee_coverage", *bad])
        assert exc.value.code == 2
    assert script.main(["--only", "guarantee_coverage", "--seeds", "2", "--no-local",
                        "--no-steep", "--confirm", "3", *small]) == 0
    report = pd.read_csv(out / "report.csv")
    # 2 values, one step: the whole effect (share 1.0 at 200 users; a model change that
    # made it inert would leave this test nothing to read).
    assert report["verdict"].tolist() == ["knife-edge"]
    confirm = pd.read_csv(out / "confirm.csv")
    added = pd.read_csv(out / "confirm_runs.csv")
    summary = (out / "summary.md").read_text()
    assert confirm["n_seeds"].tolist() == [3]
    assert confirm["lever"].tolist() == ["guarantee_coverage"]
    assert sorted(added["seed"].unique()) == [2] and len(added) == 2  # seed 2, 2 values
    assert "## Knife-edges read again at 3 seeds" in summary
    assert "knife-edges at 3 seeds: 2 runs" in summary  # in the cost line
    # --confirm-only at 4 seeds on the run in --out: seed 3 only is run (seed 2 was read).
    capsys.readouterr()
    assert script.main(["--confirm-only", "--confirm", "4", "--out",
                        str(out)]) == 0  # --users and --points: the earlier run's
    again = (out / "summary.md").read_text()
    assert sorted(pd.read_csv(out / "confirm_runs.csv")["seed"].unique()) == [2, 3]
    assert pd.read_csv(out / "confirm.csv")["n_seeds"].tolist() == [4]
    assert "## Knife-edges read again at 4 seeds" in again
    assert again.count("- knife-edges read again ") == 1 and "4 seeds: 2 runs" in again
    assert script.main(["--confirm-only", "--confirm", "4", "--out", str(out)]) == 0
    assert "4 seeds: 0 runs" in (out / "summary.md").read_text()  # all read: none run
    for bad in (["--confirm", "2"], ["--confirm", "5", "--users", "300"]):
        assert script.main(["--confirm-only", *bad, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "already have 2 seeds" in err and "used 200" in err
    with pytest.raises(SystemExit):  # --confirm-only reads the run's seeds
        script.main(["--confirm-only", "--seeds", "3", "--out", str(out)])
    # Merging another lever keeps the reading (while still a knife-edge); re-running the
    # lever itself without --confirm drops it and its settings line.
    assert script.main(["--only", "leave_loss_share", "--seeds", "2", "--no-local",
                        "--no-steep", "--merge", *small]) == 0
    assert pd.read_csv(out / "confirm.csv")["lever"].tolist() == ["guarantee_coverage"]
    assert "## Knife-edges read again at 4 seeds" in (out / "summary.md").read_text()
    assert script.main(["--only", "guarantee_coverage", "--seeds", "2", "--no-local",
                        "--no-steep", "--merge", *small]) == 0
    text = (out / "summary.md").read_text()
    assert not (out / "confirm.csv").exists() or "guarantee_coverage" not in set(
        pd.read_csv(out / "confirm.csv")["lever"])
    assert "Knife-edges read again" not in text and "knife-edges read again" not in text
