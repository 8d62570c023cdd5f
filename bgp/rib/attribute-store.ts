/**
 * Interned attribute sets. Routes from one UPDATE share their attributes, and a fabric's routes share a
 * few hundred distinct sets, so the RIB keeps each distinct set once (BIRD's rta cache, GoBGP's path
 * attribute sharing) and routes point at it: a million routes cost a million pointers, not a million
 * attribute copies. Reference-counted: a set is dropped from the store when the last route holding it
 * goes, so a long-lived speaker does not accumulate every set it ever saw.
 */
import { attributeHash, attributeKey, withoutEmptyLists } from './attribute-key.js';
import { RibError } from './rib-errors.js';
import type { RouteAttributes } from './route-attributes.js';

/** One interned set. Compare sets by identity: equal attributes are the same AttributeSet. */
export class AttributeSet {
  /** Holders: routes in Adj-RIBs-In, entries of Adj-RIBs-Out. Changed only by the store. */
  private refs = 0;
  readonly hash: number;

  constructor(
    /** The attributes, frozen (shallowly: the model's arrays are readonly already). */
    readonly value: RouteAttributes,
    /** Canonical text (attributeKey); the identity of the set. */
    readonly key: string,
  ) {
    this.hash = attributeHash(key);
  }

  get refCount(): number {
    return this.refs;
  }

  /** False once the last holder released it: a fresh intern() of equal attributes gives a new set. */
  get live(): boolean {
    return this.refs > 0;
  }

  /** @internal the store's accounting. */
  adjust(delta: number): number {
    this.refs += delta;
    return this.refs;
  }
}

export class AttributeStore {
  private readonly sets = new Map<string, AttributeSet>();

  /**
   * The interned set equal to `attributes`, holding `count` more references (one per route that will
   * point at it). An UPDATE interns its attributes once and takes one reference per NLRI.
   */
  acquire(given: RouteAttributes, count = 1): AttributeSet {
    const attributes = withoutEmptyLists(given);
    const key = attributeKey(attributes);
    let set = this.sets.get(key);
    if (set === undefined) {
      set = new AttributeSet(
        Object.isFrozen(attributes) ? attributes : Object.freeze({ ...attributes }),
        key,
      );
      this.sets.set(key, set);
    }
    set.adjust(count);
    return set;
  }

  /** One more holder of a live set (a route copied into another table). */
  retain(set: AttributeSet, count = 1): AttributeSet {
    if (!set.live || this.sets.get(set.key) !== set) {
      throw new RibError('ATTRIBUTE_SET_RELEASED', `attribute set ${set.hash} was released; intern it again`);
    }
    set.adjust(count);
    return set;
  }

  /** A holder is gone; the set leaves the store with its last holder. */
  release(set: AttributeSet, count = 1): void {
    if (set.refCount < count || this.sets.get(set.key) !== set) {
      throw new RibError(
        'ATTRIBUTE_SET_RELEASED',
        `attribute set ${set.hash} released more often than acquired`,
      );
    }
    if (set.adjust(-count) === 0) this.sets.delete(set.key);
  }

  /** Distinct live sets. */
  get size(): number {
    return this.sets.size;
  }

  /** Sum of the reference counts, for status and leak checks. */
  totalReferences(): number {
    let total = 0;
    for (const set of this.sets.values()) total += set.refCount;
    return total;
  }

  values(): IterableIterator<AttributeSet> {
    return this.sets.values();
  }
}
