#!/usr/bin/env python3
"""Fails on unscoped queries of tenant data in views and selectors.

Tenant data is reached through the partnership (`access.partnership.bodies.filter(...)`),
never through a model's manager. This check parses (never imports) every `views*.py`,
`views/*.py` and `selectors*.py` under joinedup/ and reports, as file:line and rule:

- `<Model>.objects`, `<Model>._default_manager` or `<Model>._base_manager`, and
- `get_object_or_404(<Model>, ...)` / `get_list_or_404(<Model>, ...)`,

for any model not in GLOBAL_MODELS for that file. One exception: `core` sits below the
partnerships room and keeps the tenant as a plain `partnership_id`, so in joinedup/core/ a
query whose first call is `.filter(partnership_id=...)` or `.get(partnership_id=...)` is
scoped. And a manager used as the queryset of a `Prefetch(...)` is scoped by the objects
it is prefetched for. Global models are reference data
shared by every partnership, or records that are scoped some other way (by the signed-in
user); each entry says why. Adding an entry is a reviewed decision, not a way around
the rule.

Usage: scripts/check_scoping.py [ROOT]   (ROOT defaults to joinedup/ beside this script)
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

MANAGER_ATTRS = {"objects", "_default_manager", "_base_manager"}
SHORTCUTS = {"get_object_or_404", "get_list_or_404"}

# model name -> (files it may be queried from, relative to the repository root; why)
GLOBAL_MODELS: dict[str, tuple[tuple[str, ...], str]] = {
    "Area": (("*",), "shared reference geography, read-only to partnerships"),
    "Partnership": (
        ("joinedup/partnerships/selectors.py",),
        "the tenant itself: listed by the signed-in user's own roles",
    ),
    "User": (("joinedup/accounts/*",), "global sign-in accounts, in the accounts room only"),
    "Job": (("joinedup/core/views.py",), "scoped to the user who started it (created_by)"),
    "SignedLink": (("joinedup/core/views.py",), "found by the hash of the token its holder presents"),
    "OutboxMessage": (("joinedup/core/views.py",), "the demo outbox, shown only in demo mode"),
    # --- performance: library ---
    "Indicator": (
        ("joinedup/performance/selectors.py",),
        "shared indicators (partnership null) are reference data; every query is narrowed to "
        "shared or the partnership's own (visible_indicators)",
    ),
    "Observation": (
        ("joinedup/performance/selectors.py",),
        "shared values (partnership null) are reference data; every query is narrowed to one "
        "visible indicator and to shared or the partnership's own values (visible_observations)",
    ),
    "ComparatorGroup": (
        ("joinedup/performance/selectors.py",),
        "shared comparator groups (partnership null) are reference data; every query is narrowed "
        "to shared or the partnership's own (visible_groups)",
    ),
    # --- end performance: library ---
    # --- assessment: frameworks ---
    "Framework": (
        ("joinedup/assessment/selectors_frameworks.py",),
        "shipped frameworks (partnership null) are reference data; every query is narrowed to "
        "shipped or the partnership's own",
    ),
    "FrameworkVersion": (
        ("joinedup/assessment/selectors_frameworks.py",),
        "versions of shipped frameworks are reference data; every query is narrowed to shipped or "
        "the partnership's own frameworks (visible_versions), or runs inside a Prefetch of them",
    ),
    "Question": (
        ("joinedup/assessment/selectors_frameworks.py", "joinedup/assessment/selectors_evidence.py"),
        "every query is narrowed to one version already found through visible_versions, or (evidence: "
        "shipped_questions) to the shipped framework's published versions (framework partnership null)",
    ),
    # --- end assessment: frameworks ---
}


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def _model_name(node: ast.expr) -> str | None:
    """`Body` for `Body` or `models.Body`; None for anything that is not a class-like name."""
    if isinstance(node, ast.Name):
        name = node.id
    elif isinstance(node, ast.Attribute):
        name = node.attr
    else:
        return None
    return name if name[:1].isupper() else None


def _allowed(model: str, relpath: str) -> bool:
    entry = GLOBAL_MODELS.get(model)
    return entry is not None and any(fnmatch(relpath, pattern) for pattern in entry[0])


def _scoped_by_partnership_id(tree: ast.AST) -> set[int]:
    """Managers (by node id) directly filtered by `partnership_id=`: core's way of scoping."""
    scoped = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"filter", "get"}
            and isinstance(node.func.value, ast.Attribute)
            and node.func.value.attr in MANAGER_ATTRS
            and any(keyword.arg == "partnership_id" for keyword in node.keywords)
        ):
            scoped.add(id(node.func.value))
    return scoped


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""


def _inside_prefetch(tree: ast.AST) -> set[int]:
    """Managers (by node id) inside the queryset of a Prefetch: they only narrow rows that
    are fetched for already scoped parent objects."""
    inside = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _call_name(node) == "Prefetch":
            querysets = [k.value for k in node.keywords if k.arg == "queryset"] + node.args[1:2]
            for queryset in querysets:
                inside.update(
                    id(n)
                    for n in ast.walk(queryset)
                    if isinstance(n, ast.Attribute) and n.attr in MANAGER_ATTRS
                )
    return inside


def check_source(source: str, relpath: str) -> list[Finding]:
    findings = []
    tree = ast.parse(source, filename=relpath)
    scoped = _scoped_by_partnership_id(tree) if relpath.startswith("joinedup/core/") else set()
    scoped |= _inside_prefetch(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in MANAGER_ATTRS and id(node) not in scoped:
            model = _model_name(node.value)
            if model and not _allowed(model, relpath):
                findings.append(
                    Finding(
                        relpath,
                        node.lineno,
                        f"unscoped `{model}.{node.attr}`: reach tenant data through the partnership "
                        f"(access.partnership...), or add {model} to GLOBAL_MODELS in "
                        "scripts/check_scoping.py with the reason it is global",
                    )
                )
        elif isinstance(node, ast.Call):
            name = _call_name(node)
            if name in SHORTCUTS and node.args:
                model = _model_name(node.args[0])
                if model and not _allowed(model, relpath):
                    findings.append(
                        Finding(
                            relpath,
                            node.lineno,
                            f"unscoped `{name}({model}, ...)`: pass a queryset reached through the "
                            f"partnership, e.g. {name}(access.partnership.<related>, pk=...)",
                        )
                    )
    return sorted(findings, key=lambda f: f.line)


def files_to_check(root: Path) -> list[Path]:
    found: set[Path] = set()
    for pattern in ("views*.py", "selectors*.py", "views/*.py", "selectors/*.py"):
        found.update(p for p in root.rglob(pattern) if "migrations" not in p.parts and "tests" not in p.parts)
    return sorted(found)


def check_tree(root: Path, base: Path) -> list[Finding]:
    findings = []
    for path in files_to_check(root):
        relpath = path.relative_to(base).as_posix()
        findings.extend(check_source(path.read_text(encoding="utf-8"), relpath))
    return findings


def main(argv: list[str]) -> int:
    base = Path(__file__).resolve().parent.parent
    root = Path(argv[1]).resolve() if len(argv) > 1 else base / "joinedup"
    findings = check_tree(root, base if root.is_relative_to(base) else root)
    for finding in findings:
        print(finding)
    checked = len(files_to_check(root))
    if findings:
        print(f"\n{len(findings)} unscoped quer{'y' if len(findings) == 1 else 'ies'} in {checked} files.")
        return 1
    print(f"Scoping check passed: {checked} view and selector files, no unscoped tenant queries.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
