// Typed face of the libnftables addon (nftables.cc): one call = one batch = one kernel transaction.
// What goes in the batch (Twill's table, its sets and chains) lives in routing/nftables.
import { loadAddon } from '../load-addon.js';

export interface NftRunOptions {
  /** Run inside this network namespace (e.g. /run/netns/NAME); default: the process's own. */
  readonly netnsPath?: string;
  /**
   * JSON mode: the batch may be nft JSON (`{"nftables": [...]}`) and listings come back as JSON.
   * Text batches are accepted in both modes.
   */
  readonly json?: boolean;
  /** Parse and check against the kernel's state, but commit nothing. */
  readonly dryRun?: boolean;
}

export interface NftRunResult {
  /** libnftables' output buffer: listings (JSON in JSON mode); empty for pure changes. */
  readonly output: string;
  /** Warnings libnftables printed for a batch that still succeeded. */
  readonly warnings: string;
}

export type NftBatchErrorCode = 'NFT_BATCH_FAILED' | 'NFT_NETNS_FAILED' | 'NFT_GENERATION_FAILED';

/**
 * A batch the kernel or libnftables refused (nothing of it was committed), or a namespace that could
 * not be entered. `errorText` is libnftables' error buffer verbatim: it names the failing command (for
 * text input it repeats the command line and marks the offending part).
 */
export class NftBatchError extends Error {
  readonly code: NftBatchErrorCode;
  readonly errorText: string;
  /** The command libnftables reported as failing, when its error text names one. */
  readonly failingCommand: string | undefined;
  /**
   * The 0-based column libnftables marked (`^^^`) in the echoed line. libnftables 1.0.x echoes the
   * batch's *first* line whatever line failed, but the column is right: callers that send a batch as
   * one line (commands separated by `;`) can map the column back to the command.
   */
  readonly errorColumn: number | undefined;
  readonly errno: number | undefined;

  constructor(code: NftBatchErrorCode, message: string, errorText: string, errno?: number) {
    super(message);
    this.name = 'NftBatchError';
    this.code = code;
    this.errorText = errorText;
    this.failingCommand = failingCommandOf(errorText);
    const marker = errorText.split('\n').find((l) => /^\s*\^/.test(l));
    this.errorColumn = marker === undefined ? undefined : marker.indexOf('^');
    this.errno = errno;
  }
}

interface RawResult {
  rc: number;
  output: string;
  error: string;
}

interface Addon {
  run(batch: string, options: NftRunOptions): Promise<RawResult>;
  generation(options: { netnsPath?: string }): Promise<RawResult>;
}

let addon: Addon | undefined;

/** Runs `batch` (a string, or an nft JSON document that is serialized for you) as one transaction. */
export async function runNftBatch(
  batch: string | object,
  options: NftRunOptions = {},
): Promise<NftRunResult> {
  addon ??= loadAddon<Addon>('nftables', 'twill_nftables');
  const text = typeof batch === 'string' ? batch : JSON.stringify(batch);
  const json = options.json ?? typeof batch !== 'string';
  let raw: RawResult;
  try {
    raw = await addon.run(text, { ...options, json });
  } catch (err) {
    const errno = (err as { errno?: unknown }).errno;
    const message = err instanceof Error ? err.message : String(err);
    throw new NftBatchError(
      'NFT_NETNS_FAILED',
      `cannot enter network namespace: ${message}`,
      message,
      typeof errno === 'number' ? errno : undefined,
    );
  }
  if (raw.rc !== 0) {
    const first = raw.error.trim().split('\n')[0] ?? '';
    throw new NftBatchError('NFT_BATCH_FAILED', `nft batch failed: ${first || `rc ${raw.rc}`}`, raw.error);
  }
  return { output: raw.output, warnings: raw.error };
}

/**
 * The nftables ruleset generation of the namespace (NFT_MSG_GETGEN): a 32-bit counter the kernel
 * increments once per committed transaction, whoever commits and whatever table it touches. Reading it
 * costs one netlink round trip, whatever the size of the ruleset.
 */
export async function nftGeneration(options: Pick<NftRunOptions, 'netnsPath'> = {}): Promise<number> {
  addon ??= loadAddon<Addon>('nftables', 'twill_nftables');
  let raw: RawResult;
  try {
    raw = await addon.generation(options.netnsPath === undefined ? {} : { netnsPath: options.netnsPath });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new NftBatchError('NFT_NETNS_FAILED', `cannot enter network namespace: ${message}`, message);
  }
  if (raw.rc !== 0) {
    throw new NftBatchError(
      'NFT_GENERATION_FAILED',
      `NFT_MSG_GETGEN failed: errno ${-raw.rc}`,
      `errno ${-raw.rc}`,
      -raw.rc,
    );
  }
  return Number(raw.output);
}

/**
 * libnftables' error text for text input is "Error: why\n<the command>\n<markers>": the line after the
 * first error line is the command. For JSON input 1.0.x names no command ("internal:0:0-0: Error: ..."
 * then an empty line), so there is none to return; Twill renders its batches as text for this reason.
 */
export function failingCommandOf(errorText: string): string | undefined {
  const lines = errorText.split('\n');
  const at = lines.findIndex((l) => l.includes('Error:'));
  if (at < 0) return undefined;
  const next = lines[at + 1];
  return next !== undefined && next.trim() !== '' && !/^\s*\^/.test(next) ? next : undefined;
}
