# Kring's production image, in two stages:
#   docker build -t kring .
#   docker run -p 3000:3000 -v kring-data:/data \
#     -e KRING_PUBLIC_URL=https://kring.example.org kring
#
# Stage 1 builds exactly what `make release` builds (optimised server and
# WebAssembly, content-hashed and pre-compressed), with the same set-up script
# as a developer machine. Stage 2 is a slim Debian with the binary, the site
# and nothing else, run as an unprivileged user; the SQLite file lives on the
# /data volume, so the container can be replaced without losing the event.

FROM rust:1.95-bookworm AS build
WORKDIR /src
# The set-up script installs cmake, libclang (HiGHS), node and npm (Binaryen's
# wasm-opt), the wasm target, cargo-leptos and wasm-bindgen-cli.
COPY scripts/setup.sh scripts/setup.sh
COPY tools/package.json tools/package-lock.json tools/
RUN bash scripts/setup.sh
COPY . .
RUN PATH="/src/tools/node_modules/.bin:$PATH" cargo leptos build --release --precompress --split \
 && mkdir -p /out \
 && cp target/release/kring target/release/hash.txt /out/ \
 && cp -r target/site /out/site

FROM debian:bookworm-slim
# libstdc++ for the HiGHS solver linked into the binary; ca-certificates for
# nothing Kring needs today, but any outgoing TLS would.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libstdc++6 ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin kring \
 && mkdir -p /data && chown kring:kring /data
# hash.txt beside the binary: the bundle's content-hashed file names.
COPY --from=build /out/kring /out/hash.txt /usr/local/bin/
COPY --from=build /out/site /srv/kring/site
ENV LEPTOS_SITE_ADDR=0.0.0.0:3000 \
    LEPTOS_SITE_ROOT=/srv/kring/site \
    LEPTOS_OUTPUT_NAME=kring \
    DATABASE_URL=sqlite:///data/kring.db \
    KRING_SEED_DEMO=false \
    LEPTOS_ENV=PROD
USER kring
WORKDIR /data
VOLUME ["/data"]
EXPOSE 3000
CMD ["kring"]
