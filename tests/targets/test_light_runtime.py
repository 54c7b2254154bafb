"""The light runtime (n5gc.blueprint.LightTemplate): a compiled blueprint's code run without importing
Jinja gives Jinja's text, or hands the render to Jinja.

Held here: every reference network and random valid networks render the same bytes on the light
runtime and through Jinja (`jinja_route`), with no blueprint of a reference network left to Jinja (the
saving is never silently lost); and whatever the light runtime does not give (an undefined value, a
loop's `loop`, another filter, a global, a missing variable) is rendered, or refused, by Jinja.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path
from typing import Any

import jinja2
import pytest
from hypothesis import given

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from rendering import REFERENCE, REPO, generated_plan, reference_plan, rendered
from strategies import examples, valid_networks

from n5gc import blueprint
from n5gc.blueprint import BLUEPRINTS, TEXT_BLUEPRINTS, jinja_route, make_environment

TEMPLATES = sorted(p.relative_to(BLUEPRINTS).as_posix() for p in BLUEPRINTS.rglob("*.j2"))


@pytest.mark.parametrize("template_path", TEMPLATES)
def test_every_blueprint_has_a_light_template(template_path: str):
    target, _, name = template_path.partition("/")
    assert blueprint._light_template(target, name, target not in TEXT_BLUEPRINTS) is not None


@pytest.mark.parametrize("network", REFERENCE, ids=lambda n: n["output"])
def test_reference_networks_render_the_same_bytes_light_and_through_jinja(
    network: dict[str, Any], monkeypatch: pytest.MonkeyPatch
):
    plan, secrets = reference_plan(network)
    asked: list[tuple[str, bool]] = []
    jinja_environment = blueprint.environment
    monkeypatch.setattr(
        blueprint,
        "environment",
        lambda target, typed=True: asked.append((target, typed)) or jinja_environment(target, typed),
    )
    light = rendered(plan, secrets)
    # Only OAI's subscriber ConfigMap is Jinja's: its loop reads `loop` (a LoopContext, not light).
    assert {target for target, _ in asked} <= {"oai_cn"}, "a blueprint was rendered by Jinja, not light"
    with jinja_route():
        assert rendered(plan, secrets) == light
    assert asked, "jinja_route renders through Jinja"


@given(valid_networks())
@examples(10)
def test_random_networks_render_the_same_bytes_light_and_through_jinja(network: dict[str, Any]) -> None:
    plan, secrets = generated_plan(network)
    light = rendered(plan, secrets)
    with jinja_route():
        assert rendered(plan, secrets) == light


def light_and_jinja(
    folder: Path, source: str, typed: bool, monkeypatch: pytest.MonkeyPatch
) -> tuple[blueprint.LightTemplate, jinja2.Template]:
    """A template of `source` on the light runtime (Jinja's code of it, as compiled_modules writes it)
    and as Jinja renders it; the light one hands its renders over to that Jinja template."""
    (folder / "x.j2").write_text(source, encoding="utf-8")
    env = make_environment(folder, "t", typed)
    code = env.compile(source, "x.j2", str(folder / "x.j2"), raw=True, defer_init=True)
    names = {
        **blueprint._LIGHT_NAMES,
        "environment": blueprint._LightEnvironment(blueprint._typed if typed else None),
    }
    exec(compile(blueprint._runtime_import_guarded(code), "x.j2", "exec"), names)
    monkeypatch.setattr(blueprint, "environment", lambda target, typed=True: env)
    return blueprint.LightTemplate(names["root"], "t", "x.j2", typed), env.get_template("x.j2")


CASES = [
    ("{{ x.nope is none }}", {"x": {}}, "False"),  # undefined is not None to Jinja
    ("{{ x['nope'] is none }}", {"x": {}}, "False"),
    ("{% for a in xs %}{{ loop.index }}{% endfor %}", {"xs": "ab"}, "12"),  # a loop's `loop`
    ("{{ xs | join('-') }}", {"xs": "ab"}, "a-b"),  # a filter the light runtime does not give
    ("{{ range(2) | list }}", {}, "[0, 1]"),  # a global
    (
        "{{ x.a }} {{ x['b'] }} {{ xs | list | length }} {{ 1 | string }}",
        {"x": {"a": 1, "b": 2}, "xs": "ab"},
        "1 2 2 1",
    ),
]


@pytest.mark.parametrize(("source", "context", "text"), CASES)
def test_what_the_light_runtime_does_not_give_jinja_renders(
    source: str, context: dict[str, Any], text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    light, jinja = light_and_jinja(tmp_path, source, False, monkeypatch)
    assert jinja.render(**context) == text
    assert light.render(**context) == text


def test_a_missing_variable_raises_jinja_s_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    light, jinja = light_and_jinja(tmp_path, "a {{ nope }}", False, monkeypatch)
    with pytest.raises(jinja2.UndefinedError) as from_jinja:
        jinja.render()
    with pytest.raises(jinja2.UndefinedError) as from_light:
        light.render()
    assert str(from_light.value) == str(from_jinja.value)


def test_values_placed_before_a_render_goes_to_jinja_are_placed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    source = "a: {{ a }}\nb: {{ x.nope is none }}\nc: {{ c }}\n"
    light, jinja = light_and_jinja(tmp_path, source, True, monkeypatch)
    context = {"a": [1, "01"], "x": {}, "c": {"k": "v"}}
    expected = [{"a": [1, "01"], "b": False, "c": {"k": "v"}}]
    assert blueprint._render_spliced(jinja, context) == expected
    assert blueprint._render_spliced(light, context) == expected  # not None: nothing placed twice


def test_a_generated_module_imported_on_its_own_binds_jinja_s_names():
    module = importlib.import_module("n5gc.compiled_blueprints.open5gs__core_values_yaml_j2")
    assert module.missing is jinja2.runtime.missing
    sys.modules.pop(module.__name__, None)


def test_rendering_an_open5gs_network_never_imports_jinja():
    network = next(n for n in REFERENCE if n["output"] == "out/three-slices")
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from n5gc.frontend import analyse\n"
        "from n5gc.plan import build_plan\n"
        "from n5gc.targets import render_all\n"
        f"analysis = analyse(Path({str(REPO / network['intent'])!r}), "
        f"[Path(o) for o in {[str(REPO / o) for o in network.get('overlays', [])]!r}], "
        f"Path({str(REPO / network['secrets'])!r}))\n"
        "artifacts = render_all(build_plan(analysis.network), analysis.secrets)\n"
        "print(len(artifacts), 'jinja2' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    count, imported = done.stdout.split()
    assert int(count) > 10
    assert imported == "False", "rendering imported Jinja: the light runtime was not used"
