"""docs target: the generated out/README.md — what is in the tree, a topology diagram, how to apply it."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from n5gc.blueprint import BLUEPRINTS
from n5gc.model.secrets import Secrets
from n5gc.plan.ir import Plan
from n5gc.targets.base import Artifact


@lru_cache(maxsize=1)
def _template() -> Any:
    # Markdown is not YAML: a plain environment (no typed finalize), trimmed blocks for tidy output.
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(BLUEPRINTS / "docs")),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env.get_template("README.md.j2")


class DocsTarget:
    name = "docs"

    def applies(self, plan: Plan) -> bool:
        return True

    def render(self, plan: Plan, secrets: Secrets | None) -> list[Artifact]:
        text = _template().render(plan=plan)
        while "\n\n\n" in text:
            text = text.replace("\n\n\n", "\n\n")
        return [Artifact("README.md", text=text, schema="none")]


TARGET = DocsTarget()
