from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'unit.yaml.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_name = resolve('name')
    l_0_namespace = resolve('namespace')
    l_0_labels = resolve('labels')
    l_0_config_files = resolve('config_files')
    l_0_services = resolve('services')
    l_0_selector = resolve('selector')
    l_0_image = resolve('image')
    l_0_command = resolve('command')
    l_0_args = resolve('args')
    l_0_env = resolve('env')
    l_0_ports = resolve('ports')
    l_0_config_dir = resolve('config_dir')
    l_0_run_dir = resolve('run_dir')
    pass
    yield "# One OAI nr-softmodem process (whole gNB, CU or DU): its libconfig file, the CU's F1 Services, the Deployment.\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "
    yield str(environment.finalize((undefined(name='name') if l_0_name is missing else l_0_name)))
    yield '\n  namespace: '
    yield str(environment.finalize((undefined(name='namespace') if l_0_namespace is missing else l_0_namespace)))
    yield '\n  labels: '
    yield str(environment.finalize((undefined(name='labels') if l_0_labels is missing else l_0_labels)))
    yield '\ndata: '
    yield str(environment.finalize((undefined(name='config_files') if l_0_config_files is missing else l_0_config_files)))
    yield '\n'
    for l_1_service in (undefined(name='services') if l_0_services is missing else l_0_services):
        _loop_vars = {}
        pass
        yield '---\n# A CU endpoint (F1-C, F1-U) under the name the plan gives it; the DU resolves the F1-C name at start.\napiVersion: v1\nkind: Service\nmetadata:\n  name: '
        yield str(environment.finalize(environment.getattr(environment.getattr(l_1_service, 'ref'), 'name')))
        yield '\n  namespace: '
        yield str(environment.finalize(environment.getattr(environment.getattr(l_1_service, 'ref'), 'namespace')))
        yield '\n  labels: '
        yield str(environment.finalize((undefined(name='labels') if l_0_labels is missing else l_0_labels)))
        yield '\nspec:\n  selector: '
        yield str(environment.finalize((undefined(name='selector') if l_0_selector is missing else l_0_selector)))
        yield '\n  ports:\n    - name: '
        yield str(environment.finalize(environment.getattr(l_1_service, 'target')))
        yield '\n      port: '
        yield str(environment.finalize(environment.getattr(environment.getattr(l_1_service, 'ref'), 'port')))
        yield '\n      targetPort: '
        yield str(environment.finalize(environment.getattr(l_1_service, 'target')))
        yield '\n      protocol: '
        yield str(environment.finalize(environment.getattr(environment.getattr(l_1_service, 'ref'), 'protocol')))
        yield '\n'
    l_1_service = missing
    yield '---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: '
    yield str(environment.finalize((undefined(name='name') if l_0_name is missing else l_0_name)))
    yield '\n  namespace: '
    yield str(environment.finalize((undefined(name='namespace') if l_0_namespace is missing else l_0_namespace)))
    yield '\n  labels: '
    yield str(environment.finalize((undefined(name='labels') if l_0_labels is missing else l_0_labels)))
    yield '\nspec:\n  replicas: 1\n  # Never two processes with the same gNB id at once: the AMF (or the CU) would see one setup replace the other.\n  strategy:\n    type: Recreate\n  selector:\n    matchLabels: '
    yield str(environment.finalize((undefined(name='selector') if l_0_selector is missing else l_0_selector)))
    yield '\n  template:\n    metadata:\n      labels: '
    yield str(environment.finalize((undefined(name='labels') if l_0_labels is missing else l_0_labels)))
    yield '\n    spec:\n      containers:\n        - name: nr-softmodem\n          image: '
    yield str(environment.finalize((undefined(name='image') if l_0_image is missing else l_0_image)))
    yield '\n          imagePullPolicy: IfNotPresent\n          command: '
    yield str(environment.finalize((undefined(name='command') if l_0_command is missing else l_0_command)))
    yield '\n          args: '
    yield str(environment.finalize((undefined(name='args') if l_0_args is missing else l_0_args)))
    yield '\n          env: '
    yield str(environment.finalize((undefined(name='env') if l_0_env is missing else l_0_env)))
    yield '\n          ports: '
    yield str(environment.finalize((undefined(name='ports') if l_0_ports is missing else l_0_ports)))
    yield '\n          volumeMounts:\n            - name: config\n              mountPath: '
    yield str(environment.finalize((undefined(name='config_dir') if l_0_config_dir is missing else l_0_config_dir)))
    yield '\n              readOnly: true\n            - name: run\n              mountPath: '
    yield str(environment.finalize((undefined(name='run_dir') if l_0_run_dir is missing else l_0_run_dir)))
    yield '\n      volumes:\n        - name: config\n          configMap:\n            name: '
    yield str(environment.finalize((undefined(name='name') if l_0_name is missing else l_0_name)))
    yield '\n        - name: run\n          emptyDir: {}\n'

blocks = {}
debug_info = '5=25&6=27&7=29&8=31&9=33&15=37&16=39&17=41&19=43&21=45&22=47&23=49&24=51&30=55&31=57&32=59&39=61&42=63&46=65&48=67&49=69&50=71&51=73&54=75&57=77&61=79'
# Generated by scripts/compile-blueprints from blueprints/oai/unit.yaml.j2: do not edit.
DIGEST = 'c451be5319333b9203b2ce95a048e30886f3f06ece5dc62884b8d09553b083d9'
