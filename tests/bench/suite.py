"""``make test`` on a clean clone, timed: the suite's own benchmark (goal ≤ 10 minutes).

A clean clone of this checkout's HEAD (no .mypy_cache, no bytecode), the steps of the
Makefile's ``test`` target in order, with this interpreter's environment.

    python -m tests.bench.suite
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure_suite() -> dict[str, float | str]:
    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory(prefix="floordesk-suite-") as name:
        clone = Path(name) / "floordesk"
        subprocess.run(
            ["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone)], check=True
        )
        environment = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        steps = [
            [str(bin_dir / "ruff"), "check", "."],
            [str(bin_dir / "ruff"), "format", "--check", "."],
            [str(bin_dir / "mypy")],
            [str(bin_dir / "pytest"), "-q"],
        ]
        began, cpu = time.perf_counter(), _children_cpu()
        pytest_s, failed, outcome = 0.0, [], ""
        for step in steps:
            start = time.perf_counter()
            result = subprocess.run(
                step, cwd=clone, env=environment, capture_output=True, text=True, check=False
            )
            if step[0].endswith("pytest"):
                pytest_s = time.perf_counter() - start
                lines = result.stdout.strip().splitlines() or ["no output"]
                outcome = lines[-1].strip("= ")
                # Which failed, by name (the suite's own output is not kept).
                failed += [line for line in lines if line.startswith(("FAILED ", "ERROR "))]
            elif result.returncode != 0:
                failed.append(Path(step[0]).name)
        if failed:
            outcome += f"; failed: {', '.join(failed)}"
        return {
            "wall_s": time.perf_counter() - began,
            "pytest_s": pytest_s,
            "cpu_s": _children_cpu() - cpu,
            "outcome": outcome,
        }


if __name__ == "__main__":
    print(measure_suite())
