import type { AnyResource } from '../../../../datastore/index.js';
import { ResourceIndex } from '../resource-index.js';
import { set } from './resources.js';

export function indexOf(...resources: AnyResource[]): ResourceIndex {
  const index = new ResourceIndex();
  for (const resource of resources) index.apply(set(resource));
  return index;
}
