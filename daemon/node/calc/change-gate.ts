// Passes a value on only when it differs from the last one passed: consumers see changes, not recomputes.

/** Canonical JSON: object keys sorted, so equal values compare equal whatever order they were built in. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'object' && item !== null && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

export class ChangeGate<T> {
  private last: string | undefined;

  /** Calls `emit` and returns true when `value` differs from the last value offered. */
  offer(value: T, emit: (value: T) => void): boolean {
    const text = canonicalJson(value);
    if (text === this.last) return false;
    this.last = text;
    emit(value);
    return true;
  }
}
