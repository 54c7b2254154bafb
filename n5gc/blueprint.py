"""Blueprints: a target's YAML templates under `blueprints/<target>/`, rendered with typed values.

Every value a template inserts goes through `finalize`, which writes it as a JSON scalar or
flow collection (valid YAML): the string "01" stays "01", the integer 1 stays 1, a dict stays a
dict. Templates therefore insert whole values (`name: {{ amf.name }}`), never pieces of a
string; strings that need assembling are assembled in Python, by the planner or the target.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from n5gc.resources import data_dir

BLUEPRINTS = data_dir("blueprints")


def _typed(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=False)


@cache
def environment(target: str, typed: bool = True) -> Any:
    """The Jinja environment of `blueprints/<target>/`: typed values for YAML blueprints (finalize), plain
    values for text blueprints such as the generated README."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(BLUEPRINTS / target)),
        finalize=_typed if typed else None,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(target: str, template: str, **context: Any) -> list[Any]:
    """Render `blueprints/<target>/<template>` and parse it into YAML documents (non-empty ones)."""
    from n5gc.yamlio import load_all

    text = environment(target).get_template(template).render(**context)
    return [doc for doc in load_all(text) if doc is not None]


def render_one(target: str, template: str, **context: Any) -> Any:
    """Render a blueprint that holds exactly one document."""
    documents = render(target, template, **context)
    if len(documents) != 1:
        raise ValueError(f"blueprint {target}/{template} rendered {len(documents)} documents, expected 1")
    return documents[0]
