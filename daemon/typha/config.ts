import { parseArgs } from 'node:util';

import { parseLogLevel, TwillError, type LogLevel } from '../../common/index.js';

export type TyphaConfigErrorCode = 'INVALID_FLAG' | 'MISSING_FLAG';
export class TyphaConfigError extends TwillError<TyphaConfigErrorCode> {}

export interface TyphaConfig {
  readonly listen: { readonly host: string; readonly port: number };
  readonly http: { readonly host: string; readonly port: number } | undefined;
  readonly datastore: 'etcd' | 'kubernetes';
  readonly etcdEndpoints: readonly string[];
  readonly etcdPrefix: string | undefined;
  readonly tlsCertFile: string;
  readonly tlsKeyFile: string;
  readonly tlsCaFile: string;
  readonly allowedCommonNames: readonly string[];
  readonly allowedUriSans: readonly string[];
  readonly maxClients: number | undefined;
  readonly logLevel: LogLevel;
  readonly logFormat: 'json' | 'human';
}

export const USAGE = `usage: twill-typha [flags]   (each flag also reads the environment variable shown)
  --listen HOST:PORT         TWILL_TYPHA_LISTEN          default 0.0.0.0:5473
  --http HOST:PORT|off       TWILL_TYPHA_HTTP            metrics + health, default 0.0.0.0:9093
  --datastore etcd|kubernetes TWILL_DATASTORE            default etcd (kubernetes reads KUBECONFIG)
  --etcd-endpoints URL,...   TWILL_ETCD_ENDPOINTS        required for etcd
  --etcd-prefix PREFIX       TWILL_ETCD_PREFIX
  --tls-cert FILE            TWILL_TYPHA_TLS_CERT        server certificate (PEM), required
  --tls-key FILE             TWILL_TYPHA_TLS_KEY         required
  --tls-ca FILE              TWILL_TYPHA_TLS_CA          CA of client certificates, required
  --allowed-cn CN,...        TWILL_TYPHA_ALLOWED_CN      client certificate common names allowed
  --allowed-uri-san URI,...  TWILL_TYPHA_ALLOWED_URI_SAN client URI SANs allowed (either list matching admits)
  --max-clients N            TWILL_TYPHA_MAX_CLIENTS     beyond it clients are sent elsewhere
  --log-level LEVEL          TWILL_LOG_LEVEL             debug|info|warn|error, default info
  --log-format json|human    TWILL_LOG_FORMAT            default json`;

const FLAGS = {
  listen: 'TWILL_TYPHA_LISTEN',
  http: 'TWILL_TYPHA_HTTP',
  datastore: 'TWILL_DATASTORE',
  'etcd-endpoints': 'TWILL_ETCD_ENDPOINTS',
  'etcd-prefix': 'TWILL_ETCD_PREFIX',
  'tls-cert': 'TWILL_TYPHA_TLS_CERT',
  'tls-key': 'TWILL_TYPHA_TLS_KEY',
  'tls-ca': 'TWILL_TYPHA_TLS_CA',
  'allowed-cn': 'TWILL_TYPHA_ALLOWED_CN',
  'allowed-uri-san': 'TWILL_TYPHA_ALLOWED_URI_SAN',
  'max-clients': 'TWILL_TYPHA_MAX_CLIENTS',
  'log-level': 'TWILL_LOG_LEVEL',
  'log-format': 'TWILL_LOG_FORMAT',
} as const;
type Flag = keyof typeof FLAGS;

/** Flags win over environment variables; everything is checked here, before anything starts. */
export function parseTyphaConfig(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): TyphaConfig {
  let values: Record<string, string | boolean | undefined>;
  try {
    const options = Object.fromEntries(Object.keys(FLAGS).map((flag) => [flag, { type: 'string' as const }]));
    values = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new TyphaConfigError('INVALID_FLAG', `${(error as Error).message}\n${USAGE}`);
  }
  const get = (flag: Flag): string | undefined => {
    const value = values[flag] ?? env[FLAGS[flag]];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const required = (flag: Flag): string => {
    const value = get(flag);
    if (value === undefined)
      throw new TyphaConfigError('MISSING_FLAG', `--${flag} (or ${FLAGS[flag]}) is required`);
    return value;
  };
  const list = (flag: Flag): string[] =>
    (get(flag) ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  const datastore = get('datastore') ?? 'etcd';
  if (datastore !== 'etcd' && datastore !== 'kubernetes') throw invalid('datastore', datastore);
  const etcdEndpoints = list('etcd-endpoints');
  if (datastore === 'etcd' && etcdEndpoints.length === 0) required('etcd-endpoints');
  const httpText = get('http') ?? '0.0.0.0:9093';
  const logFormat = get('log-format') ?? 'json';
  if (logFormat !== 'json' && logFormat !== 'human') throw invalid('log-format', logFormat);
  const maxClientsText = get('max-clients');
  const maxClients = maxClientsText === undefined ? undefined : Number(maxClientsText);
  if (maxClients !== undefined && (!Number.isInteger(maxClients) || maxClients < 1)) {
    throw invalid('max-clients', maxClientsText);
  }
  const allowedCommonNames = list('allowed-cn');
  const allowedUriSans = list('allowed-uri-san');
  if (allowedCommonNames.length === 0 && allowedUriSans.length === 0) {
    // Any certificate of the CA would do; refuse to guess that the operator meant it.
    throw new TyphaConfigError('MISSING_FLAG', '--allowed-cn or --allowed-uri-san is required');
  }
  let logLevel: LogLevel;
  try {
    logLevel = parseLogLevel(get('log-level') ?? 'info');
  } catch {
    throw invalid('log-level', get('log-level'));
  }
  return {
    listen: hostPort('listen', get('listen') ?? '0.0.0.0:5473'),
    http: httpText === 'off' ? undefined : hostPort('http', httpText),
    datastore,
    etcdEndpoints,
    etcdPrefix: get('etcd-prefix'),
    tlsCertFile: required('tls-cert'),
    tlsKeyFile: required('tls-key'),
    tlsCaFile: required('tls-ca'),
    allowedCommonNames,
    allowedUriSans,
    maxClients,
    logLevel,
    logFormat,
  };
}

function hostPort(flag: Flag, text: string): { host: string; port: number } {
  const colon = text.lastIndexOf(':');
  const host = text.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  const port = Number(text.slice(colon + 1));
  if (colon <= 0 || !Number.isInteger(port) || port < 0 || port > 65535) throw invalid(flag, text);
  return { host, port };
}

function invalid(flag: Flag, value: string | undefined): TyphaConfigError {
  return new TyphaConfigError('INVALID_FLAG', `--${flag}: invalid value ${JSON.stringify(value)}`, {
    details: { flag, value },
  });
}
