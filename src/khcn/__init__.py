"""khcn: Vietnamese science-and-technology (KH&CN) reports as typed, trustworthy data.

Everything public is importable from here; the modules behind it are private unless
named below (``khcn.text``, ``khcn.serialize``, ``khcn.strategies``).

>>> import khcn
>>> isinstance(khcn.__version__, str)
True
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING

from khcn.errors import (
    AmbiguousProvinceError,
    CurrencyMismatchError,
    DataError,
    InvalidDateError,
    InvalidMoneyError,
    InvalidNumberError,
    InvalidPeriodError,
    KhcnError,
    MissingYearError,
    ParseError,
    PeriodArithmeticError,
    ProvinceLookupError,
    QualifierError,
    UnknownProvinceError,
    ValidationError,
)
from khcn.model.qualifier import Qualifier
from khcn.parse._match import Match

if TYPE_CHECKING:
    from types import ModuleType

try:
    __version__ = version("khcn")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

# Public modules loaded on first use, so that `import khcn` stays light.
_LAZY_MODULES = ("serialize", "aggregate")


def __getattr__(name: str) -> ModuleType:
    if name in _LAZY_MODULES:
        try:
            return importlib.import_module(f"khcn.{name}")
        except ModuleNotFoundError as err:
            if err.name != f"khcn.{name}":
                raise
    raise AttributeError(f"module 'khcn' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*__all__, *_LAZY_MODULES])


__all__ = [
    "AmbiguousProvinceError",
    "CurrencyMismatchError",
    "DataError",
    "InvalidDateError",
    "InvalidMoneyError",
    "InvalidNumberError",
    "InvalidPeriodError",
    "KhcnError",
    "Match",
    "MissingYearError",
    "ParseError",
    "PeriodArithmeticError",
    "ProvinceLookupError",
    "Qualifier",
    "QualifierError",
    "UnknownProvinceError",
    "ValidationError",
    "__version__",
]
