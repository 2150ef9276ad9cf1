"""Scenario discovery (PRIM via the EMA Workbench): a known box is found on synthetic
results, both for --below and --above; `trustsim discover` end to end on a small Latin
hypercube sweep; bad input exits 2 with one message."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
import yaml

import trustsim
from trustsim import cli
from trustsim.experiments.discover import discover
from trustsim.scenario import ScenarioError

# Looked up, not imported: importing the EMA Workbench takes seconds, and every test
# process collects this module; discover() imports it when a test first runs it.
if importlib.util.find_spec("ema_workbench") is None:
    pytest.skip("the ema extra is missing (make test installs it)", allow_module_level=True)


def fake(n: int = 400, seed: int = 0) -> SimpleNamespace:
    """Results where trust collapses exactly when herding > 0.6 and guarantee < 0.3."""
    rng = np.random.default_rng(seed)
    h, g = rng.uniform(0, 1, n), rng.uniform(0, 0.9, n)
    bad = (h > 0.6) & (g < 0.3)
    s = pd.DataFrame({"scenario": "s", "strategy": "do_nothing", "design_point": range(n),
                      "replication": 0, "seed": range(n), "herding_mean": h,
                      "guarantee_coverage": g,
                      "final_trust": np.where(bad, 0.2, 0.6) + rng.normal(0, 0.02, n)})
    man = {"outcomes": ["final_trust"],
           "design": {"parameters": ["herding_mean", "guarantee_coverage"]}}
    return SimpleNamespace(summaries=s, manifest=man, folder=Path("fake"))


@pytest.mark.parametrize("rule", ["below", "above"])
def test_prim_finds_the_known_box(rule: str) -> None:
    res = fake()
    if rule == "below":
        d = discover(res, "final_trust", below=0.4, min_coverage=0.8)
    else:  # the complement: high trust everywhere but the corner -> a weaker box
        d = discover(res, "final_trust", above=0.4, min_coverage=0.8)
    assert d.n_runs == 400
    lim = d.limits.set_index("parameter")
    if rule == "below":
        assert d.density > 0.8 and d.coverage >= 0.8
        assert set(lim.index) == {"herding_mean", "guarantee_coverage"}
        assert 0.5 < lim.loc["herding_mean", "low"] < 0.7
        assert 0.2 < lim.loc["guarantee_coverage", "high"] < 0.4
    else:
        assert d.coverage >= 0.8 and d.density > d.n_cases / d.n_runs


def test_the_scenario_can_be_a_condition_of_the_box() -> None:
    """Results of several scenarios: the box may restrict the scenario itself. It crashed
    (KeyError 'scenario': the EMA Workbench's PRIM drops a column of that name), the
    README's own two-scenario example among them."""
    res = fake()
    s = res.summaries
    s["scenario"] = np.where(np.arange(len(s)) % 2 == 0, "leak", "rumour")
    # trust collapses only in the rumour runs, where herding is high
    s["final_trust"] = np.where((s["scenario"] == "rumour") & (s["herding_mean"] > 0.5),
                                0.2, 0.6)
    d = discover(res, "final_trust", below=0.4, min_coverage=0.8)
    lim = d.limits.set_index("parameter")
    assert lim.loc["scenario", "values"] == "rumour"
    assert 0.4 < lim.loc["herding_mean", "low"] < 0.6 and d.density > 0.9


def test_discover_refuses_what_it_cannot_do() -> None:
    res = fake()
    with pytest.raises(ScenarioError, match="PRIM needs both kinds"):
        discover(res, "final_trust", below=0.0)
    with pytest.raises(ScenarioError, match="--outcome"):
        discover(res, "nope", below=0.4)
    with pytest.raises(ScenarioError, match="exactly one"):
        discover(res, "final_trust", below=0.4, above=0.1)
    res.manifest["design"]["parameters"] = []
    with pytest.raises(ScenarioError, match="design over parameters"):
        discover(res, "final_trust", below=0.4)


@pytest.fixture(scope="module")
def sweep(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("discover")
    spec = {"name": "disc", "seed": 3, "scenarios": ["rumour_run"],
            "strategies": ["do_nothing"], "replications": 1, "params": {"n_users": 150},
            "steps": 40, "design": {"method": "lhs", "samples": 16, "parameters": {
                "herding_mean": {"range": [0.1, 0.9]},
                "guarantee_coverage": {"range": [0.0, 0.9]},
                "mean_degree": {"range": [4, 12]}}},  # an integer parameter
            "outcomes": ["final_trust", "failed_platforms"], "timeseries": "none"}
    (work / "disc.yaml").write_text(yaml.safe_dump(spec))
    out = work / "res"
    trustsim.run_experiment(trustsim.load_experiment(work / "disc.yaml"), out=out,
                            executor="serial", progress=False)
    return out


def test_cli_discover_end_to_end(sweep: Path, capsys) -> None:
    trust = trustsim.load_results(sweep).summaries["final_trust"]
    cut = float(trust.median())
    assert cli.main(["discover", str(sweep), "--outcome", "final_trust", "--below",
                     str(cut)]) == 0
    out = capsys.readouterr().out
    assert f"{int((trust < cut).sum())} of 16 runs have final_trust <" in out
    assert "coverage" in out and "density" in out
    box = pd.read_csv(sweep / "discover" / "box_final_trust_below.csv")
    assert set(box.columns) >= {"parameter", "low", "high"}
    assert (sweep / "discover" / "trajectory_final_trust_below.csv").exists()
    assert cli.main(["discover", str(sweep), "--outcome", "final_trust", "--below",
                     "-5"]) == 2
    err = capsys.readouterr().err
    assert "--below" in err and "between" in err and "Traceback" not in err
    with pytest.raises(SystemExit) as exc:  # a threshold is required
        cli.main(["discover", str(sweep), "--outcome", "final_trust"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit):
        cli.main(["discover", "--help"])
    assert "examples:\n  trustsim discover results/" in capsys.readouterr().out
