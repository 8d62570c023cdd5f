// The Kubernetes install (deploy/kubernetes) and the container build (deploy/container), checked
// against the code they configure, since no cluster or container runtime runs here: every object is
// well formed and in kustomization.yaml; selectors, service accounts, volumes, ports and probes point at
// things that exist; RBAC covers every datastore kind through the same API mapping the backend uses;
// typha's environment and the CNI configuration pass the real parsers; install-cni.sh really installs a
// twill-cni that answers VERSION.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

import { RESOURCE_KINDS, SYNCED_KINDS } from '../../datastore/index.js';
import { apiResource } from '../../datastore/kubernetes/index.js';
import { parseNetConfig } from '../cni/net-config.js';
import { loadNodeConfig } from '../node/config/index.js';
import { parseTyphaConfig } from '../typha/config.js';
import { startHttpEndpoint } from '../../typha-proxy/server/http-endpoint.js';
import { repoPath } from '../../lab/testing/repo.js';
import {
  allContainers,
  envOf,
  isWorkload,
  readManifests,
  selects,
  type Manifest,
  type Workload,
} from './testing/manifests.js';

const DIR = repoPath('deploy/kubernetes');
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
]);
/** Secrets the operator creates (deploy/README.md says how); the manifests only reference them. */
const OPERATOR_SECRETS = ['twill-typha-tls', 'twill-node-typha-tls'];

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

describe('deploy/kubernetes manifests', () => {
  const all = readManifests(DIR);
  const named = (kind: string, name: string) => all.find((m) => m.kind === kind && m.metadata.name === name);
  const workloads = all.filter(isWorkload);
  const workload = (name: string) => workloads.find((w) => w.metadata.name === name) as Workload;
  const rules = (role: string) => (named('ClusterRole', role) as unknown as { rules: Rule[] }).rules;
  const allows = (role: string, group: string, resource: string, verb: string) =>
    rules(role).some(
      (r) => r.apiGroups.includes(group) && r.resources.includes(resource) && r.verbs.includes(verb),
    );

  it('are well formed, namespaced in twill-system, and exactly the files kustomization.yaml lists', () => {
    for (const m of all.filter((x) => x.kind !== 'Kustomization')) {
      expect(m.apiVersion, `${m.file}: apiVersion`).to.be.a('string');
      expect(m.metadata?.name, `${m.file}: ${m.kind} metadata.name`).to.be.a('string');
      if (!CLUSTER_SCOPED.has(m.kind))
        expect(m.metadata.namespace, `${m.file}: ${m.kind}`).to.equal('twill-system');
    }
    const kustomization = parseYaml(readFileSync(path.join(DIR, 'kustomization.yaml'), 'utf8')) as {
      resources: string[];
    };
    const files = [...new Set(all.map((m) => m.file))].filter((f) => f !== 'kustomization.yaml');
    expect([...kustomization.resources].sort()).to.deep.equal(files.sort());
  });

  it('ship a CRD for every Twill kind of the datastore, and nothing else', () => {
    const custom = RESOURCE_KINDS.map(apiResource).filter((r) => r.family === 'custom');
    const crds = all.filter((m) => m.kind === 'CustomResourceDefinition').map((m) => m.metadata.name);
    expect(crds.sort()).to.deep.equal(custom.map((r) => `${r.plural}.${r.group}`).sort());
  });

  it('let twill-node read every kind, write IPAM and its own status, and typha only read', () => {
    for (const r of RESOURCE_KINDS.map(apiResource)) {
      for (const verb of ['get', 'list', 'watch']) {
        expect(allows('twill-node', r.group, r.plural, verb), `twill-node ${verb} ${r.plural}`).to.equal(
          true,
        );
      }
    }
    // Typha fans out what nodes compute from; the nodes' own reports (TwillNodeStatus) are not among them.
    for (const r of SYNCED_KINDS.map(apiResource)) {
      for (const verb of ['get', 'list', 'watch']) {
        expect(allows('twill-typha', r.group, r.plural, verb), `twill-typha ${verb} ${r.plural}`).to.equal(
          true,
        );
      }
    }
    for (const verb of ['create', 'update']) {
      expect(allows('twill-node', 'twill.dev', 'twillnodestatuses', verb), `twill-node ${verb}`).to.equal(
        true,
      );
    }
    expect(allows('twill-node', 'twill.dev', 'twillnodestatuses/status', 'update')).to.equal(true);
    expect(allows('twill-node', 'twill.dev', 'twillnodestatuses', 'delete'), 'operators delete').to.equal(
      false,
    );
    // `twillctl node status` for anyone with the built-in view role (aggregation label).
    const reader = named('ClusterRole', 'twill-status-reader') as unknown as {
      metadata: { labels: Record<string, string> };
    };
    expect(reader.metadata.labels['rbac.authorization.k8s.io/aggregate-to-view']).to.equal('true');
    for (const verb of ['get', 'list']) {
      expect(allows('twill-status-reader', 'twill.dev', 'twillnodestatuses', verb)).to.equal(true);
    }
    for (const plural of ['ipamblocks', 'blockaffinities', 'ipamhandles', 'workloadendpoints']) {
      for (const verb of ['create', 'update', 'delete']) {
        expect(allows('twill-node', 'twill.dev', plural, verb), `twill-node ${verb} ${plural}`).to.equal(
          true,
        );
      }
    }
    expect(allows('twill-node', 'twill.dev', 'nodes/status', 'update')).to.equal(true);
    expect(allows('twill-node', 'twill.dev', 'ippools', 'update'), 'pools are the operator’s').to.equal(
      false,
    );
    // twill-cni reads the pod's labels with twill-node's credentials.
    expect(allows('twill-node', '', 'pods', 'get')).to.equal(true);
    const writes = rules('twill-typha').flatMap((r) =>
      r.verbs.filter((v) => !['get', 'list', 'watch'].includes(v)),
    );
    expect(writes, 'typha writes nothing').to.deep.equal([]);
    for (const b of all.filter((m) => m.kind === 'ClusterRoleBinding')) {
      const binding = b as unknown as {
        roleRef: { name: string };
        subjects: Array<{ name: string; namespace: string }>;
      };
      expect(named('ClusterRole', binding.roleRef.name), `${b.metadata.name}: roleRef`).to.not.equal(
        undefined,
      );
      for (const s of binding.subjects) {
        expect(
          named('ServiceAccount', s.name)?.metadata.namespace,
          `${b.metadata.name}: subject ${s.name}`,
        ).to.equal(s.namespace);
      }
    }
  });

  it('wire workloads to labels, service accounts, volumes and secrets that exist', () => {
    expect(workloads.map((w) => w.metadata.name).sort()).to.deep.equal(['twill-node', 'twill-typha']);
    for (const w of workloads) {
      const where = `${w.kind} ${w.metadata.name}`;
      const pod = w.spec.template.spec;
      expect(
        selects(w.spec.selector.matchLabels, w.spec.template.metadata.labels),
        `${where}: selector`,
      ).to.equal(true);
      expect(
        named('ServiceAccount', pod.serviceAccountName ?? ''),
        `${where}: serviceAccountName`,
      ).to.not.equal(undefined);
      const volumes = new Map((pod.volumes ?? []).map((v) => [v.name, v]));
      for (const c of allContainers(w)) {
        for (const mount of c.volumeMounts ?? []) {
          expect(volumes.has(mount.name), `${where}/${c.name}: volume ${mount.name}`).to.equal(true);
        }
      }
      for (const v of volumes.values()) {
        if (v.configMap)
          expect(named('ConfigMap', v.configMap.name), `${where}: ${v.name}`).to.not.equal(undefined);
        if (v.secret) expect(OPERATOR_SECRETS, `${where}: ${v.name}`).to.include(v.secret.secretName);
      }
    }
    const readme = readFileSync(repoPath('deploy/README.md'), 'utf8');
    for (const secret of OPERATOR_SECRETS)
      expect(readme, `deploy/README.md documents ${secret}`).to.include(secret);
  });

  it('point Services and the ServiceMonitor at named container ports that exist', () => {
    const services = all.filter((m) => m.kind === 'Service') as Array<
      Manifest & {
        spec: { selector: Record<string, string>; ports: Array<{ name: string; targetPort: string }> };
      }
    >;
    for (const s of services) {
      const targets = workloads.filter((w) => selects(s.spec.selector, w.spec.template.metadata.labels));
      expect(targets, `Service ${s.metadata.name} selects a workload`).to.have.length(1);
      const ports = (targets[0] as Workload).spec.template.spec.containers.flatMap((c) => c.ports ?? []);
      for (const p of s.spec.ports) {
        expect(
          ports.map((x) => x.name),
          `Service ${s.metadata.name} targetPort ${p.targetPort}`,
        ).to.include(p.targetPort);
      }
    }
    const monitor = named('ServiceMonitor', 'twill') as Manifest & {
      spec: { selector: { matchLabels: Record<string, string> }; endpoints: Array<{ port: string }> };
    };
    const scraped = services.filter(
      (s) =>
        selects(monitor.spec.selector.matchLabels, s.metadata.labels) &&
        monitor.spec.endpoints.every((e) => s.spec.ports.some((p) => p.name === e.port)),
    );
    expect(scraped.map((s) => s.metadata.name).sort()).to.deep.equal(['twill-node-metrics', 'twill-typha']);
  });

  it("give typha an environment its real parser accepts, with TLS files on its secret's mount", async () => {
    const container = workload('twill-typha').spec.template.spec.containers[0];
    expect(container?.command?.[0]).to.equal('twill-typha');
    const env = envOf(container as NonNullable<typeof container>);
    const config = parseTyphaConfig([], env);
    const tlsMount = container?.volumeMounts?.find((m) => m.name === 'tls')?.mountPath as string;
    for (const file of [env['TWILL_TYPHA_TLS_CERT'], env['TWILL_TYPHA_TLS_KEY'], env['TWILL_TYPHA_TLS_CA']]) {
      expect(path.dirname(file as string)).to.equal(tlsMount);
    }
    // The probes ask what typha's real HTTP endpoint serves, on the port typha is told to use.
    const httpPort = Number(env['TWILL_TYPHA_HTTP']?.split(':')[1]);
    expect(config).to.be.an('object');
    const endpoint = await startHttpEndpoint('127.0.0.1', 0, {
      metricsText: () => '',
      health: () => ({ ready: true, details: {} }),
    });
    try {
      for (const probe of [container?.livenessProbe, container?.readinessProbe]) {
        expect(probe?.httpGet?.port).to.equal(httpPort);
        const r = await fetch(`http://127.0.0.1:${endpoint.port}${probe?.httpGet?.path ?? ''}`);
        expect(r.status, `typha serves ${probe?.httpGet?.path}`).to.equal(200);
      }
    } finally {
      await endpoint.close();
    }
  });

  it("give twill-node a configuration its real loader accepts, with TLS files on the typha secret's mount", () => {
    const map = named('ConfigMap', 'twill-config') as Manifest & { data: Record<string, string> };
    const node = workload('twill-node').spec.template.spec.containers.find((c) => c.name === 'twill-node');
    const command = node?.command ?? [];
    const file = command[command.indexOf('--config') + 1] as string;
    const configMount = node?.volumeMounts?.find((m) => m.name === 'config')?.mountPath as string;
    expect(path.dirname(file), 'the --config file is on the ConfigMap mount').to.equal(configMount);
    const env = Object.fromEntries((node?.env ?? []).map((e) => [e.name, e.value ?? 'from-field-ref']));
    const { config } = loadNodeConfig({
      file: { path: file, text: map.data[path.basename(file)] as string },
      env,
    });
    expect(config.datastore.type).to.equal('typha');
    const tlsMount = node?.volumeMounts?.find((m) => m.name === 'typha-tls')?.mountPath as string;
    const typha = config.datastore.typha;
    for (const f of [typha.caFile, typha.certFile, typha.keyFile]) expect(path.dirname(f)).to.equal(tlsMount);
    // The probes and the metrics port are where twill-node listens.
    expect(config.health.listen).to.equal(`127.0.0.1:${String(node?.livenessProbe?.httpGet?.port)}`);
    const metricsPort = node?.ports?.find((p) => p.name === 'metrics')?.containerPort;
    expect(config.metrics.listen).to.equal(`0.0.0.0:${String(metricsPort)}`);
    // typha's Service serves the address the nodes dial.
    const service = named('Service', 'twill-typha') as Manifest & {
      spec: { ports: Array<{ port: number }> };
    };
    const [host, port] = (typha.addresses[0] as string).split(':');
    expect(host).to.equal('twill-typha.twill-system.svc');
    expect(service.spec.ports.map((p) => p.port)).to.include(Number(port));
  });

  it('give twill-cni a network configuration its real parser accepts, with the kubeconfig install-cni writes', () => {
    const config = named('ConfigMap', 'twill-config') as Manifest & { data: Record<string, string> };
    const list = JSON.parse(config.data['10-twill.conflist'] as string) as {
      cniVersion: string;
      name: string;
      plugins: Array<Record<string, unknown>>;
    };
    const entry = list.plugins.find((p) => p['type'] === 'twill-cni');
    const net = parseNetConfig({ cniVersion: list.cniVersion, name: list.name, ...entry });
    expect(net.datastore).to.deep.equal({
      type: 'kubernetes',
      kubeconfig: '/etc/cni/net.d/twill-kubeconfig',
    });
    const script = readFileSync(repoPath('deploy/container/install-cni.sh'), 'utf8');
    expect(script).to.include('"$cni_net/twill-kubeconfig"');
    expect(script).to.include('"$cni_net/10-twill.conflist"');
  });
});

describe('deploy/container', () => {
  it('copies sources that exist and runs commands the package provides', () => {
    const file = readFileSync(repoPath('deploy/container/Containerfile'), 'utf8');
    const copies = [...file.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) =>
      (m[1] as string).split(/\s+/),
    );
    expect(copies.length).to.be.greaterThan(5);
    for (const source of copies) expect(existsSync(repoPath(source)), `COPY ${source}`).to.equal(true);
    const bins = (
      JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { bin: Record<string, string> }
    ).bin;
    const cmd = /^CMD \["([^"]+)"/m.exec(file)?.[1];
    expect(Object.keys(bins), 'CMD').to.include(cmd);
    for (const w of readManifests(repoPath('deploy/kubernetes')).filter(isWorkload)) {
      for (const c of allContainers(w)) {
        const command = c.command?.[0] as string;
        const inApp =
          command.startsWith('/opt/twill/app/') &&
          existsSync(repoPath(command.slice('/opt/twill/app/'.length)));
        expect(inApp || command in bins, `${w.metadata.name}/${c.name}: ${command}`).to.equal(true);
      }
    }
  });

  it('install-cni.sh installs a twill-cni launcher that answers VERSION, and a kubeconfig with the token', function () {
    this.timeout(60_000);
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'twill-install-cni-'));
    try {
      // A stand-in of the image's /opt/twill/app (links to this checkout's build) and of the pod's files.
      const app = path.join(tmp, 'image-app');
      mkdirSync(app);
      for (const entry of ['dist', 'node_modules', 'package.json'])
        symlinkSync(repoPath(entry), path.join(app, entry));
      const sa = path.join(tmp, 'sa');
      mkdirSync(sa);
      writeFileSync(path.join(sa, 'token'), 'token-of-twill-node');
      writeFileSync(path.join(sa, 'ca.crt'), 'CA');
      const config = path.join(tmp, 'config');
      mkdirSync(config);
      const map = readManifests(repoPath('deploy/kubernetes')).find(
        (m) => m.kind === 'ConfigMap',
      ) as Manifest & {
        data: Record<string, string>;
      };
      writeFileSync(path.join(config, '10-twill.conflist'), map.data['10-twill.conflist'] as string);
      const host = path.join(tmp, 'host');
      execFileSync('sh', [repoPath('deploy/container/install-cni.sh')], {
        env: {
          ...process.env,
          TWILL_INSTALL_HOST_ROOT: host,
          TWILL_INSTALL_HOST_VIEW: path.join(host, 'opt/twill'),
          TWILL_INSTALL_APP: app,
          TWILL_INSTALL_CONFIG: config,
          TWILL_INSTALL_SERVICE_ACCOUNT: sa,
          KUBERNETES_SERVICE_HOST: '10.96.0.1',
          KUBERNETES_SERVICE_PORT: '443',
        },
      });
      const version = execFileSync(path.join(host, 'opt/cni/bin/twill-cni'), [], {
        input: '{"cniVersion":"1.1.0"}',
        env: { ...process.env, CNI_COMMAND: 'VERSION' },
      }).toString();
      expect(JSON.parse(version)).to.deep.include({ cniVersion: '1.1.0' });
      const kubeconfig = parseYaml(
        readFileSync(path.join(host, 'etc/cni/net.d/twill-kubeconfig'), 'utf8'),
      ) as {
        clusters: Array<{ cluster: { server: string } }>;
        users: Array<{ user: { token: string } }>;
      };
      expect(kubeconfig.clusters[0]?.cluster.server).to.equal('https://10.96.0.1:443');
      expect(kubeconfig.users[0]?.user.token).to.equal('token-of-twill-node');
      expect(readFileSync(path.join(host, 'etc/cni/net.d/10-twill.conflist'), 'utf8')).to.equal(
        map.data['10-twill.conflist'],
      );
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
