import { Pop3Connection } from './pop3-connection.ts';
import { Pop3Error } from './pop3-error.ts';
import type { Pop3ClientOptions, Pop3Settings } from './pop3-options.ts';
import { type Pop3Capabilities, parseCapabilities } from './pop3-response.ts';
import { assertOk } from './pop3-response-reader.ts';
import { openSocket, type SocketTarget } from './pop3-socket.ts';
import { Pop3Transcript } from './pop3-transcript.ts';

/** A connection in the AUTHORIZATION state, encrypted as configured. */
export interface Pop3Handshake {
  connection: Pop3Connection;
  greeting: string;
  capabilities: Pop3Capabilities;
}

/**
 * Connects, reads the greeting and CAPA (RFC 2449 §5) and, for `STARTTLS`, upgrades with
 * STLS (RFC 2595 §4). On failure the connection is destroyed and the error thrown.
 */
export async function performHandshake(
  settings: Pop3Settings,
  options: Pop3ClientOptions,
  onConnection: (connection: Pop3Connection) => void,
): Promise<Pop3Handshake> {
  const { host, port, security, timeouts, limits } = settings;
  const target: SocketTarget = {
    host,
    port,
    security,
    connectTimeoutMs: timeouts.connectMs,
    tls: options.tls,
  };
  const transcript = new Pop3Transcript(options.onLine, options.logger);
  transcript.info(`connecting to ${host}:${port} (${security})`);

  const socket = await openSocket(target);
  const connectionSettings = { maxLineBytes: limits.maxLineBytes, dataIdleMs: timeouts.dataIdleMs };
  const connection = new Pop3Connection(socket, target, connectionSettings, transcript);
  options.logger?.debug({ host, port, security }, 'pop3 connected');
  onConnection(connection);

  try {
    const greeting = await connection.readResponse({
      label: 'greeting',
      stage: 'greeting',
      timeoutMs: timeouts.greetingMs,
      multiline: false,
    });
    assertOk(greeting, 'greeting');

    let capabilities = await readCapabilities(connection, timeouts.commandMs);
    if (security === 'STARTTLS') {
      await startTls(connection, capabilities, timeouts.commandMs);
      options.logger?.debug({ host }, 'pop3 tls upgraded');
      // RFC 2595 §4: forget what the server said in clear and ask again over TLS.
      capabilities = await readCapabilities(connection, timeouts.commandMs);
    }
    return { connection, greeting: greeting.status.text, capabilities };
  } catch (error) {
    const reason =
      error instanceof Pop3Error ? error : new Pop3Error('POP3_CLIENT_CLOSED', 'aborted');
    connection.destroy(reason);
    throw error;
  }
}

async function startTls(
  connection: Pop3Connection,
  capabilities: Pop3Capabilities,
  timeoutMs: number,
): Promise<void> {
  // An empty map means CAPA is unsupported: STLS may still work, and asking costs no secret.
  if (capabilities.size > 0 && !capabilities.has('STLS')) {
    const message = 'server does not offer STLS';
    throw new Pop3Error('POP3_STLS_UNAVAILABLE', message, { stage: 'tls', command: 'STLS' });
  }

  const response = await connection.command('STLS', 'STLS', { timeoutMs });
  if (response.status.kind !== 'ok') {
    throw new Pop3Error('POP3_STLS_UNAVAILABLE', `STLS refused: ${response.status.line}`, {
      stage: 'tls',
      command: 'STLS',
      response: response.status.line,
      responseCode: response.status.responseCode,
    });
  }
  await connection.upgradeToTls(timeoutMs);
}

async function readCapabilities(
  connection: Pop3Connection,
  timeoutMs: number,
): Promise<Pop3Capabilities> {
  const response = await connection.command('CAPA', 'CAPA', {
    timeoutMs,
    multiline: true,
    logBody: true,
  });
  return response.body ? parseCapabilities(response.body) : new Map();
}
