// Reads deploy/kubernetes/*.yaml into plain objects for the manifest tests, with the few typed views
// the cross-reference checks need. Test support only (no cluster runs on the development machine).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

export interface Manifest {
  readonly file: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
  };
  readonly [key: string]: unknown;
}

export interface Container {
  readonly name: string;
  readonly command?: string[];
  readonly env?: Array<{ name: string; value?: string }>;
  readonly ports?: Array<{ name: string; containerPort: number }>;
  readonly volumeMounts?: Array<{ name: string; mountPath: string }>;
  readonly livenessProbe?: { httpGet?: { path: string; port: number | string } };
  readonly readinessProbe?: { httpGet?: { path: string; port: number | string } };
}

export interface Volume {
  readonly name: string;
  readonly configMap?: { name: string };
  readonly secret?: { secretName: string };
  readonly hostPath?: { path: string };
}

export interface PodSpec {
  readonly serviceAccountName?: string;
  readonly initContainers?: Container[];
  readonly containers: Container[];
  readonly volumes?: Volume[];
}

export interface Workload extends Manifest {
  readonly spec: {
    readonly selector: { matchLabels: Record<string, string> };
    readonly template: { metadata: { labels: Record<string, string> }; spec: PodSpec };
  };
}

export function readManifests(directory: string): Manifest[] {
  const out: Manifest[] = [];
  const files = (dir: string, prefix = ''): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory()
        ? files(path.join(dir, e.name), `${prefix}${e.name}/`)
        : e.name.endsWith('.yaml')
          ? [`${prefix}${e.name}`]
          : [],
    );
  for (const file of files(directory)) {
    for (const doc of parseAllDocuments(readFileSync(path.join(directory, file), 'utf8'))) {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]?.message ?? 'YAML error'}`);
      const value = doc.toJS() as Manifest | null;
      if (value !== null) out.push({ ...value, file });
    }
  }
  return out;
}

export const isWorkload = (m: Manifest): m is Workload => m.kind === 'DaemonSet' || m.kind === 'Deployment';

export function allContainers(w: Workload): Container[] {
  return [...(w.spec.template.spec.initContainers ?? []), ...w.spec.template.spec.containers];
}

/** True when every label of `selector` is on `labels` (a matchLabels / Service selector match). */
export function selects(
  selector: Record<string, string>,
  labels: Record<string, string> | undefined,
): boolean {
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

export function envOf(container: Container): Record<string, string> {
  return Object.fromEntries(
    (container.env ?? []).flatMap((e) => (e.value === undefined ? [] : [[e.name, e.value]])),
  );
}
