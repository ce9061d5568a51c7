// A ceiling server for the bench, run as its own process so it does not share an event loop with
// autocannon (the platform's services do not either):
//   node ceiling.js bare <port>           fixed 1 KB JSON
//   node ceiling.js pg <port> <dbUrl>     node:http + pg (Pool of 10): 20 active products
// Prints "ready <port>" when listening; exits when its parent closes stdin or on SIGTERM.
import { createServer, type RequestListener } from 'node:http';
import pg from 'pg';

const CEILING_QUERY =
  "SELECT id, sku, slug, name, price_amount FROM catalog.products WHERE status='active' ORDER BY created_at DESC, id LIMIT 20";

/** ~1 KB of JSON, built once. */
function fixedPayload(): string {
  const items = Array.from({ length: 8 }, (_, i) => ({ id: i + 1, sku: `SKU-${1000 + i}`, name: `Item number ${i + 1}`, price: 1999 + i }));
  let body = JSON.stringify({ items, note: '' });
  const note = 'x'.repeat(Math.max(0, 1024 - body.length));
  body = JSON.stringify({ items, note });
  return body;
}

async function main(): Promise<void> {
  const [mode, portText, databaseUrl] = process.argv.slice(2);
  const port = Number(portText);
  let handler: RequestListener;
  let pool: pg.Pool | undefined;
  if (mode === 'bare') {
    const body = fixedPayload();
    const length = Buffer.byteLength(body);
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': length });
      res.end(body);
    };
  } else if (mode === 'pg' && databaseUrl) {
    const activePool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
    pool = activePool;
    handler = (_req, res) => {
      activePool.query(CEILING_QUERY).then(
        (result) => {
          const body = JSON.stringify({ items: result.rows });
          res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
          res.end(body);
        },
        (error: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(String(error));
        },
      );
    };
  } else {
    throw new Error('usage: ceiling.js bare <port> | pg <port> <databaseUrl>');
  }
  const server = createServer({ keepAlive: true }, handler);
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const stop = () => {
    server.close();
    server.closeAllConnections();
    void pool?.end().finally(() => process.exit(0));
    if (!pool) process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.stdin.on('close', stop);
  process.stdin.resume();
  process.stdout.write(`ready ${port}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
