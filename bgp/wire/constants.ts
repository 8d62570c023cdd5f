/**
 * Numbers from the BGP-4 RFCs that the whole codec shares: header sizes, message types, AFI/SAFI,
 * attribute flag bits and type codes. Names follow the RFC text so each constant can be found there.
 */

/** RFC 4271 §4.1: 16-octet marker, 2-octet length, 1-octet type. */
export const HEADER_LENGTH = 19;
export const MARKER_LENGTH = 16;
/** RFC 4271 §4.1: the largest message without RFC 8654. */
export const MAX_MESSAGE_LENGTH = 4096;
/** RFC 8654 §3: the largest message once the Extended Message capability is negotiated. */
export const MAX_EXTENDED_MESSAGE_LENGTH = 65535;

/** RFC 4271 §4.1 (1-4), RFC 2918 §3 (5). */
export const MessageType = {
  OPEN: 1,
  UPDATE: 2,
  NOTIFICATION: 3,
  KEEPALIVE: 4,
  ROUTE_REFRESH: 5,
} as const;

/** Minimum lengths per message type, header included (RFC 4271 §4.2-4.5, RFC 2918 §3). */
export const MIN_OPEN_LENGTH = 29;
export const MIN_UPDATE_LENGTH = 23;
export const MIN_NOTIFICATION_LENGTH = 21;
export const KEEPALIVE_LENGTH = 19;
export const ROUTE_REFRESH_LENGTH = 23;

/** RFC 4271 §4.2: the only version this codec speaks. */
export const BGP_VERSION = 4;

/** RFC 6793 §2: the 2-octet stand-in for an AS number that needs 4 octets. */
export const AS_TRANS = 23456;

/** Address Family Identifiers (IANA) and Subsequent AFIs (RFC 4760) this codec decodes NLRI for. */
export const AFI_IPV4 = 1;
export const AFI_IPV6 = 2;
export const SAFI_UNICAST = 1;

/** RFC 4271 §4.3: the high-order bits of the Attribute Flags octet. */
export const AttributeFlag = {
  OPTIONAL: 0x80,
  TRANSITIVE: 0x40,
  PARTIAL: 0x20,
  EXTENDED_LENGTH: 0x10,
} as const;

/** Path attribute type codes (IANA "BGP Path Attributes"). */
export const AttributeCode = {
  ORIGIN: 1,
  AS_PATH: 2,
  NEXT_HOP: 3,
  MULTI_EXIT_DISC: 4,
  LOCAL_PREF: 5,
  ATOMIC_AGGREGATE: 6,
  AGGREGATOR: 7,
  COMMUNITIES: 8,
  ORIGINATOR_ID: 9,
  CLUSTER_LIST: 10,
  MP_REACH_NLRI: 14,
  MP_UNREACH_NLRI: 15,
  AS4_PATH: 17,
  AS4_AGGREGATOR: 18,
  LARGE_COMMUNITY: 32,
} as const;

/** RFC 4271 §4.2 Optional Parameter types; 255 marks RFC 9072's extended encoding. */
export const PARAMETER_CAPABILITIES = 2;
export const PARAMETER_EXTENDED_LENGTH = 255;
