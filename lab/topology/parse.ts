// containerlab topology file → validated `Topology`. Every problem is reported with its field
// path (`topology.links[2].endpoints[1]`) and all problems are reported at once, so a user fixes
// a file in one go. Settings that only mean something to containerlab (mgmt, ports, image for a
// plain host...) are accepted and ignored; unknown ones are listed as warnings.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { LabError } from '../errors.js';
import { assignMgmtAddresses, parseMgmt } from './mgmt.js';
import { configFromBinds, isNodeKind, KIND_LABEL, kindFromImage } from './kind-resolve.js';
import type { Bind, LinkEndpoint, NodeKind, Topology, TopologyLink, TopologyNode } from './types.js';
import { NODE_KINDS } from './types.js';

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
/** Linux interface names: at most 15 bytes (IFNAMSIZ - 1), no '/', ':' or white space. */
const IFNAME_RE = /^[A-Za-z0-9_.-]{1,15}$/;
const NODE_FIELDS = new Set([
  'kind',
  'image',
  'startup-config',
  'exec',
  'binds',
  'env',
  'labels',
  'group',
  'mgmt-ipv4',
]);
/** containerlab settings that have no meaning in a network-namespace lab. */
const IGNORED_NODE_FIELDS = new Set([
  'cmd',
  'entrypoint',
  'ports',
  'mgmt-ipv6',
  'network-mode',
  'user',
  'cpu',
  'memory',
  'sysctls',
  'license',
  'type',
  'startup-delay',
  'restart-policy',
  'dns',
  'extras',
  'stages',
]);
const TOP_FIELDS = new Set(['name', 'prefix', 'mgmt', 'topology', 'settings']);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

class Problems {
  readonly list: string[] = [];
  add(where: string, what: string): void {
    this.list.push(`${where}: ${what}`);
  }
}

export function loadTopology(file: string): Topology {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new LabError('LAB_TOPOLOGY_INVALID', `cannot read topology ${file}: ${(err as Error).message}`);
  }
  return parseTopology(text, path.dirname(path.resolve(file)), file);
}

export function parseTopology(text: string, dir: string, source = '<topology>'): Topology {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    const msgs = doc.errors.map((e) => e.message.split('\n')[0]);
    throw new LabError('LAB_TOPOLOGY_INVALID', `${source}: not valid YAML: ${msgs.join('; ')}`);
  }
  const root: unknown = doc.toJS();
  const p = new Problems();
  const warnings: string[] = [];
  if (!isObj(root)) throw new LabError('LAB_TOPOLOGY_INVALID', `${source}: the file must be a YAML mapping`);
  for (const k of Object.keys(root)) if (!TOP_FIELDS.has(k)) warnings.push(`${k}: unknown field, ignored`);

  const name = root['name'];
  if (typeof name !== 'string' || !NAME_RE.test(name)) {
    p.add('name', 'required: letters, digits, "-" and "_"');
  }
  const topo = root['topology'];
  if (!isObj(topo)) {
    p.add('topology', 'required: a mapping with nodes and links');
    throw invalid(source, p);
  }
  const defaults = isObj(topo['defaults']) ? topo['defaults'] : {};
  const kinds = isObj(topo['kinds']) ? topo['kinds'] : {};
  const nodes = parseNodes(topo['nodes'], defaults, kinds, dir, p, warnings);
  const links = parseLinks(topo['links'], new Set(nodes.map((n) => n.name)), p);
  const mgmt = parseMgmt(root['mgmt'], p);
  if (mgmt) {
    const rawNodes = isObj(topo['nodes']) ? topo['nodes'] : {};
    const requested = nodes.map((n) => {
      const own = rawNodes[n.name];
      return { name: n.name, requested: isObj(own) ? own['mgmt-ipv4'] : undefined };
    });
    const addresses = assignMgmtAddresses(mgmt, requested, p);
    for (const n of nodes) {
      const a = addresses.get(n.name);
      if (a !== undefined) n.mgmtIpv4 = a;
    }
    // eth0 is the management interface, as under containerlab: a link may not take it.
    links.forEach((l, i) =>
      [l.a, l.b].forEach((e, j) => {
        if (e.iface === 'eth0')
          p.add(`topology.links[${i}].endpoints[${j}]`, 'eth0 is the management interface (mgmt is set)');
      }),
    );
  }
  if (p.list.length > 0) throw invalid(source, p);
  return { name: name as string, dir, nodes, links, warnings, ...(mgmt ? { mgmt } : {}) };
}

function invalid(source: string, p: Problems): LabError {
  return new LabError('LAB_TOPOLOGY_INVALID', `${source}: invalid topology:\n  ${p.list.join('\n  ')}`, {
    problems: p.list,
  });
}

function parseNodes(raw: unknown, defaults: Obj, kinds: Obj, dir: string, p: Problems, warnings: string[]) {
  const nodes: TopologyNode[] = [];
  if (!isObj(raw) || Object.keys(raw).length === 0) {
    p.add('topology.nodes', 'required: at least one node');
    return nodes;
  }
  for (const [name, value] of Object.entries(raw)) {
    const at = `topology.nodes.${name}`;
    if (!NAME_RE.test(name)) p.add(at, 'node names take letters, digits, "-" and "_"');
    const own = value === null ? {} : value;
    if (!isObj(own)) {
      p.add(at, 'must be a mapping');
      continue;
    }
    for (const k of Object.keys(own)) {
      if (!NODE_FIELDS.has(k) && !IGNORED_NODE_FIELDS.has(k))
        warnings.push(`${at}.${k}: unknown field, ignored`);
    }
    const declaredKind = pick(own, defaults, {}, 'kind');
    const kindDefaults =
      typeof declaredKind === 'string' && isObj(kinds[declaredKind]) ? kinds[declaredKind] : {};
    // containerlab's precedence: the node's own value, then its kind's, then topology defaults.
    const get = (k: string): unknown => pick(own, kindDefaults, defaults, k);
    const node = parseNode(name, at, declaredKind, get, dir, p);
    if (node) nodes.push(node);
  }
  return nodes;
}

function pick(own: Obj, kind: Obj, defaults: Obj, key: string): unknown {
  return own[key] ?? kind[key] ?? defaults[key];
}

function parseNode(
  name: string,
  at: string,
  declaredKind: unknown,
  get: (k: string) => unknown,
  dir: string,
  p: Problems,
): TopologyNode | undefined {
  if (typeof declaredKind !== 'string') {
    p.add(`${at}.kind`, `required: one of ${NODE_KINDS.join(', ')}`);
    return undefined;
  }
  const image = optString(get('image'), `${at}.image`, p);
  const labels = stringMap(get('labels'), `${at}.labels`, p);
  const kind = resolveKind(declaredKind, image, labels, `${at}.kind`, p);
  if (!kind) return undefined;
  const binds = stringList(get('binds'), `${at}.binds`, p)
    .map((b, i) => parseBind(b, dir, `${at}.binds[${i}]`, p))
    .filter((b): b is Bind => b !== undefined);
  const startup = optString(get('startup-config'), `${at}.startup-config`, p);
  const config = startup !== undefined ? path.resolve(dir, startup) : configFromBinds(kind, binds);
  if (config === undefined && kind !== 'linux' && kind !== 'twill' && kind !== 'etcd' && kind !== 'typha') {
    p.add(
      `${at}.startup-config`,
      `a ${kind} node needs its configuration: startup-config, or a bind to the image's config path`,
    );
  }
  return {
    name,
    kind,
    declaredKind,
    ...(image !== undefined ? { image } : {}),
    ...(config !== undefined ? { config } : {}),
    exec: stringList(get('exec'), `${at}.exec`, p),
    binds,
    env: stringMap(get('env'), `${at}.env`, p),
    labels,
  };
}

function resolveKind(
  declared: string,
  image: string | undefined,
  labels: Record<string, string>,
  at: string,
  p: Problems,
): NodeKind | undefined {
  const label = labels[KIND_LABEL];
  if (label !== undefined) {
    if (isNodeKind(label)) return label;
    p.add(
      `${at.replace(/\.kind$/, '.labels')}.${KIND_LABEL}`,
      `"${label}" is not one of ${NODE_KINDS.join(', ')}`,
    );
    return undefined;
  }
  if (declared === 'linux') return kindFromImage(image) ?? 'linux';
  if (isNodeKind(declared)) return declared;
  p.add(at, `"${declared}" is not a kind this lab runs (it runs: ${NODE_KINDS.join(', ')})`);
  return undefined;
}

function parseBind(spec: string, dir: string, at: string, p: Problems): Bind | undefined {
  const parts = spec.split(':');
  const [source, target, mode] = parts;
  if (parts.length < 2 || parts.length > 3 || !source || !target?.startsWith('/')) {
    p.add(at, `"${spec}" is not source:/target[:ro|rw]`);
    return undefined;
  }
  if (mode !== undefined && mode !== 'ro' && mode !== 'rw') p.add(at, `mode "${mode}" is not ro or rw`);
  return { source: path.resolve(dir, source), target, readOnly: mode === 'ro' };
}

function parseLinks(raw: unknown, nodeNames: Set<string>, p: Problems): TopologyLink[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    p.add('topology.links', 'must be a list');
    return [];
  }
  const used = new Map<string, string>();
  const links: TopologyLink[] = [];
  raw.forEach((l: unknown, i) => {
    const at = `topology.links[${i}]`;
    const eps = isObj(l) ? l['endpoints'] : undefined;
    if (!Array.isArray(eps) || eps.length !== 2) {
      p.add(`${at}.endpoints`, 'required: two "node:interface" strings');
      return;
    }
    const [a, b] = eps.map((e: unknown, j) => parseEndpoint(e, nodeNames, `${at}.endpoints[${j}]`, used, p));
    if (a && b) {
      if (a.node === b.node) p.add(`${at}.endpoints`, `both ends are on node ${a.node}`);
      links.push({ a, b });
    }
  });
  return links;
}

function parseEndpoint(
  e: unknown,
  nodeNames: Set<string>,
  at: string,
  used: Map<string, string>,
  p: Problems,
): LinkEndpoint | undefined {
  if (typeof e !== 'string' || e.split(':').length !== 2) {
    p.add(at, `${JSON.stringify(e)} is not "node:interface"`);
    return undefined;
  }
  const [node = '', iface = ''] = e.split(':');
  let ok = true;
  if (!nodeNames.has(node)) {
    p.add(at, `node "${node}" is not defined in topology.nodes`);
    ok = false;
  }
  if (!IFNAME_RE.test(iface) || iface === 'lo') {
    p.add(at, `interface "${iface}" is not a valid Linux interface name (1-15 of A-Z a-z 0-9 _ . -, not lo)`);
    ok = false;
  }
  const prev = used.get(e);
  if (prev) {
    p.add(at, `${e} is already used by ${prev}`);
    ok = false;
  }
  used.set(e, at);
  return ok ? { node, iface } : undefined;
}

function optString(v: unknown, at: string, p: Problems): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') {
    p.add(at, 'must be a string');
    return undefined;
  }
  return v;
}

function stringList(v: unknown, at: string, p: Problems): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    p.add(at, 'must be a list of strings');
    return [];
  }
  return v.flatMap((item: unknown, i) => {
    if (typeof item === 'string') return [item];
    p.add(`${at}[${i}]`, 'must be a string');
    return [];
  });
}

function stringMap(v: unknown, at: string, p: Problems): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (!isObj(v)) {
    p.add(at, 'must be a mapping of names to values');
    return {};
  }
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    if (typeof val === 'string' || typeof val === 'number' || typeof val === 'boolean') out[k] = String(val);
    else p.add(`${at}.${k}`, 'must be a string, number or boolean');
  }
  return out;
}
