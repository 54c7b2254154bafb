"""The blueprints compiled ahead of time (n5gc/compiled_blueprints/): built fresh, used when fresh,
and never used for a source they were not compiled from, so they can change no rendered byte."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import traceback
from pathlib import Path
from typing import Any

import jinja2
import pytest

from n5gc import blueprint, compiled_blueprints
from n5gc.blueprint import (
    BLUEPRINTS,
    COMPILED_DIR,
    REGENERATE,
    TEXT_BLUEPRINTS,
    compiled_modules,
    environment,
    make_environment,
)

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))
from intents import EXAMPLES, compile_intent  # noqa: E402

TEMPLATES = sorted(p.relative_to(BLUEPRINTS).as_posix() for p in BLUEPRINTS.rglob("*.j2"))
# Values for the ueransim gNB blueprint (what targets/ueransim.py passes, in miniature).
GNB = {
    "name": "gnb1",
    "namespace": "ran",
    "labels": {"app": "gnb"},
    "config_files": {"gnb.yaml": "x: 1\n"},
    "link": {"name": "gnb1-link", "namespace": "ran", "port": 4997, "protocol": "UDP"},
    "selector": {"app": "gnb"},
    "pod_labels": {"app": "gnb"},
    "image": "ueransim:1",
    "command": ["nr-gnb"],
    "config_dir": "/etc/ueransim",
    "run_dir": "/run/ueransim",
}


def from_compiled_module(template: jinja2.Template) -> bool:
    """Whether Jinja runs the code of a module of n5gc/compiled_blueprints/ (not code it compiled now)."""
    return "DIGEST" in template.root_render_func.__globals__


def typed(template_path: str) -> bool:
    return template_path.partition("/")[0] not in TEXT_BLUEPRINTS


def test_the_compiled_blueprints_are_fresh():
    expected = compiled_modules()
    committed = {p.name: p.read_text(encoding="utf-8") for p in COMPILED_DIR.glob("*.py")}
    committed.pop("__init__.py")
    names = expected.keys() | committed.keys()
    stale = sorted(name for name in names if expected.get(name) != committed.get(name))
    # scripts/setup (run by scripts/test) and the package build write them: stale here means that
    # step no longer runs, and every compile would quietly go back to compiling from source.
    assert not stale, f"n5gc/compiled_blueprints/ is stale ({', '.join(stale)}): run {REGENERATE}"


def test_the_compiled_blueprints_are_build_products_git_ignores():
    ignored = subprocess.run(
        ["git", "check-ignore", "--no-index", "n5gc/compiled_blueprints/open5gs__core_values_yaml_j2.py"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert ignored.returncode == 0, "generated modules must stay out of Git (.gitignore)"
    kept = subprocess.run(
        ["git", "check-ignore", "--no-index", "n5gc/compiled_blueprints/__init__.py"],
        cwd=REPO,
        capture_output=True,
    )
    assert kept.returncode == 1, "the loader (__init__.py) is source and must stay tracked"


def test_the_package_build_compiles_the_blueprints(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # build_hooks.BuildPy (pyproject.toml [tool.setuptools.cmdclass]) writes the modules before
    # setuptools copies the package, so a wheel or pre-commit's install carries them.
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text())
    assert pyproject["tool"]["setuptools"]["cmdclass"]["build_py"] == "build_hooks.BuildPy"
    assert any(r.startswith("jinja2") for r in pyproject["build-system"]["requires"])
    sys.path.insert(0, str(REPO))
    try:
        import build_hooks
    finally:
        sys.path.remove(str(REPO))
    monkeypatch.setattr(blueprint, "COMPILED_DIR", tmp_path)
    (tmp_path / "__init__.py").write_text("")
    build_hooks.compile_blueprints()
    written = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.glob("*_j2.py")}
    assert written == compiled_modules()


@pytest.mark.parametrize("template_path", TEMPLATES)
def test_every_blueprint_renders_from_its_compiled_module(template_path: str):
    target, _, name = template_path.partition("/")
    template = make_environment(BLUEPRINTS / target, target, typed(template_path)).get_template(name)
    assert from_compiled_module(template), f"{template_path}: compiled from source ({REGENERATE}?)"
    assert template.filename == str(BLUEPRINTS / target / name)  # tracebacks name the blueprint


def gnb_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "ueransim"
    shutil.copytree(BLUEPRINTS / "ueransim", folder)
    return folder


def test_an_edited_blueprint_is_compiled_from_its_source_not_taken_from_the_stale_module(tmp_path: Path):
    folder = gnb_copy(tmp_path)
    untouched = make_environment(folder, "ueransim", True).get_template("gnb.yaml.j2")
    assert from_compiled_module(untouched)  # the same source: the module stands in for it
    gnb = folder / "gnb.yaml.j2"
    gnb.write_text(gnb.read_text().replace("kind: Service\n", "kind: Service # edited\n"))
    edited = make_environment(folder, "ueransim", True).get_template("gnb.yaml.j2")
    assert not from_compiled_module(edited)
    assert "kind: Service # edited\n" in edited.render(**GNB)
    assert edited.render(**GNB) != untouched.render(**GNB)


def test_a_module_compiled_with_other_settings_is_not_used(monkeypatch: pytest.MonkeyPatch):
    # The README blueprint is compiled for the plain environment: the typed one compiles its source.
    plain = environment("docs", typed=False).get_template("README.md.j2")
    as_typed = make_environment(BLUEPRINTS / "docs", "docs", True).get_template("README.md.j2")
    assert from_compiled_module(plain) and not from_compiled_module(as_typed)
    # Another Jinja (or another n5gc/blueprint.py) makes every module stale.
    monkeypatch.setattr(blueprint, "jinja_version", lambda: "0.0-other")
    blueprint._settings_digest.cache_clear()
    try:
        other = make_environment(BLUEPRINTS / "ueransim", "ueransim", True).get_template("gnb.yaml.j2")
        assert not from_compiled_module(other)
    finally:
        monkeypatch.undo()
        blueprint._settings_digest.cache_clear()


def test_the_jinja_version_read_from_its_package_is_jinja_s_own():
    # read from jinja2/__init__.py without importing Jinja: the version the digests are made with
    assert blueprint.jinja_version.__wrapped__() == jinja2.__version__


def test_a_missing_or_broken_module_falls_back_to_the_source(monkeypatch: pytest.MonkeyPatch):
    fresh = make_environment(BLUEPRINTS / "ueransim", "ueransim", True).get_template("gnb.yaml.j2")
    monkeypatch.setattr(compiled_blueprints, "compiled_module_name", lambda path: "no_such_module")
    missing = make_environment(BLUEPRINTS / "ueransim", "ueransim", True).get_template("gnb.yaml.j2")
    assert from_compiled_module(fresh) and not from_compiled_module(missing)
    assert missing.render(**GNB) == fresh.render(**GNB)


def packages(pyproject: dict[str, Any]) -> set[str]:
    return set(pyproject["tool"]["setuptools"]["packages"])


def test_the_wheel_ships_every_package_of_n5gc_with_the_compiled_blueprints():
    listed = packages(tomllib.loads((REPO / "pyproject.toml").read_text()))
    on_disk = {".".join(init.parent.relative_to(REPO).parts) for init in (REPO / "n5gc").rglob("__init__.py")}
    assert "n5gc.compiled_blueprints" in on_disk
    assert on_disk - listed == set(), "list every package in pyproject.toml [tool.setuptools] packages"


def test_regenerating_writes_every_module_and_removes_those_of_deleted_blueprints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(blueprint, "COMPILED_DIR", tmp_path)
    (tmp_path / "__init__.py").write_text("kept\n")
    (tmp_path / "gone__old_yaml_j2.py").write_text("DIGEST = 'x'\n")
    changed = compiled_blueprints.regenerate()
    written = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.glob("*.py")}
    assert written.pop("__init__.py") == "kept\n"
    assert written == compiled_modules()
    assert "removed gone__old_yaml_j2.py" in changed
    assert compiled_blueprints.regenerate() == []  # up to date: nothing rewritten


def test_no_reference_network_compiles_a_template_from_source(monkeypatch: pytest.MonkeyPatch):
    # Every template a target renders comes from its compiled module (the environment a target asks
    # for is the one its module was compiled for), so the ahead-of-time work is never silently lost.
    from_source: list[str | None] = []
    compile_source = jinja2.Environment.compile

    def recording(
        self: jinja2.Environment, source: str, name: str | None = None, *args: Any, **kw: Any
    ) -> Any:
        from_source.append(name)
        return compile_source(self, source, name, *args, **kw)

    monkeypatch.setattr(jinja2.Environment, "compile", recording)
    environment.cache_clear()  # templates loaded by earlier tests are loaded again here
    try:
        intents = [p for p in sorted(EXAMPLES.glob("*.yaml")) if not p.name.endswith(".secrets.yaml")]
        for intent in intents:
            compile_intent(intent)
    finally:
        environment.cache_clear()
    assert len(intents) > 5
    assert from_source == []


def test_a_rendering_error_points_at_the_blueprint_line_as_from_source():
    # Jinja rewrites a template's frames to the template's file and line: the same for both codes.
    def failing_frame(template: jinja2.Template) -> str:
        with pytest.raises(TypeError) as caught:  # finalize cannot write an undefined value as JSON
            template.render(**{k: v for k, v in GNB.items() if k != "image"})
        return next(line for line in traceback.format_tb(caught.tb) if "gnb.yaml.j2" in line)

    compiled = make_environment(BLUEPRINTS / "ueransim", "ueransim", True).get_template("gnb.yaml.j2")
    env = make_environment(BLUEPRINTS / "ueransim", "ueransim", True)
    source, filename, _ = env.loader.get_source(env, "gnb.yaml.j2")
    from_source = env.template_class.from_code(env, env.compile(source, "gnb.yaml.j2", filename), {}, None)
    assert from_compiled_module(compiled) and not from_compiled_module(from_source)
    assert failing_frame(compiled) == failing_frame(from_source)
    assert f'File "{filename}", line ' in failing_frame(compiled)
