"""The tree README's section on encrypted Secrets: what is encrypted, the one-time set-up per engine."""

from __future__ import annotations

from n5gc.plan.ir import Plan
from n5gc.sops.layout import ARGOCD_SECRET, FLUX_SECRET, GENERATOR_FILE, flux_engine


def readme_section(plan: Plan) -> str:
    """Markdown appended to the tree's README.md when Secrets are SOPS-encrypted."""
    recipients = "\n".join(f"- `{r}`" for r in plan.sops_age)
    head = f"""
## Encrypted Secrets (SOPS, age)

Every Secret holding subscriber keys (provisioning, UE configs, smoke tests) is in a `*.sops.yaml`
file of its own, encrypted with SOPS for these age recipients (`spec.encryption.sops.age`):

{recipients}

Read one with `SOPS_AGE_KEY_FILE=age.agekey sops -d <file>`. n5gc keeps a file's ciphertext as
long as its plaintext and the recipients are unchanged (the lock holds a salted digest, no key).
"""
    return head + (_flux(plan) if flux_engine(plan) else _ksops(plan))


def _flux(plan: Plan) -> str:
    namespace = plan.gitops.namespace if plan.gitops is not None else "flux-system"
    return f"""
Flux decrypts them itself: each site Kustomization has `spec.decryption: {{provider: sops,
secretRef: {{name: {FLUX_SECRET}}}}}`. Once per cluster, before the first sync, give it the private
key of one recipient (the key file of `age-keygen`; the entry name must end in `.agekey`):

```sh
kubectl -n {namespace} create secret generic {FLUX_SECRET} --from-file=age.agekey=./age.agekey
```
"""


def _ksops(plan: Plan) -> str:
    namespace = plan.gitops.namespace if plan.gitops is not None else "argocd"
    return f"""
Argo CD has no SOPS of its own: each site folder's `kustomization.yaml` names a KSOPS generator
(`{GENERATOR_FILE}`, `generators:`) that decrypts the files at build time. Once per Argo CD:

1. Install KSOPS in the repo-server (the init container of KSOPS' README copies `ksops` and
   `kustomize` into `/usr/local/bin`), and let kustomize run it: in `argocd-cm`,
   `kustomize.buildOptions: "--enable-alpha-plugins --enable-exec"`.
2. Give the repo-server the private key of one recipient:
   `kubectl -n {namespace} create secret generic {ARGOCD_SECRET} --from-file=keys.txt=./age.agekey`,
   mounted into the `argocd-repo-server` container at `/.config/sops/age` with the environment
   `SOPS_AGE_KEY_FILE=/.config/sops/age/keys.txt`.

By hand: `kustomize build --enable-alpha-plugins --enable-exec sites/<site> | kubectl apply -f -`
(with `ksops` on `PATH` and `SOPS_AGE_KEY_FILE` set).
"""
