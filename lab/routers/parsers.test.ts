// Parsers of router CLI output, on output captured from the real routers in the lab
// (fixtures/: BIRD 2.0.12 birdc, FRR 8.4.4 vtysh, GoBGP 3.10.0 gobgp, Debian 12 packages,
// captured from the leaf-spine demo on 2026-11-26).
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { repoPath } from '../testing/repo.js';
import { parseBirdProtocolsAll } from './birdc.js';
import { parseGobgpNeighbors } from './gobgp.js';
import { normaliseState } from './sessions.js';
import { parseFrrSummary } from './vtysh.js';

const fixture = (name: string) => readFileSync(repoPath('lab/routers/fixtures', name), 'utf8');

describe('router CLI parsers (captured output)', () => {
  it('birdc show protocols all: every protocol, BGP sessions with peer, AS, state, routes', () => {
    const protos = parseBirdProtocolsAll(fixture('bird-2.0.12-show-protocols-all.txt'));
    expect(protos.map((p) => [p.name, p.proto, p.state])).to.deep.equal([
      ['device1', 'Device', 'up'],
      ['direct1', 'Direct', 'up'],
      ['kernel1', 'Kernel', 'up'],
      ['leaf1', 'BGP', 'up'],
      ['leaf2', 'BGP', 'up'],
      ['gw1', 'BGP', 'up'],
    ]);
    expect(protos.filter((p) => p.session).map((p) => p.session)).to.deep.equal([
      { name: 'leaf1', peer: '10.0.1.1', peerAs: 65001, state: 'Established', prefixesReceived: 2 },
      { name: 'leaf2', peer: '10.0.2.1', peerAs: 65002, state: 'Established', prefixesReceived: 2 },
      { name: 'gw1', peer: '10.0.3.1', peerAs: 65003, state: 'Established', prefixesReceived: 1 },
    ]);
  });

  it('birdc: a session that is down reads as its FSM state', () => {
    const [p] = parseBirdProtocolsAll(fixture('bird-2.0.12-show-protocols-all-peer-down.txt'));
    expect(p?.state).to.equal('start');
    expect(p?.session).to.include({ peer: '10.0.1.1', peerAs: 65001, state: 'Active' });
  });

  it('vtysh show bgp summary json', () => {
    const s = parseFrrSummary(JSON.parse(fixture('frr-8.4.4-show-bgp-summary.json')));
    expect(s).to.deep.equal([
      { name: '10.0.1.0', peer: '10.0.1.0', peerAs: 65000, state: 'Established', prefixesReceived: 4 },
    ]);
  });

  it('gobgp neighbor -j (numeric session_state)', () => {
    const s = parseGobgpNeighbors(JSON.parse(fixture('gobgp-3.10.0-neighbor.json')));
    expect(s).to.have.length(1);
    expect(s[0]).to.include({ peer: '10.0.3.0', peerAs: 65000, state: 'Established', prefixesReceived: 5 });
  });

  it('normalises every spelling of the RFC 4271 states', () => {
    expect(['ESTABLISHED', 'established', 'Established'].map(normaliseState)).to.deep.equal(
      Array(3).fill('Established'),
    );
    expect(['OpenSent', 'opensent', 'OPEN_SENT', 'Open Confirm'].map(normaliseState)).to.deep.equal([
      'OpenSent',
      'OpenSent',
      'OpenSent',
      'OpenConfirm',
    ]);
    expect(normaliseState('Active')).to.equal('Active');
    expect(normaliseState('something else')).to.equal('Idle');
  });
});
