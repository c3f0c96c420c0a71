# One image for the services; SERVICE picks which one runs (see docker-compose.yml).
# Services run their TypeScript through Node's built-in type stripping, as they do locally: no build step to
# drift from the source, and no tsx at run time (`pnpm bench startup` measures the difference).
# The Node.js release is the one in .node-version (./fugong provisions the same one; a unit test keeps them equal).
ARG NODE_VERSION=24.22.3
FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
RUN npm install -g pnpm@10.18.3
# Manifests first, so a source change does not reinstall packages.
COPY pnpm-lock.yaml pnpm-workspace.yaml package.json .npmrc ./
COPY packages packages
COPY services services
RUN find packages services -mindepth 2 -not -name package.json -not -type d -delete \
 && pnpm install --frozen-lockfile

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 SERVICE=ingest
WORKDIR /app
COPY --from=deps /app/node_modules node_modules
COPY --from=deps /app/packages packages
COPY --from=deps /app/services services
COPY . .
USER node
CMD ["sh", "-c", "exec node services/$SERVICE/src/main.ts"]
