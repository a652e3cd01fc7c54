"""Package data (word lists, patterns, thresholds, templates, fonts) via importlib.resources."""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

PACKAGE = "briefing"
# libyaml's safe loader is several times faster than the pure-Python one; same semantics.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def package_dir(name: str) -> Traversable:
    """A folder shipped inside the package: ``data``, ``templates`` or ``fonts``."""
    return resources.files(PACKAGE) / name


@functools.cache
def load_data(name: str) -> Any:
    """Load ``data/<name>`` once; ``name`` may hold ``/`` for subfolders.

    ``.yaml``/``.yml``/``.json`` files are parsed, ``.txt`` files give a list of lines.

    In ``.txt`` files, blank lines and lines starting with ``#`` are skipped.
    """
    path = package_dir("data")
    for part in name.split("/"):
        path = path / part
    raw = path.read_text(encoding="utf-8")
    if name.endswith((".yaml", ".yml")):
        return yaml.load(raw, Loader=_SafeLoader)  # noqa: S506 - a safe loader (libyaml's when built)
    if name.endswith(".json"):
        return json.loads(raw)
    return [line.strip() for line in raw.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def load_words(name: str) -> frozenset[str]:
    """A ``.txt`` word list as a frozen set."""
    return frozenset(load_data(name))
