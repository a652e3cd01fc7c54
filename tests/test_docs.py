"""The README documents every command, every option of `make`, and every exit code."""

from __future__ import annotations

import re

import pytest
import typer.main

from briefing import cli
from briefing.errors import BriefingError
from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMAND = typer.main.get_command(cli.app)


def commands() -> list[str]:
    return sorted(COMMAND.commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", commands())
def test_docs_readme_shows_every_command(name: str) -> None:
    assert f"briefing {name}" in README
    assert COMMAND.commands[name].help  # type: ignore[attr-defined]


def make_options() -> list[str]:
    params = COMMAND.commands["make"].params  # type: ignore[attr-defined]
    return sorted({opt for p in params for opt in p.opts if opt.startswith("--") and opt != "--help"})


@pytest.mark.parametrize("option", make_options())
def test_docs_readme_lists_every_make_option(option: str) -> None:
    assert re.search(rf"`[^`]*{re.escape(option)}\b", README), option


def exit_codes() -> list[int]:
    found = {0, 2}
    stack: list[type[BaseException]] = [BriefingError]
    while stack:
        cls = stack.pop()
        found.add(int(getattr(cls, "exit_code", 1)))
        stack.extend(cls.__subclasses__())
    return sorted(found | {cli.EXIT_INTERNAL, cli.EXIT_INTERRUPTED})


@pytest.mark.parametrize("code", exit_codes())
def test_docs_readme_explains_every_exit_code(code: int) -> None:
    assert re.search(rf"^\| {code} \|", README, re.MULTILINE), f"exit code {code} missing from README"


def _parts() -> list[str]:
    """Every module and sub-package of ``briefing`` (sub-package modules as ``pkg/module``)."""
    src = ROOT / "src" / "briefing"
    out = []
    for path in sorted(src.rglob("*.py")):
        rel = path.relative_to(src)
        if path.name.startswith("_") or "data" in rel.parts:
            continue
        out.append("/".join(rel.with_suffix("").parts))
    return out


@pytest.mark.parametrize("part", _parts())
def test_docs_readme_layout_names_every_module(part: str) -> None:
    section = README.split("## How it is built", 1)[1].split("\n## ", 1)[0]
    package, _, module = part.rpartition("/")
    rows = [line for line in section.splitlines() if f"`{package}/" in line] if package else []
    assert f"`{part}`" in section or any(f"`{module}`" in row for row in rows), part
