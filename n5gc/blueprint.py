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
source as before, so a stale module can cost time but never change what is rendered.

Large values (a list of 1,000 S-NSSAIs, a 400 kB subscriber list) can be passed as `Spliced(value)`:
the text then holds a placeholder string where the value's JSON would be, and the parsed document
gets a fresh copy of the value in its place, without writing it as text and reading it back. Only
values whose reading back is known to give the same value are spliced (`_plain_copy`: str keys,
str/int/bool/None/list/dict, strings of characters YAML reads back as JSON wrote them); for anything
else, or a placeholder not found exactly once as a whole value, the blueprint is rendered again
with the value written as text. Either way the documents are the ones the text would give
(tests/targets/test_blueprint_splice.py holds the two against each other).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
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


class Spliced:
    """A value a typed blueprint inserts whole: spliced into the parsed document when it is plain
    (see the module's docstring), written as JSON text otherwise, with the same documents."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


# The render under way that splices: its placeholders' prefix (random: no string of the input can
# be taken for one) and the values placed (a placeholder is the prefix and an index into them).
# None: a Spliced value is written as text like any other.
_splicing: tuple[str, list[Any]] | None = None


def _typed(value: Any) -> str:
    if type(value) is Spliced:
        if _splicing is None:
            return _JSON.encode(value.value)
        prefix, placed = _splicing
        placed.append(value.value)
        return _JSON.encode(f"{prefix}{len(placed) - 1}")
    return _JSON.encode(value)


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
    import jinja2

    settings = hashlib.sha256(Path(__file__).read_bytes())
    settings.update(f"\0jinja2 {jinja2.__version__}\0typed={typed}\0".encode())
    return settings.digest()


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
        code = env.compile(source, template, filename, raw=True, defer_init=True)
        name = f"{compiled_module_name(relative)}.py"
        if name in modules:
            raise ValueError(f"blueprints {relative} and another one share the module name {name}")
        # Below Jinja's code, whose line numbers its debug_info maps to the template's lines.
        modules[name] = (
            f"{code}\n# Generated by {REGENERATE} from blueprints/{relative}: do not edit.\n"
            f"DIGEST = {template_digest(source, typed)!r}\n"
        )
    return modules


def render(target: str, template: str, **context: Any) -> list[Any]:
    """Render `blueprints/<target>/<template>` and parse it into YAML documents (non-empty ones)."""
    return documents(environment(target).get_template(template), context)


def documents(compiled: Any, context: dict[str, Any]) -> list[Any]:
    """The YAML documents (non-empty ones) a typed Jinja template renders with `context`."""
    from n5gc.yamlio import load_all

    if any(type(value) is Spliced for value in context.values()):
        spliced = _render_spliced(compiled, context)
        if spliced is not None:
            return spliced
    text = compiled.render(**context)
    return [doc for doc in load_all(text) if doc is not None]


class _NotSpliced(Exception):
    """A Spliced value cannot be placed without changing the documents: the text decides."""


def _render_spliced(compiled: Any, context: dict[str, Any]) -> list[Any] | None:
    """The documents of `compiled` with each Spliced value placed into them, or None when the text
    must decide (a value that is not plain, a placeholder not standing alone as a whole value)."""
    import yaml

    from n5gc.yamlio import load_all

    global _splicing
    outer = _splicing
    prefix, placed = f"\x00n5gc-spliced-{os.urandom(8).hex()}-", []
    _splicing = (prefix, placed)
    try:
        text = compiled.render(**context)
    finally:
        _splicing = outer
    found = [0] * len(placed)
    try:
        documents = [_placed(doc, prefix, placed, found) for doc in load_all(text)]
    except (_NotSpliced, yaml.YAMLError):  # the text route then says what is wrong, if anything
        return None
    if any(count != 1 for count in found):
        return None
    return [doc for doc in documents if doc is not None]


def _placed(data: Any, prefix: str, placed: list[Any], found: list[int]) -> Any:
    """`data` with every placeholder string replaced by a fresh copy of its value (counted in `found`)."""
    kind = type(data)
    if kind is str:
        if not data.startswith(prefix):
            return data
        index = data[len(prefix) :]
        if not (index.isascii() and index.isdigit()) or int(index) >= len(placed):
            raise _NotSpliced
        found[int(index)] += 1
        return _plain_copy(placed[int(index)])
    if kind is dict:
        return {key: _placed(value, prefix, placed, found) for key, value in data.items()}
    if kind is list:
        return [_placed(item, prefix, placed, found) for item in data]
    return data


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
    if type(key) is not str or _unread(key):
        raise _NotSpliced
    return key


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
