"""The emulator runs only on the moto it was written against.

Its changes reach into moto's internals (pipeline.py replaces moto's dispatch method; the other modules replace
backend methods and read moto's private helpers and attributes), which change between moto releases without
notice: on another version they would break quietly, as wrong answers rather than errors. The pin is the one line
of requirements.txt that names moto.
"""

import importlib.metadata
import re
from pathlib import Path

REQUIREMENTS = Path(__file__).resolve().parents[1] / "requirements.txt"


def pinned() -> str:
    for line in REQUIREMENTS.read_text().splitlines():
        found = re.match(r"\s*moto(\[[^\]]*\])?\s*==\s*([^\s;#]+)", line)
        if found:
            return found.group(2)
    raise RuntimeError(f"no moto==<version> line in {REQUIREMENTS.name}")


def mismatch() -> str | None:
    """One line saying what is wrong and what to do, or None when the installed moto is the pinned one."""
    want = pinned()
    try:
        have = importlib.metadata.version("moto")
    except importlib.metadata.PackageNotFoundError:
        have = None
    if have == want:
        return None
    return (f"ecslab emulator: moto {have or '(not installed)'} is installed, but the emulator is written against "
            f"moto {want} (src/emulator/requirements.txt); run scripts/emulator install")
