"""Shared helpers of the hostile-input tests (tests/test_hostile_*.py).

Every refusal is checked the same way: exit status 2, one line on stderr that starts
with ``error:`` and names what it must name, no traceback anywhere.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from trustsim import cli

HOSTILE = Path(__file__).resolve().parent / "hostile"
TRUSTSIM = Path(sys.executable).with_name("trustsim")
EXIT_BAD_INPUT = 2
LIMIT = "16G"  # TRUSTSIM_MEMORY_LIMIT in these tests: the same answer on every machine


def run(*args: str, cwd: Path | None = None, timeout: float = 180,
        env: dict | None = None, **kw) -> subprocess.CompletedProcess:
    """``trustsim ARGS`` in a subprocess (text output)."""
    full = {**os.environ, "TRUSTSIM_MEMORY_LIMIT": LIMIT, **(env or {})}
    return subprocess.run([str(TRUSTSIM), *args], capture_output=True, text=True,
                          timeout=timeout, cwd=cwd, env=full, **kw)


def main(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    """``trustsim ARGS`` in this process: exit status, stdout, stderr."""
    code = cli.main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def assert_refused(code: int, err: str, *words: str, out: str = "") -> None:
    """Exit 2, one ``error:`` line naming every word, and no traceback."""
    assert code == EXIT_BAD_INPUT, (code, out, err)
    assert "Traceback" not in err and "Traceback" not in out, err
    errors = [line for line in err.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, err
    for word in words:
        assert word in errors[0], (word, errors[0])


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder with its bytes (to prove nothing was lost or changed)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def copy_corpus(name: str, dest: Path) -> Path:
    """A writable copy of a corpus file or folder."""
    src = HOSTILE / name
    target = dest / Path(name).name
    if src.is_dir():
        shutil.copytree(src, target)
    else:
        shutil.copyfile(src, target)
    return target


@contextmanager
def small_disk(where: Path, size: str) -> Iterator[Path]:
    """A tmpfs of ``size`` mounted at ``where`` (skips when mounting is not allowed)."""
    where.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs",
                           str(where)], capture_output=True, text=True)
    if proc.returncode:
        pytest.skip(f"cannot mount a small file system here ({proc.stderr.strip()})")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def remount(where: Path, options: str) -> None:
    """Change a mounted tmpfs (``ro``, ``rw``, ``size=...``)."""
    subprocess.run(["mount", "-o", f"remount,{options}", str(where)], check=True,
                   capture_output=True)
