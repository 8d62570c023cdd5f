import { stringify } from 'yaml';

import { Fields, FieldIssues } from '../model/fields.js';
import { kindDefinition, RESOURCE_KINDS, type ResourceKind } from '../model/index.js';
import { apiResource } from './api-resources.js';
import { recordShape, toOpenApi, type JsonSchema } from './crd-schema.js';

/** The Twill kinds that are custom resources (Namespace and NetworkPolicy are Kubernetes' own). */
export function customResourceKinds(): ResourceKind[] {
  return RESOURCE_KINDS.filter((kind) => apiResource(kind).family === 'custom');
}

/** The apiextensions.k8s.io/v1 CustomResourceDefinition of one Twill kind, derived from the kinds table. */
export function customResourceDefinition(kind: ResourceKind): JsonSchema {
  const resource = apiResource(kind);
  const definition = kindDefinition(kind);
  const context = { issues: new FieldIssues() };
  const properties: Record<string, JsonSchema> = {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
    spec: toOpenApi(recordShape('spec', (fields: Fields) => definition.readSpec(fields, context))),
  };
  const readStatus = definition.readStatus?.bind(definition);
  if (readStatus !== undefined) {
    properties.status = toOpenApi(recordShape('status', (fields: Fields) => readStatus(fields, context)));
  }
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${resource.plural}.${resource.group}`,
      labels: { 'app.kubernetes.io/part-of': 'twill' },
    },
    spec: {
      group: resource.group,
      names: {
        kind,
        listKind: `${kind}List`,
        plural: resource.plural,
        singular: kind.toLowerCase(),
      },
      scope: resource.namespaced ? 'Namespaced' : 'Cluster',
      versions: [
        {
          name: resource.version,
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              description: `Twill ${kind} (${definition.apiVersion}). Validated in full by Twill before every write.`,
              properties,
              ...(definition.specOptional === true ? {} : { required: ['spec'] }),
            },
          },
          ...(resource.statusSubresource ? { subresources: { status: {} } } : {}),
        },
      ],
    },
  };
}

/** The file name a CRD is shipped as (`twill.dev_ippools.yaml`, as controller-gen names them). */
export function crdFileName(kind: ResourceKind): string {
  const { group, plural } = apiResource(kind);
  return `${group}_${plural}.yaml`;
}

const HEADER =
  '# Generated from the kinds table (datastore/model/registry.ts) by datastore/kubernetes/generate-crds.ts.\n' +
  '# Do not edit: change the model and run `node dist/datastore/kubernetes/generate-crds.js`.\n';

export function crdYaml(kind: ResourceKind): string {
  // Single quotes, as prettier writes YAML: CI runs `prettier --check .` over the generated files too
  // (the first enum needing quotes was TwillNodeStatus's condition status "True"/"False").
  return `${HEADER}${stringify(customResourceDefinition(kind), { lineWidth: 0, singleQuote: true })}`;
}

/** Every CRD file: file name → YAML text. */
export function crdFiles(): Map<string, string> {
  return new Map(customResourceKinds().map((kind) => [crdFileName(kind), crdYaml(kind)]));
}
