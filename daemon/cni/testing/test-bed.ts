// Everything a twill-cni lab test needs: a real etcd with an IPPool, the relay into the node namespace,
// a node namespace with an uplink, pod namespaces, and the plugin invoked the runtime's way. close()
// removes all of it, and is safe to call after a failed start.
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { EtcdBackend, type IPPool } from '../../../datastore/index.js';
import { startEtcd, type EtcdServer } from '../../../datastore/testing/etcd-server.js';
import { ipPool } from '../../../datastore/testing/fixtures.js';
import { startEtcdRelay, type EtcdRelay } from './etcd-relay.js';
import { createNetns, createNodeNetns, deleteNetns, netnsPath } from './netns.js';
import { runPlugin, TWILL_CNI, type PluginRun } from './run-plugin.js';

export const UPLINK_MTU = 1400;

export interface Attachment {
  readonly containerID: string;
  readonly ifName: string;
  readonly netnsName: string;
  readonly netns: string;
  readonly args?: string;
}

export class CniTestBed {
  etcd: EtcdServer | undefined;
  relay: EtcdRelay | undefined;
  backend: EtcdBackend | undefined;
  nodeNetns = '';
  private readonly namespaces: string[] = [];
  private readonly keyPrefix = `/twt-cni-${process.pid}-${Date.now()}`;

  static async start(pools: readonly IPPool[] = [ipPool('pods', '10.65.0.0/16')]): Promise<CniTestBed> {
    const bed = new CniTestBed();
    try {
      bed.etcd = await startEtcd();
      bed.relay = await startEtcdRelay(bed.etcd.endpoint, join(tmpdir(), `twt-cni-${process.pid}-etcd.sock`));
      bed.backend = new EtcdBackend({ endpoints: [bed.etcd.endpoint], keyPrefix: bed.keyPrefix });
      for (const pool of pools) await bed.backend.create(pool);
      bed.nodeNetns = createNodeNetns(UPLINK_MTU);
      bed.namespaces.push(bed.nodeNetns);
      return bed;
    } catch (error) {
      await bed.close();
      throw error;
    }
  }

  get store(): EtcdBackend {
    return this.backend as EtcdBackend;
  }

  /** A twill-cni plugin config (one plugin of a conflist, as the runtime hands it over). */
  config(extra: Record<string, unknown> = {}, version = '1.0.0'): Record<string, unknown> {
    return {
      cniVersion: version,
      name: 'twill-test',
      type: 'twill-cni',
      nodeName: 'node-1',
      datastore: { type: 'etcd', endpoints: [this.relay?.endpoint], keyPrefix: this.keyPrefix },
      ...extra,
    };
  }

  /** A fresh pod namespace and the CNI parameters naming it. */
  pod(containerID: string, args?: string, ifName = 'eth0'): Attachment {
    const netnsName = createNetns();
    this.namespaces.push(netnsName);
    return {
      containerID,
      ifName,
      netnsName,
      netns: netnsPath(netnsName),
      ...(args !== undefined ? { args } : {}),
    };
  }

  /** Runs a plugin (twill-cni by default) inside the node namespace for one attachment. */
  run(command: string, pod: Attachment, config: unknown, plugin = TWILL_CNI): Promise<PluginRun> {
    return runPlugin({
      plugin,
      command,
      config,
      nodeNetns: this.nodeNetns,
      containerID: pod.containerID,
      ifName: pod.ifName,
      netns: pod.netns,
      ...(pod.args !== undefined ? { args: pod.args } : {}),
    });
  }

  /** Runs a command with no attachment (STATUS, GC, VERSION). */
  runBare(command: string, config: unknown): Promise<PluginRun> {
    return runPlugin({ plugin: TWILL_CNI, command, config, nodeNetns: this.nodeNetns });
  }

  async close(): Promise<void> {
    for (const ns of this.namespaces.splice(0)) deleteNetns(ns);
    await this.backend?.close();
    await this.relay?.close();
    await this.etcd?.stop();
  }
}
