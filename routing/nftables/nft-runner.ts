// The one narrow dependency of the policy table on the kernel: run a batch, list the table. Tests of
// the apply logic pass a fake; the real one is libnftables in-process (native/nftables).
import { NftBatchError, nftGeneration, runNftBatch } from '../../native/nftables/index.js';
import { NftablesError } from './errors.js';

export interface NftRunner {
  /** Runs the commands as one transaction; throws NftablesError('NFT_APPLY_FAILED') when refused. */
  apply(commands: readonly string[]): Promise<void>;
  /** `nft -j list table inet NAME`, parsed; undefined when the table does not exist. */
  listTable(table: string): Promise<unknown[] | undefined>;
  /** `nft -j list counters table inet NAME`, parsed. */
  listCounters(table: string): Promise<unknown[]>;
  /** The namespace's ruleset generation (+1 per committed transaction, of any program). */
  generation(): Promise<number>;
}

export interface LibnftablesRunnerOptions {
  /** Run inside this network namespace (tests; a daemon runs in the node's own). */
  readonly netnsPath?: string;
}

export function libnftablesRunner(options: LibnftablesRunnerOptions = {}): NftRunner {
  const base = options.netnsPath === undefined ? {} : { netnsPath: options.netnsPath };
  const list = async (command: string): Promise<unknown[] | undefined> => {
    try {
      const r = await runNftBatch(command, { ...base, json: true });
      const doc = JSON.parse(r.output) as { nftables?: unknown[] };
      return doc.nftables ?? [];
    } catch (err) {
      if (err instanceof NftBatchError && /No such file or directory/.test(err.errorText)) return undefined;
      throw new NftablesError(
        'NFT_LIST_FAILED',
        `${command}: ${err instanceof Error ? err.message : String(err)}`,
        {
          cause: err,
        },
      );
    }
  };
  return {
    async apply(commands) {
      // One line, commands separated by ';': libnftables 1.0.x marks the failing column correctly but
      // echoes the wrong line of a multi-line batch, so on one line the column finds the command.
      const line = commands.join('; ');
      try {
        await runNftBatch(`${line}\n`, base);
      } catch (err) {
        if (!(err instanceof NftBatchError)) throw err;
        const command = err.errorColumn === undefined ? undefined : commandAt(commands, err.errorColumn);
        const why = err.errorText.split('\n')[0] ?? err.message;
        throw new NftablesError(
          'NFT_APPLY_FAILED',
          `nft refused the batch: ${why}${command ? ` in: ${command}` : ''}`,
          {
            cause: err,
            details: { command, error: why, commands: commands.length },
          },
        );
      }
    },
    listTable: (table) => list(`list table inet ${table}`),
    listCounters: async (table) => (await list(`list counters table inet ${table}`)) ?? [],
    generation: () => nftGeneration(base),
  };
}

/** The command of `commands.join('; ')` that covers `column`. */
function commandAt(commands: readonly string[], column: number): string | undefined {
  let start = 0;
  for (const c of commands) {
    if (column < start + c.length) return column >= start ? c : undefined;
    start += c.length + 2;
  }
  return undefined;
}
