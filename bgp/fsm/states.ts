/** The six states of RFC 4271 §8.2.2, spelled as the RFC spells them. */
export const BGP_STATES = ['Idle', 'Connect', 'Active', 'OpenSent', 'OpenConfirm', 'Established'] as const;

export type BgpState = (typeof BGP_STATES)[number];
