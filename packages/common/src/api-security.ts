// How a gRPC service authenticates its callers. Authentication is on unless switched off
// explicitly (HYPERFLEET_AUTH=none, as the demo does on loopback): bearer tokens, mutual
// TLS, or both. A service configured to require it but given no way to check it refuses
// to start.
import { readFileSync } from 'node:fs';
import { ServerCredentials, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { requireBearerToken } from './auth.js';
import { ConfigError, envChoice, envString, type Env } from './config.js';

export interface ApiSecurity {
  mode: 'token' | 'none';
  tokens: string[];
  tls?: { cert: Buffer; key: Buffer; clientCa?: Buffer };
}

export function readApiSecurity(env: Env): ApiSecurity {
  const mode = envChoice(env, 'HYPERFLEET_AUTH', 'token', ['token', 'none'] as const);
  const tokens = envString(env, 'HYPERFLEET_API_TOKENS', '')
    .split(',')
    .map((token) => token.trim())
    .filter(Boolean);
  const tls = readTls(env);
  if (mode === 'token' && tokens.length === 0 && !tls?.clientCa) {
    throw new ConfigError(
      'HYPERFLEET_API_TOKENS',
      'needs at least one token, or HYPERFLEET_TLS_CLIENT_CA for mutual TLS, while HYPERFLEET_AUTH=token (the default); set HYPERFLEET_AUTH=none to serve without authentication',
      '',
    );
  }
  return { mode, tokens: mode === 'none' ? [] : tokens, tls };
}

export function serverCredentials(security: ApiSecurity): ServerCredentials {
  if (!security.tls) return ServerCredentials.createInsecure();
  const { cert, key, clientCa } = security.tls;
  // With a client CA, callers must present a certificate it signed (mutual TLS).
  return ServerCredentials.createSsl(clientCa ?? null, [{ cert_chain: cert, private_key: key }], clientCa !== undefined);
}

export function secureService(service: UntypedServiceImplementation, security: ApiSecurity): UntypedServiceImplementation {
  return requireBearerToken(service, security.tokens);
}

function readTls(env: Env): ApiSecurity['tls'] {
  const certFile = envString(env, 'HYPERFLEET_TLS_CERT', '');
  const keyFile = envString(env, 'HYPERFLEET_TLS_KEY', '');
  const caFile = envString(env, 'HYPERFLEET_TLS_CLIENT_CA', '');
  if (!certFile && !keyFile) {
    if (caFile) throw new ConfigError('HYPERFLEET_TLS_CLIENT_CA', 'needs HYPERFLEET_TLS_CERT and HYPERFLEET_TLS_KEY too', caFile);
    return undefined;
  }
  if (!certFile || !keyFile) throw new ConfigError(certFile ? 'HYPERFLEET_TLS_KEY' : 'HYPERFLEET_TLS_CERT', 'is required with the other', '');
  return { cert: readConfigFile('HYPERFLEET_TLS_CERT', certFile), key: readConfigFile('HYPERFLEET_TLS_KEY', keyFile), clientCa: caFile ? readConfigFile('HYPERFLEET_TLS_CLIENT_CA', caFile) : undefined };
}

function readConfigFile(variable: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch {
    throw new ConfigError(variable, 'names a file that cannot be read', file);
  }
}
