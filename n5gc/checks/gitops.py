"""GitOps settings the chosen engine must be able to use."""

from __future__ import annotations

from collections.abc import Iterator

from n5gc.checks.context import CheckContext
from n5gc.diagnostics import Diagnostic, error
from n5gc.model.types import GIT_SCP_URL


def flux_clones_the_url(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G319: Flux's GitRepository takes http://, https:// or ssh:// URLs, not git@host:path."""
    gitops = ctx.network.spec.gitops
    if gitops is None or gitops.engine != "flux" or not GIT_SCP_URL.match(gitops.repo.url):
        return
    user, _, rest = gitops.repo.url.partition("@")
    host, _, path = rest.partition(":")
    yield error(
        "N5G319",
        f'Git repository URL "{gitops.repo.url}" is in the scp form, which Flux does not accept',
        ctx.at("spec", "gitops", "repo", "url"),
        f"write it as ssh://{user}@{host}/{path} (Flux's GitRepository takes http://, https:// or ssh://)",
    )


RULES = [flux_clones_the_url]
