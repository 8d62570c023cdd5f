import { assertNever } from '../../common/errors.js';
import type { NodeKind } from '../topology/types.js';
import { birdKind } from './bird.js';
import { etcdKind } from './etcd.js';
import { exabgpKind } from './exabgp.js';
import { frrKind } from './frr.js';
import { gobgpKind } from './gobgp.js';
import type { NodeKindRuntime } from './kind.js';
import { linuxKind } from './linux.js';
import { twillKind } from './twill.js';
import { typhaKind } from './typha.js';

export function runtimeFor(kind: NodeKind): NodeKindRuntime {
  switch (kind) {
    case 'linux':
      return linuxKind;
    case 'frr':
      return frrKind;
    case 'bird':
      return birdKind;
    case 'gobgp':
      return gobgpKind;
    case 'exabgp':
      return exabgpKind;
    case 'twill':
      return twillKind;
    case 'etcd':
      return etcdKind;
    case 'typha':
      return typhaKind;
    default:
      return assertNever(kind);
  }
}
