"""Designs over parameters: grid sizes, LHS stratification, Sobol and Morris sample sizes,
distributions mapped into each parameter's own range, and the rules of each method."""

from __future__ import annotations

import math

import numpy as np
import pytest

from trustsim.experiments.designs import (
    Design,
    ParameterSpec,
    check_design,
    design_points,
    n_points,
    unit_sample,
)
from trustsim.params import Params
from trustsim.scenario import ScenarioError


def spec(**kw) -> ParameterSpec:
    return ParameterSpec(**kw)


# ----------------------------------------------------------------------------- grid
def test_grid_is_the_full_product_in_file_order():
    d = Design(method="grid", parameters={
        "guarantee_coverage": spec(range=[0.0, 0.9], levels=4),
        "stance": spec(values=["deny", "rebuild"]),
        "n_users": spec(range=[100, 400], levels=3),
    })
    check_design(d)
    table, unit = design_points(d, seed=1)
    assert unit is None
    assert n_points(d) == len(table) == 4 * 2 * 3
    assert list(table.columns) == ["guarantee_coverage", "stance", "n_users"]
    assert table.drop_duplicates().shape[0] == 24
    assert sorted(table["guarantee_coverage"].unique()) == pytest.approx([0.0, 0.3, 0.6, 0.9])
    assert sorted(table["n_users"].unique()) == [100, 250, 400]
    assert table["n_users"].map(type).eq(int).all()
    # Every row is a valid parameter set.
    for row in table.to_dict(orient="records"):
        Params(**row)


def test_grid_loguniform_levels_are_geometric():
    d = Design(method="grid", parameters={
        "rumour_contact_rate": spec(range=[0.01, 1.0], levels=3, distribution="loguniform")})
    check_design(d)
    table, _ = design_points(d, seed=0)
    assert list(table["rumour_contact_rate"]) == pytest.approx([0.01, 0.1, 1.0])


def test_no_design_is_one_point_with_no_parameters():
    d = Design()
    check_design(d)
    table, _ = design_points(d, seed=0)
    assert n_points(d) == len(table) == 1 and list(table.columns) == []


# ----------------------------------------------------------------------------- LHS
def test_lhs_puts_exactly_one_point_in_every_stratum_of_every_parameter():
    n = 20
    d = Design(method="lhs", samples=n, parameters={
        "herding_mean": spec(range=[0.1, 0.8]),
        "guarantee_coverage": spec(range=[0.0, 0.9]),
        "wealth_mean": spec(range=[1.0, 1000.0], distribution="loguniform"),
    })
    check_design(d)
    table, unit = design_points(d, seed=3)
    assert unit.shape == (n, 3) and len(table) == n == n_points(d)
    for k in range(3):
        strata = np.floor(unit[:, k] * n).astype(int)
        assert sorted(strata) == list(range(n))  # Latin: one point per row and column
    # Mapped through each distribution into the range.
    assert table["herding_mean"].between(0.1, 0.8).all()
    logs = np.log(table["wealth_mean"])
    strata = np.floor((logs - np.log(1.0)) / (np.log(1000.0) - np.log(1.0)) * n).astype(int)
    assert sorted(strata) == list(range(n))


def test_lhs_is_reproducible_from_the_seed_and_changes_with_it():
    d = Design(method="lhs", samples=8, parameters={"herding_mean": spec(range=[0.1, 0.8])})
    a, _ = design_points(d, seed=5)
    b, _ = design_points(d, seed=5)
    c, _ = design_points(d, seed=6)
    assert a.equals(b) and not a.equals(c)


def test_int_and_choice_distributions_cover_their_values_evenly():
    d = Design(method="lhs", samples=60, parameters={
        "response_delay": spec(range=[0, 5]),           # an int parameter: int by default
        "stance": spec(values=["deny", "diminish", "rebuild"]),
    })
    check_design(d)
    assert d.parameters["response_delay"].kind("response_delay") == "int"
    table, _ = design_points(d, seed=2)
    counts = table["response_delay"].value_counts()
    assert sorted(counts.index) == [0, 1, 2, 3, 4, 5] and (counts == 10).all()
    assert (table["stance"].value_counts() == 20).all()


def test_int_mapping_reaches_both_ends_at_the_cube_edges():
    s = spec(range=[2, 4])
    assert s.from_unit("response_delay", np.array([0.0, 0.34, 0.67, 1.0])) == [2, 3, 4, 4]


# ----------------------------------------------------------------------------- SALib
@pytest.mark.parametrize("second_order, per_sample", [(False, 3 + 2), (True, 2 * 3 + 2)])
def test_sobol_sample_size_is_n_times_d_plus_2(second_order, per_sample):
    d = Design(method="sobol", samples=16, second_order=second_order, parameters={
        "herding_mean": spec(range=[0.1, 0.8]),
        "guarantee_coverage": spec(range=[0.0, 0.9]),
        "response_delay": spec(range=[0, 10]),
    })
    check_design(d)
    table, unit = design_points(d, seed=1)
    assert len(table) == n_points(d) == 16 * per_sample == unit.shape[0]
    assert ((unit >= 0) & (unit <= 1)).all()


def test_morris_sample_size_is_r_times_d_plus_1_on_the_level_grid():
    d = Design(method="morris", samples=6, levels=4, parameters={
        "herding_mean": spec(range=[0.1, 0.8]),
        "guarantee_coverage": spec(range=[0.0, 0.9]),
    })
    check_design(d)
    table, unit = design_points(d, seed=1)
    assert len(table) == n_points(d) == 6 * (2 + 1)
    assert set(np.round(unit.ravel() * 3, 9)) <= {0.0, 1.0, 2.0, 3.0}
    # Along a trajectory, consecutive points differ in exactly one parameter.
    for t in range(6):
        block = unit[t * 3:(t + 1) * 3]
        assert (np.count_nonzero(np.diff(block, axis=0), axis=1) == 1).all()


def test_sampled_designs_are_reproducible():
    d = Design(method="sobol", samples=8, parameters={
        "herding_mean": spec(range=[0.1, 0.8]), "guarantee_coverage": spec(range=[0.0, 0.9])})
    assert np.array_equal(unit_sample(d, 4), unit_sample(d, 4))


# ----------------------------------------------------------------------------- rules
@pytest.mark.parametrize("design, key, words", [
    (Design(method="grid", parameters={"n_userz": spec(values=[1, 2])}),
     "design.parameters.n_userz", "not a model parameter"),
    (Design(method="lhs", samples=4, parameters={"guarantee_coverage": spec(range=[0, 2])}),
     "design.parameters.guarantee_coverage.range", "outside the parameter's own range"),
    (Design(method="sobol", samples=12, parameters={
        "herding_mean": spec(range=[0.1, 0.8]), "guarantee_coverage": spec(range=[0, 1])}),
     "design.samples", "power of two"),
    (Design(method="sobol", samples=16, parameters={"herding_mean": spec(range=[0.1, 0.8])}),
     "design.parameters", "at least 2 parameters"),
    (Design(method="morris", samples=4, levels=3, parameters={
        "herding_mean": spec(range=[0.1, 0.8])}), "design.levels", "even"),
    (Design(method="morris", samples=1, parameters={"herding_mean": spec(range=[0.1, 0.8])}),
     "design.samples", "at least 2 trajectories"),
    (Design(method="lhs", parameters={"herding_mean": spec(range=[0.1, 0.8])}),
     "design.samples", "needs samples"),
    (Design(method="grid", samples=4, parameters={"herding_mean": spec(values=[0.1])}),
     "design.samples", "not used"),
    (Design(method="grid", parameters={"herding_mean": spec(range=[0.1, 0.8])}),
     "design.parameters.herding_mean.levels", "needs levels"),
    (Design(method="lhs", samples=4, parameters={
        "herding_mean": spec(range=[0.1, 0.8], distribution="int")}),
     "design.parameters.herding_mean.distribution", "real number"),
    (Design(method="lhs", samples=4, parameters={
        "guarantee_coverage": spec(range=[0.0, 0.8], distribution="loguniform")}),
     "design.parameters.guarantee_coverage.range", "low > 0"),
    (Design(method="lhs", samples=4, parameters={"stance": spec(range=[0, 1])}),
     "design.parameters.stance.range", "not numeric"),
    (Design(method="grid", parameters={"stance": spec(values=["deny", "shout"])}),
     "design.parameters.stance.values.1", ""),
    (Design(method="grid", parameters={"herding_mean": spec(range=[0.8, 0.1], levels=2)}),
     "design.parameters.herding_mean.range", "low < high"),
    (Design(parameters={"herding_mean": spec(values=[0.1])}), "design.method", "need a design"),
    (Design(keep_scenario_values=True), "design.keep_scenario_values", "not used without"),
])
def test_design_rules_are_scenario_errors_naming_the_key(design, key, words):
    with pytest.raises(ScenarioError) as err:
        check_design(design, file="x.yaml")
    assert err.value.key == key, str(err.value)
    assert words in str(err.value)
    assert str(err.value).startswith("x.yaml")


def test_sobol_size_error_suggests_the_next_power_of_two():
    d = Design(method="sobol", samples=12, parameters={
        "herding_mean": spec(range=[0.1, 0.8]), "guarantee_coverage": spec(range=[0, 1])})
    with pytest.raises(ScenarioError) as err:
        check_design(d)
    assert err.value.suggestion == "16"


def test_unknown_parameter_suggests_a_close_name():
    d = Design(method="grid", parameters={"herding_maen": spec(values=[0.1])})
    with pytest.raises(ScenarioError) as err:
        check_design(d)
    assert err.value.suggestion == "herding_mean"


def test_sizes_of_each_method():
    params = {n: spec(range=[0.0, 0.5]) for n in ("herding_mean", "guarantee_coverage",
                                                  "social_weight", "contagion")}
    assert n_points(Design(method="lhs", samples=7, parameters=params)) == 7
    assert n_points(Design(method="sobol", samples=32, parameters=params)) == 32 * 6
    assert n_points(Design(method="morris", samples=10, parameters=params)) == 10 * 5
    grid = {n: spec(range=[0.0, 0.5], levels=k) for n, k in
            zip(params, (2, 3, 4, 5), strict=True)}
    assert n_points(Design(method="grid", parameters=grid)) == math.prod((2, 3, 4, 5))


def test_quoted_numbers_in_a_design_are_numbers_and_other_values_are_kept_as_written(
        tmp_path):
    """``values: ["150", "300"]`` for n_users stopped the sweep with "unexpected TypeError"
    in the memory check (the runs would have taken 150 and 300); the table now holds the
    numbers. Values already numbers stay as written (1 for a float parameter stays 1: a
    results folder's settings hash holds the design table)."""
    import trustsim

    (tmp_path / "tiny.yaml").write_text("name: tiny\nparams: {n_users: 150, steps: 5}\n",
                                        encoding="utf-8")
    (tmp_path / "exp.yaml").write_text(
        "scenarios: [tiny.yaml]\nstrategies: [do_nothing]\ndesign:\n  method: grid\n"
        "  parameters:\n    n_users: {values: [\"150\", \"300\"]}\n"
        "    herding_mean: {values: [\"0.25\", 1]}\n", encoding="utf-8")
    exp = trustsim.load_experiment(tmp_path / "exp.yaml")
    table = exp.design_table
    assert table["n_users"].tolist() == [150, 150, 300, 300]
    assert table["herding_mean"].tolist() == [0.25, 1, 0.25, 1]
    assert sorted(n for n, _ in exp.worlds) == [150, 300]
    assert exp.design.parameters["herding_mean"].values == [0.25, 1]
    assert type(exp.design.parameters["herding_mean"].values[1]) is int
