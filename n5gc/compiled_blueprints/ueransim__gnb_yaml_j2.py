from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'gnb.yaml.j2'

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
    l_0_link = resolve('link')
    l_0_selector = resolve('selector')
    l_0_pod_labels = resolve('pod_labels')
    l_0_image = resolve('image')
    l_0_command = resolve('command')
    l_0_config_dir = resolve('config_dir')
    l_0_run_dir = resolve('run_dir')
    pass
    yield '# A UERANSIM gNB: its config, the headless Service UEs find it by, and the Deployment running nr-gnb.\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: '
    yield str(environment.finalize((undefined(name='name') if l_0_name is missing else l_0_name)))
    yield '\n  namespace: '
    yield str(environment.finalize((undefined(name='namespace') if l_0_namespace is missing else l_0_namespace)))
    yield '\n  labels: '
    yield str(environment.finalize((undefined(name='labels') if l_0_labels is missing else l_0_labels)))
    yield '\ndata: '
    yield str(environment.finalize((undefined(name='config_files') if l_0_config_files is missing else l_0_config_files)))
    yield "\n---\n# Headless on purpose: the Service DNS name resolves straight to the gNB pod IP, so the radio\n# link (UDP) and the pod's own linkIp are the same address, with no NAT in between.\napiVersion: v1\nkind: Service\nmetadata:\n  name: "
    yield str(environment.finalize(environment.getattr((undefined(name='link') if l_0_link is missing else l_0_link), 'name')))
    yield '\n  namespace: '
    yield str(environment.finalize(environment.getattr((undefined(name='link') if l_0_link is missing else l_0_link), 'namespace')))
    yield '\n  labels: '
    yield str(environment.finalize((undefined(name='labels') if l_0_labels is missing else l_0_labels)))
    yield '\nspec:\n  clusterIP: None\n  publishNotReadyAddresses: true\n  selector: '
    yield str(environment.finalize((undefined(name='selector') if l_0_selector is missing else l_0_selector)))
    yield '\n  ports:\n    - name: rls\n      port: '
    yield str(environment.finalize(environment.getattr((undefined(name='link') if l_0_link is missing else l_0_link), 'port')))
    yield '\n      targetPort: '
    yield str(environment.finalize(environment.getattr((undefined(name='link') if l_0_link is missing else l_0_link), 'port')))
    yield '\n      protocol: '
    yield str(environment.finalize(environment.getattr((undefined(name='link') if l_0_link is missing else l_0_link), 'protocol')))
    yield '\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: '
    yield str(environment.finalize((undefined(name='name') if l_0_name is missing else l_0_name)))
    yield '\n  namespace: '
    yield str(environment.finalize((undefined(name='namespace') if l_0_namespace is missing else l_0_namespace)))
    yield '\n  labels: '
    yield str(environment.finalize((undefined(name='labels') if l_0_labels is missing else l_0_labels)))
    yield '\nspec:\n  replicas: 1\n  # Never two gNBs with the same gNB id at once: the AMF would see one NG Setup replace the other.\n  strategy:\n    type: Recreate\n  selector:\n    matchLabels: '
    yield str(environment.finalize((undefined(name='selector') if l_0_selector is missing else l_0_selector)))
    yield '\n  template:\n    metadata:\n      labels: '
    yield str(environment.finalize((undefined(name='pod_labels') if l_0_pod_labels is missing else l_0_pod_labels)))
    yield '\n    spec:\n      containers:\n        - name: gnb\n          image: '
    yield str(environment.finalize((undefined(name='image') if l_0_image is missing else l_0_image)))
    yield '\n          imagePullPolicy: IfNotPresent\n          command: '
    yield str(environment.finalize((undefined(name='command') if l_0_command is missing else l_0_command)))
    yield '\n          env:\n            - name: POD_IP\n              valueFrom:\n                fieldRef:\n                  fieldPath: status.podIP\n          ports:\n            - name: rls\n              containerPort: '
    yield str(environment.finalize(environment.getattr((undefined(name='link') if l_0_link is missing else l_0_link), 'port')))
    yield '\n              protocol: '
    yield str(environment.finalize(environment.getattr((undefined(name='link') if l_0_link is missing else l_0_link), 'protocol')))
    yield '\n          volumeMounts:\n            - name: config\n              mountPath: '
    yield str(environment.finalize((undefined(name='config_dir') if l_0_config_dir is missing else l_0_config_dir)))
    yield '\n              readOnly: true\n            - name: run\n              mountPath: '
    yield str(environment.finalize((undefined(name='run_dir') if l_0_run_dir is missing else l_0_run_dir)))
    yield '\n      volumes:\n        - name: config\n          configMap:\n            name: '
    yield str(environment.finalize((undefined(name='name') if l_0_name is missing else l_0_name)))
    yield '\n        - name: run\n          emptyDir: {}\n'

blocks = {}
debug_info = '5=23&6=25&7=27&8=29&15=31&16=33&17=35&21=37&24=39&25=41&26=43&31=45&32=47&33=49&40=51&43=53&47=55&49=57&57=59&58=61&61=63&64=65&68=67'
# Generated by scripts/compile-blueprints from blueprints/ueransim/gnb.yaml.j2: do not edit.
DIGEST = '456506fef20c3c22ba4bed207db4f82d7f062cd9ddf1b66a65d1b97e02283f48'
