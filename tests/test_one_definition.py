"""One definition each: quotation marks, speech verbs, pronouns and tense auxiliaries live in the
language layer only (issue 15: "a grep shows one definition each").

- A set of quotation marks (a string, or a tuple/list/set/frozenset of strings, with three or more
  of „“”»«‚‘›‹) is defined in ``briefing/language/marks.py`` only; everyone else imports it.
- A word list keyed ``speech_verbs``, ``pronouns``, ``person_pronouns`` or ``past_aux…`` exists in
  ``data/language/`` only.
- A Python name for such a list (``SPEECH_VERBS``, ``_PRONOUNS``, ``_PAST_AUX``) is defined in
  ``briefing/language/`` only.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import yaml

_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, when built
_PACKAGE = Path(__file__).resolve().parents[1] / "src" / "briefing"
_DATA = _PACKAGE / "data"
_MARKS = frozenset("„“”»«‚‘›‹")
_MARKS_MODULE = _PACKAGE / "language" / "marks.py"
_LANGUAGE = _PACKAGE / "language"
_LANGUAGE_DATA = _DATA / "language"
_WORD_LIST_KEY = re.compile(r"speech_verbs|pronouns|person_pronouns|past_aux\w*")
_WORD_LIST_NAME = re.compile(r"_*[A-Z0-9_]*(SPEECH_VERBS?|PRONOUNS?|PAST_AUX)[A-Z0-9_]*")

Offence = tuple[str, str, str]  # (file under src/briefing, what is defined, where: the text or the name)


def _is_mark_set(text: str) -> bool:
    return len(_MARKS & set(text)) >= 3


def _strings(node: ast.AST) -> list[str] | None:
    """The strings of a literal string or a literal collection of strings; None for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in {"frozenset", "set", "tuple"}
    ):
        return _strings(node.args[0]) if len(node.args) == 1 else None
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        out: list[str] = []
        for elt in node.elts:
            found = _strings(elt)
            if found is None:
                return None
            out.extend(found)
        return out
    return None


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the docstring constants (they show marks in examples; they define nothing)."""
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                out.add(id(body[0].value))
    return out


def _short(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:60] + "…")


def _python_offences(path: Path) -> list[Offence]:
    rel = path.relative_to(_PACKAGE).as_posix()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = _docstrings(tree)
    out: list[Offence] = []
    seen: set[int] = set()
    for node in ast.walk(tree):
        if id(node) in docs or id(node) in seen:
            continue
        strings = _strings(node)
        if strings is not None and path != _MARKS_MODULE and _is_mark_set("".join(strings)):
            out.append((rel, "quotation marks", _short("".join(strings))))
            seen.update(id(n) for n in ast.walk(node))
        if _LANGUAGE in path.parents:
            continue
        names: list[str] = []
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [t.id for t in targets if isinstance(t, ast.Name)]
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names = [node.name]
        out.extend((rel, f"name {n}", n) for n in names if _WORD_LIST_NAME.fullmatch(n))
    return out


def _yaml_offences(path: Path) -> list[Offence]:
    rel = path.relative_to(_PACKAGE).as_posix()
    out: list[Offence] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if (
                    isinstance(key, str)
                    and _WORD_LIST_KEY.fullmatch(key)
                    and _LANGUAGE_DATA not in path.parents
                ):
                    out.append((rel, f"key {key}", key))
                walk(item)
        elif isinstance(value, list):
            if all(isinstance(v, str) for v in value) and _is_mark_set("".join(value)):
                out.append((rel, "quotation marks", _short("".join(value))))
                return
            for item in value:
                walk(item)
        elif isinstance(value, str) and _is_mark_set(value):
            out.append((rel, "quotation marks", _short(value)))

    walk(yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER))  # noqa: S506 - a safe loader
    return out


def _offences() -> list[Offence]:
    found: list[Offence] = []
    for path in sorted(_PACKAGE.rglob("*.py")):
        found.extend(_python_offences(path))
    for path in sorted(_DATA.rglob("*.yaml")):
        found.extend(_yaml_offences(path))
    return found


def test_one_definition_of_marks_speech_verbs_pronouns_and_tense() -> None:
    offences = [f"{rel}: {what} {where}" for rel, what, where in _offences()]
    assert offences == [], "defined outside the language layer:\n" + "\n".join(offences)


def test_the_scan_finds_a_copy() -> None:
    tree = ast.parse('_SPEECH_VERBS = ("sagte",)\nQ = frozenset("„“”")\n')
    strings = [s for node in ast.walk(tree) if (s := _strings(node)) is not None]
    assert any(_is_mark_set("".join(s)) for s in strings)
    names = [
        t.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        for t in node.targets
        if isinstance(t, ast.Name)
    ]
    assert [n for n in names if _WORD_LIST_NAME.fullmatch(n)] == ["_SPEECH_VERBS"]
