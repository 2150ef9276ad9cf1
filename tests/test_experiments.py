"""Experiment files and sweeps: loading and strict validation, the plan and its paired
seeds, failing runs, progress output and the ``trustsim sweep`` command."""

from __future__ import annotations

import io
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

import pandas as pd
import pytest

import trustsim
from trustsim import cli
from trustsim.crises import CRISES, Crisis, register_crisis
from trustsim.experiments import progress as progress_module
from trustsim.experiments.plan import run_seed
from trustsim.experiments.progress import Progress, resolve_mode
from trustsim.experiments.runner import _task, _works, run_work
from trustsim.experiments.spec import bundled_experiments, load_experiment
from trustsim.experiments.worker import execute_run
from trustsim.scenario import ScenarioError

TRUSTSIM = Path(sys.executable).with_name("trustsim")
BUNDLED_DIR = Path(trustsim.__file__).parent / "data" / "experiments"
ROOT = Path(__file__).resolve().parents[1]


def trustsim_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(TRUSTSIM), *args], capture_output=True, text=True,
                          timeout=120, cwd=cwd)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


class BoomCrisis(Crisis):
    """Test only: raises on day ``time`` in worlds with an odd number of users."""

    description: ClassVar[str] = "test only: raises when n_users is odd"

    def apply(self, model) -> None:
        if model.p.n_users % 2:
            raise RuntimeError("boom: odd n_users")


@pytest.fixture
def boom():
    """Register the raising crisis for one test (never at import: the registry is shared)."""
    register_crisis("test_boom")(BoomCrisis)
    yield "test_boom"
    CRISES.pop("test_boom", None)


SEED_3_7 = 7134571888450852638

TINY = """
name: tiny
params: {n_users: 150, steps: 12}
"""


# ----------------------------------------------------------------------------- bundled
def test_bundled_experiments_match_the_folder_and_the_repo_symlink():
    names = sorted(p.stem for p in BUNDLED_DIR.glob("*.yaml"))
    assert names == sorted(bundled_experiments())
    assert {"smoke", "compare_strategies", "sensitivity_sobol", "sensitivity_morris"} <= set(
        names)
    assert (ROOT / "experiments").resolve() == BUNDLED_DIR.resolve()


@pytest.mark.parametrize("name", sorted(p.stem for p in BUNDLED_DIR.glob("*.yaml")))
def test_every_bundled_experiment_loads_by_name_and_by_path(name):
    by_name = load_experiment(name)
    by_path = load_experiment(BUNDLED_DIR / f"{name}.yaml")
    assert by_name.name == name
    assert by_name.settings_hash() == by_path.settings_hash()
    assert len(by_name.plan()) == by_name.n_runs
    assert by_name.text.startswith("#")  # the file verbatim, comments included


@pytest.mark.parametrize("name", sorted(p.stem for p in BUNDLED_DIR.glob("*.yaml")))
def test_every_bundled_experiment_runs_briefly(name):
    """One small run per scenario x strategy (and a few design points) completes."""
    exp = load_experiment(name)
    cells = {}
    for run in exp.plan():
        if run.replication == 0 and run.design_point < 2:
            cells.setdefault((run.scenario, run.strategy, run.design_point), run)
    for run in cells.values():
        task = _task(exp, run, exp.crisis_plugins())
        small = replace(task, overrides={**task.overrides, "n_users": 100, "steps": 10})
        out = execute_run(small)
        assert out.ok, out.traceback
        assert set(out.outcomes) == set(exp.outcome_names)


def test_flagship_is_at_least_four_crises_by_five_strategies_by_ten_replications():
    exp = load_experiment("compare_strategies")
    assert len(exp.scenarios) >= 4 and len(exp.strategies) >= 5 and exp.replications >= 10
    for sc in exp.scenario_objects.values():
        assert sc.crises, f"{sc.name} has no crisis"


def test_smoke_is_two_by_two_by_a_few():
    exp = load_experiment("smoke")
    assert (len(exp.scenarios), len(exp.strategies)) == (2, 2)
    assert 6 <= exp.replications <= 8  # the fewest pairs that carry a verdict, and quick


# ----------------------------------------------------------------------------- seeds
def test_seeds_are_paired_across_strategies_and_differ_elsewhere():
    exp = load_experiment("smoke")
    plan = exp.plan()
    by_key: dict[tuple, set[int]] = {}
    for r in plan:
        by_key.setdefault((r.scenario, r.design_point, r.replication), set()).add(r.seed)
    assert all(len(s) == 1 for s in by_key.values())  # one seed per world, any strategy
    seeds = [s.pop() for s in by_key.values()]
    assert len(set(seeds)) == len(seeds)  # distinct worlds get distinct seeds
    assert len({r.run_id for r in plan}) == len(plan)


def test_run_seed_is_stable_across_processes_and_hash_seeds():
    # A fixed value: the derivation uses CRC-32 of the scenario name, never hash().
    assert run_seed(20240601, "rumour_run", 3, 7) == SEED_3_7
    code = ("from trustsim.experiments.plan import run_seed;"
            "print(run_seed(20240601, 'rumour_run', 3, 7))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={"PYTHONHASHSEED": "12345"}, timeout=60).stdout.strip()
    assert out == str(SEED_3_7)
    assert run_seed(1, "a", 0, 0) != run_seed(1, "b", 0, 0) != run_seed(2, "b", 0, 0)
    assert run_seed(1, "a", 0, 0) != run_seed(1, "a", 1, 0) != run_seed(1, "a", 0, 1)


def test_paired_runs_share_their_worlds(tmp_path):
    """Same seed, different strategy: the network and the users are the same draws."""
    exp = load_experiment("smoke")
    res = trustsim.run_experiment(exp, out=tmp_path / "r", executor="serial", progress=False)
    s = res.summaries
    assert len(s) == exp.n_runs
    pairs = s.pivot_table(index=["scenario", "replication"], columns="strategy",
                          values="seed")
    assert (pairs.nunique(axis=1) == 1).all()
    first = s.iloc[0]
    a = trustsim.TrustModel(first["scenario"], "do_nothing", rng=int(first["seed"]),
                            **exp.overrides)
    b = trustsim.TrustModel(first["scenario"], "timely_truthful_disclosure",
                            rng=int(first["seed"]), **exp.overrides)
    assert (a.graph.adjacency != b.graph.adjacency).nnz == 0
    assert (a.population.cash == b.population.cash).all()
    assert (a.population.literacy == b.population.literacy).all()


@pytest.mark.parametrize("common", [False, True])
def test_common_seeds_give_every_design_point_the_same_worlds(tmp_path, common):
    """``common_seeds``: replication k of every design point runs on one seed, so a
    parameter that changes nothing in a scenario (compensation_days, with no compensation
    paid) gives every point the same outcomes; without it each point draws its own worlds
    and the same inert parameter's points differ by the seeds alone."""
    exp_file = tmp_path / "exp.yaml"
    exp_file.write_text(
        "scenarios: [rumour_run]\nstrategies: [do_nothing]\nreplications: 2\n"
        "params: {n_users: 200}\nsteps: 40\noutcomes: [trust_lost, customers_ran]\n"
        "timeseries: none\n"
        f"design:\n  method: grid\n  common_seeds: {str(common).lower()}\n"
        "  parameters:\n    compensation_days: {values: [10, 60, 200]}\n",
        encoding="utf-8")
    exp = load_experiment(exp_file)
    seeds = {(r.design_point, r.replication): r.seed for r in exp.plan()}
    same = [seeds[(0, k)] == seeds[(dp, k)] for dp in (1, 2) for k in (0, 1)]
    assert all(same) if common else not any(same)
    assert seeds[(0, 0)] != seeds[(0, 1)]  # replications still differ
    res = trustsim.run_experiment(exp, out=tmp_path / "r", executor="serial", progress=False)
    by_point = res.summaries.pivot_table(index="replication", columns="design_point",
                                         values="trust_lost")
    spread = by_point.max(axis=1) - by_point.min(axis=1)
    assert (spread == 0).all() if common else (spread > 0).all()
    assert res.manifest["design"]["common_seeds"] is common
    # a different seeding is a different experiment: the folder does not resume it
    other = load_experiment(exp_file, sets=[f"common_seeds={str(not common).lower()}"])
    assert other.settings_hash() != exp.settings_hash()


def test_common_seeds_without_a_design_is_refused(tmp_path):
    f = tmp_path / "exp.yaml"
    f.write_text("scenarios: [rumour_run]\nstrategies: [do_nothing]\n"
                 "design: {common_seeds: true}\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="common_seeds is not used without a design"):
        load_experiment(f)


def test_a_scenario_keeps_its_own_values_only_when_the_design_says_so(tmp_path):
    """``keep_scenario_values``: a design value does not replace a value the scenario sets
    itself (bank_run_2023: ``learning_rate`` 0.2, ``run_hazard`` 0.8, the era's speed;
    p2p_wave_2018: ``base_default_rate`` 0.035, inherited from sector_thunderstorm through
    ``extends``), and still reaches a scenario that does not set it (data_leak). Both ways:
    with it off the design value wins everywhere (the default). The flag is part of what
    decides the runs (a folder of one is not resumed by the other)."""
    hashes = []
    for keep in (False, True):
        f = write(tmp_path / f"e{keep}.yaml", f"""
scenarios: [bank_run_2023, data_leak, p2p_wave_2018]
strategies: [do_nothing]
replications: 1
design:
  method: grid
  keep_scenario_values: {str(keep).lower()}
  parameters:
    learning_rate: {{values: [0.06, 0.24]}}
    run_hazard: {{values: [0.2]}}
    base_default_rate: {{values: [0.05]}}
""")
        exp = load_experiment(f)
        hashes.append(exp.settings_hash())
        assert exp.n_runs == 6
        runs = {(r.scenario, r.design_point): r for r in exp.plan()}
        for point in range(2):
            bank, leak, wave = (_task(exp, runs[name, point], {}) for name in
                                ("bank_run_2023", "data_leak", "p2p_wave_2018"))
            sampled = exp.design_table.iloc[point].to_dict()
            assert leak.overrides == sampled
            if keep:
                assert bank.overrides == {"base_default_rate": 0.05}
                assert wave.overrides == {"learning_rate": sampled["learning_rate"],
                                          "run_hazard": 0.2}
                model = trustsim.TrustModel(bank.scenario, bank.strategy, rng=1,
                                            **bank.overrides)
                assert (model.p.learning_rate, model.p.run_hazard) == (0.2, 0.8)
                model = trustsim.TrustModel(wave.scenario, wave.strategy, rng=1,
                                            **wave.overrides)
                assert model.p.base_default_rate == 0.035
            else:
                assert bank.overrides == sampled and wave.overrides == sampled
    assert hashes[0] != hashes[1]


def test_a_bare_design_key_in_set_means_the_designs():
    """``--set samples=4`` and ``--set keep_scenario_values=false`` reach ``design``; a bare
    parameter name still means ``params`` and a top-level key itself."""
    exp = load_experiment("calibration", sets=["samples=4", "keep_scenario_values=false",
                                               "n_users=300", "replications=1"])
    assert exp.design.samples == 4 and not exp.design.keep_scenario_values
    assert exp.overrides["n_users"] == 300 and exp.replications == 1
    assert load_experiment("calibration").design.keep_scenario_values


def test_keeping_scenario_values_checks_the_worlds_the_runs_make(tmp_path):
    """The run length and world sizes checked before a sweep are those the runs will have:
    with ``keep_scenario_values`` the scenarios' own (no refusal of a crisis after day 5);
    without it the design's, refused with the file's line."""
    text = """
scenarios: [bank_run_2023, p2p_wave_2018]
strategies: [do_nothing]
replications: 1
design:
  method: grid
  keep_scenario_values: {keep}
  parameters:
    n_users: {{values: [100]}}
    steps: {{values: [5]}}
"""
    exp = load_experiment(write(tmp_path / "keep.yaml", text.format(keep="true")))
    assert exp.worlds == [(1000, 24), (2000, 2)]
    with pytest.raises(ScenarioError) as err:
        load_experiment(write(tmp_path / "off.yaml", text.format(keep="false")))
    assert err.value.key == "design.parameters.steps" and "crises.0" in err.value.message


@pytest.mark.parametrize("method, samples", [("morris", 4), ("sobol", 8)])
def test_a_sensitivity_analysis_refuses_to_keep_scenario_values(tmp_path, method, samples):
    f = write(tmp_path / "e.yaml", f"""
scenarios: [rumour_run]
strategies: [do_nothing]
design:
  method: {method}
  samples: {samples}
  keep_scenario_values: true
  parameters:
    herding_mean: {{range: [0.1, 0.8]}}
    learning_rate: {{range: [0.06, 0.24]}}
""")
    with pytest.raises(ScenarioError) as err:
        load_experiment(f)
    assert err.value.key == "design.keep_scenario_values" and err.value.line == 7
    assert method in err.value.message


def test_quoted_numbers_in_an_experiment_file_are_numbers_as_under_params(tmp_path):
    """``replications: "3"`` was refused ("valid integer") while ``herding_mean: "0.4"``
    under ``params:`` was read as 0.4, and ``n_users: "1000"`` there stopped the memory
    check with an unexpected TypeError: every number of the file now reads the same way.
    What is not a plain number of the field's kind stays refused, with its line."""
    exp = load_experiment(write(tmp_path / "e.yaml", """
scenarios: [rumour_run]
strategies: [do_nothing, full_rebuild]
replications: "3"
steps: " 30.0 "
seed: "7"
until_ci: {width: "0.05", max_replications: "9"}
design: {method: lhs, samples: "4", parameters: {herding_mean: {range: ["0.1", 0.8]}}}
params: {social_weight: "0.04", n_users: "300", mean_degree: "6"}
"""))
    assert (exp.replications, exp.steps, exp.seed) == (3, 30, 7)
    assert exp.params["social_weight"] == "0.04"  # as written (the settings hash)
    # the memory check read them as a run does (an unexpected TypeError before; trial)
    assert exp.worlds == [(300, 2)] and exp.world_bytes > 0
    assert (exp.until_ci.width, exp.until_ci.max_replications) == (0.05, 9)
    assert exp.design.samples == 4 and len(exp.plan()) == 4 * 2 * 3
    assert exp.design.parameters["herding_mean"].range == [0.1, 0.8]
    for bad, words in (('"3x"', "valid integer"), ('"2.5"', "valid integer"),
                       ("true", "not a number")):
        f = write(tmp_path / "bad.yaml", "scenarios: [rumour_run]\nstrategies: [do_nothing]\n"
                                         f"replications: {bad}\n")
        with pytest.raises(ScenarioError) as err:
            load_experiment(f)
        assert err.value.key == "replications" and err.value.line == 3
        assert words in err.value.message


# ----------------------------------------------------------------------------- validation
@pytest.mark.parametrize("text, line, key, words, suggestion", [
    ("scenarios: [smoke_test]\nstrategies: [do_nothing]\nreplicatons: 3\n", 3, "replicatons",
     "unknown key", "replications"),
    ("scenarios: [rumour_run]\nstrategies: [do_nothing]\nreplications: ten\n", 3,
     "replications", "valid integer", None),
    ("scenarios: [rumour_run]\nstrategies: [do_nothing]\nreplications: 0\n", 3,
     "replications", "greater than or equal to 1", None),
    ("scenarios: [rumour_run, data_lake]\nstrategies: [do_nothing]\n", 1, "scenarios.1",
     "no such scenario", "data_leak"),
    ("scenarios: [rumour_run]\nstrategies:\n  - do_nothing\n  - full_rebuilt\n", 4,
     "strategies.1", "no such strategy", "full_rebuild"),
    ("scenarios: [rumour_run]\nstrategies: [do_nothing]\noutcomes: [final_trust, finaltrust]\n",
     3, "outcomes.1", "not a summary outcome", "final_trust"),
    ("scenarios: [rumour_run]\nstrategies: [do_nothing]\ntimeseries: [mean_trst]\n", 3,
     "timeseries.0", "not a daily metric", "mean_trust"),
    ("scenarios: [rumour_run]\nstrategies: [do_nothing]\nparams:\n  n_user: 5\n", 4,
     "params.n_user", "unknown key", "n_users"),
    ("scenarios: [rumour_run]\nstrategies: [do_nothing]\nparams:\n  n_users: 1\n", 4,
     "params.n_users", "greater than or equal to 2", None),
    ("scenarios: [rumour_run]\nstrategies: [do_nothing]\nparams:\n  stance: deny\n", 4,
     "params.stance", "strategy do_nothing sets this lever", None),
    ("scenarios: [rumour_run]\nstrategies: [do_nothing]\ndesign:\n  method: lhs\n"
     "  samples: 4\n  parameters:\n    herding_mean: {range: [0.1, 0.8]}\n"
     "    guarantee_coverag: {range: [0, 1]}\n", 8,
     "design.parameters.guarantee_coverag", "not a model parameter", "guarantee_coverage"),
    ("scenarios: [rumour_run]\nstrategies: [do_nothing]\ndesign:\n  method: sobol\n"
     "  samples: 10\n  parameters:\n    herding_mean: {range: [0.1, 0.8]}\n"
     "    guarantee_coverage: {range: [0, 1]}\n", 5, "design.samples", "power of two", "16"),
    ("scenarios: [rumour_run]\nstrategies: [do_nothing]\ndesign:\n  method: grid\n"
     "  parameters:\n    herding_mean: {range: [0.1, 0.8], levles: 3}\n", 6,
     "design.parameters.herding_mean.levles", "unknown key", "levels"),
    ("scenarios: [rumour_run]\nstrategies: [do_nothing]\ndesign:\n  method: latin\n", 4,
     "design.method", "input should be", None),
    ("scenarios: [rumour_run]\nstrategies: [full_rebuild]\ndesign:\n  method: grid\n"
     "  parameters:\n    compensation_share: {values: [0.1, 0.5]}\n", 6,
     "design.parameters.compensation_share", "strategy full_rebuild sets this lever", None),
    # A grid from 0 passes its first point; every later one would have failed mid-run.
    ("scenarios: [p2p_wave_2018, data_leak]\nstrategies: [do_nothing]\ndesign:\n"
     "  method: grid\n  parameters:\n    size_concentration: {values: [0, 1]}\n", 6,
     "design.parameters.size_concentration", "scenario data_leak lists its platforms", None),
    ("scenarios: [rumour_run]\nstrategies:\n  - {name: mine, levers: {stance: shout}}\n", 3,
     "strategies.0.levers.stance", "input should be", None),
    ("scenarios: [rumour_run]\nstrategies:\n  - {name: mine, levers: {stanse: deny}}\n", 3,
     "strategies.0.levers.stanse", "unknown lever", "stance"),
    ("scenarios: [rumour_run, rumour_run]\nstrategies: [do_nothing]\n", 1, "scenarios.1",
     "same name", None),
    ("scenarios: [rumour_run]\nstrategies: [do_nothing, full_rebuild]\n"
     "baseline: full_rebuilt\n", 3, "baseline", "not one of the experiment's strategies",
     "full_rebuild"),
    # a typo in extends: is named at extends (it was at the strategy), a renamed strategy
    # says it was renamed (trial)
    ("scenarios: [rumour_run]\nstrategies:\n  - do_nothing\n  - name: g\n"
     "    extends: protection_fnd\n", 5, "strategies.1.extends", "no such strategy",
     "protection_fund"),
    ("scenarios: [rumour_run]\nstrategies:\n  - do_nothing\n  - name: g\n"
     "    extends: deposit_guarantee\n", 5, "strategies.1.extends",
     "deposit_guarantee is now called protection_fund", "protection_fund"),
    ("scenarios: [rumour_run]\nstrategies: [do_nothing]\nsteps: 10\nparams: {steps: 20}\n", 3,
     "steps", "set twice", None),
    ("scenarios: [rumour_run]\nstrategies: [do_nothing]\nheadline: user_loses\n", 3,
     "headline", "unknown outcome", "user_losses"),
    ("scenarios: [rumour_run]\nstrategies: [do_nothing]\noutcomes: [final_trust]\n"
     "headline: user_losses\n", 4, "headline", "does not keep this outcome", None),
])
def test_experiment_errors_name_file_line_key_and_suggestion(tmp_path, text, line, key,
                                                            words, suggestion):
    f = write(tmp_path / "exp.yaml", text)
    with pytest.raises(ScenarioError) as err:
        load_experiment(f)
    e = err.value
    assert (e.file, e.line, e.key) == (str(f), line, key), str(e)
    assert words in str(e)
    assert e.suggestion == suggestion
    assert str(e).startswith(f"{f}:{line}: {key}: ")


def test_a_bad_scenario_file_is_reported_at_its_own_line(tmp_path):
    write(tmp_path / "sc.yaml", "name: sc\nparams:\n  n_users: 100\n  herdng_mean: 0.3\n")
    f = write(tmp_path / "exp.yaml", "scenarios: [sc.yaml]\nstrategies: [do_nothing]\n")
    with pytest.raises(ScenarioError) as err:
        load_experiment(f)
    assert err.value.file == str(tmp_path / "sc.yaml") and err.value.line == 4
    assert err.value.suggestion == "herding_mean"


def test_scenario_paths_are_relative_to_the_experiment_file(tmp_path):
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub" / "tiny.yaml", TINY)
    f = write(tmp_path / "sub" / "exp.yaml", "scenarios: [tiny.yaml]\nstrategies: [do_nothing]\n")
    exp = load_experiment(f)
    assert list(exp.scenario_objects) == ["tiny"] and exp.name == "exp"


@pytest.mark.parametrize("text", ["", "- a\n- b\n", "scenarios: rumour_run\nstrategies: [x]\n",
                                  "scenarios: [rumour_run]\n", "a: [b\n"])
def test_odd_files_are_scenario_errors(tmp_path, text):
    with pytest.raises(ScenarioError):
        load_experiment(write(tmp_path / "odd.yaml", text))


def test_unknown_bundled_experiment_suggests_a_close_name():
    with pytest.raises(ScenarioError) as err:
        load_experiment("smok")
    assert err.value.suggestion == "smoke"


# ----------------------------------------------------------------------------- failing runs
def test_a_failing_run_is_recorded_with_its_traceback_and_the_sweep_goes_on(tmp_path, boom):
    write(tmp_path / "tiny.yaml", TINY + "crises: [{type: test_boom, time: 3}]\n")
    f = write(tmp_path / "exp.yaml", "scenarios: [tiny.yaml]\nstrategies: [do_nothing]\n"
              "replications: 2\ndesign:\n  method: grid\n  parameters:\n"
              "    n_users: {values: [150, 151, 152]}\n")
    res = trustsim.run_experiment(f, out=tmp_path / "r", executor="serial", progress=False)
    assert res.counts() == {"done": 4, "failed": 2, "missing": 0}
    failed = res.failed
    assert set(failed["design_point"]) == {1}
    for tb in failed["traceback"]:
        assert "RuntimeError: boom: odd n_users" in tb and "in apply" in tb
    assert set(res.summaries["n_users"]) == {150, 152}
    assert res.manifest["sweeps"][-1]["failed"] == 2
    # Resuming retries only the failed runs (they fail again: the bug is deterministic).
    again = trustsim.run_experiment(f, out=tmp_path / "r", executor="serial", progress=False)
    assert again.manifest["sweeps"][-1]["ran"] == 2
    assert again.counts()["failed"] == 2


def test_sweep_command_says_how_many_failed_and_exits_1(tmp_path, boom, capsys):
    write(tmp_path / "tiny.yaml", TINY + "crises: [{type: test_boom, time: 3}]\n")
    f = write(tmp_path / "exp.yaml", "scenarios: [tiny.yaml]\nstrategies: [do_nothing]\n"
              "replications: 1\ndesign:\n  method: grid\n  parameters:\n"
              "    n_users: {values: [150, 151]}\n")
    code = cli.main(["sweep", str(f), "--out", str(tmp_path / "r"), "--serial"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "1 done" in out and "1 failed" in out
    assert "boom: odd n_users" in err and "ledger.jsonl" in err
    assert "Traceback" not in err


def test_a_sweep_says_when_the_folder_holds_runs_outside_its_plan(tmp_path, capsys):
    """After a sweep with 3 replications, one with 2 read 144 of 192 stored runs in
    compare and summaries.csv while pandas.read_parquet of the folder read all 192, and
    nothing said so (researcher trial)."""
    write(tmp_path / "tiny.yaml", TINY)
    f = write(tmp_path / "exp.yaml", "scenarios: [tiny.yaml]\nstrategies: [do_nothing]\n"
              "replications: 2\n")
    out = str(tmp_path / "r")
    assert cli.main(["sweep", str(f), "--out", out, "--serial", "--quiet",
                     "--set", "replications=3"]) == 0
    assert "not in this plan" not in capsys.readouterr().err
    assert cli.main(["sweep", str(f), "--out", out, "--serial", "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "note: 1 stored run(s) are not in this plan" in err
    assert "the plan's 2" in err and "plan.parquet" in err
    assert len(pd.read_parquet(tmp_path / "r" / "summaries")) == 3
    assert len(trustsim.load_results(out).summaries) == 2


@pytest.mark.parametrize("text, code, words", [
    # a design-level levels was silently ignored outside Morris (researcher trial)
    ("design:\n  method: lhs\n  samples: 4\n  levels: 3\n  parameters:\n"
     "    herding_mean: {range: [0.1, 0.8]}\n", 2, ["design.levels", "not used by the lhs"]),
    # replications: 2.0 was refused while "3" was read as 3
    ("replications: 2.0\n", 0, ["ok:"]),
    # a word for a number named no allowed values
    ("replications: three\n", 2, ["replications", "allowed: a whole number, 1 .."]),
])
def test_small_gaps_in_checking_an_experiment_file(tmp_path, capsys, text, code, words):
    f = write(tmp_path / "e.yaml", "name: e\nscenarios: [rumour_run]\n"
              "strategies: [do_nothing]\n" + text)
    assert cli.main(["check", str(f)]) == code
    out, err = capsys.readouterr()
    assert all(w in out + err for w in words), out + err


# ----------------------------------------------------------------------------- CLI
@pytest.mark.parametrize("command", ["sweep", "sensitivity"])
def test_sweep_and_sensitivity_help_have_examples(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main([command, "--help"])
    out = capsys.readouterr().out
    assert exit_.value.code == 0
    assert f"trustsim {command}" in out.split("example", 1)[1]


def test_top_level_help_lists_sweep_and_sensitivity():
    proc = trustsim_cli("--help")
    assert proc.returncode == 0 and "sweep" in proc.stdout and "sensitivity" in proc.stdout


def test_sweep_prints_a_median_table_and_writes_the_folder(tmp_path, capsys):
    code = cli.main(["sweep", "smoke", "--out", str(tmp_path / "r"), "--serial"])
    out, _ = capsys.readouterr()
    assert code == 0
    assert "24 runs: 24 done" in out and "median" in out
    table = out.split("median", 1)[1]
    for name in ("rumour_run", "data_leak", "do_nothing", "timely_truthful_disclosure",
                 "final_trust"):
        assert name in table
    assert (tmp_path / "r" / "summaries.csv").exists()
    # money says its unit (trial: "user_losses 20,764" with no word of thousand CNY)
    assert "units: user_losses thousand CNY" in table
    # A second call resumes: nothing to run, same table.
    assert cli.main(["sweep", "smoke", "--out", str(tmp_path / "r"), "--serial"]) == 0
    again, _ = capsys.readouterr()
    assert "24 from before, 0 run now" in again
    assert again.split("median", 1)[1] == table


def test_bad_input_exits_2_without_a_traceback(tmp_path):
    proc = trustsim_cli("sweep", "no_such_experiment", "--out", str(tmp_path / "out"))
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert proc.stderr.startswith("error: ") and "no such experiment" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("args, words", [
    (["sweep", "smoke", "--scheduler", "localhost:8786"], "tcp://HOST:PORT"),
    (["sensitivity", "smoke"], "need a sobol or morris design"),
    (["sweep", "BAD"], "unknown key"),
    (["check", "BAD"], "unknown key"),
])
def test_bad_input_is_one_error_line_and_exit_2(tmp_path, capsys, args, words):
    write(tmp_path / "bad.yaml", "scenarios: [rumour_run]\nstrategies: [do_nothing]\nsede: 1\n")
    args = [str(tmp_path / "bad.yaml") if a == "BAD" else a for a in args]
    if args[0] != "check":
        args += ["--out", str(tmp_path / "out")]
    assert cli.main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and words in err and err.count("\n") == 1
    assert not (tmp_path / "out").exists()


def test_workers_must_be_positive(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["sweep", "smoke", "--workers", "0"])
    assert exit_.value.code == 2 and "at least 1" in capsys.readouterr().err


def test_check_accepts_the_bundled_experiments(capsys):
    files = sorted(str(p) for p in BUNDLED_DIR.glob("*.yaml"))
    assert cli.main(["check", *files]) == 0
    assert capsys.readouterr().out.count("ok: ") == len(files)


def test_list_experiments(capsys):
    assert cli.main(["list", "experiments"]) == 0
    assert "compare_strategies" in capsys.readouterr().out


# ----------------------------------------------------------------------------- progress
def test_progress_mode_follows_the_terminal_and_ci(monkeypatch):
    class Tty(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.delenv("CI", raising=False)
    assert resolve_mode(None, Tty()) == "bar"
    assert resolve_mode(None, io.StringIO()) == "log"
    monkeypatch.setenv("CI", "true")
    assert resolve_mode(None, io.StringIO()) == "off"
    assert resolve_mode(None, Tty()) == "bar"
    assert resolve_mode(False, Tty()) == "off"
    with pytest.raises(ValueError):
        resolve_mode("loud", io.StringIO())


def test_log_lines_count_done_failed_and_total(tmp_path, boom):
    write(tmp_path / "tiny.yaml", TINY + "crises: [{type: test_boom, time: 3}]\n")
    f = write(tmp_path / "exp.yaml", "scenarios: [tiny.yaml]\nstrategies: [do_nothing]\n"
              "replications: 2\ndesign:\n  method: grid\n  parameters:\n"
              "    n_users: {values: [150, 151]}\n")
    stream = io.StringIO()
    trustsim.run_experiment(f, out=tmp_path / "r", executor="serial", progress="log",
                            stream=stream)
    lines = stream.getvalue().splitlines()
    assert lines[0] == "[exp] 4 runs, 0 already done"
    # The kernels are made ready once, before the first run, and the wait is announced.
    assert lines[1] == "[exp] preparing the compiled kernels ..."
    assert lines[2].startswith("[exp] kernels ready in ")
    assert lines[-1].startswith("[exp] 2/4 runs done, 2 failed")
    assert "ETA" in lines[3]
    # The sizes it prepared for: every world the plan builds.
    assert [n for n, _ in trustsim.load_experiment(f).worlds] == [150, 151]


def test_the_eta_weighs_runs_by_their_work_so_a_slow_scenario_last_is_not_missed(monkeypatch):
    clock = [100.0]
    monkeypatch.setattr(progress_module.time, "monotonic", lambda: clock[0])
    # Two quick runs done in 2 s; two left, one of them seven times the work.
    weighed = Progress("x", 4, 0, "off", work=1 + 1 + 1 + 7)
    alike = Progress("x", 4, 0, "off")
    for bar in (weighed, alike):
        bar.update(True, 1.0)
        bar.update(True, 1.0)
    clock[0] += 2.0
    assert weighed.eta() == "0:08"  # 1 s per unit of work, 8 units left
    assert alike.eta() == "0:02"  # counting runs alike: the old underestimate
    # a run that fails leaves the plan without counting as work done (one failing at
    # once would make the rest look quicker): 7 units left at 1 s each
    weighed.update(False, 1.0)
    assert weighed.status() == "2/4 runs done, 1 failed, 0:02 elapsed, ETA 0:07"
    weighed.update(True, 7.0)
    assert weighed.eta() == "0:00"
    assert Progress("x", 3, 1, "off").eta() == "?"  # nothing done yet in this sweep
    assert Progress("x", 3, 3, "off").eta() == "0:00"  # resumed with nothing left
    # the time before runs start (a cluster, a compile) is no part of the rate
    late = Progress("x", 3, 0, "off")
    clock[0] += 20.0  # 20 s of start-up
    late.started()
    clock[0] += 1.0
    late.update(True)
    assert late.eta() == "0:02" and late.status().startswith("1/3 runs done, 0 failed, 0:21")
    # the bar shows the ETA after the run just counted, not the one before
    stream = io.StringIO()
    bar = Progress("x", 2, 0, "bar", stream, work=3)
    clock[0] += 1.0
    bar.update(True, 1.0)
    bar.close()
    assert "failed=0, ETA 0:02" in stream.getvalue().splitlines()[-1].split("\r")[-1]


def test_run_work_follows_days_users_and_platforms(tmp_path):
    write(tmp_path / "tiny.yaml", TINY)
    write(tmp_path / "long.yaml", "name: long\nparams: {n_users: 600, steps: 48}\n"
          "platforms:\n  - {name: A}\n  - {name: B}\n")
    f = write(tmp_path / "exp.yaml", "scenarios: [tiny.yaml, long.yaml]\n"
              "strategies: [do_nothing, full_rebuild]\nreplications: 2\n"
              "design:\n  method: grid\n  parameters:\n    n_users: {values: [150, 300]}\n")
    exp = load_experiment(f)
    work = _works(exp, exp.plan())
    by = {(r.scenario, r.design_point): work[r.run_id] for r in exp.plan()}
    # tiny: 12 days, the default 4 platforms; long: 48 days, its 2 platforms; both the
    # design's users.
    assert by[("tiny", 0)] == 12 * (150 + 1000 * (4 + 2))
    assert by[("tiny", 1)] == 12 * (300 + 1000 * (4 + 2))
    assert by[("long", 0)] == 48 * (150 + 1000 * (2 + 2))
    assert by[("long", 1)] == 48 * (300 + 1000 * (2 + 2))
    assert run_work(exp, exp.plan()[-1]) == by[("long", 1)]
    assert len(work) == exp.n_runs  # strategies and replications share their point's work


def test_public_api_is_lazy():
    code = ("import sys, trustsim; heavy = {'dask', 'distributed', 'SALib'} & set(sys.modules);"
            "print(sorted(heavy)); trustsim.load_experiment; print('dask' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60).stdout.split()
    assert out == ["[]", "False"]
    assert set(trustsim.__all__) >= {"load_experiment", "run_experiment", "load_results",
                                     "ExperimentResults"}
    assert isinstance(trustsim.load_results, type(pd.read_csv))
