# syntax=docker/dockerfile:1
# deploy-policy's HTTP decision service (README: "Running it in production").
#
# The release workflow (.github/workflows/release.yml) builds this image on a v* tag and pushes it to ghcr.io. The
# image holds the jar that workflow has just built and tested with mvn -B verify, rather than building one of its
# own in a Maven stage: one build, and the image runs exactly the bytes the tests ran. To build it elsewhere, build
# the jar first:
#
#   mvn -B -q package -DskipTests && docker build -t deploy-policy .
#
# deploy/kubernetes.yaml runs it; DeployManifestTest checks the two against each other and against serve's options,
# and DeployManifestIT runs this ENTRYPOINT and CMD with the packaged jar.
FROM eclipse-temurin:17.0.20_8-jre-noble

# A user of its own, named by number below so that Kubernetes' runAsNonRoot can check it.
RUN groupadd --system --gid 10001 deploy-policy \
 && useradd --system --uid 10001 --gid deploy-policy --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin deploy-policy

WORKDIR /app
COPY policy-examples/target/deploy-policy.jar /app/deploy-policy.jar

# The other commands (verify, evaluate) keep compiled rules under $XDG_CACHE_HOME; /tmp is writable where the root
# file system is read-only (an emptyDir in deploy/kubernetes.yaml).
ENV XDG_CACHE_HOME=/tmp/cache

USER 10001:10001
EXPOSE 8080

# Healthy while GET /health/live answers 200 (readiness, GET /health/ready, is for Kubernetes' probes). curl is in
# the Ubuntu-based Temurin images (adoptium/containers keeps it, issue 255), and --fail makes any status from 400 up
# a failure. The alternatives check less or nothing: a JRE has no compiler to launch a single-file Java source, and
# bash's /dev/tcp only sees the port open. The port is the CMD's: change both together.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --start-interval=2s --retries=3 \
  CMD curl --fail --silent --show-error --output /dev/null --max-time 3 http://127.0.0.1:8080/health/live || exit 1

# A heap of half the container's memory leaves the rest to Drools' classes and the JIT; a JVM out of memory exits,
# to be restarted, rather than limp on.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=50", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/deploy-policy.jar"]
# The policy directory mounted at /policy, the token at /run/secrets/deploy-policy-token (callers send it as
# "Authorization: Bearer <token>"; the health endpoints need none). --start-unready: a policy that does not build
# leaves the service up and unready until a fixed one reloads, instead of restarting it over and over.
CMD ["serve", "--host", "0.0.0.0", "--port", "8080", "--policy", "/policy", \
     "--token-file", "/run/secrets/deploy-policy-token", "--start-unready", "--log-to-slf4j"]
