"""The service's operation: :class:`OperationState`, :class:`Operation`, converters."""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping
from itertools import islice
from operator import attrgetter, itemgetter

from . import _text
from ._errors import (
    ErrorDetail,
    ValidationError,
    describe,
    index_path,
    key_path,
    safe_repr,
)
from ._json import SCALARS, copy_nested, copy_value, flat_copy, items_of

# typing costs more to import than the rest of ops: annotations name it only for
# type checkers, and JSON text and timestamps load their modules when first used.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime
    from typing import (
        Any,
        Callable,
        Dict,
        List,
        Optional,
        Sequence,
        Tuple,
        Type,
        TypeVar,
        Union,
    )

    _T = TypeVar("_T")
    _Operation = TypeVar("_Operation", bound="Operation")
    _Converter = Callable[[Any, str, List[ErrorDetail]], Any]

__all__ = ["Operation", "OperationState"]


class OperationState(enum.Enum):
    """Where an operation stands, as the service reports it."""

    Unknown = "unknown"
    Queued = "queued"
    Running = "running"
    Succeeded = "succeeded"
    Failed = "failed"

    @property
    def is_final(self) -> bool:
        """Whether the operation has ended: true for Succeeded and Failed only."""
        return self is OperationState.Succeeded or self is OperationState.Failed


def _with_slots(*private: str) -> Callable[[Type[_T]], Type[_T]]:
    """Rebuild a dataclass with ``__slots__`` for its fields and for ``private``.

    ``dataclass(slots=True)`` does the same from Python 3.10 on; slots keep an
    operation less than half the size of one with a ``__dict__``.
    """

    def rebuild(cls: Any) -> Any:
        names = tuple(field.name for field in dataclasses.fields(cls)) + private
        namespace = {
            key: value
            for key, value in cls.__dict__.items()
            if key not in names and key not in ("__dict__", "__weakref__")
        }
        namespace["__slots__"] = names
        return type(cls.__name__, cls.__bases__, namespace)

    return rebuild


@_with_slots("_unknown_state", "__weakref__")
@dataclasses.dataclass(init=False, repr=False, eq=False)
class Operation:
    """One piece of work of the data-transfer service.

    Every field is optional and None by default; ``extra`` holds what a payload
    carried beyond the fifteen fields. Build one with keyword arguments, or read a
    payload with :meth:`from_dict` or :meth:`from_json`: both validate, and raise
    :class:`~ops.ValidationError` listing every problem.
    """

    children: Optional[List[str]] = None
    description: Optional[str] = None
    ended_at: Optional[str] = None
    error: Optional[str] = None
    id: Optional[str] = None
    messages: Optional[List[str]] = None
    progress: Optional[float] = None
    progress_current: Optional[int] = None
    progress_total: Optional[int] = None
    queued_at: Optional[str] = None
    result: Any = None
    started_at: Optional[str] = None
    state: Optional[OperationState] = None
    succeeded_on: Optional[List[str]] = None
    user_id: Optional[str] = None
    extra: Dict[str, Any] = dataclasses.field(default_factory=dict)

    if TYPE_CHECKING:
        # The text of a state that no OperationState knows, kept from the payload
        # so that to_dict() gives it back while the state is Unknown; a slot, not
        # a field.
        _unknown_state: Optional[str] = None

    def __init__(
        self,
        *,
        children: Optional[Sequence[str]] = None,
        description: Optional[str] = None,
        ended_at: Optional[str] = None,
        error: Optional[str] = None,
        id: Optional[str] = None,
        messages: Optional[Sequence[str]] = None,
        progress: Optional[float] = None,
        progress_current: Optional[int] = None,
        progress_total: Optional[int] = None,
        queued_at: Optional[str] = None,
        result: Any = None,
        started_at: Optional[str] = None,
        state: Union[OperationState, str, None] = None,
        succeeded_on: Optional[Sequence[str]] = None,
        user_id: Optional[str] = None,
        extra: Optional[Mapping[str, Any]] = None,
    ) -> None:
        """Build an operation from its fields.

        :raises ValidationError: listing every argument of a wrong type or value.
        """
        arguments = (
            children,
            description,
            ended_at,
            error,
            id,
            messages,
            progress,
            progress_current,
            progress_total,
            queued_at,
            result,
            started_at,
            state,
            succeeded_on,
            user_id,
        )
        errors: List[ErrorDetail] = []
        values = _convert_fields(arguments, _ARGUMENT_CONVERTERS, errors)
        extra_values = _read_extra(extra, errors)
        if errors:
            raise ValidationError(errors)
        _fill(self, values, extra_values, None)

    @classmethod
    def from_dict(cls: Type[_Operation], data: Mapping[str, Any]) -> _Operation:
        """Read a payload of the service, such as ``json.loads`` gives.

        Keys that are no field go to ``extra``, and a state that no
        :class:`OperationState` knows becomes ``Unknown`` with its text kept. The
        payload is never modified, and nothing of it is shared.

        :raises ValidationError: listing every problem of the payload.
        """
        if type(data) is not dict or len(data) >= _FEW_KEYS:
            return _read_payload(cls, data)

        # A payload of a few keys is read key by key, the fields tried in the order
        # of how often a payload has them: comparing strings costs less than a
        # lookup and a setattr() per key. What this does not take as it is, the
        # careful reader reads or rejects. Every slot is set to its default first,
        # since the loop sets only the fields that the payload has.
        operation = _new(cls)
        _fill(operation, _NO_VALUES, {}, None)
        for key, value in data.items():
            if type(key) is not str:
                break
            if value is None and key in _FIELD_SET:
                continue
            if key == "id" and type(value) is str:
                operation.id = value
            elif key == "state" and type(value) is str and value in _STATES:
                operation.state = _STATES[value]
            elif key == "progress" and type(value) is float and value - value == 0.0:
                operation.progress = value
            elif key == "progress_current" and type(value) is int and value >= 0:
                operation.progress_current = value
            elif key == "progress_total" and type(value) is int and value >= 0:
                operation.progress_total = value
            elif key == "error" and type(value) is str:
                operation.error = value
            elif key == "description" and type(value) is str:
                operation.description = value
            elif key == "user_id" and type(value) is str:
                operation.user_id = value
            elif key == "queued_at" and type(value) is str:
                operation.queued_at = value
            elif key == "started_at" and type(value) is str:
                operation.started_at = value
            elif key == "ended_at" and type(value) is str:
                operation.ended_at = value
            elif key == "result" and type(value) in SCALARS:
                operation.result = value
            elif key == "children" and type(value) is list and _all_text(value):
                operation.children = value[:]
            elif key == "messages" and type(value) is list and _all_text(value):
                operation.messages = value[:]
            elif key == "succeeded_on" and type(value) is list and _all_text(value):
                operation.succeeded_on = value[:]
            else:
                break
        else:
            return operation
        return _read_payload(cls, data)

    @classmethod
    def from_json(
        cls: Type[_Operation], text: Union[str, bytes, bytearray]
    ) -> _Operation:
        """Read the JSON text of a payload; see :meth:`from_dict`.

        :raises ValidationError: for text that is no strict JSON, or a bad payload.
        """
        return cls.from_dict(_text.decode(text))

    def to_dict(self, *, exclude_none: bool = False) -> Dict[str, Any]:
        """Give the payload of this operation as a new plain dict.

        The fifteen fields come in their order, then the keys of ``extra``; the
        state is its string. With ``exclude_none``, keys whose value is None are
        left out. Nothing in the dict is shared with the operation.
        """
        children = self.children
        messages = self.messages
        succeeded_on = self.succeeded_on
        result = self.result
        state: Any = self.state  # anything, when assigned after construction
        if state is None:
            state_text = None
        elif state is _UNKNOWN and self._unknown_state is not None:
            state_text = self._unknown_state
        elif type(state) is OperationState:
            state_text = state._value_
        else:
            state_text = state  # assigned later, unchecked: to_json judges it
        # A list field holds a list of strings, which a copy of one level copies
        # whole: list.copy() takes nothing but lists, and runs no method of a
        # subclass. Anything else there was assigned later, and is copied as result
        # is. The first problem in what was assigned later stops the copy; then
        # every problem is looked for, for one error.
        try:
            try:
                children = None if children is None else _copy_list(children)
                messages = None if messages is None else _copy_list(messages)
                succeeded_on = (
                    None if succeeded_on is None else _copy_list(succeeded_on)
                )
            except TypeError:  # a list field was assigned later what is no list
                copies = _or_uncopyable(_copy_list_fields, self)
                children, messages, succeeded_on = copies
            if result is not None and type(result) not in SCALARS:
                result = _copy(result, "result")
            data = {
                "children": children,
                "description": self.description,
                "ended_at": self.ended_at,
                "error": self.error,
                "id": self.id,
                "messages": messages,
                "progress": self.progress,
                "progress_current": self.progress_current,
                "progress_total": self.progress_total,
                "queued_at": self.queued_at,
                "result": result,
                "started_at": self.started_at,
                "state": state_text,
                "succeeded_on": succeeded_on,
                "user_id": self.user_id,
            }
            extra = self.extra
            if type(extra) is not dict:  # assigned later: the constructor's rules
                extra = _or_uncopyable(_read_extra, extra)
            if extra:
                for key, value in extra.items():
                    if type(value) not in SCALARS:
                        value = _copy(value, key_path("", key))
                    data[key] = value
                # A key of extra that names a field takes the field's place, and
                # leaves fewer keys than the two hold together.
                if len(data) < _FIELD_COUNT + len(extra):
                    clashes = [_not_extra(key) for key in extra if key in _FIELD_SET]
                    raise _Uncopyable(clashes)
        except _Uncopyable as error:
            problems = _assigned_problems(self) or error.errors
            raise ValidationError(problems) from None
        if exclude_none:
            return {key: value for key, value in data.items() if value is not None}
        return data

    def to_json(
        self, *, indent: Optional[int] = None, exclude_none: bool = False
    ) -> str:
        """Give the payload of this operation as strict JSON text.

        ``indent`` is None for one line, or the number of spaces to indent by.

        :raises ValidationError: naming every part that JSON cannot carry, such as
            a NaN or an object inside ``result``.
        :raises TypeError: for an ``indent`` that is no int, and ValueError for a
            negative one, as for any wrong call.
        """
        if indent is not None and (type(indent) is not int or indent < 0):
            message = f"indent must be None or an int >= 0, got {describe(indent)}"
            if type(indent) is not int:
                raise TypeError(message)
            raise ValueError(message)
        return _text.encode(self.to_dict(exclude_none=exclude_none), indent)

    @property
    def is_final(self) -> bool:
        """Whether the operation has ended: its state is Succeeded or Failed."""
        return type(self.state) is OperationState and self.state.is_final

    def duration(
        self, now: Optional[datetime.datetime] = None
    ) -> Optional[datetime.timedelta]:
        """How long the operation ran: from ``started_at`` to ``ended_at``.

        While ``ended_at`` is not set, the time runs to ``now`` (by default the
        current time). None when ``started_at`` is not set. Go's zero time,
        ``0001-01-01T00:00:00Z``, counts as not set.

        :raises ValidationError: when a timestamp is set but is no RFC 3339
            date-time.
        """
        from ._time import elapsed  # noqa: PLC0415

        return elapsed(self.started_at, self.ended_at, now)

    # Mutable, so unhashable, as any dataclass that compares by value.
    __hash__ = None  # type: ignore[assignment]

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Operation)
        return self.to_dict() == other.to_dict()

    def __repr__(self) -> str:
        shown = [
            f"{name}={safe_repr(value)}"
            for name, value in zip(_FIELD_NAMES, _values(self))
            if value is not None
        ]
        if self.extra:
            shown.append(f"extra={safe_repr(self.extra)}")
        return f"{type(self).__name__}({', '.join(shown)})"

    def __getstate__(self) -> Dict[str, Any]:
        return {name: getattr(self, name) for name in _SLOT_NAMES}

    def __setstate__(self, state: Dict[str, Any]) -> None:
        for name in _SLOT_NAMES:
            setattr(self, name, state.get(name))
        if self.extra is None:
            self.extra = {}


_FIELD_NAMES: Tuple[str, ...] = tuple(
    field.name for field in dataclasses.fields(Operation) if field.name != "extra"
)
_FIELD_COUNT = len(_FIELD_NAMES)
_FIELD_SET = frozenset(_FIELD_NAMES)
_SLOT_NAMES: Tuple[str, ...] = (*_FIELD_NAMES, "extra", "_unknown_state")
_NO_FIELDS = dict.fromkeys(_FIELD_NAMES)
_NO_VALUES = (None,) * _FIELD_COUNT
_values = attrgetter(*_FIELD_NAMES)
_field_values = itemgetter(*_FIELD_NAMES)
_new = object.__new__
_copy_list = list.copy
_LIST_FIELDS = ("children", "messages", "succeeded_on")

_STATES = {state.value: state for state in OperationState}
_UNKNOWN = OperationState.Unknown


def _fill(
    operation: Operation,
    values: Sequence[Any],
    extra: Dict[str, Any],
    unknown_state: Optional[str],
) -> None:
    """Set every slot of a new operation: its fields in their order, and the rest."""
    (
        operation.children,
        operation.description,
        operation.ended_at,
        operation.error,
        operation.id,
        operation.messages,
        operation.progress,
        operation.progress_current,
        operation.progress_total,
        operation.queued_at,
        operation.result,
        operation.started_at,
        operation.state,
        operation.succeeded_on,
        operation.user_id,
    ) = values
    operation.extra = extra
    operation._unknown_state = unknown_state


class _Uncopyable(Exception):
    """What to_dict() cannot copy was assigned later: its problems are looked for.

    ``errors`` are the problems met first, for a value that fails only once.
    """

    def __init__(self, errors: List[ErrorDetail]) -> None:
        super().__init__(errors)
        self.errors = errors


def _copy_list_fields(
    operation: Operation, errors: List[ErrorDetail]
) -> Tuple[Any, ...]:
    """The list fields' copies; what cannot be copied adds to ``errors``.

    A value assigned later that is no list is copied as ``result`` is.
    """
    copies = []
    for name in _LIST_FIELDS:
        value = getattr(operation, name)
        if value is None or issubclass(type(value), list):
            copies.append(None if value is None else _copy_list(value))
        else:
            copies.append(copy_value(value, name, errors))
    return tuple(copies)


def _copy(value: Any, path: str) -> Any:
    """Copy a value of ``result`` or ``extra`` for to_dict().

    Only a value assigned later can hold itself or nest too deeply, and fail.
    """
    copied = flat_copy(value)
    if copied is None:
        copied = _or_uncopyable(copy_nested, value, path)
    return copied


def _or_uncopyable(read: Callable[..., _T], *arguments: Any) -> _T:
    """What ``read(*arguments, errors)`` gives; raise _Uncopyable for any error."""
    errors: List[ErrorDetail] = []
    copied = read(*arguments, errors)
    if errors:
        raise _Uncopyable(errors)
    return copied


def _assigned_problems(operation: Operation) -> List[ErrorDetail]:
    """Every problem that to_dict() meets in the values assigned later."""
    errors: List[ErrorDetail] = []
    _copy_list_fields(operation, errors)
    copy_value(operation.result, "result", errors)
    extra = operation.extra
    if type(extra) is not dict:
        _read_extra(extra, errors)
    else:
        for key, value in extra.items():
            copy_value(value, key_path("", key), errors)
        errors.extend(_not_extra(key) for key in extra if key in _FIELD_SET)
    return errors


# The converters: each gives the value to store, or adds to ``errors`` what is wrong.
# They tell types by type(), not isinstance(), which believes what an object says
# its __class__ is: a proxy such as a mock would pass for a string or a list.


def _to_text(value: Any, path: str, errors: List[ErrorDetail]) -> Optional[str]:
    if value is None or issubclass(type(value), str):
        text: Optional[str] = value
        return text
    errors.append(ErrorDetail(path, f"expected a string, got {describe(value)}"))
    return None


def _to_texts(value: Any, path: str, errors: List[ErrorDetail]) -> Optional[List[str]]:
    if value is None:
        return None
    kind = type(value)
    if not issubclass(kind, (list, tuple)):
        errors.append(
            ErrorDetail(path, f"expected a list of strings, got {describe(value)}")
        )
        return None

    # Read through the base type's own iterator: no method of a subclass runs.
    items = list.__iter__(value) if issubclass(kind, list) else tuple.__iter__(value)
    texts = list(items)

    try:
        # str.join() takes nothing but strings: it checks a whole list in C.
        "".join(texts)
    except TypeError:
        for index, item in enumerate(texts):
            if not issubclass(type(item), str):
                message = f"expected a string, got {describe(item)}"
                errors.append(ErrorDetail(index_path(path, index), message))
    return texts


def _to_progress(value: Any, path: str, errors: List[ErrorDetail]) -> Optional[float]:
    # x - x is 0 for every finite float, and NaN for NaN and the infinities: the
    # cheapest test of finiteness, used on every fast path.
    if value is None or (type(value) is float and value - value == 0):
        return value

    number = _plain_number(value)
    if number is None:
        message = f"expected a number, got {describe(value)}"
    else:
        try:
            number = float(number)
        except OverflowError:
            message = f"expected a number that fits a float, got {describe(value)}"
        else:
            if number - number == 0:
                return number
            message = f"expected a finite number, got {describe(value)}"
    errors.append(ErrorDetail(path, message))
    return None


def _to_count(value: Any, path: str, errors: List[ErrorDetail]) -> Optional[int]:
    if value is None or (type(value) is int and value >= 0):
        return value

    number = _plain_number(value)
    if type(number) is float and number.is_integer():
        number = int(number)
    if type(number) is int and number >= 0:
        return number
    errors.append(ErrorDetail(path, f"expected an integer >= 0, got {describe(value)}"))
    return None


def _plain_number(value: Any) -> Union[int, float, None]:
    """Give the plain int or float a number holds, or None for a bool or a non-number.

    The base types' own methods read the value, so no method of a subclass runs.
    """
    kind = type(value)
    if kind is bool:
        return None
    if issubclass(kind, int):
        return int.__int__(value)
    if issubclass(kind, float):
        return float.__float__(value)
    return None


def _to_state(
    value: Any, path: str, errors: List[ErrorDetail]
) -> Optional[OperationState]:
    """Give the state a string names in any case; Unknown for a string naming none."""
    if value is None or type(value) is OperationState:
        return value
    if issubclass(type(value), str):
        # A plain str: no method of a subclass runs, its hash included.
        text = value if type(value) is str else str.__str__(value)
        return _STATES.get(text) or _STATES.get(text.lower(), _UNKNOWN)
    errors.append(ErrorDetail(path, _expected_state(value)))
    return None


def _to_known_state(
    value: Any, path: str, errors: List[ErrorDetail]
) -> Optional[OperationState]:
    """Give the state a string names in any case; a string naming none is an error."""
    if _unknown_text(value) is None:
        return _to_state(value, path, errors)
    errors.append(ErrorDetail(path, _expected_state(value)))
    return None


def _unknown_text(value: Any) -> Optional[str]:
    """Give a state string that names no state, or None for anything else."""
    if not issubclass(type(value), str):
        return None
    text = str.__str__(value)
    return None if text.lower() in _STATES else text


def _expected_state(value: object) -> str:
    names = ", ".join(repr(text) for text in _STATES)
    return f"expected one of {names} (in any case), got {describe(value)}"


_CONVERTERS: Dict[str, _Converter] = {
    "children": _to_texts,
    "description": _to_text,
    "ended_at": _to_text,
    "error": _to_text,
    "id": _to_text,
    "messages": _to_texts,
    "progress": _to_progress,
    "progress_current": _to_count,
    "progress_total": _to_count,
    "queued_at": _to_text,
    "result": copy_value,
    "started_at": _to_text,
    "state": _to_state,
    "succeeded_on": _to_texts,
    "user_id": _to_text,
}


# The constructor takes the fields of a payload, but only the states it knows.
_ARGUMENT_CONVERTERS = tuple(
    _to_known_state if name == "state" else _CONVERTERS[name] for name in _FIELD_NAMES
)


def _read_extra(
    extra: Optional[Mapping[str, Any]], errors: List[ErrorDetail]
) -> Dict[str, Any]:
    """Check the ``extra`` argument of the constructor and give a copy of it."""
    if extra is None:
        return {}
    if not issubclass(type(extra), Mapping):
        message = f"expected a mapping with string keys, got {describe(extra)}"
        errors.append(ErrorDetail("extra", message))
        return {}
    copied = {}
    for key, value in items_of(extra, "extra", errors):
        if type(key) is not str:
            key = _plain_key(key, "extra", errors)
            if key is None:
                continue
        if key in _FIELD_SET:
            errors.append(_not_extra(key))
        else:
            copied[key] = copy_value(value, key_path("extra", key), errors)
    return copied


def _plain_key(key: Any, path: str, errors: List[ErrorDetail]) -> Optional[str]:
    """A mapping's key as a plain str; None, adding an error, for one that is no str.

    A str subclass's key is read as its text, so that no method of it decides which
    key a value belongs to.
    """
    if issubclass(type(key), str):
        text: str = str.__str__(key)
        return text
    errors.append(ErrorDetail(path, f"expected string keys, got {describe(key)}"))
    return None


def _not_extra(key: Any) -> ErrorDetail:
    """The problem of an ``extra`` that has a key naming a field.

    Only a key put there later can be other than a plain str: one of a str subclass
    is shown as its text, and one that merely compares equal to a name as itself.
    """
    if issubclass(type(key), str):
        key = str.__str__(key)
        shown = repr(key)
    else:
        shown = describe(key)
    message = f"{shown} is a field of Operation, not an extra key"
    return ErrorDetail(key_path("extra", key), message)


def _all_text(items: List[Any]) -> bool:
    """Whether a list holds nothing but strings."""
    try:
        # str.join() takes nothing but strings: it checks a whole list in C.
        "".join(items)
    except TypeError:
        return False
    return True


# Below this many keys, looking at each key of a payload is cheaper than fetching
# all fifteen fields at once.
_FEW_KEYS = 7


# Each field spelled out: a loop over them would cost what this path is for.
def _read_payload(  # noqa: PLR0915
    cls: Type[_Operation], data: Mapping[str, Any]
) -> _Operation:
    """Read any mapping with every rule, and raise listing every problem.

    The problems come in the order of the fields, then of the other keys.
    """
    values = None
    extra: Optional[Dict[str, Any]] = None
    key_errors: List[ErrorDetail] = []
    if type(data) is dict:
        # The usual payload: every key is a field, and fetching them is all.
        payload = data if len(data) == _FIELD_COUNT else {**_NO_FIELDS, **data}
        if len(payload) == _FIELD_COUNT:
            # Not contextlib.suppress(): it would cost a call on every payload.
            try:  # noqa: SIM105
                values = _field_values(payload)
            except KeyError:  # fifteen keys, but not the fifteen fields
                pass
        else:
            extra = _read_other_keys(payload, key_errors)
            if extra is not None:
                values = _field_values(payload)
    elif not issubclass(type(data), Mapping):
        message = f"expected an object (a mapping), got {describe(data)}"
        raise ValidationError([ErrorDetail("", message)])
    if values is None:
        extra = {}
        fields = _read_keys(data, extra, key_errors)
        values = _field_values({**_NO_FIELDS, **fields})
    elif extra is None:
        extra = {}

    (
        children,
        description,
        ended_at,
        error,
        id,
        messages,
        progress,
        progress_current,
        progress_total,
        queued_at,
        result,
        started_at,
        state,
        succeeded_on,
        user_id,
    ) = values

    # Each value of the type that the service writes for its field is taken as it
    # is, or copied; any other goes to the field's converter, in the fields' order.
    errors: List[ErrorDetail] = []
    if type(children) is list:
        try:
            "".join(children)  # takes nothing but strings: a list checked in C
            children = children[:]
        except TypeError:
            children = _to_texts(children, "children", errors)
    elif children is not None:
        children = _to_texts(children, "children", errors)
    if not (description is None or type(description) is str):
        description = _to_text(description, "description", errors)
    if not (ended_at is None or type(ended_at) is str):
        ended_at = _to_text(ended_at, "ended_at", errors)
    if not (error is None or type(error) is str):
        error = _to_text(error, "error", errors)
    if not (id is None or type(id) is str):
        id = _to_text(id, "id", errors)
    if type(messages) is list:
        try:
            "".join(messages)  # takes nothing but strings: a list checked in C
            messages = messages[:]
        except TypeError:
            messages = _to_texts(messages, "messages", errors)
    elif messages is not None:
        messages = _to_texts(messages, "messages", errors)
    if not (
        progress is None or (type(progress) is float and progress - progress == 0.0)
    ):
        progress = _to_progress(progress, "progress", errors)
    if not (
        progress_current is None
        or (type(progress_current) is int and progress_current >= 0)
    ):
        progress_current = _to_count(progress_current, "progress_current", errors)
    if not (
        progress_total is None or (type(progress_total) is int and progress_total >= 0)
    ):
        progress_total = _to_count(progress_total, "progress_total", errors)
    if not (queued_at is None or type(queued_at) is str):
        queued_at = _to_text(queued_at, "queued_at", errors)
    if type(result) not in SCALARS:
        copied = flat_copy(result)
        result = copy_nested(result, "result", errors) if copied is None else copied
    if not (started_at is None or type(started_at) is str):
        started_at = _to_text(started_at, "started_at", errors)
    unknown_state = None
    if state is not None:
        known = _STATES.get(state) if type(state) is str else None
        if known is None:
            known = _to_state(state, "state", errors)
            if known is _UNKNOWN:
                unknown_state = _unknown_text(state)
        state = known
    if type(succeeded_on) is list:
        try:
            "".join(succeeded_on)  # takes nothing but strings: a list checked in C
            succeeded_on = succeeded_on[:]
        except TypeError:
            succeeded_on = _to_texts(succeeded_on, "succeeded_on", errors)
    elif succeeded_on is not None:
        succeeded_on = _to_texts(succeeded_on, "succeeded_on", errors)
    if not (user_id is None or type(user_id) is str):
        user_id = _to_text(user_id, "user_id", errors)

    errors.extend(key_errors)
    if errors:
        raise ValidationError(errors)

    operation = _new(cls)
    _fill(
        operation,
        (
            children,
            description,
            ended_at,
            error,
            id,
            messages,
            progress,
            progress_current,
            progress_total,
            queued_at,
            result,
            started_at,
            state,
            succeeded_on,
            user_id,
        ),
        extra,
        unknown_state,
    )
    return operation


def _convert_fields(
    values: Sequence[Any], converters: Sequence[_Converter], errors: List[ErrorDetail]
) -> List[Any]:
    """Convert the fields' values in their order, adding every problem to errors."""
    return [
        convert(value, name, errors)
        for name, convert, value in zip(_FIELD_NAMES, converters, values)
    ]


def _read_other_keys(
    payload: Dict[Any, Any], errors: List[ErrorDetail]
) -> Optional[Dict[str, Any]]:
    """Give the keys of a newer server's payload that are no field, with their values.

    ``payload`` is ``{**_NO_FIELDS, **data}``: the fields come first, in their order,
    then the other keys, in the order of ``data``. None, with nothing added to
    ``errors``, when one of those keys is no plain string.
    """
    others = list(islice(payload.items(), _FIELD_COUNT, None))
    for key, _ in others:
        if type(key) is not str:
            return None
    return {
        key: value
        if type(value) in SCALARS
        else copy_value(value, key_path("", key), errors)
        for key, value in others
    }


def _read_keys(
    data: Mapping[Any, Any], extra: Dict[str, Any], errors: List[ErrorDetail]
) -> Dict[str, Any]:
    """Give the fields of a payload, and put its other keys in ``extra``.

    Keys are read as plain strings, so that no method of a str subclass decides
    which key a value belongs to; a key that is no string is an error.
    """
    fields = {}
    for key, value in items_of(data, "", errors):
        if type(key) is not str:
            key = _plain_key(key, "", errors)
            if key is None:
                continue
        if key in _FIELD_SET:
            fields[key] = value
        elif type(value) in SCALARS:
            extra[key] = value
        else:
            extra[key] = copy_value(value, key_path("", key), errors)
    return fields
