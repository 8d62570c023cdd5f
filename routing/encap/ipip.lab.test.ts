// IP-in-IP support detection against the real kernel in a namespace (needs root). Whatever this kernel
// can do, the manager must agree with iproute2: tunl0 when `ip link add type ipip` works, else
// IPIP_UNSUPPORTED (this machine's kernel has no ipip module).
import { execFileSync } from 'node:child_process';
import { expect } from 'chai';
import { expectTwillError } from '../../common/testing/expect-error.js';
import { createTestNetns, deleteTestNetns } from '../netlink/testing/netns.js';
import { ensureIpipDevice } from './ipip-manager.js';
import { KernelLinkOps } from './link-ops.js';

describe('IP-in-IP detection (real kernel)', () => {
  it('agrees with iproute2 on whether this kernel has ipip', async () => {
    const ns = createTestNetns();
    const ops = new KernelLinkOps({ netns: ns });
    try {
      let iprouteError = '';
      try {
        execFileSync('ip', ['-n', ns, 'link', 'add', 'probe0', 'type', 'ipip'], { stdio: 'pipe' });
        execFileSync('ip', ['-n', ns, 'link', 'del', 'probe0']);
      } catch (err) {
        iprouteError = String((err as { stderr?: Buffer }).stderr ?? err);
      }
      const outcome = await ensureIpipDevice(ops).catch((e: unknown) => e);
      if (iprouteError.includes('Unknown device type')) {
        expectTwillError(
          () => {
            throw outcome;
          },
          'IPIP_UNSUPPORTED',
          'EOPNOTSUPP',
          'Unknown device type',
        );
      } else {
        expect(iprouteError).to.equal('');
        expect(outcome).to.deep.include({ name: 'tunl0' });
      }
    } finally {
      ops.close();
      deleteTestNetns(ns);
    }
  });
});
