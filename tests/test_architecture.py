"""The package's layers, read from the source with `ast` (nothing is imported).

Every `import` and `from ... import` counts, at module level or inside a function, relative
names resolved, so an import tucked into a function to dodge a cycle is still seen.

    analyzer.errors, config, safe_text, nlp,    foundation: what every layer may use
    private_files, ...
    analyzer.themes                             domain objects; know of no stage
    analyzer.pipelines                          the stages
    analyzer.core                               runs the stages in order
    analyzer.projects, analyzer.reports         saved projects, reports
    analyzer.dashboard, analyzer.cli, analyzer  the people-facing entry points

A module may import its own layer and the ones above it in this list, never one below.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "analyzer"

LAYERS = (
    ("analyzer.errors", "analyzer.config", "analyzer.safe_text", "analyzer.nlp",
     "analyzer.vectors", "analyzer.cells", "analyzer.constraints", "analyzer.private_files"),
    ("analyzer.themes",),
    ("analyzer.pipelines",),
    ("analyzer.core",),
    ("analyzer.projects", "analyzer.reports"),
    ("analyzer.dashboard", "analyzer.cli", "analyzer.__main__", "analyzer"),
)
"""Lowest first. A module belongs to the longest name here that it is, or lies under."""
ABOVE_THEMES = ("analyzer.pipelines", "analyzer.projects", "analyzer.reports",
                "analyzer.dashboard", "analyzer.core", "analyzer.cli")


@dataclass(frozen=True)
class Import:
    importer: str
    imported: str
    path: Path
    line: int

    def __str__(self) -> str:
        return f"{self.importer} -> {self.imported} ({self.path}:{self.line})"


def modules(root: Path, package: str = PACKAGE) -> dict[str, tuple[Path, bool]]:
    """Every module under `root/package`: dotted name -> (file, whether it is a package)."""
    found = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        found[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return found


def project_imports(root: Path, package: str = PACKAGE) -> list[Import]:
    """Every import of a project module by a project module, wherever it is written."""
    known = modules(root, package)

    def module_of(name: str) -> str | None:
        while name and name not in known:
            name = name.rpartition(".")[0]
        return name or None

    found: dict[Import, None] = {}  # ordered, one per (importer, imported, line)
    for name, (path, is_package) in known.items():
        here = name.split(".") if is_package else name.split(".")[:-1]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(here[:len(here) - node.level + 1] + ([base] if base else []))
                # `from pkg import sub` imports the module pkg.sub; `from mod import name`, mod.
                targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                           for alias in node.names]
            else:
                continue
            for target in targets:
                if target == package or target.startswith(package + "."):
                    imported = module_of(target)
                    if imported and imported != name:
                        found[Import(name, imported, path.relative_to(root), node.lineno)] = None
    return list(found)


def is_under(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def layer_of(module: str) -> int:
    best, rank = -1, None
    for number, names in enumerate(LAYERS):
        for prefix in names:
            if is_under(module, prefix) and len(prefix) > best:
                best, rank = len(prefix), number
    if rank is None:
        raise AssertionError(f"{module} is in no layer; add it to LAYERS in {Path(__file__).name}.")
    return rank


def find_cycle(imports: list[Import]) -> list[Import] | None:
    """One import cycle, as the imports that close it, or None."""
    graph: dict[str, list[Import]] = {}
    for edge in imports:
        graph.setdefault(edge.importer, []).append(edge)
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[Import] = []

    def visit(module: str) -> list[Import] | None:
        state[module] = 1
        for edge in sorted(graph.get(module, ()), key=lambda e: (e.imported, e.line)):
            if state.get(edge.imported) == 1:  # back on the path: path[start:] + edge closes it
                start = next(i for i, e in enumerate(path) if e.importer == edge.imported)
                return path[start:] + [edge]
            if edge.imported not in state:
                path.append(edge)
                cycle = visit(edge.imported)
                if cycle:
                    return cycle
                path.pop()
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state:
            cycle = visit(module)
            if cycle:
                return cycle
    return None


def find_cycles(imports: list[Import]) -> list[list[Import]]:
    """Cycles until none is left, each found after the last import of the one before is
    taken away, so every tangle is reported, not only the first."""
    cycles, left = [], list(imports)
    while (cycle := find_cycle(left)) is not None:
        cycles.append(cycle)
        closing = (cycle[-1].importer, cycle[-1].imported)
        left = [edge for edge in left if (edge.importer, edge.imported) != closing]
    return cycles


def shown(edges: list[Import]) -> str:
    return "\n  ".join(str(edge) for edge in edges)


# -- the project ----------------------------------------------------------------------------

IMPORTS = project_imports(ROOT)


def test_the_scan_sees_the_project():
    assert len(modules(ROOT)) > 50
    assert any(edge.importer.startswith("analyzer.themes") for edge in IMPORTS)


def test_themes_import_no_higher_layer():
    upward = [edge for edge in IMPORTS if is_under(edge.importer, "analyzer.themes")
              and any(is_under(edge.imported, above) for above in ABOVE_THEMES)]
    assert not upward, ("analyzer/themes holds the domain objects and must not import the "
                        "stages or anything built on them; pass what it needs in, or move the "
                        "code that needs a stage up a layer:\n  " + shown(upward))


def test_no_import_cycles():
    cycles = find_cycles(IMPORTS)
    assert not cycles, ("import cycles (counting imports inside functions); move what the "
                        "modules of a cycle share to a lower module:\n  "
                        + "\n\n  ".join(shown(cycle) for cycle in cycles))


def test_every_import_goes_down_the_layers():
    upward = [edge for edge in IMPORTS if layer_of(edge.imported) > layer_of(edge.importer)]
    assert not upward, ("imports from a lower layer into a higher one (see the order in "
                        f"{Path(__file__).name}):\n  " + shown(upward))


# -- the scanner, on packages small enough to check by hand ---------------------------------

def write_package(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_the_scanner_sees_imports_inside_functions_and_relative_ones(tmp_path):
    root = write_package(tmp_path, {
        "pkg/__init__.py": "from pkg.a import f\n",
        "pkg/a.py": "def f():\n    from .sub import b\n    return b\n",
        "pkg/sub/__init__.py": "",
        "pkg/sub/b.py": "import os\nfrom ..a import f\nfrom pkg import sub\n",
    })
    edges = {(e.importer, e.imported, e.line) for e in project_imports(root, "pkg")}
    assert edges == {("pkg", "pkg.a", 1), ("pkg.a", "pkg.sub.b", 2),
                     ("pkg.sub.b", "pkg.a", 2), ("pkg.sub.b", "pkg.sub", 3)}
    cycles = find_cycles(project_imports(root, "pkg"))
    assert [[(e.importer, e.imported) for e in cycle] for cycle in cycles] == [
        [("pkg.a", "pkg.sub.b"), ("pkg.sub.b", "pkg.a")]]


def test_no_cycle_in_a_chain(tmp_path):
    root = write_package(tmp_path, {"pkg/__init__.py": "", "pkg/a.py": "import pkg.b\n",
                                    "pkg/b.py": "from pkg import c\n", "pkg/c.py": ""})
    assert find_cycles(project_imports(root, "pkg")) == []


@pytest.mark.parametrize("module, layer", [("analyzer.errors", 0), ("analyzer.themes.theme", 1),
                                           ("analyzer.pipelines.ingest.readers", 2),
                                           ("analyzer.core", 3), ("analyzer.reports.html", 4),
                                           ("analyzer.dashboard.pages.curate", 5),
                                           ("analyzer", 5)])
def test_layer_of(module, layer):
    assert layer_of(module) == layer


def test_a_cycle_is_reported_from_where_it_closes(tmp_path):
    root = write_package(tmp_path, {"pkg/__init__.py": "", "pkg/a.py": "import pkg.b\n",
                                    "pkg/b.py": "import pkg.c\n",
                                    "pkg/c.py": "def f():\n    import pkg.b\n"})
    cycles = find_cycles(project_imports(root, "pkg"))
    assert [[str(e) for e in cycle] for cycle in cycles] == [
        ["pkg.b -> pkg.c (pkg/b.py:1)", "pkg.c -> pkg.b (pkg/c.py:2)"]]
