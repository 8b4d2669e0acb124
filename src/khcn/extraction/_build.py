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

    from khcn.extraction._rules import Draft
    from khcn.text import NormalizedText

__all__ = ["build_facts"]

Fact = EnforcementAction | TaskCount | IPCount | ActivityCount


def _member(enum: Any, value: Any) -> Any:
    """``enum(value)`` by a dictionary lookup (an enum call is slow); an unknown id still
    raises the enum's own ValueError."""
    try:
        return enum._value2member_map_[value]
    except (KeyError, TypeError):
        return enum(value)


def _maybe(enum: Any, value: Any) -> Any:
    return None if value is None else _member(enum, value)


def _fact(draft: Draft, fact_id: str, parent: str | None, evidence: Evidence) -> Fact | None:
    f = draft.fields
    common: dict[str, Any] = {
        "id": fact_id,
        "parent": parent,
        "stance": _member(Stance, draft.stance),
        "evidence": evidence,
        "period": f.get("period"),  # set when the sentence names its own period
    }
    if draft.type == "enforcement":
        return EnforcementAction(
            kind=_maybe(EnforcementKind, f["kind"]),
            classes=frozenset(_member(InspectionClass, v) for v in f["classes"]),
            bases=frozenset(_member(InspectionBasis, v) for v in f["bases"]),
            domains=frozenset(_member(EnforcementDomain, v) for v in f["domains"]),
            campaigns=f["campaigns"],
            campaigns_qualifier=_member(Qualifier, f["campaigns_qualifier"]),
            subjects=f["subjects"],
            subjects_qualifier=_member(Qualifier, f["subjects_qualifier"]),
            violators=f["violators"],
            violators_qualifier=_member(Qualifier, f["violators_qualifier"]),
            fine=f["fine"],
            outcomes=frozenset(_member(EnforcementOutcome, v) for v in f["outcomes"]),
            **common,
        )
    if draft.type == "task":
        if f["stage"] is None:
            return None
        return TaskCount(
            level=_maybe(TaskLevel, f["level"]),
            kind=_maybe(TaskKind, f["kind"]),
            stage=_member(TaskStage, f["stage"]),
            count=f["count"],
            qualifier=_member(Qualifier, f["qualifier"]),
            grade=_maybe(AcceptanceGrade, f["grade"]),
            **common,
        )
    if draft.type == "ip":
        filing = f.get("filing")
        if filing is not None:
            named = IPCount.of_filing(
                IPFiling(
                    object_type=_maybe(IPObjectType, filing["object_type"]),
                    title=filing["title"],
                    jurisdictions=tuple(filing["jurisdictions"]),
                    stage=_maybe(IPStage, filing["stage"]),
                ),
                id=common["id"],
                stance=common["stance"],
                parent=common["parent"],
                evidence=common["evidence"],
            )
            return attrs.evolve(named, period=common["period"])
        return IPCount(
            object_type=_maybe(IPObjectType, f["object_type"]),
            stage=_member(IPStage, f["stage"]),
            count=f["count"],
            qualifier=_member(Qualifier, f["qualifier"]),
            jurisdictions=tuple(f["jurisdictions"]),
            **common,
        )
    return ActivityCount(
        activity=_member(ActivityKind, f["activity"]),
        count=f["count"],
        qualifier=_member(Qualifier, f["qualifier"]),
        unit=f["unit"],
        **common,
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
    for draft in drafts:
        start, end = draft.start, draft.end
        # evidence is the statement, without the spaces around it (" 8 dự án")
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        s, e = norm.span(start, end)
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
