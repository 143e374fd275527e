"""What the test modules share: the fields of the contract, and reading errors."""

from __future__ import annotations

import math
from typing import Any, Callable

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

#: The encodings that JSON text may come in as bytes.
ENCODINGS = [
    "utf-8",
    "utf-8-sig",
    "utf-16",
    "utf-16-le",
    "utf-16-be",
    "utf-32",
    "utf-32-le",
    "utf-32-be",
]


def raised_errors(call: Callable[[], object]) -> list[ErrorDetail]:
    """The problems of the ValidationError, and no other exception, that call raises."""
    with pytest.raises(ValidationError) as info:
        call()
    assert type(info.value) is ValidationError
    return info.value.errors


def same(left: Any, right: Any) -> bool:
    """Equal, and of the same types all the way down (``1 == 1.0 == True`` is not).

    NaN is the same as NaN here.
    """
    if type(left) is not type(right):
        return False
    if isinstance(left, dict):
        return left.keys() == right.keys() and all(
            same(value, right[key]) for key, value in left.items()
        )
    if isinstance(left, (list, tuple)):
        return len(left) == len(right) and all(map(same, left, right))
    if isinstance(left, float) and math.isnan(left):
        return math.isnan(right)
    return bool(left == right)
