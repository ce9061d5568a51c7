import { defineConfig } from 'vitest/config';

// The first check compiles the CRD schemas and reads the Kubernetes models' declarations (a few
// seconds on a busy machine); the cases after it reuse both.
export default defineConfig({ test: { testTimeout: 60_000, hookTimeout: 60_000 } });
