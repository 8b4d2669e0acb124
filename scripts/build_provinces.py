"""Build ``src/khcn/_data/provinces.json``: the 63 + 34 provincial units, their names and the map.

Sources (each recorded in the output's ``source`` block):

* the 34 units from 1 July 2025: the installed ``vietnam-provinces`` (2025.x);
* the 63 units until 30 June 2025: ``vietnam-provinces`` 0.6.0, read out of its wheel or sdist
  without installing it (it would replace the 2025 version);
* ``scripts/province_aliases.json``: the merger map (domain.md §6.2), the Thừa Thiên Huế
  override, prose variants (domain.md §6.4) and the finder's guards.

Usage::

    .venv/bin/pip download --no-deps vietnam-provinces==0.6.0 -d /tmp/vp06
    .venv/bin/python scripts/build_provinces.py --old /tmp/vp06
    .venv/bin/python scripts/build_provinces.py --old /tmp/vp06 --check   # CI: is it current?

``--old`` takes the wheel, the sdist or a directory holding one; without it the script runs
``pip download`` into a temporary directory. The script checks the sources against each
other (every old unit merges into exactly one new unit; each new unit keeps the code of the
old unit hosting its seat; no spelling names two units of one era) and fails loudly otherwise.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable

ROOT = Path(__file__).resolve().parent.parent
ALIASES = Path(__file__).resolve().parent / "province_aliases.json"
OUTPUT = ROOT / "src" / "khcn" / "_data" / "provinces.json"
OLD_VERSION = "0.6.0"
NESTED = "vietnam_provinces/data/nested-divisions.json"

PRE, NEW = "pre_2025", "from_2025"
PRE_VALID_TO = "2025-06-30"
NEW_VALID_FROM = "2025-07-01"

# Old ("hoà") to modern ("hòa") tone placement: in an open syllable ending in oa, oe, uy
# (not after "q", where u is part of the consonant) the tone mark sits on the first vowel.
_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook, dot below
_OLD_TONE = re.compile(rf"(?<![qQ])([oOuU])([aAeEyY])([{_TONES}])(?![^\W\d_]|[\u0300-\u036f])")


def modern_spelling(name: str) -> str:
    """ "Hoà Bình" → "Hòa Bình"; other names unchanged.

    >>> modern_spelling("Hoà Bình"), modern_spelling("Thanh Hoá"), modern_spelling("Hoàng")
    ('Hòa Bình', 'Thanh Hóa', 'Hoàng')
    >>> modern_spelling("Ninh Thuận"), modern_spelling("quà"), modern_spelling("Thuỷ")
    ('Ninh Thuận', 'quà', 'Thủy')
    """
    decomposed = unicodedata.normalize("NFD", name)
    return unicodedata.normalize("NFC", _OLD_TONE.sub(r"\1\3\2", decomposed))


def fold_key(text: str) -> str:
    """The same key as ``khcn.model.province`` uses (kept in step by the tests)."""
    if str(ROOT / "src") not in sys.path:
        sys.path.insert(0, str(ROOT / "src"))
    from khcn.model.province import _key

    return _key(text)


def split_prefix(full: str) -> tuple[str, str]:
    """ "Tỉnh Hà Giang" → ("tinh", "Hà Giang"); "Thành phố Huế" → ("thanh_pho", "Huế")."""
    for prefix, kind in (("Thành phố ", "thanh_pho"), ("Tỉnh ", "tinh")):
        if full.startswith(prefix):
            return kind, full[len(prefix) :]
    raise SystemExit(f"unexpected provincial name {full!r}")


def read_old(where: Path | None) -> list[dict[str, Any]]:
    """The 63 units out of a vietnam-provinces 0.6.0 wheel or sdist."""
    if where is None:
        tmp = Path(tempfile.mkdtemp(prefix="vp06-"))
        subprocess.run(
            [
                *(sys.executable, "-m", "pip", "download", "--no-deps", "-q"),
                *(f"vietnam-provinces=={OLD_VERSION}", "-d", str(tmp)),
            ],
            check=True,
        )
        where = tmp
    if where.is_dir():
        found = sorted(where.glob(f"vietnam_provinces-{OLD_VERSION}*")) + sorted(
            where.glob(f"vietnam-provinces-{OLD_VERSION}*")
        )
        if not found:
            raise SystemExit(f"no vietnam-provinces {OLD_VERSION} wheel or sdist in {where}")
        where = found[0]
    if where.suffix == ".whl":
        with zipfile.ZipFile(where) as wheel:
            raw = wheel.read(NESTED)
    else:
        with tarfile.open(where) as sdist:
            member = next(m for m in sdist.getmembers() if m.name.endswith(NESTED))
            handle = sdist.extractfile(member)
            assert handle is not None
            raw = handle.read()
    return [
        {k: v for k, v in unit.items() if k not in ("districts", "wards")}
        for unit in json.loads(raw)
    ]


def read_new() -> tuple[list[dict[str, Any]], str, str]:
    """The 34 units out of the installed vietnam-provinces 2025.x."""
    import vietnam_provinces as vp

    if not vp.__version__.startswith("20"):
        raise SystemExit(f"need vietnam-provinces 2025.x installed, found {vp.__version__}")
    units = [
        {
            "name": p.name,
            "code": int(p.code.value),
            "codename": p.codename,
            "division_type": p.division_type.value,
        }
        for p in vp.Province.iter_all()
    ]
    return units, vp.__version__, vp.__data_version__


def dedup(items: Iterable[str]) -> list[str]:
    """Keep the first of each spelling (exact), in order."""
    seen: set[str] = set()
    out = []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


def build(old_where: Path | None) -> dict[str, Any]:
    """The provinces.json document."""
    aliases = json.loads(ALIASES.read_text(encoding="utf-8"))
    variants_by_slug: dict[str, list[str]] = {
        k: v for k, v in aliases["variants"].items() if not k.startswith("_")
    }
    new_raw, new_version, new_data = read_new()
    old_raw = read_old(old_where)
    if len(old_raw) != 63 or len(new_raw) != 34:
        raise SystemExit(f"expected 63 and 34 units, got {len(old_raw)} and {len(new_raw)}")

    merges: dict[str, list[str]] = aliases["merges"]
    successor: dict[str, str] = {}
    for new_code, old_codes in merges.items():
        if new_code not in old_codes:
            raise SystemExit(f"new unit {new_code} must reuse the code of an old unit it absorbs")
        for old_code in old_codes:
            if old_code in successor:
                raise SystemExit(f"old unit {old_code} merges twice")
            successor[old_code] = new_code

    units: list[dict[str, Any]] = []
    old_codes_seen = set()
    for raw in sorted(old_raw, key=lambda u: u["code"]):
        code = f"{raw['code']:02d}"
        old_codes_seen.add(code)
        kind, source_name = split_prefix(raw["name"])
        name = modern_spelling(source_name)
        slug = raw["codename"].removeprefix("tinh_").removeprefix("thanh_pho_")
        unit: dict[str, Any] = {
            "id": f"{PRE}:{code}",
            "code": code,
            "name": name,
            "type": kind,
            "slug": slug,
            "valid_from": None,
            "valid_to": PRE_VALID_TO,
            "successor": f"{NEW}:{successor[code]}",
            "source_name": raw["name"],
        }
        override = aliases["pre_2025_overrides"].get(code)
        if override:
            unit.update({k: v for k, v in override.items() if not k.startswith("_")})
        units.append(unit)
    if old_codes_seen != set(successor):
        raise SystemExit(f"merger map and old units differ: {old_codes_seen ^ set(successor)}")

    new_codes = set()
    for raw in sorted(new_raw, key=lambda u: u["code"]):
        code = f"{raw['code']:02d}"
        new_codes.add(code)
        kind = "thanh_pho" if raw["division_type"] == "thành phố trung ương" else "tinh"
        prefix_kind, name = (
            split_prefix(raw["name"])
            if raw["name"].startswith("Thành phố ")
            else (kind, raw["name"])
        )
        if prefix_kind != kind:
            raise SystemExit(f"type of {raw['name']!r} disagrees with its name")
        units.append(
            {
                "id": f"{NEW}:{code}",
                "code": code,
                "name": modern_spelling(name),
                "type": kind,
                "slug": raw["codename"],
                "valid_from": NEW_VALID_FROM,
                "valid_to": None,
                "successor": None,
                "source_name": raw["name"],
            }
        )
    if new_codes != set(merges):
        raise SystemExit(f"merger map and new units differ: {new_codes ^ set(merges)}")

    for unit in units:
        full = ("Thành phố " if unit["type"] == "thanh_pho" else "Tỉnh ") + unit["name"]
        names = [unit["name"], full, unit.pop("source_name")]
        for renamed in unit.get("renamed", ()):
            prefix = "Thành phố " if renamed["type"] == "thanh_pho" else "Tỉnh "
            names += [renamed["name"], prefix + renamed["name"]]
        names += variants_by_slug.get(unit["slug"], [])
        unit["variants"] = dedup(names)
    used = {slug for slug in variants_by_slug if any(u["slug"] == slug for u in units)}
    if used != set(variants_by_slug):
        raise SystemExit(f"variants for unknown slugs: {set(variants_by_slug) - used}")
    check_keys(units)

    finder = {k: v for k, v in aliases["finder"].items() if not k.startswith("_")}
    return {
        "_comment": (
            "Generated by scripts/build_provinces.py from vietnam-provinces and "
            "scripts/province_aliases.json; do not edit by hand. See SOURCES.md."
        ),
        "source": {
            "from_2025": f"vietnam-provinces {new_version} (data of {new_data})",
            "pre_2025": f"vietnam-provinces {OLD_VERSION} (data of 2025-01-04)",
            "mapping": aliases["mapping_source"],
            "variants": "scripts/province_aliases.json (domain.md §6.4)",
        },
        "eras": {
            PRE: {"valid_from": None, "valid_to": PRE_VALID_TO},
            NEW: {"valid_from": NEW_VALID_FROM, "valid_to": None},
        },
        "units": units,
        "finder": finder,
    }


def check_keys(units: list[dict[str, Any]]) -> None:
    """No spelling may name two units of the same era."""
    owner: dict[tuple[str, str], str] = {}
    for unit in units:
        era = unit["id"].split(":")[0]
        for spelling in [*unit["variants"], unit["slug"]]:
            key = (era, fold_key(spelling))
            if owner.setdefault(key, unit["id"]) != unit["id"]:
                raise SystemExit(f"{spelling!r} names both {owner[key]} and {unit['id']}")


def render(doc: dict[str, Any]) -> str:
    """Stable, reviewable JSON: one unit per line."""
    lines = ["{"]
    head = {k: v for k, v in doc.items() if k not in ("units", "finder")}
    for key, value in head.items():
        lines.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},")
    lines.append('  "units": [')
    rows = [f"    {json.dumps(u, ensure_ascii=False)}" for u in doc["units"]]
    lines.append(",\n".join(rows))
    lines.append("  ],")
    finder = json.dumps(doc["finder"], ensure_ascii=False, indent=2).replace("\n", "\n  ")
    lines.append(f'  "finder": {finder}')
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--old", type=Path, help="vietnam-provinces 0.6.0 wheel/sdist or its dir")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--check", action="store_true", help="fail if the output is stale")
    args = parser.parse_args(argv)
    text = render(build(args.old))
    json.loads(text)  # valid JSON, always
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is stale: run scripts/build_provinces.py", file=sys.stderr)
            return 1
        return 0
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output} ({len(text)} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
