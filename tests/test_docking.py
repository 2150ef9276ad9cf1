"""Docking tests (Axtell et al. 1996): trustsim reduced by parameters to classic models.

Each test builds the full :class:`~trustsim.TrustModel`, switches the other mechanisms off
by parameters (docs/model.md §8) and checks the classic model's known result. No test
re-implements a mechanism: the only direct writes are initial conditions the classic model
prescribes (uniform initial opinions, Granovetter's threshold list). docs/validation.md
lists every check with its source, settings and measured figures.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import brentq
from scipy.sparse.csgraph import connected_components

import trustsim
from trustsim.kernels import SPECIALISE_FROM
from trustsim.population import IGNORANT, SPREADER

SOCIAL_ONLY = {"learning_rate": 0.0, "ratings_published": False, "leave_trust": 0.0,
               "guarantee_coverage": 1.0}
"""Only the social term moves trust (docs/model.md §8): no evidence, no ratings pull, no
departures (no losses under a full guarantee, no leaving on low trust)."""

NO_HAZARDS = {"leak_hazard": 0.0, "outage_hazard": 0.0, "credit_hazard": 0.0,
              "rumour_hazard": 0.0, "inspection_rate": 0.0}
"""No endogenous incidents, social-media rumours or inspections."""


# --------------------------------------------------------------------------- DeGroot
def degroot_consensus(graph: trustsim.network.Graph, t0: np.ndarray) -> np.ndarray:
    """The DeGroot limit of ``t0`` under the lazy walk ``(1 - w) I + w D^-1 A``.

    On each connected component of an undirected graph the stationary influence vector is
    proportional to degree, so the consensus is the degree-weighted mean of initial trust
    there; an isolated user keeps its own trust; well mixed gives the plain mean.
    """
    if graph.adjacency is None:
        return np.broadcast_to(t0.mean(axis=0), t0.shape).copy()
    _, label = connected_components(graph.adjacency, directed=False)
    out = np.empty_like(t0)
    for c in np.unique(label):
        idx = label == c
        d = graph.degree[idx]
        out[idx] = t0[idx] if d.sum() == 0 else (d[:, None] * t0[idx]).sum(0) / d.sum()
    return out


@pytest.mark.parametrize("network", ["small_world", "scale_free"])
def test_degroot_consensus_is_the_degree_weighted_mean(network):
    """DeGroot (1974): T(t) -> (pi . T(0)) with pi the stationary vector, here ~ degree."""
    model = trustsim.TrustModel(n_users=400, n_platforms=2, steps=400, network=network,
                                social_mode="degroot", social_weight=0.5, rng=3,
                                **SOCIAL_ONLY, **NO_HAZARDS)
    pop, graph = model.population, model.graph
    rng = np.random.default_rng(11)
    # Column 0: uniform opinions; column 1: trust rising with degree, so that the
    # degree-weighted and the plain mean differ clearly.
    pop.trust[:, 0] = rng.random(pop.n)
    pop.trust[:, 1] = graph.degree / graph.degree.max()
    t0 = pop.trust.copy()
    expected = degroot_consensus(graph, t0)
    assert np.abs(expected.mean(axis=0) - t0.mean(axis=0)).max() > 1e-3  # discriminating
    model.run()
    assert pop.active.all()
    assert np.abs(pop.trust - expected).max() < 1e-6


def test_degroot_past_eight_platforms_takes_the_same_step():
    """Past eight platforms the pull sums one platform at a time (not in registers): the
    same DeGroot step, ``T + w (mean of neighbours' T - T)``, and bit for bit the columns
    a five-platform world works out from the same trust on the same graph."""
    kw = dict(n_users=400, steps=1, social_mode="degroot", social_weight=0.5, rng=3,
              **SOCIAL_ONLY, **NO_HAZARDS)
    many = trustsim.TrustModel(n_platforms=9, **kw)
    few = trustsim.TrustModel(n_platforms=5, **kw)
    np.testing.assert_array_equal(many.graph.indices, few.graph.indices)
    t0 = np.random.default_rng(2).random((400, 9))
    many.population.trust[:] = t0
    few.population.trust[:] = t0[:, :5]
    expected = t0 + 0.5 * (many.graph.neighbour_mean(t0) - t0)
    many.step()
    few.step()
    assert np.abs(many.population.trust - expected).max() < 1e-12
    np.testing.assert_array_equal(many.population.trust[:, :5], few.population.trust)


def test_degroot_well_mixed_gives_the_plain_mean():
    """Well mixed: every user has the same degree, so the consensus is the plain mean."""
    model = trustsim.TrustModel(n_users=300, n_platforms=1, steps=60, network="well_mixed",
                                social_mode="degroot", social_weight=0.5, rng=4,
                                **SOCIAL_ONLY, **NO_HAZARDS)
    model.population.trust[:, 0] = np.random.default_rng(5).random(300)
    mean = model.population.trust.mean()
    model.run()
    assert np.abs(model.population.trust - mean).max() < 1e-6


# --------------------------------------------------------------------------- Deffuant
def opinion_clusters(x: np.ndarray, eps: float, min_share: float = 0.01) -> list[np.ndarray]:
    """Split sorted opinions at gaps wider than ``eps``; drop clusters under ``min_share``."""
    x = np.sort(x)
    parts = np.split(x, np.flatnonzero(np.diff(x) > eps) + 1)
    return [c for c in parts if len(c) >= min_share * len(x)]


@pytest.mark.parametrize(("eps", "low", "high"), [(0.5, 1, 1), (0.2, 2, 3), (0.1, 4, 6)])
def test_deffuant_clusters(eps, low, high):
    """Deffuant et al. (2000): one cluster for a large bound, about 1/(2 eps) for small."""
    counts = []
    for seed in range(3):
        model = trustsim.TrustModel(n_users=1000, n_platforms=1, steps=400,
                                    network="well_mixed", social_mode="bounded_confidence",
                                    confidence_bound=eps, convergence=0.5, rng=seed,
                                    **SOCIAL_ONLY, **NO_HAZARDS)
        model.population.trust[:, 0] = np.random.default_rng(100 + seed).random(1000)
        model.run()
        clusters = opinion_clusters(model.population.trust[:, 0], eps)
        assert max(np.ptp(c) for c in clusters) < 0.01  # converged, not still drifting
        counts.append(len(clusters))
    assert all(low <= k <= high for k in counts), counts


# --------------------------------------------------------------------------- Maki-Thompson
def maki_thompson_ignorant_share() -> float:
    """The classic final ignorant share: the root in (0, 1) of x = exp(-2 (1 - x))."""
    return brentq(lambda x: x - np.exp(-2.0 * (1.0 - x)), 0.01, 0.9)


def test_maki_thompson_final_ignorant_share():
    """Maki & Thompson (1973), homogeneous mixing: about 20.3 % never hear the rumour."""
    classic = maki_thompson_ignorant_share()
    assert abs(classic - 0.2032) < 1e-4
    # As many users as the generic compiled kernels serve (one fewer than the size that
    # compiles a version for the platform count): no compile of its own for this test.
    n = SPECIALISE_FROM - 1
    scenario = trustsim.Scenario(
        platforms=[trustsim.PlatformSpec(name="A")],
        crises=[{"type": "positive_news", "time": 1, "target": "A", "severity": 0.5}])
    shares = []
    for seed in range(4):
        model = trustsim.TrustModel(
            scenario, n_users=n, steps=600, network="well_mixed", rumour_contact_rate=0.1,
            mainstream_reach=0.0, social_reach=0.0005, disclosure_mandate=False,
            social_mode="none", initial_trust_sd=0.0, liquidity_need_rate=0.0,
            invest_rate=0.0, rng=seed, **SOCIAL_ONLY, **NO_HAZARDS)
        heard = model.population.heard[:, 0]
        model.step()
        assert 1 <= (heard == SPREADER).sum() <= 40  # a few initial spreaders
        while (heard == SPREADER).any() and model.time < model.p.steps:
            model.step()
        assert not (heard == SPREADER).any()  # the rumour has died out
        shares.append(float((heard == IGNORANT).mean()))
    assert abs(np.mean(shares) - classic) < 0.02, shares


# --------------------------------------------------------------------------- Granovetter
GRANOVETTER = {"n_platforms": 1, "platforms_per_user": 1, "network": "well_mixed",
               "learning_rate": 0.0, "social_mode": "none", "ratings_published": False,
               "initial_trust_mean": 1.0, "initial_trust_sd": 0.0, "guarantee_coverage": 0.0,
               "liquidity_need_rate": 0.0, "invest_rate": 0.0, "leave_trust": 0.0,
               "cost_rate": 0.0, "protection_levy": 0.0, "run_softness": 0.0,
               "run_hazard": 1.0, "relationship_discount": 0.0, "withdrawal_fade": 0.0,
               **NO_HAZARDS}
"""Granovetter's participants stay in the count once they have acted: withdrawal_fade 0."""


def granovetter_runs(k: np.ndarray) -> list[int]:
    """Users who have run, day by day, when user i runs after k[i] others have run.

    With T = 1, g = 0 and h = 1 the run pressure (``rules.withdrawal_pressure``) is
    ``1 - f`` with f the share of the n - 1 others withdrawing; with ``run_softness = 0``
    and ``run_hazard = 1`` a user runs as soon as it reaches the threshold, so
    theta = 1 - k / (n - 1); the 1e-9 margin (far below the 1 / (n - 1) step) keeps float
    rounding from deciding ties.
    """
    n = len(k)
    scenario = trustsim.Scenario(
        platforms=[trustsim.PlatformSpec(name="A", reserve_ratio=1.0, true_yield=0.0)])
    model = trustsim.TrustModel(scenario, n_users=n, steps=n + 10, rng=1, **GRANOVETTER)
    pop = model.population
    pop.herding[:] = 1.0
    pop.literacy[:] = 0.5  # herding counts in full (rules.credulity is 1 at literacy 0.5)
    pop.threshold[:] = 1.0 - k / (n - 1) + 1e-9
    runs = []
    for _ in range(model.p.steps):
        model.step()
        runs.append(int(pop.ran[:, 0].sum()))
    assert model.platforms[0].status == "operating"  # the platform pays everyone
    return runs


def test_granovetter_uniform_thresholds_all_run():
    """Granovetter (1978): thresholds 0, 1, ..., 99 -- one more runs each round, all run."""
    runs = granovetter_runs(np.arange(100))
    assert runs[:5] == [1, 2, 3, 4, 5]
    assert runs[-1] == 100


def test_granovetter_one_changed_threshold_stops_the_cascade():
    """Change the user with threshold 1 to threshold 2: only the instigator runs."""
    k = np.arange(100)
    k[1] = 2
    runs = granovetter_runs(k)
    assert runs[-1] == 1


# --------------------------------------------------------------------------- Diamond-Dybvig
DD = {"platforms_per_user": 1, "initial_trust_mean": 0.65, "initial_trust_sd": 0.1,
      "withdraw_threshold_mean": 0.35, "withdraw_threshold_sd": 0.08,
      "learning_rate": 0.12, "negativity_bias": 3.0, "news_weight": 1.0,
      "media_susceptibility_mean": 0.5, "liquidity_need_rate": 0.002,
      "guarantee_credibility": 1.0, "guarantee_limit": 1e9, "withdrawal_fade": 0.0,
      **NO_HAZARDS}
"""Pinned so that a recalibration of the defaults does not turn this into another test.
Diamond and Dybvig's guarantee is a government's: everyone counts on it, for every claim;
every early withdrawal counts against the bank for the rest of the game (withdrawal_fade 0)."""


def dd_run(reserve: float, *, rumour: bool = True, guarantee: float = 0.0,
           herding: float = 0.9, seed: int = 1) -> tuple[trustsim.TrustModel, list[str], float]:
    """One platform, 2,000 users, 120 days; a false liquidity rumour on day 10.

    Returns the model, the platform's status changes and its equity / owed when it froze
    (NaN if it never froze).
    """
    crises = ([{"type": "liquidity_rumour", "time": 10, "target": "A", "severity": 0.8}]
              if rumour else [])
    scenario = trustsim.Scenario(
        platforms=[trustsim.PlatformSpec(name="A", reserve_ratio=reserve)], crises=crises)
    model = trustsim.TrustModel(scenario, n_users=2000, steps=120, herding_mean=herding,
                                guarantee_coverage=guarantee, rng=seed, **DD)
    plat = model.platforms[0]
    equity_at_freeze = float("nan")
    while model.running:
        model.step()
        if plat.status == "frozen" and np.isnan(equity_at_freeze):
            equity_at_freeze = plat.equity / plat.owed
    statuses = [e["status"] for e in model.events if e["kind"] == "status"]
    return model, statuses, equity_at_freeze


@pytest.mark.parametrize("seed", [1, 2])
def test_diamond_dybvig_self_fulfilling_run_and_guarantee(seed):
    """Diamond & Dybvig (1983): panic brings down a solvent but illiquid platform."""
    # Bad equilibrium: a false rumour plus herding -> a run, the platform freezes while
    # still solvent (expectations alone, not losses, bring it down).
    model, statuses, equity = dd_run(0.15, seed=seed)
    assert "frozen" in statuses
    assert equity > 0.05
    assert model.population.ran[:, 0].mean() > 0.5
    # Good equilibrium: the same platform without the sunspot pays its early consumers.
    _, statuses, _ = dd_run(0.15, rumour=False, seed=seed)
    assert statuses == []
    # Full deposit guarantee: the same seed and rumour start no run at all.
    model, statuses, _ = dd_run(0.15, guarantee=1.0, seed=seed)
    assert statuses == []
    assert not model.population.ran.any()
    # A liquid platform is run on as well but pays everyone and survives.
    model, statuses, _ = dd_run(1.0, seed=seed)
    assert statuses == []
    assert model.population.ran[:, 0].mean() > 0.5
    assert model.platforms[0].status == "operating"
