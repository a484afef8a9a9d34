"""Import time: ``import twimlkit`` against ``import twilio.twiml.voice_response``.

    python bench/imports.py              # 21 rounds
    python bench/imports.py --rounds 51

Each round starts three fresh interpreters, in a shuffled order: one that imports
twimlkit, one that imports Twilio's helper and one that runs ``pass`` (the interpreter's
own start-up, subtracted from the other two). The report is the median of each, and the
median of the per-round ratios. Target: twimlkit at most 4x the helper's time.

Bytecode: both sides are timed with compiled ``.pyc`` files, as an installed package
would be. The children get their own ``PYTHONPYCACHEPREFIX`` (a temporary directory,
warmed before the first round) and never see ``PYTHONDONTWRITEBYTECODE``, which would
otherwise make every start compile twimlkit's sources from scratch.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 4.0

STATEMENTS = {
    "twimlkit": "import twimlkit",
    "twilio": "import twilio.twiml.voice_response",
    "baseline": "pass",
}


def _environment(cache: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = cache
    # The checkout's twimlkit, whether or not it is installed.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def _run(statement: str, env: dict[str, str]) -> float:
    """Milliseconds for a fresh interpreter to run ``statement``."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", statement], env=env, check=True)
    return (time.perf_counter() - start) * 1000


def import_ratio(rounds: int = 21) -> dict[str, float]:
    """Median import times (ms, interpreter start-up subtracted) and the median ratio.

    Keys: ``twimlkit_ms``, ``twilio_ms``, ``baseline_ms`` (the start-up itself, not
    subtracted), ``ratio`` (median over rounds of twimlkit's time over the helper's) and
    ``rounds``.
    """
    if rounds < 1:
        raise ValueError("rounds must be at least 1")
    shuffle = random.Random(0).shuffle
    with tempfile.TemporaryDirectory(prefix="twimlkit-pycache-") as cache:
        env = _environment(cache)
        for _ in range(2):  # the first run writes the .pyc files, the second reads them
            for statement in STATEMENTS.values():
                _run(statement, env)
        times: dict[str, list[float]] = {name: [] for name in STATEMENTS}
        ratios: list[float] = []
        order = list(STATEMENTS)
        for _ in range(rounds):
            shuffle(order)
            this = {name: _run(STATEMENTS[name], env) for name in order}
            for name, ms in this.items():
                times[name].append(ms)
            ours = this["twimlkit"] - this["baseline"]
            theirs = this["twilio"] - this["baseline"]
            if theirs > 0:
                ratios.append(ours / theirs)
    baseline = [times["baseline"][i] for i in range(rounds)]
    return {
        "twimlkit_ms": statistics.median(t - b for t, b in zip(times["twimlkit"], baseline, strict=True)),
        "twilio_ms": statistics.median(t - b for t, b in zip(times["twilio"], baseline, strict=True)),
        "baseline_ms": statistics.median(baseline),
        "ratio": statistics.median(ratios) if ratios else float("inf"),
        "rounds": float(rounds),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21, help="fresh-process rounds (default 21)")
    args = parser.parse_args(argv)
    result = import_ratio(args.rounds)
    print(f"{int(result['rounds'])} rounds, interpreter start-up {result['baseline_ms']:.1f} ms (subtracted)")
    print(f"import twimlkit                     {result['twimlkit_ms']:7.1f} ms")
    print(f"import twilio.twiml.voice_response  {result['twilio_ms']:7.1f} ms")
    print(
        f"import twimlkit takes {result['ratio']:.2f}x the time of import twilio.twiml.voice_response"
        f" (target <= {TARGET:.2f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
