"""The oai_cn target: the OpenAirInterface 5G Core (oai-5g-core charts v2.1.0) from the same intent.

Checked on examples/oai-core.yaml (three slices, UERANSIM): the releases and the config.yaml
ConfigMaps they mount, the typed identifiers, the per-slice SMF/UPF wiring, the Services every
reference names (the ones the OAI charts render, CHART-FACTS.md), the subscriber provisioning
(keys only in the Secret, SQN kept; against MariaDB: IMSIs the intent dropped removed, rows n5gc did
not provision kept byte for byte, a failed run changing nothing), the audit of hand edits, and, when the
real charts are on this machine, `helm template` of every release with n5gc's values.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket as socketlib
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from intents import run_cli as run

from n5gc.frontend import analyse
from n5gc.model.secrets import Secrets
from n5gc.plan import build_plan
from n5gc.plan.ir import Plan, SubscriberGroupPlan
from n5gc.products import oai_cn
from n5gc.targets.base import Artifact
from n5gc.targets.oai_cn import TARGET, imsi_table
from n5gc.targets.open5gs import TARGET as OPEN5GS
from n5gc.verify import document_problems, verify

REPO = Path(__file__).resolve().parents[2]
INTENT = REPO / "examples" / "oai-core.yaml"
SECRETS = REPO / "examples" / "oai-core.secrets.yaml"
OUT = REPO / "out" / "oai-core"
KEY = "465B5CE8B199B49FAA5F0A2EE238A6BC"
OPC = "E8ED289DEBA952E4283B54E88E6183CA"
SLICES = ("embb", "urllc", "miot")
# Where the real charts may be on this machine (never fetched by the tests).
MIRROR = Path("/work/.mirror/longslap+oai-cn5g-fed-Mark/repo")


def compile_plan(intent: Path = INTENT) -> tuple[Plan, Secrets]:
    result = analyse(intent, secrets=SECRETS)
    assert result.network is not None and result.secrets is not None, result.report
    return build_plan(result.network), result.secrets


@pytest.fixture(scope="module")
def plan() -> Plan:
    return compile_plan()[0]


@pytest.fixture(scope="module")
def artifacts() -> dict[str, Artifact]:
    plan, secrets = compile_plan()
    return {a.path: a for a in TARGET.render(plan, secrets)}


def doc(artifacts: dict[str, Artifact], path: str, kind: str | None = None) -> Any:
    documents = artifacts[path].documents
    return next(d for d in documents if kind is None or d.get("kind") == kind)


def config_of(artifacts: dict[str, Artifact], path: str) -> tuple[str, dict[str, Any]]:
    config_map = doc(artifacts, path, "ConfigMap")
    return config_map["metadata"]["name"], yaml.safe_load(config_map["data"]["config.yaml"])


# --- plan and releases ---------------------------------------------------------------------------


def test_only_the_oai_target_renders_an_oai_core(plan: Plan) -> None:
    assert plan.core.flavor == "oai"
    assert TARGET.applies(plan) and not OPEN5GS.applies(plan)
    open5gs_plan = build_plan(analyse(REPO / "examples" / "three-slices.yaml").network)  # type: ignore[arg-type]
    assert OPEN5GS.applies(open5gs_plan) and not TARGET.applies(open5gs_plan)


def test_releases_use_the_oai_charts_pinned_by_the_product(plan: Plan) -> None:
    """Every core release reads its chart from the Git repository, in the charts folder, at the tag."""
    charts = {r.name: (r.chart, r.repo, r.version, r.source.path, r.source.commit) for r in plan.releases}

    def pinned(chart: str) -> tuple[str, ...]:
        path = f"{oai_cn.CHART_FOLDER}/{chart}"
        return (chart, oai_cn.CHART_GIT_REPO, oai_cn.CHART_TAG, path, oai_cn.CHART_COMMIT)

    assert charts["oai-core-core"] == pinned(oai_cn.UMBRELLA_CHART)
    for name in SLICES:
        assert charts[f"oai-core-{name}-smf"] == pinned(oai_cn.SMF_CHART)
        assert charts[f"oai-core-{name}-upf1"] == pinned(oai_cn.UPF_CHART)
    # Only the umbrella has dependencies (file:// charts of the same folder) to build before helm.
    assert [r.name for r in plan.releases if r.source.local_dependencies] == ["oai-core-core"]


def test_every_service_reference_of_the_plan_is_a_service_an_oai_chart_renders(plan: Plan) -> None:
    """The gNB's AMF, the SMF's and UPF's Services, every link: `<chart service>.<release namespace>`."""
    rendered = {(s.service, p.port, p.protocol) for s in oai_cn.CHART_SERVICES.values() for p in s.ports}
    refs = [plan.core.nrf_sbi, plan.core.amf_ngap, *(g.amf for g in plan.gnbs)]
    for slice_plan in plan.slices:
        refs += [slice_plan.smf.sbi, slice_plan.smf.pfcp]
        refs += [ref for upf in slice_plan.upfs for ref in (upf.pfcp, upf.gtpu)]
        assert {slice_plan.smf.sbi.namespace, slice_plan.upfs[0].pfcp.namespace} == {slice_plan.namespace}
    refs += [link.service for link in plan.links if link.service is not None]
    for ref in refs:
        assert (ref.name, ref.port, ref.protocol) in rendered, ref
        assert ref.dns == f"{ref.name}.{ref.namespace}.svc.cluster.local"
    assert plan.gnbs[0].amf.dns == "oai-amf.oai-core-core.svc.cluster.local"
    assert plan.gnbs[0].amf.port == 38412 and plan.gnbs[0].amf.protocol == "SCTP"


def test_each_release_mounts_a_config_map_of_its_namespace(
    plan: Plan, artifacts: dict[str, Artifact]
) -> None:
    config_maps = {
        (d["metadata"]["name"], d["metadata"]["namespace"])
        for a in artifacts.values()
        for d in a.documents
        if d.get("kind") == "ConfigMap" and "config.yaml" in d["data"]
    }
    for release in plan.releases:
        values = doc(artifacts, f"sites/{release.site}/helm/{release.name}/values.yaml")
        assert (values["global"]["coreNetworkConfigMap"], release.namespace) in config_maps, release.name


def test_umbrella_runs_the_control_plane_only(artifacts: dict[str, Artifact]) -> None:
    values = doc(artifacts, "sites/berlin/helm/oai-core-core/values.yaml")
    assert [c for c in values if values[c].get("enabled") is True] == ["mysql", *oai_cn.UMBRELLA_ENABLED[1:]]
    assert all(values[c] == {"enabled": False} for c in oai_cn.UMBRELLA_DISABLED)
    assert all(values[f"oai-{nf}"]["nfimage"]["version"] == "v2.1.0" for nf in oai_cn.CONTROL_PLANE_NFS)
    assert values["global"]["waitForNRF"] is True
    for name in SLICES:  # their NRF is not at the chart's hard-coded `oai-nrf` of their namespace
        smf = doc(artifacts, f"sites/berlin/helm/oai-core-{name}-smf/values.yaml")
        assert smf["global"]["waitForNRF"] is False


# --- config.yaml -----------------------------------------------------------------------------------


def test_amf_config_serves_the_plmn_tac_and_every_slice_with_typed_values(
    plan: Plan, artifacts: dict[str, Artifact]
) -> None:
    _name, config = config_of(artifacts, "sites/berlin/core/oai-config.yaml")
    amf = config["amf"]
    assert amf["served_guami_list"] == [
        {"mcc": "001", "mnc": "01", "amf_region_id": "02", "amf_set_id": "001", "amf_pointer": "00"}
    ]
    assert amf["plmn_support_list"] == [
        {
            "mcc": "001",
            "mnc": "01",
            "tac": 1,
            "nssai": [{"sst": 1, "sd": "000001"}, {"sst": 2, "sd": "000002"}, {"sst": 3, "sd": "000003"}],
        }
    ]
    assert config["database"]["host"] == "mysql.oai-core-core.svc.cluster.local"
    assert {nf: entry["host"].split(".")[0] for nf, entry in config["nfs"].items()} == {
        nf: f"oai-{nf}" for nf in config["nfs"]
    }


def test_each_slice_config_binds_its_smf_and_upf_to_its_snssai_dnns_and_pools(
    plan: Plan, artifacts: dict[str, Artifact]
) -> None:
    for slice_plan in plan.slices:
        _name, config = config_of(artifacts, f"sites/berlin/slices/{slice_plan.name}/oai-config.yaml")
        snssai = {"sst": slice_plan.snssai.sst, "sd": slice_plan.snssai.sd.upper()}  # type: ignore[union-attr]
        dnns = [{"dnn": d.name} for d in slice_plan.dnns]
        assert config["smf"]["smf_info"]["sNssaiSmfInfoList"] == [{"sNssai": snssai, "dnnSmfInfoList": dnns}]
        assert config["upf"]["upf_info"]["sNssaiUpfInfoList"] == [{"sNssai": snssai, "dnnUpfInfoList": dnns}]
        assert config["dnns"] == [
            {"dnn": d.name, "pdu_session_type": "IPV4", "ipv4_subnet": d.subnet} for d in slice_plan.dnns
        ]
        own_upf = f"oai-upf.{slice_plan.namespace}.svc.cluster.local"
        assert [u["host"] for u in config["smf"]["upfs"]] == [own_upf] == [config["nfs"]["upf"]["host"]]
        assert config["nfs"]["nrf"]["host"] == "oai-nrf.oai-core-core.svc.cluster.local"
    embb = config_of(artifacts, "sites/berlin/slices/embb/oai-config.yaml")[1]
    assert embb["smf"]["ue_mtu"] == 1400
    assert embb["smf"]["ue_dns"] == {"primary_ipv4": "8.8.8.8", "secondary_ipv4": "8.8.4.4"}


def test_config_text_keeps_identifiers_as_strings_for_a_yaml_1_1_reader(
    artifacts: dict[str, Artifact],
) -> None:
    """`mcc: 001` unquoted reads as 1 (CHART-FACTS §4): the written text must quote every such value."""
    text = doc(artifacts, "sites/berlin/core/oai-config.yaml")["data"]["config.yaml"]
    assert 'mcc: "001"' in text and 'amf_set_id: "001"' in text and 'sd: "000001"' in text
    assert "&id" not in text and "*id" not in text  # no YAML aliases in what yaml-cpp reads


def test_config_map_name_follows_the_config(tmp_path: Path) -> None:
    """The charts do not hash config.yaml into the pods: n5gc names the ConfigMap after its hash, so a
    changed config changes the values of the releases that mount it (and the pods roll)."""
    changed = tmp_path / "oai-core.yaml"
    changed.write_text(
        INTENT.read_text(encoding="utf-8").replace("10.47.0.0/16", "10.48.0.0/16"), encoding="utf-8"
    )
    plan, secrets = compile_plan()
    other_plan, _ = compile_plan(changed)
    before = {a.path: a for a in TARGET.render(plan, secrets)}
    after = {a.path: a for a in TARGET.render(other_plan, secrets)}
    for path, same in (("slices/miot", False), ("slices/embb", True), ("core", True)):
        name_before = config_of(before, f"sites/berlin/{path}/oai-config.yaml")[0]
        name_after = config_of(after, f"sites/berlin/{path}/oai-config.yaml")[0]
        assert (name_before == name_after) is same, path
    smf = "sites/berlin/helm/oai-core-miot-smf/values.yaml"
    assert doc(before, smf)["global"] != doc(after, smf)["global"]


# --- subscribers ---------------------------------------------------------------------------------


def test_keys_are_only_in_the_secret_and_the_sql_keeps_sqn(artifacts: dict[str, Artifact]) -> None:
    secret, config_map, job = artifacts["sites/berlin/core/subscribers.yaml"].documents
    assert secret["kind"] == "Secret" and secret["stringData"]["ueransim-test-keys.k"] == KEY
    for document in (config_map, job):
        text = json.dumps(document).upper()
        assert KEY not in text and OPC not in text
    sql = config_map["data"]["provision.sql"]
    updates = re.findall(r"ON DUPLICATE KEY UPDATE ([^;]*);", sql)
    assert len(updates) == 9  # two subscriber tables and n5gc's marks x three groups
    assert all("sequenceNumber" not in update for update in updates)
    assert sql.count("INSERT INTO AuthenticationSubscription") == 3
    assert "@k_0" in sql and "@opc_0" in sql and "'00101' AS plmn" in sql
    assert '{"sst":2,"sd":"000002"}' in sql and '"5qi":80' in sql and '"uplink":"50Mbps"' in sql
    env = {e["name"]: e for e in job["spec"]["template"]["spec"]["containers"][0]["env"]}
    assert env["MYSQL_PWD"]["valueFrom"]["secretKeyRef"] == {
        "name": "oai-core-core-mysql",
        "key": "mysql-password",
    }
    assert env["N5GC_MYSQL_HOST"]["value"] == "mysql.oai-core-core.svc.cluster.local"


def test_sql_removes_only_after_every_upsert_in_one_transaction(artifacts: dict[str, Artifact]) -> None:
    """Without a SQL server (CI may have none): the order the lifecycle relies on. n5gc's table is made
    before the transaction (DDL commits); every upsert, then the deletes, then COMMIT; each delete asks
    for this network's marks of another run; OAI's own tables are never created or altered."""
    sql = doc(artifacts, "sites/berlin/core/subscribers.yaml", "ConfigMap")["data"]["provision.sql"]
    statements = [line for line in sql.splitlines() if line and not line.startswith(("--", "SELECT", "ON "))]
    kinds = [line.split(" (")[0].split(" WHERE")[0] for line in statements]
    start, commit = kinds.index("START TRANSACTION;"), kinds.index("COMMIT;")
    assert kinds[0] == "CREATE TABLE IF NOT EXISTS n5gc_provisioned" and commit == len(kinds) - 1
    assert "SET @n5gc_network = 'oai-core', @n5gc_run = UUID();" in statements[:start]
    deletes = [i for i, kind in enumerate(kinds) if kind.startswith("DELETE")]
    upserts = [i for i, kind in enumerate(kinds) if kind.startswith("INSERT")]
    assert len(upserts) == 9 and start < max(upserts) < min(deletes) and max(deletes) < commit
    assert [kinds[i] for i in deletes] == [
        "DELETE FROM SessionManagementSubscriptionData",
        "DELETE FROM AuthenticationSubscription",
        "DELETE FROM n5gc_provisioned",
    ]
    assert all("network = @n5gc_network AND `run` <> @n5gc_run" in statements[i] for i in deletes)
    assert not re.search(r"(ALTER|DROP|TRUNCATE|CREATE TABLE (?!IF NOT EXISTS n5gc_provisioned))", sql)


def test_imsi_ranges_of_the_sql_are_the_groups(plan: Plan, artifacts: dict[str, Artifact]) -> None:
    sql = doc(artifacts, "sites/berlin/core/subscribers.yaml", "ConfigMap")["data"]["provision.sql"]
    ranges = re.findall(r"LPAD\((\d+) \+ n, (\d+), '0'\).*?WHERE n < (\d+)\)", sql)
    expected = [(str(int(g.imsi_first)), "15", str(g.count)) for g in plan.subscribers for _table in range(3)]
    assert ranges == expected


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash to parse the provisioning script")
def test_provisioning_script_is_valid_bash_and_reads_keys_from_files(
    artifacts: dict[str, Artifact], tmp_path: Path
) -> None:
    script = doc(artifacts, "sites/berlin/core/subscribers.yaml", "ConfigMap")["data"]["provision.sh"]
    (tmp_path / "provision.sh").write_text(script, encoding="utf-8")
    checked = subprocess.run(["bash", "-n", str(tmp_path / "provision.sh")], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    assert '$(key "ueransim-test-keys" opc)' in script and "mysql" in script


def test_artifacts_pass_verification_and_schemas_refuse_a_number_for_mcc(
    artifacts: dict[str, Artifact],
) -> None:
    verify(list(artifacts.values()))
    _name, config = config_of(artifacts, "sites/berlin/core/oai-config.yaml")
    config["amf"]["served_guami_list"][0]["mcc"] = 1
    assert document_problems("oai-cn/config", config)
    config["amf"]["served_guami_list"][0]["mcc"] = "001"
    config["amf"]["plmn_support_list"][0]["nssai"][0]["sd"] = "00000a"  # lower case: not what OAI shows
    assert document_problems("oai-cn/config", config)


# --- audit of hand edits ---------------------------------------------------------------------------


def tree_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "oai-core"
    shutil.copytree(OUT, copy)
    return copy


def edit(tree: Path, path: str, old: str, new: str) -> None:
    file = tree / path
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


CORE_CONFIG = "sites/berlin/core/oai-config.yaml"
EMBB_CONFIG = "sites/berlin/slices/embb/oai-config.yaml"
EMBB_SMF = "sites/berlin/helm/oai-core-embb-smf/values.yaml"


@pytest.mark.parametrize(
    ("what", "path", "old", "new", "code"),
    [
        (
            "config map name",
            EMBB_SMF,
            "coreNetworkConfigMap: oai-core-embb-",
            "coreNetworkConfigMap: oai-core-miot-",
            "N5G830",
        ),
        ("NF host of another chart", CORE_CONFIG, "host: oai-nrf.", "host: oai-amf.", "N5G831"),
        ("unquoted mcc", CORE_CONFIG, 'mcc: "001"', "mcc: 001", "N5G832"),
        (
            "SMF peers another slice's UPF",
            EMBB_CONFIG,
            "- host: oai-upf.oai-core-embb",
            "- host: oai-upf.oai-core-urllc",
            "N5G808",
        ),
        ("config edited in place", CORE_CONFIG, "general: info", "general: debug", "N5G833"),
        ("AMF TAC", CORE_CONFIG, "tac: 1\n", "tac: 9\n", "N5G803"),
        ("AMF slice", CORE_CONFIG, 'sd: "000003"', 'sd: "000009"', "N5G805"),
        (
            "SMF's UPF in another namespace",
            EMBB_CONFIG,
            "- host: oai-upf.oai-core-embb",
            "- host: oai-upf.oai-core-ran",
            "N5G810",
        ),
        ("UPF pool", EMBB_CONFIG, 'ipv4_subnet: "10.45.0.0/16"', 'ipv4_subnet: "10.46.0.0/16"', "N5G809"),
        (
            "NRF that no release renders",
            EMBB_CONFIG,
            "host: oai-nrf.oai-core-core",
            "host: oai-nrf.oai-core-embb",
            "N5G810",
        ),
    ],
)
def test_audit_finds_hand_edits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], what: str, path: str, old: str, new: str, code: str
) -> None:
    tree = tree_copy(tmp_path)
    code_before, out, _ = run(capsys, "audit", str(tree))
    assert code_before == 0, out
    edit(tree, path, old, new)
    status, out, _ = run(capsys, "audit", str(tree))
    assert status == 1, f"{what}: {out}"
    assert code in out, f"{what}: {out}"


# --- the real charts -----------------------------------------------------------------------------


def _real_charts(tmp_path: Path) -> Path | None:
    """charts/oai-5g-core at v2.1.0 from the fetched fork (git archive, outside the repository)."""
    if not (MIRROR / "HEAD").is_file() or shutil.which("git") is None:
        return None
    archive = subprocess.run(
        ["git", "--git-dir", str(MIRROR), "archive", oai_cn.CHART_TAG, oai_cn.CHART_FOLDER],
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        return None
    subprocess.run(["tar", "-x", "-C", str(tmp_path)], input=archive.stdout, check=True)
    return tmp_path / oai_cn.CHART_FOLDER


def test_real_charts_render_the_services_and_mounts_n5gc_relies_on(
    tmp_path: Path, k8s_tools: dict[str, str]
) -> None:
    charts = _real_charts(tmp_path)
    if charts is None:
        pytest.skip(
            f"the real OAI charts are not on this machine ({MIRROR}: fetch github:longslap/oai-cn5g-fed-Mark)"
        )
    helm = k8s_tools["helm"]
    built = subprocess.run(
        [helm, "dependency", "build", str(charts / oai_cn.UMBRELLA_CHART)], capture_output=True, text=True
    )
    assert built.returncode == 0, built.stderr
    plan = compile_plan()[0]
    for release in plan.releases:
        folder = OUT / "sites" / release.site / "helm" / release.name
        rendered = subprocess.run(
            [
                helm,
                "template",
                release.name,
                str(charts / release.chart),
                "-n",
                release.namespace,
                "-f",
                str(folder / "values.yaml"),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert rendered.returncode == 0, rendered.stderr
        objects = [d for d in yaml.safe_load_all(rendered.stdout) if d]
        services = {d["metadata"]["name"]: d for d in objects if d["kind"] == "Service"}
        expected = (
            oai_cn.umbrella_services() if release.role == "core" else (oai_cn.service_of(release.chart),)
        )
        assert sorted(services) == sorted(expected), release.name
        for name, service in services.items():
            ports = {(p["port"], p.get("protocol", "TCP")) for p in service["spec"]["ports"]}
            chart = next(c for c in oai_cn.CHART_SERVICES.values() if c.service == name)
            assert ports == {(p.port, p.protocol) for p in chart.ports}, name
        config_map = yaml.safe_load((folder / "values.yaml").read_text())["global"]["coreNetworkConfigMap"]
        nfs = [d for d in objects if d["kind"] == "Deployment" and d["metadata"]["name"] in expected]
        assert len(nfs) == len([s for s in expected if s != oai_cn.MYSQL_SERVICE]), release.name
        for deployment in nfs:
            volumes = [
                v["configMap"]["name"]
                for v in deployment["spec"]["template"]["spec"]["volumes"]
                if "configMap" in v
            ]
            assert volumes == [config_map], deployment["metadata"]["name"]
        if release.role == "core":
            secret = next(d for d in objects if d["kind"] == "Secret")
            assert secret["metadata"]["name"] == oai_cn.mysql_secret(release.name)
            assert oai_cn.MYSQL_PASSWORD_KEY in secret["data"]


# --- the provisioning Job against a real SQL server -------------------------------------------------

OAI_SQL = Path("../shared/upstream/oai/oai-cn5g-fed/charts/oai-5g-core/mysql/initialization/oai_db-basic.sql")


@pytest.fixture(scope="module")
def sql_server(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A throwaway MariaDB server (the closest SQL server Debian ships) holding OAI's oai_db schema and
    sample subscribers, reached like the Job reaches mysql: host, port, user test, MYSQL_PWD."""
    server, installer, client = (shutil.which(n) for n in ("mariadbd", "mariadb-install-db", "mysql"))
    schema = (REPO / OAI_SQL).resolve()
    if not (server and installer and client) or not schema.is_file():
        pytest.skip(
            "needs mariadbd, mariadb-install-db and mysql (apt-get install mariadb-server) and ../shared"
        )
    tmp_path = tmp_path_factory.mktemp("mariadb")
    data, socket = tmp_path / "data", tmp_path / "sock"
    user = ["--user=root"] if os.geteuid() == 0 else []  # mariadbd refuses root unless told
    subprocess.run([installer, *user, f"--datadir={data}"], capture_output=True, check=True)
    with socketlib.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [
            server,
            *user,
            f"--datadir={data}",
            f"--socket={socket}",
            f"--port={port}",
            "--bind-address=127.0.0.1",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    root = [client, f"--socket={socket}", "--user=root"]
    try:
        for _ in range(100):
            if subprocess.run([*root, "-e", "SELECT 1"], capture_output=True).returncode == 0:
                break
            time.sleep(0.2)
        setup = (
            "CREATE DATABASE oai_db; CREATE USER 'test'@'%' IDENTIFIED BY 'test'; "
            "GRANT ALL ON oai_db.* TO 'test'@'%'; "
            # MariaDB's anonymous ''@localhost would shadow test@% for local connections.
            "CREATE USER 'test'@'localhost' IDENTIFIED BY 'test'; "
            "GRANT ALL ON oai_db.* TO 'test'@'localhost';"
        )
        subprocess.run([*root, "-e", setup], check=True, capture_output=True)
        subprocess.run([*root, "oai_db"], stdin=schema.open("rb"), check=True, capture_output=True)
        yield {
            "port": port,
            "root": root,
            "query": lambda sql: _query(root, sql),
        }
    finally:
        process.terminate()
        process.wait(timeout=30)


def _query(root: list[str], sql: str, database: str = "oai_db") -> str:
    """What mysql prints for `sql` in `database` (tab-separated, no column names), as root."""
    return subprocess.run(
        [*root, "-N", database, "-e", sql], capture_output=True, text=True, check=True
    ).stdout


def run_job(
    artifacts: dict[str, Artifact], folder: Path, port: int, keys: dict[str, str], database: str = "oai_db"
) -> subprocess.CompletedProcess[str]:
    """The Job's container, outside Kubernetes: its ConfigMap and Secret as files, its environment."""
    secret, config_map, _job = artifacts["sites/berlin/core/subscribers.yaml"].documents
    (folder / "provisioning").mkdir(exist_ok=True)
    (folder / "keys").mkdir(exist_ok=True)
    for name, text in config_map["data"].items():
        (folder / "provisioning" / name).write_text(text, encoding="utf-8")
    for name, text in {**secret["stringData"], **keys}.items():
        (folder / "keys" / name).write_text(text, encoding="utf-8")
    env = {
        "PATH": os.environ["PATH"],
        "N5GC_PROVISIONING": str(folder / "provisioning"),
        "N5GC_KEYS": str(folder / "keys"),
        "N5GC_MYSQL_HOST": "127.0.0.1",
        "N5GC_MYSQL_PORT": str(port),
        "N5GC_MYSQL_USER": "test",
        "N5GC_DATABASE": database,
        "MYSQL_PWD": "test",
    }
    script = folder / "provisioning" / "provision.sh"
    return subprocess.run(["bash", str(script)], env=env, capture_output=True, text=True, check=False)


def test_provisioning_upserts_every_imsi_keeps_sqn_and_refuses_a_bad_key(
    artifacts: dict[str, Artifact], sql_server: Any, tmp_path: Path
) -> None:
    query, port = sql_server["query"], sql_server["port"]
    samples = int(query("SELECT COUNT(*) FROM AuthenticationSubscription"))
    first = run_job(artifacts, tmp_path, port, {})
    assert first.returncode == 0, first.stderr
    assert int(query("SELECT COUNT(*) FROM AuthenticationSubscription")) == samples + 30
    row = query(
        "SELECT encPermanentKey, encOpcKey, authenticationManagementField FROM AuthenticationSubscription "
        "WHERE ueid = '001010000000030'"
    )
    assert row.split() == [KEY, OPC, "8000"]
    assert json.loads(
        query("SELECT singleNssai FROM SessionManagementSubscriptionData WHERE ueid = '001010000000011'")
    ) == {"sst": 2, "sd": "000002"}
    # The UDM advanced the SQN of a UE; the keys of the group changed: a rerun keeps the SQN, takes the keys.
    query(
        'UPDATE AuthenticationSubscription SET sequenceNumber = \'{"sqn": "000000000123"}\' '
        "WHERE ueid = '001010000000005'"
    )
    rotated = "00112233445566778899AABBCCDDEEFF"
    again = run_job(artifacts, tmp_path, port, {"ueransim-test-keys.k": rotated})
    assert again.returncode == 0, again.stderr
    assert int(query("SELECT COUNT(*) FROM AuthenticationSubscription")) == samples + 30
    row = query(
        "SELECT encPermanentKey, sequenceNumber FROM AuthenticationSubscription "
        "WHERE ueid = '001010000000005'"
    )
    assert row.split("\t")[0] == rotated and "000000000123" in row
    # A key that is not hexadecimal stops the Job before mysql runs (and is never printed).
    refused = run_job(
        artifacts, tmp_path, port, {"ueransim-test-keys.k": "'; DROP TABLE AuthenticationSubscription; --"}
    )
    assert refused.returncode != 0 and "k is not hexadecimal" in refused.stderr
    assert "DROP" not in refused.stdout + refused.stderr
    assert (
        query("SELECT encPermanentKey FROM AuthenticationSubscription WHERE ueid = '001010000000005'").strip()
        == rotated
    )


@pytest.mark.parametrize(
    ("first", "count"), [("001010000000001", 1), ("001010000000001", 10), ("999700000000995", 1234)]
)
def test_imsi_table_yields_exactly_the_range(sql_server: Any, first: str, count: int) -> None:
    """The digit cross join gives count IMSIs from `first`, each once, leading zeros kept."""
    group = SubscriberGroupPlan(
        "g", "g", first, f"{int(first) + count - 1:015d}", count, (), "keys", None, "ns", "s"
    )
    columns = "COUNT(*), COUNT(DISTINCT imsi), MIN(imsi), MAX(imsi)"
    row = sql_server["query"](f"SELECT {columns} FROM {imsi_table(group)}")
    assert row.split() == [str(count), str(count), first, group.imsi_last]


# --- subscriber lifecycle: what n5gc provisioned and the intent dropped is removed, nothing else ------

LIFE_DB = "oai_life"
OTHER_KEYS = "other-keys"
TOO_LONG_KEY = "AB" * 30  # hexadecimal, so the script passes it on; longer than encPermanentKey (50)


def variant(
    tmp_path: Path, name: str, *, network: str = "oai-core", miot_count: int = 10, miot_keys: str = ""
) -> dict[str, Artifact]:
    """The example with another network name (IMSIs 001010000000501.. then), fewer mIoT UEs, or the
    mIoT group on credentials of its own; rendered by the OAI target."""
    text = INTENT.read_text(encoding="utf-8")
    if network != "oai-core":
        text = text.replace("name: oai-core", f"name: {network}").replace(
            'first: "0010100000000', 'first: "0010100000005'
        )
    text = text.replace(
        'first: "001010000000021", count: 10}', f'first: "001010000000021", count: {miot_count}}}'
    )
    if miot_keys:
        head, _, tail = text.rpartition("credentials: ueransim-test-keys")
        text = f"{head}credentials: {miot_keys}{tail}"
    intent, secrets = tmp_path / f"{name}.yaml", tmp_path / f"{name}.secrets.yaml"
    intent.write_text(text, encoding="utf-8")
    secrets.write_text(
        SECRETS.read_text(encoding="utf-8") + f"  {OTHER_KEYS}: {{k: {KEY}, opc: {OPC}}}\n", encoding="utf-8"
    )
    result = analyse(intent, secrets=secrets)
    assert result.network is not None and result.secrets is not None, result.report
    return {a.path: a for a in TARGET.render(build_plan(result.network), result.secrets)}


def fresh_database(sql_server: Any, name: str) -> Any:
    """A database of its own with OAI's schema and sample subscribers; a query function on it."""
    root = sql_server["root"]
    setup = (
        f"DROP DATABASE IF EXISTS {name}; CREATE DATABASE {name}; "
        f"GRANT ALL ON {name}.* TO 'test'@'%'; GRANT ALL ON {name}.* TO 'test'@'localhost';"
    )
    subprocess.run([*root, "-e", setup], check=True, capture_output=True)
    with (REPO / OAI_SQL).resolve().open("rb") as schema:
        subprocess.run([*root, name], stdin=schema, check=True, capture_output=True)
    return lambda sql: _query(root, sql, name)


def table_dump(query: Any, where: str = "TRUE") -> str:
    """Every column of every matching row of both subscriber tables, in key order, as mysql prints them."""
    return query(
        f"SELECT * FROM AuthenticationSubscription WHERE {where} ORDER BY ueid; "
        f"SELECT * FROM SessionManagementSubscriptionData WHERE {where} ORDER BY ueid, servingPlmnid"
    )


def ueids(query: Any, table: str) -> set[str]:
    return set(query(f"SELECT ueid FROM {table}").split())


def our_imsis(first: int, count: int) -> set[str]:
    return {f"{imsi:015d}" for imsi in range(first, first + count)}


def test_provisioning_removes_what_it_provisioned_and_the_intent_dropped_and_nothing_else(
    artifacts: dict[str, Artifact], sql_server: Any, tmp_path: Path
) -> None:
    query, port = fresh_database(sql_server, LIFE_DB), sql_server["port"]

    def job(rendered: dict[str, Artifact], folder: str, keys: dict[str, str] | None = None) -> Any:
        (tmp_path / folder).mkdir(exist_ok=True)
        return run_job(rendered, tmp_path / folder, port, keys or {}, database=LIFE_DB)

    samples = ueids(query, "AuthenticationSubscription")
    assert samples and not samples & (our_imsis(1010000000001, 30) | our_imsis(1010000000501, 30))
    sample_rows = table_dump(query)  # OAI's sample subscribers, as oai_db-basic.sql loads them
    # Another network provisions its own IMSIs into the same database; a subscriber is made by hand.
    other = job(variant(tmp_path, "other", network="oai-other"), "other")
    assert other.returncode == 0, other.stderr
    query(
        "INSERT INTO AuthenticationSubscription (ueid, authenticationMethod, encPermanentKey, "
        "sequenceNumber, authenticationManagementField, algorithmId, encOpcKey, supi) VALUES "
        "('001010000000999', '5G_AKA', '0123456789ABCDEF0123456789ABCDEF', "
        "'{\"sqn\": \"000000000042\"}', '8000', 'milenage', 'FEDCBA9876543210FEDCBA9876543210', "
        "'001010000000999'); INSERT INTO SessionManagementSubscriptionData (ueid, servingPlmnid, "
        "singleNssai, dnnConfigurations) VALUES ('001010000000999', '00101', '{\"sst\": 1}', NULL)"
    )
    first = job(artifacts, "first")
    assert first.returncode == 0, first.stderr
    assert "n5gc: 0 subscribers removed" in first.stdout
    ours = "ueid BETWEEN '001010000000001' AND '001010000000030'"
    foreign = table_dump(query, f"NOT ({ours})")
    other_marks = query("SELECT * FROM n5gc_provisioned WHERE network <> 'oai-core' ORDER BY ueid")
    assert len(other_marks.splitlines()) == 30 and "oai-other" in other_marks
    assert "001010000000999" in foreign and "001010000000521" in foreign
    assert ueids(query, "n5gc_provisioned") == our_imsis(1010000000001, 30) | our_imsis(1010000000501, 30)

    # Same intent again: every row as it was, nothing removed.
    before = table_dump(query)
    again = job(artifacts, "first")
    assert again.returncode == 0, again.stderr
    assert "n5gc: 0 subscribers removed" in again.stdout
    assert table_dump(query) == before

    # mIoT down to 5 UEs, but its group's K is too long for OAI's column: the SQL fails after the other
    # groups' upserts (with a rotated K) ran. The transaction rolls back: nothing removed, nothing changed.
    marks = query("SELECT * FROM n5gc_provisioned ORDER BY ueid")
    rotated = "00112233445566778899AABBCCDDEEFF"
    failed = job(
        variant(tmp_path, "failing", miot_count=5, miot_keys=OTHER_KEYS),
        "failing",
        {"ueransim-test-keys.k": rotated, f"{OTHER_KEYS}.k": TOO_LONG_KEY},
    )
    assert failed.returncode != 0 and "encPermanentKey" in failed.stderr, failed.stderr
    assert TOO_LONG_KEY not in failed.stdout + failed.stderr and rotated not in failed.stdout + failed.stderr
    assert table_dump(query) == before
    assert query("SELECT * FROM n5gc_provisioned ORDER BY ueid") == marks

    # The same intent with good keys: the 5 dropped IMSIs leave both tables and the marks; the rest stays.
    shrunk = job(variant(tmp_path, "shrunk", miot_count=5), "shrunk")
    assert shrunk.returncode == 0, shrunk.stderr
    assert "n5gc: 5 subscribers removed" in shrunk.stdout
    dropped, kept = our_imsis(1010000000026, 5), our_imsis(1010000000001, 25)
    for table in ("AuthenticationSubscription", "SessionManagementSubscriptionData", "n5gc_provisioned"):
        present = ueids(query, table)
        assert kept <= present and not dropped & present, table
    assert table_dump(query, f"NOT ({ours})") == foreign
    assert query("SELECT * FROM n5gc_provisioned WHERE network <> 'oai-core' ORDER BY ueid") == other_marks
    assert table_dump(query, f"ueid IN ({','.join(repr(u) for u in sorted(samples))})") == sample_rows
