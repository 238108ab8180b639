import net from 'node:net';
import tls from 'node:tls';
import {
  buildTlsConnectOptions,
  type MailSecurity,
  type TlsPassthroughOptions,
} from '../shared/mail-security.ts';
import { isTlsErrorCode } from '../shared/tls-error-codes.ts';
import { Pop3Error, type Pop3Stage } from './pop3-error.ts';

/** Where and how to connect. */
export interface SocketTarget {
  host: string;
  port: number;
  security: MailSecurity;
  connectTimeoutMs: number;
  tls?: TlsPassthroughOptions;
}

/**
 * Opens the TCP connection and, for implicit TLS, completes the handshake. Resolves with a
 * socket ready for the greeting; rejects with a {@link Pop3Error} and leaves nothing open.
 */
export function openSocket(target: SocketTarget): Promise<net.Socket> {
  const { host, port, security, connectTimeoutMs } = target;

  return new Promise((resolve, reject) => {
    const socket =
      security === 'TLS'
        ? tls.connect({ ...buildTlsConnectOptions(host, target.tls), port })
        : net.connect({ host, port });
    let tcpConnected = false;

    const settle = (error?: Pop3Error) => {
      clearTimeout(timer);
      socket.off('error', onError);
      socket.off('close', onClose);
      if (error) {
        socket.destroy();
        reject(error);
      } else {
        resolve(socket);
      }
    };
    const stage = (): Pop3Stage => (tcpConnected && security === 'TLS' ? 'tls' : 'connect');
    const onError = (err: Error) => settle(toSocketError(err, stage()));
    const onClose = () => {
      const message = `connection closed during ${stage()}`;
      settle(new Pop3Error('POP3_CONNECTION_CLOSED', message, { stage: stage() }));
    };
    // Stays attached: an error between this settling and the connection taking over the
    // socket must not become an uncaught exception. The connection reports errors itself.
    socket.on('error', ignoreError);
    const timer = setTimeout(() => {
      const message = `connect to ${host}:${port} timed out after ${connectTimeoutMs} ms`;
      settle(new Pop3Error('POP3_TIMEOUT', message, { stage: stage() }));
    }, connectTimeoutMs);

    socket.once('connect', () => {
      tcpConnected = true;
    });
    socket.once(security === 'TLS' ? 'secureConnect' : 'connect', () => settle());
    socket.on('error', onError);
    socket.on('close', onClose);
  });
}

/**
 * Runs the TLS handshake over an established plain socket (after `STLS`, RFC 2595 §4).
 * The caller must have removed its own listeners from `plain` first.
 */
export function upgradeSocket(
  plain: net.Socket,
  target: SocketTarget,
  timeoutMs: number,
): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const options = buildTlsConnectOptions(target.host, target.tls);
    // The TLS socket reports failures of the plain one; this only keeps them from being
    // thrown as uncaught 'error' events now that the caller's listeners are gone.
    plain.on('error', ignoreError);
    const secure = tls.connect({ ...options, socket: plain });
    secure.on('error', ignoreError);

    const settle = (error?: Pop3Error) => {
      clearTimeout(timer);
      secure.off('error', onError);
      secure.off('close', onClose);
      if (error) {
        secure.destroy();
        plain.destroy();
        reject(error);
      } else {
        resolve(secure);
      }
    };
    const onError = (err: Error) => settle(toSocketError(err, 'tls', 'STLS'));
    const onClose = () => {
      const details = { stage: 'tls' as const, command: 'STLS' };
      settle(new Pop3Error('POP3_CONNECTION_CLOSED', 'connection closed during STLS', details));
    };
    const timer = setTimeout(() => {
      const details = { stage: 'tls' as const, command: 'STLS' };
      const message = `TLS handshake timed out after ${timeoutMs} ms`;
      settle(new Pop3Error('POP3_TIMEOUT', message, details));
    }, timeoutMs);

    secure.once('secureConnect', () => settle());
    secure.on('error', onError);
    secure.on('close', onClose);
  });
}

/** Wraps a socket or TLS error in a {@link Pop3Error}, keeping the original as `cause`. */
export function toSocketError(err: Error, stage: Pop3Stage, command?: string): Pop3Error {
  const osCode = (err as NodeJS.ErrnoException).code;
  const details = { stage, command, osCode, cause: err };

  // During a handshake even a reset is a TLS failure: typically a plaintext server that
  // does not understand the ClientHello and hangs up.
  if (isTlsErrorCode(osCode) || stage === 'tls') {
    return new Pop3Error('POP3_TLS_ERROR', `TLS failed: ${err.message}`, details);
  }
  return new Pop3Error('POP3_SOCKET_ERROR', `socket error: ${err.message}`, details);
}

function ignoreError(): void {
  // Errors are handled by the listener that owns the current step.
}
