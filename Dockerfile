# Switchyard gateway image. The gateway is TypeScript run natively by Node.js 24 (type
# stripping), so there is no build step: runtime dependencies + source.
#   docker build -t switchyard .
#   docker run -p 8080:8080 -e SWITCHYARD_ADMIN_KEY=… -e OPENAI_API_KEY=… switchyard
# Node.js pinned to the version package.json's "node" dev dependency runs in CI.
FROM node:24.21.0-bookworm-slim

ENV NODE_ENV=production
WORKDIR /app

# Dependencies first, so source edits reuse this layer. Dev dependencies (SDKs for tests, the
# pinned Node itself) are not needed: the image provides Node.js 24. No install scripts run.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force

COPY bin ./bin
COPY catalog ./catalog
COPY src ./src

# The default SQLite database lives in ./data; with DATABASE_URL=postgres://… it stays empty.
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME ["/app/data"]
USER node

ENV PORT=8080
EXPOSE 8080

# Liveness only (the process answers). Load balancers and orchestrators should route on
# /readyz, which also checks the database and Redis and turns 503 while draining.
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# SIGTERM (docker stop) drains for shutdownDrainMs (25 s by default): give the container
# longer than that before SIGKILL (`docker stop -t 30`, compose `stop_grace_period: 30s`).
STOPSIGNAL SIGTERM
CMD ["node", "src/cli/main.ts", "serve"]
