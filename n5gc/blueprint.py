"""Blueprints: a target's YAML templates under `blueprints/<target>/`, rendered with typed values.

Every value a template inserts goes through `finalize`, which writes it as a JSON scalar or
flow collection (valid YAML): the string "01" stays "01", the integer 1 stays 1, a dict stays a
dict. Templates therefore insert whole values (`name: {{ amf.name }}`), never pieces of a
string; strings that need assembling are assembled in Python, by the planner or the target.

Templates ship compiled ahead of time, like .pyc files: `n5gc/compiled_blueprints/` holds the
Python module Jinja makes of each one (build products, like .pyc, never committed: the package
build, build_hooks.py, and `scripts/setup` write them through `scripts/compile-blueprints`). Each module
records the digest of what it was compiled from (`template_digest`: the template's source, this
file, the typed flag and the Jinja version); a template whose digest differs is compiled from its
source as before, so a stale module can cost time but never change what is rendered. A fresh
module's code runs on the light runtime (`LightTemplate`, below) without importing Jinja at all;
whatever that runtime does not give sends the render to Jinja's template.

Rendering places values rather than reading them back: each value a typed blueprint inserts is
written as a placeholder string, the text (the blueprint's own YAML and placeholders, none of the
values) is parsed once per distinct text in a process (`_SKELETONS`, keyed by the whole text), and
each render gets that parse with every placeholder replaced by a fresh copy of its value. A 1,000-
slice compile renders 5,000 blueprints from a dozen distinct texts; a list of 1,000 S-NSSAIs is
placed, not written and read back. Only values whose YAML reading is known to be the value are placed
(`_plain_copy`: str/int/bool/None/list/dict with str keys, strings of characters YAML reads back as
JSON wrote them); for anything else, or a placeholder not standing alone as a whole value or key (in
a string, a comment, a block scalar), the blueprint is rendered again with every value written as
JSON text and read back, as before. Either way the documents are the ones the text gives
(tests/targets/test_blueprint_splice.py holds the two against each other).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from n5gc.resources import data_dir

BLUEPRINTS = data_dir("blueprints")
# Blueprint folders rendered as plain text (no typed finalize): the generated README.
TEXT_BLUEPRINTS = frozenset({"docs"})
COMPILED_PACKAGE = "n5gc.compiled_blueprints"
COMPILED_DIR = Path(__file__).resolve().parent / "compiled_blueprints"
REGENERATE = "scripts/compile-blueprints"


# json.dumps(value, ensure_ascii=False) builds this encoder anew on every call (its arguments are not
# the defaults): one encoder for every value a template inserts, the same text.
_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=False)


# The values of the render under way that places them (a placeholder is _PLACEHOLDER and an index
# into them), or None: every value is written as JSON text, as the text route reads it.
_placing: list[Any] | None = None
# Deterministic, so that equal skeletons are equal texts: the text holds no value, so no value of the
# input can be taken for a placeholder.
_PLACEHOLDER = "\x00n5gc-value-"


def _typed(value: Any) -> str:
    if _placing is None:
        return _JSON.encode(value)
    _placing.append(value)
    return _JSON.encode(f"{_PLACEHOLDER}{len(_placing) - 1}")


@cache
def environment(target: str, typed: bool = True) -> Any:
    """The Jinja environment of `blueprints/<target>/`: typed values for YAML blueprints (finalize), plain
    values for text blueprints such as the generated README."""
    return make_environment(BLUEPRINTS / target, target, typed)


def make_environment(folder: Path, target: str, typed: bool) -> Any:
    """A Jinja environment reading the templates of `folder` as those of `blueprints/<target>/`: each
    from its compiled module while that module was compiled from the same source, else from source."""
    import jinja2

    from n5gc.compiled_blueprints import PrecompiledLoader

    return jinja2.Environment(
        loader=PrecompiledLoader(str(folder), target, typed),
        finalize=_typed if typed else None,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@cache
def _settings_digest(typed: bool) -> bytes:
    """What, besides its source, decides the code Jinja makes of a template: the Jinja version and
    this file (the environment's options and `finalize`, which Jinja applies to constants while
    compiling), and which of the two environments compiles it."""
    settings = hashlib.sha256(Path(__file__).read_bytes())
    settings.update(f"\0jinja2 {jinja_version()}\0typed={typed}\0".encode())
    return settings.digest()


@cache
def jinja_version() -> str:
    """jinja2.__version__, read from the package's __init__.py where it is written as one string
    (importing Jinja costs 10-20 ms that a compile on the light runtime never spends); imported
    otherwise."""
    import importlib.util

    spec = importlib.util.find_spec("jinja2")
    if spec is not None and spec.origin:
        try:
            found = _VERSION_LINE.search(Path(spec.origin).read_text(encoding="utf-8"))
        except OSError:
            found = None
        if found is not None:
            return found.group(1)
    import jinja2

    return str(jinja2.__version__)


_VERSION_LINE = re.compile(r'^__version__ = "([^"\\]+)"$', re.MULTILINE)


def template_digest(source: str, typed: bool) -> str:
    """The digest a compiled template module must carry to stand in for `source`."""
    return hashlib.sha256(_settings_digest(typed) + source.encode("utf-8")).hexdigest()


def compiled_module_name(template_path: str) -> str:
    """The module of `n5gc.compiled_blueprints` for `<target>/<template>` (a path under blueprints/)."""
    target, _, template = template_path.partition("/")
    stem = "".join(c if c.isalnum() else "_" for c in template)
    return f"{target}__{stem}"


def compiled_modules() -> dict[str, str]:
    """Every blueprint compiled to Python, as the files of `n5gc/compiled_blueprints/` (name -> text).
    Deterministic: the same blueprints, this file and Jinja version give the same bytes."""
    modules: dict[str, str] = {}
    for path in sorted(BLUEPRINTS.rglob("*.j2")):
        relative = path.relative_to(BLUEPRINTS).as_posix()
        target, _, template = relative.partition("/")
        typed = target not in TEXT_BLUEPRINTS
        env = environment(target, typed)
        source, filename, _ = env.loader.get_source(env, template)
        code = _runtime_import_guarded(env.compile(source, template, filename, raw=True, defer_init=True))
        name = f"{compiled_module_name(relative)}.py"
        if name in modules:
            raise ValueError(f"blueprints {relative} and another one share the module name {name}")
        # Below Jinja's code, whose line numbers its debug_info maps to the template's lines.
        modules[name] = (
            f"{code}\n# Generated by {REGENERATE} from blueprints/{relative}: do not edit.\n"
            f"DIGEST = {template_digest(source, typed)!r}\n"
        )
    return modules


def _runtime_import_guarded(code: str) -> str:
    """Jinja's code of a template with its first line, the import of jinja2.runtime's exported names,
    run only when those names are not given (same line numbers): an import of the module binds them,
    n5gc.compiled_blueprints gives them."""
    from n5gc.compiled_blueprints import RUNTIME_GUARD, jinja_runtime_names

    first, newline, rest = code.partition("\n")
    if first != "from jinja2.runtime import " + ", ".join(sorted(jinja_runtime_names())):
        raise ValueError(f"Jinja's code opens with {first!r}, not the import of jinja2.runtime's names")
    return RUNTIME_GUARD + first + newline + rest


def render(target: str, template: str, **context: Any) -> list[Any]:
    """Render `blueprints/<target>/<template>` and parse it into YAML documents (non-empty ones)."""
    return documents(template_of(target, template), context)


def template_of(target: str, template: str, typed: bool = True) -> Any:
    """`blueprints/<target>/<template>` ready to render: its compiled module on the light runtime
    (`LightTemplate`) when there is a fresh one, else Jinja's template (`environment`)."""
    if not _jinja_only:
        light = _light_template(target, template, typed)
        if light is not None:
            return light
    return environment(target, typed).get_template(template)


_jinja_only = False  # set by `jinja_route`


@contextmanager
def jinja_route() -> Iterator[None]:
    """Within the block every blueprint is rendered by Jinja itself: the route the light runtime is
    held to (tests/targets/test_light_runtime.py)."""
    global _jinja_only
    outer, _jinja_only = _jinja_only, True
    try:
        yield
    finally:
        _jinja_only = outer


# ---- The light runtime: a compiled blueprint's code run without importing Jinja ----
#
# Importing Jinja (its lexer, parser, compiler, filters, bytecode cache and what they import) costs
# 10-20 ms of every compile, yet a compiled blueprint's code only asks its environment for values:
# the context's variables, getattr/getitem, `finalize`, the filters list, string and length and the
# test none. `LightTemplate` runs that code with those, as Jinja's own are written (Environment.getattr
# and .getitem, Context.resolve_or_missing, Template.render's concat), and nothing else: whatever else
# the code reaches (an undefined value, a loop's `loop`, a macro, another filter or test, a global)
# raises, and any exception sends the whole render to Jinja's template, which then renders it or
# raises its own error. So a light render either gives Jinja's text or is not used.


class _NotLight(Exception):
    """The code reached something the light runtime does not give: Jinja renders."""


def _not_light(*args: Any, **kwargs: Any) -> Any:
    raise _NotLight


class _LightEnvironment:
    """What a compiled blueprint's code reads of its environment (Jinja's Environment, in part)."""

    def __init__(self, finalize: Any) -> None:
        self.finalize = finalize
        self.undefined = _not_light  # an undefined value: Jinja decides what it renders or raises
        self.concat = "".join
        self.filters: dict[str, Any] = {"list": _list_filter, "string": _string_filter, "length": len}
        self.tests: dict[str, Any] = {"none": _none_test}

    def getattr(self, obj: Any, attribute: str) -> Any:
        """Environment.getattr: the attribute, else the item, else undefined."""
        try:
            return getattr(obj, attribute)
        except AttributeError:
            pass
        try:
            return obj[attribute]
        except (TypeError, LookupError, AttributeError):
            raise _NotLight from None

    def getitem(self, obj: Any, argument: Any) -> Any:
        """Environment.getitem: the item, else (a str argument) the attribute, else undefined."""
        try:
            return obj[argument]
        except (AttributeError, TypeError, LookupError):
            if isinstance(argument, str):
                try:
                    return getattr(obj, argument)
                except AttributeError:
                    pass
            raise _NotLight from None


def _list_filter(eval_ctx: Any, value: Any) -> list[Any]:
    """Jinja's `list` filter (it takes the evaluation context first): list(value)."""
    return list(value)


def _string_filter(value: Any) -> str:
    """Jinja's `string` filter (markupsafe.soft_str): a str as it is, anything else through str()."""
    return value if isinstance(value, str) else str(value)


def _none_test(value: Any) -> bool:
    """Jinja's `none` test."""
    return value is None


class _LightContext:
    """What the code reads of its context: the render's variables (no globals: a global is not light)."""

    eval_ctx = None  # only handed to the `list` filter, which ignores it

    def __init__(self, variables: dict[str, Any]) -> None:
        self.variables = variables

    def resolve_or_missing(self, key: str) -> Any:
        return self.variables.get(key, _MISSING)


class _Missing:
    """jinja2.utils.missing's stand-in: what resolve_or_missing gives for an unknown name."""


_MISSING = _Missing()

# jinja2.runtime's exported names as the light runtime gives them: `missing`, `identity`, `str_join`
# and `internalcode` (a decorator) as Jinja's do; the others (loops, macros, markup, errors) are not light.
_LIGHT_NAMES: dict[str, Any] = {
    "missing": _MISSING,
    "identity": lambda x: x,
    "str_join": lambda seq: "".join(map(str, seq)),
    "internalcode": lambda f: f,
    **dict.fromkeys(
        (
            "LoopContext",
            "Macro",
            "Markup",
            "Namespace",
            "TemplateNotFound",
            "TemplateReference",
            "TemplateRuntimeError",
            "Undefined",
            "escape",
            "markup_join",
        ),
        _not_light,
    ),
}


class LightTemplate:
    """A blueprint's compiled code run on the light runtime; Jinja's template renders whatever the
    light runtime does not."""

    def __init__(self, root: Any, target: str, template: str, typed: bool) -> None:
        self.root = root
        self.where = (target, template, typed)

    def render(self, **context: Any) -> str:
        """Template.render(**context): the text, from the light runtime when it gives one."""
        placing = _placing
        start = len(placing) if placing is not None else 0
        try:
            return "".join(self.root(_LightContext(context)))
        except Exception:
            if placing is not None:
                del placing[start:]  # the values this render placed before it stopped
            target, template, typed = self.where
            return str(environment(target, typed).get_template(template).render(**context))


@cache
def _light_template(target: str, template: str, typed: bool) -> LightTemplate | None:
    """The blueprint's compiled code on the light runtime, None without a fresh compiled module."""
    from n5gc.compiled_blueprints import compiled_namespace

    try:
        source = (BLUEPRINTS / target / template).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    names = {**_LIGHT_NAMES, "environment": _LightEnvironment(_typed if typed else None)}
    namespace = compiled_namespace(f"{target}/{template}", template_digest(source, typed), names)
    if namespace is None or not callable(namespace.get("root")):
        return None
    return LightTemplate(namespace["root"], target, template, typed)


def documents(compiled: Any, context: dict[str, Any]) -> list[Any]:
    """The YAML documents (non-empty ones) a typed Jinja template renders with `context`."""
    from n5gc.yamlio import load_all

    placed = None if _text_only else _render_spliced(compiled, context)
    if placed is not None:
        return placed
    text = compiled.render(**context)  # the text route
    return [doc for doc in load_all(text) if doc is not None]


_text_only = False  # set by `text_route`


@contextmanager
def text_route() -> Iterator[None]:
    """Within the block every value is written as JSON text and read back, nothing placed: the route
    placing is held to (tests/targets/test_blueprint_splice.py)."""
    global _text_only
    outer, _text_only = _text_only, True
    try:
        yield
    finally:
        _text_only = outer


class _NotSpliced(Exception):
    """A value cannot be placed without changing the documents: the text decides."""


# Parsed skeletons (the text of a render with placeholders for its values -> its documents, None for a
# text the YAML reader refuses): a pure function of the text, which is the whole key, and of PyYAML's
# resolver tables (an added implicit resolver empties the memo); never changed (placing builds new
# containers). Kept small: emptied when full.
_SKELETONS: dict[str, list[Any] | None] = {}
_SKELETONS_TABLES: list[Any] = [None]
_SKELETONS_MAX = 512


def _render_spliced(compiled: Any, context: dict[str, Any]) -> list[Any] | None:
    """The documents of `compiled` with every value placed into its skeleton, or None when the text
    must decide (a value that is not plain, a placeholder not standing alone as a whole value or key)."""
    global _placing
    outer, _placing = _placing, []
    placed = _placing
    try:
        skeleton_text = compiled.render(**context)
    finally:
        _placing = outer
    skeleton = _skeleton(skeleton_text)
    if skeleton is None:
        return None
    found = [0] * len(placed)
    try:
        documents = [_placed(doc, placed, found) for doc in skeleton]
    except (_NotSpliced, RecursionError):  # RecursionError: a value nested deeper than Python goes
        return None
    if any(count != 1 for count in found):
        return None
    return [doc for doc in documents if doc is not None]


def _skeleton(text: str) -> list[Any] | None:
    """The documents of a skeleton text (parsed once per text in a process), None when unreadable."""
    import yaml

    from n5gc.yamlio import load_all

    tables = _resolver_tables()
    if _SKELETONS_TABLES[0] != tables:
        _SKELETONS.clear()
        _SKELETONS_TABLES[0] = tables
    if text in _SKELETONS:
        return _SKELETONS[text]
    try:
        parsed: list[Any] | None = load_all(text)
    except yaml.YAMLError:  # the text route then says what is wrong, if anything
        parsed = None
    if len(_SKELETONS) >= _SKELETONS_MAX:
        _SKELETONS.clear()
    _SKELETONS[text] = parsed
    return parsed


def _resolver_tables() -> tuple[Any, ...]:
    """What decides how the YAML readers type a plain scalar (n5gc.fastload's table, PyYAML's loader's):
    each table and its number of rows (add_implicit_resolver appends a row, in place)."""
    from yaml.resolver import Resolver

    from n5gc.yamlio import _Loader

    return tuple(
        (id(table), len(table), sum(len(rows) for rows in table.values()))
        for table in (Resolver.yaml_implicit_resolvers, _Loader.yaml_implicit_resolvers)
    )


def _placed(data: Any, placed: list[Any], found: list[int]) -> Any:
    """`data` with every placeholder replaced by a fresh copy of its value (counted in `found`)."""
    kind = type(data)
    if kind is str:
        if not data.startswith(_PLACEHOLDER):
            return data
        return _plain_copy(placed[_index(data, placed, found)])
    if kind is dict:
        copied = {
            _placed_key(key, placed, found): _placed(value, placed, found) for key, value in data.items()
        }
        if len(copied) != len(data):  # a placed key equal to another key: the reader's rules decide
            raise _NotSpliced
        return copied
    if kind is list:
        return [_placed(item, placed, found) for item in data]
    return data


def _placed_key(key: Any, placed: list[Any], found: list[int]) -> Any:
    """A mapping key, or the value of its placeholder when that is a plain scalar (as `{{ name }}:`)."""
    if type(key) is not str or not key.startswith(_PLACEHOLDER):
        return key
    value = placed[_index(key, placed, found)]
    kind = type(value)
    if kind is int or kind is bool or value is None:
        return value
    return _plain_key(value)


def _index(placeholder: str, placed: list[Any], found: list[int]) -> int:
    """The index a placeholder names, counted as found."""
    index = placeholder[len(_PLACEHOLDER) :]
    if not (index.isascii() and index.isdigit()) or int(index) >= len(placed):
        raise _NotSpliced
    found[int(index)] += 1
    return int(index)


# Characters a YAML reader does not give back as JSON wrote them inside "...": controls JSON leaves
# raw (DEL and C1), NEL and the Unicode line and paragraph separators (line breaks to YAML, folded),
# surrogates, the BOM and non-characters; conservatively, everything beyond the BMP too.
_UNREAD = re.compile(r"[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff\U00010000-\U0010ffff]")


def _plain_copy(value: Any) -> Any:
    """A fresh copy of `value` as a YAML 1.1 reader reads its JSON text (tuples become lists), or
    _NotSpliced when that reading could differ (floats, other types, non-str keys, odd characters)."""
    kind = type(value)
    if kind is str:
        if _unread(value):
            raise _NotSpliced
        return value
    if kind is int or kind is bool or value is None:
        return value
    if kind is dict:
        return {_plain_key(key): _plain_item(item) for key, item in value.items()}
    if kind is list or kind is tuple:
        return [_plain_item(item) for item in value]
    raise _NotSpliced


def _plain_item(item: Any) -> Any:
    """`_plain_copy` of a collection's item: its most common kinds answered here, without a call."""
    kind = type(item)
    if kind is int or kind is bool or item is None or (kind is str and not _unread(item)):
        return item
    return _plain_copy(item)


def _plain_key(key: Any) -> str:
    """A str key YAML reads back as JSON wrote it: an implicit key of at most 1,024 characters as
    written (longer ones are an error), so conservatively at most _KEY_MAX characters."""
    if type(key) is not str or len(key) > _KEY_MAX or _unread(key):
        raise _NotSpliced
    return key


_KEY_MAX = 128  # JSON writes a character as at most 6 (\u0000): 6 x 128 + 2 quotes stays under 1,024


def _unread(text: str) -> bool:
    """Whether `text` holds a character of _UNREAD (ASCII text, most of it, answered without the regex:
    DEL is its only ASCII character)."""
    if text.isascii():
        return "\x7f" in text
    return _UNREAD.search(text) is not None


def render_one(target: str, template: str, **context: Any) -> Any:
    """Render a blueprint that holds exactly one document."""
    documents = render(target, template, **context)
    if len(documents) != 1:
        raise ValueError(f"blueprint {target}/{template} rendered {len(documents)} documents, expected 1")
    return documents[0]
