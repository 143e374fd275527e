"""The HPS data-transfer service's operation model, in plain standard-library Python.

``Operation`` and ``OperationState`` mirror the service's model field for field;
``ValidationError`` is the one exception that every bad input gets.
"""

from __future__ import annotations

from ._errors import ErrorDetail, ValidationError
from ._lists import parse_operations
from ._model import Operation, OperationState

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import List

    from ._time import parse_timestamp

__all__ = [
    "ErrorDetail",
    "Operation",
    "OperationState",
    "ValidationError",
    "parse_operations",
    "parse_timestamp",
]

__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    # The timestamp reader loads datetime and compiles its pattern when first asked
    # for, which keeps them out of `import ops`.
    if name == "parse_timestamp":
        from ._time import parse_timestamp  # noqa: PLC0415

        return parse_timestamp
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> List[str]:
    return sorted({*globals(), *__all__})
