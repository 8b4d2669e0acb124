"""khcn: Vietnamese science-and-technology (KH&CN) reports as typed, trustworthy data.

Everything public is importable from here; the modules behind it are private unless
named below (``khcn.text``, ``khcn.serialize``, ``khcn.strategies``).

>>> import khcn
>>> isinstance(khcn.__version__, str)
True
"""

from __future__ import annotations

import importlib
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
from khcn.model.activities import ActivityCount, ActivityKind
from khcn.model.agency import Agency
from khcn.model.dates import PartialDate
from khcn.model.enforcement import (
    EnforcementAction,
    EnforcementDomain,
    EnforcementKind,
    EnforcementOutcome,
    InspectionBasis,
    InspectionClass,
)
from khcn.model.evidence import Evidence
from khcn.model.ip import IPCount, IPFiling, IPObjectType, IPStage
from khcn.model.money import Money, MoneyRange
from khcn.model.period import PeriodKind, ReportingPeriod
from khcn.model.province import Province, ProvinceType
from khcn.model.qualifier import Qualifier
from khcn.model.report import Problem, Report
from khcn.model.stance import Stance
from khcn.model.tasks import (
    AcceptanceGrade,
    FundingMode,
    FundingSource,
    SciTechTask,
    SelectionMode,
    TaskCount,
    TaskKind,
    TaskLevel,
    TaskStage,
)
from khcn.parse._match import Match
from khcn.parse.dates import find_dates, parse_date
from khcn.parse.money import find_money, parse_money
from khcn.parse.number import find_numbers, parse_number
from khcn.parse.periods import find_periods, parse_period
from khcn.vi.number_style import format_number
from khcn.vi.numerals import number_to_words

if TYPE_CHECKING:
    from khcn.extraction import extract, extract_html, extract_many

    __version__: str

# Loaded on first use, so that `import khcn` stays light: public modules, the extraction
# functions (which bring the HTML parser and process pools) and the version (which
# needs importlib.metadata).
_LAZY_MODULES = ("serialize", "aggregate")
_LAZY_NAMES = {
    "extract": "khcn.extraction",
    "extract_html": "khcn.extraction",
    "extract_many": "khcn.extraction",
}


def __getattr__(name: str) -> object:
    if name in _LAZY_NAMES:
        value = getattr(importlib.import_module(_LAZY_NAMES[name]), name)
        globals()[name] = value
        return value
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("khcn")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree
            found = "0+unknown"
        globals()["__version__"] = found
        return found
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
    "AcceptanceGrade",
    "ActivityCount",
    "ActivityKind",
    "Agency",
    "AmbiguousProvinceError",
    "CurrencyMismatchError",
    "DataError",
    "EnforcementAction",
    "EnforcementDomain",
    "EnforcementKind",
    "EnforcementOutcome",
    "Evidence",
    "FundingMode",
    "FundingSource",
    "IPCount",
    "IPFiling",
    "IPObjectType",
    "IPStage",
    "InspectionBasis",
    "InspectionClass",
    "InvalidDateError",
    "InvalidMoneyError",
    "InvalidNumberError",
    "InvalidPeriodError",
    "KhcnError",
    "Match",
    "MissingYearError",
    "Money",
    "MoneyRange",
    "ParseError",
    "PartialDate",
    "PeriodArithmeticError",
    "PeriodKind",
    "Problem",
    "Province",
    "ProvinceLookupError",
    "ProvinceType",
    "Qualifier",
    "QualifierError",
    "Report",
    "ReportingPeriod",
    "SciTechTask",
    "SelectionMode",
    "Stance",
    "TaskCount",
    "TaskKind",
    "TaskLevel",
    "TaskStage",
    "UnknownProvinceError",
    "ValidationError",
    "__version__",
    "extract",
    "extract_html",
    "extract_many",
    "find_dates",
    "find_money",
    "find_numbers",
    "find_periods",
    "format_number",
    "number_to_words",
    "parse_date",
    "parse_money",
    "parse_number",
    "parse_period",
]
