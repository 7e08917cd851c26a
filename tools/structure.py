"""Print the figures of the code's structure: import cycles, imports between apps, function-local
imports and files per app.

    .venv/bin/python tools/structure.py            # the summary
    .venv/bin/python tools/structure.py --pairs    # every import between two apps

The layer order is read from `.importlinter` (the contract named "layers"), so the "upward" count
here and `lint-imports` agree on what is up.
"""

import argparse
import ast
import configparser
import sys
from collections import Counter
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
PACKAGE = "leerplatform"


def app_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def layer_order() -> list[list[str]]:
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    for section in config.sections():
        if config[section].get("type") == "layers":
            rows = [r.strip() for r in config[section]["layers"].splitlines() if r.strip()]
            return [
                [n.strip().split(".")[-1] for n in r.replace(":", "|").split("|")] for r in rows
            ]
    return []


def cycles(graph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    counter = 0
    for start in sorted(graph.modules):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.find_modules_directly_imported_by(start))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append(
                        (child, iter(sorted(graph.find_modules_directly_imported_by(child))))
                    )
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


def local_imports() -> Counter:
    counts: Counter = Counter()
    for path in (SRC / PACKAGE).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(), str(path))
        for func in ast.walk(tree):
            if isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                for node in ast.walk(func):
                    if isinstance(node, ast.Import | ast.ImportFrom):
                        counts[str(path.relative_to(SRC))] += 1
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", action="store_true", help="list every import between apps")
    args = parser.parse_args()
    sys.path.insert(0, str(SRC))
    graph = grimp.build_graph(PACKAGE, cache_dir=None)
    modules = {m for m in graph.modules if ".migrations" not in m}
    for m in set(graph.modules) - modules:
        graph.remove_module(m)

    found = cycles(graph)
    print(f"modules: {len(modules)}")
    print(f"import cycles (groups of modules importing each other): {len(found)}")
    for component in found:
        print("  " + " <-> ".join(component))

    rank = {}
    for level, names in enumerate(reversed(layer_order())):
        for name in names:
            rank[name] = level
    between: Counter = Counter()
    upward = []
    for importer in sorted(modules):
        for imported in graph.find_modules_directly_imported_by(importer):
            a, b = app_of(importer), app_of(imported)
            if a == b:
                continue
            between[(a, b)] += 1
            if a in rank and b in rank and rank[b] > rank[a]:
                upward.append((importer, imported))
    print(f"imports between apps: {sum(between.values())} (module pairs)")
    print(f"upward imports (a lower layer importing a higher one): {len(upward)}")
    for importer, imported in upward:
        print(f"  {importer} -> {imported}")
    if args.pairs:
        for (a, b), n in sorted(between.items()):
            print(f"  {a} -> {b}: {n}")

    local = local_imports()
    print(f"function-local imports outside migrations: {sum(local.values())}")
    for path, n in local.most_common():
        print(f"  {n:3d} {path}")

    print("files per app (Python, without migrations):")
    for app in sorted(p for p in (SRC / PACKAGE).iterdir() if p.is_dir()):
        files = [p for p in app.rglob("*.py") if "migrations" not in p.parts]
        lines = sum(len(p.read_text().splitlines()) for p in files)
        print(f"  {app.name:12s} {len(files):3d} files {lines:6d} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
