"""Memory per user is bounded and matches the table of docs/model.md §2.9."""

from __future__ import annotations

import dataclasses
import tracemalloc

import pytest

import trustsim
from trustsim.primitives import NEAR_ROWS

pytestmark = pytest.mark.slow  # run by make test; deselect with -m "not slow"


def _array_bytes(model: trustsim.TrustModel) -> tuple[int, int, int]:
    pop, g = model.population, model.graph
    arrays = {id(getattr(pop, f.name)): getattr(pop, f.name) for f in dataclasses.fields(pop)
              if not f.name.startswith("_")}  # trust0 is trust between days: count once
    state = sum(a.nbytes for a in arrays.values())
    scratch = sum(a.nbytes for a in pop._scratch.values()) + pop._spare.nbytes
    assert g._adjacency is None  # the scipy matrix is made only when asked for
    rows, near = g._near  # made by the engine's first step, kept by the graph
    assert rows == NEAR_ROWS
    graph = sum(a.nbytes for a in (g.indptr, g.indices, g.degree, g.inv_degree, *near))
    return state, scratch, graph


def test_array_bytes_per_user_follow_the_documented_formulas():
    n, n_p = 5_000, 5  # five platforms: the count the other compiled-engine tests use
    model = trustsim.TrustModel(n_users=n, n_platforms=n_p, rng=2, engine="compiled",
                                steps=40).run()
    state, scratch, graph = _array_bytes(model)
    edges = model.graph.indices.size  # k n
    assert state == (64 * n_p + 84) * n
    assert 0 < scratch <= (28 * n_p + 8) * n
    far = model.graph.near_and_far(NEAR_ROWS)[3].size
    # indptr and far_ptr have n + 1 entries; each row's near block is two offsets
    assert graph == 4 * edges + 4 * far + 32 * n + 8


def test_a_user_costs_under_800_bytes_in_all():
    n = 150_000  # below kernels.PARALLEL_FROM: no threads in the test suite
    # Compile (or load) the kernels first: numba's compiler allocates a lot, once.
    trustsim.TrustModel(n_users=30_000, n_platforms=5, rng=1, engine="compiled").run(2)
    tracemalloc.start()
    try:
        model = trustsim.TrustModel(n_users=n, n_platforms=5, rng=1, engine="compiled")
        model.run(5)
        traced = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    state, scratch, graph = _array_bytes(model)
    assert (state + scratch + graph) / n < 700
    assert traced / n < 800  # User agents are made only when asked for
    assert model._users is None
