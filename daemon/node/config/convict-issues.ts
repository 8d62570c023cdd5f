// convict reports validation problems as one string, a line per problem; this turns it back into
// issues with a key, so load.ts can add where each bad value came from.
import type { ConfigIssue, ConfigSource } from './errors.js';

const UNDECLARED = /^configuration param '(.+)' not declared in the schema$/;
const MISSING = /^configuration param '(.+)' missing from config, did you override its parent\?$/;

/** convict reports one line per problem, `key: message` or `configuration param 'key' ...`. */
export function convictIssues(text: string, sourceOf: (key: string) => ConfigSource): ConfigIssue[] {
  const issues = text.split('\n').map((line): ConfigIssue => {
    const undeclared = UNDECLARED.exec(line);
    if (undeclared !== null) {
      const key = undeclared[1] ?? '';
      return {
        key,
        message: 'unknown key (not in the schema; see --print-config for the keys)',
        source: sourceOf(key),
      };
    }
    const missing = MISSING.exec(line);
    if (missing !== null) {
      const key = missing[1] ?? '';
      const parent = key.split('.').slice(0, -1).join('.');
      return {
        key: parent,
        message: 'must be a mapping of keys, not a single value',
        source: sourceOf(parent),
      };
    }
    const colon = line.indexOf(': ');
    const key = colon === -1 ? '' : line.slice(0, colon);
    return { key, message: (colon === -1 ? line : line.slice(colon + 2)).trim(), source: sourceOf(key) };
  });
  // A scalar where a group belongs shows up once per missing child and once as undeclared: say it once.
  const scalarGroups = new Set(
    issues.filter((issue) => issue.message.startsWith('must be a mapping')).map((i) => i.key),
  );
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const id = `${issue.key}\0${issue.message}`;
    if (seen.has(id) || (scalarGroups.has(issue.key) && issue.message.startsWith('unknown key')))
      return false;
    seen.add(id);
    return true;
  });
}
