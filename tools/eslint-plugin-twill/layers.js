// The ONE place that encodes Twill's import directions between top-level folders.
// It mirrors the architecture table in README.md / ARCHITECTURE.md: change both together.
// Read by the rules `twill/layers` and `twill/pure-layer-io` (see ./rules/).

/**
 * What each top-level folder may import of ours (a folder may always import itself).
 * An entry is either a folder name, or { folder, onlyFrom } when only files under the
 * `onlyFrom` path (repo-relative, with trailing slash) may import that folder.
 * Any folder missing from this table (tools/, scripts/, dist/, ...) is not importable.
 */
export const LAYERS = {
  common: [], // leaf
  native: [],
  bgp: ['common', { folder: 'native', onlyFrom: 'bgp/session/' }],
  routing: ['common', 'native'],
  ipam: ['common', 'datastore'],
  datastore: ['common'],
  'typha-proxy': ['common', 'datastore'],
  // Composition root: wires everything together, but never the lab (which drives built binaries).
  daemon: ['common', 'native', 'bgp', 'routing', 'ipam', 'datastore', 'typha-proxy'],
  lab: ['common'],
  // End to end: the two-rack demo (`./run lab`) and its proofs. Drives the lab and the built binaries,
  // and writes the demo's resources through the datastore API.
  e2e: ['common', 'datastore', 'daemon', 'lab'],
  containerlab: [], // topology files only, no code
  deploy: [], // Kubernetes manifests and the container build, no code
};

/** Test files may additionally import these folders (lab tests drive the lab library). */
export const TEST_EXTRA_IMPORTS = ['lab'];

/** Test files: same folder rules plus TEST_EXTRA_IMPORTS, and exempt from the pure-layer I/O ban. */
// Helpers in a `testing/` folder are test code too: only tests import them (lab namespaces, fake
// peers, deadlines), so they get the same allowances instead of copies of what lab/ already has.
// Benchmarks (`bench/` folders) too: they print figures and may bring up a lab to measure against real
// routers; nothing imports them.
export const TEST_FILE = /\.test\.[cm]?[jt]s$|(^|\/)testing\/|(^|\/)bench\//;

/**
 * Pure layers do no I/O so they stay deterministic and unit-testable without sockets or files.
 * A file is pure if its repo-relative path starts with one of PURE_LAYERS and matches no PURE_EXCEPTIONS.
 */
export const PURE_LAYERS = [
  'bgp/wire/',
  'bgp/fsm/',
  'bgp/rib/',
  'bgp/policy/',
  'bgp/bfd/',
  'ipam/core/',
  'common/',
  'daemon/node/calc/',
];
export const PURE_EXCEPTIONS = [/^common\/log[^/]*\.ts$/]; // the logger writes to stdout/files

/** Node modules that do I/O; matched with or without `node:` and including subpaths (dns/promises). */
export const IO_MODULES = [
  'net',
  'dgram',
  'fs',
  'fs/promises',
  'child_process',
  'http',
  'https',
  'tls',
  'dns',
  'cluster',
  'worker_threads',
];
