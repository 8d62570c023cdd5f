import { TwillError } from '../../common/index.js';

export type PolicyErrorCode = 'INVALID_POLICY';

/** A policy that cannot be compiled; the message names the rule and field ("rules[2].match.asPath.regexp"). */
export class PolicyError extends TwillError<PolicyErrorCode> {}
