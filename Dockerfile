# One image for the four services; SERVICE picks which one runs.
# Build: docker build -t fugong .   Run: docker run -e SERVICE=matcher fugong
FROM node:22-bookworm-slim AS deps
WORKDIR /app
RUN npm install -g pnpm@10.18.3
COPY pnpm-lock.yaml pnpm-workspace.yaml package.json .npmrc ./
COPY packages/config/package.json packages/config/
COPY packages/schemas/package.json packages/schemas/
COPY packages/search/package.json packages/search/
COPY packages/queue/package.json packages/queue/
COPY packages/http/package.json packages/http/
COPY packages/text/package.json packages/text/
COPY services/ingest/package.json services/ingest/
COPY services/matcher/package.json services/matcher/
COPY services/swap/package.json services/swap/
COPY services/intent-worker/package.json services/intent-worker/
RUN pnpm install --frozen-lockfile

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0
WORKDIR /app
COPY --from=deps /app /app
COPY packages packages
COPY services services
COPY scripts scripts
COPY tsconfig.base.json tsconfig.json ./
USER node
ENV SERVICE=ingest
CMD ["sh", "-c", "exec node --import tsx services/$SERVICE/src/main.ts"]
