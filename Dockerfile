# The API service. Neo4j runs in its own container (see docker-compose.yml).

# Build stage: every dependency (TypeScript, esbuild, tsx), then `npm run build`: the service compiled
# to JavaScript with source maps, the web bundles, and the files it reads at run time, in dist/.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY schema ./schema
COPY src ./src
COPY seed ./seed
COPY neo4j-local ./neo4j-local
RUN npm run build

# Runtime stage: production dependencies and the build's content only, run with plain node.
FROM node:22-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
# dist/ mirrors the project's layout (src/, seed/, schema/, neo4j-local/), so /app/src/index.js finds
# ../schema, ../seed/records and ../seed/reference as the sources do.
COPY --from=build /app/dist ./
# Inside the container the API listens on all of its interfaces; what the host exposes is decided
# by the port mapping (docker-compose.yml publishes it on 127.0.0.1 unless BIND_ADDRESS says otherwise).
ENV HOST=0.0.0.0
EXPOSE 4000
USER node
CMD ["node", "src/index.js"]
