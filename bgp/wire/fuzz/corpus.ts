/**
 * The crasher corpus format (corpus.txt): one input per line, `hex<TAB>context JSON<TAB># what broke`,
 * '#' lines are comments. The fuzzer prints crashers in this format; fuzz.test.ts replays every line.
 */
import { codecContext, type CodecContext } from '../context.js';

export interface CorpusEntry {
  readonly hex: string;
  readonly context: CodecContext;
  readonly note: string;
}

export function formatCorpusLine(bytes: Uint8Array, context: CodecContext, note: string): string {
  return `${Buffer.from(bytes).toString('hex')}\t${JSON.stringify(context)}\t# ${note.replace(/\s+/g, ' ')}`;
}

export function parseCorpus(text: string): CorpusEntry[] {
  const out: CorpusEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const [hex = '', context = '{}', note = ''] = line.split('\t');
    out.push({
      hex,
      context: codecContext(JSON.parse(context) as Partial<CodecContext>),
      note: note.replace(/^# ?/, ''),
    });
  }
  return out;
}
