import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Components are rendered to static markup with react-dom/server: no DOM emulation needed.
  test: { include: ['src/**/*.test.{ts,tsx}'], environment: 'node' },
});
