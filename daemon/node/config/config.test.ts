import { expect } from 'chai';
import { parse as parseYaml } from 'yaml';

import {
  loadNodeConfig,
  NodeConfigError,
  printNodeConfig,
  REDACTED,
  schemaKeys,
  NODE_CONFIG_SCHEMA,
} from './index.js';
import type { ConfigIssue, NodeConfigInput } from './index.js';

const ETCD_FILE = {
  path: '/etc/twill/node.yaml',
  text: 'datastore:\n  type: etcd\n  etcd:\n    endpoints: [http://10.0.0.1:2379]\n',
};

function issuesOf(input: NodeConfigInput): ConfigIssue[] {
  try {
    loadNodeConfig(input);
  } catch (error) {
    if (error instanceof NodeConfigError) return [...error.issues];
    throw error;
  }
  expect.fail('expected a NodeConfigError');
}

function onlyIssue(input: NodeConfigInput): ConfigIssue {
  const issues = issuesOf(input);
  expect(issues, JSON.stringify(issues)).to.have.length(1);
  return issues[0] as ConfigIssue;
}

function file(text: string): NodeConfigInput['file'] {
  return { path: '/etc/twill/node.yaml', text };
}

describe('twill-node config', () => {
  it('reads the control socket, restart marker and graceful-restart time from the environment', () => {
    const { config } = loadNodeConfig({
      env: {
        TWILL_CONTROL_SOCKET: '/tmp/n1.sock',
        TWILL_RESTART_STATE_FILE: '/tmp/n1.json',
        TWILL_BGP_GRACEFUL_RESTART_TIME: '30',
      },
      hostname: 'n1',
    });
    expect(config.control.socket).to.equal('/tmp/n1.sock');
    expect(config.restart.stateFile).to.equal('/tmp/n1.json');
    expect(config.bgp.gracefulRestartTimeSec).to.equal(30);
    // RFC 4724 §3: 12 bits.
    expect(onlyIssue({ env: { TWILL_BGP_GRACEFUL_RESTART_TIME: '5000' }, hostname: 'n1' }).key).to.equal(
      'bgp.gracefulRestartTimeSec',
    );
  });

  it('gives the defaults an operator expects, with the host name as node name', () => {
    const { config, unusedEnvironment } = loadNodeConfig({ env: {}, hostname: 'Worker-1' });
    expect(config.nodeName).to.equal('worker-1');
    expect(config.datastore.type).to.equal('kubernetes');
    expect(config.bgp).to.deep.equal({
      enabled: true,
      listenPort: 179,
      gracefulRestartTimeSec: 120,
      passwordSecrets: { namespace: '' },
    });
    const env = { TWILL_BGP_PASSWORD_SECRETS_NAMESPACE: 'net-system' };
    expect(loadNodeConfig({ env, hostname: 'w' }).config.bgp.passwordSecrets.namespace).to.equal(
      'net-system',
    );
    expect(config.control.socket).to.equal('/run/twill/node.sock');
    expect(config.restart.stateFile).to.equal('/run/twill/node-restart.json');
    expect(config.autodetection).to.deep.equal({ ipv4: { kind: 'first-found' }, ipv6: { kind: 'none' } });
    expect(config.dataplane).to.include({ routeTable: 254, routeProtocol: 84, mtu: 0, vxlanVni: 4096 });
    expect(config.policy.enabled).to.equal(true);
    expect(config.policy.failsafeInboundPorts).to.deep.include({ protocol: 'TCP', port: 179 });
    expect(config.policy.failsafeInboundPorts).to.deep.include({ protocol: 'UDP', port: 3784 });
    expect(config.metrics.listen).to.equal('0.0.0.0:9091');
    expect(unusedEnvironment).to.deep.equal([]);
  });

  it('lets the environment win over the file and records each source', () => {
    const loaded = loadNodeConfig({
      file: file('nodeName: from-file\nbgp:\n  listenPort: 1790\nlog:\n  level: debug\n'),
      env: {
        TWILL_BGP_LISTEN_PORT: '1791',
        TWILL_NODENAME: 'from-env',
        TWILL_BGP_ENABLE: 'true',
        HOME: '/root',
      },
    });
    expect(loaded.config.bgp.listenPort).to.equal(1791);
    expect(loaded.config.nodeName).to.equal('from-env');
    expect(loaded.config.log.level).to.equal('debug');
    expect(loaded.sources.get('bgp.listenPort')).to.deep.equal({
      kind: 'env',
      variable: 'TWILL_BGP_LISTEN_PORT',
    });
    expect(loaded.sources.get('log.level')).to.deep.equal({ kind: 'file', path: '/etc/twill/node.yaml' });
    expect(loaded.sources.get('log.format')).to.deep.equal({ kind: 'default' });
    // A typo'd variable is not silently ignored: the caller logs it.
    expect(loaded.unusedEnvironment).to.deep.equal(['TWILL_BGP_ENABLE']);
  });

  it('reads JSON files too, and lists from comma-separated variables', () => {
    const { config } = loadNodeConfig({
      file: { path: '/etc/twill/node.json', text: '{"nodeName": "n1", "datastore": {"type": "typha"}}' },
      env: {
        TWILL_TYPHA_ADDRESSES: '10.0.0.5:5473, [fd00::5]:5473',
        TWILL_TYPHA_CA_FILE: '/ca.pem',
        TWILL_TYPHA_CERT_FILE: '/c.pem',
        TWILL_TYPHA_KEY_FILE: '/k.pem',
        TWILL_FAILSAFE_INBOUND_PORTS: 'tcp:22,UDP:53',
      },
    });
    const unix = loadNodeConfig({
      env: { TWILL_ETCD_ENDPOINTS: 'unix:///run/etcd.sock,https://10.0.0.1:2379' },
      hostname: 'n',
    });
    expect(unix.config.datastore.etcd.endpoints).to.deep.equal([
      'unix:///run/etcd.sock',
      'https://10.0.0.1:2379',
    ]);
    expect(config.datastore.typha.addresses).to.deep.equal(['10.0.0.5:5473', '[fd00::5]:5473']);
    expect(config.policy.failsafeInboundPorts).to.deep.equal([
      { protocol: 'TCP', port: 22 },
      { protocol: 'UDP', port: 53 },
    ]);
  });

  describe('validation names the key and the source', () => {
    const cases: Array<[string, NodeConfigInput, string, string, RegExp]> = [
      [
        'an unknown key in the file',
        { file: file('bgp:\n  listenPrt: 179\n'), env: {}, hostname: 'n' },
        'bgp.listenPrt',
        'file',
        /unknown key/,
      ],
      [
        'an unknown top-level key',
        { file: file('foo: 1\n'), env: {}, hostname: 'n' },
        'foo',
        'file',
        /unknown key/,
      ],
      [
        'a scalar where a group belongs',
        { file: file('log: debug\n'), env: {}, hostname: 'n' },
        'log',
        'file',
        /mapping/,
      ],
      [
        'a datastore type outside the enum',
        { env: { TWILL_DATASTORE_TYPE: 'consul' }, hostname: 'n' },
        'datastore.type',
        'env',
        /etcd.*kubernetes.*typha/,
      ],
      [
        'etcd without endpoints',
        { env: { TWILL_DATASTORE_TYPE: 'etcd' }, hostname: 'n' },
        'datastore.etcd.endpoints',
        'default',
        /required when datastore.type is etcd/,
      ],
      [
        'an endpoint that is no URL',
        {
          file: file('datastore:\n  type: etcd\n  etcd:\n    endpoints: [10.0.0.1:2379]\n'),
          env: {},
          hostname: 'n',
        },
        'datastore.etcd.endpoints',
        'file',
        /scheme must be http or https|not a URL/,
      ],
      [
        'a certificate without its key',
        { file: ETCD_FILE, env: { TWILL_ETCD_CERT_FILE: '/c.pem' }, hostname: 'n' },
        'datastore.etcd.keyFile',
        'default',
        /together/,
      ],
      [
        'a relative TLS path',
        { file: ETCD_FILE, env: { TWILL_ETCD_CA_FILE: 'ca.pem' }, hostname: 'n' },
        'datastore.etcd.caFile',
        'env',
        /absolute path/,
      ],
      [
        'a password without a user',
        { file: ETCD_FILE, env: { TWILL_ETCD_PASSWORD: 's3cret' }, hostname: 'n' },
        'datastore.etcd.username',
        'default',
        /required with a password/,
      ],
      [
        'typha without addresses',
        {
          env: {
            TWILL_DATASTORE_TYPE: 'typha',
            TWILL_TYPHA_CA_FILE: '/a',
            TWILL_TYPHA_CERT_FILE: '/b',
            TWILL_TYPHA_KEY_FILE: '/c',
          },
          hostname: 'n',
        },
        'datastore.typha.addresses',
        'default',
        /required/,
      ],
      [
        'a typha address without a port',
        { env: { TWILL_TYPHA_ADDRESSES: '10.0.0.5' }, hostname: 'n' },
        'datastore.typha.addresses',
        'env',
        /HOST:PORT/,
      ],
      [
        'a boolean spelled yes',
        { env: { TWILL_BGP_ENABLED: 'yes' }, hostname: 'n' },
        'bgp.enabled',
        'env',
        /true or false/,
      ],
      [
        'a port with trailing junk',
        { env: { TWILL_BGP_LISTEN_PORT: '179x' }, hostname: 'n' },
        'bgp.listenPort',
        'env',
        /integer from 1 to 65535/,
      ],
      [
        'a port out of range',
        { file: file('bgp:\n  listenPort: 70000\n'), env: {}, hostname: 'n' },
        'bgp.listenPort',
        'file',
        /integer from 1 to 65535/,
      ],
      [
        'a kernel-owned route protocol',
        { env: { TWILL_ROUTE_PROTOCOL: '2' }, hostname: 'n' },
        'dataplane.routeProtocol',
        'env',
        /5 to 255/,
      ],
      [
        'a VNI over 24 bits',
        { env: { TWILL_VXLAN_VNI: '16777216' }, hostname: 'n' },
        'dataplane.vxlanVni',
        'env',
        /1 to 16777215/,
      ],
      [
        'an unknown log level',
        { env: { TWILL_LOG_LEVEL: 'verbose' }, hostname: 'n' },
        'log.level',
        'env',
        /debug, info, warn, error/,
      ],
      [
        'a bad interface regex',
        { env: { TWILL_IP_AUTODETECTION_METHOD: 'interface=eth[' }, hostname: 'n' },
        'autodetection.ipv4',
        'env',
        /not a regular expression/,
      ],
      [
        'an IPv6 address as IPv4 method',
        { env: { TWILL_IP_AUTODETECTION_METHOD: 'fd00::1' }, hostname: 'n' },
        'autodetection.ipv4',
        'env',
        /not a method/,
      ],
      [
        'a bad CIDR in cidr=',
        { file: file('autodetection:\n  ipv6: cidr=fd00::/64,10.0.0.0/8\n'), env: {}, hostname: 'n' },
        'autodetection.ipv6',
        'file',
        /"10.0.0.0\/8" is not an IPv6 CIDR/,
      ],
      [
        'an unknown method',
        { env: { TWILL_IP_AUTODETECTION_METHOD: 'gateway=eth0' }, hostname: 'n' },
        'autodetection.ipv4',
        'env',
        /unknown method "gateway"/,
      ],
      [
        'no address family with BGP on',
        { env: { TWILL_IP_AUTODETECTION_METHOD: 'none' }, hostname: 'n' },
        'autodetection.ipv4',
        'env',
        /no address/,
      ],
      [
        'a bad failsafe port',
        { env: { TWILL_FAILSAFE_INBOUND_PORTS: 'tcp:22,sctp:9' }, hostname: 'n' },
        'policy.failsafeInboundPorts',
        'env',
        /"sctp:9" is not PROTOCOL:PORT/,
      ],
      [
        'a listen address without a port',
        { env: { TWILL_METRICS_LISTEN: '0.0.0.0' }, hostname: 'n' },
        'metrics.listen',
        'env',
        /HOST:PORT.*off/,
      ],
      [
        'an upper-case node name',
        { env: { TWILL_NODENAME: 'Node_1' }, hostname: 'n' },
        'nodeName',
        'env',
        /not a Node resource name/,
      ],
      ['no node name at all', { env: {} }, 'nodeName', 'default', /empty/],
    ];
    for (const [title, input, key, source, message] of cases) {
      it(title, () => {
        const issue = onlyIssue(input);
        expect(issue.key).to.equal(key);
        expect(issue.source.kind).to.equal(source);
        expect(issue.message).to.match(message);
      });
    }

    it('reports every problem at once, each line naming its key and source', () => {
      let message = '';
      try {
        loadNodeConfig({
          file: file('bgp:\n  listenPort: 0\nfoo: 1\n'),
          env: { TWILL_MTU: 'big' },
          hostname: 'n',
        });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).to.contain('bgp.listenPort (file /etc/twill/node.yaml)');
      expect(message).to.contain('dataplane.mtu (environment variable TWILL_MTU)');
      expect(message).to.contain('foo (file /etc/twill/node.yaml): unknown key');
    });

    it('refuses a file that is not YAML, or not a mapping', () => {
      for (const text of ['bgp: [unclosed\n', '- a\n- b\n']) {
        expect(() => loadNodeConfig({ file: file(text), env: {}, hostname: 'n' }))
          .to.throw(NodeConfigError)
          .with.property('code', 'MALFORMED_FILE');
      }
    });

    it('never echoes a secret in an error', () => {
      let message = '';
      try {
        loadNodeConfig({ file: file('datastore:\n  etcd:\n    password: 12345\n'), env: {}, hostname: 'n' });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).to.contain('datastore.etcd.password');
      expect(message).not.to.contain('12345');
    });
  });

  describe('--print-config', () => {
    it('masks secrets, annotates sources, and loads back to the same configuration', () => {
      const loaded = loadNodeConfig({
        file: ETCD_FILE,
        env: {
          TWILL_ETCD_USERNAME: 'twill',
          TWILL_ETCD_PASSWORD: 's3cret',
          TWILL_IP6_AUTODETECTION_METHOD: 'can-reach=fd00::1',
        },
        hostname: 'n1',
      });
      const printed = printNodeConfig(loaded);
      expect(printed).not.to.contain('s3cret');
      expect(printed).to.contain(`password: ${REDACTED} # from environment variable TWILL_ETCD_PASSWORD`);
      expect(printed).to.contain('type: etcd # from file /etc/twill/node.yaml');
      const again = loadNodeConfig({
        file: { path: '/printed.yaml', text: printed },
        env: { TWILL_ETCD_PASSWORD: 's3cret' },
      });
      expect(again.config).to.deep.equal(loaded.config);
    });

    it('documents every key', () => {
      for (const key of schemaKeys(NODE_CONFIG_SCHEMA)) {
        expect(key.doc, key.key).to.have.length.greaterThan(10);
        expect(key.env, key.key).to.match(/^TWILL_[A-Z0-9_]+$/);
      }
      expect(parseYaml(printNodeConfig(loadNodeConfig({ env: {}, hostname: 'n' })))).to.have.keys(
        'nodeName',
        'datastore',
        'log',
        'bgp',
        'autodetection',
        'dataplane',
        'policy',
        'control',
        'restart',
        'metrics',
        'health',
        'kubernetesApi',
      );
    });

    it('says which Kubernetes API Services and Events use, or that they are off', () => {
      const etcd = loadNodeConfig({
        env: { TWILL_DATASTORE_TYPE: 'etcd', TWILL_ETCD_ENDPOINTS: 'http://127.0.0.1:2379' },
        hostname: 'n',
      });
      expect(printNodeConfig(etcd)).to.contain(
        '# Kubernetes API: off (kubernetesApi.kubeconfig is empty and datastore.type is etcd): no per-service /32s, no Events',
      );
      const own = loadNodeConfig({ env: { TWILL_KUBERNETES_API_KUBECONFIG: '/k/config' }, hostname: 'n' });
      expect(printNodeConfig(own)).to.contain('# Kubernetes API: /k/config (kubernetesApi.kubeconfig)');
    });
  });
});
