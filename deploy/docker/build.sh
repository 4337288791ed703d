#!/usr/bin/env bash
# Build the ledger-api image from the repository root (the Dockerfile lives in deploy/docker/).
#
#   deploy/docker/build.sh                              # -> yibao-ledger:local
#   IMAGE=registry.example.org/yibao/ledger:0.1.0 deploy/docker/build.sh --push
#   NPM_REGISTRY=https://registry.npmmirror.com/ deploy/docker/build.sh
#   PLATFORMS=linux/amd64,linux/arm64 IMAGE=registry.example.org/yibao/ledger:0.1.0 deploy/docker/build.sh --push
#
# Extra arguments are passed to `docker build` / `docker buildx build` (e.g. --push, --no-cache, --progress=plain).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

version="$(node -p "require('./package.json').version" 2>/dev/null || echo 0.0.0-dev)"
revision="$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
if [ -n "$(git status --porcelain 2>/dev/null || true)" ]; then revision="${revision}-dirty"; fi
image="${IMAGE:-yibao-ledger:local}"

args=(
  -f deploy/docker/Dockerfile
  -t "$image"
  --build-arg "VERSION=${version}"
  --build-arg "REVISION=${revision}"
)
if [ -n "${NPM_REGISTRY:-}" ]; then args+=(--build-arg "NPM_REGISTRY=${NPM_REGISTRY}"); fi

if [ -n "${PLATFORMS:-}" ]; then
  # Multi-platform images need buildx and, on a single machine, QEMU emulation for the foreign platform.
  exec docker buildx build --platform "$PLATFORMS" "${args[@]}" "$@" .
fi
DOCKER_BUILDKIT=1 exec docker build "${args[@]}" "$@" .
