import type { SharedFrame } from './shared-frame.js';

export interface DeltaWindowOptions {
  /** Most frames kept; the oldest go first. */
  readonly maxFrames: number;
  /** Most bytes (plain encoding) kept, so a burst of large resources cannot hold memory hostage. */
  readonly maxBytes: number;
}

/**
 * The recent stream, for resuming clients: frames with consecutive positions, bounded by count and
 * bytes. A client at position R can resume iff every frame after R is still here.
 */
export class DeltaWindow {
  private frames: SharedFrame[] = [];
  private head = 0;
  private bytes = 0;
  private lastPosition = 0;

  constructor(private readonly options: DeltaWindowOptions) {}

  add(frame: SharedFrame): void {
    this.frames.push(frame);
    this.bytes += frame.plain.length;
    this.lastPosition = frame.position;
    while (this.size > this.options.maxFrames || (this.bytes > this.options.maxBytes && this.size > 0)) {
      const oldest = this.frames[this.head++] as SharedFrame;
      this.bytes -= oldest.plain.length;
    }
    // Drop the evicted prefix now and then, not on every eviction (that would make add() O(n)).
    if (this.head > 1024 && this.head * 2 > this.frames.length) {
      this.frames = this.frames.slice(this.head);
      this.head = 0;
    }
  }

  /** Every frame after `position`, oldest first; undefined if some of them are gone (or never were). */
  since(position: number): SharedFrame[] | undefined {
    const first = this.frames[this.head]?.position ?? this.lastPosition + 1;
    if (!Number.isSafeInteger(position) || position < first - 1 || position > this.lastPosition)
      return undefined;
    return this.frames.slice(this.head + position - (first - 1));
  }

  get size(): number {
    return this.frames.length - this.head;
  }

  get heldBytes(): number {
    return this.bytes;
  }
}
