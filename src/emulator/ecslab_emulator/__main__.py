"""python -m ecslab_emulator --host 127.0.0.1 --port N [--lenient]: the local AWS, in the foreground.

Strict by default: IAM authorizes every call of an IAM user's or role's keys (authorization.py), AWS's refusals
(aws_errors.py) and its eventual-consistency windows (consistency.py) are on. --lenient (or
ECSLAB_EMULATOR_LENIENT=1) leaves them out, for plain moto behaviour there; the ECS agent, scheduler,
target health, the refusals of refusals.py, the answers of ecs_answers.py and paging.py and FilterLogEvents' order
(log_events.py) stay on either way.
"""

import argparse
import os
import signal
import sys


def main() -> None:
    parser = argparse.ArgumentParser(prog="ecslab_emulator", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--lenient", action="store_true",
                        help="no IAM enforcement, no AWS-only refusals and no eventual-consistency windows "
                             "(env ECSLAB_EMULATOR_LENIENT=1)")
    args = parser.parse_args()
    lenient = args.lenient or os.environ.get("ECSLAB_EMULATOR_LENIENT", "") not in ("", "0", "false")

    from .moto_version import mismatch  # before anything touches moto
    problem = mismatch()
    if problem:
        print(problem, file=sys.stderr, flush=True)
        sys.exit(2)

    # Strict moto: the ECS managed policy exists, unknown AMIs and instance types are refused, as on AWS.
    os.environ.setdefault("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
    os.environ.setdefault("MOTO_ENABLE_AMI_VALIDATION", "true")
    os.environ.setdefault("MOTO_EC2_ENABLE_INSTANCE_TYPE_VALIDATION", "true")
    os.environ["MOTO_PORT"] = str(args.port)

    # Imported after the environment is set: moto reads some settings at import time.
    from moto.moto_api import state_manager
    from werkzeug.serving import run_simple

    from . import (authorization, aws_errors, consistency, ecs_answers, elb_answers, iam_simulation, load_balancing,
                   log_events, paging, pipeline, quotas, refusals, ssm_parameters, standalone_tasks, tagging,
                   zone_capacity)
    from .server import Companion, HealthChecker, OwnHeadersOnce, locked_app

    # Tasks change state when the scheduler says so, not one step per DescribeTasks call.
    state_manager.set_transition(model_name="ecs::task", transition={"progression": "manual", "times": 10**12})
    # The request path (pipeline.py), its stages in order; hooks of one stage run in the order installed here.
    pipeline.install()
    if not lenient:
        authorization.install()
        consistency.install()
        aws_errors.install()
    refusals.install()
    ecs_answers.install()  # answers, not refusals: as AWS gives them, lenient or not
    standalone_tasks.install()  # RunTask/StartTask/StopTask: tasks that live as the agent runs them
    elb_answers.install()
    zone_capacity.install()  # a fault, only when ECSLAB_EMULATOR_NO_CAPACITY names zones
    paging.install()  # last: the page is cut from the list every other hook has shaped
    # What moto lacks or gets wrong outside the request path's stages.
    load_balancing.install()
    quotas.install()
    ssm_parameters.install()
    tagging.install()
    iam_simulation.install()
    log_events.install()

    companion = Companion()
    companion.start()
    HealthChecker().start()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    mode = "lenient" if lenient else "strict"
    print(f"ecslab emulator on http://{args.host}:{args.port} ({mode})", file=sys.stderr, flush=True)
    run_simple(args.host, args.port, locked_app(), threaded=True,
               request_handler=OwnHeadersOnce)


if __name__ == "__main__":
    main()
