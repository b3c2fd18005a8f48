# kestra-cicd images. One build stage, two ways to ship its result:
#   default target `runtime`: debian:bookworm-slim with kestra-cicd on PATH, for Kestra's Docker task
#     runner (`containerImage`); its shared libraries come from `install-deps.sh --runtime`.
#   target `kestra`: the official kestra/kestra image plus /app/kestra-cicd, for the Process task runner.
#     That image is Ubuntu 22.04 (glibc 2.35, no Debian packages), so the binary travels as a bundle:
#     the libraries it loads and its network module sit in /app/kestra-cicd.d/lib, found through an
#     $ORIGIN rpath; only glibc and libstdc++ come from the image (see the `bundle` stage for how
#     glibc 2.36 symbols are handled).
# The build runs the same scripts as CI: install-deps.sh --build, then build.sh.
#   buildah bud -t kestra-cicd .                       (or docker build)
#   buildah bud --target kestra -t kestra-cicd:kestra .
# scripts/docker-test.sh builds and runs both without a Docker engine.

# The kestra target's base; docker-test.sh points it at a bare Ubuntu 22.04 (or Debian 12) image to
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

# Self-contained copy for foreign bases. kestra/kestra is Ubuntu 22.04: glibc 2.35, GCC 12's libstdc++
# (GLIBCXX_3.4.30). The bundle is the binary plus every library ldd resolves except glibc and the GCC
# runtime, found through an $ORIGIN rpath. Bookworm's libexpat (under Poco) calls arc4random_buf, and
# the binary's static libstdc++ arc4random, new in glibc 2.36: those symbols lose their version, the
# file's GLIBC_2.36 requirement is rewritten to one of its older ones (hash and name copied; a weak one
# would make ld.so warn on stderr) and libkcicd-compat.so provides arc4random* from getrandom(2), used
# only where glibc lacks them.
# Any other symbol newer than Ubuntu 22.04 fails the build.
FROM build AS bundle
RUN apt-get install -y -qq --no-install-recommends patchelf >/dev/null \
 && lib=/bundle/kestra-cicd.d/lib && mkdir -p "$lib" \
 && cp /opt/kestra-cicd/bin/kestra-cicd /bundle/kestra-cicd \
 && cp /opt/kestra-cicd/lib/kestra-cicd/libkcicd-net.so "$lib"/ \
 && ldd /bundle/kestra-cicd "$lib"/libkcicd-net.so | awk '$2 == "=>" && $3 ~ /^\// { print $3 }' | sort -u \
      | grep -Ev '/(libc|libm|libdl|libpthread|librt|libresolv|libutil|libanl|libstdc\+\+|libgcc_s)\.so' \
      | xargs -r cp -L -t "$lib" \
 && printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' '#include <sys/random.h>' \
      'void arc4random_buf(void *b, size_t n) { char *p = b; while (n) { ssize_t r = getrandom(p, n, 0);' \
      '  if (r > 0) { p += r; n -= (size_t)r; } } }' \
      'uint32_t arc4random(void) { uint32_t v; arc4random_buf(&v, sizeof v); return v; }' \
      'uint32_t arc4random_uniform(uint32_t n) { uint32_t r, min = n ? -n % n : 0; if (n < 2) return 0;' \
      '  do r = arc4random(); while (r < min); return r % n; }' \
    | gcc -O2 -Wall -Wextra -Werror -shared -fPIC -x c -o "$lib/libkcicd-compat.so" - \
 && for f in /bundle/kestra-cicd "$lib"/lib*.so*; do \
      syms=$(objdump -T "$f" | awk 'NF > 2 && $(NF-1) ~ /GLIBC_2\.36/ && $NF ~ /^arc4random/ { print $NF }'); \
      if [ -n "$syms" ]; then \
        for s in $syms; do patchelf --clear-symbol-version "$s" "$f"; done; \
        patchelf --add-needed libkcicd-compat.so "$f"; \
        readelf -V "$f" | awk '/^Version needs/ { n = 1; next } n && /Offset:/ { s = $4 } \
            n && /Name: GLIBC_/ { sub(":", "", $1); if ($3 == "GLIBC_2.36") t = t " " $1; else if (!d) d = $1 } \
            END { if (t != "") print s, d, t }' \
          | while read -r sec donor targets; do for t in $targets; do for o in 0 8; do \
              dd if="$f" of="$f" bs=1 count=4 skip=$((sec + donor + o)) seek=$((sec + t + o)) \
                conv=notrunc status=none; done; done; done; \
      fi; \
      patchelf --force-rpath --set-rpath '$ORIGIN' "$f"; \
    done \
 && patchelf --force-rpath --set-rpath '$ORIGIN/kestra-cicd.d/lib' /bundle/kestra-cicd \
 && if objdump -T /bundle/kestra-cicd "$lib"/* \
        | grep -E 'GLIBC_2\.(3[6-9]|[4-9][0-9])|GLIBCXX_3\.4\.(3[1-9])|CXXABI_1\.3\.(1[4-9])'; then \
      echo "bundle: the symbols above are newer than Ubuntu 22.04 (kestra/kestra) provides" >&2; exit 1; \
    fi \
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
