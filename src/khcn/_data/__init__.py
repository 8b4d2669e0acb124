"""Data tables shipped with khcn (vocabularies, provinces), loaded lazily and once.

Each file says where its content comes from in ``SOURCES.md`` beside it.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from khcn.errors import DataError

__all__ = ["load_json"]


@cache
def load_json(name: str) -> Any:
    """Load ``khcn/_data/<name>`` as JSON, once per process.

    >>> from khcn._data import load_json
    >>> "Qualifier" in load_json("vocabulary.json")
    True
    """
    try:
        raw = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
        return json.loads(raw)
    except (OSError, ValueError) as err:
        raise DataError(f"khcn data file {name!r} is missing or broken: {err}") from err
