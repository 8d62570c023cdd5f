import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { expect } from 'chai';
import { parse } from 'yaml';

import { RESOURCE_KINDS } from '../model/index.js';
import { crdFiles, customResourceDefinition, customResourceKinds } from './crd.js';
import { crdDirectory } from './generate-crds.js';

type Schema = {
  type?: string;
  enum?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
};

function rootSchema(kind: Parameters<typeof customResourceDefinition>[0]): Schema {
  const crd = customResourceDefinition(kind) as {
    spec: { versions: Array<{ schema: { openAPIV3Schema: Schema } }> };
  };
  return crd.spec.versions[0]?.schema.openAPIV3Schema as Schema;
}

describe('CRDs generated from the kinds table', () => {
  it('the committed deploy/kubernetes/crds/*.yaml are exactly what the generator produces now', async () => {
    const expected = crdFiles();
    const directory = crdDirectory();
    const committed = (await readdir(directory)).filter((name) => name.endsWith('.yaml')).sort();
    expect(committed, 'run node dist/datastore/kubernetes/generate-crds.js').to.deep.equal(
      [...expected.keys()].sort(),
    );
    for (const [name, text] of expected) {
      expect(await readFile(join(directory, name), 'utf8'), `${name} is stale: regenerate it`).to.equal(text);
    }
  });

  it('makes a CRD for every Twill kind and none for the Kubernetes kinds', () => {
    expect(customResourceKinds()).to.have.members(
      RESOURCE_KINDS.filter((k) => k !== 'Namespace' && k !== 'NetworkPolicy'),
    );
    const crd = parse(crdFiles().get('twill.dev_workloadendpoints.yaml') as string) as {
      metadata: { name: string };
      spec: { group: string; scope: string; names: { plural: string; kind: string } };
    };
    expect(crd.metadata.name).to.equal('workloadendpoints.twill.dev');
    expect(crd.spec).to.deep.include({ group: 'twill.dev', scope: 'Namespaced' });
    expect(crd.spec.names).to.deep.include({ plural: 'workloadendpoints', kind: 'WorkloadEndpoint' });
  });

  it('derives field names, types and enums from the model readers, and never prunes', () => {
    const spec = rootSchema('IPPool').properties?.spec as Schema;
    expect(spec['x-kubernetes-preserve-unknown-fields']).to.equal(true);
    expect(spec.properties?.cidr).to.deep.equal({ type: 'string' });
    expect(spec.properties?.blockSize?.type).to.equal('integer');
    expect(spec.properties?.natOutgoing).to.deep.equal({ type: 'boolean' });
    expect(spec.properties?.encapsulation?.properties?.type?.enum).to.deep.equal([
      'None',
      'IPIP',
      'VXLAN',
      'WireGuard',
    ]);
    // Nested lists of objects are explored too (Node.spec.addresses[].type).
    const node = rootSchema('Node').properties?.spec as Schema;
    expect(node.properties?.addresses?.items?.properties?.type?.enum).to.include('BGPAddress');
  });

  it('gives a status subresource exactly to the kinds with a status', () => {
    const withStatus = customResourceKinds().filter((kind) => {
      const crd = customResourceDefinition(kind) as { spec: { versions: Array<{ subresources?: unknown }> } };
      return crd.spec.versions[0]?.subresources !== undefined;
    });
    expect(withStatus).to.deep.equal(['Node', 'TwillNodeStatus']);
    // TwillNodeStatus's nested report is explored (status.bgp.peers[].state with its RFC 4271 states).
    const report = rootSchema('TwillNodeStatus').properties?.status as Schema;
    expect(report.properties?.bgp?.properties?.peers?.items?.properties?.state?.enum).to.include(
      'Established',
    );
    expect(rootSchema('Node').properties?.status?.properties?.wireguardPublicKey).to.deep.equal({
      type: 'string',
    });
    expect(rootSchema('IPPool').properties?.status).to.equal(undefined);
  });
});
