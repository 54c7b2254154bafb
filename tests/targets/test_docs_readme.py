"""The README template only prints: its view model (targets/docs.py `readme`) prepares every value.

The template is parsed with Jinja's own parser: outside loops and ifs over prepared values it may hold
no filter, call, arithmetic, comparison, `set` or macro, and it reads nothing but `readme`. The view
takes names from the plan (the NSM service name is the plan's, not rebuilt from the network name).
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import jinja2
import pytest
from jinja2 import nodes

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from intents import EXAMPLES, compile_intent

from n5gc.blueprint import BLUEPRINTS
from n5gc.targets import docs

TEMPLATE = BLUEPRINTS / "docs" / "README.md.j2"
# What "computing in the template" looks like to Jinja's parser.
LOGIC = (
    nodes.Filter,
    nodes.Call,
    nodes.BinExpr,
    nodes.Compare,
    nodes.CondExpr,
    nodes.Assign,
    nodes.Macro,
    nodes.Test,
)


def logic_in(source: str) -> list[str]:
    """The computing nodes of a template, and every variable it reads other than `readme`."""
    tree = jinja2.Environment().parse(source)
    found = [type(node).__name__ for node in tree.find_all(LOGIC)]
    loop_names = {
        loop.target.name for loop in tree.find_all(nodes.For) if isinstance(loop.target, nodes.Name)
    }
    found += [
        f"reads {n.name}"
        for n in tree.find_all(nodes.Name)
        if n.ctx == "load" and n.name not in {"readme", *loop_names}
    ]
    return found


def test_the_readme_template_only_prints_prepared_values():
    assert logic_in(TEMPLATE.read_text()) == []


@pytest.mark.parametrize(
    "source",
    [
        "{{ readme.sites | join(', ') }}",
        "{% if readme.engine == 'nsm' %}x{% endif %}",
        "{{ readme.network }}-{{ plan.nsm }}",
        "{% set x = readme.a %}",
        "{{ readme.mtu - 1 }}",
    ],
)
def test_the_scan_finds_logic(source):
    """The check above can fail: each kind of template logic is found."""
    assert logic_in(source)


def test_the_nsm_service_names_come_from_the_plan():
    """The crossing-links table names the plan's NetworkService, whatever its name."""
    plan, _ = compile_intent(EXAMPLES / "nsm-edge.yaml")
    assert plan.nsm is not None
    renamed = [replace(s, name=f"renamed-{s.interface}") for s in plan.nsm.services]
    text = docs.TARGET.render(replace(plan, nsm=replace(plan.nsm, services=tuple(renamed))), None)[0].text
    crossing = [line for line in text.splitlines() if "NSM vL3 network `" in line]
    assert crossing and all("`renamed-" in line for line in crossing)
