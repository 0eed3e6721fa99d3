"""The project's import graph, read from the source with ``ast`` (nothing is imported).

Every ``import`` and ``from ... import`` counts: at module level, inside functions and
under ``if TYPE_CHECKING:``, because a circle that only runs late is still a
circle in the design. ``from a.b import c`` points at the module ``a.b.c`` when there
is one, else at ``a.b``. A package's ``__init__`` is a module like any other; importing
``a.b.c`` is not counted as importing ``a.b`` too (Python runs the package first, but
a package that imports its own modules would then always be a circle).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from pathlib import Path

Graph = dict[str, set[str]]


def modules(root: Path, packages: Iterable[str]) -> dict[str, Path]:
    """Dotted name -> file, for every module of the given top-level packages."""
    found: dict[str, Path] = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def imported_names(name: str, path: Path, known: dict[str, Path]) -> Iterator[str]:
    """Every dotted name the module imports, relative imports made absolute; for
    ``from x import y``, ``x.y`` where that is a module of ``known``, else ``x``."""
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                # ``from . import x`` in a.b.c means a.b; in the package a.b itself, a.b too
                anchor = name.split(".")
                drop = node.level - 1 if is_package else node.level
                anchor = anchor[:len(anchor) - drop] if drop else anchor
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                module = f"{base}.{alias.name}"
                yield module if module in known else base


def resolve(imported: str, known: dict[str, Path]) -> str | None:
    """The project module an imported name stands for: itself, or its longest known
    prefix; None for a name outside the project."""
    parts = imported.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in known:
            return candidate
        parts.pop()
    return None


def graph(root: Path, packages: Iterable[str]) -> Graph:
    """Module -> the project modules it imports (never itself)."""
    known = modules(root, packages)
    edges: Graph = {}
    for name, path in known.items():
        targets: set[str] = set()
        for imported in imported_names(name, path, known):
            target = resolve(imported, known)
            if target is not None and target != name:
                targets.add(target)
        edges[name] = targets
    return edges


def circles(edges: Graph) -> list[frozenset[str]]:
    """The strongly connected components with more than one module (Tarjan's
    algorithm, without recursion so that long chains cannot overflow the stack)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[frozenset[str]] = []
    for start in sorted(edges):
        if start in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(frozenset(component))
    return found


def unexpected(found: Iterable[frozenset[str]],
               allowed: Iterable[frozenset[str]]) -> tuple[list[str], list[str]]:
    """(circles that are not in the allowed list, allowed circles no longer there),
    each as "a <-> b <-> c" text, sorted."""
    found_set, allowed_set = set(found), set(allowed)

    def words(circle: frozenset[str]) -> str:
        return " <-> ".join(sorted(circle))

    return (sorted(words(c) for c in found_set - allowed_set),
            sorted(words(c) for c in allowed_set - found_set))


def reaching(raw: dict[str, set[str]], packages: Iterable[str],
             forbidden: Iterable[str]) -> list[str]:
    """"module -> name" for every import, in a module of ``packages``, of a name under
    one of the ``forbidden`` top-level names (project packages or libraries)."""
    tops = tuple(packages)
    banned = set(forbidden)
    return sorted(f"{module} -> {name}" for module, names in raw.items()
                  if module.split(".")[0] in tops for name in names
                  if name.split(".")[0] in banned)


def raw_imports(root: Path, packages: Iterable[str]) -> dict[str, set[str]]:
    """Module -> every dotted name it imports, inside the project or not."""
    known = modules(root, packages)
    return {name: set(imported_names(name, path, known)) for name, path in known.items()}
