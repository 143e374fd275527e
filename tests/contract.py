"""What the test modules share.

The fields of the contract, the errors that a call raises, and values that try to
mislead a reader.
"""

from __future__ import annotations

import collections.abc
import contextlib
import inspect
import math
import sys
from typing import Any, Callable, Iterator
from unittest import mock

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


def wrapped(depth: int, inner: Any) -> Any:
    """``inner`` inside ``depth`` lists, each holding the next."""
    for _ in range(depth):
        inner = [inner]
    return inner


@contextlib.contextmanager
def stack_left(frames: int) -> Iterator[None]:
    """Leave what runs inside about ``frames`` more frames of the stack to use."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack(0)) + frames)
    try:
        yield
    finally:
        sys.setrecursionlimit(limit)


def impostor(kind: type) -> Any:
    """An object whose __class__ says ``kind``, which isinstance() believes."""
    return mock.NonCallableMock(spec=kind)


class Refusing:
    """Methods a subclass of a container, number or text may turn against the reader.

    A value of such a subclass is read through its base type, so none of them runs.
    """

    def __iter__(self) -> Iterator[Any]:
        raise RuntimeError("__iter__ ran")

    def __int__(self) -> int:
        raise RuntimeError("__int__ ran")

    def __float__(self) -> float:
        raise RuntimeError("__float__ ran")

    def __ge__(self, other: object) -> bool:
        raise RuntimeError("__ge__ ran")

    def __sub__(self, other: object) -> Any:
        raise RuntimeError("__sub__ ran")

    def __bytes__(self) -> bytes:
        raise RuntimeError("__bytes__ ran")

    def __str__(self) -> str:
        raise RuntimeError("__str__ ran")

    def is_integer(self) -> bool:
        raise RuntimeError("is_integer ran")

    def bit_length(self) -> int:
        raise RuntimeError("bit_length ran")

    def isidentifier(self) -> bool:
        raise RuntimeError("isidentifier ran")


class RefusingList(Refusing, list):  # type: ignore[type-arg]
    pass


class RefusingTuple(Refusing, tuple):  # type: ignore[type-arg]
    pass


class RefusingInt(Refusing, int):
    pass


class RefusingFloat(Refusing, float):
    pass


class RefusingText(Refusing, str):
    pass


class RefusingBytes(Refusing, bytes):
    pass


class RefusingDict(dict):  # type: ignore[type-arg]
    """A dict whose own ways of giving its keys and items fail."""

    def __iter__(self) -> Iterator[Any]:
        raise RuntimeError("__iter__ ran")

    def keys(self) -> Any:
        raise RuntimeError("keys ran")

    def items(self) -> Any:
        raise RuntimeError("items ran")

    def values(self) -> Any:
        raise RuntimeError("values ran")

    def __getitem__(self, key: object) -> Any:
        raise RuntimeError("__getitem__ ran")

    def copy(self) -> Any:
        raise RuntimeError("copy ran")


class _FailingItems(dict):  # type: ignore[type-arg]
    def items(self) -> Any:
        raise RuntimeError("items ran")


class FailingLookups(collections.abc.Mapping):  # type: ignore[type-arg]
    """A mapping that has a key, but no value for it."""

    def __getitem__(self, key: object) -> Any:
        raise RuntimeError("__getitem__ ran")

    def __iter__(self) -> Iterator[str]:
        return iter(["operations"])

    def __len__(self) -> int:
        return 1


class _FailingIteration(collections.abc.Mapping):  # type: ignore[type-arg]
    def __getitem__(self, key: object) -> Any:
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        raise TypeError("__iter__ ran")

    def __len__(self) -> int:
        return 1


class _NoPairs(dict):  # type: ignore[type-arg]
    def items(self) -> Any:
        return [("id", "a", "b")]


#: Mappings whose own code fails as they are read, each with the exception's name.
UNREADABLE_MAPPINGS = [
    pytest.param(lambda: _FailingItems(id="a"), "RuntimeError", id="items"),
    pytest.param(FailingLookups, "RuntimeError", id="lookups"),
    pytest.param(_FailingIteration, "TypeError", id="iteration"),
    pytest.param(lambda: _NoPairs(id="a"), "ValueError", id="no-pairs"),
]
