# Sourced by ./mvnw and ./roomcast: puts JDK 25 in JAVA_HOME, or explains how to get it.
# Order: $JAVA_HOME if it is a JDK 25, then /usr/lib/jvm/*25*, then `java` on PATH.
roomcast_java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
roomcast_pick_jdk() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk* /usr/lib/jvm/*-25-* /usr/lib/jvm/*25* \
      "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
    if [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] && [ "$(roomcast_java_major "$candidate")" = 25 ]; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  cat >&2 <<'MSG'
roomcast: JDK 25 not found (looked at $JAVA_HOME, /usr/lib/jvm/*25* and java on PATH).
  Install one, e.g. Temurin 25 (Debian/Ubuntu: the temurin-25-jdk package from Adoptium's apt
  repository), or point JAVA_HOME at an existing JDK 25, then run this command again.
MSG
  return 1
}
