"""The one exception that every bad input gets."""

from __future__ import annotations

import collections
import enum
import reprlib
import sys
from itertools import islice

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Iterable, List, NamedTuple, Tuple

    class _ErrorDetail(NamedTuple):
        path: str
        message: str

else:
    # The same tuple as typing.NamedTuple makes, which costs more to import than
    # all of ops.
    _ErrorDetail = collections.namedtuple("_ErrorDetail", ("path", "message"))

__all__ = [
    "ErrorDetail",
    "ValidationError",
    "describe",
    "index_path",
    "key_path",
    "nested",
    "safe_repr",
]

# A message never grows past this many lines, however many problems there were:
# ``ValidationError.errors`` still holds every one of them.
_MAX_LINES = 200

_REPR_WIDTH = 80

# Whose repr() is always short and cheap.
_SHORT_TYPES = frozenset({bool, float, type(None)})


class ErrorDetail(_ErrorDetail):
    """One problem: its path (``children[2]``; empty for the whole input) and what."""

    __slots__ = ()

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ValidationError(ValueError):
    """Raised for every bad input, listing every problem found in it.

    ``errors`` holds one :class:`ErrorDetail` per problem, in the order they were
    found. The attributes are stable; the wording of the messages may change.
    """

    def __init__(self, errors: Iterable[ErrorDetail], title: str = "Operation") -> None:
        self.errors: List[ErrorDetail] = list(errors)
        self.title = title
        super().__init__(self.errors, title)

    def __str__(self) -> str:
        count = len(self.errors)
        noun = "error" if count == 1 else "errors"
        lines = [f"{count} validation {noun} for {self.title}"]
        lines.extend(map(str, self.errors[:_MAX_LINES]))
        if count > _MAX_LINES:
            lines.append(f"... and {count - _MAX_LINES} more")
        return "\n".join(lines)


def describe(value: object) -> str:
    """Name a value's type and show it, cut so that a huge value cannot flood a log."""
    if type(value) in _SHORT_TYPES or (
        type(value) is str and len(value) <= _REPR_WIDTH
    ):
        shown = repr(value)
    else:
        shown = _repr.repr(value)
    if len(shown) > _REPR_WIDTH:
        shown = shown[: _REPR_WIDTH - 3] + "..."
    return f"{type(value).__name__} {shown}"


class _ShortRepr(reprlib.Repr):
    def __init__(self) -> None:
        super().__init__()
        self.maxstring = _REPR_WIDTH
        self.maxother = _REPR_WIDTH
        self.maxlong = _REPR_WIDTH

    def repr1(self, x: object, level: int) -> str:
        # reprlib picks its method by the name of a type alone, and would read any
        # class named "int" or "dict" as that type. A subclass of a type that ops
        # reads is shown as a value of that type, read by its methods: no method of
        # the subclass runs, and the repr stays short however large the value.
        kind = type(x)
        if kind in _REPRLIB_TYPES or kind is _array_type():
            return super().repr1(x, level)
        # bool is an int, and an enum member may be one, but each is shown as itself.
        if kind is not bool and not isinstance(kind, enum.EnumMeta):
            for base, read in _SUBCLASS_READERS:
                if issubclass(kind, base):
                    return super().repr1(read(x), level)
        return self.repr_instance(x, level)

    def repr_int(self, x: int, level: int) -> str:
        # repr() refuses ints past sys.get_int_max_str_digits() on newer Pythons.
        bits = int.bit_length(x)
        if bits > 4 * _REPR_WIDTH:
            return f"<{bits}-bit integer>"
        return super().repr_int(x, level)

    def repr_instance(self, x: object, level: int) -> str:
        # Any exception: it comes from the value's own __repr__. The type is told
        # by type(), since a broken object's __class__ may fail too.
        try:
            shown = str.__str__(repr(x))
        except Exception:
            return f"<{type(x).__name__} object at {id(x):#x}>"
        if len(shown) > self.maxother:
            head = (self.maxother - 3) // 2
            tail = self.maxother - 3 - head
            shown = shown[:head] + "..." + shown[len(shown) - tail :]
        return shown


# The types that reprlib has a method of its own for, each method named after one,
# but for array.array: see _array_type().
_REPRLIB_TYPES = frozenset(
    {collections.deque, dict, frozenset, int, list, set, str, tuple}
)

# More items than reprlib shows of any container: it adds "..." after those.
_SHOWN_ITEMS = 8

# The types whose values ops reads, and how a subclass's value is read as one, as
# far as reprlib shows it.
_SUBCLASS_READERS: Tuple[Tuple[type, Callable[[Any], object]], ...] = (
    (str, str.__str__),
    (int, int.__int__),
    (float, float.__float__),
    (list, lambda value: list.__getitem__(value, slice(_SHOWN_ITEMS))),
    (tuple, lambda value: tuple.__getitem__(value, slice(_SHOWN_ITEMS))),
    (dict, lambda value: dict(islice(dict.items(value), _SHOWN_ITEMS))),
)


def _array_type() -> object:
    """array.array, or None: no array exists before its module, slow to import, is."""
    module = sys.modules.get("array")
    return None if module is None else module.array


_repr = _ShortRepr()


def safe_repr(value: object) -> str:
    """``repr(value)``, but an integer too long for ``str()`` is shown by its size."""
    try:
        return repr(value)
    except ValueError:
        return _repr.repr(value)


def key_path(parent: str, key: object) -> str:
    """The path of ``key`` inside the object at ``parent``: ``result.files``.

    A key is read as its plain text, so that no method of a str subclass runs; a key
    that is no string at all, which only a value assigned later can hold, is shown
    by its repr.
    """
    if type(key) is not str:
        if not issubclass(type(key), str):
            return f"{parent}[{_repr.repr(key)}]"
        key = str.__str__(key)
    if key.isidentifier() and len(key) <= _REPR_WIDTH:
        return f"{parent}.{key}" if parent else key
    return f"{parent}[{_repr.repr_str(key, 1)}]"


def index_path(parent: str, index: int) -> str:
    """The path of item ``index`` of the array at ``parent``: ``children[2]``."""
    return f"{parent}[{index}]"


def nested(errors: Iterable[ErrorDetail], parent: str) -> List[ErrorDetail]:
    """The same problems, found inside the value at ``parent``."""
    return [ErrorDetail(_join(parent, error.path), error.message) for error in errors]


def _join(parent: str, path: str) -> str:
    if not path:
        return parent
    if not parent or path.startswith("["):
        return parent + path
    return f"{parent}.{path}"
