"""srsRAN Project (github.com/srsran/srsRAN_Project) as its own Helm chart packages it.

How the plan's role is packaged: a gNB (role "gnb") of `ran[].type: srsran` is one release of the
chart srsran/srsRAN_Project_helm, folder charts/srsran-project, whose Chart.yaml names it
`srsran-cu-du` (version 2.3.1, appVersion 25.04): CU and DU run in one pod, so srsRAN gNBs have no
F1 split here (`SPLITS`). The chart is published at https://srsran.github.io/srsRAN_Project_helm/
(`helm repo add srsran ...`, `helm install <release> srsran/srsran-cu-du`, as the chart's README says).
"""

from __future__ import annotations

CHART = "srsran-cu-du"  # `name:` in charts/srsran-project/Chart.yaml
CHART_REPO = "https://srsran.github.io/srsRAN_Project_helm/"
CHART_VERSION = "2.3.1"
APP_VERSION = "25.04"  # the srsRAN Project release the chart's image runs

# The `split` values the chart can run: a whole gNB (CU and DU in one pod).
SPLITS = ("none",)
CELLS_PER_GNB = 1  # the chart's gnb runs one cell (one carrier per process)
# srsRAN refuses these TACs (TS 23.003 19.4.2.3: 000000 and fffffe are reserved).
RESERVED_TACS = (0, 0xFFFFFE)
