import { TwillError } from '../../common/index.js';

export type TyphaClientErrorCode = 'INVALID_ADDRESS' | 'NO_ADDRESSES';

export class TyphaClientError extends TwillError<TyphaClientErrorCode> {}
