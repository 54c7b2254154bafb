"""User labels (metadata.labels): Kubernetes label syntax, and none of the keys n5gc writes itself."""

from __future__ import annotations

from collections.abc import Iterator

from n5gc.checks.context import CheckContext
from n5gc.diagnostics import Diagnostic, error
from n5gc.patterns import LazyPattern

# A label key: an optional DNS-1123 subdomain prefix (at most 253) and "/", then a name of at most 63.
LABEL_PREFIX = LazyPattern(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\Z")
LABEL_NAME = LazyPattern(r"^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?\Z")
LABEL_LIMIT = 63
PREFIX_LIMIT = 253
# Keys n5gc writes on the objects it generates: a user label must not replace them (selectors and
# the network's own bookkeeping depend on them). Other n5gc.io/ keys stay free for users (the
# reference prod overlay sets n5gc.io/environment).
OWN_KEYS = (
    "n5gc.io/network",
    "n5gc.io/slice",
    "n5gc.io/config-sha",
    "n5gc.io/subscribers-checksum",
    "app.kubernetes.io/managed-by",
    "app.kubernetes.io/part-of",
    "app.kubernetes.io/component",
    "app.kubernetes.io/name",
    "app.kubernetes.io/instance",
    "reconcile.fluxcd.io/watch",
)


def key_problem(key: str) -> str | None:
    """Why `key` is not a Kubernetes label key (None when it is one)."""
    prefix, slash, name = key.rpartition("/")
    if slash and (not prefix or len(prefix) > PREFIX_LIMIT or not LABEL_PREFIX.match(prefix)):
        return "its prefix (before '/') is not a lowercase DNS subdomain"
    if len(name) > LABEL_LIMIT:
        return f"its name has {len(name)} characters, more than {LABEL_LIMIT}"
    if not LABEL_NAME.match(name):
        return "its name is not letters, digits, '-', '_' or '.' starting and ending with a letter or digit"
    return None


def value_problem(value: str) -> str | None:
    """Why `value` is not a Kubernetes label value (None when it is one; empty is allowed)."""
    if len(value) > LABEL_LIMIT:
        return f"it has {len(value)} characters, more than {LABEL_LIMIT}"
    if value and not LABEL_NAME.match(value):
        return "it is not letters, digits, '-', '_' or '.' starting and ending with a letter or digit"
    return None


def labels_valid(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G114: every user label is a valid Kubernetes label (key and value)."""
    for key, value in ctx.network.metadata.labels.items():
        problem = key_problem(key)
        if problem:
            yield error(
                "N5G114",
                f'label key "{key}" is not a Kubernetes label key: {problem}',
                ctx.at("metadata", "labels", key, key=True),
                'e.g. "team" or "example.com/team"',
            )
        problem = value_problem(value)
        if problem:
            yield error(
                "N5G114",
                f'label "{key}": value "{value}" is not a Kubernetes label value: {problem}',
                ctx.at("metadata", "labels", key),
                "at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit",
            )


def labels_not_reserved(ctx: CheckContext) -> Iterator[Diagnostic]:
    """N5G115: a user label may not set a key that n5gc writes itself."""
    for key in ctx.network.metadata.labels:
        if key in OWN_KEYS:
            yield error(
                "N5G115",
                f'label "{key}" is one n5gc sets itself on the objects it generates',
                ctx.at("metadata", "labels", key, key=True),
                "use another key; n5gc sets " + ", ".join(OWN_KEYS),
            )


RULES = [labels_valid, labels_not_reserved]
