"""The service's answers: lists of operations."""

from __future__ import annotations

from collections.abc import Mapping

from . import _text
from ._errors import ErrorDetail, ValidationError, describe, index_path, nested
from ._json import unreadable
from ._model import Operation

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, List

__all__ = ["parse_operations"]

_TITLE = "operations"


def parse_operations(data: Any) -> List[Operation]:
    """Read the operations of an answer of the service.

    ``data`` is the answer object ``{"operations": [...]}`` (where null or a
    missing key means none), a bare list of operation objects, or the JSON text
    (str or bytes) of either. Each item is read by :meth:`Operation.from_dict`.

    :raises ValidationError: listing every problem of every item, each path
        starting with the item's place: ``operations[3].state``, ``[0].id``.
    """
    # Types are told by type(): isinstance() believes a faked __class__.
    if issubclass(type(data), (str, bytes, bytearray)):
        data = _text.decode(data, _TITLE)

    if issubclass(type(data), Mapping):
        items = _operations_of(data)
        place = "operations"
        if items is None:
            return []
    elif issubclass(type(data), (list, tuple)):
        items = data
        place = ""
    else:
        message = (
            'expected an object {"operations": [...]} or a list of operations, '
            f"got {describe(data)}"
        )
        raise ValidationError([ErrorDetail("", message)], _TITLE)

    if not issubclass(type(items), (list, tuple)):
        message = f"expected a list of operations, got {describe(items)}"
        raise ValidationError([ErrorDetail(place, message)], _TITLE)

    # Copied by the base types' own methods: no method of a subclass runs.
    if issubclass(type(items), list):
        items = list.copy(items)
    else:
        items = [*tuple.__iter__(items)]

    # Each item is read once: a mapping's own code may not give the same twice.
    operations = []
    errors: List[ErrorDetail] = []
    for index, item in enumerate(items):
        try:
            operations.append(Operation.from_dict(item))
        except ValidationError as error:
            errors.extend(nested(error.errors, index_path(place, index)))
    if errors:
        raise ValidationError(errors, _TITLE)
    return operations


def _operations_of(answer: Mapping[Any, Any]) -> Any:
    """The value of an answer's ``operations`` key, None when it has none."""
    # Any exception: it comes from the mapping's own code.
    try:
        return answer.get("operations")
    except Exception as error:
        raise ValidationError(
            [ErrorDetail("", unreadable(answer, error))], _TITLE
        ) from None
