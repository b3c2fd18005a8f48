# kestra-cicd images.
#   default target `runtime`: debian:bookworm-slim with kestra-cicd on PATH (Kestra's Docker task runner)
#   target `kestra`: the official kestra/kestra image with /app/kestra-cicd (Kestra's Process task runner)
# The build stage uses the same scripts/install-deps.sh and CMake invocation as CI.

FROM debian:bookworm-slim AS build
COPY scripts/install-deps.sh /src/scripts/install-deps.sh
RUN /src/scripts/install-deps.sh --build
COPY . /src
RUN cmake -S /src -B /build -DCMAKE_BUILD_TYPE=Release -DKCICD_BUILD_TESTS=OFF \
 && cmake --build /build -j"$(nproc)" \
 && cmake --install /build --prefix /opt/kestra-cicd --strip

FROM debian:bookworm-slim AS runtime
COPY scripts/install-deps.sh /tmp/install-deps.sh
RUN KCICD_CLEAN_APT_LISTS=1 /tmp/install-deps.sh --runtime && rm /tmp/install-deps.sh
COPY --from=build /opt/kestra-cicd/ /usr/local/
RUN kestra-cicd --version
ENTRYPOINT ["kestra-cicd"]
