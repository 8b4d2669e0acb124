"""One report read into typed facts, with the figures that failed validation beside them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable  # noqa: TC003 - same
from typing import Any, TypeAlias, TypeVar

import attrs

from khcn.errors import ValidationError
from khcn.model._checks import maybe, non_empty_text, optional_day, optional_text, tuple_of
from khcn.model.activities import ActivityCount
from khcn.model.enforcement import EnforcementAction
from khcn.model.evidence import Evidence
from khcn.model.ip import IPCount
from khcn.model.period import ReportingPeriod
from khcn.model.province import Province
from khcn.model.tasks import TaskCount

__all__ = ["FACT_TYPES", "Fact", "Problem", "Report"]

Fact: TypeAlias = EnforcementAction | TaskCount | IPCount | ActivityCount
"""Any fact a :class:`Report` holds."""

FACT_TYPES: tuple[type[Fact], ...] = (EnforcementAction, TaskCount, IPCount, ActivityCount)
"""The fact classes, in the order ``Report``'s views list them."""

F = TypeVar("F", bound=Fact)


@attrs.frozen(kw_only=True)
class Problem:
    """A figure the extractor found but could not accept, kept so that nothing is lost silently.

    Attributes:
        reason: why it was not accepted, in plain words.
        evidence: the source text span, if known.
        field: the model field that failed validation, if one did.

    >>> from khcn import Evidence, Problem, ValidationError
    >>> err = ValidationError("violators", 9, "more violators than the 5 subjects inspected")
    >>> problem = Problem.from_error(err, Evidence(start=0, end=3, text="abc"))
    >>> problem.field, problem.reason
    ('violators', 'more violators than the 5 subjects inspected')
    """

    reason: str = attrs.field(validator=non_empty_text)
    evidence: Evidence | None = attrs.field(default=None, validator=maybe(Evidence))
    field: str | None = attrs.field(default=None, validator=optional_text)

    @classmethod
    def from_error(cls, error: ValidationError, evidence: Evidence | None = None) -> Problem:
        """The problem a :class:`~khcn.ValidationError` describes.

        Args:
            error: the validation error raised while building a fact.
            evidence: the span of text the fact was read from.

        Returns:
            A ``Problem`` naming the error's field and reason.

        >>> from khcn import Problem, ValidationError
        >>> Problem.from_error(ValidationError("count", -1, "a count cannot be negative")).field
        'count'
        """
        return cls(reason=error.reason, evidence=evidence, field=error.field)


def _facts(instance: Report, attribute: attrs.Attribute[Any], facts: Any) -> None:
    if not isinstance(facts, tuple):
        raise ValidationError("facts", facts, f"must be a tuple, not {type(facts).__name__}")
    by_id: dict[str, Fact] = {}
    for index, fact in enumerate(facts):
        if not isinstance(fact, FACT_TYPES):
            raise ValidationError(f"facts[{index}]", fact, f"{type(fact).__name__} is not a fact")
        if fact.id in by_id:
            raise ValidationError(f"facts[{index}].id", fact.id, "two facts share this id")
        by_id[fact.id] = fact
    for index, fact in enumerate(facts):
        if fact.parent is not None:  # most facts are top level: nothing to follow
            _check_parent(index, fact, by_id)
        fine = fact.fine if isinstance(fact, EnforcementAction) else None
        if fine is not None and fine.currency != instance.currency:
            raise ValidationError(
                f"facts[{index}].fine",
                fine,
                f"is in {fine.currency}, the report in {instance.currency}",
            )


def _check_parent(index: int, fact: Fact, by_id: dict[str, Fact]) -> None:
    field = f"facts[{index}].parent"
    seen = {fact.id}
    child: Fact = fact
    while child.parent is not None:
        parent = by_id.get(child.parent)
        if parent is None:
            raise ValidationError(field, child.parent, "no fact in the report has this id")
        if type(parent) is not type(child):
            raise ValidationError(
                field,
                child.parent,
                f"a {type(child).__name__} cannot be part of a {type(parent).__name__}",
            )
        if parent.id in seen:
            raise ValidationError(field, fact.parent, "the parent links form a cycle")
        seen.add(parent.id)
        child = parent


def _currency(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    non_empty_text(_instance, attribute, value)
    if not (len(value) == 3 and value.isascii() and value.isupper() and value.isalpha()):
        raise ValidationError(attribute.name, value, "a currency is a 3-letter ISO 4217 code")


@attrs.frozen(kw_only=True)
class Report:
    """A report read into facts: its metadata, its typed facts, and what failed validation.

    Views (``enforcement``, ``tasks``, ``ip_filings``, ``activities``) list the facts of
    one type in report order. A total and its parts are all listed, each part's
    ``parent`` holding the total's id; never add a total to its own parts.

    Attributes:
        title: the headline, as the page shows it.
        source: where the text came from (URL or file name).
        publisher: who published it (a Sở, a portal).
        published: the publication date.
        province: the province the report is about, ``None`` for a national one.
        period: the main reporting period.
        currency: the currency every fine is in.
        facts: the facts, in text order; ids unique, parents present and of the same type.
        problems: figures that failed validation during extraction.

    >>> from khcn import EnforcementAction, EnforcementKind, Report, TaskCount, TaskStage
    >>> report = Report(
    ...     title="Sơ kết 6 tháng đầu năm 2023",
    ...     facts=(
    ...         EnforcementAction(id="f1", campaigns=3, subjects=25),
    ...         EnforcementAction(
    ...             id="f2", parent="f1", kind=EnforcementKind.INSPECTION, campaigns=2
    ...         ),
    ...         EnforcementAction(id="f3", parent="f1", kind=EnforcementKind.CHECK, campaigns=1),
    ...         TaskCount(id="f4", stage=TaskStage.ACCEPTANCE, count=8),
    ...     ),
    ... )
    >>> [f.id for f in report.enforcement], [f.id for f in report.tasks]
    (['f1', 'f2', 'f3'], ['f4'])
    >>> [f.id for f in report.children_of(report.fact("f1"))]
    ['f2', 'f3']
    >>> [f.id for f in report.top_level(report.enforcement)]
    ['f1']
    >>> Report(facts=(TaskCount(id="f1", parent="f9", stage=TaskStage.ACCEPTANCE),))
    Traceback (most recent call last):
    khcn.errors.ValidationError: facts[0].parent='f9': no fact in the report has this id
    """

    title: str | None = attrs.field(default=None, validator=optional_text)
    source: str | None = attrs.field(default=None, validator=optional_text)
    publisher: str | None = attrs.field(default=None, validator=optional_text)
    published: dt.date | None = attrs.field(default=None, validator=optional_day)
    province: Province | None = attrs.field(default=None, validator=maybe(Province))
    period: ReportingPeriod | None = attrs.field(default=None, validator=maybe(ReportingPeriod))
    currency: str = attrs.field(default="VND", validator=_currency)
    facts: tuple[Fact, ...] = attrs.field(default=(), validator=_facts)
    problems: tuple[Problem, ...] = attrs.field(default=(), validator=tuple_of(Problem))

    @property
    def enforcement(self) -> tuple[EnforcementAction, ...]:
        """The enforcement actions, totals and parts alike.

        >>> from khcn import EnforcementAction, Report
        >>> len(Report(facts=(EnforcementAction(id="f1", campaigns=2),)).enforcement)
        1
        """
        return self._view(EnforcementAction)

    @property
    def tasks(self) -> tuple[TaskCount, ...]:
        """The task counts; a named task appears as a count of 1 linked to it.

        >>> from khcn import Report, SciTechTask, TaskCount, TaskStage
        >>> task = SciTechTask(title="Nhân giống chè", stage=TaskStage.ACCEPTANCE)
        >>> report = Report(facts=(TaskCount.of_task(task, id="f1"),))
        >>> [(f.count, f.task.title) for f in report.tasks]
        [(1, 'Nhân giống chè')]
        """
        return self._view(TaskCount)

    @property
    def ip_filings(self) -> tuple[IPCount, ...]:
        """The IP counts; a named filing appears as a count of 1 linked to it.

        >>> from khcn import IPCount, IPStage, Report
        >>> Report(facts=(IPCount(id="f1", stage=IPStage.GRANT, count=60),)).ip_filings[0].count
        60
        """
        return self._view(IPCount)

    @property
    def activities(self) -> tuple[ActivityCount, ...]:
        """The other counted activities.

        >>> from khcn import ActivityCount, ActivityKind, Report
        >>> fact = ActivityCount(id="f1", activity=ActivityKind.ONE_COMMUNE_ONE_PRODUCT, count=12)
        >>> Report(facts=(fact,)).activities == (fact,)
        True
        """
        return self._view(ActivityCount)

    def fact(self, id: str) -> Fact:
        """The fact with this id.

        Args:
            id: a fact's id.

        Returns:
            The fact.

        Raises:
            KeyError: when no fact has this id.

        >>> from khcn import IPCount, IPStage, Report
        >>> Report(facts=(IPCount(id="f1", stage=IPStage.FILING),)).fact("f1").stage.value
        'nop_don'
        """
        for fact in self.facts:
            if fact.id == id:
                return fact
        raise KeyError(id)

    def children_of(self, fact: F) -> tuple[F, ...]:
        """The facts whose ``parent`` is ``fact``, in report order.

        Args:
            fact: a fact of this report.

        Returns:
            Its direct parts (not their parts in turn).

        >>> from khcn import Report, TaskCount, TaskStage
        >>> total = TaskCount(id="t", stage=TaskStage.IN_PROGRESS, count=36)
        >>> part = TaskCount(id="p", parent="t", stage=TaskStage.IN_PROGRESS, count=30)
        >>> Report(facts=(total, part)).children_of(total) == (part,)
        True
        """
        found = []
        for other in self.facts:
            if other.parent == fact.id and isinstance(other, type(fact)):
                found.append(other)
        return tuple(found)

    @staticmethod
    def top_level(view: Iterable[F]) -> tuple[F, ...]:
        """The facts of ``view`` that are not part of another fact in ``view``.

        Use it to sum a view without counting a total and its parts twice.

        Args:
            view: facts, usually one of the report's views, perhaps filtered.

        Returns:
            The facts with no parent among them, in their order.

        >>> from khcn import Report, TaskCount, TaskStage
        >>> total = TaskCount(id="t", stage=TaskStage.IN_PROGRESS, count=36)
        >>> part = TaskCount(id="p", parent="t", stage=TaskStage.IN_PROGRESS, count=30)
        >>> [f.id for f in Report.top_level((total, part))]
        ['t']
        >>> [f.id for f in Report.top_level((part,))]  # its total is not among them
        ['p']
        """
        facts = tuple(view)
        ids = {fact.id for fact in facts}
        return tuple(fact for fact in facts if fact.parent is None or fact.parent not in ids)

    def _view(self, cls: type[F]) -> tuple[F, ...]:
        return tuple(fact for fact in self.facts if isinstance(fact, cls))
