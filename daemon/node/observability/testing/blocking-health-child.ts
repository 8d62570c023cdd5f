// A child process for the liveness test: runs the health server, prints its port, and on the line
// `block MS` from stdin blocks its main event loop for real (Atomics.wait parks the thread) for MS.
import { createInterface } from 'node:readline';

import { nullLogger } from '../../../../common/index.js';
import { startHealthServer } from '../health-server.js';

const thresholdMs = Number(process.argv[2] ?? '1000');
const server = await startHealthServer({
  listen: { host: '127.0.0.1', port: 0 },
  log: nullLogger,
  livenessThresholdMs: thresholdMs,
  beatIntervalMs: 100,
  readiness: () => ({
    ready: true,
    reasons: [],
    datastoreInSync: true,
    dataplaneProgrammed: true,
    peerGroups: [],
  }),
});
process.stdout.write(`port ${server.port}\n`);

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const match = /^block (\d+)$/.exec(line);
  if (match !== null) {
    process.stdout.write('blocking\n');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(match[1]));
    process.stdout.write('unblocked\n');
  } else if (line === 'exit') {
    void server.close().then(() => process.exit(0));
  }
});
