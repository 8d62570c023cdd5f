import { TwillError } from '../../common/index.js';

export type SpeakerErrorCode = 'DUPLICATE_PEER' | 'UNKNOWN_PEER' | 'NOT_ESTABLISHED';

export class SpeakerError extends TwillError<SpeakerErrorCode> {}
