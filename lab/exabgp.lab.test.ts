// The exabgp kind: ExaBGP announces a prefix to an FRR router, which installs it.
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Lab } from './lab.js';
import { expectNothingLeft, uniqueLabName } from './testing/leftovers.js';
import { waitFor } from './wait.js';

describe('lab: exabgp kind', function () {
  this.timeout(90_000);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'twill-lab-exa-'));
  const name = uniqueLabName('exa');
  let lab: Lab | undefined;

  before(async () => {
    writeFileSync(
      path.join(dir, 'announce.py'),
      // Announce once, then stay alive (ExaBGP ends the session when its process exits).
      'import sys\nprint("announce route 10.77.0.0/24 next-hop self", flush=True)\nfor _ in sys.stdin: pass\n',
    );
    writeFileSync(
      path.join(dir, 'exabgp.conf'),
      `process announce { run /usr/bin/python3 ${path.join(dir, 'announce.py')}; encoder text; }
neighbor 10.0.9.2 {
  router-id 10.0.9.1; local-address 10.0.9.1; local-as 65101; peer-as 65100;
  api { processes [ announce ]; }
}
`,
    );
    writeFileSync(
      path.join(dir, 'frr.conf'),
      `frr defaults datacenter
router bgp 65100
 bgp router-id 10.0.9.2
 neighbor 10.0.9.1 remote-as 65101
 neighbor 10.0.9.1 timers connect 2
`,
    );
    writeFileSync(
      path.join(dir, 'lab.clab.yml'),
      `name: exa
topology:
  nodes:
    x1: { kind: exabgp, startup-config: exabgp.conf, exec: ["ip addr add 10.0.9.1/24 dev eth1"] }
    r1: { kind: frr, startup-config: frr.conf, exec: ["ip addr add 10.0.9.2/24 dev eth1"] }
  links:
    - endpoints: ["x1:eth1", "r1:eth1"]
`,
    );
    lab = await Lab.up(path.join(dir, 'lab.clab.yml'), { name });
  });

  after(async () => {
    await lab?.down();
    rmSync(dir, { recursive: true, force: true });
    expectNothingLeft(name, ['x1', 'r1']);
  });

  it("ExaBGP peers with FRR and its announced prefix reaches FRR's kernel", async () => {
    const route = await waitFor(
      'r1 to install 10.77.0.0/24 from ExaBGP',
      async () => (await lab!.kernelRoutes('r1')).find((r) => r.dst === '10.77.0.0/24'),
      { timeoutMs: 45_000 },
    );
    expect(route).to.include({ gateway: '10.0.9.1', protocol: 'bgp' });
    const [session] = await lab!.sessions('r1');
    expect(session).to.include({ peer: '10.0.9.1', peerAs: 65101, state: 'Established' });
  });
});
