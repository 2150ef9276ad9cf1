"""Every example in trustsim's docstrings runs and prints what it says.

The modules are imported by their package names (``trustsim.agents.user``), as users
import them; examples marked ``+SKIP`` (they need results folders or a server) are
skipped by doctest itself.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import trustsim

MODULES = sorted(m.name for m in pkgutil.walk_packages(trustsim.__path__, "trustsim."))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
                             verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
