# syntax=docker/dockerfile:1
# One image for every Rolf process: docker-compose.yml runs it as `rolf-api migrate`,
# `rolf-api serve` and `rolf-worker`; it carries the `rolf` client and the built web interface too.

# The web interface: static files, served by rolf-api when ROLF_WEB_DIR points at them.
FROM node:20-bookworm-slim AS web
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci
COPY web/ ./
RUN npm run build

FROM rust:1-bookworm AS builder
# diesel links libpq.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpq-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# The whole workspace, because cargo loads every member's manifest even to build two binaries.
COPY . .
# Cache mounts keep the registry and compiled dependencies between builds, so a code change
# rebuilds Rolf's crates rather than all ~300 dependencies. target/ lives in the cache mount,
# hence copying the binaries out in the same step.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked --bin rolf-api --bin rolf-worker --bin rolf \
 && mkdir -p /out \
 && cp target/release/rolf-api target/release/rolf-worker target/release/rolf /out/

FROM debian:bookworm-slim
# libpq5 and ca-certificates for the binaries themselves; curl for the compose healthcheck; the
# rest are what deployment stages commonly shell out to (git checkouts, rsync/ssh pushes,
# bash and python3 scripts), since the worker runs them inside this container.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpq5 ca-certificates curl bash python3 git rsync openssh-client \
 && rm -rf /var/lib/apt/lists/*
# Nothing here needs root, and stages run arbitrary commands: keep them unprivileged.
RUN useradd --system --create-home --home-dir /home/rolf --shell /bin/bash rolf
COPY --from=builder /out/rolf-api /out/rolf-worker /out/rolf /usr/local/bin/
COPY --from=web /src/web/dist /usr/share/rolf/web
# The starter cookbook: `rolf-api import-cookbook /usr/share/rolf/cookbook/starter.json`.
COPY cookbook/ /usr/share/rolf/cookbook/
USER rolf
WORKDIR /home/rolf
EXPOSE 8080
CMD ["rolf-api", "serve"]
