"""JSON values: copying them and checking them."""

from __future__ import annotations

import copy

from ._errors import ErrorDetail, describe, index_path, key_path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Dict, Iterable, List, Mapping, Set, Tuple

__all__ = [
    "MAX_DEPTH",
    "NO_STACK_LEFT",
    "SCALARS",
    "check_json",
    "copy_nested",
    "copy_value",
    "flat_copy",
    "items_of",
    "unreadable",
]

#: How deeply arrays and objects may nest in ``result`` and in ``extra`` values. The
#: limit keeps every reader and writer far from the interpreter's recursion limit.
MAX_DEPTH = 256

#: The exact types of values that need no copy.
SCALARS = frozenset({str, int, float, bool, type(None)})

#: The problem of a value read with too little of the interpreter's stack left. The
#: most levels there may be fit in what any caller leaves, unless it is itself
#: nearly as deep as the recursion limit.
NO_STACK_LEFT = "nested too deeply for the stack that the caller left"

_TOO_DEEP = f"nested deeper than {MAX_DEPTH} levels"
_HOLDS_ITSELF = "holds itself"


def copy_value(value: Any, path: str, errors: List[ErrorDetail]) -> Any:
    """Copy the dicts, lists and tuples in ``value``, so that no container is shared.

    Any other value is kept as it is. A structure that holds itself or nests deeper
    than :data:`MAX_DEPTH` adds an error to ``errors`` and gives None.
    """
    if type(value) in SCALARS:
        return value
    copied = flat_copy(value)
    if copied is None:
        copied = copy_nested(value, path, errors)
    return copied


def copy_nested(value: Any, path: str, errors: List[ErrorDetail]) -> Any:
    """Copy a value that :func:`flat_copy` turned down; see :func:`copy_value`.

    A container that nests and is met twice is copied once, so that a structure
    sharing its parts costs no more to copy than to walk.
    """
    copied = _copy_two_levels(value)
    if copied is None:
        try:
            copied = _Copier(errors).copy(value, path, 0)
        except RecursionError:
            errors.append(ErrorDetail(path, NO_STACK_LEFT))
    return copied


def check_json(value: Any, path: str, errors: List[ErrorDetail]) -> None:
    """Add to ``errors`` every part of ``value`` that strict JSON cannot carry."""
    try:
        _Checker(errors).check(value, path, 0)
    except RecursionError:
        errors.append(ErrorDetail(path, NO_STACK_LEFT))


def items_of(
    mapping: Mapping[Any, Any], path: str, errors: List[ErrorDetail]
) -> Iterable[Tuple[Any, Any]]:
    """The keys and values of a mapping, as its own items() gives them.

    A mapping's items() is its own code, unless it is a plain dict: it may fail, or
    give something other than pairs. That adds an error at ``path`` and gives
    nothing.
    """
    if type(mapping) is dict:
        return mapping.items()
    # Any exception: it comes from the mapping's own code. The pairs are unpacked
    # here, so that what is no pair fails here too.
    try:
        return [(key, value) for key, value in mapping.items()]
    except Exception as error:
        errors.append(ErrorDetail(path, unreadable(mapping, error)))
        return []


def unreadable(mapping: object, error: Exception) -> str:
    """The problem of a mapping whose own code raised ``error`` as it was read."""
    return (
        f"expected a mapping that can be read, got {describe(mapping)} "
        f"({type(error).__name__})"
    )


def flat_copy(value: Any) -> Any:
    """Copy a dict or a list that holds scalars only; give None for anything else.

    Such a container can neither hold itself nor nest, so it needs no bookkeeping.
    """
    if type(value) is dict:
        items: Any = value.values()
    elif type(value) is list:
        items = value
    else:
        return None
    # For the few items that most values hold, a loop costs less than a set of
    # their types.
    if len(items) <= _FEW_ITEMS:
        for item in items:
            if type(item) not in SCALARS:
                return None
    elif not SCALARS.issuperset(map(type, items)):
        return None
    return value.copy()


_FEW_ITEMS = 8


def _copy_two_levels(value: Any) -> Any:
    """Copy a dict or a list of scalars and flat containers; None for anything else.

    A newer server's lists of small objects are such values: two levels can
    neither hold themselves nor nest too deeply, so they need no bookkeeping.
    """
    copied: Any
    if type(value) is dict:
        copied = value.copy()
        for key, item in copied.items():
            if type(item) not in SCALARS:
                item = flat_copy(item)
                if item is None:
                    return None
                copied[key] = item
    elif type(value) is list:
        copied = value.copy()
        for index, item in enumerate(copied):
            if type(item) not in SCALARS:
                item = flat_copy(item)
                if item is None:
                    return None
                copied[index] = item
    else:
        return None
    return copied


class _Copier:
    def __init__(self, errors: List[ErrorDetail]) -> None:
        self.errors = errors
        self.copies: Dict[int, Tuple[Any, int]] = {}  # each copy, and its depth
        self.open: Set[int] = set()

    def copy(self, value: Any, path: str, depth: int) -> Any:
        # Types are told by type(): isinstance() believes a faked __class__.
        kind = type(value)
        if not issubclass(kind, (dict, list, tuple)):
            return self.copy_other(value, path)
        identity = id(value)
        # A copy made as deep down fits here too; met deeper, a container is
        # copied again, since the levels below it may now be too many.
        known = self.copies.get(identity)
        if known is not None and depth <= known[1]:
            return known[0]
        problem = _container_problem(identity, self.open, depth)
        if problem:
            self.errors.append(ErrorDetail(path, problem))
            return None

        self.open.add(identity)
        copied: Any
        # Only containers need a copy, and so a path: scalars are passed over. The
        # copies are made by the base types' own methods, which run none of a
        # subclass's, and are plain containers: JSON data out.
        if issubclass(kind, dict):
            # Not dict.copy(), which asks a subclass with its own __iter__ for its
            # keys() and items.
            copied = value.copy() if kind is dict else dict(dict.items(value))
            for key, item in copied.items():
                if type(item) not in SCALARS:
                    copied[key] = self.copy_item(item, depth, _item_path, path, key)
        else:
            is_list = issubclass(kind, list)
            copied = list.copy(value) if is_list else [*tuple.__iter__(value)]
            for index, item in enumerate(copied):
                if type(item) not in SCALARS:
                    copied[index] = self.copy_item(item, depth, index_path, path, index)
            if not is_list:
                copied = tuple(copied)
        self.open.discard(identity)
        self.copies[identity] = (copied, depth)
        return copied

    def copy_other(self, value: Any, path: str) -> Any:
        """Copy a value that is no JSON container, so that no mutable one is shared."""
        # Any exception: it comes from the value's own code.
        try:
            return copy.deepcopy(value)
        except Exception as error:
            message = f"expected a value that can be copied, got {describe(value)}"
            self.errors.append(ErrorDetail(path, f"{message} ({type(error).__name__})"))
            return None

    def copy_item(
        self,
        item: Any,
        depth: int,
        make_path: Callable[[str, Any], str],
        path: str,
        place: Any,
    ) -> Any:
        """Copy what a container at ``depth`` holds at ``place``, a key or an index.

        Its path is made only when it is needed: for a container that nests.
        """
        depth += 1
        if depth < MAX_DEPTH:
            copied = flat_copy(item)
            if copied is not None:
                return copied
        return self.copy(item, make_path(path, place), depth)


class _Checker:
    def __init__(self, errors: List[ErrorDetail]) -> None:
        self.errors = errors
        self.checked: Dict[int, int] = {}  # the depth each container was checked at
        self.open: Set[int] = set()

    def check(self, value: Any, path: str, depth: int) -> None:
        # Types are told by type(), and numbers read by their base types' methods,
        # as json.dumps() reads them: no method of a subclass decides.
        kind = type(value)
        if value is None or issubclass(kind, str):
            return
        if issubclass(kind, int):
            if int.bit_length(value) > _WRITABLE_INT_BITS and not _is_writable(value):
                message = (
                    f"expected an integer that str() can write, got {describe(value)}"
                )
                self.errors.append(ErrorDetail(path, message))
            return
        if issubclass(kind, float):
            number = float.__float__(value)
            if number - number != 0:  # NaN or an infinity
                message = f"expected a finite number, got {describe(value)}"
                self.errors.append(ErrorDetail(path, message))
            return
        if not issubclass(kind, (dict, list, tuple)):
            message = f"expected a JSON value, got {describe(value)}"
            self.errors.append(ErrorDetail(path, message))
            return
        identity = id(value)
        # As in copying: met deeper than before, a container is checked again.
        if depth <= self.checked.get(identity, -1):
            return
        problem = _container_problem(identity, self.open, depth)
        if problem:
            self.errors.append(ErrorDetail(path, problem))
            return

        self.open.add(identity)
        if issubclass(kind, dict):
            # A dict's own items(), since json.dumps() writes what they give.
            for key, item in items_of(value, path, self.errors):
                if issubclass(type(key), str):
                    self.check(item, key_path(path, key), depth + 1)
                else:
                    message = f"expected string keys, got {describe(key)}"
                    self.errors.append(ErrorDetail(path, message))
        else:
            items = list.__iter__ if issubclass(kind, list) else tuple.__iter__
            for index, item in enumerate(items(value)):
                self.check(item, index_path(path, index), depth + 1)
        self.open.discard(identity)
        self.checked[identity] = depth


# Any integer this small can be written, whatever sys.set_int_max_str_digits() says.
_WRITABLE_INT_BITS = 2000


def _is_writable(number: int) -> bool:
    try:
        int.__repr__(number)
    except ValueError:
        return False
    return True


def _container_problem(identity: int, open: Set[int], depth: int) -> str:
    if identity in open:
        return _HOLDS_ITSELF
    if depth >= MAX_DEPTH:
        return _TOO_DEEP
    return ""


def _item_path(path: str, key: Any) -> str:
    return key_path(path, key) if issubclass(type(key), str) else path
