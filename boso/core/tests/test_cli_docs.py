"""docs/cli.md shows the exact `--help` of every management command boso defines.

Each command has a section headed `## <command>` with hand-written prose and a
fenced block that starts with `usage: manage.py <command>`. The test compares that
block with the help the command prints (COLUMNS fixed at 100, so argparse wraps the
same way everywhere). To rewrite the blocks after changing a command, run

    BOSO_UPDATE_DOCS=1 python -m pytest -q boso/core/tests/test_cli_docs.py

which replaces only the help blocks, adds a section for a new command and drops the
section of a command that no longer exists; the prose around the blocks is kept.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import find_commands, load_command_class

CLI_MD = Path(settings.BASE_DIR) / "docs" / "cli.md"
UPDATE = os.environ.get("BOSO_UPDATE_DOCS") == "1"
FENCE = "```"
COMMAND_HEADING = re.compile(r"^## `?([a-z][a-z0-9_]*)`?\s*$")


def _boso_commands() -> dict[str, str]:
    """Command name → the boso app that defines it, found on disk, not listed by hand."""
    found: dict[str, str] = {}
    for config in apps.get_app_configs():
        if config.name.startswith("boso."):
            for name in find_commands(str(Path(config.path) / "management")):
                found[name] = config.name
    return dict(sorted(found.items()))


COMMANDS = _boso_commands()


@pytest.fixture
def stable_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """argparse wraps at the terminal width (read from COLUMNS) and may colour its output."""
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FORCE_COLOR", raising=False)


def _help(name: str) -> str:
    command = load_command_class(COMMANDS[name], name)
    return command.create_parser("manage.py", name).format_help().rstrip("\n") + "\n"


def _sections(lines: list[str]) -> dict[str, tuple[int, int]]:
    """`## <command>` heading → (heading line, end line) of its section; fences are skipped."""
    heads: list[tuple[int, str]] = []
    in_fence = False
    for i, line in enumerate(lines):
        if line.startswith(FENCE):
            in_fence = not in_fence
        elif not in_fence and line.startswith(("# ", "## ")):
            match = COMMAND_HEADING.match(line)
            heads.append((i, match.group(1) if match else ""))
    ends = [i for i, _ in heads[1:]] + [len(lines)]
    return {name: (start, end) for (start, name), end in zip(heads, ends, strict=True) if name}


def _help_block(lines: list[str], name: str, start: int, end: int) -> tuple[int, int] | None:
    """(opening fence, closing fence) of the block in a section that holds the command's help."""
    usage = f"usage: manage.py {name}"
    for i in range(start, end - 1):
        if lines[i].startswith(FENCE) and lines[i + 1].startswith(usage):
            for j in range(i + 1, end):
                if lines[j].startswith(FENCE):
                    return i, j
            return None
    return None


def _documented(name: str) -> str | None:
    lines = CLI_MD.read_text(encoding="utf-8").splitlines()
    section = _sections(lines).get(name)
    block = section and _help_block(lines, name, *section)
    if not block:
        return None
    return "\n".join(lines[block[0] + 1 : block[1]]) + "\n"


def _write_help(name: str, help_text: str) -> None:
    text = CLI_MD.read_text(encoding="utf-8") if CLI_MD.exists() else "# Command line\n"
    lines = text.splitlines()
    block_lines = [f"{FENCE}text", *help_text.rstrip("\n").splitlines(), FENCE]
    section = _sections(lines).get(name)
    if section is None:
        description = load_command_class(COMMANDS[name], name).help
        while lines and not lines[-1].strip():
            lines.pop()
        lines += ["", f"## {name}", "", description, "", *block_lines]
    elif (block := _help_block(lines, name, *section)) is not None:
        lines[block[0] : block[1] + 1] = block_lines
    else:
        end = section[1]
        while end > section[0] + 1 and not lines[end - 1].strip():
            end -= 1
        lines[end:end] = ["", *block_lines]
    CLI_MD.parent.mkdir(parents=True, exist_ok=True)
    CLI_MD.write_text("\n".join(lines).rstrip("\n") + "\n", encoding="utf-8")


def test_boso_defines_commands() -> None:
    assert COMMANDS, "no management commands found in boso's apps"


@pytest.mark.usefixtures("stable_terminal")
@pytest.mark.parametrize("name", list(COMMANDS))
def test_cli_doc_shows_the_exact_help(name: str) -> None:
    actual = _help(name)
    documented = _documented(name) if CLI_MD.exists() else None
    if documented == actual:
        return
    if UPDATE:
        _write_help(name, actual)
        assert _documented(name) == actual
        return
    if documented is None:
        pytest.fail(
            f"docs/cli.md has no '## {name}' section with a fenced block starting "
            f"'usage: manage.py {name}'. Run BOSO_UPDATE_DOCS=1 python -m pytest -q "
            f"{Path(__file__).relative_to(settings.BASE_DIR)} to add it."
        )
    diff = "\n".join(
        difflib.unified_diff(
            documented.splitlines(),
            actual.splitlines(),
            "docs/cli.md",
            f"manage.py {name} --help",
            lineterm="",
        )
    )
    pytest.fail(
        f"The help of '{name}' in docs/cli.md is out of date. Run BOSO_UPDATE_DOCS=1 "
        f"python -m pytest -q {Path(__file__).relative_to(settings.BASE_DIR)} to rewrite "
        f"it, then review the prose around it.\n{diff}"
    )


def test_cli_doc_has_no_section_for_a_missing_command() -> None:
    if not CLI_MD.exists():
        pytest.fail("docs/cli.md is missing")
    lines = CLI_MD.read_text(encoding="utf-8").splitlines()
    stale = {name: span for name, span in _sections(lines).items() if name not in COMMANDS}
    if stale and UPDATE:
        for start, end in sorted(stale.values(), reverse=True):
            del lines[start:end]
        CLI_MD.write_text("\n".join(lines).rstrip("\n") + "\n", encoding="utf-8")
        return
    assert not stale, (
        f"docs/cli.md documents commands boso no longer defines: {sorted(stale)}; "
        "remove their sections (or run with BOSO_UPDATE_DOCS=1)"
    )
