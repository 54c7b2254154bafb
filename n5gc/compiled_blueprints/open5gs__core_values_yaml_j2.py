from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'core-values.yaml.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_core = resolve('core')
    l_0_fullnames = resolve('fullnames')
    l_0_chart_labels = resolve('chart_labels')
    l_0_disabled = resolve('disabled')
    l_0_plmn = resolve('plmn')
    l_0_nrf_uri = resolve('nrf_uri')
    l_0_plan = resolve('plan')
    l_0_amf_id = resolve('amf_id')
    l_0_snssais = resolve('snssais')
    l_0_sbi = resolve('sbi')
    l_0_node_port = resolve('node_port')
    try:
        t_1 = environment.filters['list']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'list' found.")
    try:
        t_2 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    yield "# The umbrella's own dbURI defaults to mongodb://<release>-mongodb/open5gs; MongoDB's fullname\n# is overridden below, so the URI is set to match it.\ndbURI: "
    yield str(environment.finalize(environment.getattr((undefined(name='core') if l_0_core is missing else l_0_core), 'database_uri')))
    yield "\n# populate.initCommands would put K/OPc on a Deployment's command line: n5gc provisions\n# subscribers with its own Job that reads the keys from a Secret.\npopulate:\n  enabled: false\nmongodb:\n  enabled: true\n  fullnameOverride: "
    yield str(environment.finalize(environment.getattr((undefined(name='fullnames') if l_0_fullnames is missing else l_0_fullnames), 'mongodb')))
    yield '\n  auth:\n    enabled: false\n  commonLabels: '
    yield str(environment.finalize((undefined(name='chart_labels') if l_0_chart_labels is missing else l_0_chart_labels)))
    yield '\n# 4G NFs and SEPP are not part of a 5G SA core; SMF and UPF run as per-slice releases.\n'
    for l_1_alias in (undefined(name='disabled') if l_0_disabled is missing else l_0_disabled):
        _loop_vars = {}
        pass
        yield str(environment.finalize(l_1_alias))
        yield ':\n  enabled: false\n'
    l_1_alias = missing
    yield 'nrf:\n  enabled: true\n  fullnameOverride: '
    yield str(environment.finalize(environment.getattr((undefined(name='fullnames') if l_0_fullnames is missing else l_0_fullnames), 'nrf')))
    yield '\n  commonLabels: '
    yield str(environment.finalize((undefined(name='chart_labels') if l_0_chart_labels is missing else l_0_chart_labels)))
    yield '\n  config:\n    logLevel: info\n    servingList:\n      - plmn_id: '
    yield str(environment.finalize((undefined(name='plmn') if l_0_plmn is missing else l_0_plmn)))
    yield '\nscp:\n  enabled: true\n  fullnameOverride: '
    yield str(environment.finalize(environment.getattr((undefined(name='fullnames') if l_0_fullnames is missing else l_0_fullnames), 'scp')))
    yield '\n  commonLabels: '
    yield str(environment.finalize((undefined(name='chart_labels') if l_0_chart_labels is missing else l_0_chart_labels)))
    yield '\n  dbURI: '
    yield str(environment.finalize(environment.getattr((undefined(name='core') if l_0_core is missing else l_0_core), 'database_uri')))
    yield '\n  mongodb:\n    enabled: false\n  config:\n    logLevel: info\n    sbi:\n      client:\n        nrf:\n          enabled: true\n          uri: '
    yield str(environment.finalize((undefined(name='nrf_uri') if l_0_nrf_uri is missing else l_0_nrf_uri)))
    yield '\namf:\n  enabled: true\n  fullnameOverride: '
    yield str(environment.finalize(environment.getattr((undefined(name='fullnames') if l_0_fullnames is missing else l_0_fullnames), 'amf')))
    yield '\n  commonLabels: '
    yield str(environment.finalize((undefined(name='chart_labels') if l_0_chart_labels is missing else l_0_chart_labels)))
    yield '\n  config:\n    logLevel: info\n    networkName: '
    yield str(environment.finalize(environment.getattr((undefined(name='plan') if l_0_plan is missing else l_0_plan), 'network')))
    yield '\n    guamiList:\n      - plmn_id: '
    yield str(environment.finalize((undefined(name='plmn') if l_0_plmn is missing else l_0_plmn)))
    yield '\n        amf_id: '
    yield str(environment.finalize((undefined(name='amf_id') if l_0_amf_id is missing else l_0_amf_id)))
    yield '\n    taiList:\n      - plmn_id: '
    yield str(environment.finalize((undefined(name='plmn') if l_0_plmn is missing else l_0_plmn)))
    yield '\n        tac: '
    yield str(environment.finalize(t_1(context.eval_ctx, environment.getattr((undefined(name='core') if l_0_core is missing else l_0_core), 'tacs'))))
    yield '\n    plmnList:\n      - plmn_id: '
    yield str(environment.finalize((undefined(name='plmn') if l_0_plmn is missing else l_0_plmn)))
    yield '\n        s_nssai: '
    yield str(environment.finalize((undefined(name='snssais') if l_0_snssais is missing else l_0_snssais)))
    yield '\n    sbi: '
    yield str(environment.finalize((undefined(name='sbi') if l_0_sbi is missing else l_0_sbi)))
    yield '\n  services:\n    ngap:\n      type: '
    yield str(environment.finalize(environment.getattr((undefined(name='core') if l_0_core is missing else l_0_core), 'n2_service')))
    yield '\n'
    if (not t_2((undefined(name='node_port') if l_0_node_port is missing else l_0_node_port))):
        pass
        yield '      nodePorts:\n        ngap: '
        yield str(environment.finalize((undefined(name='node_port') if l_0_node_port is missing else l_0_node_port)))
        yield '\n'
    for l_1_alias in ('ausf', 'udm', 'bsf'):
        _loop_vars = {}
        pass
        yield str(environment.finalize(l_1_alias))
        yield ':\n  enabled: true\n  fullnameOverride: '
        yield str(environment.finalize(environment.getitem((undefined(name='fullnames') if l_0_fullnames is missing else l_0_fullnames), l_1_alias)))
        yield '\n  commonLabels: '
        yield str(environment.finalize((undefined(name='chart_labels') if l_0_chart_labels is missing else l_0_chart_labels)))
        yield '\n  config:\n    logLevel: info\n    sbi: '
        yield str(environment.finalize((undefined(name='sbi') if l_0_sbi is missing else l_0_sbi)))
        yield '\n'
    l_1_alias = missing
    for l_1_alias in ('udr', 'pcf'):
        _loop_vars = {}
        pass
        yield str(environment.finalize(l_1_alias))
        yield ':\n  enabled: true\n  fullnameOverride: '
        yield str(environment.finalize(environment.getitem((undefined(name='fullnames') if l_0_fullnames is missing else l_0_fullnames), l_1_alias)))
        yield '\n  commonLabels: '
        yield str(environment.finalize((undefined(name='chart_labels') if l_0_chart_labels is missing else l_0_chart_labels)))
        yield '\n  dbURI: '
        yield str(environment.finalize(environment.getattr((undefined(name='core') if l_0_core is missing else l_0_core), 'database_uri')))
        yield '\n  mongodb:\n    enabled: false\n  config:\n    logLevel: info\n    sbi: '
        yield str(environment.finalize((undefined(name='sbi') if l_0_sbi is missing else l_0_sbi)))
        yield '\n'
    l_1_alias = missing
    yield 'nssf:\n  enabled: true\n  fullnameOverride: '
    yield str(environment.finalize(environment.getattr((undefined(name='fullnames') if l_0_fullnames is missing else l_0_fullnames), 'nssf')))
    yield '\n  commonLabels: '
    yield str(environment.finalize((undefined(name='chart_labels') if l_0_chart_labels is missing else l_0_chart_labels)))
    yield '\n  config:\n    logLevel: info\n    sbi: '
    yield str(environment.finalize((undefined(name='sbi') if l_0_sbi is missing else l_0_sbi)))
    yield '\n    # One network slice instance per S-NSSAI, all served by the one NRF.\n    nsiList:\n'
    for l_1_s in (undefined(name='snssais') if l_0_snssais is missing else l_0_snssais):
        _loop_vars = {}
        pass
        yield '      - uri: '
        yield str(environment.finalize((undefined(name='nrf_uri') if l_0_nrf_uri is missing else l_0_nrf_uri)))
        yield '\n        sst: '
        yield str(environment.finalize(environment.getattr(l_1_s, 'sst')))
        yield '\n'
        if ('sd' in l_1_s):
            pass
            yield '        sd: '
            yield str(environment.finalize(environment.getattr(l_1_s, 'sd')))
            yield '\n'
    l_1_s = missing
    yield 'webui:\n  enabled: true\n  fullnameOverride: '
    yield str(environment.finalize(environment.getattr((undefined(name='fullnames') if l_0_fullnames is missing else l_0_fullnames), 'webui')))
    yield '\n  commonLabels: '
    yield str(environment.finalize((undefined(name='chart_labels') if l_0_chart_labels is missing else l_0_chart_labels)))
    yield '\n  dbURI: '
    yield str(environment.finalize(environment.getattr((undefined(name='core') if l_0_core is missing else l_0_core), 'database_uri')))
    yield '\n  mongodb:\n    enabled: false\n  # No host name is known for an Ingress: reach the WebUI with kubectl port-forward.\n  ingress:\n    enabled: false\n'

blocks = {}
debug_info = '9=35&16=37&19=39&21=41&22=44&27=48&28=50&32=52&35=54&36=56&37=58&46=60&49=62&50=64&53=66&55=68&56=70&58=72&59=74&61=76&62=78&63=80&66=82&67=84&69=87&71=89&72=92&74=94&75=96&78=98&80=101&81=104&83=106&84=108&85=110&90=112&94=116&95=118&98=120&101=122&102=126&103=128&104=130&105=133&110=137&111=139&112=141'
# Generated by scripts/compile-blueprints from blueprints/open5gs/core-values.yaml.j2: do not edit.
DIGEST = '0d3ca91904fbcfe3ac4f3bb6c5e15e08ee6319f1c1c64427b75418db3db06e6d'
