import { connect, type Socket } from 'node:net';

/**
 * One HTTP/1.1 connection over a raw socket, for tests of what fetch and undici hide: interim
 * `100 Continue` answers, requests sent in pieces, several requests on one keep-alive connection,
 * and whether the server closes it.
 */
export interface RawResponse {
  status: number;
  /** Header names lower-cased; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: string;
}

export interface RawConnection {
  write(data: string | Buffer): void;
  /** The next answer (a 1xx interim answer counts as one); rejects after `timeoutMs` or if the server closes first. */
  next(timeoutMs?: number): Promise<RawResponse>;
  /** True once the server closed the connection (within `timeoutMs`). */
  closed(timeoutMs?: number): Promise<boolean>;
  end(): void;
}

export async function openRaw(baseUrl: string): Promise<RawConnection> {
  const { hostname, port } = new URL(baseUrl);
  const socket: Socket = connect({ host: hostname, port: Number(port) });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let buffer = Buffer.alloc(0);
  let isClosed = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    const waiting = wake;
    wake = undefined;
    waiting?.();
  };
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    notify();
  });
  socket.on('error', () => undefined);
  socket.on('close', () => {
    isClosed = true;
    notify();
  });

  /** A complete answer at the start of the buffer, removed from it; undefined while incomplete. */
  const take = (): RawResponse | undefined => {
    const headEnd = buffer.indexOf('\r\n\r\n');
    if (headEnd === -1) return undefined;
    const [statusLine = '', ...lines] = buffer.subarray(0, headEnd).toString('latin1').split('\r\n');
    const status = Number(statusLine.split(' ')[1]);
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
    }
    let rest = buffer.subarray(headEnd + 4);
    let body: Buffer;
    if (status < 200 || status === 204 || status === 304) {
      body = Buffer.alloc(0);
    } else if (headers['transfer-encoding']?.includes('chunked')) {
      const parts: Buffer[] = [];
      for (;;) {
        const lineEnd = rest.indexOf('\r\n');
        if (lineEnd === -1) return undefined;
        const size = parseInt(rest.subarray(0, lineEnd).toString('latin1'), 16);
        if (rest.length < lineEnd + 2 + size + 2) return undefined;
        if (size === 0) {
          rest = rest.subarray(lineEnd + 4);
          break;
        }
        parts.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
        rest = rest.subarray(lineEnd + 2 + size + 2);
      }
      body = Buffer.concat(parts);
    } else if (headers['content-length'] !== undefined) {
      const length = Number(headers['content-length']);
      if (rest.length < length) return undefined;
      body = rest.subarray(0, length);
      rest = rest.subarray(length);
    } else {
      // Delimited by the close.
      if (!isClosed) return undefined;
      body = rest;
      rest = Buffer.alloc(0);
    }
    buffer = rest;
    return { status, headers, body: body.toString('utf8') };
  };

  const until = async <T>(ready: () => T | undefined, timeoutMs: number, what: string): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = ready();
      if (value !== undefined) return value;
      if (isClosed) throw new Error(`connection closed while waiting for ${what}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  };

  return {
    write(data) {
      socket.write(data);
    },
    next(timeoutMs = 3_000) {
      return until(take, timeoutMs, 'an answer');
    },
    async closed(timeoutMs = 3_000) {
      try {
        await until(() => (isClosed ? true : undefined), timeoutMs, 'the close');
        return true;
      } catch (error) {
        if (isClosed) return true;
        if ((error as Error).message.startsWith('connection closed')) return true;
        return false;
      }
    },
    end() {
      socket.destroy();
    },
  };
}

/** The bytes of one request: `head` lines after the request line, and an optional body. */
export function rawRequest(method: string, path: string, headers: Record<string, string | number>, body?: string | Buffer): string | Buffer {
  const head = [`${method} ${path} HTTP/1.1`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`), '', ''].join('\r\n');
  return body === undefined ? head : Buffer.concat([Buffer.from(head, 'latin1'), Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8')]);
}
