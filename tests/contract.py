"""What the test modules share: the fields of the contract, and reading errors."""

from __future__ import annotations

from typing import Callable

import pytest

from ops import ErrorDetail, ValidationError

FIELDS = (
    "children",
    "description",
    "ended_at",
    "error",
    "id",
    "messages",
    "progress",
    "progress_current",
    "progress_total",
    "queued_at",
    "result",
    "started_at",
    "state",
    "succeeded_on",
    "user_id",
)

TOO_DEEP = "nested deeper than 256 levels"


def raised_errors(call: Callable[[], object]) -> list[ErrorDetail]:
    """The problems of the ValidationError, and no other exception, that call raises."""
    with pytest.raises(ValidationError) as info:
        call()
    assert type(info.value) is ValidationError
    return info.value.errors
