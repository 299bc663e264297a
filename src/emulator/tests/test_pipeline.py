"""The request path (pipeline.py): its stages run in order, an answer of a hook stands in for moto's and its
after-hooks, no moto method is replaced more than once, and the companion's own tables leave alone what they never
saw."""

import subprocess
import sys
import textwrap

import pytest
from botocore.exceptions import ClientError

from conftest import ROOT

EMULATOR_SRC = str(ROOT / "src" / "emulator")


def run(code: str) -> str:
    """In a process of its own: what the emulator installs must not reach the other tests' process."""
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": EMULATOR_SRC, "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_stages_run_in_order_and_an_answer_stands_in_for_moto():
    out = run("""
        from ecslab_emulator import pipeline
        from ecslab_emulator.pipeline import CONSISTENCY, REFUSE, Request
        seen = []
        pipeline.before(REFUSE, "svc", "Op", lambda r: seen.append("refuse"))
        pipeline.before(CONSISTENCY, "svc", "Op", lambda r: seen.append("consistency"))
        pipeline.after("svc", "Op", lambda r, result: seen.append("after") or result + "+after")
        print(pipeline._run(Request("svc", "Op", None), lambda: seen.append("moto") or "moto"), seen)
        pipeline.before(REFUSE, "svc", "Op", lambda r: "answered")
        seen.clear()
        print(pipeline._run(Request("svc", "Op", None), lambda: seen.append("moto") or "moto"), seen)
    """)
    assert out.splitlines() == ["moto+after ['consistency', 'refuse', 'moto', 'after']",
                                "answered ['consistency', 'refuse']"]


def test_no_moto_method_is_replaced_twice():
    # Installed as __main__.py installs them (strict). A replacement of a replacement calls the emulator's earlier
    # function as its "original", which in turn (however deep) calls moto's.
    out = run("""
        import inspect
        from moto.core.responses import BaseResponse
        from moto.ec2.models import EC2Backend
        from moto.ec2.models.instances import Instance
        from moto.ecs.models import EC2ContainerServiceBackend
        from moto.ecs.responses import EC2ContainerServiceResponse
        from moto.elbv2.models import ELBv2Backend, FakeLoadBalancer
        from moto.iam.models import IAMBackend
        from moto.iam.responses import IamResponse
        from moto.logs.models import LogsBackend
        from moto.servicequotas.models import ServiceQuotasBackend
        classes = [BaseResponse, EC2Backend, Instance, EC2ContainerServiceBackend, EC2ContainerServiceResponse,
                   ELBv2Backend, FakeLoadBalancer, IAMBackend, IamResponse, LogsBackend, ServiceQuotasBackend]
        before = {(c, n): inspect.getattr_static(c, n) for c in classes for n in dir(c)}  # inherited too

        from ecslab_emulator import (authorization, aws_errors, consistency, iam_simulation, load_balancing,
                                     log_events, pipeline, quotas, refusals)
        pipeline.install()
        authorization.install()
        consistency.install()
        aws_errors.install()
        refusals.install()
        load_balancing.install()
        quotas.install()
        iam_simulation.install()
        log_events.install()

        def captured(f):
            return [v for v in inspect.getclosurevars(f).nonlocals.values() if inspect.isfunction(v)] \\
                if inspect.isfunction(f) else []

        def reaches(f, original, depth=0):
            return depth < 10 and any(g is original or reaches(g, original, depth + 1) for g in captured(f))

        replaced, twice = 0, []
        for c in classes:
            for name, value in vars(c).items():
                original = before.get((c, name))
                if value is original:
                    continue
                replaced += 1
                if any(g.__module__.startswith("ecslab_emulator") and reaches(g, original) for g in captured(value)):
                    twice.append(f"{c.__name__}.{name}")
        print(replaced, sorted(twice))
    """)
    replaced, twice = out.split(" ", 1)
    assert int(replaced) > 0 and twice == "[]", out


def test_an_id_ec2_never_had_is_not_found_through_the_windows(aws):
    # the consistency tables know only what was created; for anything else moto's own answer stands
    ec2 = aws("ec2")
    with pytest.raises(ClientError) as instance:
        ec2.describe_instances(InstanceIds=["i-0123456789abcdef0"])
    assert instance.value.response["Error"]["Code"] == "InvalidInstanceID.NotFound"
    with pytest.raises(ClientError) as group:
        ec2.describe_security_groups(GroupIds=["sg-0123456789abcdef0"])
    assert group.value.response["Error"]["Code"] == "InvalidGroup.NotFound"
