"""Compressed time: health checks, draining and agent start-up take TIME_SCALE of their AWS durations."""

import os
import time

TIME_SCALE = float(os.environ.get("ECSLAB_EMULATOR_TIME_SCALE", "0.1"))


def now() -> float:
    return time.monotonic()


def scaled(aws_seconds: float) -> float:
    """How long something that takes aws_seconds on AWS takes here."""
    return aws_seconds * TIME_SCALE
