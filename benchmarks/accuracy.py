"""Extraction accuracy against the gold of the example corpus.

    python benchmarks/accuracy.py [examples/reports] [--verbose] [--min-f1 0.95]

Prints precision, recall and F1 per fact type (enforcement, task, ip, activity) and for the
money, date and period mentions, plus how often the report's metadata (main period,
province, publication date) is right. A predicted fact counts as right when its type, its
key fields (below) and its stance equal a gold fact's and its evidence overlaps the gold
evidence; each gold fact is matched at most once.

Key fields: enforcement kind, campaigns, subjects, violators, fine; task stage, count,
grade; ip stage, object type, count; activity kind, count. Secondary fields (qualifiers,
levels, kinds, domains, outcomes, jurisdictions, parent links) are scored on matched facts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import defaultdict
from decimal import Decimal
from typing import Any

from khcn.extraction import read_report, report_files
from khcn.model.dates import PartialDate
from khcn.model.money import Money, MoneyRange
from khcn.model.period import ReportingPeriod
from khcn.model.province import Province

KEYS = {
    "enforcement": ("kind", "campaigns", "subjects", "violators", "fine"),
    "task": ("stage", "count", "grade"),
    "ip": ("stage", "object_type", "count"),
    "activity": ("activity", "count"),
}
SECONDARY = {
    "enforcement": (
        "campaigns_qualifier",
        "subjects_qualifier",
        "violators_qualifier",
        "domains",
        "outcomes",
        "bases",
        "classes",
    ),
    "task": ("qualifier", "level", "kind"),
    "ip": ("qualifier", "jurisdictions"),
    "activity": ("qualifier",),
}
TYPE_OF = {
    "EnforcementAction": "enforcement",
    "TaskCount": "task",
    "IPCount": "ip",
    "ActivityCount": "activity",
}


def _plain(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, Money):
        return (
            str(value.amount.normalize())
            if value.amount == value.amount.to_integral()
            else str(value.amount)
        )
    if isinstance(value, (frozenset, set, tuple, list)):
        return sorted(_plain(v) for v in value)
    if hasattr(value, "value") and isinstance(value.value, str):
        return value.value
    return value


def _amount(text: str | None) -> str | None:
    if text is None:
        return None
    d = Decimal(text)
    return str(d.quantize(Decimal(1))) if d == d.to_integral() else str(d.normalize())


def predicted_facts(report: Any) -> list[dict[str, Any]]:
    out = []
    ids = {}
    for fact in report.facts:
        ids[fact.id] = fact
    for fact in report.facts:
        kind = TYPE_OF[type(fact).__name__]
        row: dict[str, Any] = {
            "type": kind,
            "id": fact.id,
            "parent": fact.parent,
            "stance": fact.stance.value,
            "span": (fact.evidence.start, fact.evidence.end) if fact.evidence else None,
            "evidence": fact.evidence.text if fact.evidence else "",
        }
        for field in KEYS[kind] + SECONDARY[kind]:
            value = _plain(getattr(fact, field))
            if field == "fine":
                value = _amount(value) if value is not None else None
            row[field] = value
        out.append(row)
    return out


def gold_facts(gold: dict[str, Any], text: str) -> list[dict[str, Any]]:
    out = []
    for fact in gold["facts"]:
        row = dict(fact)
        ev = fact.get("evidence", "")
        spans = []
        start = text.find(ev)
        while ev and start >= 0:
            spans.append((start, start + len(ev)))
            start = text.find(ev, start + 1)
        row["spans"] = spans
        if "fine" in row:
            row["fine"] = _amount(row["fine"])
        for field in SECONDARY[row["type"]]:
            if isinstance(row.get(field), list):
                row[field] = sorted(row[field])
            row.setdefault(
                field,
                []
                if field in ("domains", "outcomes", "bases", "classes", "jurisdictions")
                else "exact"
                if field.endswith("qualifier")
                else None,
            )
        out.append(row)
    return out


def _overlaps(span: tuple[int, int] | None, spans: list[tuple[int, int]]) -> bool:
    if span is None:
        return False
    if not spans:
        return True  # gold evidence not found verbatim: judge on the fields alone
    return any(s < span[1] and span[0] < e for s, e in spans)


def _same(pred: dict[str, Any], gold: dict[str, Any]) -> bool:
    if pred["type"] != gold["type"] or pred["stance"] != gold.get("stance", "ket_qua"):
        return False
    return all(pred.get(k) == gold.get(k) for k in KEYS[pred["type"]])


class Score:
    def __init__(self) -> None:
        self.tp = 0
        self.fp = 0
        self.fn = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    def row(self, name: str) -> str:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return f"{name:<14} {p:6.3f} {r:6.3f} {f:6.3f}   (tp {self.tp}, fp {self.fp}, fn {self.fn})"

    @property
    def f1(self) -> float:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        return 2 * p * r / (p + r) if p + r else 0.0


def _mention_value(kind: str, value: Any) -> Any:
    if kind == "money":
        if isinstance(value, MoneyRange):
            return ("range", _amount(str(value.low.amount)), _amount(str(value.high.amount)))
        return (value.qualifier.value, _amount(str(value.amount)))
    if kind == "dates":
        if isinstance(value, PartialDate):
            return f"--{value.month:02d}-{value.day:02d}"
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    return value.code


def _gold_mention(kind: str, m: dict[str, Any]) -> Any:
    if kind == "money":
        if "low" in m:
            return ("range", _amount(m["low"]), _amount(m["high"]))
        return (m.get("qualifier", "exact"), _amount(m["amount"]))
    if kind == "dates":
        return m["date"]
    # one code per span: "2019-10/2019-12" is "2019-Q4"
    return ReportingPeriod.from_code(m["code"]).code


def _same_date(pred: Any, gold: Any) -> bool:
    if pred == gold:
        return True
    # A yearless gold date is matched by the same day resolved to a year, and back.
    return (
        isinstance(pred, str)
        and isinstance(gold, str)
        and pred[-6:] == gold[-6:]
        and (pred.startswith("--") or gold.startswith("--"))
    )


def score_mentions(
    kind: str, preds: list[Any], gold: list[dict[str, Any]], text: str, log: list[str]
) -> tuple[int, int, int]:
    gold_items: list[tuple[int, int, Any, str]] = []
    cursor = 0
    for m in gold:
        # The next occurrence after the previous gold mention that lies outside every
        # mention placed so far ("năm 2019" is not the one inside "3 tháng cuối năm 2019").
        pos = text.find(m["text"], cursor)
        while pos >= 0 and any(s < pos + len(m["text"]) and pos < e for s, e, _, _ in gold_items):
            pos = text.find(m["text"], pos + 1)
        if pos < 0:
            pos = text.find(m["text"])
        else:
            cursor = pos + 1
        gold_items.append((pos, pos + len(m["text"]), _gold_mention(kind, m), m["text"]))
    used = [False] * len(gold_items)
    tp = 0
    for p in preds:
        value = _mention_value(kind, p.value)
        for i, (s, e, gv, _) in enumerate(gold_items):
            same = _same_date(value, gv) if kind == "dates" else value == gv
            if not used[i] and same and ((s < p.end and p.start < e) or s < 0):
                used[i] = True
                tp += 1
                break
        else:
            log.append(f"    + {kind}: {p.text!r} -> {value}")
    for i, (_, _, gv, t) in enumerate(gold_items):
        if not used[i]:
            log.append(f"    - {kind}: {t!r} -> {gv}")
    return tp, len(preds) - tp, len(gold_items) - tp


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("folder", nargs="?", default="examples/reports")
    parser.add_argument("--verbose", "-v", action="store_true")
    parser.add_argument("--min-f1", type=float, default=None)
    args = parser.parse_args(argv)

    scores: dict[str, Score] = defaultdict(Score)
    secondary_right: dict[str, int] = defaultdict(int)
    secondary_total: dict[str, int] = defaultdict(int)
    meta_right: dict[str, int] = defaultdict(int)
    n = 0
    for path in report_files([args.folder]):
        gold_path = path.with_name(path.stem + ".gold.json")
        if not gold_path.exists():
            continue
        n += 1
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        raw = path.read_text(encoding="utf-8")
        reading = read_report(raw, source=str(path))
        report = reading.report
        text = reading.text
        log: list[str] = []

        preds = predicted_facts(report)
        golds = gold_facts(gold, text)
        matched: dict[str, str] = {}
        used: set[int] = set()
        for p in preds:
            for i, g in enumerate(golds):
                if i not in used and _same(p, g) and _overlaps(p["span"], g["spans"]):
                    used.add(i)
                    matched[p["id"]] = g["id"]
                    for field in SECONDARY[p["type"]]:
                        secondary_total[f"{p['type']}.{field}"] += 1
                        if p.get(field) == g.get(field):
                            secondary_right[f"{p['type']}.{field}"] += 1
                        elif args.verbose:
                            log.append(
                                f"    ~ {p['type']}.{field}: {p.get(field)!r} != "
                                f"{g.get(field)!r} in {p['evidence'][:70]!r}"
                            )
                    scores[p["type"]].add(1, 0, 0)
                    break
            else:
                scores[p["type"]].add(0, 1, 0)
                fields = {k: p.get(k) for k in KEYS[p["type"]]}
                log.append(f"    + {p['type']} {p['stance']} {fields} {p['evidence'][:90]!r}")
        for i, g in enumerate(golds):
            if i not in used:
                scores[g["type"]].add(0, 0, 1)
                fields = {k: g.get(k) for k in KEYS[g["type"]]}
                log.append(f"    - {g['type']} {g.get('stance')} {fields} {g['evidence'][:90]!r}")
        # parent links among matched facts
        gold_parent = {g["id"]: g.get("parent") for g in golds}
        for p in preds:
            if p["id"] in matched:
                secondary_total["parent link"] += 1
                want = gold_parent[matched[p["id"]]]
                have = matched.get(p["parent"]) if p["parent"] else None
                if want == have:
                    secondary_right["parent link"] += 1

        for kind, preds_m in (
            ("money", reading.money),
            ("dates", reading.dates),
            ("periods", reading.periods),
        ):
            tp, fp, fn = score_mentions(kind, list(preds_m), gold.get(kind, []), text, log)
            scores[kind].add(tp, fp, fn)

        # metadata
        got_period = report.period.code if report.period else None
        want_period = ReportingPeriod.from_code(gold["period"]).code if gold.get("period") else None
        meta_right["period"] += got_period == want_period
        if got_period != want_period:
            log.append(f"    ! period {got_period} != {want_period}")
        got_pub = report.published.isoformat() if report.published else None
        meta_right["published"] += got_pub == gold.get("published")
        if got_pub != gold.get("published"):
            log.append(f"    ! published {got_pub} != {gold.get('published')}")
        want_prov = None
        if gold.get("province"):
            pre = gold.get("province_era") == "pre_2025"
            on = dt.date(2025, 1, 1) if pre else dt.date(2025, 8, 1)
            want_prov = Province.lookup(gold["province"], on=on).id
        got_prov = report.province.id if report.province else None
        meta_right["province"] += got_prov == want_prov
        if got_prov != want_prov:
            log.append(f"    ! province {got_prov} != {want_prov}")
        if args.verbose and log:
            print(path.name)
            print("\n".join(log))

    print(f"\n{n} reports with gold in {args.folder}\n")
    print(f"{'':<14} {'prec':>6} {'recall':>6} {'F1':>6}")
    facts = Score()
    for kind in ("enforcement", "task", "ip", "activity"):
        s = scores[kind]
        facts.add(s.tp, s.fp, s.fn)
        print(s.row(kind))
    print(facts.row("all facts"))
    for kind in ("money", "dates", "periods"):
        print(scores[kind].row(kind))
    print()
    for field in sorted(secondary_total):
        print(f"{field:<34} {secondary_right[field]:>4}/{secondary_total[field]:<4}")
    print()
    for field in ("period", "province", "published"):
        print(f"metadata {field:<12} {meta_right[field]:>3}/{n}")
    if args.min_f1 is not None and facts.f1 < args.min_f1:
        print(f"\nF1 {facts.f1:.3f} is below {args.min_f1}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
