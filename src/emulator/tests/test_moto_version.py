"""The emulator refuses to start on a moto other than the pinned one, in one line that says what to do."""

import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

PINNED = next(line.split("==")[1].strip() for line in (ROOT / "src" / "emulator" / "requirements.txt").read_text()
              .splitlines() if line.startswith("moto[") or line.startswith("moto=="))


def run_emulator(pythonpath: list[str]) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([*pythonpath, str(ROOT / "src" / "emulator")])}
    return subprocess.run([sys.executable, "-m", "ecslab_emulator", "--port", "1"], env=env, capture_output=True,
                          text=True, timeout=60)


def test_another_moto_version_is_refused_with_both_versions_and_the_fix(tmp_path: Path):
    # a distribution found before the real one on the path: what importlib.metadata reports as moto's version
    dist = tmp_path / "moto-0.0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: moto\nVersion: 0.0.1\n")
    done = run_emulator([str(tmp_path)])
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "moto 0.0.1" in lines[0] and f"moto {PINNED}" in lines[0] and "scripts/emulator install" in lines[0]
    assert done.stdout == ""


def test_the_pinned_moto_is_the_installed_one():
    from importlib.metadata import version
    assert version("moto") == PINNED
