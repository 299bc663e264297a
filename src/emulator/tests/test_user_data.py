"""User data as people write it: the agent joins the cluster that the user data writes to /etc/ecs/ecs.config —
through RunInstances on the wire, and in direct tests of the parser (a pure function)."""

import base64
import gzip
import sys
import time
from pathlib import Path

import pytest

from conftest import AMI_PARAMETER, unique, wait_for

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the parser itself, for its unit tests
from ecslab_emulator.user_data import cluster_from_user_data, decode_ec2_user_data  # noqa: E402


def echo(cluster: str) -> str:
    """The documented form (bootstrap_container_instance.html)."""
    return f"#!/bin/bash\necho ECS_CLUSTER={cluster} >> /etc/ecs/ecs.config\n"


def cloud_config(cluster: str) -> str:
    return ("#cloud-config\nwrite_files:\n  - path: /etc/ecs/ecs.config\n    append: true\n    content: |\n"
            f"      ECS_CLUSTER={cluster}\n      ECS_ENABLE_CONTAINER_METADATA=true\n")


def mime(*parts: tuple[str, str, bool]) -> bytes:
    """A multi-part archive of (content type, text, base64-encode the part)."""
    out = ['Content-Type: multipart/mixed; boundary="==BOUNDARY=="', "MIME-Version: 1.0", ""]
    for content_type, text, encode in parts:
        out += ["--==BOUNDARY==", f'Content-Type: {content_type}; charset="us-ascii"', "MIME-Version: 1.0"]
        if encode:
            out += ["Content-Transfer-Encoding: base64", "", base64.b64encode(text.encode()).decode()]
        else:
            out += ["Content-Transfer-Encoding: 7bit", "", text]
    out += ["--==BOUNDARY==--", ""]
    return "\n".join(out).encode()


# (form, user data as given to RunInstances, with {c} for the cluster name)
FORMS: list[tuple[str, object]] = [
    ("echo, unquoted", echo),
    ("echo, single quotes", lambda c: f"#!/bin/bash\necho 'ECS_CLUSTER={c}' >> /etc/ecs/ecs.config\n"),
    ("echo, double quotes", lambda c: f'#!/bin/bash\nset -xe\necho "ECS_CLUSTER={c}" >> /etc/ecs/ecs.config\n'),
    ("echo, quoted value", lambda c: f"#!/bin/bash\necho ECS_CLUSTER=\"{c}\" >> /etc/ecs/ecs.config\n"),
    ("printf with other lines", lambda c: "#!/bin/bash\nprintf 'ECS_LOGLEVEL=info\\nECS_CLUSTER=%s\\n"
                                          f"ECS_ENABLE_TASK_IAM_ROLE=true\\n' {c} >> /etc/ecs/ecs.config\n"),
    ("heredoc, cat", lambda c: f"#!/bin/bash\ncat <<'EOF' >> /etc/ecs/ecs.config\nECS_CLUSTER={c}\n"
                               "ECS_AVAILABLE_LOGGING_DRIVERS=[\"json-file\",\"awslogs\"]\nEOF\n"),
    ("heredoc, sudo tee", lambda c: f"#!/bin/bash\nsudo tee -a /etc/ecs/ecs.config > /dev/null <<EOF\n"
                                    f"ECS_CLUSTER={c}\nEOF\nsystemctl restart ecs\n"),
    ("variable and { } group", lambda c: f"#!/bin/bash\nCLUSTER={c}\n{{\n  echo \"ECS_CLUSTER=$CLUSTER\"\n"
                                         "} >> /etc/ecs/ecs.config\n"),
    ("cluster ARN", lambda c: f"#!/bin/bash\necho ECS_CLUSTER=arn:aws:ecs:us-east-1:123456789012:cluster/{c} "
                              ">> /etc/ecs/ecs.config\n"),
    ("cloud-config write_files", cloud_config),
    ("cloud-config runcmd", lambda c: f"#cloud-config\nruncmd:\n  - echo ECS_CLUSTER={c} >> /etc/ecs/ecs.config\n"),
    ("MIME, base64 parts", lambda c: mime(("text/cloud-config", "#cloud-config\npackages: [jq]\n", True),
                                          ("text/x-shellscript", echo(c), True))),
    ("MIME, plain and cloud-config", lambda c: mime(("text/x-shellscript", "#!/bin/bash\nyum install -y jq\n", False),
                                                    ("text/cloud-config", cloud_config(c), False))),
    ("gzip", lambda c: gzip.compress(echo(c).encode())),
    ("gzip MIME", lambda c: gzip.compress(mime(("text/x-shellscript", echo(c), True)))),
]

# User data that names a cluster where nothing would ever write it to /etc/ecs/ecs.config.
NOT_WRITTEN: list[tuple[str, object]] = [
    ("in a comment", lambda c: f"#!/bin/bash\n# echo ECS_CLUSTER={c} >> /etc/ecs/ecs.config\necho hello\n"),
    ("to another file", lambda c: f"#!/bin/bash\necho ECS_CLUSTER={c} >> /etc/ecs/other.config\n"),
    ("to stdout only", lambda c: f"#!/bin/bash\necho ECS_CLUSTER={c}\n"),
    ("not a script", lambda c: f"ECS_CLUSTER={c}\n"),
    ("a heredoc to another file", lambda c: f"#!/bin/bash\ncat > /tmp/notes <<EOF\nECS_CLUSTER={c}\nEOF\n"),
    ("another file in cloud-config", lambda c: "#cloud-config\nwrite_files:\n  - path: /etc/motd\n"
                                               f"    content: ECS_CLUSTER={c}\n"),
    ("Base64 once more (cloud-init would not decode it)", lambda c: base64.b64encode(echo(c).encode())),
]


def as_bytes(form: object, cluster: str) -> bytes:
    data = form(cluster)  # type: ignore[operator]
    return data.encode() if isinstance(data, str) else data


@pytest.mark.parametrize("name,form", FORMS, ids=[f[0] for f in FORMS])
def test_the_parser_reads_each_form(name, form):
    assert cluster_from_user_data(as_bytes(form, "lab-1")) == "lab-1"


@pytest.mark.parametrize("name,form", NOT_WRITTEN, ids=[f[0] for f in NOT_WRITTEN])
def test_the_parser_counts_only_what_reaches_ecs_config(name, form):
    assert cluster_from_user_data(as_bytes(form, "lab-1")) is None


def test_the_parser_follows_the_file_as_the_shell_writes_it():
    script = ("#!/bin/bash\necho ECS_CLUSTER=old >> /etc/ecs/ecs.config\n"
              "echo ECS_LOGLEVEL=debug > /etc/ecs/ecs.config\n")  # `>` truncates: ECS_CLUSTER is gone
    assert cluster_from_user_data(script.encode()) is None
    script = ("#!/bin/bash\necho ECS_CLUSTER=first >> /etc/ecs/ecs.config\n"
              "echo ECS_CLUSTER=second >> /etc/ecs/ecs.config\n")  # the agent's env file: the last one wins
    assert cluster_from_user_data(script.encode()) == "second"
    assert cluster_from_user_data(b"#!/bin/bash\necho ECS_CLUSTER= >> /etc/ecs/ecs.config\n") is None
    assert cluster_from_user_data(b"") is None


def test_ec2_decodes_the_parameter_once():
    assert decode_ec2_user_data(base64.b64encode(b"#!/bin/bash\n").decode()) == b"#!/bin/bash\n"
    assert decode_ec2_user_data(None) == b""


def run(lab, user_data: object, subnet: str, ami: str) -> str:
    return lab.ec2.run_instances(ImageId=ami, InstanceType="t3.micro", MinCount=1, MaxCount=1, SubnetId=subnet,
                                 UserData=user_data)["Instances"][0]["InstanceId"]


def registered_in(lab, cluster: str) -> set[str]:
    arns = lab.ecs.list_container_instances(cluster=cluster)["containerInstanceArns"]
    if not arns:
        return set()
    found = lab.ecs.describe_container_instances(cluster=cluster, containerInstances=arns)["containerInstances"]
    return {ci["ec2InstanceId"] for ci in found}


def test_each_form_through_run_instances_joins_its_cluster(lab):
    _, subnets = lab.network()
    ami = lab.ssm.get_parameter(Name=AMI_PARAMETER)["Parameter"]["Value"]
    launched = {}
    for name, form in FORMS:
        cluster = unique("ud")
        lab.ecs.create_cluster(clusterName=cluster)
        # boto3 Base64-encodes UserData (text or bytes) once, as the wire wants
        data = form(cluster)  # type: ignore[operator]
        launched[name] = (cluster, run(lab, data, subnets[0], ami))

    def all_registered() -> bool:
        return all(instance in registered_in(lab, cluster) for cluster, instance in launched.values())

    wait_for(all_registered, what="every instance registered with its cluster")
    for name, (cluster, instance) in launched.items():
        assert registered_in(lab, cluster) == {instance}, name


def test_without_ecs_cluster_the_agent_joins_default_only_when_it_exists(lab):
    _, subnets = lab.network()
    ami = lab.ssm.get_parameter(Name=AMI_PARAMETER)["Parameter"]["Value"]
    named = unique("named")
    lab.ecs.create_cluster(clusterName=named)
    instances = [run(lab, form(named), subnets[0], ami) for _, form in NOT_WRITTEN]  # type: ignore[operator]
    instances.append(run(lab, "#!/bin/bash\nyum install -y jq\n", subnets[0], ami))

    # running, past the agent's start-up (10 s × 0.1), and still nowhere: there is no `default` cluster to join
    wait_for(lambda: _running(lab, instances), what="instances running")
    time.sleep(2)
    assert registered_in(lab, named) == set()
    assert lab.ecs.describe_clusters(clusters=["default"])["clusters"] == []

    lab.ecs.create_cluster(clusterName="default")
    wait_for(lambda: registered_in(lab, "default") == set(instances), what="all of them in `default`")
    assert registered_in(lab, named) == set()


def _running(lab, instances: list[str]) -> bool:
    found = lab.ec2.describe_instances(Filters=[{"Name": "instance-id", "Values": instances}])["Reservations"]
    states = [i["State"]["Name"] for r in found for i in r["Instances"]]
    return len(states) == len(instances) and set(states) == {"running"}
