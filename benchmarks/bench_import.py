"""How long ``import khcn`` takes, against ``import attrs, cattrs`` (its core dependencies).

Each figure is the best of several fresh interpreters, so it measures a cold import
without the noise of a busy machine. Run: ``python benchmarks/bench_import.py [runs]``.
"""

from __future__ import annotations

import subprocess
import sys
import time

BASELINE = "import attrs, cattrs"
SUBJECT = "import khcn"


def best_of(code: str, runs: int) -> float:
    """The fastest wall-clock time, in seconds, of ``python -c code`` over ``runs`` runs.

    >>> best_of("pass", 1) > 0
    True
    """
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        best = min(best, time.perf_counter() - start)
    return best


def main(runs: int = 15) -> None:
    """Print both figures, the bare interpreter start-up, and their ratio."""
    empty = best_of("pass", runs)
    baseline = best_of(BASELINE, runs)
    subject = best_of(SUBJECT, runs)
    print(f"python -c pass             {empty * 1000:7.1f} ms (interpreter start-up)")
    print(f"python -c '{BASELINE}' {baseline * 1000:7.1f} ms")
    print(f"python -c '{SUBJECT}'          {subject * 1000:7.1f} ms")
    print(f"ratio khcn / (attrs+cattrs): {subject / baseline:.2f}")
    print(f"ratio net of start-up:       {(subject - empty) / max(baseline - empty, 1e-9):.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
