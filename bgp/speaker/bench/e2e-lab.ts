/**
 * The lab of the end-to-end benchmark, written into a fresh folder per run (BIRD's static protocol
 * lists the N routes, so the configuration depends on N):
 *
 *   src (BIRD, AS65100, N static routes)
 *     ├─ eth1 10.0.1.1 ── 10.0.1.0 tw  (Twill, AS65010)            protocol to_tw, disabled at start
 *     └─ eth2 10.0.2.0 ── 10.0.2.1 rb  (BIRD, AS65200, receiver)   protocol to_rb, disabled at start
 *   tw eth2 10.0.3.0 ── 10.0.3.1 rb                                 rb's from_tw (Twill sending)
 *
 * The sender's sessions start disabled, so e2e.ts runs one transfer at a time (`birdc enable`): the
 * two receivers never share the two cores. Hold time 9 s, keepalive 3 s everywhere.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { benchPrefixText } from './bench-routes.js';

export const HOLD_TIME_SEC = 9;
export const KEEPALIVE_TIME_SEC = 3;
export const TWILL_AS = 65010;
export const SRC_AS = 65100;
export const RB_AS = 65200;

const TIMERS = `hold time ${HOLD_TIME_SEC}; keepalive time ${KEEPALIVE_TIME_SEC}; connect delay time 1; connect retry time 1;`;

export function writeBenchLab(dir: string, routes: number): string {
  for (const node of ['src', 'rb']) mkdirSync(path.join(dir, node), { recursive: true });
  const statics: string[] = [];
  for (let i = 0; i < routes; i++) statics.push(`  route ${benchPrefixText(i)} blackhole;`);
  writeFileSync(
    path.join(dir, 'src', 'bird.conf'),
    [
      'log stderr { warning, error, fatal };',
      'router id 10.255.0.1;',
      'timeformat protocol iso long ms;',
      'protocol device { scan time 10; }',
      'protocol static {',
      '  ipv4;',
      ...statics,
      '}',
      `protocol bgp to_tw { local 10.0.1.1 as ${SRC_AS}; neighbor 10.0.1.0 as ${TWILL_AS}; ${TIMERS} disabled; ipv4 { import none; export all; }; }`,
      `protocol bgp to_rb { local 10.0.2.0 as ${SRC_AS}; neighbor 10.0.2.1 as ${RB_AS}; ${TIMERS} disabled; ipv4 { import none; export all; }; }`,
      '',
    ].join('\n'),
  );
  writeFileSync(
    path.join(dir, 'rb', 'bird.conf'),
    [
      'log stderr { warning, error, fatal };',
      'router id 10.255.0.2;',
      'timeformat protocol iso long ms;',
      'protocol device { scan time 10; }',
      `protocol bgp from_src { local 10.0.2.1 as ${RB_AS}; neighbor 10.0.2.0 as ${SRC_AS}; passive on; ${TIMERS} ipv4 { import all; export none; }; }`,
      `protocol bgp from_tw { local 10.0.3.1 as ${RB_AS}; neighbor 10.0.3.0 as ${TWILL_AS}; passive on; ${TIMERS} ipv4 { import all; export none; }; }`,
      '',
    ].join('\n'),
  );
  const topology = path.join(dir, 'e2e.clab.yml');
  writeFileSync(
    topology,
    `name: bgp-e2e
topology:
  nodes:
    src:
      kind: linux
      image: twill-lab/bird:2
      binds: ['src/bird.conf:/etc/bird/bird.conf:ro']
      exec: ['ip addr add 10.0.1.1/31 dev eth1', 'ip addr add 10.0.2.0/31 dev eth2']
    rb:
      kind: linux
      image: twill-lab/bird:2
      binds: ['rb/bird.conf:/etc/bird/bird.conf:ro']
      exec: ['ip addr add 10.0.2.1/31 dev eth1', 'ip addr add 10.0.3.1/31 dev eth2']
    tw:
      kind: linux
      exec: ['ip addr add 10.0.1.0/31 dev eth1', 'ip addr add 10.0.3.0/31 dev eth2']
  links:
    - endpoints: ['src:eth1', 'tw:eth1']
    - endpoints: ['src:eth2', 'rb:eth1']
    - endpoints: ['tw:eth2', 'rb:eth2']
`,
  );
  return topology;
}
