import NextAuth from 'next-auth';
import { authOptions } from '@/server/auth';

/** next-auth's endpoints: sign in with credentials, sign out, session, CSRF token. */
function handler(req: Request, context: { params: Promise<{ nextauth: string[] }> }): Promise<Response> {
  // Built per request so configuration errors surface as a clear 500 instead of at import time.
  return (NextAuth(authOptions()) as (req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>)(req, context);
}

export { handler as GET, handler as POST };
