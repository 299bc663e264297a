"""FilterLogEvents as AWS answers it: events of every stream interleaved in time order, across all pages.

moto 5.2.5 interleaves only when asked (interleaved=true) and otherwise answers stream after stream; AWS ignores
the parameter since June 2019 and always interleaves (docs/aws.md §15). A reader that prints each page as it comes
relies on that order, so here it holds whatever the request says.
"""

from typing import Any

from moto.logs.models import LogsBackend


def install() -> None:
    filter_log_events = LogsBackend.filter_log_events

    def always_interleaved(self: LogsBackend, log_group_name: str, log_stream_names: list[str], start_time: int,
                           end_time: int, limit: int | None, next_token: str | None, filter_pattern: str,
                           interleaved: bool) -> Any:
        return filter_log_events(self, log_group_name, log_stream_names, start_time, end_time, limit, next_token,
                                 filter_pattern, True)

    LogsBackend.filter_log_events = always_interleaved
