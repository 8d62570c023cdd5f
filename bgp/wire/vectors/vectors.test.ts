// Real messages from BIRD 2, FRR 8.4 and GoBGP 3.10, captured in the lab (capture/capture.sh), each
// with where it came from. Every one must decode cleanly and re-encode byte for byte.
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoPath } from '../../../lab/testing/repo.js';
import { codecContext, type CodecContext } from '../context.js';
import { decodeMessage } from '../decode.js';
import { encodeMessage } from '../encode.js';
import type { BgpMessage, NotificationMessage, UpdateMessage } from '../model.js';
import { shutdownCommunication } from '../notification.js';
import { endOfRib } from '../routes.js';
import { vectorsFrom, type Vector } from './lab-vectors.js';
import { extractBgpMessages } from './pcap.js';

const DIR = repoPath('bgp', 'wire', 'vectors');
const VECTORS: Vector[] = readFileSync(path.join(DIR, 'vectors.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as Vector);

function decoded(v: Vector): BgpMessage {
  const r = decodeMessage(Buffer.from(v.hex, 'hex'), codecContext(v.context));
  return r.ok ? r.message : expect.fail(`${v.name}: ${r.error.code}: ${r.error.message}`);
}

describe('captured vectors (BIRD 2.0.12, FRR 8.4.4, GoBGP 3.10.0)', () => {
  it('cover every router as a sender and every message type', () => {
    const routers = new Set(VECTORS.map((v) => v.from.split(' (')[0]));
    expect([...routers].sort()).to.deep.equal(['BIRD 2.0.12', 'FRR 8.4.4', 'GoBGP 3.10.0']);
    expect(new Set(VECTORS.map((v) => v.type))).to.deep.equal(
      new Set(['open', 'update', 'notification', 'keepalive', 'route-refresh']),
    );
  });

  for (const v of VECTORS) {
    it(`${v.name}: ${v.from} → ${v.to} decodes cleanly and re-encodes byte for byte`, () => {
      const bytes = Buffer.from(v.hex, 'hex');
      const ctx: CodecContext = codecContext(v.context);
      const r = decodeMessage(bytes, ctx);
      if (!r.ok) return expect.fail(`${r.error.code}: ${r.error.message}`);
      expect(r.message.type).to.equal(v.type);
      expect(r.report?.findings.map((f) => f.message) ?? []).to.deep.equal([]);
      expect(encodeMessage(r.message, ctx, r.layout).toString('hex')).to.equal(v.hex);
      // Our own canonical encoding may order or size things differently, but must mean the same.
      const canonical = decodeMessage(encodeMessage(r.message, ctx), ctx);
      expect(canonical.ok && canonical.message).to.deep.equal(r.message);
    });
  }

  describe('what the routers sent', () => {
    const find = (pattern: RegExp, test: (m: BgpMessage) => boolean) =>
      VECTORS.filter((v) => pattern.test(v.name))
        .map(decoded)
        .find(test);
    const updates = (pattern: RegExp) =>
      VECTORS.filter((v) => pattern.test(v.name) && v.type === 'update').map(
        (v) => decoded(v) as UpdateMessage,
      );

    it('FRR to the OLD BIRD: AS_TRANS and AS4_PATH merged back into AS4200000002 (RFC 6793 §4.2.3)', () => {
      const paths = updates(/^frr1-birdold/).flatMap((m) => m.attributes.asPath ?? []);
      expect(paths.some((s) => s.asns.includes(4200000002))).to.equal(true);
      expect(paths.some((s) => s.asns.includes(23456))).to.equal(false);
    });
    it('BIRD and FRR: IPv4 routes with an IPv6 next hop over extended next hop (RFC 8950)', () => {
      const m = updates(/^(bird1-frr1|frr1-bird1)/).find((u) => u.mpReach?.family === 'ipv4-unicast');
      expect(m?.mpReach?.nextHop.family).to.equal(6);
    });
    it('ADD-PATH path identifiers from FRR and GoBGP (RFC 7911)', () => {
      expect(
        updates(/^frr1-bird1/).some((u) => u.mpReach?.nlri.some((n) => n.pathId !== undefined)),
      ).to.equal(true);
      expect(updates(/^gobgp1-frr1/).some((u) => u.nlri.some((n) => n.pathId !== undefined))).to.equal(true);
    });
    it('route reflection: ORIGINATOR_ID and CLUSTER_LIST from FRR (RFC 4456)', () => {
      const m = updates(/^frr1-(bird2|gobgp2)/).find((u) => u.attributes.originatorId !== undefined);
      expect(m?.attributes.clusterList?.map(String)).to.deep.equal(['10.255.1.2']);
    });
    it('communities and large communities from each router (RFC 1997, RFC 8092)', () => {
      for (const router of ['bird1', 'frr1', 'gobgp1']) {
        const list = updates(new RegExp(`^${router}-`));
        expect(
          list.some((u) => (u.attributes.communities?.length ?? 0) > 0),
          router,
        ).to.equal(true);
        expect(
          list.some((u) => (u.attributes.largeCommunities?.length ?? 0) > 0),
          router,
        ).to.equal(true);
      }
    });
    it('an AS_SET from an FRR aggregate, ATOMIC_AGGREGATE and AGGREGATOR (RFC 4271 §5.1.6-7)', () => {
      const list = updates(/^frr1-/);
      expect(list.some((u) => u.attributes.asPath?.some((s) => s.type === 'as-set'))).to.equal(true);
      expect(
        list.some(
          (u) => u.attributes.atomicAggregate === true && u.attributes.aggregator?.asn === 4200000002,
        ),
      ).to.equal(true);
    });
    it('End-of-RIB markers for IPv4 and IPv6 (RFC 4724 §2)', () => {
      const families = new Set(
        updates(/./)
          .map(endOfRib)
          .filter((f) => f !== undefined),
      );
      expect(families).to.deep.equal(new Set(['ipv4-unicast', 'ipv6-unicast']));
    });
    it('BIRD: a refresh request of its own, then BoRR and EoRR around its answer to FRR (RFC 2918, RFC 7313)', () => {
      const subtypes = VECTORS.filter((v) => v.name.startsWith('bird1-frr1-route-refresh')).map(
        (v) => (decoded(v) as { subtype: number }).subtype,
      );
      expect(new Set(subtypes)).to.deep.equal(new Set([0, 1, 2]));
    });
    it('Cease with the Shutdown Communication each router was given (RFC 9003)', () => {
      const notifications = VECTORS.filter((v) => v.type === 'notification').map(
        (v) => decoded(v) as NotificationMessage,
      );
      const texts = notifications.map(shutdownCommunication).filter((t) => t !== undefined);
      expect(texts.length).to.be.at.least(3);
      expect(new Set(texts)).to.deep.equal(new Set(['twill vectors done']));
      expect(find(/^frr1-/, (m) => m.type === 'notification' && m.subcode === 4)).to.not.equal(undefined);
    });
  });

  it('extract-pcap gives back exactly these vectors from the stored captures', () => {
    const pcaps = path.join(DIR, 'capture', 'pcap');
    const fromPcaps = readdirSync(pcaps)
      .filter((f) => f.endsWith('.pcap'))
      .sort()
      .flatMap((f) =>
        vectorsFrom(f.replace(/\.pcap$/, ''), extractBgpMessages(readFileSync(path.join(pcaps, f)))),
      );
    expect(fromPcaps.map((v) => JSON.parse(JSON.stringify(v)) as Vector)).to.deep.equal(VECTORS);
  });
});
