from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'subscribers-job.yaml.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_name = resolve('name')
    l_0_namespace = resolve('namespace')
    l_0_labels = resolve('labels')
    l_0_image = resolve('image')
    l_0_command = resolve('command')
    l_0_provisioning_dir = resolve('provisioning_dir')
    l_0_keys_dir = resolve('keys_dir')
    l_0_mysql_host = resolve('mysql_host')
    l_0_mysql_port = resolve('mysql_port')
    l_0_mysql_user = resolve('mysql_user')
    l_0_database = resolve('database')
    l_0_mysql_secret = resolve('mysql_secret')
    l_0_password_key = resolve('password_key')
    l_0_key_mode = resolve('key_mode')
    try:
        t_1 = environment.filters['string']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'string' found.")
    pass
    yield 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: '
    yield str(environment.finalize((undefined(name='name') if l_0_name is missing else l_0_name)))
    yield '\n  namespace: '
    yield str(environment.finalize((undefined(name='namespace') if l_0_namespace is missing else l_0_namespace)))
    yield '\n  labels: '
    yield str(environment.finalize((undefined(name='labels') if l_0_labels is missing else l_0_labels)))
    yield "\n  annotations:\n    # A Job's pod template is immutable: when the subscriber list changes (the pod template's\n    # n5gc.io/subscribers-checksum), the GitOps engine must recreate the Job rather than patch it.\n    argocd.argoproj.io/sync-options: Force=true,Replace=true\n    kustomize.toolkit.fluxcd.io/force: enabled\nspec:\n  # MySQL may come up after the Job: failed attempts are retried.\n  backoffLimit: 20\n  template:\n    metadata:\n      labels: "
    yield str(environment.finalize((undefined(name='labels') if l_0_labels is missing else l_0_labels)))
    yield '\n    spec:\n      restartPolicy: OnFailure\n      automountServiceAccountToken: false\n      securityContext:\n        runAsNonRoot: true\n        runAsUser: 999\n        runAsGroup: 999\n        fsGroup: 999\n        seccompProfile:\n          type: RuntimeDefault\n      containers:\n        - name: provision\n          image: '
    yield str(environment.finalize((undefined(name='image') if l_0_image is missing else l_0_image)))
    yield '\n          command: '
    yield str(environment.finalize((undefined(name='command') if l_0_command is missing else l_0_command)))
    yield '\n          env:\n            - name: N5GC_PROVISIONING\n              value: '
    yield str(environment.finalize((undefined(name='provisioning_dir') if l_0_provisioning_dir is missing else l_0_provisioning_dir)))
    yield '\n            - name: N5GC_KEYS\n              value: '
    yield str(environment.finalize((undefined(name='keys_dir') if l_0_keys_dir is missing else l_0_keys_dir)))
    yield '\n            - name: N5GC_MYSQL_HOST\n              value: '
    yield str(environment.finalize((undefined(name='mysql_host') if l_0_mysql_host is missing else l_0_mysql_host)))
    yield '\n            - name: N5GC_MYSQL_PORT\n              value: '
    yield str(environment.finalize(t_1((undefined(name='mysql_port') if l_0_mysql_port is missing else l_0_mysql_port))))
    yield '\n            - name: N5GC_MYSQL_USER\n              value: '
    yield str(environment.finalize((undefined(name='mysql_user') if l_0_mysql_user is missing else l_0_mysql_user)))
    yield '\n            - name: N5GC_DATABASE\n              value: '
    yield str(environment.finalize((undefined(name='database') if l_0_database is missing else l_0_database)))
    yield '\n            # The mysql client reads the password from MYSQL_PWD: it never appears on a command line.\n            - name: MYSQL_PWD\n              valueFrom:\n                secretKeyRef:\n                  name: '
    yield str(environment.finalize((undefined(name='mysql_secret') if l_0_mysql_secret is missing else l_0_mysql_secret)))
    yield '\n                  key: '
    yield str(environment.finalize((undefined(name='password_key') if l_0_password_key is missing else l_0_password_key)))
    yield '\n            - name: HOME\n              value: /tmp\n          securityContext:\n            allowPrivilegeEscalation: false\n            readOnlyRootFilesystem: true\n            capabilities:\n              drop:\n                - ALL\n          volumeMounts:\n            - name: provisioning\n              mountPath: '
    yield str(environment.finalize((undefined(name='provisioning_dir') if l_0_provisioning_dir is missing else l_0_provisioning_dir)))
    yield '\n              readOnly: true\n            - name: keys\n              mountPath: '
    yield str(environment.finalize((undefined(name='keys_dir') if l_0_keys_dir is missing else l_0_keys_dir)))
    yield '\n              readOnly: true\n            - name: tmp\n              mountPath: /tmp\n      volumes:\n        - name: provisioning\n          configMap:\n            name: '
    yield str(environment.finalize((undefined(name='name') if l_0_name is missing else l_0_name)))
    yield '\n        - name: keys\n          secret:\n            secretName: '
    yield str(environment.finalize((undefined(name='name') if l_0_name is missing else l_0_name)))
    yield '\n            defaultMode: '
    yield str(environment.finalize((undefined(name='key_mode') if l_0_key_mode is missing else l_0_key_mode)))
    yield '\n        - name: tmp\n          emptyDir: {}\n'

blocks = {}
debug_info = '10=32&11=34&12=36&23=38&36=40&37=42&40=44&42=46&44=48&46=50&48=52&50=54&55=56&56=58&67=60&70=62&77=64&80=66&81=68'
# Generated by scripts/compile-blueprints from blueprints/oai_cn/subscribers-job.yaml.j2: do not edit.
DIGEST = 'fd117c928db207b34dea13778670616ca1cd71bf0547b0dad1282bdc72d69180'
