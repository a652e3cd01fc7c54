"""Typed settings: word lists, weights and thresholds from ``data/`` as frozen dataclasses.

Every tunable number or word list of the analysis lives in a YAML file under ``data/``; a stage
declares what it expects as a frozen dataclass and loads it with :func:`load`::

    @dataclass(frozen=True, slots=True)
    class Weights:
        mentions: float
        title: float

    @dataclass(frozen=True, slots=True)
    class SalienceSettings:
        weights: Weights
        stop_words: frozenset[str]

    SETTINGS = settings.register(SalienceSettings, "entities/salience.yaml")
    ...
    cfg = SETTINGS()  # loaded and checked once per process

The file must have exactly the dataclass's fields: an unknown key (a typo, a left-over) or a
missing one raises :class:`SettingsError` naming the file and the key, and so does a value of the
wrong type. Lists become tuples or frozensets as the field says; ``str`` members keep their case
unless the field is declared with :func:`fold` (case-folded) or :func:`lower` (lower-cased).
:func:`registered` lists every registered settings file, so one test loads them all.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from typing import Any, TypeVar, get_args, get_origin, get_type_hints

from briefing.resources import load_data

if typing.TYPE_CHECKING:
    from collections.abc import Callable

T = TypeVar("T")

_REGISTRY: dict[str, Callable[[], Any]] = {}


class SettingsError(ValueError):
    """A data file does not match the settings it is loaded into (a bug in the package data)."""


def fold(**kwargs: Any) -> Any:
    """A required field whose ``str`` members are case-folded (``"Straße"`` -> ``"strasse"``)."""
    return dataclasses.field(metadata={"case": "fold"}, **kwargs)


def lower(**kwargs: Any) -> Any:
    """A required field whose ``str`` members are lower-cased (``"Straße"`` -> ``"straße"``)."""
    return dataclasses.field(metadata={"case": "lower"}, **kwargs)


def _case(word: str, case: str) -> str:
    return word.casefold() if case == "fold" else word.lower()


def _convert(value: Any, hint: Any, where: str, case: str | None) -> Any:
    """``value`` from the YAML file as the type ``hint`` says (``where`` names it in errors)."""
    origin = get_origin(hint)
    if hint is Any:
        return value
    if origin in (typing.Union, types.UnionType):
        return _convert_union(value, get_args(hint), where, case)
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return _build(hint, value, where)
    if origin in (tuple, frozenset, list):
        return _convert_list(value, hint, where, case)
    if origin is dict:
        return _convert_mapping(value, hint, where, case)
    return _convert_scalar(value, hint, where)


def _convert_union(value: Any, options: tuple[Any, ...], where: str, case: str | None) -> Any:
    """The first of ``options`` that ``value`` converts to (None for a null when one is None)."""
    if value is None and type(None) in options:
        return None
    errors = []
    for option in options:
        if option is type(None):
            continue
        try:
            return _convert(value, option, where, case)
        except SettingsError as exc:
            errors.append(str(exc))
    raise SettingsError(errors[0] if errors else f"{where}: unexpected null")


def _convert_list(value: Any, hint: Any, where: str, case: str | None) -> Any:
    """A YAML list as the tuple or frozenset ``hint`` says, its strings in ``case``."""
    if not isinstance(value, list):
        raise SettingsError(f"{where}: expected a list, got {type(value).__name__}")
    args = get_args(hint)
    member = args[0] if args else Any
    items = [_convert(v, member, f"{where}[{i}]", case) for i, v in enumerate(value)]
    if case is not None:
        items = [_case(v, case) if isinstance(v, str) else v for v in items]
    return frozenset(items) if get_origin(hint) is frozenset else tuple(items)


def _convert_mapping(value: Any, hint: Any, where: str, case: str | None) -> dict[Any, Any]:
    """A YAML mapping as the dict ``hint`` says (its keys keep their case)."""
    if not isinstance(value, dict):
        raise SettingsError(f"{where}: expected a mapping, got {type(value).__name__}")
    key_type, value_type = get_args(hint)
    return {
        _convert(k, key_type, where, case=None): _convert(v, value_type, f"{where}.{k}", case)
        for k, v in value.items()
    }


def _convert_scalar(value: Any, hint: Any, where: str) -> Any:
    """A YAML number, boolean or string as ``float``, ``int``, ``bool`` or ``str``."""
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise SettingsError(f"{where}: expected a number, got {value!r}")
        return float(value)
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise SettingsError(f"{where}: expected a whole number, got {value!r}")
        return value
    if hint is bool:
        if not isinstance(value, bool):
            raise SettingsError(f"{where}: expected true or false, got {value!r}")
        return value
    if hint is str:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise SettingsError(f"{where}: expected a string, got {value!r}")
        return str(value)
    raise SettingsError(f"{where}: unsupported settings type {hint!r}")


def _build(cls: type[T], data: Any, where: str) -> T:
    if not isinstance(data, dict):
        raise SettingsError(f"{where}: expected a mapping, got {type(data).__name__}")
    fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    hints = get_type_hints(cls)
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise SettingsError(f"{where}: unknown key {unknown[0]!r} (expected one of {', '.join(fields)})")
    values: dict[str, Any] = {}
    for name, f in fields.items():
        if name not in data:
            if f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING:
                continue
            raise SettingsError(f"{where}: missing key {name!r}")
        values[name] = _convert(
            data[name],
            hints[name],
            f"{where}.{name}",
            f.metadata.get("case") or ("fold" if f.metadata.get("fold") else None),
        )
    return cls(**values)


def load(cls: type[T], *names: str, key: str | None = None) -> T:
    """Load ``data/<name>`` (several files are merged, later keys must not repeat) into ``cls``.

    ``key`` selects one top-level section of a single file (``render.yaml`` holds several).
    """
    merged: dict[str, Any] = {}
    for name in names:
        data = load_data(name)
        if key is not None:
            data = data[key]
        if not isinstance(data, dict):
            raise SettingsError(f"{name}: expected a mapping at the top")
        twice = sorted(set(merged) & set(data))
        if twice:
            raise SettingsError(f"{name}: key {twice[0]!r} is already set in another file of {cls.__name__}")
        merged.update(data)
    return _build(cls, merged, "+".join(names) + (f":{key}" if key else ""))


def register(cls: type[T], *names: str, key: str | None = None) -> Callable[[], T]:
    """A loader of ``cls`` from ``names`` that reads and checks the files once per process."""

    @functools.cache
    def loader() -> T:
        return load(cls, *names, key=key)

    _REGISTRY["+".join(names) + (f":{key}" if key else "") + f" -> {cls.__name__}"] = loader
    return loader


def registered() -> dict[str, Callable[[], Any]]:
    """Every registered settings loader by ``files -> class`` (import the stages first)."""
    return dict(_REGISTRY)
