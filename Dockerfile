# The OmniCart API images, multi-stage: build with dev dependencies, ship only production
# dependencies and dist/, run as non-root. One image per service: the `runtime` stage built with
# SERVICE=<a domain of the registry — identity, catalog, …, promotions — or gateway>; its default
# command starts that service only.
#
#   docker build --build-arg SERVICE=orders -t omnicart/orders .    (the default, last stage)
#   docker run omnicart/orders [--seed]
#
#   docker build --target stripe-simulator -t omnicart/stripe-simulator .   (development only)
#   docker build --target dev-inbox -t omnicart/dev-inbox .                 (development only)
#
# The production images have no benchmarks, test harness, Stripe simulator, dev inbox or npm start launcher:
# packages/api/scripts/prune-production-build.mjs removes them (scripts/check-production-build.mjs
# proves in CI that every service starts from the pruned build, the way its image starts it).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json turbo.json ./
COPY tooling ./tooling
COPY packages/contracts/package.json packages/contracts/
COPY packages/db/package.json packages/db/
COPY packages/api/package.json packages/api/
COPY packages/ui/package.json packages/ui/
COPY packages/emails/package.json packages/emails/
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY packages ./packages
RUN npm run generate --workspace @omnicart/db && npx turbo run build --filter=@omnicart/api...
RUN npm prune --omit=dev --ignore-scripts

# What every image shares: production node_modules, contracts, the database package, and the
# email templates (notifications renders them) with the design tokens they use.
FROM node:20-bookworm-slim AS base
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/package.json ./
COPY --from=build /app/packages/contracts/package.json packages/contracts/
COPY --from=build /app/packages/contracts/dist packages/contracts/dist
COPY --from=build /app/packages/db/package.json packages/db/
COPY --from=build /app/packages/db/dist packages/db/dist
COPY --from=build /app/packages/db/prisma packages/db/prisma
COPY --from=build /app/packages/ui/package.json packages/ui/
COPY --from=build /app/packages/ui/dist packages/ui/dist
COPY --from=build /app/packages/emails/package.json packages/emails/
COPY --from=build /app/packages/emails/dist packages/emails/dist
COPY --from=build /app/packages/api/package.json packages/api/
USER 10001:10001
STOPSIGNAL SIGTERM

# Development only: the Stripe-compatible simulator (k8s/overlays/dev/stripe-simulator.yaml).
FROM base AS stripe-simulator
COPY --from=build /app/packages/api/dist packages/api/dist
EXPOSE 12111
ENTRYPOINT ["node", "packages/api/dist/cli/stripe-simulator.js"]

# Development only: the local mail and SMS inbox (SMTP 1025; web inbox, its API and the
# Twilio-shaped Messages API 1080). Bound to every interface inside the container.
FROM base AS dev-inbox
COPY --from=build /app/packages/api/dist packages/api/dist
ENV HOST=0.0.0.0
EXPOSE 1025 1080
ENTRYPOINT ["node", "packages/api/dist/cli/dev-inbox.js"]

FROM build AS production-build
RUN node packages/api/scripts/prune-production-build.mjs packages/api/dist

# The production images, one per service: the release workflow builds this stage once for every service
# of the registry (.github/scripts/release-plan.mjs) and pushes it as <registry>/omnicart-<service>,
# beside omnicart-storefront and omnicart-admin (their own Dockerfiles).
FROM base AS runtime
ARG SERVICE
COPY --from=production-build /app/packages/api/dist packages/api/dist
# A service the registry does not know (or none) fails the build rather than the rollout.
RUN node --input-type=module -e "const { SERVICE_NAMES } = await import('./packages/api/dist/platform/registry.js'); const services = SERVICE_NAMES.filter((name) => name !== 'stripe-simulator'); if (!services.includes(process.argv[1])) { console.error('build with --build-arg SERVICE=<' + services.join('|') + '>, not \"' + process.argv[1] + '\"'); process.exit(1); }" "$SERVICE"
LABEL org.opencontainers.image.title="omnicart-${SERVICE}" \
      org.opencontainers.image.description="OmniCart ${SERVICE} service (node packages/api/dist/cli/service.js ${SERVICE})" \
      io.omnicart.service="${SERVICE}"
# service.js starts the one service SERVICES names when it is given none (docker run <image> [--seed]).
ENV SERVICES=${SERVICE}
ENTRYPOINT ["node", "packages/api/dist/cli/service.js"]
