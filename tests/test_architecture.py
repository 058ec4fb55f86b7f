"""Imports run one way, read from every module's own import statements.

    core               settings, contract, catalogue, rules: both sides use it, it uses neither
    etl                the load side: core only
    outcomes           the read side: core only, and inside it, layer on layer:
        words  <  stats  <  query  <  draw  <  packs  <  app      (access: core only)
    cli, app.py, pages on top: cli may import anything; the app never the load side

A test fails on a forbidden arrow or on any import cycle between modules.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("core", "etl", "outcomes", "cli")
READ = ("outcomes.words", "outcomes.stats", "outcomes.query", "outcomes.draw",
        "outcomes.packs", "outcomes.app")
ALLOWED = {
    "core": {"core"},
    "etl": {"core", "etl"},
    "outcomes.words": {"core", "outcomes.words"},
    "outcomes.stats": {"core", "outcomes.words", "outcomes.stats"},
    "outcomes.query": {"core", "outcomes.words", "outcomes.stats", "outcomes.query"},
    "outcomes.draw": {"core", "outcomes.words", "outcomes.stats", "outcomes.draw"},
    "outcomes.packs": {"core", *READ[:5]},
    "outcomes.access": {"core", "outcomes.access"},
    "outcomes.app": {"core", *READ, "outcomes.access"},
    "app": {"core", *READ, "outcomes.access"},
    "cli": {"core", "etl", *READ, "outcomes.access", "cli"},
}
MAX_LINES = 420


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    found["app"] = ROOT / "app.py"
    for path in (ROOT / "pages").glob("*.py"):
        found[f"pages.{path.stem}"] = path
    return found


def _type_checking_only(node: ast.If) -> bool:
    return isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def _imports(path: Path, modules: set[str]) -> set[str]:
    """The project modules a file imports (type-checking-only imports left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = {id(n) for block in ast.walk(tree) if isinstance(block, ast.If)
            and _type_checking_only(block) for n in ast.walk(block)}
    out = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            subs = [f"{node.module}.{a.name}" for a in node.names]
            # "from package import module" imports the module; "from module import name"
            # the module itself
            names = [s for s in subs if s in modules] or [node.module]
        else:
            continue
        out |= {n for n in names if n in modules}
    return out


def _room(module: str) -> str:
    """Which layer a module belongs to: its top package, or outcomes' sub-package."""
    if module == "app" or module.startswith("pages."):
        return "app"
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "outcomes" and len(parts) > 1 else parts[0]


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(path, set(modules)) - {name} for name, path in modules.items()}


def test_the_package_rooms_exist():
    modules = _modules()
    assert {_room(m) for m in modules} >= set(ALLOWED) - {"app"} | {"app"}


def test_imports_run_one_way():
    wrong = []
    for module, imported in _graph().items():
        room = _room(module)
        if module == "outcomes":              # the read side's package docstring only
            continue
        for target in imported:
            if target in PACKAGES or target == "outcomes":
                continue                      # a package's __init__ holds only its docstring
            if _room(target) not in ALLOWED[room]:
                wrong.append(f"{module} -> {target}")
    assert not wrong, "forbidden imports:\n" + "\n".join(sorted(wrong))


def test_no_import_cycles():
    graph = _graph()
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in graph.get(node, ()):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join(path[path.index(nxt):] + [nxt]))
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = 2

    for node in graph:
        if node not in state:
            visit(node, [node])
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def test_package_inits_hold_no_code():
    for package, path in _modules().items():
        if path.name == "__init__.py" and package.split(".")[0] in ("core", "outcomes", "cli"):
            body = ast.parse(path.read_text(encoding="utf-8")).body
            assert all(isinstance(n, ast.Expr) for n in body), package


def test_no_module_is_over_about_400_lines():
    long = {m: n for m, p in _modules().items()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, long
