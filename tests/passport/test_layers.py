"""The project stands in layers, and no import runs back up (docs/architecture.md).

    badges.openbadges (the standard)   imports nothing of ours
    passport kernel (web, env, privacy, accounts)   imports no app
    badges                             the standard and the kernel
    pages, sharing                     badges and the kernel; each other only through
                                       pages.public and sharing.public, which import
                                       nothing of the other
    passport (urls, settings, views)   anything

Imports under ``if TYPE_CHECKING:`` are for type hints only and are not counted.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("badges", "pages", "sharing", "passport")
KERNEL = ("passport.web", "passport.env", "passport.privacy", "passport.accounts")


def _modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            yield module.removesuffix(".__init__"), path


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    hints = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for child in block.body
        for node in ast.walk(child)
    }
    found = set()
    for node in ast.walk(tree):
        if id(node) in hints:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return {name for name in found if name.split(".")[0] in APPS}


def _within(name: str, prefixes) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _allowed(module: str) -> tuple[str, ...] | None:
    """The packages ``module`` may import from; None for the top, which may import all."""
    if _within(module, ["badges.openbadges"]):
        return ("badges.openbadges",)
    if _within(module, KERNEL):
        return KERNEL
    if _within(module, ["pages.public"]):
        return ("pages", "badges", *KERNEL)
    if _within(module, ["sharing.public"]):
        return ("sharing", "badges", *KERNEL)
    if _within(module, ["badges"]):
        return ("badges", *KERNEL)
    if _within(module, ["pages"]):
        return ("pages", "badges", "sharing.public", *KERNEL)
    if _within(module, ["sharing"]):
        return ("sharing", "badges", "pages.public", *KERNEL)
    return None


def test_no_import_runs_back_up():
    wrong = {}
    for module, path in _modules():
        allowed = _allowed(module)
        if allowed is not None:
            above = sorted(name for name in _imports(path) if not _within(name, allowed))
            if above:
                wrong[module] = above
    assert not wrong, f"imports above their layer: {wrong}"


def test_the_layer_rules_catch_an_upward_import(tmp_path):
    # The rules themselves must be able to fail: badges importing pages is refused.
    path = tmp_path / "upward.py"
    path.write_text("from pages.models import Page\nfrom badges.models import Badge\n")

    allowed = _allowed("badges.upward")

    assert [name for name in _imports(path) if not _within(name, allowed)] == ["pages.models.Page"]
