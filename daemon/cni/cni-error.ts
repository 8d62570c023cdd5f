// Errors of twill-cni. Internally a typed TwillError with a string code; at the process boundary each
// code becomes the CNI error object of the spec (CNI spec 1.1 §"Error", well-known codes 1-99, plugin
// codes from 100), printed on stdout with a non-zero exit status.
import { TwillError, assertNever, type TwillErrorOptions } from '../../common/index.js';

export type CniErrorCode =
  /** 1: the config's cniVersion is not one this plugin speaks. */
  | 'INCOMPATIBLE_VERSION'
  /** 2: a field twill-cni does not know (a typo, or a feature of another plugin). */
  | 'UNSUPPORTED_FIELD'
  /** 3: the container (its namespace) does not exist. */
  | 'UNKNOWN_CONTAINER'
  /** 4: a CNI_* environment variable is missing or malformed. */
  | 'INVALID_ENVIRONMENT'
  /** 5: reading stdin, the namespace or the kernel failed. */
  | 'IO_FAILURE'
  /** 6: stdin is not JSON (or not an object). */
  | 'DECODE_FAILURE'
  /** 7: the network configuration is invalid. */
  | 'INVALID_NETWORK_CONFIG'
  /** 11: transient (datastore unreachable, compare-and-swap contention): the runtime may retry. */
  | 'TRY_AGAIN_LATER'
  /** 50 (STATUS): the plugin cannot serve ADD at all (datastore down, no pool). */
  | 'PLUGIN_NOT_AVAILABLE'
  /** 51 (STATUS): it cannot for lack of resources (every pool exhausted). */
  | 'PLUGIN_NOT_AVAILABLE_LIMITED_RESOURCES'
  /** 100: Twill IPAM has no address to give (no pool selects this node, or all are full). */
  | 'IPAM_FAILURE'
  /** 101: CHECK found the attachment differs from what ADD set up. */
  | 'CHECK_FAILED'
  /** 102: the kernel refused a change (netlink error). */
  | 'KERNEL_FAILURE'
  /** 999: a bug: anything not classified above. */
  | 'INTERNAL';

export class CniError extends TwillError<CniErrorCode> {
  constructor(code: CniErrorCode, message: string, options: TwillErrorOptions = {}) {
    super(code, message, options);
  }
}

/** The numeric code the CNI spec (or, from 100, this plugin's README) gives each error. */
export function cniCodeNumber(code: CniErrorCode): number {
  switch (code) {
    case 'INCOMPATIBLE_VERSION':
      return 1;
    case 'UNSUPPORTED_FIELD':
      return 2;
    case 'UNKNOWN_CONTAINER':
      return 3;
    case 'INVALID_ENVIRONMENT':
      return 4;
    case 'IO_FAILURE':
      return 5;
    case 'DECODE_FAILURE':
      return 6;
    case 'INVALID_NETWORK_CONFIG':
      return 7;
    case 'TRY_AGAIN_LATER':
      return 11;
    case 'PLUGIN_NOT_AVAILABLE':
      return 50;
    case 'PLUGIN_NOT_AVAILABLE_LIMITED_RESOURCES':
      return 51;
    case 'IPAM_FAILURE':
      return 100;
    case 'CHECK_FAILED':
      return 101;
    case 'KERNEL_FAILURE':
      return 102;
    case 'INTERNAL':
      return 999;
    default:
      return assertNever(code, 'CNI error code');
  }
}

/** The spec's error object: `details` is a string, so structured details are JSON-encoded. */
export interface CniErrorObject {
  readonly cniVersion: string;
  readonly code: number;
  readonly msg: string;
  readonly details?: string;
}

export function cniErrorObject(error: CniError, cniVersion: string): CniErrorObject {
  return {
    cniVersion,
    code: cniCodeNumber(error.code),
    msg: error.message,
    ...(error.details !== undefined ? { details: JSON.stringify(error.details) } : {}),
  };
}
