# mockca as a container: docker build -t mockca . && docker run -p 8440-8443:8440-8443 mockca
# Plain Dockerfile syntax only (no BuildKit features), so the legacy builder builds it too.

FROM node:20-bookworm-slim AS build
# better-sqlite3 compiles its native addon when no prebuilt binary can be fetched.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /build
COPY package.json package-lock.json ./
# Scripts are skipped here (the package's own prepare step needs the sources); the one native addon is built next.
RUN npm ci --ignore-scripts && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
COPY fixtures ./fixtures
COPY scenarios ./scenarios
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /data \
 && chown node:node /data
WORKDIR /app
COPY --from=build /build/package.json ./package.json
COPY --from=build /build/node_modules ./node_modules
COPY --from=build /build/dist ./dist
COPY --from=build /build/fixtures ./fixtures
COPY --from=build /build/scenarios ./scenarios
# Inside a container the listeners must be reachable from outside it; the banner says so.
ENV MOCKCA_HOST=0.0.0.0 \
    NODE_ENV=production
USER node
EXPOSE 8440 8441 8442 8443
# --data-dir /data keeps state across restarts when a volume is mounted there (docker run -v mockca:/data mockca --data-dir /data).
VOLUME ["/data"]
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.MOCKCA_CONTROL_PORT||8440)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["tini", "--", "node", "dist/mockca.cjs"]
