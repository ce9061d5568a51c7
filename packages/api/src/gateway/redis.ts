import { connect, type Socket } from 'node:net';

/**
 * A deliberately small Redis client (RESP2 over one pipelined TCP connection) — just enough for
 * the gateway's shared rate-limit buckets: AUTH, SELECT, SCRIPT LOAD and EVALSHA. It reconnects
 * with backoff; while disconnected, commands fail at once so callers can fail open.
 */

export type RedisReply = string | number | null | RedisReply[];

export class RedisReplyError extends Error {
  override readonly name = 'RedisReplyError';
}

export interface RedisClient {
  command(args: Array<string | number>, timeoutMs?: number): Promise<RedisReply>;
  readonly connected: boolean;
  close(): Promise<void>;
}

interface Pending {
  resolve(reply: RedisReply): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout | undefined;
  settled: boolean;
}

export function createRedisClient(url: string): RedisClient {
  const parsed = new URL(url);
  const host = parsed.hostname || '127.0.0.1';
  const port = Number(parsed.port || 6379);
  const password = parsed.password ? decodeURIComponent(parsed.password) : undefined;
  const username = parsed.username ? decodeURIComponent(parsed.username) : undefined;
  const db = parsed.pathname && parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0;

  let socket: Socket | undefined;
  let ready = false;
  let closed = false;
  let backoff = 100;
  let buffer: Buffer = Buffer.alloc(0);
  const queue: Pending[] = [];

  const failAll = (error: Error) => {
    while (queue.length) settle(queue.shift() as Pending, error);
  };

  function settle(pending: Pending, outcome: RedisReply | Error) {
    if (pending.settled) return;
    pending.settled = true;
    clearTimeout(pending.timer);
    if (outcome instanceof Error) pending.reject(outcome);
    else pending.resolve(outcome);
  }

  function open() {
    if (closed) return;
    const s = connect({ host, port });
    s.setNoDelay(true);
    socket = s;
    s.on('connect', () => {
      backoff = 100;
      ready = true;
      // AUTH/SELECT are queued first so they run before anything else on this connection.
      if (password) send(username ? ['AUTH', username, password] : ['AUTH', password]).catch(() => undefined);
      if (db) send(['SELECT', db]).catch(() => undefined);
    });
    s.on('data', (chunk: Buffer) => {
      buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
      for (;;) {
        const parsed = parseReply(buffer, 0);
        if (!parsed) break;
        buffer = buffer.subarray(parsed.end);
        const pending = queue.shift();
        if (pending) settle(pending, parsed.value);
      }
    });
    s.on('error', () => undefined);
    s.on('close', () => {
      ready = false;
      socket = undefined;
      buffer = Buffer.alloc(0);
      failAll(new Error('Redis connection closed'));
      if (!closed) {
        setTimeout(open, backoff).unref();
        backoff = Math.min(backoff * 2, 5_000);
      }
    });
  }

  function send(args: Array<string | number>, timeoutMs = 1_000): Promise<RedisReply> {
    if (!ready || !socket) return Promise.reject(new Error('Redis is not connected'));
    const s = socket;
    return new Promise<RedisReply>((resolve, reject) => {
      const pending: Pending = { resolve, reject, timer: undefined, settled: false };
      // A reply that comes after its timeout still consumes its queue slot, keeping order intact.
      pending.timer = setTimeout(() => settle(pending, new Error('Redis command timed out')), timeoutMs);
      queue.push(pending);
      s.write(encodeCommand(args));
    });
  }

  open();
  return {
    command: send,
    get connected() {
      return ready;
    },
    async close() {
      closed = true;
      failAll(new Error('Redis client closed'));
      socket?.end();
      socket?.destroy();
    },
  };
}

function encodeCommand(args: Array<string | number>): string {
  let out = `*${args.length}\r\n`;
  for (const arg of args) {
    const text = String(arg);
    out += `$${Buffer.byteLength(text)}\r\n${text}\r\n`;
  }
  return out;
}

/** Parses one RESP2 reply at `offset`; undefined when the buffer does not hold all of it yet. */
export function parseReply(buffer: Buffer, offset: number): { value: RedisReply | RedisReplyError; end: number } | undefined {
  const lineEnd = buffer.indexOf('\r\n', offset);
  if (lineEnd === -1) return undefined;
  const type = String.fromCharCode(buffer[offset] as number);
  const line = buffer.toString('utf8', offset + 1, lineEnd);
  const next = lineEnd + 2;
  switch (type) {
    case '+':
      return { value: line, end: next };
    case '-':
      return { value: new RedisReplyError(line), end: next };
    case ':':
      return { value: Number(line), end: next };
    case '$': {
      const length = Number(line);
      if (length === -1) return { value: null, end: next };
      if (buffer.length < next + length + 2) return undefined;
      return { value: buffer.toString('utf8', next, next + length), end: next + length + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count === -1) return { value: null, end: next };
      const items: RedisReply[] = [];
      let position = next;
      for (let i = 0; i < count; i++) {
        const item = parseReply(buffer, position);
        if (!item) return undefined;
        items.push(item.value instanceof RedisReplyError ? null : item.value);
        position = item.end;
      }
      return { value: items, end: position };
    }
    default:
      throw new Error(`Unexpected RESP type byte ${JSON.stringify(type)}`);
  }
}
