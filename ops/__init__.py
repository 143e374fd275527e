"""The HPS data-transfer service's operation model, in plain standard-library Python.

``Operation`` and ``OperationState`` mirror the service's model field for field;
``ValidationError`` is the one exception that every bad input gets.
"""

from ._errors import ErrorDetail, ValidationError
from ._lists import parse_operations
from ._model import Operation, OperationState
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
