import type { PeerCertificate } from 'node:tls';

/**
 * Which client certificates may connect, beyond being signed by the configured CA: a match on the
 * subject common name or on any URI subject alternative name (e.g. a SPIFFE ID) lets a client in.
 * Both lists empty means any certificate the CA signed.
 */
export interface AllowedPeers {
  readonly commonNames: readonly string[];
  readonly uriSans: readonly string[];
}

export interface PeerIdentity {
  readonly commonName: string | undefined;
  readonly uriSans: readonly string[];
}

export function peerIdentity(certificate: PeerCertificate | undefined): PeerIdentity {
  if (certificate === undefined || Object.keys(certificate).length === 0) {
    return { commonName: undefined, uriSans: [] };
  }
  const cn = certificate.subject?.CN as string | string[] | undefined;
  return {
    commonName: Array.isArray(cn) ? cn[0] : cn,
    uriSans: uriSans(certificate.subjectaltname ?? ''),
  };
}

export function isAllowedPeer(identity: PeerIdentity, allowed: AllowedPeers): boolean {
  if (allowed.commonNames.length === 0 && allowed.uriSans.length === 0) return true;
  if (identity.commonName !== undefined && allowed.commonNames.includes(identity.commonName)) return true;
  return identity.uriSans.some((uri) => allowed.uriSans.includes(uri));
}

/**
 * URI entries of Node's `subjectaltname` text: `DNS:a, URI:spiffe://x, IP Address:1.2.3.4`. Node
 * JSON-quotes a value that contains a comma or a quote, so split only on separators outside quotes.
 */
export function uriSans(subjectAltName: string): string[] {
  const uris: string[] = [];
  const pattern = /(?:^|, )URI:("(?:[^"\\]|\\.)*"|[^,]*)/g;
  for (const match of subjectAltName.matchAll(pattern)) {
    const raw = match[1] ?? '';
    uris.push(raw.startsWith('"') ? (JSON.parse(raw) as string) : raw);
  }
  return uris;
}
