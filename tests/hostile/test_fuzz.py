"""A bounded mutation fuzz over the examples (issue 8, "Done when"): whatever the input,

- `validate`, `compile -o DIR` and `plan` exit 0 or 1 (never 3: a crash is n5gc's bug);
- validate and compile agree: validate exits 0 exactly when compile does (the front-end contract);
- no subscriber key reaches stdout or stderr, in any of those commands;
- nothing is written when compile fails (the output folder does not appear).

Each example takes an intent of examples/ with its secrets file (keys replaced by keys of this test,
so that a printed key is never mistaken for the public test keys that hints quote), mutates the
data (delete, replace with another type, a huge number, an odd string, duplicate a list item,
misspell a key) and then the YAML text (duplicate or delete a line, add a tag, truncate), and runs
the three commands in-process. CI runs a few hundred examples; N5GC_FUZZ_EXAMPLES=5000 runs more.
"""

from __future__ import annotations

import copy
import hashlib
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))
from frontend_runs import leaks, run

from n5gc.load import load_file
from n5gc.yamlio import dump

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = int(os.environ.get("N5GC_FUZZ_EXAMPLES", "150"))
DETERMINISTIC = "N5GC_FUZZ_EXAMPLES" not in os.environ
INTENTS = sorted(p for p in (REPO / "examples").glob("*.yaml") if not p.name.endswith(".secrets.yaml"))

ODD_VALUES: list[Any] = [
    None,
    True,
    0,
    -1,
    2**63,
    10**40,
    1.5,
    float("inf"),
    "",
    " ",
    "x",
    "0",
    "01",
    "0x1F",
    "000001",
    "a" * 64,
    "a" * 300,
    "Ünïcödé",
    "line\nbreak",
    "bidi\u202eevil",
    "nul\x00byte",
    "tab\there",
    "emoji \U0001f4e1",
    "../../etc/passwd",
    "10.45.0.0/24",
    "fd00::/64",
    "0.0.0.0/0",
    "Cluster.Local",
    [],
    {},
    ["x"],
    {"name": "x"},
]
TAGS = ["!!int ", "!!str ", "!!float ", "!!bool ", "!!null ", "!!timestamp ", "!!binary ", "!!map ", "!foo "]


def odd(draw: Any) -> Any:
    """A copy of one of ODD_VALUES (a copy: later mutations must not change the pool)."""
    return copy.deepcopy(draw(st.sampled_from(ODD_VALUES)))


def keys_for(name: str) -> dict[str, str]:
    """Deterministic K/OPc of a credentials entry, distinct from every public test key."""
    digest = hashlib.sha256(f"n5gc fuzz {name}".encode()).hexdigest().upper()
    return {"k": digest[:32], "opc": digest[32:]}


def secrets_of(intent: Path) -> dict[str, Any]:
    """The example's secrets document with this test's keys in place of the public ones."""
    data = load_file(intent.with_name(intent.name.replace(".yaml", ".secrets.yaml"))).data
    return {**data, "credentials": {name: keys_for(name) for name in data.get("credentials", {})}}


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into a plain YAML tree (the root excluded)."""
    found = []
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    for key, child in children:
        found.append((*prefix, key))
        found.extend(paths(child, (*prefix, key)))
    return found


def entries(node: Any) -> list[tuple[str, Any]]:
    """Every (key, value) of every mapping in a tree: material to transplant between examples."""
    found: list[tuple[str, Any]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            found.append((key, value))
            found.extend(entries(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(entries(item))
    return found


# Fields of every example (chart settings, multicluster, cells, ...), so a mutation can add a field
# the drawn example lacks; sorted by key for a stable order across runs.
TRANSPLANTS = sorted(
    (e for path in INTENTS for e in entries(load_file(path).data)), key=lambda e: (e[0], repr(e[1]))
)


def tweak(value: Any, draw: Any) -> Any:
    """A near miss of a scalar: what a typo or a bad guess makes of it."""
    if isinstance(value, bool) or value is None:
        return odd(draw)
    if isinstance(value, int):
        return draw(st.sampled_from([value + 1, value - 1, value * 1000, -value, 0, 2**32]))
    if isinstance(value, str):
        number = draw(st.integers(0, 999))
        return draw(
            st.sampled_from(
                [
                    value.upper(),
                    value + "-" + "x" * 60,
                    value[:1],
                    value + ".",
                    re.sub(r"[0-9]+", str(number), value, count=1),
                    value.replace(".", ":"),
                    value + "\u202e",
                ]
            )
        )
    return odd(draw)


def mutate_data(data: Any, draw: Any) -> Any:
    """One structural mutation of `data` (in place) at a drawn path."""
    candidates = paths(data)
    if not candidates:
        return data
    path = draw(st.sampled_from(candidates))
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    operation = draw(
        st.sampled_from(
            ["delete", "replace", "tweak", "tweak", "transplant", "duplicate", "misspell", "stringify"]
        )
    )
    if operation == "delete":
        del parent[last]
    elif operation == "replace":
        parent[last] = odd(draw)
    elif operation == "tweak":
        parent[last] = tweak(parent[last], draw)
    elif operation == "transplant" and isinstance(parent, dict):
        key, value = draw(st.sampled_from(TRANSPLANTS))
        parent[key] = copy.deepcopy(value)
    elif operation == "duplicate" and isinstance(parent, list):
        parent.append(copy.deepcopy(parent[last]))
    elif operation == "misspell" and isinstance(parent, dict):
        parent[f"{last}s"] = parent.pop(last)
    elif operation == "stringify":
        parent[last] = str(parent[last])
    return data


def mutate_text(text: str, draw: Any) -> str:
    """One textual mutation of YAML text: what a careless edit does to a file."""
    lines = text.splitlines(keepends=True)
    operation = draw(
        st.sampled_from(
            [
                "none",
                "none",
                "none",
                "none",
                "duplicate line",
                "delete line",
                "tag",
                "truncate",
                "complex key",
            ]
        )
    )
    if operation == "none" or not lines:
        return text
    at = draw(st.integers(0, len(lines) - 1))
    if operation == "duplicate line":
        lines.insert(at, lines[at])
    elif operation == "delete line":
        del lines[at]
    elif operation == "tag" and ": " in lines[at]:
        head, _, tail = lines[at].partition(": ")
        lines[at] = f"{head}: {draw(st.sampled_from(TAGS))}{tail}"
    elif operation == "truncate":
        return text[: draw(st.integers(0, len(text)))]
    elif operation == "complex key":
        lines.insert(at, "? [a, b]\n: c\n")
    return "".join(lines)


@st.composite
def cases(draw: Any) -> tuple[str, str, str]:
    """(example name, intent text, secrets text), one of the two mutated."""
    intent = draw(st.sampled_from(INTENTS))
    network = load_file(intent).data
    secrets = secrets_of(intent)
    if draw(st.integers(0, 4)) == 0:
        secrets_text = mutate_text(dump(mutate_data(secrets, draw)), draw)
        intent_text = dump(network)
    else:
        for _ in range(draw(st.integers(1, 2))):
            network = mutate_data(network, draw)
        intent_text = mutate_text(dump(network), draw)
        secrets_text = dump(secrets)
    return intent.name, intent_text, secrets_text


def all_keys(secrets_text: str) -> list[str]:
    """Every key this test could have written (the mutation may have renamed or moved entries)."""
    names = {"keys"} | {line.split(":")[0].strip() for line in secrets_text.splitlines()}
    return [key for name in names for key in keys_for(name).values()]


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=DETERMINISTIC,  # CI: the same examples every run; N5GC_FUZZ_EXAMPLES: new ones
    phases=[Phase.explicit, Phase.generate],  # no shrinking: the failure message shows the input
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(cases())
def test_mutated_examples(case: tuple[str, str, str]) -> None:
    name, intent_text, secrets_text = case
    with tempfile.TemporaryDirectory() as folder:
        intent = Path(folder) / name
        intent.write_text(intent_text, encoding="utf-8")
        intent.with_name(name.replace(".yaml", ".secrets.yaml")).write_text(secrets_text, encoding="utf-8")
        output = Path(folder) / "out"
        validate = run("validate", str(intent))
        compiled = run("compile", str(intent), "-o", str(output))
        plan = run("plan", str(intent), "-o", "json")
        shown = f"{name}:\n{intent_text}\n--- secrets:\n{secrets_text}"
        for result in (validate, compiled, plan):
            assert result.code in (0, 1), f"{result}\n{shown}"
        assert (validate.code == 0) == (compiled.code == 0), f"disagree:\n{validate}\n{compiled}\n{shown}"
        found = leaks([validate, compiled, plan], all_keys(secrets_text))
        assert not found, f"a key reached a stream: {found[0]}\n{shown}"
        if compiled.code != 0:
            assert not output.exists(), f"compile failed but wrote {output}:\n{compiled}"
