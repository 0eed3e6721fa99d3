"""No new import circles, and the layers point one way: web -> projections -> coordinator.

The graph is read from the source (``tests/support/import_graph.py``). The circles
that stand today are listed below, exactly; a new one fails, and so does one that
has gone (or shrunk) until it is taken off the list, so the list only shrinks.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.import_graph import circles, graph, raw_imports, reaching, unexpected

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("coordinator", "projections", "web")


def _circle(*names: str) -> frozenset[str]:
    return frozenset(names)


# The circles that remain; none may be inside projections/ or coordinator/.
STANDING = [
]


def test_no_circles_but_the_standing_ones() -> None:
    new, gone = unexpected(circles(graph(ROOT, PACKAGES)), STANDING)
    assert not new, "new import circles (break them; do not list them):\n" + "\n".join(new)
    assert not gone, ("these circles changed or are gone: update STANDING to what "
                      "remains:\n" + "\n".join(gone))


def test_no_standing_circle_inside_projections_or_coordinator() -> None:
    assert not [c for c in STANDING
                if any(m.startswith(("projections.", "coordinator.")) for m in c)]


def test_the_layers_point_one_way() -> None:
    raw = raw_imports(ROOT, PACKAGES)
    assert reaching(raw, ["coordinator"], ["projections", "web", "flask", "flask_socketio",
                                           "werkzeug"]) == []
    assert reaching(raw, ["projections"], ["web", "flask", "flask_socketio",
                                           "werkzeug"]) == []


def test_the_graph_sees_what_the_project_imports() -> None:
    """If the graph read nothing, every check above would pass: a few known edges."""
    edges = graph(ROOT, PACKAGES)
    assert "projections.boards.base" in edges["projections.engine.runner"]
    # ``from coordinator.core import side_tables``: the module, not the package
    assert "coordinator.core.side_tables" in edges["projections.verify.check"]
    assert "coordinator.core" not in edges["projections.verify.check"]
    # imported inside a function
    assert "projections.history.index" in edges["web.cli"]


BLUEPRINTS = ("web.accounts", "web.api", "web.kiosk", "web.openspace", "web.organizer",
              "web.volunteer")
# One blueprint's module reaching into another's; web/api/requests.py (who is calling)
# belongs in web/shared/ once it may move.
CROSSING = ["web.organizer.notices -> web.api.requests"]


def _under(module: str, packages: tuple[str, ...]) -> str | None:
    return next((p for p in packages if module == p or module.startswith(p + ".")), None)


def test_the_web_packages_point_one_way() -> None:
    """Views import their blueprint's own module, never the package that imports them;
    web/shared/ and the benchmark import no blueprint; the benchmark never imports the
    command line; blueprints do not import each other."""
    edges = graph(ROOT, PACKAGES)
    found = sorted(f"{m} -> {t}" for m, targets in edges.items() for t in targets
                   if (_under(m, BLUEPRINTS) and t == _under(m, BLUEPRINTS))
                   or (_under(m, ("web.shared", "web.benchmark")) and _under(t, BLUEPRINTS))
                   or (_under(m, ("web.benchmark",)) and t in ("web.cli", "web.main")))
    assert found == []
    crossing = sorted(f"{m} -> {t}" for m, targets in edges.items() for t in targets
                      if _under(m, BLUEPRINTS) and _under(t, BLUEPRINTS)
                      and _under(m, BLUEPRINTS) != _under(t, BLUEPRINTS))
    assert crossing == CROSSING


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A package with one circle of each kind an import can make."""
    _write(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/a.py": "from pkg import b\n",
        # function-level, and back to a: a <-> b
        "pkg/b.py": "def late():\n    from pkg.a import thing\n",
        # relative, under TYPE_CHECKING: c <-> d
        "pkg/c.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                    "    from .d import Name\n",
        "pkg/d.py": "import pkg.c as c\n",
        # a package importing its module, which imports a name from the package
        "pkg/sub/__init__.py": "from . import views\nbp = 1\n",
        "pkg/sub/views.py": "from pkg.sub import bp\nfrom .. import e\n",
        # no circle: e imports a library and a name from a module
        "pkg/e.py": "import json\nfrom pkg.a import b as thing\n",
    })
    return tmp_path


def test_every_kind_of_import_makes_an_edge(sample: Path) -> None:
    edges = graph(sample, ["pkg"])
    assert edges["pkg.a"] == {"pkg.b"}
    assert edges["pkg.b"] == {"pkg.a"}
    assert edges["pkg.c"] == {"pkg.d"}
    assert edges["pkg.d"] == {"pkg.c"}
    assert edges["pkg.sub"] == {"pkg.sub.views"}
    assert edges["pkg.sub.views"] == {"pkg.sub", "pkg.e"}
    assert edges["pkg.e"] == {"pkg.a"}
    assert edges["pkg"] == set()


def test_a_new_circle_fails_and_a_gone_one_is_noticed(sample: Path) -> None:
    found = circles(graph(sample, ["pkg"]))
    assert set(found) == {_circle("pkg.a", "pkg.b"), _circle("pkg.c", "pkg.d"),
                          _circle("pkg.sub", "pkg.sub.views")}
    standing = [_circle("pkg.a", "pkg.b"), _circle("pkg.sub", "pkg.sub.views"),
                _circle("pkg.x", "pkg.y")]
    new, gone = unexpected(found, standing)
    assert new == ["pkg.c <-> pkg.d"]
    assert gone == ["pkg.x <-> pkg.y"]
    # a longer chain closing on itself is one circle
    _write(sample, {"pkg/a.py": "from pkg import b, e\n", "pkg/e.py": "from pkg import sub\n",
                    "pkg/sub/views.py": "from pkg.sub import bp\nfrom pkg import a\n"})
    assert _circle("pkg.a", "pkg.b", "pkg.e", "pkg.sub", "pkg.sub.views") in circles(
        graph(sample, ["pkg"]))


def test_a_layer_reaching_up_is_found(sample: Path) -> None:
    _write(sample, {"low/__init__.py": "", "low/m.py": "def f():\n    import pkg.a\n"
                    "    from flask import Flask\n"})
    raw = raw_imports(sample, ["low", "pkg"])
    assert reaching(raw, ["low"], ["pkg", "flask"]) == ["low.m -> flask", "low.m -> pkg.a"]
