"""docs target: the generated out/README.md — what is in the tree, a topology diagram, how to apply it."""

from __future__ import annotations

from typing import Any

from n5gc.blueprint import environment
from n5gc.model.secrets import Secrets
from n5gc.plan.ir import Plan
from n5gc.targets.base import Artifact


def _template() -> Any:
    # Markdown is not YAML: the plain (untyped) environment of blueprints/docs/.
    return environment("docs", typed=False).get_template("README.md.j2")


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
