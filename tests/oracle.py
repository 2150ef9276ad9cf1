"""The per-agent test oracle: the model with phases 5-6 run one ``User`` at a time.

``OracleModel`` is :class:`trustsim.TrustModel` with one change: instead of the compiled
pass over every user, it opens the users phase and lets Mesa step each ``User`` agent in
a random order (``shuffle_do("step")``). Each ``User.step()`` calls the same rule
functions (``trustsim.rules``) for that one user. Run with ``NUMBA_DISABLE_JIT=1`` (as
``tests/test_oracle.py`` does, in a subprocess), every rule runs uncompiled, as plain
Python. The model itself never imports this module.

Usage (prints the run's outputs as JSON)::

    NUMBA_DISABLE_JIT=1 python tests/oracle.py SETTING SEED

or, to run several in one process (one ``SETTING SEED`` line in, one JSON line out, each
run a fresh model)::

    NUMBA_DISABLE_JIT=1 python tests/oracle.py --serve
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import trustsim  # noqa: E402
from trustsim.agents.user import User  # noqa: E402

N_USERS = 300
STEPS = 40
FINAL_ARRAYS = ("trust", "holdings", "queued", "cash", "losses", "ran", "run_day", "heard",
                "active", "exposed", "withdrawing", "literacy")

SETTINGS = {
    "degroot_small_world_rumour": dict(
        scenario=trustsim.Scenario(crises=[{"type": "liquidity_rumour", "time": 10,
                                            "target": "Platform D", "severity": 0.9}]),
        params={"social_mode": "degroot", "network": "small_world"},
    ),
    "bounded_confidence_well_mixed": dict(
        scenario=trustsim.Scenario(crises=[{"type": "data_leak", "time": 8,
                                            "target": "Platform B", "severity": 0.8}]),
        params={"social_mode": "bounded_confidence", "network": "well_mixed",
                "confidence_bound": 0.3, "same_day_reach": 0.5},
    ),
    "scale_free_run_with_guarantee": dict(
        scenario=trustsim.Scenario(
            platforms=[trustsim.PlatformSpec(name="Thin", reserve_ratio=0.02,
                                             expansion_rate=1.0),
                       trustsim.PlatformSpec(name="Thick", reserve_ratio=0.5)],
            crises=[{"type": "liquidity_rumour", "time": 5, "target": "Thin",
                     "severity": 1.0, "grounded": True}]),
        params={"network": "scale_free", "guarantee_coverage": 0.2, "herding_mean": 0.6,
                "news_weight": 3.0, "same_day_reach": 0.7},
        expect_status="frozen",
    ),
    "random_abscond_losses_leave": dict(
        scenario=trustsim.Scenario(
            platforms=[trustsim.PlatformSpec(name="Pool", pooled_fund=True),
                       trustsim.PlatformSpec(name="Other", reserve_ratio=0.3)],
            crises=[{"type": "abscond", "time": 10, "target": "Pool"},
                    {"type": "data_leak", "time": 5, "target": "Other", "severity": 0.9}]),
        params={"network": "random", "guarantee_coverage": 0.45, "leave_loss_share": 0.2,
                "compensation_share": 0.8, "response_delay": 1},
        expect_status="absconded",
    ),
}


class OracleModel(trustsim.TrustModel):
    """The model, with phases 5-6 stepped one ``User`` agent at a time, in random order."""

    def update_trust_and_act(self) -> None:  # noqa: D102 - see the class docstring
        with self.users_phase():
            self.agents_by_type[User].shuffle_do("step")


def build(setting: str, seed: int, model_class: type = trustsim.TrustModel):
    """A model of ``setting`` (see :data:`SETTINGS`) on ``seed``, not yet run."""
    spec = SETTINGS[setting]
    return model_class(spec["scenario"], rng=seed, n_users=N_USERS, steps=STEPS,
                       **spec["params"])


def outputs(model: trustsim.TrustModel) -> dict:
    """What the comparison checks: both time series and the final user arrays."""
    pt = model.platform_timeseries()
    return {"timeseries": model.timeseries().to_dict(orient="list"),
            "platforms": pt.to_dict(orient="list"),
            "arrays": {k: np.asarray(getattr(model.population, k)).tolist()
                       for k in FINAL_ARRAYS}}


if __name__ == "__main__":
    if sys.argv[1:] == ["--serve"]:
        for line in sys.stdin:
            name, seed = line.split()
            print(json.dumps(outputs(build(name, int(seed), OracleModel).run())), flush=True)
    else:
        name, seed = sys.argv[1], int(sys.argv[2])
        json.dump(outputs(build(name, seed, OracleModel).run()), sys.stdout)
