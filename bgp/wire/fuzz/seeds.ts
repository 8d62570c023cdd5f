/**
 * Seeds for the fuzzer: real messages from the captured vectors (vectors/vectors.jsonl, chosen to cover
 * every message type, both AS number sizes, ADD-PATH, extended next hop, AS4_PATH and iBGP) with the
 * context each was decoded in. Regenerate by hand if the vectors are recaptured.
 */
import type { CodecContext } from '../context.js';

export interface Seed {
  readonly name: string;
  readonly context: CodecContext;
  readonly hex: string;
}

export const CAPTURED_SEEDS: readonly Seed[] = [
  {
    name: 'bird1-frr1-open-1',
    context: {
      fourOctetAs: true,
      extendedMessage: true,
      extendedNextHop: ['ipv4-unicast'],
      peerType: 'external',
      addPath: ['ipv4-unicast', 'ipv6-unicast'],
    },
    hex: 'ffffffffffffffffffffffffffffffff004f01045ba000090aff0101320230010400010001010400020001020005060001000100020600400200784104fa56ea014508000101030002010346004700',
  },
  {
    name: 'frr1-bird1-open-1',
    context: {
      fourOctetAs: true,
      extendedMessage: true,
      extendedNextHop: ['ipv4-unicast'],
      peerType: 'external',
      addPath: ['ipv4-unicast', 'ipv6-unicast'],
    },
    hex: 'ffffffffffffffffffffffffffffffff007b01045ba000090aff01025e020601040001000102080506000100010002020601040002000102028000020202000202460002064104fa56ea0202020600020a450800010103000201030206490402766d0002044002c0780210470e0001018000000000020180000000',
  },
  {
    name: 'gobgp1-frr1-open-1',
    context: {
      fourOctetAs: true,
      extendedMessage: false,
      extendedNextHop: [],
      peerType: 'external',
      addPath: ['ipv4-unicast'],
    },
    hex: 'ffffffffffffffffffffffffffffffff004701045ba000090aff01032a02280200490402766d000104000100010104000200014104fa56ea030506000100010002450400010103',
  },
  {
    name: 'frr1-birdold-open-1',
    context: {
      fourOctetAs: false,
      extendedMessage: false,
      extendedNextHop: [],
      peerType: 'external',
      addPath: [],
    },
    hex: 'ffffffffffffffffffffffffffffffff001d01045ba000090aff010200',
  },
  {
    name: 'frr1-bird1-update-1',
    context: {
      fourOctetAs: true,
      extendedMessage: true,
      extendedNextHop: ['ipv4-unicast'],
      peerType: 'external',
      addPath: ['ipv4-unicast', 'ipv6-unicast'],
    },
    hex: 'ffffffffffffffffffffffffffffffff008d0200000076900e002c0001012020010db8001200000000000000000002fe8000000000000030a90ffffe29f321000000000610ac1040010101500200060201fa56ea0280040400000000c00708fa56ea020aff0102c00808fdea00c8fdea00c9c02018fa56ea020000000200000002fa56ea020000000200000003',
  },
  {
    name: 'frr1-bird1-update-2',
    context: {
      fourOctetAs: true,
      extendedMessage: true,
      extendedNextHop: ['ipv4-unicast'],
      peerType: 'external',
      addPath: ['ipv4-unicast', 'ipv6-unicast'],
    },
    hex: 'ffffffffffffffffffffffffffffffff0076020000005f900e00300002012020010db8001200000000000000000002fe8000000000000030a90ffffe29f32100000000023020010db8200240010100500200060201fa56ea0280040400000000c00804fdea0258c0200cfa56ea020000000600000006',
  },
  {
    name: 'bird1-frr1-update-2',
    context: {
      fourOctetAs: true,
      extendedMessage: true,
      extendedNextHop: ['ipv4-unicast'],
      peerType: 'external',
      addPath: ['ipv4-unicast', 'ipv6-unicast'],
    },
    hex: 'ffffffffffffffffffffffffffffffff005d0200000046900e002e0001012020010db8001200000000000000000001fe8000000000000044357efffedccd46000000000219ac100180400101004002060201fa56ea0180040400000032',
  },
  {
    name: 'gobgp1-frr1-update-1',
    context: {
      fourOctetAs: true,
      extendedMessage: false,
      extendedNextHop: [],
      peerType: 'external',
      addPath: ['ipv4-unicast'],
    },
    hex: 'ffffffffffffffffffffffffffffffff005102000000324001010040020a0202fa56ea03fa56ea014003040a001702c00808fde90064fde90065c0200cfa56ea0100000001000000010000000218ac1001',
  },
  {
    name: 'gobgp1-frr1-update-3',
    context: {
      fourOctetAs: true,
      extendedMessage: false,
      extendedNextHop: [],
      peerType: 'external',
      addPath: ['ipv4-unicast'],
    },
    hex: 'ffffffffffffffffffffffffffffffff005d02000000464001010040020a0202fa56ea03fa56ea01c00804fde90258c0200cfa56ea010000000600000006800e1c0002011000000000000000000000ffff0a001702003020010db81001',
  },
  {
    name: 'frr1-birdold-update-1',
    context: {
      fourOctetAs: false,
      extendedMessage: false,
      extendedNextHop: [],
      peerType: 'external',
      addPath: [],
    },
    hex: 'ffffffffffffffffffffffffffffffff0078020000005e400101015002000402015ba04003040a00180180040400000000c007065ba00aff0102c00808fdea00c8fdea00c9c02018fa56ea020000000200000002fa56ea020000000200000003d01100060201fa56ea02c01208fa56ea020aff010210ac10',
  },
  {
    name: 'frr1-birdold-update-3',
    context: {
      fourOctetAs: false,
      extendedMessage: false,
      extendedNextHop: [],
      peerType: 'external',
      addPath: [],
    },
    hex: 'ffffffffffffffffffffffffffffffff0055020000003b400101005002000402015ba04003040a00180180040400000000400600c007065ba00aff0102d01100060201fa56ea02c01208fa56ea020aff010210ac14',
  },
  {
    name: 'frr1-bird2-update-1',
    context: {
      fourOctetAs: true,
      extendedMessage: false,
      extendedNextHop: [],
      peerType: 'internal',
      addPath: [],
    },
    hex: 'ffffffffffffffffffffffffffffffff005e020000004340010101500200004003040a001a018004040000001440050400000064c00808fdea00c8fdea00c9c02018fa56ea020000000200000002fa56ea02000000020000000318ac1002',
  },
  {
    name: 'bird1-gobgp1-update-1',
    context: {
      fourOctetAs: true,
      extendedMessage: false,
      extendedNextHop: [],
      peerType: 'external',
      addPath: [],
    },
    hex: 'ffffffffffffffffffffffffffffffff0037020000001c4001010040020e0203fa56ea01fa56ea020000fdf24003040a000d0118ac1004',
  },
  {
    name: 'gobgp1-bird1-update-1',
    context: {
      fourOctetAs: true,
      extendedMessage: false,
      extendedNextHop: [],
      peerType: 'external',
      addPath: [],
    },
    hex: 'ffffffffffffffffffffffffffffffff005d02000000464001010040020a0202fa56ea03fa56ea02c00804fdea0258c0200cfa56ea020000000600000006800e1c0002011000000000000000000000ffff0a000d02003020010db82002',
  },
  {
    name: 'bird1-gobgp1-notification-2',
    context: {
      fourOctetAs: true,
      extendedMessage: false,
      extendedNextHop: [],
      peerType: 'external',
      addPath: [],
    },
    hex: 'ffffffffffffffffffffffffffffffff0028030602127477696c6c20766563746f727320646f6e65',
  },
  {
    name: 'bird1-frr1-route-refresh-1',
    context: {
      fourOctetAs: true,
      extendedMessage: true,
      extendedNextHop: ['ipv4-unicast'],
      peerType: 'external',
      addPath: ['ipv4-unicast', 'ipv6-unicast'],
    },
    hex: 'ffffffffffffffffffffffffffffffff00170500010101',
  },
  {
    name: 'frr1-bird1-update-4',
    context: {
      fourOctetAs: true,
      extendedMessage: true,
      extendedNextHop: ['ipv4-unicast'],
      peerType: 'external',
      addPath: ['ipv4-unicast', 'ipv6-unicast'],
    },
    hex: 'ffffffffffffffffffffffffffffffff001d0200000006800f03000201',
  },
];
