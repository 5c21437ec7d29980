#!/bin/sh
# stargz-downloader launcher: the runnable jar is appended to this script, so the file runs itself.
#
# JAVA_HOME selects the Java runtime (17 or newer); otherwise `java` on PATH. JAVA_OPTS replaces the
# default JVM options below. A short-lived command spends much of its time starting the JVM, and a
# long one hashing (SHA-256, which only the optimising compiler turns into the CPU's instructions):
#   -XX:+UseSerialGC   a third less memory than the default collector at the same speed
#   -Xms8m             grow the heap as needed instead of touching a large young generation
#   -XX:-UsePerfData   no hsperfdata file to create and map at each start
#   -XX:Tier4...       the optimising compiler waits for methods several times hotter than usual,
#                      so short runs spend no core compiling what they run a few thousand times;
#   CompileThresholdScaling  ...except the SHA-256 compression, compiled early where it is hot
#   -Djdk.httpclient.bufsize   64 KiB reads from the socket instead of 16 KiB: a quarter of the
#                      buffers the HTTP client allocates and hands over for a large body
# The class data archive made at build time by a training run is added when one exists for this
# exact runtime and this file (STARGZ_CLASS_ARCHIVE=off disables it).
# docs/benchmarks.md has the measurements behind each choice.
DEFAULT_JAVA_OPTS="-XX:+UseSerialGC -Xms8m -XX:-UsePerfData -Djdk.httpclient.bufsize=65536 \
-XX:Tier4InvocationThreshold=40000 -XX:Tier4MinInvocationThreshold=20000 \
-XX:Tier4CompileThreshold=50000 -XX:Tier4BackEdgeThreshold=400000 -XX:CompileCommand=quiet \
-XX:CompileCommand=CompileThresholdScaling,sun.security.provider.SHA2::implCompress0,0.05 \
-XX:CompileCommand=CompileThresholdScaling,sun.security.provider.DigestBase::implCompressMultiBlock0,0.05"

if [ -n "$JAVA_HOME" ]; then JAVA="$JAVA_HOME/bin/java"; else JAVA=java; fi

# The archive records this file's absolute path, size and time; it is looked for next to it, named
# after the runtime's major version. A moved file, another runtime or a rebuilt jar makes the JVM
# refuse the archive, and it then runs as it would without one (the refusal is not logged).
archive_opts=
self=$(readlink -f "$0" 2>/dev/null) || self=$0
case $self in *[[:space:]]*) STARGZ_CLASS_ARCHIVE=off ;; esac  # options are split on blanks
if [ "${STARGZ_CLASS_ARCHIVE:-on}" != off ]; then
  java_path=$(command -v "$JAVA" 2>/dev/null) && java_path=$(readlink -f "$java_path" 2>/dev/null)
  release=${java_path%/bin/java}/release
  major=
  if [ -r "$release" ]; then
    while IFS= read -r line; do
      case $line in
        JAVA_VERSION=*) major=${line#JAVA_VERSION=\"}; major=${major%%[!0-9]*} ;;
      esac
    done < "$release"
  fi
  if [ -n "$major" ] && [ -r "$self.jdk$major.aot" ]; then
    archive_opts="-XX:AOTCache=$self.jdk$major.aot -Xlog:aot=off -Xlog:cds=off"
  elif [ -n "$major" ] && [ -r "$self.jdk$major.jsa" ]; then
    archive_opts="-XX:SharedArchiveFile=$self.jdk$major.jsa -Xlog:cds=off -Xlog:cds+dynamic=off"
  fi
fi

exec "$JAVA" $archive_opts ${JAVA_OPTS:-$DEFAULT_JAVA_OPTS} -jar "$self" "$@"
exit 1
