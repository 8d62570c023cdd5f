import { TwillError } from '../common/errors.js';

/** Codes for everything the lab can refuse or fail at. */
export type LabErrorCode =
  | 'LAB_TOPOLOGY_INVALID'
  | 'LAB_COMMAND_FAILED'
  | 'LAB_NODE_FAILED'
  | 'LAB_TIMEOUT'
  | 'LAB_KIND_NOT_IMPLEMENTED'
  | 'LAB_EXISTS'
  | 'LAB_NOT_FOUND'
  | 'LAB_NOT_ROOT';

export class LabError extends TwillError<LabErrorCode> {
  constructor(code: LabErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, details ? { details } : {});
  }
}
