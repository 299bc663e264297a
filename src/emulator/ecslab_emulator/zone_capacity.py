"""A fault a real account meets now and then: EC2 has no capacity for an instance type in one availability zone.

ECSLAB_EMULATOR_NO_CAPACITY lists the zones (`us-east-1a,us-east-1b`) where RunInstances answers
InsufficientInstanceCapacity, a server error (HTTP 500) in EC2's words, naming the zones that still offer the type
("We currently do not have sufficient t3.micro capacity in the Availability Zone you requested (us-east-1a). …").
AWS's advice is to try another zone or wait (EC2 API error codes, server errors:
https://docs.aws.amazon.com/ec2/latest/devguide/errors-overview.html#api-error-codes-table-server; "Insufficient
instance capacity": https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/troubleshooting-launch.html). Off unless set:
it is a fault a test asks for, not a refusal AWS always makes.
"""

import os
import uuid
from typing import Any

from . import pipeline
from .aws_errors import offered_zones, requested_zone
from .faults import ec2_error
from .pipeline import REFUSE, Request


def zones_without_capacity() -> set[str]:
    return {z.strip() for z in os.environ.get("ECSLAB_EMULATOR_NO_CAPACITY", "").split(",") if z.strip()}


def refuse_a_full_zone(request: Request) -> Any:
    full = zones_without_capacity()
    ec2, instance_type = request.moto.ec2_backend, request.param("InstanceType") or "m1.small"
    zone = requested_zone(ec2, request)
    if zone is None or zone not in full or request.param("DryRun"):
        return None
    others = [z for z in offered_zones(ec2, instance_type) if z != zone and z not in full]
    message = (f"We currently do not have sufficient {instance_type} capacity in the Availability Zone you requested "
               f"({zone}). Our system will be working on provisioning additional capacity. You can currently get "
               f"{instance_type} capacity by not specifying an Availability Zone in your request or choosing "
               f"{', '.join(others)}.")
    return ec2_error("InsufficientInstanceCapacity", message, str(uuid.uuid4())).decode(), {
        "status": 500, "Content-Type": "text/xml"}


def install() -> None:
    if zones_without_capacity():
        pipeline.before(REFUSE, "ec2", "RunInstances", refuse_a_full_zone)
