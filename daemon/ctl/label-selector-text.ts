/**
 * `-l` accepts both selector languages an operator knows: kubectl's equality form (`app=web,tier!=db`,
 * `app`, `!app`) is rewritten into the Calico-style expression the datastore matches
 * (`app == 'web' && tier != 'db'`); anything else is passed on as a Calico-style selector, whose parse
 * errors point at the column.
 */
const KEY = String.raw`[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?`;
const VALUE = String.raw`[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?|`;
const TERM = new RegExp(String.raw`^\s*(?:(!)?(${KEY})|(${KEY})\s*(==|=|!=)\s*(${VALUE}))\s*$`);

export function kubectlSelector(text: string): string {
  const terms = text.split(',');
  const out: string[] = [];
  for (const term of terms) {
    const match = TERM.exec(term);
    if (match === null) return text;
    const [, not, key, , opKey, , op, value] = match;
    if (key !== undefined) out.push(`${not === undefined ? '' : '!'}has(${key})`);
    else out.push(`${opKey as string} ${op === '!=' ? '!=' : '=='} '${value ?? ''}'`);
  }
  return out.join(' && ');
}
