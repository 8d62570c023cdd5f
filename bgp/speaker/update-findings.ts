/**
 * What RFC 7606 made of a peer's UPDATEs, kept per peer for status and logged. An UPDATE the codec
 * repaired (attribute discard), turned into withdrawals (treat-as-withdraw), or that disabled a family
 * (RFC 4760 §7, RFC 7606 §7.11) leaves the session up on purpose, so without this an operator sees
 * routes missing and no reason anywhere.
 *
 * Found in the interop lab: GoBGP sends IPv4 routes over an IPv6 session in MP_REACH_NLRI with a
 * 16-octet next hop although RFC 8950 extended next hop was not negotiated; we disable IPv4 unicast from
 * it for the session (correct by RFC 7606 §7.11), and this is where that now shows.
 */
import type { Logger } from '../../common/index.js';
import { familyOf, type UpdateReport } from '../wire/index.js';

export interface UpdateFindingsStatus {
  /** Families ignored from this peer for the rest of the session (AFI/SAFI disable). */
  readonly disabledFamilies?: readonly string[];
  /** The last problem found in an UPDATE from this peer, in words, with what was done about it. */
  readonly lastUpdateError?: string;
}

interface PeerFindings {
  readonly disabled: Set<string>;
  last?: string;
}

export class UpdateFindings {
  private readonly byPeer = new Map<string, PeerFindings>();

  constructor(private readonly log: Logger) {}

  /** A new session starts with an empty Adj-RIB-In that accepts every negotiated family again. */
  reset(peer: string): void {
    this.byPeer.delete(peer);
  }

  record(peer: string, report: UpdateReport): void {
    const [first] = report.findings;
    if (first === undefined) return;
    let entry = this.byPeer.get(peer);
    if (entry === undefined) {
      entry = { disabled: new Set() };
      this.byPeer.set(peer, entry);
    }
    const before = entry.disabled.size;
    for (const { afi, safi } of report.disabledFamilies)
      entry.disabled.add(familyOf(afi, safi) ?? `afi ${afi} safi ${safi}`);
    const text = `${first.message} (${first.treatment})`;
    // One line per new kind of problem, not one per UPDATE: a peer may send thousands of them.
    if (text === entry.last && entry.disabled.size === before) return;
    entry.last = text;
    this.log.warn('UPDATE error handled without a session reset (RFC 7606)', {
      peer,
      treatment: report.treatment,
      findings: report.findings.map((f) => f.message).join('; '),
      disabledFamilies: [...entry.disabled].join(','),
    });
  }

  status(peer: string): UpdateFindingsStatus {
    const entry = this.byPeer.get(peer);
    if (entry === undefined) return {};
    return {
      ...(entry.disabled.size === 0 ? {} : { disabledFamilies: [...entry.disabled] }),
      ...(entry.last === undefined ? {} : { lastUpdateError: entry.last }),
    };
  }
}
