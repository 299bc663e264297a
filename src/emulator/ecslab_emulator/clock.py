"""AWS's clock, compressed: every phase the emulator plays lasts its AWS duration × TIME_SCALE.

The table below is AWS time (seconds), from docs/aws.md and AWS's documentation; each row can be set on its own,
in AWS seconds, by its environment variable (tests use that to stretch or shrink one phase). Health checks and target
draining take what the target group says (interval × threshold, deregistration delay), scaled the same way; the
eventual-consistency windows are in consistency.py. `python -m ecslab_emulator.clock` (`scripts/emulator clock`)
prints the table in force. lab/AwsTimes.java holds the same durations for the CLI; AwsTimesIT keeps them equal.
"""

import os
import time
from dataclasses import dataclass

TIME_SCALE = float(os.environ.get("ECSLAB_EMULATOR_TIME_SCALE", "0.1"))


@dataclass(frozen=True)
class Phase:
    env: str
    aws_seconds: float
    what: str
    source: str


PHASES = {
    "instance_pending": Phase("ECSLAB_CLOCK_INSTANCE_PENDING", 20, "instance pending → running",
                              "Instance running in 15–40 s (docs/aws.md §12)"),
    "agent_registration": Phase("ECSLAB_CLOCK_AGENT_REGISTRATION", 40, "ECS agent registers, after running",
                                "~40 s reported for the ECS AMI's boot (docs/aws.md §12)"),
    "alb_provisioning": Phase("ECSLAB_CLOCK_ALB_PROVISIONING", 150, "ALB provisioning → active",
                              "~2–5 min (docs/aws.md §12; the issue's table: 150 s)"),
    "task_start": Phase("ECSLAB_CLOCK_TASK_START", 10, "task PENDING → RUNNING (image pull + start)",
                        "nginx from ECR Public on a warm instance"),
    "instance_shutting_down": Phase("ECSLAB_CLOCK_INSTANCE_SHUTTING_DOWN", 40,
                                    "instance shutting-down → terminated (container instance INACTIVE)",
                                    "instance termination ~1–2 min (docs/aws.md §12; the issue's table: 40 s)"),
    "alb_eni_linger": Phase("ECSLAB_CLOCK_ALB_ENI_LINGER", 90,
                            "ALB's network interfaces hold its security groups after delete",
                            "ALB ENIs outlive the ALB by minutes (docs/aws.md §9, §12)"),
}


def now() -> float:
    return time.monotonic()


def scaled(aws_seconds: float) -> float:
    """How long something that takes aws_seconds on AWS takes here."""
    return aws_seconds * TIME_SCALE


def aws_seconds(phase: str) -> float:
    p = PHASES[phase]
    return float(os.environ.get(p.env, p.aws_seconds))


def lasts(phase: str) -> float:
    """Seconds (here) that a phase of the table lasts."""
    return scaled(aws_seconds(phase))


def table() -> str:
    rows = [f"time scale {TIME_SCALE} (ECSLAB_EMULATOR_TIME_SCALE): here = AWS × {TIME_SCALE}", "",
            f"{'phase':<66} {'AWS s':>6} {'here s':>7}  set with"]
    for name, p in PHASES.items():
        rows.append(f"{p.what:<66} {aws_seconds(name):>6g} {lasts(name):>7.2f}  {p.env}")
    rows.append("health checks: the target group's interval × threshold, from the ALB's active, × scale")
    rows.append("target draining: the target group's deregistration delay × scale")
    return "\n".join(rows)


def as_json() -> str:
    """The table in force, in AWS seconds, for scripts (scripts/benchmark computes its floors from it)."""
    import json
    return json.dumps({"time_scale": TIME_SCALE, "aws_seconds": {name: aws_seconds(name) for name in PHASES}})


if __name__ == "__main__":
    import sys
    print(as_json() if "--json" in sys.argv[1:] else table())
