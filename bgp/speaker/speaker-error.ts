import { TwillError } from '../../common/index.js';

export type SpeakerErrorCode = 'DUPLICATE_PEER' | 'UNKNOWN_PEER';

export class SpeakerError extends TwillError<SpeakerErrorCode> {}
