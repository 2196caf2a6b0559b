# One image for every app of the platform (gateway, subscriber, api, sensors); compose picks the app
# with `command`. Build stage compiles the TypeScript; the runtime stage keeps only compiled code
# and production dependencies, and runs as the unprivileged `node` user.
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
ENV CI=true NX_DAEMON=false NX_NO_CLOUD=true
RUN npm install --global pnpm@12.4.2
WORKDIR /workspace
COPY . .
RUN pnpm install --frozen-lockfile
RUN pnpm exec tsc -b apps/gateway/tsconfig.app.json apps/subscriber/tsconfig.app.json \
      apps/api/tsconfig.app.json tools/readers/tsconfig.app.json \
      apps/sensor-temperature/tsconfig.app.json apps/sensor-pressure/tsconfig.app.json \
      apps/sensor-heartrate/tsconfig.app.json tools/devices/tsconfig.app.json \
      tools/certs/tsconfig.app.json
# the live page the API serves (apps/page/dist: static files bundled by esbuild, a dev tool)
RUN node apps/page/build.mjs
# production dependencies of the apps only (no dev tools, no embedded broker or database)
RUN rm -rf node_modules apps/*/node_modules libs/*/node_modules tools/*/node_modules \
 && pnpm install --prod --frozen-lockfile --offline \
      --filter healthcare-iot --filter "./apps/gateway" --filter "./apps/subscriber" \
      --filter "./apps/sensor-*" --filter "./libs/contracts" --filter "./libs/proto" \
      --filter "./libs/config" --filter "./libs/sensors" --filter "./libs/database" \
      --filter "./libs/credentials" --filter "./libs/early-warning" --filter "./apps/api" --filter "./tools/devices" \
      --filter "./tools/readers" --filter "./tools/certs" \
 && find tools -mindepth 1 -maxdepth 1 ! -name devices ! -name readers ! -name certs -exec rm -rf {} + \
 && rm -rf apps/*-e2e libs/testing libs/embedded apps/*/src libs/*/src tools/*/src \
      apps/*/tsconfig*.json libs/*/tsconfig*.json tools/*/tsconfig*.json \
      apps/*/jest.config.cjs libs/*/jest.config.cjs tools/*/jest.config.cjs \
 && find docker -mindepth 1 ! -name healthcheck.mjs -exec rm -rf {} +

FROM ${NODE_IMAGE} AS runtime
# APP_NODE_FLAGS of libs/config/src/runtime.ts (libs/config/src/runtime.spec.ts keeps them equal)
ENV NODE_ENV=production LOG_FORMAT=json NODE_OPTIONS="--max-semi-space-size=16 --max-old-space-size=128"
WORKDIR /app
COPY --from=build --chown=node:node /workspace /app
# the compose stack's certificates (a volume the one-shot `certs` service fills) belong to node
RUN mkdir /certs && chown node:node /certs
# where compose's broker-access writes Mosquitto's password file and ACL: a named volume mounted
# here starts as a copy of this folder, so the node user may write it
RUN install -d -o node -g node -m 755 /broker-access
# where the devices service writes the sensors' tokens (a named volume starts as this folder)
RUN mkdir -p /app/device-tokens && chown node:node /app/device-tokens && chmod 700 /app/device-tokens
USER node
CMD ["node", "apps/gateway/dist/main.js"]
