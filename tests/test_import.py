"""``import khcn`` stays light: optional and heavy modules load only when asked for."""

from __future__ import annotations

import json
import subprocess
import sys


def _run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return done.stdout.strip()


def test_import_khcn_loads_no_optional_library() -> None:
    code = (
        "import khcn, sys; print(sorted(m for m in sys.modules "
        "if m.split('.')[0] in {'hypothesis','pandas','polars'}))"
    )
    assert _run(code) == "[]"


def test_cattrs_and_strategies_load_only_when_used() -> None:
    code = (
        "import json, sys, khcn\n"
        "before = sorted(m for m in sys.modules if m.split('.')[0] == 'cattrs'"
        " or m in ('khcn.serialize', 'khcn.strategies'))\n"
        "khcn.serialize.to_json\n"
        "after = 'cattrs' in sys.modules and 'khcn.serialize' in sys.modules\n"
        "print(json.dumps([before, after, 'hypothesis' in sys.modules]))"
    )
    before, after, hypothesis_loaded = json.loads(_run(code))
    assert before == []
    assert after is True
    assert hypothesis_loaded is False


def test_serialize_is_an_attribute_of_a_bare_import() -> None:
    code = (
        "import khcn\n"
        "fact = khcn.TaskCount(id='f1', stage=khcn.TaskStage.ACCEPTANCE, count=8)\n"
        "print(khcn.serialize.from_json(khcn.serialize.to_json(fact), khcn.TaskCount) == fact)"
    )
    assert _run(code) == "True"
