"""Accessibility scans with axe-core for the browser tests.

axe-core comes from node_modules (package.json pins it). It is injected with
`page.evaluate`, which runs through the DevTools protocol and so is not blocked by
the pages' Content-Security-Policy (script-src 'self'): the pages are scanned
exactly as users get them, with no CSP bypass in the browser context.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from playwright.sync_api import Page

# The success criteria boso promises: WCAG 2.1 level A and AA.
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
BLOCKING_IMPACTS = frozenset({"serious", "critical"})
TARGETS_SHOWN = 3

Violation = dict[str, Any]


def axe_path() -> Path:
    return Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"


@cache
def axe_source() -> str:
    path = axe_path()
    if not path.is_file():
        raise FileNotFoundError(f"axe-core is missing at {path}; run `npm ci`")
    return path.read_text(encoding="utf-8")


def inject_axe(page: Page) -> None:
    """Load axe-core into the page unless it is there already."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())


def run_axe(page: Page) -> dict[str, Any]:
    """axe's full results for the page as it is now, limited to the WCAG tags above."""
    inject_axe(page)
    options = {"runOnly": {"type": "tag", "values": list(WCAG_TAGS)}}
    results: dict[str, Any] = page.evaluate("options => axe.run(document, options)", options)
    return results


def blocking(violations: Sequence[Violation]) -> list[Violation]:
    """The violations whose impact is serious or critical."""
    return [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]


def serious_axe_violations(page: Page) -> list[Violation]:
    return blocking(run_axe(page)["violations"])


def _targets(violation: Violation) -> str:
    nodes = violation.get("nodes", [])
    shown = [" ".join(map(str, node.get("target", []))) for node in nodes[:TARGETS_SHOWN]]
    more = f" (+{len(nodes) - TARGETS_SHOWN} more)" if len(nodes) > TARGETS_SHOWN else ""
    return "; ".join(shown) + more


def format_violations(violations: Sequence[Violation], *, where: str) -> str:
    lines = [f"{len(violations)} serious/critical axe violation(s) on {where}:"]
    lines += [f"  - [{v['impact']}] {v['id']}: {v['help']} → {_targets(v)}" for v in violations]
    return "\n".join(lines)


def assert_no_serious_axe_violations(page: Page) -> None:
    """Fail with every serious or critical WCAG 2.1 A/AA violation on the page."""
    violations = serious_axe_violations(page)
    assert not violations, format_violations(violations, where=page.url)
