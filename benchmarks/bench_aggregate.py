"""Time ``khcn.aggregate`` against the plain loops it replaces.

Run from the repository root::

    .venv/bin/python benchmarks/bench_aggregate.py

One run builds 10^5 synthetic facts (1,000 reports of 100 facts: enforcement statements
with per-kind parts and fines, task counts with parts, IP and activity counts, a few
plans) for distinct (province, period) pairs, a tenth of the reports republished verbatim
by a second source (so duplicates are recognised), then times, best of a few repeats:

* ``records(reports)`` + ``totals(reports)`` (by province and period) against a plain loop
  that walks the same facts and accumulates results into a dict per (province, period),
  skipping parts by ``parent is None`` (no qualifiers, no duplicates, no per-measure
  ancestor rule, so it counts the republished facts twice): target ≤ 3x;
* ``to_pandas(records)`` against ``pandas.DataFrame.from_records`` on the same rows as
  plain dicts (built beforehand, not timed; no dtypes set): target ≤ 2x.

It prints the times and the ratios, and checks that both sides agree on the fines.
"""

from __future__ import annotations

import random
import time
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs
import pandas as pd

from khcn import (
    ActivityCount,
    ActivityKind,
    EnforcementAction,
    EnforcementKind,
    IPCount,
    IPObjectType,
    IPStage,
    Money,
    Province,
    Report,
    ReportingPeriod,
    Stance,
    TaskCount,
    TaskStage,
)
from khcn.aggregate import records, to_pandas, totals

if TYPE_CHECKING:
    from collections.abc import Callable

    from khcn.model.report import Fact

SEED = 20231009
REPORTS = 1000
FACTS_PER_REPORT = 100
REPEATS = 3


def _facts(rng: random.Random) -> list[Fact]:
    out: list[Fact] = []
    n = 0

    def next_id() -> str:
        nonlocal n
        n += 1
        return f"f{n}"

    while len(out) < FACTS_PER_REPORT:
        kind = rng.randrange(4)
        stance = Stance.PLAN if rng.random() < 0.1 else Stance.RESULT
        if kind == 0:
            parent = next_id()
            a, b = rng.randrange(1, 9), rng.randrange(1, 9)
            out.append(
                EnforcementAction(
                    id=parent,
                    stance=stance,
                    campaigns=a + b,
                    subjects=rng.randrange(10, 60),
                    fine=Money(rng.randrange(1, 10**4) * 10_000),
                )
            )
            out.append(
                EnforcementAction(
                    id=next_id(), parent=parent, kind=EnforcementKind.INSPECTION, campaigns=a
                )
            )
            out.append(
                EnforcementAction(
                    id=next_id(), parent=parent, kind=EnforcementKind.CHECK, campaigns=b
                )
            )
        elif kind == 1:
            parent = next_id()
            stage = rng.choice(list(TaskStage))
            out.append(TaskCount(id=parent, stance=stance, stage=stage, count=rng.randrange(5, 50)))
            out.append(
                TaskCount(id=next_id(), parent=parent, stage=stage, count=rng.randrange(1, 5))
            )
        elif kind == 2:
            out.append(
                IPCount(
                    id=next_id(),
                    stance=stance,
                    stage=rng.choice([IPStage.FILING, IPStage.GRANT]),
                    object_type=rng.choice([None, *IPObjectType]),
                    count=rng.randrange(1, 100),
                )
            )
        else:
            out.append(
                ActivityCount(
                    id=next_id(),
                    stance=stance,
                    activity=rng.choice(list(ActivityKind)),
                    count=rng.randrange(1, 100),
                )
            )
    return out[:FACTS_PER_REPORT]


def _reports() -> list[Report]:
    """Reports of distinct (province, period) pairs, a tenth of them republished verbatim."""
    rng = random.Random(SEED)
    periods = [ReportingPeriod.year(y) for y in range(2010, 2025)]
    periods += [ReportingPeriod.half(y, 1) for y in range(2010, 2025)]
    pairs = [(p, q) for p in Province.all("pre_2025") for q in periods]
    originals = [
        Report(source=f"report-{i}.txt", province=province, period=period, facts=tuple(_facts(rng)))
        for i, (province, period) in enumerate(rng.sample(pairs, REPORTS - REPORTS // 10))
    ]
    copies = [
        attrs.evolve(original, source=f"newspaper-{i}.html")
        for i, original in enumerate(rng.sample(originals, REPORTS // 10))
    ]
    return originals + copies


def plain_loop(reports: list[Report]) -> dict[tuple[Any, ...], dict[str, Any]]:
    """The loop one would write by hand: top-level results only, one dict per group."""
    acc: dict[tuple[Any, ...], dict[str, Any]] = {}
    for report in reports:
        key = (
            report.province.id if report.province else None,
            report.period.code if report.period else None,
        )
        row = acc.setdefault(key, {})
        for fact in report.facts:
            if fact.stance is not Stance.RESULT or fact.parent is not None:
                continue
            if isinstance(fact, EnforcementAction):
                if fact.fine is not None:
                    row["fine_vnd"] = row.get("fine_vnd", Decimal(0)) + fact.fine.amount
                if fact.campaigns is not None:
                    row["inspections"] = row.get("inspections", 0) + fact.campaigns
                if fact.subjects is not None:
                    row["subjects"] = row.get("subjects", 0) + fact.subjects
            elif isinstance(fact, TaskCount):
                name = f"tasks_{fact.stage.value}"
                row[name] = row.get(name, 0) + (fact.count or 0)
            elif isinstance(fact, IPCount):
                name = f"ip_{fact.object_type.value if fact.object_type else 'unstated'}"
                row[name] = row.get(name, 0) + (fact.count or 0)
            else:
                name = f"activity_{fact.activity.value}"
                row[name] = row.get(name, 0) + (fact.count or 0)
    return acc


def best(fn: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(REPEATS):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    reports = _reports()
    n_facts = sum(len(r.facts) for r in reports)
    print(f"{len(reports)} reports, {n_facts} facts")

    t_loop, loop = best(lambda: plain_loop(reports))
    t_records, recs = best(lambda: records(reports))
    t_totals, table = best(lambda: totals(recs))
    t_both = t_records + t_totals
    fines_loop = sum((r.get("fine_vnd", Decimal(0)) for r in loop.values()), Decimal(0))
    fines_khcn = sum((r["fine_vnd"] or Decimal(0) for r in table), Decimal(0))
    fines_copies = sum(
        (
            f.fine.amount
            for r in reports[REPORTS - REPORTS // 10 :]
            for f in r.enforcement
            if f.fine is not None and f.parent is None and f.stance is Stance.RESULT
        ),
        Decimal(0),
    )
    # The loop adds the republished reports again; totals() counts them once.
    assert fines_loop - fines_copies == fines_khcn, (fines_loop, fines_copies, fines_khcn)
    print(f"plain dict loop          {t_loop * 1e3:8.1f} ms")
    print(f"records()                {t_records * 1e3:8.1f} ms")
    print(f"totals(records)          {t_totals * 1e3:8.1f} ms")
    print(f"records + totals / loop  {t_both / t_loop:8.2f}x  (target <= 3x)")

    dicts = [attrs.asdict(r, recurse=False) for r in recs]
    t_from_records, _ = best(lambda: pd.DataFrame.from_records(dicts))
    t_to_pandas, frame = best(lambda: to_pandas(recs))
    assert len(frame) == len(dicts)
    print(f"DataFrame.from_records   {t_from_records * 1e3:8.1f} ms")
    print(f"to_pandas(records)       {t_to_pandas * 1e3:8.1f} ms")
    print(f"to_pandas / from_records {t_to_pandas / t_from_records:8.2f}x  (target <= 2x)")


if __name__ == "__main__":
    main()
