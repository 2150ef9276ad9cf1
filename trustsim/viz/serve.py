"""Serve the dashboard offline: ``solara run trustsim.viz.app`` with the right flags.

Core functions: :func:`serve` (blocking, for ``trustsim dashboard``), :func:`start` (a
server process, for tests and benchmarks), :func:`wait_ready` and :func:`stop`.

Every asset the page needs comes from the local server (the ``solara-assets`` package):
``--production`` drops Solara's hidden telemetry frames, ``--no-check-version`` stops the
version check against the package index, and ``SOLARA_TELEMETRY_MIXPANEL_ENABLE=false`` (a
real environment variable: Solara ignores a ``.env`` file for it) stops server-side
telemetry. The page uses no altair chart, so no vega aliases are needed.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import webbrowser
from collections.abc import Mapping
from typing import IO

__all__ = ["APP", "server_command", "server_env", "start", "wait_ready", "stop", "serve",
           "free_port", "port_free"]

APP = "trustsim.viz.app"
"""The module ``solara run`` serves."""


def server_command(port: int = 8765, host: str = "127.0.0.1") -> list[str]:
    """Return the command line that runs the dashboard server."""
    return [sys.executable, "-m", "solara", "run", APP, "--host", host, "--port", str(port),
            "--production", "--no-check-version"]


def server_env(base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The server's environment: ``base`` (default: this process's), no telemetry, no banner.

    Solara's corner banner is switched off: it covered the charts.
    """
    env = dict(os.environ if base is None else base)
    env["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] = "false"
    # Solara warns about samesite cookies on plain http, which a local server always is.
    quiet = "ignore:Cookies with samesite=none require https:UserWarning"
    env["PYTHONWARNINGS"] = ",".join(w for w in (env.get("PYTHONWARNINGS"), quiet) if w)
    env.pop("SOLARA_ASSETS_PROXY", None)  # "false" would link the page to a public CDN
    # Solara's "This website runs on Solara" banner is fixed over the page's bottom right
    # corner, on top of the charts; the page credits Mesa and Solara in its World card.
    env["SOLARA_THEME_SHOW_BANNER"] = "false"
    return env


def free_port(host: str = "127.0.0.1") -> int:
    """Return a TCP port that is free on ``host`` now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def port_free(port: int, host: str = "127.0.0.1") -> bool:
    """Return True when a server could listen on ``host:port`` now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def start(port: int = 8765, host: str = "127.0.0.1", *, log: IO | int | None = None
          ) -> subprocess.Popen:
    """Start the server in a new process group and return the process (not yet ready).

    Args:
        port: TCP port.
        host: interface to listen on.
        log: where the server's output goes (a file, ``subprocess.DEVNULL``; default:
            inherited).
    """
    return subprocess.Popen(server_command(port, host), env=server_env(), stdout=log,
                            stderr=subprocess.STDOUT if log is not None else None,
                            start_new_session=True)


def wait_ready(url: str, timeout: float = 60.0, proc: subprocess.Popen | None = None) -> None:
    """Wait until ``url`` answers HTTP 200.

    Raises:
        RuntimeError: when ``proc`` exits first.
        TimeoutError: after ``timeout`` seconds.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the dashboard server exited with status {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    raise TimeoutError(f"the dashboard did not answer at {url} within {timeout:.0f} s")


def stop(proc: subprocess.Popen, timeout: float = 10.0) -> None:
    """Stop the server and everything it started (its process group); never raises."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout)
    except (ProcessLookupError, PermissionError):
        pass
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout)


def serve(port: int = 8765, host: str = "127.0.0.1", open_browser: bool = False) -> int:
    """Serve the dashboard until interrupted (Ctrl-C); return the server's exit status.

    Args:
        port: TCP port.
        host: interface to listen on; the default serves this computer only.
        open_browser: open the page in the default browser once the server answers.

    Example:
        ``python -c "from trustsim.viz.serve import serve; serve()"`` then open
        http://127.0.0.1:8765
    """
    url = f"http://{host}:{port}/"
    if not port_free(port, host):
        print(f"trustsim dashboard: port {port} on {host} is in use; choose another with "
              "--port", file=sys.stderr)
        return 2
    from trustsim.warmup import warm_up

    print("trustsim dashboard: preparing the compiled kernels ...", flush=True)
    secs = warm_up()  # the server then loads them from the cache: no stall on first click
    note = " (compiled once on this machine, then cached)" if secs > 3 else ""
    print(f"trustsim dashboard: kernels ready in {secs:.1f} s{note}; starting the server",
          flush=True)
    proc = start(port, host)
    previous = _stop_on_signals()
    try:
        try:
            wait_ready(url, timeout=120, proc=proc)
        except (RuntimeError, TimeoutError) as exc:
            print(f"trustsim dashboard: {exc}", file=sys.stderr)
            return 1
        print(f"trustsim dashboard: open {url} in a browser (Ctrl-C to stop)", flush=True)
        if open_browser:
            webbrowser.open(url)
        return proc.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        stop(proc)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _stop_on_signals() -> dict:
    """Turn SIGTERM and SIGHUP into KeyboardInterrupt, so the server is always stopped.

    The server runs in a session of its own (a terminal's Ctrl-C reaches only this
    process, which then stops the server's whole process group); without this, a
    ``kill`` of this process would leave the server running.
    """
    import threading

    if threading.current_thread() is not threading.main_thread():
        return {}
    return {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGTERM, signal.SIGHUP)}
