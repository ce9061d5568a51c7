import type { RawRoute } from '../runtime/domain.js';
import { sendError } from '../runtime/rest.js';
import type { SigningKeyStore } from './keys.js';

/** GET /.well-known/jwks.json: every non-retired public signing key. */
export function jwksHandler(keys: SigningKeyStore): RawRoute {
  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendError(res, 405, 'METHOD_NOT_ALLOWED', 'Use GET', { Allow: 'GET, HEAD' });
      return;
    }
    const body = JSON.stringify({ keys: (await keys.jwks()).keys });
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'public, max-age=300',
      'content-length': Buffer.byteLength(body),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}
