# One image for every OmniCart API service; the first argument picks the service:
#   docker run omnicart/api identity | catalog | inventory | cart | orders | payments | stripe-simulator | gateway
# Multi-stage: build with dev dependencies, ship only production dependencies and dist/, run as non-root.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json turbo.json ./
COPY tooling ./tooling
COPY packages/db/package.json packages/db/
COPY packages/api/package.json packages/api/
COPY packages/ui/package.json packages/ui/
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY packages ./packages
RUN npm run generate --workspace @omnicart/db && npx turbo run build --filter=@omnicart/api...
RUN npm prune --omit=dev --ignore-scripts

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/package.json ./
COPY --from=build /app/packages/db/package.json packages/db/
COPY --from=build /app/packages/db/dist packages/db/dist
COPY --from=build /app/packages/db/prisma packages/db/prisma
COPY --from=build /app/packages/api/package.json packages/api/
COPY --from=build /app/packages/api/dist packages/api/dist
USER 10001:10001
EXPOSE 4000 4101 4102 4103 4104 4105 4106 12111
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "packages/api/dist/cli/service.js"]
