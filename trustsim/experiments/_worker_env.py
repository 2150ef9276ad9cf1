"""Imported first by the local cluster's fork server: the environment of every worker.

* One numba thread per worker. The local cluster runs one worker process per core; the
  compiled engine's threads (used from ``kernels.PARALLEL_FROM`` users) would
  oversubscribe the cores. Setting the variable here, in the fork server before anything
  imports numba, gives every forked worker one thread without touching the environment of
  the process that runs the sweep (numba there may already run threads, and it refuses a
  changed thread count once it does). A value set by the user is kept.
* Ctrl-C is left to the sweep. A terminal sends it to the whole process group: the sweep,
  which stops the cluster and keeps what finished, and every worker, which printed a
  ``KeyboardInterrupt`` traceback of its own (an outside trial: some 35 lines before the
  sweep's "interrupted"). The fork server hands the signal dispositions it had after its
  imports to the processes it forks, so ignoring SIGINT here quiets the workers; they still
  end when the sweep closes the cluster, or when it dies (Dask's workers watch their
  parent). Only there: the sweep marks the fork server's environment
  (``runner.FORK_SERVER_VAR``), so a process that imports this module for any other reason
  keeps its Ctrl-C.
"""

import os
import signal

os.environ.setdefault("NUMBA_NUM_THREADS", "1")
if os.environ.get("TRUSTSIM_FORK_SERVER") == "1":
    signal.signal(signal.SIGINT, signal.SIG_IGN)
