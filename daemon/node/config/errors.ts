import { assertNever, TwillError } from '../../../common/index.js';

export type NodeConfigErrorCode = 'INVALID_CONFIG' | 'UNREADABLE_FILE' | 'MALFORMED_FILE';

/** Where an effective value came from; convict's order is default < file < environment. */
export type ConfigSource =
  | { readonly kind: 'default' }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'env'; readonly variable: string };

export interface ConfigIssue {
  /** Dotted key path, as in the file (`datastore.etcd.endpoints`). */
  readonly key: string;
  readonly message: string;
  readonly source: ConfigSource;
}

export function describeSource(source: ConfigSource): string {
  switch (source.kind) {
    case 'default':
      return 'default';
    case 'file':
      return `file ${source.path}`;
    case 'env':
      return `environment variable ${source.variable}`;
    default:
      return assertNever(source, 'config source');
  }
}

/** Every problem found at once, each naming its key and where the bad value came from. */
export class NodeConfigError extends TwillError<NodeConfigErrorCode> {
  readonly issues: readonly ConfigIssue[];

  constructor(code: NodeConfigErrorCode, message: string, issues: readonly ConfigIssue[] = []) {
    super(code, message, { details: { issues } });
    this.issues = issues;
  }

  static invalid(issues: readonly ConfigIssue[]): NodeConfigError {
    const lines = issues.map((issue) => `  ${issue.key} (${describeSource(issue.source)}): ${issue.message}`);
    return new NodeConfigError(
      'INVALID_CONFIG',
      `invalid twill-node configuration:\n${lines.join('\n')}`,
      issues,
    );
  }
}
