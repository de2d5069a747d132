"""The house's layout, read from the source: layers import one way, and what differs between the sites
lives in the sites' own packages (`agent/sites/<site>/`) — nothing outside them names a site, and no
site reaches into another's package."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOP = ("agent.cli", "agent.app", "agent.scheduler", "agent.demo", "agent.ui")
# a module of a site's package, by the layer it belongs to
SITE_LAYERS = {
    "pages": "agent.pages",
    "routines": "agent.routines",
    "edits": "agent.edits",
    "limits": "agent.edits",
    "rules": "agent.diagnosis",  # and every rules_*.py
    "inputs": "agent.diagnosis",
    "reports": "agent.reports",
    "demo": "agent.demo",
}
SITE_WORD = re.compile(r"alibaba|1688|\bcbu|cbu_", re.IGNORECASE)


def _modules():
    for path in sorted((ROOT / "agent").rglob("*.py")):
        yield path, ".".join(path.relative_to(ROOT).with_suffix("").parts)


def _site_package(mod: str) -> str | None:
    """`agent.sites.<pkg>…` -> `<pkg>` for a module inside a site's package."""
    parts = mod.split(".")
    return parts[2] if parts[:2] == ["agent", "sites"] and len(parts) > 3 and not parts[2].startswith("_") else None


def layer(mod: str) -> str:
    """The layer a module belongs to, a site's module counted as the layer it is part of."""
    parts = mod.split(".")
    if _site_package(mod) is not None:
        return SITE_LAYERS.get("rules" if parts[3].startswith("rules") else parts[3], "agent.sites")
    return ".".join(parts[:2])


def _imports(path: Path) -> set[str]:
    """Absolute names of the agent/sandbox modules a file imports (relative imports resolved)."""
    pkg = ".".join(path.relative_to(ROOT).with_suffix("").parts)  # a package's __init__ counts as a module inside it
    out = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = pkg.split(".")[: -node.level]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            out.add(mod)
            out |= {f"{mod}.{a.name}" for a in node.names}
    return out


def _names(path: Path) -> list[tuple[int, str]]:
    """The words the code itself uses (strings, names, imports — not its docstrings or comments)."""
    tree = ast.parse(path.read_text())
    docs = {
        id(n.body[0].value)
        for n in ast.walk(tree)
        if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and n.body
        and isinstance(n.body[0], ast.Expr)
        and isinstance(n.body[0].value, ast.Constant)
    }
    out = []
    for n in ast.walk(tree):
        words: list[str] = []
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs:
            words = [n.value]
        elif isinstance(n, ast.Name):
            words = [n.id]
        elif isinstance(n, ast.Attribute):
            words = [n.attr]
        elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            words = [n.name]
        elif isinstance(n, ast.arg):
            words = [n.arg]
        elif isinstance(n, ast.ImportFrom):
            words = [n.module or "", *(a.name for a in n.names)]
        elif isinstance(n, ast.Import):
            words = [a.name for a in n.names]
        out += [(getattr(n, "lineno", 0), w) for w in words if SITE_WORD.search(w)]
    return out


def test_layers_flow_one_way():
    """CLI / scheduler / review page / demo -> app -> routines -> pages, storage, diagnosis, queue —
    a site's pages, routines, rules and edits in the layer they belong to."""
    for path, mod in _modules():
        names = _imports(path)
        own = layer(mod)
        assert not any(n == "sandbox" or n.startswith("sandbox.") for n in names), f"{mod} imports the sandbox"
        if not mod.startswith("agent.cli") and mod != "agent.__main__":
            assert not any(n.startswith("agent.cli") for n in names), f"{mod} imports the CLI"
        layers = {layer(n) for n in names if n.startswith("agent.")}
        if own in ("agent.pages", "agent.routines", "agent.queue", "agent.diagnosis", "agent.storage", "agent.edits"):
            assert not layers & set(TOP), f"{mod} imports a layer above it: {sorted(layers & set(TOP))}"
        if own in ("agent.pages", "agent.diagnosis", "agent.storage", "agent.edits", "agent.queue", "agent.runtime"):
            assert "agent.routines" not in layers, f"{mod} imports routines"
        if own == "agent.runtime":
            above = {"agent.queue", "agent.diagnosis", "agent.reports", "agent.fleet", *TOP}
            assert not layers & above, f"{mod} imports a layer above the runtime: {sorted(layers & above)}"
        if own in ("agent.pages", "agent.edits", "agent.diagnosis", "agent.storage"):
            assert "agent.runtime" not in layers, f"{mod} imports the runtime (page objects get a Driver)"


def test_the_runtime_has_no_import_circle():
    """agent/runtime's modules import one way (its __init__ lists their order): no module imports,
    even inside a function or for type checking only, one that imports it back, however far round."""
    graph = {
        mod: {n for n in _imports(path) if n.startswith("agent.runtime.") and n.count(".") == 2} - {mod}
        for path, mod in _modules()
        if mod.startswith("agent.runtime.")
    }
    assert len(graph) >= 10, sorted(graph)
    assert _circles(graph) == [], f"import circle through {_circles(graph)}"


def _circles(graph: dict[str, set[str]]) -> list[str]:
    """The modules that reach themselves through their imports."""

    def reach(start: str) -> set[str]:
        seen, todo = set(), [start]
        while todo:
            for n in graph.get(todo.pop(), ()):
                if n not in seen:
                    seen.add(n)
                    todo.append(n)
        return seen

    return sorted(m for m in graph if m in reach(m))


def test_nothing_outside_a_site_package_names_a_site():
    """Shared machinery asks the store's site (`agent.sites.get(store.site)`) for what differs; the
    site's own words — its name, hosts, login markers, screens — are only in `agent/sites/<site>/`."""
    named = [
        f"{path.relative_to(ROOT)}:{line}: {word[:80]!r}"
        for path, mod in _modules()
        if _site_package(mod) is None
        for line, word in _names(path)
    ]
    assert named == [], "\n".join(named)


def test_no_site_reaches_into_another_sites_package():
    for path, mod in _modules():
        site = _site_package(mod)
        if site is None:
            continue
        others = sorted(n for n in _imports(path) if _site_package(n) not in (None, site))
        assert others == [], f"{mod} imports another site's modules: {others}"


def test_the_checks_see_what_they_look_for(tmp_path):
    """The scan is not blind: a shared module that named a site, or a page that imported a routine,
    would be caught."""
    bad = tmp_path / "bad.py"
    bad.write_text(
        '"""alibaba in a docstring is prose."""\nHOST = "login.1688.com"\nfrom agent.sites.cbu.pages import x\n'
    )
    assert sorted(w for _, w in _names(bad)) == ["agent.sites.cbu.pages", "login.1688.com"]
    assert layer("agent.sites.alibaba.pages.p4p") == "agent.pages"
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c"]
    assert layer("agent.sites.cbu.routines.daily") == "agent.routines"
    assert layer("agent.sites.cbu.rules") == layer("agent.sites.alibaba.rules_p4p") == "agent.diagnosis"
    assert _site_package("agent.sites._site") is None and _site_package("agent.sites.cbu.edits") == "cbu"
