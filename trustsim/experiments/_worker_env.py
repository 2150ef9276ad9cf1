"""Imported first by the local cluster's fork server: one numba thread per worker.

The local cluster runs one worker process per core; the compiled engine's threads (used
from ``kernels.PARALLEL_FROM`` users) would oversubscribe the cores. Setting the variable
here, in the fork server before anything imports numba, gives every forked worker one
thread without touching the environment of the process that runs the sweep (numba there
may already run threads, and it refuses a changed thread count once it does). A value set
by the user is kept.
"""

import os

os.environ.setdefault("NUMBA_NUM_THREADS", "1")
