import { KubeConfig } from '@kubernetes/client-node';

import { backendConformance } from '../testing/conformance.js';
import { KubernetesBackend } from './kubernetes-backend.js';
import { prepareRealCluster, wipeTwillObjects } from './testing/real-cluster.js';
import { StandInApiServer } from './stand-in/api-server.js';

describe('KubernetesBackend conformance (in-process stand-in API server)', function () {
  this.timeout(20_000);
  // A fresh stand-in per case: every case starts from an empty store, as with etcd's key prefix.
  backendConformance(async () => {
    const standIn = await StandInApiServer.start();
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromString(standIn.kubeconfig());
    const backend = new KubernetesBackend({ kubeConfig, watchRetryDelayMs: 50 });
    return {
      backend,
      compact: async () => standIn.compact(),
      close: async () => {
        await backend.close();
        await standIn.stop();
      },
      deletedCarriesDeleteRevision: true,
    };
  });
});

describe('KubernetesBackend conformance (real API server from KUBECONFIG)', function () {
  this.timeout(60_000);
  let kubeConfig: KubeConfig | undefined;

  before(async function () {
    if (process.env.KUBECONFIG === undefined || process.env.KUBECONFIG === '') {
      this.skip(); // Needs a real cluster: set KUBECONFIG (and TWILL_K8S_CONFORMANCE=1; see README.md).
    }
    if (process.env.TWILL_K8S_CONFORMANCE !== '1') {
      // Every case deletes all twill.dev objects of the cluster: never by accident.
      this.skip();
    }
    kubeConfig = new KubeConfig();
    kubeConfig.loadFromDefault();
    await prepareRealCluster(kubeConfig);
  });

  backendConformance(async () => {
    if (kubeConfig === undefined) throw new Error('no cluster');
    await wipeTwillObjects(kubeConfig);
    const backend = new KubernetesBackend({ kubeConfig });
    return {
      backend,
      // A real API server's etcd compacts on its own schedule; the compaction case is skipped there.
      compact: async () => {},
      compactionUnavailable: true,
      close: () => backend.close(),
      sharedRevisions: true,
      deletedCarriesDeleteRevision: true,
    };
  });
});
