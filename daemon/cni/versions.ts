// CNI versions twill-cni speaks. CNI spec 1.1 §"Version considerations": a plugin answers in the
// version of the config it was given, and VERSION lists every version it accepts. 0.4.0 is accepted for
// older runtimes (CHECK exists since 0.4.0; earlier versions lack it and are refused).
import { CniError } from './cni-error.js';

export const SUPPORTED_VERSIONS = ['0.4.0', '1.0.0', '1.1.0'] as const;
export type CniVersion = (typeof SUPPORTED_VERSIONS)[number];
export const LATEST_VERSION: CniVersion = '1.1.0';

export function isSupportedVersion(version: string): version is CniVersion {
  return (SUPPORTED_VERSIONS as readonly string[]).includes(version);
}

/** Compares dotted versions numerically ("0.10.0" > "0.4.0"); missing parts count as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

export function requireSupportedVersion(version: string): CniVersion {
  if (isSupportedVersion(version)) return version;
  throw new CniError(
    'INCOMPATIBLE_VERSION',
    `cniVersion ${JSON.stringify(version)} is not supported by twill-cni; use one of ${SUPPORTED_VERSIONS.join(', ')}`,
    { details: { requested: version, supported: SUPPORTED_VERSIONS } },
  );
}

/** STATUS and GC exist from 1.1.0 (spec 1.1 §"STATUS", §"GC"); an older config cannot ask for them. */
export function requireAtLeast(version: CniVersion, minimum: CniVersion, command: string): void {
  if (compareVersions(version, minimum) < 0) {
    throw new CniError(
      'INCOMPATIBLE_VERSION',
      `${command} needs cniVersion ${minimum} or later, the config says ${version}`,
      { details: { requested: version, minimum } },
    );
  }
}
