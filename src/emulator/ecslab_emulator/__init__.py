"""The local AWS for ecslab: moto in server mode plus an ECS control-plane companion.

moto speaks every API the lab calls but has no ECS agent, no service scheduler and no load-balancer health checks,
and it goes along where AWS refuses or de-duplicates. The companion runs in the same process, drives moto's own
backends on a background tick, and patches the handful of moto 5.2.5 behaviours that differ from AWS where the
lab's safety depends on them. By default it is as strict as AWS where a first real run would meet a refusal or a lag
(aws_errors.py, consistency.py); --lenient leaves those out. See docs/emulator.md.
"""
