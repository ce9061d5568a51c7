import type { IncomingMessage } from 'node:http';

/**
 * Reads a request body as bytes, exactly as sent (a webhook's signature covers these bytes).
 * Resolves null as soon as the body is known to exceed `maxBytes` (its declared length, or the
 * bytes so far): the rest is not read here; the HTTP shell drains or closes the connection after
 * the answer (runtime/http.ts), so an oversized upload is never swallowed whole.
 */
export function readRawBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  if (Number(req.headers['content-length']) > maxBytes) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      cleanup();
      req.pause();
      resolve(null);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
    };
    const onError = (error: unknown) => {
      cleanup();
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}
