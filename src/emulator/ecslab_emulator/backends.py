"""Iterating moto's backends without creating new ones (moto creates a region's backend on first lookup)."""

from collections.abc import Iterator
from typing import Any


def loaded(backend_dict: Any) -> Iterator[tuple[str, str, Any]]:
    """(account, region, backend) for every backend a request has already brought to life."""
    for account_id, regions in list(dict.items(backend_dict)):
        for region, backend in list(dict.items(regions)):
            yield account_id, region, backend


def peer(backend_dict: Any, account_id: str, region: str) -> Any:
    """The backend of another service for the same account and region."""
    return backend_dict[account_id][region]
