#!/usr/bin/env node
// twill-bgpd --config FILE: the BGP speaker alone, from a YAML file, with a control socket for twillctl.
// Wires config → speaker → control server; stops cleanly on SIGTERM/SIGINT.
import { readFile } from 'node:fs/promises';

import { errorMessage, type Prefix } from '../../common/index.js';
import { createLogger } from '../../common/log-winston.js';
import { BgpSpeaker } from '../../bgp/speaker/index.js';
import { parseBgpdConfig } from './config.js';
import { ControlServer } from './control-server.js';
import { applyReload, type ReloadReport } from './reload.js';

const USAGE = 'usage: twill-bgpd --config FILE';

async function main(argv: readonly string[]): Promise<void> {
  const i = argv.indexOf('--config');
  const file = i >= 0 ? argv[i + 1] : undefined;
  if (file === undefined || argv.includes('--help')) {
    process.stderr.write(`${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const config = parseBgpdConfig(await readFile(file, 'utf8'), file);
  const log = createLogger({ component: 'twill-bgpd', level: config.log.level, format: config.log.format });
  const speaker = new BgpSpeaker(
    {
      localAs: config.localAs,
      routerId: config.routerId,
      listen: config.listen,
      ...(config.clusterId === undefined ? {} : { clusterId: config.clusterId }),
      ...(config.ebgpRequiresPolicy === undefined ? {} : { ebgpRequiresPolicy: config.ebgpRequiresPolicy }),
      ...(config.gracefulRestart === undefined ? {} : { gracefulRestart: config.gracefulRestart }),
      dynamicPeers: config.dynamicPeers,
    },
    undefined,
    log,
  );
  await speaker.start();
  for (const peer of config.peers) speaker.addPeer(peer);
  for (const o of config.originate) speaker.originate(o.prefix, o.attributes);
  let current = config;
  const reload = async (): Promise<ReloadReport> => {
    const next = parseBgpdConfig(await readFile(file, 'utf8'), file); // a bad file changes nothing
    const report = applyReload(speaker, current, next);
    current = next;
    log.info('configuration reloaded', { ...report });
    return report;
  };
  // Why a route is originated, for `twillctl bgp routes advertised`: the config's originate list, or
  // bgp.originate over the control socket.
  const originSource = (prefix: Prefix): string => {
    const i = current.originate.findIndex((o) => o.prefix.equals(prefix));
    return i >= 0 ? `originate[${i}] in ${file}` : 'bgp.originate over the control socket';
  };
  const control = await ControlServer.listen(
    config.controlSocket,
    speaker,
    log,
    reload,
    undefined,
    originSource,
  );
  process.on('SIGHUP', () => {
    reload().catch((err: unknown) => log.error('reload failed', { error: errorMessage(err) }));
  });
  log.info('twill-bgpd started', {
    localAs: config.localAs,
    routerId: config.routerId.toString(),
    peers: config.peers.length,
    controlSocket: config.controlSocket,
  });
  const stop = (signal: string): void => {
    log.info('stopping', { signal });
    void Promise.all([speaker.stop(), control.close()]).then(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`twill-bgpd: ${errorMessage(err)}\n`);
  process.exit(1);
});
