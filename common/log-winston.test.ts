import { expect } from 'chai';
import { Writable } from 'node:stream';

import { createLogger, type CreateLoggerOptions } from './log-winston.js';

/** A stream that collects what winston writes, split into lines. */
function captureStream(): { stream: Writable; lines: () => string[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((l) => l !== ''),
  };
}

// The Stream transport writes synchronously today; waiting a turn keeps the tests valid if that changes.
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const TIME = Date.UTC(2024, 5, 7, 8, 9, 10, 11);

function setup(options: Partial<CreateLoggerOptions> = {}): ReturnType<typeof captureStream> & {
  log: ReturnType<typeof createLogger>;
} {
  const capture = captureStream();
  const log = createLogger({ component: 'bgp', stream: capture.stream, wallClockMs: () => TIME, ...options });
  return { ...capture, log };
}

describe('createLogger (winston)', () => {
  it('writes one JSON object per line by default', async () => {
    const { log, lines } = setup();
    log.info('session established', { peer: '10.0.0.1', as: 65001 });
    log.error('notification sent', { code: 6 });
    await settle();
    expect(lines()).to.have.length(2);
    expect(JSON.parse(lines()[0] as string)).to.deep.equal({
      ts: '2024-06-07T08:09:10.011Z',
      level: 'info',
      component: 'bgp',
      msg: 'session established',
      peer: '10.0.0.1',
      as: 65001,
    });
    expect(JSON.parse(lines()[1] as string)).to.include({
      level: 'error',
      msg: 'notification sent',
      code: 6,
    });
  });

  it('writes the human format', async () => {
    const { log, lines } = setup({ format: 'human', level: 'debug' });
    log.debug('open received', { hold: 90, caps: 'mp 4byte' });
    await settle();
    expect(lines()).to.deep.equal(['08:09:10.011 DEBUG [bgp] open received hold=90 caps="mp 4byte"']);
  });

  it('drops entries below the configured level (default info)', async () => {
    const { log, lines } = setup();
    log.debug('hidden');
    log.info('shown');
    const quiet = setup({ level: 'warn' });
    quiet.log.info('hidden');
    quiet.log.warn('shown');
    await settle();
    expect(lines().map((l) => (JSON.parse(l) as { msg: string }).msg)).to.deep.equal(['shown']);
    expect(quiet.lines().map((l) => (JSON.parse(l) as { msg: string }).msg)).to.deep.equal(['shown']);
  });

  it('child loggers add fields and can rename the component', async () => {
    const { log, lines } = setup({ format: 'human' });
    const peer = log.child({ peer: '10.0.0.2' });
    peer.info('up', { state: 'Established' });
    peer.child({ component: 'bgp.fsm', as: 65002 }).warn('hold timer expired');
    log.info('parent unchanged');
    await settle();
    expect(lines()).to.deep.equal([
      '08:09:10.011 INFO  [bgp] up peer=10.0.0.2 state=Established',
      '08:09:10.011 WARN  [bgp.fsm] hold timer expired peer=10.0.0.2 as=65002',
      '08:09:10.011 INFO  [bgp] parent unchanged',
    ]);
  });

  it('uses the real wall clock when none is injected', async () => {
    const capture = captureStream();
    const before = Date.now();
    createLogger({ component: 'x', stream: capture.stream }).info('t');
    await settle();
    const ts = Date.parse((JSON.parse(capture.lines()[0] as string) as { ts: string }).ts);
    expect(ts).to.be.within(before, Date.now());
  });
});
