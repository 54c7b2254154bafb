from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'subscribers-configmap.yaml.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_name = resolve('name')
    l_0_namespace = resolve('namespace')
    l_0_labels = resolve('labels')
    l_0_subscribers_json = resolve('subscribers_json')
    l_0_sql = resolve('sql')
    l_0_credentials = resolve('credentials')
    pass
    yield 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: '
    yield str(environment.finalize((undefined(name='name') if l_0_name is missing else l_0_name)))
    yield '\n  namespace: '
    yield str(environment.finalize((undefined(name='namespace') if l_0_namespace is missing else l_0_namespace)))
    yield '\n  labels: '
    yield str(environment.finalize((undefined(name='labels') if l_0_labels is missing else l_0_labels)))
    yield '\ndata:\n  subscribers.json: '
    yield str(environment.finalize((undefined(name='subscribers_json') if l_0_subscribers_json is missing else l_0_subscribers_json)))
    yield '\n  provision.sql: '
    yield str(environment.finalize((undefined(name='sql') if l_0_sql is missing else l_0_sql)))
    yield '\n  provision.sh: |\n    #!/bin/bash\n    # n5gc: provision OAI 5G Core subscribers into MySQL (oai_db). K, OPc and AMF are read at run\n    # time from the mounted Secret ($N5GC_KEYS/<credentials>.k, .opc, .amf) and reach mysql on\n    # its standard input as session variables, never on a command line; provision.sql holds no key.\n    # Idempotent: every IMSI is upserted; the SQN of an existing subscriber is never touched.\n    # Lifecycle (provision.sql): every IMSI upserted is marked in n5gc\'s own table n5gc_provisioned\n    # (ueid, network, run: a fresh UUID); after the last upsert, in the same transaction, the ueids\n    # marked for this network by an earlier run (IMSIs the intent no longer lists) are deleted.\n    # Unmarked rows (OAI\'s samples, hand-made ones) and other networks\' are never touched; mysql\n    # stops at the first error and the transaction rolls back, so a failed run deletes nothing.\n    set -euo pipefail\n    key() {\n      local value\n      value="$(tr -d \'[:space:]\' < "$N5GC_KEYS/$1.$2")"\n      if [[ ! "$value" =~ ^[0-9A-Fa-f]+$ ]]; then\n        echo "n5gc: credentials $1: $2 is not hexadecimal" >&2\n        exit 1\n      fi\n      printf \'%s\' "$value"\n    }\n    for attempt in $(seq 1 60); do\n      if mysql --host="$N5GC_MYSQL_HOST" --port="$N5GC_MYSQL_PORT" --user="$N5GC_MYSQL_USER" \\\n          --execute=\'SELECT 1 FROM AuthenticationSubscription LIMIT 1\' "$N5GC_DATABASE" > /dev/null; then\n        break\n      fi\n      echo "n5gc: waiting for MySQL and the $N5GC_DATABASE tables ($attempt)"\n      sleep 5\n    done\n    # Plain assignments: a key that fails its check stops the script here (set -e), before mysql runs.\n'
    l_1_loop = missing
    for l_1_name, l_1_loop in LoopContext((undefined(name='credentials') if l_0_credentials is missing else l_0_credentials), undefined):
        _loop_vars = {}
        pass
        yield '    k_'
        yield str(environment.finalize(environment.getattr(l_1_loop, 'index0')))
        yield '="$(key '
        yield str(environment.finalize(l_1_name))
        yield ' k)"\n    opc_'
        yield str(environment.finalize(environment.getattr(l_1_loop, 'index0')))
        yield '="$(key '
        yield str(environment.finalize(l_1_name))
        yield ' opc)"\n    amf_'
        yield str(environment.finalize(environment.getattr(l_1_loop, 'index0')))
        yield '="$(key '
        yield str(environment.finalize(l_1_name))
        yield ' amf)"\n'
    l_1_loop = l_1_name = missing
    yield '    {\n'
    l_1_loop = missing
    for l_1_name, l_1_loop in LoopContext((undefined(name='credentials') if l_0_credentials is missing else l_0_credentials), undefined):
        _loop_vars = {}
        pass
        yield '      printf "SET @k_%s = \'%s\', @opc_%s = \'%s\', @amf_%s = \'%s\';\\n" '
        yield str(environment.finalize(environment.getattr(l_1_loop, 'index0')))
        yield ' "$k_'
        yield str(environment.finalize(environment.getattr(l_1_loop, 'index0')))
        yield '" '
        yield str(environment.finalize(environment.getattr(l_1_loop, 'index0')))
        yield ' "$opc_'
        yield str(environment.finalize(environment.getattr(l_1_loop, 'index0')))
        yield '" '
        yield str(environment.finalize(environment.getattr(l_1_loop, 'index0')))
        yield ' "$amf_'
        yield str(environment.finalize(environment.getattr(l_1_loop, 'index0')))
        yield '"\n'
    l_1_loop = l_1_name = missing
    yield '\n      cat "$N5GC_PROVISIONING/provision.sql"\n    } | mysql --host="$N5GC_MYSQL_HOST" --port="$N5GC_MYSQL_PORT" --user="$N5GC_MYSQL_USER" \\\n        --skip-column-names "$N5GC_DATABASE"\n    echo "n5gc: subscribers provisioned"\n'

blocks = {}
debug_info = '6=18&7=20&8=22&10=24&11=26&43=29&44=33&45=37&46=41&49=48&50=52'
# Generated by scripts/compile-blueprints from blueprints/oai_cn/subscribers-configmap.yaml.j2: do not edit.
DIGEST = '2b048ecb36dc7723a5bbfec779b46e14e363ce6f1422ce6526f74489e19efe7a'
