#!/usr/bin/env bash
# Creates a standalone product service skeleton in OmniCart's shape:
#   bash data/code_skeletons/create_product_service_skeleton.sh [target-dir]     (default ./product_service)
# src/main.ts (HTTP: tRPC under /trpc, GET /healthz), src/models.ts (zod schemas and types),
# src/routes.ts (tRPC router), src/service.ts, a vitest test, package.json, Dockerfile, README.md.
# Rendered from the templates of OmniCart's domain generator (tooling/generator), not a copy of them.
# Refuses (and writes nothing) when the target exists and is not empty.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
exec node "$repo/tooling/generator/skeleton.mjs" product "${1:-./product_service}"
