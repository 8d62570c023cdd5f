/**
 * Wire details that carry no meaning but that a byte-for-byte re-encoding needs: how capabilities were
 * grouped into optional parameters, the order of path attributes, which short attributes used the
 * Extended Length bit. The decoder reports them; the encoder follows them when given, and otherwise
 * writes the canonical form (documented at encodeOpen() and encodeUpdate()).
 */

export interface OpenLayout {
  readonly kind: 'open';
  /** RFC 9072 extended Optional Parameters encoding was used. */
  readonly extendedParameters: boolean;
  /** The number of capabilities in each Capabilities optional parameter, in order. */
  readonly capabilityGroups: readonly number[];
}

export interface UpdateLayout {
  readonly kind: 'update';
  /** Attribute type codes in wire order. */
  readonly attributeOrder: readonly number[];
  /** Type codes of attributes that used the Extended Length bit although their length is under 256. */
  readonly extendedLength: readonly number[];
}

export type Layout = OpenLayout | UpdateLayout;
