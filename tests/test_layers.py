"""The layout holds: imports point down (no cycle, imports inside functions included), and only
the command line prints."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO

SRC = REPO / "src" / "briefkit"


def _modules() -> dict[str, Path]:
    mods = {}
    for path in SRC.rglob("*.py"):
        parts = path.relative_to(SRC.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        mods[name] = path
    return mods


def _imports(name: str, path: Path, mods: dict[str, Path]) -> set[str]:
    """Return the briefkit modules `name` imports anywhere in its file (not its own parents)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(up + ([base] if base else []))
            targets = [base] + [f"{base}.{a.name}" for a in node.names]
        else:
            continue
        for t in targets:
            while t and t not in mods:
                t = t.rpartition(".")[0]
            if t and t != name and not name.startswith(t + "."):
                out.add(t)
    return out


def test_no_module_imports_back_up_the_layers():
    mods = _modules()
    graph = {m: _imports(m, p, mods) for m, p in mods.items()}
    cycles, state = [], {}

    def visit(m: str, stack: list[str]) -> None:
        state[m] = "open"
        for n in sorted(graph[m]):
            if state.get(n) == "open":
                cycles.append(stack[stack.index(n):] + [n])
            elif n not in state:
                visit(n, stack + [n])
        state[m] = "done"

    for m in sorted(graph):
        if m not in state:
            visit(m, [m])
    assert cycles == []


def test_only_the_command_line_prints():
    printing = []
    for name, path in _modules().items():
        if name.startswith("briefkit.cli"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "print":
                printing.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert printing == []


def test_no_module_is_over_700_lines():
    long = {str(p.relative_to(REPO)): n for p in SRC.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 700}
    assert long == {}


# Each heavy library has one home: a renderer or the chart module, never a caller of them.
LIBRARY_HOMES = {"reportlab": ("briefkit.render.pdf",), "docx": ("briefkit.render.docx",),
                 "pptx": ("briefkit.render.pptx",), "matplotlib": ("briefkit.figures",)}


def _third_party(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            out.add(node.module.split(".")[0])
    return out


def test_each_heavy_library_is_imported_only_by_its_own_module_family():
    strays = []
    for name, path in _modules().items():
        for lib in _third_party(path) & set(LIBRARY_HOMES):
            if not any(name == home or name.startswith(home + ".") for home in LIBRARY_HOMES[lib]):
                strays.append(f"{name} imports {lib}")
    assert strays == []
