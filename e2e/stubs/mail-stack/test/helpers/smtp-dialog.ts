import net from 'node:net';

/**
 * A raw SMTP conversation for replies no well-behaved client would provoke, such as AUTH
 * before STARTTLS. Each call returns the complete (possibly multi-line) reply.
 */
export class SmtpDialog {
  #socket: net.Socket;
  #buffer = '';
  #waiter: (() => void) | undefined;

  private constructor(socket: net.Socket) {
    this.#socket = socket;
    socket.setEncoding('utf8');
    socket.on('data', (text: string) => {
      this.#buffer += text;
      const waiter = this.#waiter;
      this.#waiter = undefined;
      waiter?.();
    });
    socket.on('error', () => undefined);
  }

  static async connect(port: number): Promise<{ dialog: SmtpDialog; greeting: string }> {
    const socket = net.connect(port, '127.0.0.1');
    const dialog = new SmtpDialog(socket);
    return { dialog, greeting: await dialog.readReply() };
  }

  async command(line: string): Promise<string> {
    this.#socket.write(`${line}\r\n`);
    return this.readReply();
  }

  /** Reads until a line whose fourth character is a space (RFC 5321 section 4.2.1). */
  async readReply(): Promise<string> {
    for (;;) {
      // The element after the last CRLF is an unfinished line; never treat it as a reply.
      const lines = this.#buffer.split('\r\n');
      const complete = lines.slice(0, -1);
      const last = complete.findIndex((line) => /^\d{3}( |$)/.test(line));
      if (last >= 0) {
        this.#buffer = lines.slice(last + 1).join('\r\n');
        return lines.slice(0, last + 1).join('\n');
      }
      await new Promise<void>((resolve) => {
        this.#waiter = resolve;
      });
    }
  }

  close(): void {
    this.#socket.destroy();
  }
}
