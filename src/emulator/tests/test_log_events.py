"""FilterLogEvents pages through a log group's streams interleaved in time order, as AWS answers since June 2019
whatever `interleaved` says (docs/aws.md §15): a reader may print each page as it arrives."""

import time

import pytest

from conftest import unique


@pytest.mark.parametrize("interleaved", [None, False])
def test_pages_interleave_every_stream_in_time_order(aws, interleaved):
    logs = aws("logs")
    group = "/ecs/" + unique("order")
    logs.create_log_group(logGroupName=group)
    streams = ["web/web/a", "web/web/b"]
    for stream in streams:
        logs.create_log_stream(logGroupName=group, logStreamName=stream)
    start = int(time.time() * 1000) - 60_000
    written = [(start + i, streams[i % 2], f"line {i}") for i in range(25_000)]  # more than two pages of 10,000
    for stream in streams:
        mine = [{"timestamp": at, "message": message} for at, s, message in written if s == stream]
        for batch in range(0, len(mine), 5_000):
            logs.put_log_events(logGroupName=group, logStreamName=stream, logEvents=mine[batch:batch + 5_000])

    pages, token = [], None
    while True:
        page = logs.filter_log_events(logGroupName=group, startTime=start,
                                      **({} if interleaved is None else {"interleaved": interleaved}),
                                      **({"nextToken": token} if token else {}))
        pages.append([(e["timestamp"], e["logStreamName"], e["message"]) for e in page["events"]])
        token = page.get("nextToken")
        if not token:
            break

    assert [len(p) for p in pages] == [10_000, 10_000, 5_000]
    assert [e for p in pages for e in p] == written
