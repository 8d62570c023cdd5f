/**
 * Pulls BGP messages out of a pcap file (as tcpdump -w writes it): pcap records → Ethernet / Linux
 * cooked → IPv4 / IPv6 → TCP → per-direction byte streams (reassembled by sequence number) → Framer.
 * Just enough of each layer for captures from the lab; anything else is skipped.
 */
import { Reader } from '../../../common/index.js';
import { Framer } from '../framer.js';

export interface CapturedMessage {
  /** "10.0.12.1:179>10.0.12.2:40000": one direction of one TCP connection. */
  readonly stream: string;
  readonly source: string;
  readonly destination: string;
  /** Seconds since the epoch of the packet that completed the message. */
  readonly time: number;
  readonly bytes: Buffer;
}

interface Segment {
  readonly source: string;
  readonly destination: string;
  readonly sourcePort: number;
  readonly destinationPort: number;
  readonly seq: number;
  readonly syn: boolean;
  readonly payload: Buffer;
  readonly time: number;
}

interface Stream {
  next: number | undefined;
  readonly framer: Framer;
  synced: boolean;
}

const LINKTYPE_ETHERNET = 1;
const LINKTYPE_LINUX_SLL = 113;
const LINKTYPE_LINUX_SLL2 = 276;

export function extractBgpMessages(pcap: Buffer): CapturedMessage[] {
  const streams = new Map<string, Stream>();
  const out: CapturedMessage[] = [];
  for (const segment of segments(pcap)) {
    if (segment.sourcePort !== 179 && segment.destinationPort !== 179) continue;
    const key = `${segment.source}:${segment.sourcePort}>${segment.destination}:${segment.destinationPort}`;
    let stream = streams.get(key);
    if (stream === undefined) {
      stream = { next: undefined, framer: new Framer(65535), synced: false };
      streams.set(key, stream);
    }
    if (segment.syn) {
      stream.next = (segment.seq + 1) >>> 0;
      stream.synced = true;
      continue;
    }
    if (segment.payload.length === 0) continue;
    let payload = segment.payload;
    if (stream.next === undefined) {
      // Joined mid-connection: start at the first marker.
      const at = payload.indexOf(MARKER);
      if (at < 0) continue;
      payload = payload.subarray(at);
      stream.next = (segment.seq + at) >>> 0;
    }
    const offset = (stream.next - segment.seq) | 0; // bytes of this segment already seen (retransmission)
    if (offset < 0 || offset >= payload.length) continue;
    payload = payload.subarray(offset);
    stream.next = (stream.next + payload.length) >>> 0;
    stream.framer.push(payload);
    for (const frame of stream.framer.frames()) {
      if (!frame.ok) break;
      out.push({
        stream: key,
        source: segment.source,
        destination: segment.destination,
        time: segment.time,
        bytes: Buffer.from(frame.frame),
      });
    }
  }
  return out;
}

const MARKER = Buffer.alloc(16, 0xff);

function* segments(pcap: Buffer): Generator<Segment> {
  const magic = pcap.readUInt32LE(0);
  const littleEndian = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  const nanoseconds = magic === 0xa1b23c4d || magic === 0x4d3cb2a1;
  const u32 = (at: number) => (littleEndian ? pcap.readUInt32LE(at) : pcap.readUInt32BE(at));
  const linkType = u32(20);
  let at = 24;
  while (at + 16 <= pcap.length) {
    const time = u32(at) + u32(at + 4) / (nanoseconds ? 1e9 : 1e6);
    const length = u32(at + 8);
    const frame = pcap.subarray(at + 16, at + 16 + length);
    at += 16 + length;
    const ip = network(frame, linkType);
    const segment = ip && transport(ip.packet, ip.version, time);
    if (segment) yield segment;
  }
}

function network(frame: Buffer, linkType: number): { packet: Buffer; version: 4 | 6 } | undefined {
  let etherType: number;
  let offset: number;
  if (linkType === LINKTYPE_ETHERNET) {
    etherType = frame.readUInt16BE(12);
    offset = 14;
    if (etherType === 0x8100) {
      etherType = frame.readUInt16BE(16);
      offset = 18;
    }
  } else if (linkType === LINKTYPE_LINUX_SLL) {
    etherType = frame.readUInt16BE(14);
    offset = 16;
  } else if (linkType === LINKTYPE_LINUX_SLL2) {
    etherType = frame.readUInt16BE(0);
    offset = 20;
  } else {
    return undefined;
  }
  if (etherType === 0x0800) return { packet: frame.subarray(offset), version: 4 };
  if (etherType === 0x86dd) return { packet: frame.subarray(offset), version: 6 };
  return undefined;
}

function transport(packet: Buffer, version: 4 | 6, time: number): Segment | undefined {
  let tcp: Buffer;
  let source: string;
  let destination: string;
  if (version === 4) {
    const headerLength = ((packet[0] as number) & 0x0f) * 4;
    if (packet[9] !== 6) return undefined;
    tcp = packet.subarray(headerLength, packet.readUInt16BE(2));
    source = [...packet.subarray(12, 16)].join('.');
    destination = [...packet.subarray(16, 20)].join('.');
  } else {
    if (packet[6] !== 6) return undefined; // no extension headers in lab captures
    tcp = packet.subarray(40, 40 + packet.readUInt16BE(4));
    source = ipv6Text(packet.subarray(8, 24));
    destination = ipv6Text(packet.subarray(24, 40));
  }
  const r = new Reader(tcp);
  const sourcePort = r.u16();
  const destinationPort = r.u16();
  const seq = r.u32();
  r.skip(4);
  const dataOffset = (r.u8() >> 4) * 4;
  const flags = r.u8();
  return {
    source,
    destination,
    sourcePort,
    destinationPort,
    seq,
    syn: (flags & 0x02) !== 0,
    payload: tcp.subarray(dataOffset),
    time,
  };
}

function ipv6Text(bytes: Buffer): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i).toString(16));
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}
