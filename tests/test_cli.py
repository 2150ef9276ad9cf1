"""The ``trustsim`` command end to end (subprocesses): help, run, check and list."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import trustsim
from trustsim import TrustModel
from trustsim.crises import CRISES
from trustsim.metrics import MODEL_COLUMNS, PLATFORM_COLUMNS, SUMMARY_KEYS
from trustsim.outputs import write_run
from trustsim.params import Params
from trustsim.scenario import bundled_scenarios
from trustsim.strategies import LEVERS, strategies

TRUSTSIM = Path(sys.executable).with_name("trustsim")
EXIT_BAD_INPUT = 2
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def trustsim_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(TRUSTSIM), *args], capture_output=True, text=True, timeout=120,
                          cwd=cwd)


def assert_clean_failure(proc: subprocess.CompletedProcess) -> None:
    assert proc.returncode == EXIT_BAD_INPUT, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    assert proc.stderr.startswith("error: ")


def test_the_console_script_is_installed():
    assert TRUSTSIM.exists()


# ----------------------------------------------------------------------------- help
def test_help_lists_the_commands_and_an_example():
    proc = trustsim_cli("--help")
    assert proc.returncode == 0
    for command in ("run", "check", "list"):
        assert command in proc.stdout
    assert "example" in proc.stdout.lower()


@pytest.mark.parametrize("command", ["run", "check", "list"])
def test_each_command_help_has_an_example(command):
    proc = trustsim_cli(command, "--help")
    assert proc.returncode == 0, proc.stderr
    assert "example" in proc.stdout.lower()
    assert f"trustsim {command}" in proc.stdout.split("example", 1)[1]


def test_no_command_prints_help_and_exits_2():
    proc = trustsim_cli()
    assert proc.returncode == EXIT_BAD_INPUT
    assert "run" in proc.stdout and "Traceback" not in proc.stderr


# ----------------------------------------------------------------------------- run
@pytest.fixture(scope="module")
def calm_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("calm") / "out"
    proc = trustsim_cli("run", "calm_baseline", "--steps", "20", "--set", "n_users=300",
                        "--out", str(out))
    return proc, out


def test_run_exits_0_and_prints_a_summary_table(calm_run):
    proc, out = calm_run
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("TrustModel(t=20/20; users=300;")
    header = next(i for i, line in enumerate(lines) if line.startswith("outcome"))
    assert lines[header].split()[:4] == ["outcome", "value", "unit", "meaning"]
    assert set(lines[header + 1].replace(" ", "")) == {"-"}
    body = [line for line in lines[header + 2:] if line.strip()]
    printed = {line.split()[0] for line in body}
    assert set(SUMMARY_KEYS) <= printed
    # money says its unit (a bare 3,033 was read as CNY, not thousand CNY)
    losses = next(line for line in body if line.split()[0] == "user_losses")
    assert losses.split()[2:4] == ["thousand", "CNY"]
    assert str(out) in proc.stdout


def test_run_writes_every_output_file(calm_run):
    proc, out = calm_run
    assert proc.returncode == 0, proc.stderr
    for name in ("timeseries.parquet", "timeseries.csv", "platform_timeseries.parquet",
                 "platform_timeseries.csv", "summary.json", "events.csv", "trust_aum.png",
                 "scenario.yaml"):
        path = out / name
        assert path.is_file() and path.stat().st_size > 0, name
    png = (out / "trust_aum.png").read_bytes()
    assert png.startswith(PNG_MAGIC) and len(png) > 2000
    # No temporary files are left behind by the atomic writes.
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]


def test_run_outputs_are_consistent(calm_run):
    _, out = calm_run
    ts = pd.read_parquet(out / "timeseries.parquet")
    assert list(ts.columns) == list(MODEL_COLUMNS)
    assert len(ts) == 21 and ts["time"].tolist() == list(range(21))
    pd.testing.assert_frame_equal(ts, pd.read_csv(out / "timeseries.csv"), check_dtype=False)
    pts = pd.read_parquet(out / "platform_timeseries.parquet")
    assert list(pts.columns) == list(PLATFORM_COLUMNS)
    assert len(pts) == 21 * 4
    assert len(pd.read_csv(out / "platform_timeseries.csv")) == len(pts)
    summary = json.loads((out / "summary.json").read_text())
    assert set(summary["summary"]) == set(SUMMARY_KEYS)
    assert summary["scenario"] == "calm_baseline"
    assert summary["params"]["n_users"] == 300 and summary["params"]["steps"] == 20
    assert summary["rng"] == 42
    assert "provenance" in summary


def test_events_csv_lists_the_run_s_events(tmp_path):
    out = tmp_path / "out"
    proc = trustsim_cli("run", "data_leak", "--steps", "40", "--set", "n_users=200",
                        "--out", str(out), "--no-plot", "--quiet")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert not (out / "trust_aum.png").exists()
    events = pd.read_csv(out / "events.csv")
    assert {"time", "kind", "platform", "platform_name", "text"} <= set(events.columns)
    crisis = events[events.kind == "crisis"]
    assert crisis.time.tolist() == [30] and crisis.crisis.tolist() == ["data_leak"]
    # tidy: whole days and platform indices, as written (not "30.0", "0.0"), named beside;
    # no float noise ("-0.059999999999999984")
    text = (out / "events.csv").read_text(encoding="utf-8").splitlines()
    rows = [ln.split(",") for ln in text[1:]]
    assert all(r[0].isdigit() for r in rows) and all(r[2] == "" or r[2].isdigit() for r in rows)
    named = events.dropna(subset=["platform"])
    assert len(named) and (named.platform_name == "SafePay").any()
    assert all(len(x.split(".")[-1]) <= 12 for r in rows for x in r if x[:1] in "-0123456789"
               and "." in x)


def test_events_csv_has_a_header_even_without_events(tmp_path):
    # A quiet world (no hazards, no inspections), written the way `trustsim run` writes.
    quiet = TrustModel(rng=1, n_users=50, steps=3, leak_hazard=0.0, outage_hazard=0.0,
                       credit_hazard=0.0, inspection_rate=0.0).run()
    assert quiet.events == []
    write_run(quiet, tmp_path, seed=1, plot=False)
    events = pd.read_csv(tmp_path / "events.csv")
    assert {"time", "kind", "platform", "text"} <= set(events.columns)


def test_run_a_scenario_file(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("name: mine\nparams: {n_users: 150, steps: 8}\nplatforms:\n"
                    "  - {name: Alpha}\n  - {name: Beta, pooled_fund: true}\n"
                    "crises:\n  - {type: abscond, time: 4, target: Beta}\n")
    proc = trustsim_cli("run", str(path), "--out", str(tmp_path / "out"), "--no-plot")
    assert proc.returncode == 0, proc.stderr
    pts = pd.read_csv(tmp_path / "out" / "platform_timeseries.csv")
    assert pts[pts.platform == "Beta"].status.iloc[-1] in ("absconded", "failed")


def test_a_run_records_what_it_ran_and_runs_again_from_its_scenario_yaml(tmp_path):
    """summary.json named no platforms, crises or --set values: a run with a platform's
    reserve ratio set and one without had identical records (researcher trial). It now
    records the --set values, the scenario file's SHA-256 and the scenario as run, and
    ``scenario.yaml`` beside it runs again to the same numbers."""
    first = tmp_path / "a"
    proc = trustsim_cli("run", "rumour_run", "--rng", "1", "--set", "n_users=300",
                        "--set", "platforms.0.reserve_ratio=0.3", "--steps", "30",
                        "--out", str(first), "--no-plot", "--quiet")
    assert proc.returncode == 0, proc.stderr
    record = json.loads((first / "summary.json").read_text())
    assert record["sets"] == ["n_users=300", "platforms.0.reserve_ratio=0.3", "steps=30"]
    assert record["scenario_file"]["file"].endswith("rumour_run.yaml")
    assert len(record["scenario_file"]["sha256"]) == 64
    assert record["scenario_as_run"]["platforms"][0]["reserve_ratio"] == 0.3
    assert record["scenario_as_run"]["params"]["n_users"] == 300
    assert record["scenario_as_run"]["strategy"]["name"] == "do_nothing"
    assert record["scenario_as_run"]["strategy"]["levers"]["stance"] == "silent"
    again = tmp_path / "b"
    proc = trustsim_cli("run", str(first / "scenario.yaml"), "--rng", "1", "--out",
                        str(again), "--no-plot", "--quiet")
    assert proc.returncode == 0, proc.stderr
    assert json.loads((again / "summary.json").read_text())["summary"] == record["summary"]


@pytest.mark.parametrize("strategy, kw", [
    ("{name: mine, extends: deny_and_delay, levers: {disclosure: 0.4}}", {}),  # (review)
    ("{disclosure: 0.5, stance: rebuild}", {}),  # a flat mapping of levers (review)
    ("{name: full_rebuild, levers: {disclosure: 0.1}}", {}),  # a registered name (review)
    ("full_rebuild", {"disclosure": 0.2}),  # a keyword override beats the strategy
    (None, {}),  # none at all: the parameter defaults
])
def test_the_scenario_as_run_repeats_the_run_whatever_the_strategy(tmp_path, strategy, kw):
    """``scenario.yaml`` wrote a strategy by name or with ``extends``: run again, the
    registered or parent strategy's levers replaced the ones in force (review). It now
    writes every lever's value in force; a crisis after the last day (allowed in code)
    is left out, as it never struck."""
    import yaml

    from trustsim.outputs import scenario_as_run

    sc = trustsim.Scenario.model_validate(yaml.safe_load(
        "name: mine\nparams: {n_users: 300, steps: 40}\n"
        "crises: [{type: data_leak, time: 10}, {type: data_leak, time: 90}]\n"
        + (f"strategy: {strategy}\n" if isinstance(strategy, str) and "{" in strategy
           else "")))
    with pytest.warns(UserWarning, match="after the last day"):
        model = TrustModel(sc, strategy=strategy if strategy and "{" not in strategy
                           else None, rng=4, **kw)
    model.run()
    path = tmp_path / "again.yaml"
    trustsim.Scenario.model_validate(scenario_as_run(model)).to_yaml(path)
    again = TrustModel(str(path), rng=4)
    again.run()
    assert again.strategy_name == model.strategy_name
    assert again.p == model.p and again.summary() == model.summary()


@pytest.mark.parametrize("bad", ["n_users=abc", "stepz=10", "stance=lie"])
def test_run_with_a_bad_set_exits_2_and_keeps_existing_files(tmp_path, bad):
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    (out / "summary.json").write_text('{"from": "an earlier run"}')
    proc = trustsim_cli("run", "calm_baseline", "--steps", "5", "--set", bad,
                        "--out", str(out))
    assert_clean_failure(proc)
    key = bad.split("=")[0]
    assert key in proc.stderr
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt", "summary.json"]
    assert (out / "keep.txt").read_text() == "mine"
    assert json.loads((out / "summary.json").read_text()) == {"from": "an earlier run"}


def test_a_results_folder_copy_with_a_local_scenario_sweeps_again_into_its_folder(tmp_path):
    """The copy names its scenario file relative to the original experiment file, which is
    elsewhere: sweeping the copy failed ("no such scenario file"), and without --out it
    went to ./results/NAME and ran everything again. Now it finds the file the runs used
    (recorded in the manifest, same contents) and sweeps into its own folder: nothing
    runs again. A changed scenario file is not taken for it."""
    src = tmp_path / "work"
    src.mkdir()
    (src / "my_scenario.yaml").write_text(
        "name: my_leak\nparams: {n_users: 120, steps: 30}\ncrises:\n"
        "  - {type: data_leak, time: 10, target: Platform A, severity: 0.5}\n",
        encoding="utf-8")
    (src / "exp.yaml").write_text(
        "name: local\nseed: 3\nscenarios: [my_scenario.yaml]\nstrategies: [do_nothing]\n"
        "replications: 2\noutcomes: [final_trust]\ntimeseries: none\n", encoding="utf-8")
    out = tmp_path / "out"
    first = trustsim_cli("sweep", "exp.yaml", "--serial", "--quiet", "--out", str(out),
                         cwd=src)
    assert first.returncode == 0, first.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    again = trustsim_cli("sweep", str(out / "experiment.yaml"), "--serial", cwd=elsewhere)
    assert again.returncode == 0, again.stderr
    assert "0 run now" in again.stdout and not (elsewhere / "results").exists()
    assert trustsim.load_results(out).n_runs == 2
    (src / "my_scenario.yaml").write_text(
        "name: my_leak\nparams: {n_users: 130, steps: 30}\n", encoding="utf-8")
    changed = trustsim_cli("sweep", str(out / "experiment.yaml"), "--serial", cwd=elsewhere)
    assert_clean_failure(changed)
    # and says so: "no such scenario file" hid the cause (trial)
    assert "changed since they were run" in changed.stderr
    assert str(src / "my_scenario.yaml") in changed.stderr


@pytest.mark.parametrize(("scenario", "words"), [
    ("calm_baseline", "no list 'platforms'"),   # platforms made from n_platforms
    (None, "no list 'platforms'"),              # the default world
    ("p2p_collapse@9", "has 3 item(s), numbered from 0 to 2")])
def test_set_on_a_platform_the_scenario_does_not_list_says_why(tmp_path, scenario, words):
    """`--set platforms.0.reserve_ratio=0.05` (the README's example) on a scenario whose
    platforms come from n_platforms said "platforms: input should be a valid list", on the
    default world "no such place"; on a listed platform it works (p2p_collapse, item 1)."""
    name, _, idx = (scenario or "").partition("@")
    where = [name] if name else []
    proc = trustsim_cli("run", *where, "--steps", "40", "--set",
                        f"platforms.{idx or 0}.reserve_ratio=0.05", "--out", str(tmp_path / "o"))
    assert_clean_failure(proc)
    assert words in proc.stderr and "--set platforms." in proc.stderr
    if "no list" in words:
        assert "n_platforms" in proc.stderr
    ok = trustsim_cli("run", "p2p_collapse", "--steps", "40", "--set",
                      "platforms.1.reserve_ratio=0.05", "--out", str(tmp_path / "ok"))
    assert ok.returncode == 0, ok.stderr


@pytest.mark.parametrize("bad", ["crises.3.time=5", "name.x=1", "n_users=[1"])
def test_run_with_a_malformed_set_exits_2_without_traceback(tmp_path, bad):
    proc = trustsim_cli("run", "calm_baseline", "--steps", "5", "--set", bad,
                        "--out", str(tmp_path / "out"))
    assert_clean_failure(proc)


def test_sweep_set_overrides_the_experiment_and_the_folder_keeps_it_as_run(tmp_path):
    out = tmp_path / "out"
    proc = trustsim_cli("sweep", "smoke", "--set", "n_users=120", "--set", "replications=1",
                        "--set", "steps=30", "--serial", "--quiet", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    res = trustsim.load_results(out)
    assert res.n_runs == 4  # 2 scenarios x 2 strategies x 1 replication (the file has 3)
    # The runs used the overrides: each is the same run as a 120-user, 30-day model.
    for row in res.summaries.itertuples():
        alone = TrustModel(row.scenario, row.strategy, rng=int(row.seed), n_users=120,
                           steps=30).run().summary()
        assert alone["final_trust"] == pytest.approx(row.final_trust, abs=1e-12)
    kept = (out / "experiment.yaml").read_text(encoding="utf-8")
    assert kept.startswith("# smoke.yaml with --set n_users=120")
    # The folder's copy is the experiment as run: sweeping it again runs nothing new.
    again = trustsim_cli("sweep", str(out / "experiment.yaml"), "--serial", "--out", str(out))
    assert again.returncode == 0, again.stderr
    assert "0 run now" in again.stdout
    # Other overrides are a different experiment: refused, nothing lost.
    other = trustsim_cli("sweep", "smoke", "--set", "n_users=130", "--set", "replications=1",
                         "--set", "steps=30", "--serial", "--out", str(out))
    assert_clean_failure(other)
    assert "different experiment" in other.stderr and "n_users" in other.stderr
    assert trustsim.load_results(out).n_runs == 4


def test_the_printed_tables_lead_with_the_outcome_the_experiment_decides_on(tmp_path):
    """An experiment whose headline is not one of the short tables' usual outcomes
    (compare_interventions decides on total_losses) shows it first in the sweep's table and
    under every strategy of the comparison's: a pasted table shows what the recommendation
    under it reads (until 2026-12-06 it was only named among "the others")."""
    out = tmp_path / "out"
    proc = trustsim_cli("sweep", "smoke", "--set", "n_users=120", "--set", "steps=30",
                        "--set", "headline=money_at_risk", "--serial", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    header = next(ln for ln in proc.stdout.splitlines() if ln.startswith("scenario "))
    assert header.split()[3] == "money_at_risk"
    # three significant digits, thousands in full (it mixed 119.433 and 2.330 with 7,877)
    body = proc.stdout.split(header)[1].split("\nunits:")[0].splitlines()[2:]
    cells = [c for ln in body if ln.strip() for c in ln.split()[3:]]
    assert cells
    for c in cells:
        digits = c.lstrip("-").replace(",", "").replace(".", "").lstrip("0")
        assert "e" not in c and ("," in c or len(digits) <= 3), c
        assert not ("." in c and c.endswith("0")), c  # no padding: 0, not 0.000
    proc = trustsim_cli("compare", str(out), "--n-boot", "100")
    assert proc.returncode == 0, proc.stderr
    table = proc.stdout.split("\n\nbest")[0]
    rows = [ln.split()[:2] for ln in table.splitlines()
            if ln.startswith(("do_nothing ", "timely_truthful_disclosure "))]
    firsts = [o for k, (st, o) in enumerate(rows) if k == 0 or rows[k - 1][0] != st]
    assert firsts == ["money_at_risk"] * 4  # 2 scenarios x 2 strategies
    assert "print them with --outcomes" in proc.stdout  # the rest still named


def test_outcomes_asked_for_are_printed_in_that_order_and_the_headline_is_compared_too(
        tmp_path):
    """``--outcomes`` without the experiment's headline, when no comparison is kept (another
    bootstrap), compares the headline too instead of failing ("the headline must be a
    compared outcome"), prints only what was asked, in the order asked; with ``--report``
    it is a new comparison and says it wrote the files."""
    out = tmp_path / "out"
    proc = trustsim_cli("sweep", "smoke", "--set", "n_users=120", "--set", "steps=30",
                        "--set", "headline=money_at_risk", "--serial", "--quiet", "--out",
                        str(out))
    assert proc.returncode == 0, proc.stderr
    proc = trustsim_cli("compare", str(out), "--n-boot", "50", "--outcomes",
                        "trust_lost,final_trust")
    assert proc.returncode == 0, proc.stderr
    table = proc.stdout.split("\n\nbest")[0]
    outs = [ln.split()[1] for ln in table.splitlines()
            if ln.startswith(("do_nothing ", "timely_truthful_disclosure "))]
    assert outs[:2] == ["trust_lost", "final_trust"] and set(outs) == {"trust_lost",
                                                                        "final_trust"}
    report = tmp_path / "r.html"
    proc = trustsim_cli("compare", str(out), "--n-boot", "50", "--outcomes", "final_trust",
                        "--report", str(report))
    assert proc.returncode == 0, proc.stderr
    assert "wrote" in proc.stdout and "left as" not in proc.stdout and report.is_file()


@pytest.mark.parametrize("bad, named", [("stepz=10", "stepz"), ("replications=0",
                                        "replications"), ("scenarios.9=x", "scenarios.9"),
                                        ("novalue", "KEY=VALUE"),
                                        ("replicatons=4", "did you mean 'replications'"),
                                        ("n_user=9", "did you mean 'n_users'")])
def test_sweep_with_a_bad_set_exits_2_naming_the_key(tmp_path, bad, named):
    """A misspelt key is named with the closest name a bare key may be: a key of the
    experiment file or a parameter (``replicatons`` suggested ``rectification_days``, a
    parameter, until 2026-12-06)."""
    proc = trustsim_cli("sweep", "smoke", "--set", bad, "--serial", "--out",
                        str(tmp_path / "out"))
    assert_clean_failure(proc)
    assert named in proc.stderr and "smoke.yaml" in proc.stderr
    assert not (tmp_path / "out").exists()


def test_run_with_an_unknown_scenario_or_strategy_exits_2(tmp_path):
    proc = trustsim_cli("run", "calm_baselin", "--steps", "5", "--out", str(tmp_path))
    assert_clean_failure(proc)
    assert "did you mean 'calm_baseline'" in proc.stderr
    proc = trustsim_cli("run", "calm_baseline", "--strategy", "full_rebild", "--steps", "5",
                        "--out", str(tmp_path))
    assert_clean_failure(proc)
    assert "full_rebuild" in proc.stderr


def test_names_as_the_chinese_report_shows_them_suggest_their_identifiers(tmp_path):
    """The Chinese report's glossary names strategies 快速澄清 (快速辟谣 until 2026-12-08)
    and 不作回应; a reader who typed those, or --lang ZH / cn, or --baseline do_nothin /
    --outcomes final_trst, got no hint (policy review). Each now suggests the identifier;
    the exit stays 2."""
    from trustsim.errors import suggest
    from trustsim.i18n import check_lang
    from trustsim.scenario import ScenarioError

    proc = trustsim_cli("run", "calm_baseline", "--strategy", "快速澄清", "--steps", "5",
                        "--out", str(tmp_path))
    assert_clean_failure(proc)
    assert "did you mean 'rapid_rebuttal'" in proc.stderr
    assert suggest("不作回应", ["do_nothing", "full_rebuild"]) == "do_nothing"
    assert suggest("期末信任度", ["final_trust", "trust_lost"]) == "final_trust"
    assert suggest("do_nothin", ["do_nothing", "full_rebuild"]) == "do_nothing"
    assert suggest("数据泄露", ["data_leak", "rumour_run"]) == "data_leak"
    assert suggest("xyz", ["do_nothing"]) is None
    for given, meant in (("ZH", "zh"), ("cn", "zh"), ("zh_CN", "zh"), ("EN", "en")):
        with pytest.raises(ScenarioError, match=f"did you mean '{meant}'"):
            check_lang(given)


# ----------------------------------------------------------------------------- check
def test_check_reports_a_typo_with_file_line_key_and_suggestion(tmp_path):
    path = tmp_path / "typo.yaml"
    path.write_text("name: typo\nparams:\n  n_users: 300\n  herding_meen: 0.4\n")
    proc = trustsim_cli("check", str(path))
    assert_clean_failure(proc)
    assert f"{path}:4:" in proc.stderr
    assert "params.herding_meen" in proc.stderr
    assert "did you mean 'herding_mean'" in proc.stderr


def test_every_mistake_of_a_file_is_reported_at_once_in_the_files_order(tmp_path):
    """Trial: only the first error of a file was shown, so it took a run per mistake."""
    path = tmp_path / "three.yaml"
    path.write_text("name: three\nplatforms:\n  - {name: A, kind: bogus}\nn_users: 300\n"
                    "params:\n  herding_meen: 0.4\n")
    for command in (("check", str(path)), ("run", str(path), "--out", str(tmp_path / "o"))):
        proc = trustsim_cli(*command)
        assert_clean_failure(proc)
        lines = proc.stderr.strip().splitlines()
        assert [ln.split(": ")[1] for ln in lines] == [f"{path}:3", f"{path}:4"], lines
        assert all(ln.startswith("error: ") for ln in lines)
        assert "platforms.0.kind" in lines[0] and "'bogus'" in lines[0]
        # a parameter put at the top: where it belongs is suggested
        assert "n_users: unknown key" in lines[1]
        assert "did you mean 'params.n_users'?" in lines[1]
    # the params block is checked after the file's own keys: its typo shows once they pass
    path.write_text("name: three\nparams:\n  herding_meen: 0.4\n  leave_trust: 7\n")
    lines = trustsim_cli("check", str(path)).stderr.strip().splitlines()
    assert len(lines) == 2 and "herding_meen" in lines[0] and "leave_trust" in lines[1]


def test_every_mistake_is_placed_in_its_own_file_and_survives_each_way_in(tmp_path):
    """Review: errors after the first were lost or put in the wrong file through
    ``extends:``, strategy files, experiments' strategies and ``--set``/``--steps``."""
    (tmp_path / "parent.yaml").write_text(
        "name: parent\nplatforms:\n  - {name: A, kind: bogus}\n  - {name: B, kind: bad}\n")
    (tmp_path / "child.yaml").write_text("extends: parent.yaml\nname: child\nstepz: 3\n")
    lines = trustsim_cli("check", str(tmp_path / "child.yaml")).stderr.strip().splitlines()
    assert [ln.split(": ")[1] for ln in lines] == [
        f"{tmp_path / 'child.yaml'}:3", f"{tmp_path / 'parent.yaml'}:3",
        f"{tmp_path / 'parent.yaml'}:4"], lines
    (tmp_path / "strat.yaml").write_text(
        "name: mine\nlevers:\n  response_delay: -5\n  compensation_days: -3\n")
    (tmp_path / "sc.yaml").write_text("name: sc\nstrategy: strat.yaml\n")
    (tmp_path / "exp.yaml").write_text(
        "name: e\nscenarios: [calm_baseline]\nstrategies:\n  - strat.yaml\n"
        "  - {name: inl, levers: {response_delay: -5, compensation_days: -3}}\n")
    for name, where in (("strat.yaml", "strat.yaml"), ("sc.yaml", "strat.yaml"),
                        ("exp.yaml", "strat.yaml")):
        lines = trustsim_cli("check", str(tmp_path / name)).stderr.strip().splitlines()
        assert len(lines) == 2, (name, lines)
        assert f"{tmp_path / where}:3: levers.response_delay" in lines[0]
        assert f"{tmp_path / where}:4: levers.compensation_days" in lines[1]
    (tmp_path / "exp.yaml").write_text(
        "name: e\nscenarios: [calm_baseline]\nstrategies:\n"
        "  - {name: inl, levers: {response_delay: -5, compensation_days: -3}}\n")
    lines = trustsim_cli("check", str(tmp_path / "exp.yaml")).stderr.strip().splitlines()
    assert len(lines) == 2 and "strategies.0.levers.compensation_days" in lines[1], lines
    # one mistake in a field of several kinds is one line, not one per kind
    (tmp_path / "u.yaml").write_text("name: u\nstrategy: 5\n")
    assert len(trustsim_cli("check", str(tmp_path / "u.yaml")).stderr.strip().splitlines()) == 1
    lines = trustsim_cli("run", "calm_baseline", "--steps", "5", "--set", "herding_mean=7",
                         "--set", "leave_trust=9").stderr.strip().splitlines()
    assert len(lines) == 2 and all("(after --set, --steps 5)" in ln for ln in lines), lines
    lines = trustsim_cli("run", "calm_baseline", "--steps", "-5", "--set",
                         "herding_mean=7").stderr.strip().splitlines()
    assert lines[0].startswith("error: --steps:") and "herding_mean" in lines[1], lines


def test_check_accepts_every_bundled_scenario():
    folder = Path(__file__).resolve().parent.parent / "trustsim" / "data" / "scenarios"
    files = sorted(str(p) for p in folder.glob("*.yaml"))
    proc = trustsim_cli("check", *files)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("ok: ") == len(files) == len(bundled_scenarios())


def test_check_reports_every_bad_file_and_still_checks_the_good_ones(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text("name: good\nparams: {n_users: 100}\n")
    bad_yaml = tmp_path / "broken.yaml"
    bad_yaml.write_text("name: x\nparams: {n_users: 3\n")
    missing = tmp_path / "missing.yaml"
    proc = trustsim_cli("check", str(bad_yaml), str(good), str(missing))
    assert_clean_failure(proc)
    assert f"ok: {good}" in proc.stdout
    assert str(bad_yaml) in proc.stderr and str(missing) in proc.stderr
    assert proc.stderr.count("error: ") == 2


def test_check_reads_an_experiment_without_scenarios_as_an_experiment(tmp_path):
    """An experiment file missing ``scenarios:`` was checked as a scenario ("description_zh:
    unknown key; allowed: crises, ...") while ``sweep`` said what is wrong: both say it now;
    a scenario file with a stray key is still checked as a scenario."""
    exp = tmp_path / "exp.yaml"
    exp.write_text("strategies: [do_nothing]\nseed: 3\ndescription_zh: 实验\n", "utf-8")
    for command in (("check",), ("sweep", "--out", str(tmp_path / "out"))):
        proc = trustsim_cli(*command, str(exp))
        assert_clean_failure(proc)
        assert "scenarios: field required" in proc.stderr and "unknown key" not in proc.stderr
    scen = tmp_path / "scen.yaml"
    scen.write_text("name: s\nparams: {n_users: 100}\nseed: 3\n", "utf-8")
    proc = trustsim_cli("check", str(scen))
    assert_clean_failure(proc)
    assert "seed: unknown key" in proc.stderr


# ----------------------------------------------------------------------------- list
EXPECTED = {
    "scenarios": lambda: list(bundled_scenarios()),
    "strategies": lambda: list(strategies()),
    "crises": lambda: list(CRISES),
    "levers": lambda: list(LEVERS),
    "params": lambda: list(Params.model_fields),
    "metrics": lambda: list({**MODEL_COLUMNS, **PLATFORM_COLUMNS, **SUMMARY_KEYS}),
}


@pytest.mark.parametrize("what", sorted(EXPECTED))
def test_list_prints_every_expected_name(what):
    proc = trustsim_cli("list", what)
    assert proc.returncode == 0, proc.stderr
    first_words = {line.split()[0] for line in proc.stdout.splitlines() if line.strip()}
    expected = EXPECTED[what]()
    assert expected
    assert set(expected) <= first_words
    if what in ("scenarios", "strategies", "crises", "levers"):
        assert len(proc.stdout.splitlines()) == len(expected)


def test_list_of_something_unknown_exits_2():
    proc = trustsim_cli("list", "planets")
    assert proc.returncode == EXIT_BAD_INPUT
    assert "Traceback" not in proc.stderr
    assert "scenarios" in proc.stderr


def test_size_concentration_on_a_scenario_that_lists_its_platforms_exits_2(tmp_path):
    """It shapes only the default graded platforms: on a scenario whose platforms are listed
    (their market_share sets their sizes) it would change nothing, silently. The CLI says
    so, exit 2, nothing written; 0 is accepted, and so is any value on a graded world."""
    out = tmp_path / "out"
    proc = trustsim_cli("run", "data_leak", "--steps", "40", "--set", "size_concentration=1",
                        "--out", str(out))
    assert_clean_failure(proc)
    assert "size_concentration" in proc.stderr and "lists its" in proc.stderr
    assert not out.exists()
    with pytest.raises(trustsim.ScenarioError, match="market_share"):
        trustsim.TrustModel("data_leak", size_concentration=0.5)
    assert trustsim.TrustModel("data_leak", size_concentration=0.0, n_users=200).p.n_users == 200
    graded = trustsim.TrustModel("p2p_wave_2018", size_concentration=2.0, n_users=200)
    shares = [pl.market_share for pl in graded.platforms]
    assert shares[0] > 10 * shares[-1]  # it acts where the platforms are graded


def test_a_reader_that_goes_away_is_not_bad_input() -> None:
    """`trustsim compare DIR | head -2` printed "error: Broken pipe" and exited 2, the
    status of bad input (a script with pipefail would stop on it). Now it ends silently
    with 141, as a tool killed by SIGPIPE; bad input still exits 2."""
    import os
    import subprocess
    import sys

    CLI = "import sys; from trustsim.cli import main; sys.exit(main(sys.argv[1:]))"
    read, write = os.pipe()
    os.close(read)  # nobody reads: the first write fails
    try:
        proc = subprocess.run([sys.executable, "-c", CLI, "list", "params"],
                              stdout=write, stderr=subprocess.PIPE, text=True, timeout=120)
    finally:
        os.close(write)
    assert proc.returncode == 141 and proc.stderr == ""
    bad = subprocess.run([sys.executable, "-c", CLI, "list", "nonsense"],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "error" in bad.stderr


def test_a_bad_steps_flag_is_named_and_an_empty_file_checked_as_what_it_is(tmp_path):
    """`run --steps 0` said "--set: params.steps" though no --set was given; `check` said
    a bare "ok" for an empty file that `sweep` refuses as an experiment."""
    for where in ([], ["calm_baseline"]):
        proc = trustsim_cli("run", *where, "--steps", "0", "--out", str(tmp_path / "o"))
        assert_clean_failure(proc)
        assert proc.stderr.startswith("error: --steps:") and "--set" not in proc.stderr
    empty = tmp_path / "empty.yaml"
    empty.write_text("")
    ok = trustsim_cli("check", str(empty))
    assert ok.returncode == 0 and "not an experiment" in ok.stdout


def test_a_crisis_made_late_by_steps_names_steps_not_set(tmp_path):
    """`run data_leak --steps 20` said "(after --set)" though no --set was given (trial)."""
    proc = trustsim_cli("run", "data_leak", "--steps", "20", "--out", str(tmp_path / "o"))
    assert_clean_failure(proc)
    assert "(after --steps 20)" in proc.stderr and "--set" not in proc.stderr


def test_list_params_says_what_each_takes(capsys):
    """A researcher learnt the ranges a design must keep inside only from error messages
    (trial): the listing gives each parameter's range or choices."""
    from trustsim.cli import main

    assert main(["list", "params"]) == 0
    rows = {line.split()[0]: line for line in capsys.readouterr().out.splitlines() if line}
    assert " float 0..1 " in rows["herding_mean"]
    assert " int 2..100000000 " in rows["n_users"]
    assert " degroot|bounded_confidence|none " in rows["social_mode"]
    assert " true|false " in rows["crisis_team"]


# --------------------------------------------------------------------------- strategy files
def test_a_strategy_file_runs_sweeps_and_checks_on_its_own(tmp_path):
    """Policy trial: a strategy could only be written inside an experiment or scenario, so it
    could not be reused or run alone ("--strategy mine.yaml: no such strategy"), and
    `check` read a strategy file as a scenario ("extends: no such scenario"). A file of
    {name, name_zh, description, extends, levers} now works wherever a strategy name does:
    `run --strategy FILE`, an experiment's `strategies:` (relative to the experiment), the
    Python API; `check` says it is a strategy."""
    mine = tmp_path / "mine.yaml"
    mine.write_text("name: fast_truth\nname_zh: 快速如实\nextends: timely_truthful_disclosure\n"
                    "levers: {compensation_share: 0.4}\n", encoding="utf-8")
    proc = trustsim_cli("check", str(mine))
    assert proc.returncode == 0 and "a strategy, fast_truth" in proc.stdout
    st = trustsim.scenario.load_strategy_file(mine)
    base = strategies()["timely_truthful_disclosure"]
    assert st.levers == {**base.levers, "compensation_share": 0.4} and st.name_zh == "快速如实"
    # the same run as the same levers given inline
    a = TrustModel("data_leak", strategy=str(mine), rng=2, n_users=200, steps=40).run()
    b = TrustModel("data_leak", strategy={"name": "x", "levers": st.levers}, rng=2,
                   n_users=200, steps=40).run()
    assert a.summary() == b.summary() and a.strategy_name == "fast_truth"
    proc = trustsim_cli("run", "data_leak", "--strategy", "mine.yaml", "--steps", "40",
                        "--set", "n_users=200", "--out", "o", "--quiet", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert json.loads((tmp_path / "o" / "summary.json").read_text())["strategy"] == "fast_truth"
    sub = tmp_path / "exp"
    sub.mkdir()
    (sub / "e.yaml").write_text("scenarios: [data_leak]\nstrategies: [do_nothing, ../mine.yaml]"
                                "\nreplications: 2\nparams: {n_users: 150, steps: 40}\n",
                                encoding="utf-8")
    exp = trustsim.load_experiment(sub / "e.yaml")
    assert list(exp.strategy_objects) == ["do_nothing", "fast_truth"]


@pytest.mark.parametrize("text,where,key", [
    ("name: bad\nlevers:\n  respons_delay: 2\n", 3, "levers.respons_delay"),
    ("levers: {stance: apologise}\n", 1, "levers.stance"),
    ("extends: mine.yaml\nlevers: {compensation_share: 0.4}\n", 1, "extends"),
    ("extends: no_such_strategy\nlevers: {}\n", 1, "extends"),
])
def test_a_bad_strategy_file_names_its_line_and_key(tmp_path, text, where, key):
    mine = tmp_path / "mine.yaml"
    mine.write_text(text, encoding="utf-8")
    proc = trustsim_cli("check", str(mine))
    assert_clean_failure(proc)
    assert f"mine.yaml:{where}: {key}:" in proc.stderr, proc.stderr
    proc = trustsim_cli("run", "data_leak", "--strategy", str(mine))
    assert_clean_failure(proc)
    assert f"mine.yaml:{where}: {key}:" in proc.stderr, proc.stderr


def test_a_strategy_file_named_in_a_scenario_is_found_next_to_that_scenario(tmp_path):
    """Review: `strategy: mine.yaml` in sc/world.yaml passed `check` but `run` looked in the
    current folder; a child scenario elsewhere extending it looked next to the child. It is
    found next to the file that names it, from any folder. A strategy file may be just a
    new name for a bundled one (`extends:` alone; `check` read it as a scenario)."""
    sc = tmp_path / "sc"
    sc.mkdir()
    (sc / "mine.yaml").write_text("name: mine\nname_zh: 我的\nextends: full_rebuild\n",
                                  encoding="utf-8")
    (sc / "world.yaml").write_text("name: world\nextends: data_leak\nstrategy: mine.yaml\n"
                                   "params: {n_users: 200, steps: 40}\n", encoding="utf-8")
    other = tmp_path / "other"
    other.mkdir()
    (other / "child.yaml").write_text("name: child\nextends: ../sc/world.yaml\n",
                                      encoding="utf-8")
    proc = trustsim_cli("check", str(sc / "mine.yaml"))
    assert proc.returncode == 0 and "a strategy, mine" in proc.stdout, proc.stderr
    for ref in (sc / "world.yaml", other / "child.yaml"):
        proc = trustsim_cli("run", str(ref), "--out", str(tmp_path / f"o_{ref.stem}"),
                            "--quiet", cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        ran = json.loads((tmp_path / f"o_{ref.stem}" / "summary.json").read_text())
        assert ran["strategy"] == "mine"
    st = trustsim.scenario.load_strategy_file(sc / "mine.yaml")
    assert st.levers == strategies()["full_rebuild"].levers and st.name_zh == "我的"


def test_a_missing_strategy_file_is_named(tmp_path):
    proc = trustsim_cli("run", "data_leak", "--strategy", "nope.yaml", cwd=tmp_path)
    assert_clean_failure(proc)
    assert "no such strategy file (got 'nope.yaml')" in proc.stderr
