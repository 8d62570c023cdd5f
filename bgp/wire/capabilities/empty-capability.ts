/** Shared decoder for capabilities whose value is empty (route refresh, extended message, ...). */
import type { Reader } from '../../../common/index.js';
import { CapabilityProblem } from './types.js';

export function expectEmpty(value: Reader): void {
  if (value.length !== 0) throw new CapabilityProblem(`length ${value.length}, expected 0`);
}
