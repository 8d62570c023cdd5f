// The policy table in a process of its own, to be SIGKILLed mid-update by kill-mid-update.lab.test.ts:
//   node apply-child.js NETNS_PATH POLICIES incremental|full
// `incremental` first syncs the old state (a restarted daemon's full replace of an identical table) and
// then the new one (a diff that touches every policy); `full` replaces the old table with the new state
// in one batch. It prints "applying" right before the update and "applied" when it is committed.
import { libnftablesRunner } from '../nft-runner.js';
import { PolicyTable } from '../policy-table.js';
import { bigUpdateState } from './big-update.js';

async function main(): Promise<void> {
  const [netnsPath, count, mode] = process.argv.slice(2);
  if (netnsPath === undefined || mode === undefined) throw new Error('usage: NETNS_PATH POLICIES MODE');
  const table = new PolicyTable(libnftablesRunner({ netnsPath }));
  if (mode === 'incremental') await table.sync(bigUpdateState(Number(count), 'old'));
  process.stdout.write('applying\n');
  const r = await table.sync(bigUpdateState(Number(count), 'new'));
  process.stdout.write(`applied ${r.mode} ${r.commands}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
