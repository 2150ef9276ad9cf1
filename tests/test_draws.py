"""The day's draws are made on first read, with the numbers of one eager block."""

from __future__ import annotations

import numpy as np
import pytest

import trustsim
from trustsim.population import Draws


def test_lazy_rows_equal_one_eager_block_and_the_stream_moves_on_alike():
    n = 4_097
    eager = np.random.Generator(np.random.PCG64(11))
    lazy = np.random.Generator(np.random.PCG64(11))
    buffers: dict = {}
    for _day in range(3):
        block = eager.random((6, n))
        draws = Draws.draw(lazy, n, buffers)
        for k in (4, 0, 2):  # any order, some rows never read
            assert np.array_equal(draws.row(Draws.ROWS[k]), block[k])
    assert eager.random() == lazy.random()


def test_an_earlier_days_draws_refuse_to_be_read():
    model = trustsim.TrustModel(n_users=500, rng=1)
    model.step()
    old = model.draws
    kept = old.need.copy()
    model.step()
    with pytest.raises(RuntimeError, match="earlier day"):
        old.need  # noqa: B018 - the read is the test
    assert not np.array_equal(model.draws.need, kept)
