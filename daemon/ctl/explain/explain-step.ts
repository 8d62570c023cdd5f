/** One step of `twillctl explain route`: what it found, in words, and whether the route is there. */
export type StepName = 'datastore' | 'calculation' | 'bgp' | 'kernel';

export interface ExplainStep {
  readonly step: StepName;
  /** present: the route is there at this step; missing: it is not (the verdict's first such step);
   *  skipped: this step could not be consulted (and why is in `lines`). */
  readonly status: 'present' | 'missing' | 'skipped';
  /** One line, for the verdict. */
  readonly summary: string;
  /** The details, in words. */
  readonly lines: readonly string[];
}

export function skipped(step: StepName, summary: string, lines: readonly string[] = []): ExplainStep {
  return { step, status: 'skipped', summary, lines };
}
