// Interop over IPv6 transport: twill-bgpd with a 4-octet AS (RFC 6793), passive, and FRR connecting to
// it; IPv6 routes both ways (RFC 4760 MP_REACH_NLRI), large communities intact (RFC 8092).
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { RouteJson } from '../../bgp/speaker/index.js';
import { Lab } from '../../lab/lab.js';
import { vtyshJson } from '../../lab/routers/vtysh.js';
import { uniqueLabName } from '../../lab/testing/leftovers.js';
import { repoPath } from '../../lab/testing/repo.js';
import { waitFor } from '../../lab/wait.js';
import { request } from '../ctl/control-client.js';

const DIR = repoPath('bgp/speaker/testdata/interop-v6');

describe('interop: twill-bgpd (AS4200000001, passive) with FRR over IPv6', function () {
  this.timeout(120_000);
  let lab: Lab | undefined;
  let tmp: string;
  let socket: string;

  before(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'twill-interop6-'));
    socket = path.join(tmp, 'bgpd.sock');
    const config = readFileSync(path.join(DIR, 'twill-bgpd.yaml'), 'utf8').replace(
      '/tmp/twill-bgpd.sock',
      socket,
    );
    writeFileSync(path.join(tmp, 'bgpd.yaml'), config);
    lab = await Lab.up(path.join(DIR, 'interop-v6.clab.yml'), { name: uniqueLabName('bgp6') });
    const main = repoPath('dist/daemon/bgpd/main.js');
    lab.spawn('tw', ['sh', '-c', `exec node ${main} --config ${tmp}/bgpd.yaml 2>${tmp}/bgpd.log`]);
  });

  after(async () => {
    await lab?.down();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('is Established per FRR (peer AS 4200000001) and per Twill, with IPv6 unicast negotiated', async () => {
    const l = lab as Lab;
    const frr = await waitFor('frr2 session Established', async () =>
      (await l.sessions('frr2')).find((s) => s.peer === 'fd00:5::' && s.state === 'Established'),
    );
    expect(frr.peerAs).to.equal(4200000001);
    const peers = (await request(socket, 'bgp.peers')) as {
      peer: string;
      state: string;
      families: string[];
    }[];
    expect(peers[0]).to.include({ peer: 'fd00:5::1', state: 'Established' });
    expect(peers[0]?.families).to.deep.equal(['ipv6-unicast']);
  });

  it("exchanges IPv6 routes: Twill's in FRR's kernel, FRR's in Twill's best view", async () => {
    const l = lab as Lab;
    const route = await waitFor('frr2: 2001:db8:10::/48 in the kernel', async () =>
      (await l.kernelRoutes('frr2', 6)).find((r) => r.dst === '2001:db8:10::/48'),
    );
    expect(route.gateway).to.equal('fd00:5::');
    const best = await waitFor('Twill: 2001:db8:200::/48', async () =>
      ((await request(socket, 'bgp.routes', { view: 'best', afi: 'ipv6' })) as RouteJson[]).find(
        (r) => r.prefix === '2001:db8:200::/48',
      ),
    );
    expect(best).to.include({ peer: 'fd00:5::1', asPath: '65200' });
    interface FrrRoute {
      paths?: { aspath?: { string?: string }; largeCommunity?: { string?: string } }[];
    }
    const frr = await vtyshJson<FrrRoute>(
      l.nodeContext('frr2'),
      'show bgp ipv6 unicast 2001:db8:10::/48 json',
    );
    expect(frr.paths?.[0]?.aspath?.string).to.equal('4200000001');
    expect(frr.paths?.[0]?.largeCommunity?.string).to.equal('4200000001:1:2');
  });
});
