# The API service. Neo4j runs in its own container (see docker-compose.yml).
FROM node:22-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
# Dev dependencies too: the playground and explorer bundles are built below with esbuild.
RUN npm ci --no-audit --no-fund
COPY tsconfig.json codegen.ts ./
COPY schema ./schema
COPY src ./src
COPY seed ./seed
COPY neo4j-local ./neo4j-local
RUN npx tsx src/web/build.ts
ENV NODE_ENV=production
# Inside the container the API listens on all of its interfaces; what the host exposes is decided
# by the port mapping (docker-compose.yml publishes it on 127.0.0.1 unless BIND_ADDRESS says otherwise).
ENV HOST=0.0.0.0
EXPOSE 4000
USER node
CMD ["npx", "tsx", "src/index.ts"]
