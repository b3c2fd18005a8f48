# kestra-cicd images. One build stage, two ways to ship its result:
#   default target `runtime`: debian:bookworm-slim with kestra-cicd on PATH, for Kestra's Docker task
#     runner (`containerImage`); its shared libraries come from `install-deps.sh --runtime`.
#   target `kestra`: the official kestra/kestra image plus /app/kestra-cicd, for the Process task runner.
#     That image is Ubuntu 24.04 (no Debian packages), so the binary travels as a bundle: the libraries
#     it loads and its network module sit in /app/kestra-cicd.d/lib, found through an $ORIGIN rpath;
#     only glibc and the GCC runtime come from the image (see the `bundle` stage).
# The build runs the same scripts as CI: install-deps.sh --build, then build.sh.
#   buildah bud -t kestra-cicd .                       (or docker build)
#   buildah bud --target kestra -t kestra-cicd:kestra .
# scripts/docker-test.sh builds and runs both without a Docker engine.

# The kestra target's base; docker-test.sh points it at a bare Ubuntu 24.04 (or Debian 12) image to
# prove the bundle needs nothing else from its base.
ARG KESTRA_IMAGE=kestra/kestra:latest

# The toolchain and -dev packages: a stage of its own so a layer cache (docker-test.sh) can keep it.
FROM debian:bookworm-slim AS build-deps
COPY scripts/install-deps.sh /src/scripts/install-deps.sh
RUN /src/scripts/install-deps.sh --build

FROM build-deps AS build
COPY . /src
# CI's build type and -O2 (GCC 12 gives false -Wrestrict warnings at -O3), without -g: --strip would
# drop the debug info anyway.
RUN BUILD_DIR=/build CMAKE_ARGS="-DKCICD_BUILD_TESTS=OFF -DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2" \
    /src/scripts/build.sh kestra-cicd \
 && cmake --install /build --prefix /opt/kestra-cicd --strip

# Self-contained copy for the kestra/kestra image. Kestra 2.0's image is eclipse-temurin:25-jre-noble
# (kestra-io/kestra Dockerfile.base, 2.0 line); 1.x used the unsuffixed eclipse-temurin -jre tag, Ubuntu
# 24.04 since 2024. Ubuntu 24.04 has glibc 2.39 and GCC 14's libstdc++, newer than Debian 12's 2.36
# and GCC 12: the Debian-built binary runs there as it is. The bundle is the binary, whose rpath
# (written by the linker, src/CMakeLists.txt) is $ORIGIN/kestra-cicd.d/lib, plus every library ldd
# resolves except glibc and the GCC runtime, which come from the image. Nothing is patched.
FROM build AS bundle
RUN lib=/bundle/kestra-cicd.d/lib && mkdir -p "$lib" \
 && cp /opt/kestra-cicd/bin/kestra-cicd /bundle/kestra-cicd \
 && cp /opt/kestra-cicd/lib/kestra-cicd/libkcicd-net.so "$lib"/ \
 && ldd /bundle/kestra-cicd "$lib"/libkcicd-net.so | awk '$2 == "=>" && $3 ~ /^\// { print $3 }' | sort -u \
      | grep -Ev '/(libc|libm|libdl|libpthread|librt|libresolv|libutil|libanl|libstdc\+\+|libgcc_s)\.so' \
      | xargs -r cp -L -t "$lib" \
 && /bundle/kestra-cicd --version

FROM ${KESTRA_IMAGE} AS kestra
COPY --from=bundle /bundle/ /app/
RUN /app/kestra-cicd --version

FROM debian:bookworm-slim AS runtime
COPY scripts/install-deps.sh /tmp/install-deps.sh
RUN KCICD_CLEAN_APT_LISTS=1 /tmp/install-deps.sh --runtime && rm /tmp/install-deps.sh
COPY --from=build /opt/kestra-cicd/ /usr/local/
# The GitHub Action's entry point (action.yml: `entrypoint:`); GitLab's component runs it too.
COPY scripts/action.sh /usr/local/share/kestra-cicd/action.sh
RUN kestra-cicd --version
# No ENTRYPOINT: Kestra's Docker runner, GitLab CI and GitHub Actions all start their own shell in it.
CMD ["kestra-cicd", "--help"]
