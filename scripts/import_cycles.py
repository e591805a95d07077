"""Fails when the project's Python modules import each other in a circle, or when an import points the wrong way
between its layers: councils at the bottom imports neither app, and each app imports only the other's models (an
action that points at an EIA is a foreign key, nothing more).

Every import counts, at the top of a module or inside a function: an import moved into a function still makes the
two modules depend on each other, it only hides the circle from Python until the function runs.

Standard library only, so that it runs before anything is installed: `python scripts/import_cycles.py`.
"""

import ast
import sys
from collections import deque
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("councils", "assessments", "actionplans", "eqa_site", "benchmarks")
APPS = ("assessments", "actionplans")


def project_modules():
    """{dotted name: file} of every module in the project's packages."""
    modules = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


def imports_of(name, path, modules):
    """(module imported, line) for each import of a project module in the file, wherever in it the import is."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package[: len(package) - node.level + 1], *filter(None, [base])])
            # `from package import name`: the name is a module of the package, or something the package defines.
            targets = [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                yield target, node.lineno


def groups_importing_each_other(graph):
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def connect(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10 * len(graph)))
    for node in sorted(graph):
        if node not in index:
            connect(node)
    return groups


def shortest_circle(graph, group, start):
    """The fewest imports that lead from `start` back to it inside the group (breadth first)."""
    came_from, queue = {start: None}, deque([start])
    while queue:
        node = queue.popleft()
        for target in sorted(graph[node] & group):
            if target == start:
                path = [node]
                while came_from[path[-1]] is not None:
                    path.append(came_from[path[-1]])
                return [*reversed(path), start]
            if target not in came_from:
                came_from[target] = node
                queue.append(target)
    raise AssertionError(f"{start} is in a group of modules importing each other, so it has a circle")


def cycles(graph):
    """Each circle of imports once: the shortest through each module of each group that imports each other."""
    seen = set()
    for group in groups_importing_each_other(graph):
        for start in sorted(group):
            circle = shortest_circle(graph, group, start)
            if frozenset(zip(circle, circle[1:], strict=False)) not in seen:
                seen.add(frozenset(zip(circle, circle[1:], strict=False)))
                yield circle


def layer_breach(source, target):
    """Why `source` may not import `target`, or None when it may."""
    top, other = source.partition(".")[0], target.partition(".")[0]
    if top == "councils" and other in APPS:
        return "councils is the ground both apps stand on: it imports neither of them"
    if top in APPS and other in APPS and top != other and target.split(".")[:2] != [other, "models"]:
        return f"{top} imports only the models of {other} (a foreign key), nothing else of it"
    return None


def main():
    modules = project_modules()
    graph, lines, problems = {}, {}, []
    for name, path in modules.items():
        graph[name] = set()
        for target, line in imports_of(name, path, modules):
            graph[name].add(target)
            lines.setdefault((name, target), line)
            breach = layer_breach(name, target)
            if breach:
                problems.append(f"{path.relative_to(ROOT)}:{line}: imports {target}: {breach}")
    for circle in cycles(graph):
        steps = [f"{a} (line {lines[a, b]})" for a, b in zip(circle, circle[1:], strict=False)]
        problems.append("import cycle: " + " -> ".join([*steps, circle[-1]]))
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
