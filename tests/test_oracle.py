"""Docking the compiled pass on the per-agent oracle: the same rules, run two ways.

The model runs phases 5-6 as one compiled pass over every user; ``tests/oracle.py`` runs
them one ``User`` agent at a time, in random order (Mesa's ``shuffle_do``), with every
rule uncompiled (``NUMBA_DISABLE_JIT=1``, in a subprocess). Both consume the same random
draws, so on the same seed they must agree to floating-point noise, on every recorded
series and on the final state of every user.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import oracle
import pandas as pd
import pytest

pytestmark = pytest.mark.slow  # run by make test; deselect with -m "not slow"

TOL = 1e-9
HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def uncompiled():
    """``uncompiled(setting, seed)``: the per-agent run's outputs, from one uncompiled process.

    ``tests/oracle.py --serve`` with ``NUMBA_DISABLE_JIT=1``, started on first use (one
    interpreter start for the module instead of one per setting); each request builds
    and runs a fresh model there.
    """
    env = {**os.environ, "NUMBA_DISABLE_JIT": "1"}
    procs: list[subprocess.Popen] = []

    def oracle_run(setting: str, seed: int) -> dict:
        if not procs:
            procs.append(subprocess.Popen([sys.executable, str(HERE / "oracle.py"), "--serve"],
                                          stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                          text=True, env=env))
        proc = procs[0]
        proc.stdin.write(f"{setting} {seed}\n")
        proc.stdin.flush()
        line = proc.stdout.readline()
        assert line, f"the oracle process ended (exit status {proc.wait(timeout=60)})"
        return json.loads(line)

    yield oracle_run
    for proc in procs:
        proc.stdin.close()
        try:
            assert proc.wait(timeout=60) == 0
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.stdout.close()


@pytest.mark.parametrize("setting", sorted(oracle.SETTINGS))
def test_compiled_pass_matches_the_per_agent_oracle(setting, uncompiled):
    fast = oracle.build(setting, 4).run()
    slow = uncompiled(setting, 4)
    tf = fast.timeseries()
    ts = pd.DataFrame(slow["timeseries"])
    assert list(tf.columns) == list(ts.columns)
    for col in tf.select_dtypes("number").columns:
        np.testing.assert_allclose(ts[col].to_numpy(np.float64), tf[col].to_numpy(np.float64),
                                   rtol=TOL, atol=TOL, err_msg=f"timeseries column {col}")
    pf, ps = fast.platform_timeseries(), pd.DataFrame(slow["platforms"])
    assert pf["status"].tolist() == ps["status"].tolist()
    for col in pf.select_dtypes("number").columns:
        np.testing.assert_allclose(ps[col].to_numpy(np.float64), pf[col].to_numpy(np.float64),
                                   rtol=TOL, atol=TOL, equal_nan=True,
                                   err_msg=f"platform column {col}")
    for name in oracle.FINAL_ARRAYS:
        a, b = np.asarray(getattr(fast.population, name)), np.asarray(slow["arrays"][name])
        if a.dtype.kind == "f":
            np.testing.assert_allclose(b, a, rtol=TOL, atol=TOL, err_msg=name)
        else:
            np.testing.assert_array_equal(b, a.astype(b.dtype), err_msg=name)
    # Not a vacuous comparison: the crisis moved trust and users acted on it.
    assert tf["mean_trust"].min() < tf["mean_trust"].iloc[0] - 0.01
    assert tf["runs"].sum() + tf["withdrawals_requested"].sum() > 0
    assert (tf["rumour_reach"] > 0).any()
    if "expect_status" in oracle.SETTINGS[setting]:
        assert oracle.SETTINGS[setting]["expect_status"] in set(pf["status"])
    if setting == "random_abscond_losses_leave":
        assert tf["departed_users"].iloc[-1] > 0
        assert tf["protection_paid"].iloc[-1] > 0
        assert tf["compensation_paid"].sum() > 0


def test_per_agent_order_does_not_matter():
    """Users read their contacts as they were when the phase opened: stepping them in two
    different random orders gives the same bits (in process, rules compiled)."""
    a = oracle.build("degroot_small_world_rumour", 5, oracle.OracleModel)
    b = oracle.build("degroot_small_world_rumour", 5, oracle.OracleModel)
    b.agents_by_type  # noqa: B018 - same agents; reshuffle b's order below
    b.agents_by_type[oracle.User].random = random.Random(99)
    a.run(25)
    b.run(25)
    assert np.array_equal(a.population.trust, b.population.trust)
    assert a.timeseries().equals(b.timeseries())
