"""Small shared fixtures: a 200-user scenario and a model factory.

Everything here is small on purpose (a few hundred users, a few dozen days) so the whole
suite runs in well under three minutes on two cores.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable

import pytest

import trustsim

SMALL_USERS = 200
SMALL_STEPS = 30


@pytest.fixture
def small_scenario() -> trustsim.Scenario:
    """A 200-user, two-platform world with one rumour on the weaker platform."""
    return trustsim.Scenario(
        name="small",
        description="two platforms, one rumour; for fast tests",
        params={"n_users": SMALL_USERS, "steps": SMALL_STEPS},
        platforms=[
            trustsim.PlatformSpec(name="Sound", reserve_ratio=0.4, risk_management=0.8),
            trustsim.PlatformSpec(name="Shaky", reserve_ratio=0.05, risk_management=0.3),
        ],
        crises=[{"type": "liquidity_rumour", "time": 8, "target": "Shaky", "severity": 0.6}],
    )


@pytest.fixture
def make_model(small_scenario) -> Callable[..., trustsim.TrustModel]:
    """Factory: ``make_model(rng=1, **params)`` builds the small scenario's model.

    Pass ``scenario=None`` for the default world (still 200 users unless overridden).
    """

    def factory(*, scenario=small_scenario, rng: int = 1, strategy=None,
                **params) -> trustsim.TrustModel:
        if scenario is None:
            params.setdefault("n_users", SMALL_USERS)
            params.setdefault("steps", SMALL_STEPS)
        return trustsim.TrustModel(scenario, strategy, rng=rng, **params)

    return factory


@pytest.fixture
def small_model(make_model) -> trustsim.TrustModel:
    """A freshly built (not yet run) model of the small scenario, seed 1."""
    return make_model()


@pytest.fixture(scope="session")
def smoke_sweep(tmp_path_factory):
    """The smoke sweep, run once per test process: read it, never write into it."""
    out = tmp_path_factory.mktemp("smoke_sweep") / "res"
    trustsim.run_experiment(trustsim.load_experiment("smoke"), out=out, executor="serial",
                            progress=False)
    return out


@pytest.fixture(scope="module")
def smoke(smoke_sweep, tmp_path_factory):
    """A finished smoke sweep (2 scenarios x 2 strategies x 6 replications), per module.

    A copy of the one sweep run in this process (``smoke_sweep``), the files byte for byte,
    so a module may write into its folder (reports, comparisons) without touching another's.
    """
    out = tmp_path_factory.mktemp("smoke") / "res"
    shutil.copytree(smoke_sweep, out)
    return out


@pytest.fixture(scope="session")
def smoke_reports(smoke_sweep, tmp_path_factory):
    """The smoke sweep compared (``n_boot=300``) and reported in English and Chinese.

    Made once per test process from a copy of ``smoke_sweep``: ``(paths, table)``, with
    ``paths`` the report files by language. Read them; do not write into their folder.
    """
    folder = tmp_path_factory.mktemp("smoke_reports")
    res = trustsim.load_results(shutil.copytree(smoke_sweep, folder / "res"))
    table = trustsim.compare(res, n_boot=300)
    paths = {lang: trustsim.report(res, folder / f"report_{lang}.html", table, lang=lang)
             for lang in ("en", "zh")}
    return paths, table
