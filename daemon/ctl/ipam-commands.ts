/**
 * `twillctl ipam show [--ip IP | --node N]`, `ipam check` (exit 1 when the report has problems) and
 * `ipam release --ip IP [--force]`. A release is guarded like the GC's (block uid + the address's
 * sequence number), and refused while a live workload holds the address unless --force.
 */
import { stringify as toYaml } from 'yaml';

import type { Backend } from '../../datastore/index.js';
import { checkConsistency, loadSnapshot, releaseLeaked } from '../../ipam/index.js';
import { flagValue, outputFormat, type CtlArgs } from './argv.js';
import { withDatastore, type CtlIo } from './ctl-context.js';
import { CtlError } from './control-client.js';
import { checkReportText } from './ipam-check-text.js';
import {
  addressText,
  addressUse,
  blocksTable,
  blockUse,
  poolsTable,
  poolUse,
  type AddressUse,
} from './ipam-show.js';

const USAGE =
  'usage: twillctl ipam show [--ip IP | --node N] | ipam check | ipam release --ip IP [--force] | ipam release --leaked';

export async function ipamCommand(args: CtlArgs, io: CtlIo): Promise<number> {
  const [, sub, extra] = args.positional;
  if (extra !== undefined) throw new CtlError('USAGE', USAGE);
  const output = outputFormat(args, ['table', 'yaml', 'json']);
  const print = (data: unknown, text: () => string) =>
    io.stdout(
      output === 'json' ? `${JSON.stringify(data, null, 2)}\n` : output === 'yaml' ? toYaml(data) : text(),
    );
  switch (sub) {
    case 'show': {
      const ip = flagValue(args, 'ip');
      const node = flagValue(args, 'node');
      if (ip !== undefined && node !== undefined)
        throw new CtlError('USAGE', 'give --ip or --node, not both');
      return withDatastore(args, io, async (backend) => {
        const snapshot = await loadSnapshot(backend);
        if (ip !== undefined) {
          const use = addressUse(snapshot, ip);
          print(use, () => addressText(use));
          return 0;
        }
        const pools = poolUse(snapshot);
        const blocks = blockUse(snapshot, node);
        print({ pools, blocks }, () =>
          node === undefined ? `${poolsTable(pools)}\n${blocksTable(blocks)}` : blocksTable(blocks),
        );
        return 0;
      });
    }
    case 'check':
      return withDatastore(args, io, async (backend) => {
        const report = checkConsistency(await loadSnapshot(backend));
        print(report, () => checkReportText(report));
        return report.clean ? 0 : 1;
      });
    case 'release': {
      const ip = flagValue(args, 'ip');
      if (args.booleans.has('leaked')) {
        if (ip !== undefined) throw new CtlError('USAGE', 'give --ip IP or --leaked, not both');
        return withDatastore(args, io, async (backend) => releaseAllLeaked(backend, io));
      }
      if (ip === undefined)
        throw new CtlError('USAGE', 'usage: twillctl ipam release --ip IP [--force] | --leaked');
      return withDatastore(args, io, async (backend) => {
        const use = addressUse(await loadSnapshot(backend), ip);
        if (!use.allocated || use.block === undefined) {
          io.stdout(
            `${use.address} is not allocated${use.block === undefined ? ' (no IPAM block holds it)' : ''}: nothing to release\n`,
          );
          return 0;
        }
        const refusal = refusalReason(use);
        if (refusal !== undefined && !args.booleans.has('force'))
          throw new CtlError(
            'REQUEST_FAILED',
            `not releasing ${use.address}: ${refusal}; use --force to release it anyway`,
          );
        const released = await releaseLeaked({ backend }, [
          {
            block: use.block,
            blockUid: use.blockUid,
            ordinal: use.ordinal ?? -1,
            sequenceNumber: use.sequenceNumber ?? -1,
            handleID: use.handleID,
          },
        ]);
        if (released.length === 0)
          throw new CtlError(
            'REQUEST_FAILED',
            `${use.address} changed while releasing it (released or reassigned meanwhile): nothing was released; look again with ipam show --ip`,
          );
        io.stdout(
          `released ${use.address}${use.handleID === undefined ? '' : ` (handle ${use.handleID})`}\n`,
        );
        return 0;
      });
    }
    default:
      throw new CtlError('USAGE', USAGE);
  }
}

/** Why releasing this address could hurt a running workload; undefined when it is safe (leaked). */
function refusalReason(use: AddressUse): string | undefined {
  const handle = use.handleID === undefined ? '' : `, handle ${use.handleID}`;
  if (use.usedBy.length > 0)
    return `WorkloadEndpoint ${use.usedBy.join(', ')} still lists it${handle}; IPAM would hand it to another pod while this one uses it`;
  if (use.owner === undefined)
    return `its allocation records no owner (a tunnel address or a manual reservation${handle}), so twillctl cannot tell whether it is in use`;
  return undefined;
}

/**
 * `ipam release --leaked`: what `ipam check` reports as leaked (owner WorkloadEndpoint gone or no longer
 * listing the address), each release guarded by block uid and sequence number as the GC's are.
 */
async function releaseAllLeaked(backend: Backend, io: CtlIo): Promise<number> {
  const report = checkConsistency(await loadSnapshot(backend));
  const released = await releaseLeaked({ backend }, report.leaked);
  for (const r of released)
    io.stdout(
      `released ${r.address.toString()}${r.handleID === undefined ? '' : ` (handle ${r.handleID})`}\n`,
    );
  const skipped = report.leaked.length - released.length;
  io.stdout(
    `${released.length} leaked address(es) released${skipped > 0 ? `, ${skipped} changed meanwhile and left alone` : ''}\n`,
  );
  return 0;
}
