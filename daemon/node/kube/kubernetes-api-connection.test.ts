import { expect } from 'chai';

import { loadNodeConfig } from '../config/index.js';
import { kubernetesApiConnection } from './kubernetes-api-connection.js';

const load = (file: string) =>
  loadNodeConfig({ file: { path: '/etc/twill/node.yaml', text: `nodeName: n1\n${file}` }, env: {} }).config;

describe('kubernetesApiConnection (which API Services and Events use)', () => {
  it('is off with etcd and no kubernetesApi.kubeconfig, saying why', () => {
    const connection = kubernetesApiConnection(
      load('datastore: { type: etcd, etcd: { endpoints: [http://127.0.0.1:2379] } }'),
    );
    expect(connection).to.deep.equal({
      kind: 'off',
      why: 'kubernetesApi.kubeconfig is empty and datastore.type is etcd',
    });
  });

  it('uses its own key with etcd, and follows a Kubernetes datastore otherwise', () => {
    const etcd = 'datastore: { type: etcd, etcd: { endpoints: [http://127.0.0.1:2379] } }\n';
    expect(kubernetesApiConnection(load(`${etcd}kubernetesApi: { kubeconfig: /k/config }`))).to.deep.equal({
      kind: 'file',
      path: '/k/config',
      key: 'kubernetesApi.kubeconfig',
    });
    expect(kubernetesApiConnection(load(`${etcd}kubernetesApi: { kubeconfig: in-cluster }`)).kind).to.equal(
      'in-cluster',
    );
    expect(
      kubernetesApiConnection(load('datastore: { type: kubernetes, kubernetes: { kubeconfig: /d/config } }')),
    ).to.deep.equal({ kind: 'file', path: '/d/config', key: 'datastore.kubernetes.kubeconfig' });
    expect(kubernetesApiConnection(load('datastore: { type: kubernetes }'))).to.deep.equal({
      kind: 'in-cluster',
      key: 'datastore.kubernetes.kubeconfig',
    });
  });

  it('refuses a relative kubeconfig path with the key named', () => {
    expect(() => load('kubernetesApi: { kubeconfig: kube.yaml }')).to.throw(
      /kubernetesApi\.kubeconfig.*absolute path/,
    );
  });
});
