/** Length checks shared by the attribute modules; each throws AttributeProblem with the RFC subcode. */
import type { Reader } from '../../../common/index.js';
import { UpdateSubcode } from '../notification-codes.js';
import { AttributeProblem } from './types.js';

/** RFC 4271 §6.3: a length that conflicts with the attribute's fixed length is Attribute Length Error. */
export function expectLength(value: Reader, ...allowed: number[]): void {
  if (!allowed.includes(value.length)) {
    throw new AttributeProblem(
      'ATTRIBUTE_LENGTH_ERROR',
      UpdateSubcode.ATTRIBUTE_LENGTH_ERROR,
      `length ${value.length}, expected ${allowed.join(' or ')}`,
    );
  }
}

/** RFC 7606 §7.8/7.10, RFC 8092 §6: "not a non-zero multiple of" the entry size. */
export function expectNonZeroMultiple(value: Reader, unit: number): void {
  if (value.length === 0 || value.length % unit !== 0) {
    throw new AttributeProblem(
      'ATTRIBUTE_LENGTH_ERROR',
      UpdateSubcode.ATTRIBUTE_LENGTH_ERROR,
      `length ${value.length} is not a non-zero multiple of ${unit}`,
    );
  }
}
