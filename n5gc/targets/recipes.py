"""Recipes: units of rendering that an incremental compile may skip, reusing the bytes they made before.

A *recipe* (`Recipe`) builds the final artifacts of one part of the plan: one slice's SMF release, one
UPF's, one gNB's file, one subscriber group's UEs. A *step* (`Step`) is one use of a recipe: its
arguments and the files it writes, known before it builds (so that `render_all` can ask its caller
whether the previous compile wrote exactly those files from the same inputs, `Reuse`).

A step's **key** is a sha256 over the recipe's name and version, the plan fields the recipe declares
(`Recipe.reads`) and its arguments (which may include key material: the key stays in memory, the
caller stores it salted only). A key that missed an input would give stale output, so a recipe cannot
read what it did not declare: it never sees the Plan, only a *view* of it (`restricted`), a copy in
which every undeclared field is a `Poison` that raises CompilerBug on any use. The view is used on
every compile, so the reference networks' tests catch an undeclared read. An argument can be narrowed
the same way (`Part`): only the fields named reach the recipe and its key.

The encoding the key hashes (`encode`) is pickle without memo (equal values give equal bytes, however
objects are shared), each dataclass written as its class's qualified name and its field values in
field order. The
plan holds no set or frozenset (their order would depend on PYTHONHASHSEED): tests/targets/
test_recipes.py walks every reference plan to prove it, and compares keys across processes with
different hash seeds.

A step's artifacts are final: `render_all` applies no cross-artifact pass to them. So steps are
reused only without encryption (SOPS moves each Secret to a file of its own) and without Flux (it
copies release values out of the tree); with Argo CD, only steps holding none of the kinds it
annotates (`prepared_kinds`), their files announcing the namespaces its tree check reads. The keys
digest on pods that mount a Secret is stamped by the step itself (`stamp_own_secrets`), and only
from Secrets of the same step: a pod mounting another step's Secret, or a step's Secret held or
mounted outside it, is a CompilerBug (`check_secret_mounts`). A step's outputs, kinds and Secrets
are checked against what it announced whenever it is built (`build_step`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import operator
import pickle
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Protocol

from n5gc.diagnostics import CompilerBug
from n5gc.plan.ir import HelmRelease
from n5gc.records import record
from n5gc.targets.base import Artifact, release_paths
from n5gc.targets.gitops import used_namespaces
from n5gc.targets.rollout import (
    SecretKey,
    mounted_secrets,
    plaintext_keys_digests,
    secret_key,
    stamp_keys_digests,
)

KEY_DOMAIN = b"n5gc-recipe-key-v2\0"
PICKLE_PROTOCOL = 5  # fixed: the encoding must not change with the interpreter's default


class Reuse(Protocol):
    def __call__(self, key: bytes, paths: tuple[str, ...]) -> dict[str, bytes] | None:
        """The bytes of every path in `paths` when the previous compile wrote exactly those files from
        a step with this key; else None (the step is built)."""


# --- The poison and the restricted views --------------------------------------------------------


def _refuse(self: Poison, *args: Any, **kwargs: Any) -> Any:
    raise CompilerBug(f"{object.__getattribute__(self, '_what')}: read by a recipe that did not declare it")


class Poison:
    """What an undeclared field of a recipe's view holds: any use of it raises CompilerBug (attribute,
    iteration, truth, comparison, hashing, str/repr/format, arithmetic, copy, pickle, isinstance).
    Only `type()`, `id()` and `is` cannot be intercepted: they tell nothing of the plan's value."""

    __slots__ = ("_what",)

    def __init__(self, what: str) -> None:
        object.__setattr__(self, "_what", what)

    def __getattribute__(self, name: str) -> Any:
        _refuse(self)

    def __setattr__(self, name: str, value: Any) -> None:
        _refuse(self)


# Every operation Python looks up on the type (attribute access goes through __getattribute__ above).
_DUNDERS = (
    "bool",
    "len",
    "iter",
    "next",
    "reversed",
    "contains",
    "getitem",
    "setitem",
    "delitem",
    "missing",
    "call",
    "hash",
    "eq",
    "ne",
    "lt",
    "le",
    "gt",
    "ge",
    "str",
    "repr",
    "format",
    "bytes",
    "int",
    "float",
    "complex",
    "index",
    "round",
    "trunc",
    "floor",
    "ceil",
    "abs",
    "neg",
    "pos",
    "invert",
    "add",
    "radd",
    "sub",
    "rsub",
    "mul",
    "rmul",
    "matmul",
    "rmatmul",
    "truediv",
    "rtruediv",
    "floordiv",
    "rfloordiv",
    "mod",
    "rmod",
    "divmod",
    "rdivmod",
    "pow",
    "rpow",
    "lshift",
    "rlshift",
    "rshift",
    "rrshift",
    "and",
    "rand",
    "or",
    "ror",
    "xor",
    "rxor",
    "iadd",
    "isub",
    "imul",
    "ior",
    "iand",
    "enter",
    "exit",
    "aenter",
    "aexit",
    "await",
    "aiter",
    "anext",
    "fspath",
    "sizeof",
    "dir",
    "reduce",
    "reduce_ex",
    "getstate",
    "copy",
    "deepcopy",
    "length_hint",
)
for _name in _DUNDERS:
    setattr(Poison, f"__{_name}__", _refuse)


def _reads_tree(reads: Iterable[str]) -> dict[str, Any]:
    """Dotted field paths as a tree: ("core.sbi_entry", "labels") ->
    {"core": {"sbi_entry": {}}, "labels": {}}; an empty subtree means the whole field."""
    tree: dict[str, Any] = {}
    for path in reads:
        node = tree
        parts = path.split(".")
        for index, part in enumerate(parts):
            if part in node and not node[part]:  # the whole field is declared already
                break
            child = node.setdefault(part, {})
            if index == len(parts) - 1:
                child.clear()  # declaring the whole field covers its parts
            node = child
    return tree


def restricted(value: Any, reads: Iterable[str], what: str) -> Any:
    """A copy of the frozen dataclass `value` whose fields not in `reads` (dotted paths) are Poison."""
    return _restricted(value, _reads_tree(reads), what)


def _restricted(value: Any, tree: dict[str, Any], what: str) -> Any:
    changes: dict[str, Any] = {}
    for field in dataclasses.fields(value):
        if field.name not in tree:
            changes[field.name] = Poison(f"{what}.{field.name}")
        elif tree[field.name]:
            inner = getattr(value, field.name)
            changes[field.name] = _restricted(inner, tree[field.name], f"{what}.{field.name}")
    return dataclasses.replace(value, **changes)


def declared_values(value: Any, reads: Iterable[str]) -> tuple[tuple[str, Any], ...]:
    """(dotted path, value) of every field `reads` declares, in a canonical order: what a key covers."""
    result = []
    for path in sorted(set(reads)):
        current = value
        for part in path.split("."):
            current = getattr(current, part)
        result.append((path, current))
    return tuple(result)


# --- Recipes, steps, keys -----------------------------------------------------------------------


@record
class Part:
    """An argument narrowed to some of its fields: the recipe sees (and its key covers) only those."""

    value: Any
    reads: tuple[str, ...]


@record
class Output:
    """One file a step writes, known before it builds: what a reused artifact keeps."""

    path: str
    schema: str = "kubernetes"
    site: str | None = None
    kustomize: bool = False
    namespaces: tuple[str, ...] = ()  # of a site folder's file: the namespaces its objects create or use


@record
class Recipe:
    """A kind of step: its name and version (bump it when what `build` makes changes for the same
    inputs, e.g. a template edit: the lead's installation digest covers that too), the plan fields it
    reads (dotted paths, e.g. "core.sbi_entry"), `build(plan_view, **arguments) -> artifacts`, and
    the kinds of the documents it makes."""

    name: str
    version: str
    reads: tuple[str, ...]
    build: Callable[..., list[Artifact]]
    kinds: tuple[str, ...] = ()  # every `kind` its documents may have (a GitOps engine may mark some)


@record
class Step:
    """One use of a recipe: its arguments (a `Part` narrows one), the files it writes, in the order
    `build` returns them, and the Secrets (namespace, name) those files hold."""

    recipe: Recipe
    arguments: tuple[tuple[str, Any], ...]
    outputs: tuple[Output, ...]
    secrets: tuple[SecretKey, ...] = ()

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple([output.path for output in self.outputs])


def _dataclass_follows() -> None:
    """Never called: in a key's encoding, the callable of every dataclass instance (`encode`)."""


class _DataclassReducers(dict[type, Callable[[Any], tuple[Any, ...]]]):
    """Pickle's dispatch table for the key: a dataclass instance is written as `_dataclass_follows`,
    its class's qualified name and its field values in field order (whatever order its __dict__
    was filled in); other types as pickle does."""

    def __missing__(self, cls: type) -> Callable[[Any], tuple[Any, ...]]:
        if not dataclasses.is_dataclass(cls):
            raise KeyError(cls)  # pickle's own reduction
        names = [f.name for f in dataclasses.fields(cls)]
        tag = (f"{cls.__module__}.{cls.__qualname__}",)
        reducer: Callable[[Any], tuple[Any, ...]]
        if not names:
            reducer = lambda obj: (_dataclass_follows, tag)  # noqa: E731
        elif len(names) == 1:
            getter = operator.attrgetter(names[0])
            reducer = lambda obj: (_dataclass_follows, (*tag, getter(obj)))  # noqa: E731
        else:
            getter = operator.attrgetter(*names)
            reducer = lambda obj: (_dataclass_follows, tag + getter(obj))  # noqa: E731
        self[cls] = reducer
        return reducer


_REDUCERS = _DataclassReducers()
_MEMO = {id(_dataclass_follows): (0, _dataclass_follows)}  # pickle's memo: id -> (index, object)


def encode(value: Any) -> bytes:
    """The canonical bytes of plain data (dataclasses, tuples, str, int, None, dicts built in a
    deterministic order): pickle without memo, so object sharing does not change the bytes, and each
    dataclass instance by its class's name and its fields in order.

    The memo holds one entry, `_dataclass_follows`, so each instance costs a 2-byte reference to it
    instead of a lookup of its class by module and name (pickle imports the module each time, 5 times
    the cost of the rest of an instance); nothing else is ever memoised (`fast`), and the bytes are
    only hashed, never unpickled. One pickler per thread serves every call (making one costs twice
    the encoding of a small key): each dump starts from an empty buffer."""
    encoder = _ENCODERS.__dict__.pop("current", None) or _Encoder()  # taken: a failed dump drops it
    encoded = encoder.encode(value)
    _ENCODERS.current = encoder
    return encoded


class _Encoder:
    """A pickler set up for `encode` and its buffer, reused call after call."""

    __slots__ = ("buffer", "pickler")

    def __init__(self) -> None:
        self.buffer = io.BytesIO()
        self.pickler = pickle.Pickler(self.buffer, protocol=PICKLE_PROTOCOL)
        self.pickler.dispatch_table = _REDUCERS
        self.pickler.fast = True  # no memo: identity must not leak into the key
        self.pickler.memo = _MEMO

    def encode(self, value: Any) -> bytes:
        buffer = self.buffer
        buffer.seek(0)
        buffer.truncate()
        self.pickler.dump(value)
        return buffer.getvalue()


_ENCODERS = threading.local()


def part_digest(part: Part) -> bytes:
    """What a key covers of a narrowed argument: its type and its declared fields."""
    return hashlib.sha256(
        encode((type(part.value).__qualname__, declared_values(part.value, part.reads)))
    ).digest()


def _keyed_arguments(step: Step, part_digests: Callable[[Part], bytes] = part_digest) -> tuple[Any, ...]:
    """The step's arguments as its key covers them: each Part by its digest."""
    arguments = step.arguments
    for _, value in arguments:
        if isinstance(value, Part):
            break
    else:  # no Part (most steps): the very pairs, which encode as the copies below would
        return tuple(arguments)
    return tuple(
        [
            (name, part_digests(value)) if isinstance(value, Part) else (name, value)
            for name, value in arguments
        ]
    )


def plan_digest(plan: Any, recipe: Recipe) -> bytes:
    """What a recipe's key covers of the plan (the same for every step of the recipe)."""
    return hashlib.sha256(encode(declared_values(plan, recipe.reads))).digest()


def step_key(step: Step, plan_part: bytes, part_digests: Callable[[Part], bytes] = part_digest) -> bytes:
    """The step's key: sha256 of the recipe's name, version, declared plan fields (`plan_part`,
    from plan_digest) and its arguments (a Part by its `part_digest`)."""
    recipe = step.recipe
    body = encode((recipe.name, recipe.version, plan_part, _keyed_arguments(step, part_digests)))
    return hashlib.sha256(KEY_DOMAIN + body).digest()


class Kitchen:
    """Runs the steps of one render: one view and one plan digest per recipe, then each step is reused
    (when `reuse` says so) or built. A step is final when the kitchen is (`render_all` decides: no
    encryption, no engine reading the documents) and holds none of the `marked` kinds: its keys
    digests are stamped inside it, its artifacts carry its key, and `reuse` is asked. Other steps
    build through their views too, unmarked, and the passes of render_all finish them."""

    def __init__(
        self, plan: Any, reuse: Reuse | None = None, final: bool = False, marked: frozenset[str] = frozenset()
    ) -> None:
        self.plan = plan
        self.reuse = reuse if final else None
        self.final = final
        self.marked = marked  # kinds a GitOps engine marks after the targets: steps with them are not final
        self._views: dict[str, tuple[Any, bytes, bool]] = {}  # recipe -> view, plan digest, final
        self.secrets: dict[SecretKey, bytes] = {}  # every step's Secret -> its step's key
        self.built = 0  # steps built (not reused) by this kitchen
        self._parts: dict[tuple[int, tuple[str, ...]], tuple[Any, Any]] = {}  # (object, its view)
        self._digests: dict[tuple[int, tuple[str, ...]], tuple[Any, bytes]] = {}  # (object, part_digest)

    def _recipe(self, recipe: Recipe) -> tuple[Any, bytes, bool]:
        """The recipe's view of the plan, its plan digest and whether its steps are final."""
        known = self._views.get(recipe.name)
        if known is None:
            view = restricted(self.plan, recipe.reads, f"plan (recipe {recipe.name})")
            final = self.final and not self.marked.intersection(recipe.kinds)
            known = self._views[recipe.name] = (view, plan_digest(self.plan, recipe), final)
        return known

    def key(self, step: Step) -> bytes:
        return step_key(step, self._recipe(step.recipe)[1], self._part_digest)

    def _part_digest(self, part: Part) -> bytes:
        """part_digest, once per object and reads (a gNB's link or a credential serves many steps)."""
        known = self._digests.get((id(part.value), part.reads))
        if known is None or known[0] is not part.value:
            known = self._digests[(id(part.value), part.reads)] = (part.value, part_digest(part))
        return known[1]

    def cook(self, step: Step) -> list[Artifact]:
        """The step's artifacts: reused when the caller holds them for this key, else built."""
        _, plan_part, final = self._recipe(step.recipe)
        key = step_key(step, plan_part, self._part_digest)
        if final:
            for secret in step.secrets:
                if self.secrets.setdefault(secret, key) != key:
                    raise CompilerBug(f"Secret {secret} is held by two recipe steps")
        if final and self.reuse is not None:
            found = self.reuse(key, step.paths)
            if found is not None:
                return reused_artifacts(step, key, found)
        self.built += 1
        artifacts = build_step(self._recipe(step.recipe)[0], step, self._narrowed(step))
        if not final:
            return artifacts
        return [with_recipe(a, key) for a in stamp_own_secrets(step, artifacts)]

    def _narrowed(self, step: Step) -> dict[str, Any]:
        """The step's arguments as its recipe sees them: each Part as a restricted view (one per
        object and reads: a gNB's view serves all its groups)."""
        arguments = {}
        for name, value in step.arguments:
            if isinstance(value, Part):
                known = self._parts.get((id(value.value), value.reads))
                if known is None or known[0] is not value.value:
                    known = (value.value, restricted(value.value, value.reads, name))
                    self._parts[(id(value.value), value.reads)] = known
                value = known[1]
            arguments[name] = value
        return arguments


def with_recipe(artifact: Artifact, key: bytes) -> Artifact:
    """`artifact` marked with its step's key (a direct copy: dataclasses.replace costs 5 times more)."""
    a = artifact
    return Artifact(a.path, a.documents, a.text, a.schema, a.site, a.kustomize, a.embedded, recipe=key)


def reused_artifacts(step: Step, key: bytes, found: Mapping[str, bytes]) -> list[Artifact]:
    """The step's outputs carrying the bytes the caller kept (exactly its paths, else a bug)."""
    outputs = step.outputs
    if len(found) != len(outputs) or any(o.path not in found for o in outputs):
        raise CompilerBug(f"reuse of recipe {step.recipe.name}: {sorted(found)} for {list(step.paths)}")
    # Positional: path, documents, text, schema, site, kustomize, embedded, recipe, reused, namespaces
    # (3,126 steps at 1,000 slices: keywords cost a third more).
    return [
        Artifact(o.path, (), None, o.schema, o.site, o.kustomize, (), key, found[o.path], o.namespaces)
        for o in outputs
    ]


def build_step(view: Any, step: Step, arguments: Mapping[str, Any]) -> list[Artifact]:
    """Run the step's recipe on the plan's view and its narrowed arguments; its artifacts must be the
    outputs and Secrets it announced."""
    artifacts = step.recipe.build(view, **arguments)
    made = [(a.path, a.schema, a.site, a.kustomize, announced_namespaces(a)) for a in artifacts]
    if made != [(o.path, o.schema, o.site, o.kustomize, o.namespaces) for o in step.outputs]:
        raise CompilerBug(f"recipe {step.recipe.name} made {made}, announced {step.outputs}")
    kinds: set[str] = set()
    held: list[SecretKey] = []
    for artifact in artifacts:
        for document in artifact.documents:
            if isinstance(document, dict) and "kind" in document:
                kinds.add(document["kind"])
                if (secret := secret_key(document)) is not None:
                    held.append(secret)
    if not kinds <= set(step.recipe.kinds):
        raise CompilerBug(
            f"recipe {step.recipe.name} made kinds {sorted(kinds)}, announced {step.recipe.kinds}"
        )
    if sorted(held) != sorted(step.secrets):
        raise CompilerBug(f"recipe {step.recipe.name} holds Secrets {held}, announced {step.secrets}")
    return artifacts


def announced_namespaces(artifact: Artifact) -> tuple[str, ...]:
    """What an Output announces of a built file of a site folder: its objects' namespaces, sorted."""
    return tuple(sorted(used_namespaces(artifact))) if artifact.kustomize else ()


def stamp_own_secrets(step: Step, artifacts: list[Artifact]) -> list[Artifact]:
    """The keys digest on the step's pods, from its own Secrets (the only ones they may mount)."""
    for artifact in artifacts:
        for document in artifact.documents:
            foreign = [s for s in mounted_secrets(document) if s not in step.secrets]
            if foreign:
                raise CompilerBug(f"recipe {step.recipe.name}: pods mount {foreign} it does not hold")
    if not step.secrets:
        return artifacts
    return stamp_keys_digests(artifacts, plaintext_keys_digests(artifacts))


def check_secret_mounts(artifacts: Iterable[Artifact], recipe_secrets: Mapping[SecretKey, bytes]) -> None:
    """No artifact rendered outside recipes holds or mounts a recipe's Secret (its keys digest would
    then depend on an input of another key)."""
    for artifact in artifacts:
        if artifact.recipe is not None:
            continue
        for document in artifact.documents:
            held = secret_key(document)
            if held is not None and held in recipe_secrets:
                raise CompilerBug(f"{artifact.path}: holds Secret {held}, which a recipe holds too")
            for secret in mounted_secrets(document):
                if secret in recipe_secrets:
                    raise CompilerBug(f"{artifact.path}: a pod mounts Secret {secret} of a recipe")


# The kitchen of the render_all in progress: a target's `render` cooks its steps there.
_KITCHEN: ContextVar[Kitchen | None] = ContextVar("n5gc_recipe_kitchen", default=None)


@contextmanager
def cooking(kitchen: Kitchen) -> Iterator[Kitchen]:
    """Within the block, targets' `render` (through `expand`) cook their steps in `kitchen`."""
    token = _KITCHEN.set(kitchen)
    try:
        yield kitchen
    finally:
        _KITCHEN.reset(token)


def expand(plan: Any, parts: Iterable[Artifact | Step]) -> list[Artifact]:
    """A target's parts (artifacts and steps, in its order) as artifacts: the steps cooked in the
    kitchen of the render_all in progress for this plan, else each built through its view."""
    kitchen = _KITCHEN.get()
    if kitchen is None or kitchen.plan is not plan:
        kitchen = Kitchen(plan)
    result: list[Artifact] = []
    for part in parts:
        if isinstance(part, Step):
            result.extend(kitchen.cook(part))
        else:
            result.append(part)
    return result


def release_outputs(release: HelmRelease, values_schemas: Mapping[str, str]) -> tuple[Output, ...]:
    """The outputs of a release's step: values.yaml and release.yaml (base.release_artifacts)."""
    values_path, release_path = release_paths(release)
    return (
        Output(values_path, values_schemas[release.role], release.site),
        Output(release_path, "release", release.site),
    )
