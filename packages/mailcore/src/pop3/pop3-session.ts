import { Pop3Client } from './pop3-client.ts';
import type { Pop3Auth, Pop3ClientOptions } from './pop3-options.ts';

/** Options for {@link openPop3Session}: connection options plus credentials. */
export type OpenPop3SessionOptions = Pop3ClientOptions & { auth: Pop3Auth };

/**
 * Connects (with TLS or STLS as configured) and authenticates. On failure nothing is left
 * open and the {@link Pop3Error} of the failed step is thrown.
 *
 * @returns A client in the TRANSACTION state; end it with `quit()`.
 */
export async function openPop3Session(options: OpenPop3SessionOptions): Promise<Pop3Client> {
  const { auth, ...clientOptions } = options;
  const client = new Pop3Client(clientOptions);
  try {
    await client.connect();
    await client.authenticate(auth);
    return client;
  } catch (error) {
    client.close();
    throw error;
  }
}
