"""The blueprints compiled ahead of time: one generated module per `blueprints/<target>/<file>.j2`.

Every module but this one is a build product (n5gc.blueprint.compiled_modules), written like .pyc
files and never committed: by the package build (build_hooks.py) and by `scripts/setup` through
`scripts/compile-blueprints`. A module is used
only when the digest it carries is the digest of the template source read now (and of the settings
that decide the code: n5gc.blueprint.template_digest); otherwise Jinja compiles the source, as it
would without this package. Nothing is written at run time: no bytecode cache, no ~/.cache.
"""

from __future__ import annotations

import importlib.util
from collections.abc import MutableMapping
from types import CodeType
from typing import Any

from n5gc.blueprint import COMPILED_PACKAGE, compiled_module_name, template_digest

# A module's code binds jinja2.runtime's exported names only when it runs on its own (an import): its
# first line, Jinja's import of them, is guarded by this test (n5gc.blueprint.compiled_modules). Run
# by this package, the names are given, Jinja's own (PrecompiledLoader) or the light runtime's
# (n5gc.blueprint.LightTemplate), and nothing is imported.
RUNTIME_GUARD = 'if "missing" not in globals(): '


def compiled_namespace(template_path: str, digest: str, names: dict[str, Any]) -> dict[str, Any] | None:
    """A fresh namespace of the compiled module of `template_path`, its code run with `names` given,
    if it carries `digest` (compiled from this very source and these settings); else None."""
    module_name = f"{COMPILED_PACKAGE}.{compiled_module_name(template_path)}"
    code = _module_code(module_name)
    if code is None:
        return None
    # Each load gets its own namespace (Jinja stores the environment in it), as ModuleLoader does.
    namespace: dict[str, Any] = {"__name__": module_name, **names}
    try:
        exec(code, namespace)
    except NameError:  # written by another Jinja, whose code names something else
        return None
    return namespace if namespace.get("DIGEST") == digest else None


def _module_code(module_name: str) -> CodeType | None:
    """The code of a generated module (from its .pyc when fresh), not run; None when it is missing."""
    try:
        spec = importlib.util.find_spec(module_name)
    except (ImportError, ValueError):
        return None
    if spec is None or spec.loader is None or not hasattr(spec.loader, "get_code"):
        return None
    try:
        code: CodeType | None = spec.loader.get_code(module_name)
    except (ImportError, OSError, SyntaxError):
        return None
    return code


def jinja_runtime_names() -> dict[str, Any]:
    """jinja2.runtime's exported names, as the import Jinja writes would bind them."""
    import jinja2.runtime

    return {name: getattr(jinja2.runtime, name) for name in jinja2.runtime.exported}


def __getattr__(name: str) -> Any:
    """PrecompiledLoader, made on first use: defining it imports Jinja, which a compile whose
    blueprints all run on the light runtime never needs."""
    if name == "PrecompiledLoader":
        return _precompiled_loader()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_LOADER: list[Any] = []


def _precompiled_loader() -> Any:
    if _LOADER:
        return _LOADER[0]
    import jinja2

    class PrecompiledLoader(jinja2.FileSystemLoader):
        """A FileSystemLoader of `blueprints/<target>/` that takes a template's code from its compiled
        module when that module was compiled from the very source on disk."""

        def __init__(self, searchpath: str, target: str, typed: bool) -> None:
            super().__init__(searchpath)
            self.target = target
            self.typed = typed

        def load(
            self,
            environment: jinja2.Environment,
            name: str,
            globals: MutableMapping[str, Any] | None = None,
        ) -> jinja2.Template:
            if globals is None:
                globals = {}
            source, filename, uptodate = self.get_source(environment, name)
            digest = template_digest(source, self.typed)
            namespace = compiled_namespace(f"{self.target}/{name}", digest, jinja_runtime_names())
            if (
                namespace is None
            ):  # no module, or compiled from another source or settings: as BaseLoader.load
                code = environment.compile(source, name, filename)
                return environment.template_class.from_code(environment, code, globals, uptodate)
            namespace["__file__"] = filename  # tracebacks name the blueprint, as when compiled from source
            template = environment.template_class.from_module_dict(environment, namespace, globals)
            template._uptodate = uptodate  # auto_reload still notices an edited blueprint
            return template

    _LOADER.append(PrecompiledLoader)
    return PrecompiledLoader


def regenerate() -> list[str]:
    """Write every blueprint's compiled module (scripts/compile-blueprints), removing those of
    blueprints that are gone; what changed, one line each."""
    from n5gc.blueprint import COMPILED_DIR, compiled_modules

    modules = compiled_modules()
    changed: list[str] = []
    for stale in sorted(COMPILED_DIR.glob("*.py")):
        if stale.name != "__init__.py" and stale.name not in modules:
            stale.unlink()
            changed.append(f"removed {stale.name}")
    for name, text in modules.items():
        path = COMPILED_DIR / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(f"wrote {name}")
    return changed
