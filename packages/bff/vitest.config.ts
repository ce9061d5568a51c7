import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // 'server-only' throws outside React Server environments; tests run the modules in plain Node.
  resolve: { alias: { 'server-only': fileURLToPath(new URL('./test/server-only-stub.ts', import.meta.url)) } },
  test: { include: ['src/**/*.test.ts'] },
});
