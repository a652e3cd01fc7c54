"""Typed settings: data files load into frozen dataclasses; unknown, missing or mistyped keys fail."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil

import pytest

import briefing
from briefing import settings


@dataclasses.dataclass(frozen=True, slots=True)
class _Inner:
    weight: float
    words: frozenset[str] = settings.fold()


@dataclasses.dataclass(frozen=True, slots=True)
class _Outer:
    inner: _Inner
    limit: int
    names: tuple[str, ...]
    optional: str | None = None


def _build(data: object) -> _Outer:
    return settings._build(_Outer, data, "test.yaml")


def test_settings_convert_nested_values() -> None:
    out = _build({"inner": {"weight": 1, "words": ["Er", "sie"]}, "limit": 3, "names": ["a", "b"]})
    assert out == _Outer(_Inner(1.0, frozenset({"er", "sie"})), 3, ("a", "b"))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"inner": {"weight": 1, "words": []}, "limit": 3, "names": [], "limt": 4}, "unknown key 'limt'"),
        ({"inner": {"weight": 1, "words": []}, "names": []}, "missing key 'limit'"),
        ({"inner": {"weight": "x", "words": []}, "limit": 3, "names": []}, "test.yaml.inner.weight"),
        ({"inner": {"weight": 1, "words": []}, "limit": 2.5, "names": []}, "expected a whole number"),
        ({"inner": {"weight": 1, "words": "er"}, "limit": 2, "names": []}, "expected a list"),
    ],
)
def test_settings_refuse_unknown_missing_and_mistyped_keys(data: object, message: str) -> None:
    with pytest.raises(settings.SettingsError, match=message):
        _build(data)


def test_every_registered_settings_file_matches_its_class() -> None:
    for info in pkgutil.walk_packages(briefing.__path__, "briefing."):
        if not info.name.endswith("__main__"):
            importlib.import_module(info.name)
    loaders = settings.registered()
    files = {f for name in loaders for f in name.split(" -> ")[0].split(":")[0].split("+")}
    # the weights the analysis is tuned by are all typed settings
    assert {"entities/salience.yaml", "quotes/thresholds.yaml", "summary/summary.yaml"} <= files
    for name, loader in loaders.items():
        assert loader() is not None, name
