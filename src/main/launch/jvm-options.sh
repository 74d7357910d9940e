# Inlined into the launch script of the executable jar (spring-boot-maven-plugin, inlinedConfScript): the hub's JVM
# exits on its first OutOfMemoryError (a supervisor restarts it) instead of living on half-dead, with a heap of
# 512 MB (the 1M-row import runs in 256 MB; documents and parallel imports need the rest). JAVA_OPTS, or a
# crahub-<version>.conf beside the jar, adds to or overrides these (the last -Xmx wins).
JAVA_OPTS="-XX:+ExitOnOutOfMemoryError -Xmx512m ${JAVA_OPTS}"
