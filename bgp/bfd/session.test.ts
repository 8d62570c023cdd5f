import { expect } from 'chai';

import { FakeClock } from '../../common/index.js';
import type { BfdAuthConfig } from './auth-section.js';
import { BFD_DEFAULTS, type BfdConfig } from './bfd-config.js';
import { BfdDiag } from './constants.js';
import { decodeControlPacket, type BfdControlPacket } from './control-packet.js';
import { BfdSession, type BfdStateChange } from './session.js';

interface Side {
  session: BfdSession;
  changes: BfdStateChange[];
  /** Packets this side sent, with the time. */
  sent: { atMs: number; packet: BfdControlPacket }[];
}

/** Two sessions joined by a 1 ms wire that the test can cut. */
function pair(a: Partial<BfdConfig> = {}, b: Partial<BfdConfig> = {}, random = () => 0.5, bStartMs = 0) {
  const clock = new FakeClock();
  const wire = { up: true };
  const sides: Side[] = [];
  const make = (config: Partial<BfdConfig>, discriminator: number, peer: () => Side): Side => {
    const side: Side = { changes: [], sent: [], session: undefined as unknown as BfdSession };
    side.session = new BfdSession({
      config: { ...BFD_DEFAULTS, ...config },
      localDiscriminator: discriminator,
      clock,
      random,
      onStateChange: (c) => side.changes.push(c),
      send: (bytes) => {
        side.sent.push({ atMs: clock.now(), packet: decodeControlPacket(bytes) });
        if (!wire.up) return;
        clock.setTimeout(() => {
          try {
            peer().session.receive(decodeControlPacket(bytes), bytes);
          } catch {
            // discarded (counted by the session)
          }
        }, 1);
      },
    });
    return side;
  };
  sides.push(
    make(a, 0x1111, () => sides[1] as Side),
    make(b, 0x2222, () => sides[0] as Side),
  );
  const [A, B] = sides as [Side, Side];
  A.session.start();
  if (bStartMs === 0) B.session.start();
  else clock.setTimeout(() => B.session.start(), bStartMs);
  return { clock, wire, A, B };
}

describe('bgp/bfd session (RFC 5880 §6)', () => {
  it('comes Up through Down → Init → Up on both sides (three-way handshake, §6.2)', () => {
    const { clock, A, B } = pair();
    clock.advance(5_000);
    expect(A.session.state).to.equal('Up');
    expect(B.session.state).to.equal('Up');
    const path = (s: Side) => s.changes.map((c) => c.to);
    // Down → Up directly when the peer is already in Init; Down → Init → Up when both start together.
    for (const p of [path(A), path(B)]) expect(['Init,Up', 'Up']).to.include(p.join());
    expect(A.session.status().remoteDiscriminator).to.equal(0x2222);
  });

  it('never flaps after coming Up: the faster rate applies at once, not after the pending slow packet', () => {
    for (const delay of [0, 137, 400, 777]) {
      const { clock, A, B } = pair(
        { minTxMs: 50, minRxMs: 50 },
        { minTxMs: 50, minRxMs: 80 },
        Math.random,
        delay,
      );
      clock.advance(20_000);
      for (const s of [A, B]) {
        expect(
          s.changes.filter((c) => c.to === 'Down'),
          `B starts ${delay} ms late`,
        ).to.deep.equal([]);
        expect(s.session.state).to.equal('Up');
      }
    }
  });

  it('sends at the slow 1 s rate, jittered to 75–100%, while not Up (§6.8.3, §6.8.7)', () => {
    let r = 0;
    const randoms = [0, 0.999, 0.3, 0.6];
    const { clock, wire, A } = pair({}, {}, () => randoms[r++ % randoms.length] as number);
    wire.up = false;
    clock.advance(10_000);
    const gaps = A.sent.slice(1).map((s, i) => s.atMs - (A.sent[i] as { atMs: number }).atMs);
    expect(gaps.length).to.be.greaterThan(8);
    for (const g of gaps) expect(g).to.be.within(750, 1000);
    expect(Math.min(...gaps)).to.be.lessThan(800); // the jitter really varies the interval
    expect(A.sent.every((s) => s.packet.desiredMinTxUs === 1_000_000 && s.packet.state === 'Down')).to.equal(
      true,
    );
  });

  it('jitters by 10–25% with a Detect Mult of 1 (§6.8.7)', () => {
    const { clock, wire, A } = pair({ multiplier: 1 }, {}, () => 0.999);
    wire.up = false;
    clock.advance(5_000);
    const gaps = A.sent.slice(1).map((s, i) => s.atMs - (A.sent[i] as { atMs: number }).atMs);
    for (const g of gaps) expect(g).to.be.within(750, 900);
  });

  it('negotiates: Tx = max(our DesiredMinTx, its RequiredMinRx), Detection = its Mult × max(our RequiredMinRx, its DesiredMinTx)', () => {
    const { clock, A, B } = pair(
      { minTxMs: 100, minRxMs: 200, multiplier: 3 },
      { minTxMs: 400, minRxMs: 500, multiplier: 5 },
    );
    clock.advance(10_000);
    expect(A.session.status()).to.include({ state: 'Up', txIntervalMs: 500, detectionTimeMs: 5 * 400 });
    expect(B.session.status()).to.include({ state: 'Up', txIntervalMs: 400, detectionTimeMs: 3 * 500 });
    // Once Up, packets really go at the negotiated rate (75–100% of 500 ms for A).
    const late = A.sent.filter((s) => s.atMs > 8_000);
    const gaps = late.slice(1).map((s, i) => s.atMs - (late[i] as { atMs: number }).atMs);
    for (const g of gaps) expect(g).to.be.within(375, 500);
  });

  it('runs a Poll Sequence when going Up changes DesiredMinTx, and ends it on the Final (§6.5)', () => {
    const { clock, A, B } = pair();
    clock.advance(10_000);
    const polls = A.sent.filter((s) => s.packet.poll);
    expect(polls.length).to.be.greaterThan(0);
    expect(polls[0]?.packet).to.include({ state: 'Up', desiredMinTxUs: 300_000 });
    const finals = B.sent.filter((s) => s.packet.final);
    expect(finals.length).to.be.greaterThan(0);
    for (const f of finals) expect(f.packet.poll).to.equal(false);
    // The Final goes out at once, not at B's next transmit time.
    expect((finals[0] as { atMs: number }).atMs - (polls[0] as { atMs: number }).atMs).to.equal(1);
    expect(A.session.status().pollActive).to.equal(false);
    const lastPollAt = Math.max(...polls.map((p) => p.atMs));
    expect(A.sent.filter((s) => s.atMs > lastPollAt + 5).every((s) => !s.packet.poll)).to.equal(true);
  });

  it('goes Down with diag 1 when the Detection Time passes without a packet, then back Up (§6.8.4)', () => {
    const { clock, wire, A } = pair();
    clock.advance(5_000);
    expect(A.session.state).to.equal('Up');
    wire.up = false;
    const cutAt = clock.now();
    clock.advance(2_000);
    const down = A.changes.at(-1);
    expect(down).to.deep.equal({ from: 'Up', to: 'Down', diag: BfdDiag.ControlDetectionTimeExpired });
    expect(A.session.status().localDiag).to.equal(1);
    // Detection time 3 × 300 ms: down no earlier than 900 ms after the last packet could arrive.
    expect(A.session.status().lastChangeMs - cutAt).to.be.within(600, 901);
    expect(A.session.status().remoteDiscriminator).to.equal(0);
    // Down sends slowly again, and tells the peer why.
    expect(A.sent.at(-1)?.packet).to.include({
      state: 'Down',
      diag: 1,
      desiredMinTxUs: 1_000_000,
      yourDiscriminator: 0,
    });
    wire.up = true;
    clock.advance(5_000);
    expect(A.session.state).to.equal('Up');
    expect(A.session.status().counters.upCount).to.equal(2);
  });

  it('goes Down with diag 3 when the peer signals AdminDown or Down (§6.8.6)', () => {
    const { clock, A, B } = pair();
    clock.advance(5_000);
    B.session.adminDown();
    clock.advance(2_000);
    expect(A.session.state).to.equal('Down');
    expect(A.changes.at(-1)).to.deep.equal({
      from: 'Up',
      to: 'Down',
      diag: BfdDiag.NeighborSignaledSessionDown,
    });
    expect(B.session.status()).to.include({ state: 'AdminDown', localDiag: BfdDiag.AdministrativelyDown });
    B.session.adminUp();
    clock.advance(5_000);
    expect([A.session.state, B.session.state]).to.deep.equal(['Up', 'Up']);
  });

  it('stops periodic packets when the peer asks for none (RequiredMinRx 0, §6.8.7)', () => {
    const clock = new FakeClock();
    const sent: number[] = [];
    const s = new BfdSession({
      config: BFD_DEFAULTS,
      localDiscriminator: 1,
      clock,
      send: () => sent.push(clock.now()),
    });
    s.start();
    clock.advance(3_000);
    const before = sent.length;
    expect(before).to.be.greaterThan(1);
    s.receive(
      {
        version: 1,
        diag: 0,
        state: 'Down',
        poll: false,
        final: false,
        controlPlaneIndependent: false,
        demand: false,
        multipoint: false,
        detectMult: 3,
        myDiscriminator: 9,
        yourDiscriminator: 0,
        desiredMinTxUs: 1_000_000,
        requiredMinRxUs: 0,
        requiredMinEchoRxUs: 0,
      },
      Buffer.alloc(0),
    );
    clock.advance(3_000);
    expect(sent.length).to.equal(before);
  });

  describe('with authentication', () => {
    const sha1 = (secret: string): BfdAuthConfig => ({ type: 'keyed-sha1', keyId: 1, secret });

    it('comes Up with the same Keyed SHA1 key', () => {
      const { clock, A, B } = pair({ auth: sha1('k1') }, { auth: sha1('k1') });
      clock.advance(5_000);
      expect([A.session.state, B.session.state]).to.deep.equal(['Up', 'Up']);
      expect(A.sent.every((s) => s.packet.auth?.type === 'keyed-sha1')).to.equal(true);
    });

    it('stays Down with a different key, or when only one side authenticates', () => {
      for (const [a, b] of [
        [{ auth: sha1('k1') }, { auth: sha1('k2') }],
        [{ auth: sha1('k1') }, {}],
      ] as [Partial<BfdConfig>, Partial<BfdConfig>][]) {
        const { clock, A, B } = pair(a, b);
        clock.advance(5_000);
        expect([A.session.state, B.session.state]).to.deep.equal(['Down', 'Down']);
        expect(
          A.session.status().counters.discarded + B.session.status().counters.discarded,
        ).to.be.greaterThan(3);
      }
    });

    it('drops a replayed meticulous packet (sequence not advancing)', () => {
      const clock = new FakeClock();
      const config = {
        ...BFD_DEFAULTS,
        auth: { type: 'meticulous-keyed-sha1', keyId: 1, secret: 'k' } as const,
      };
      const out: Buffer[] = [];
      const tx = new BfdSession({ config, localDiscriminator: 1, clock, send: (b) => out.push(b) });
      const rx = new BfdSession({ config, localDiscriminator: 2, clock, send: () => undefined });
      tx.start();
      clock.advance(1_100);
      const first = out[0] as Buffer;
      rx.receive(decodeControlPacket(first), first);
      expect(() => rx.receive(decodeControlPacket(first), first)).to.throw(/sequence/);
    });
  });
});
