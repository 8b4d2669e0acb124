"""Drafts to model facts: ids, parent links, evidence in the caller's offsets, validation.

A draft the model refuses (more violators than subjects, say) becomes a ``Problem`` with its
evidence and the reason, never a fact.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from khcn.errors import KhcnError, ValidationError
from khcn.model.activities import ActivityCount, ActivityKind
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
from khcn.model.qualifier import Qualifier
from khcn.model.report import Problem
from khcn.model.stance import Stance
from khcn.model.tasks import AcceptanceGrade, TaskCount, TaskKind, TaskLevel, TaskStage

if TYPE_CHECKING:
    from collections.abc import Sequence
    from enum import Enum

    from khcn.extraction._rules import Draft
    from khcn.text import NormalizedText

__all__ = ["build_facts"]

Fact = EnforcementAction | TaskCount | IPCount | ActivityCount


class _Ids(dict[Any, Any]):
    """An enum's members by id, what ``enum(id)`` gives, found at a dictionary's speed (an
    enum call, or a function around the lookup, costs more than the rest of a fact's
    fields); an id the enum does not know goes to the enum, which raises its own
    ``ValueError`` ("'x' is not a valid Stance"). With ``or_none``, ``None`` gives
    ``None``: the field is optional. (An id that cannot be hashed, which no rule makes,
    raises ``TypeError`` here rather than the enum's ``ValueError``.)

    >>> _Ids(Qualifier)["gt"] is Qualifier.GT, _Ids(TaskLevel, or_none=True)[None]
    (True, None)
    """

    def __init__(self, enum: type[Enum], *, or_none: bool = False) -> None:
        super().__init__(enum._value2member_map_)
        if or_none:
            self[None] = None
        self.enum = enum

    def __missing__(self, value: Any) -> Any:
        return self.enum(value)


_STANCE = _Ids(Stance)
_QUALIFIER = _Ids(Qualifier)
_ENFORCEMENT_KIND = _Ids(EnforcementKind, or_none=True)
_INSPECTION_CLASS = _Ids(InspectionClass)
_INSPECTION_BASIS = _Ids(InspectionBasis)
_ENFORCEMENT_DOMAIN = _Ids(EnforcementDomain)
_ENFORCEMENT_OUTCOME = _Ids(EnforcementOutcome)
_TASK_LEVEL = _Ids(TaskLevel, or_none=True)
_TASK_KIND = _Ids(TaskKind, or_none=True)
_TASK_STAGE = _Ids(TaskStage)
_ACCEPTANCE_GRADE = _Ids(AcceptanceGrade, or_none=True)
_IP_OBJECT_TYPE = _Ids(IPObjectType, or_none=True)
_IP_STAGE = _Ids(IPStage)
_IP_STAGE_OR_NONE = _Ids(IPStage, or_none=True)
_ACTIVITY = _Ids(ActivityKind)


def _fact(draft: Draft, fact_id: str, parent: str | None, evidence: Evidence) -> Fact | None:
    # The fields every fact has are passed by name to each class (not as a shared
    # ``**dict``, which costs a dictionary per fact); the stance is read first.
    f = draft.fields
    stance = _STANCE[draft.stance]
    period = f.get("period")  # set when the sentence names its own period
    if draft.type == "enforcement":
        return EnforcementAction(
            kind=_ENFORCEMENT_KIND[f["kind"]],
            classes=frozenset(map(_INSPECTION_CLASS.__getitem__, f["classes"])),
            bases=frozenset(map(_INSPECTION_BASIS.__getitem__, f["bases"])),
            domains=frozenset(map(_ENFORCEMENT_DOMAIN.__getitem__, f["domains"])),
            campaigns=f["campaigns"],
            campaigns_qualifier=_QUALIFIER[f["campaigns_qualifier"]],
            subjects=f["subjects"],
            subjects_qualifier=_QUALIFIER[f["subjects_qualifier"]],
            violators=f["violators"],
            violators_qualifier=_QUALIFIER[f["violators_qualifier"]],
            fine=f["fine"],
            outcomes=frozenset(map(_ENFORCEMENT_OUTCOME.__getitem__, f["outcomes"])),
            id=fact_id,
            parent=parent,
            stance=stance,
            evidence=evidence,
            period=period,
        )
    if draft.type == "task":
        if f["stage"] is None:
            return None
        return TaskCount(
            level=_TASK_LEVEL[f["level"]],
            kind=_TASK_KIND[f["kind"]],
            stage=_TASK_STAGE[f["stage"]],
            count=f["count"],
            qualifier=_QUALIFIER[f["qualifier"]],
            grade=_ACCEPTANCE_GRADE[f["grade"]],
            id=fact_id,
            parent=parent,
            stance=stance,
            evidence=evidence,
            period=period,
        )
    if draft.type == "ip":
        filing = f.get("filing")
        if filing is not None:
            named = IPCount.of_filing(
                IPFiling(
                    object_type=_IP_OBJECT_TYPE[filing["object_type"]],
                    title=filing["title"],
                    jurisdictions=tuple(filing["jurisdictions"]),
                    stage=_IP_STAGE_OR_NONE[filing["stage"]],
                ),
                id=fact_id,
                stance=stance,
                parent=parent,
                evidence=evidence,
            )
            return attrs.evolve(named, period=period)
        return IPCount(
            object_type=_IP_OBJECT_TYPE[f["object_type"]],
            stage=_IP_STAGE[f["stage"]],
            count=f["count"],
            qualifier=_QUALIFIER[f["qualifier"]],
            jurisdictions=tuple(f["jurisdictions"]),
            id=fact_id,
            parent=parent,
            stance=stance,
            evidence=evidence,
            period=period,
        )
    return ActivityCount(
        activity=_ACTIVITY[f["activity"]],
        count=f["count"],
        qualifier=_QUALIFIER[f["qualifier"]],
        unit=f["unit"],
        id=fact_id,
        parent=parent,
        stance=stance,
        evidence=evidence,
        period=period,
    )


def build_facts(
    drafts: Sequence[Draft], norm: NormalizedText, source: str
) -> tuple[list[Fact], list[Problem]]:
    """Model facts (ids ``f1``, ``f2`` … in text order) and the problems met on the way.

    ``norm`` maps the drafts' spans back to ``source``, the text the caller sees.
    """
    facts: list[Fact] = []
    problems: list[Problem] = []
    ids: dict[int, str] = {}
    later: list[tuple[int, Draft]] = []
    text = norm.text
    same = text is source  # a text that needed no change: its offsets are the caller's
    for draft in drafts:
        start, end = draft.start, draft.end
        # evidence is the statement, without the spaces around it (" 8 dự án")
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        s, e = (start, end) if same else norm.span(start, end)
        evidence = Evidence.of(source, s, e)
        parent = ids.get(id(draft.parent)) if draft.parent is not None else None
        fact_id = f"f{len(facts) + 1}"
        try:
            fact = _fact(draft, fact_id, parent, evidence)
        except ValidationError as err:
            problems.append(Problem.from_error(err, evidence))
            continue
        except KhcnError as err:
            problems.append(Problem(reason=str(err), evidence=evidence))
            continue
        except (ValueError, TypeError) as err:  # an enum id the model does not know
            problems.append(Problem(reason=f"{type(err).__name__}: {err}", evidence=evidence))
            continue
        if fact is None:
            continue
        ids[id(draft)] = fact_id
        if draft.parent is not None and parent is None:
            later.append((len(facts), draft.parent))
        facts.append(fact)
    # a total stated after its parts (a recap): linked once every fact has its id
    for index, total in later:
        total_id = ids.get(id(total))
        if total_id is not None:
            facts[index] = attrs.evolve(facts[index], parent=total_id)
    return facts, problems
