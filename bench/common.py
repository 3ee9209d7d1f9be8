"""What the benchmarks share: where outputs go, and which version of kg they measure.

Other engineers edit kg/ in this same checkout while benchmarks run, so by default a benchmark measures a
committed version (`--ref HEAD`), exported with `git archive` into bench/out/src-<sha>/ and put first on the
child processes' PYTHONPATH; `--ref worktree` measures the files as they are.
"""

from __future__ import annotations

import io
import os
import platform
import subprocess
import tarfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
PYTHON = ROOT / ".venv" / "bin" / "python"


def source_tree(ref: str) -> tuple[Path, str]:
    """Return (folder holding kg/ and ontology/ at `ref`, its commit id or "worktree")."""
    if ref == "worktree":
        return ROOT, "worktree"
    sha = subprocess.run(["git", "rev-parse", "--short=10", ref], cwd=ROOT, check=True, capture_output=True,
                         text=True).stdout.strip()  # fmt: skip
    target = OUT / f"src-{sha}"
    if not (target / "kg" / "__init__.py").exists():
        archive = subprocess.run(["git", "archive", sha, "kg", "ontology"], cwd=ROOT, check=True,
                                 capture_output=True).stdout  # fmt: skip
        target.mkdir(parents=True, exist_ok=True)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(target, filter="data")
    return target, sha


def child_env(src: Path) -> dict[str, str]:
    """The environment for a child that must import kg from `src`."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(src)
    env.pop("KG_STORE_DIR", None)
    return env


def machine() -> dict[str, object]:
    """What the figures were measured on."""
    memory_kib = 0
    with open("/proc/meminfo") as handle:
        for line in handle:
            if line.startswith("MemTotal:"):
                memory_kib = int(line.split()[1])
    return {"nproc": os.cpu_count(), "memory_gib": round(memory_kib / 2**20, 1), "python": platform.python_version(),
            "cpu": _cpu_model(), "load_avg_1m": round(os.getloadavg()[0], 2)}  # fmt: skip


def _cpu_model() -> str:
    with open("/proc/cpuinfo") as handle:
        for line in handle:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor()
