#!/bin/sh
# stargz-downloader launcher: the runnable jar is appended to this script, so the file runs itself.
#
# JAVA_HOME selects the Java runtime (17 or newer); otherwise `java` on PATH. JAVA_OPTS is added
# after the default JVM options below, so where both give the same option JAVA_OPTS wins (the JVM
# takes the last -D or -XX value it is given); STARGZ_JAVA_DEFAULTS=off leaves the defaults out, for
# options that cannot be combined with them (another garbage collector, say). A short-lived command spends much of its time starting the JVM, and a
# long one hashing (SHA-256, which only the optimising compiler turns into the CPU's instructions):
#   -XX:+UseSerialGC   a third less memory than the default collector at the same speed
#   -Xms8m             grow the heap as needed instead of touching a large young generation
#   -XX:-UsePerfData   no hsperfdata file to create and map at each start
#   -XX:Tier4...       the optimising compiler waits for methods several times hotter than usual,
#                      so short runs spend no core compiling what they run a few thousand times;
#   CompileThresholdScaling  ...except the SHA-256 compression, compiled early where it is hot
#   -Djdk.httpclient.bufsize   (Java 17 to 24) 64 KiB reads from the socket instead of 16 KiB:
#                      a quarter of the buffers the HTTP client allocates and hands over for a
#                      large body; Java 25's client keeps more buffers per connection, so there
#                      the default holds a whole image's parallel downloads to a third of the heap
# The class data archive made at build time by a training run is added when one exists for this
# exact runtime and this file (STARGZ_CLASS_ARCHIVE=off disables it).
# docs/benchmarks.md has the measurements behind each choice.
DEFAULT_JAVA_OPTS="-XX:+UseSerialGC -Xms8m -XX:-UsePerfData \
-XX:Tier4InvocationThreshold=40000 -XX:Tier4MinInvocationThreshold=20000 \
-XX:Tier4CompileThreshold=50000 -XX:Tier4BackEdgeThreshold=400000 -XX:CompileCommand=quiet \
-XX:CompileCommand=CompileThresholdScaling,sun.security.provider.SHA2::implCompress0,0.05 \
-XX:CompileCommand=CompileThresholdScaling,sun.security.provider.DigestBase::implCompressMultiBlock0,0.05"

if [ -n "$JAVA_HOME" ]; then JAVA="$JAVA_HOME/bin/java"; else JAVA=java; fi

# The runtime's major version, from its release file; empty when it cannot be read.
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
case $major in
  1[7-9] | 2[0-4]) DEFAULT_JAVA_OPTS="$DEFAULT_JAVA_OPTS -Djdk.httpclient.bufsize=65536" ;;
esac

# The archive records this file's absolute path; it is looked for next to it, named after the
# runtime's major version, and used only when it is newer than this file: the build writes it after
# the jar, and Java 25.0.3 and older do not notice a rebuilt jar by themselves (JDK-8377932). A
# moved file, another runtime or a rebuilt jar makes the JVM refuse the archive, and it then runs as
# it would without one (the refusal is not logged).
archive_opts=
self=$(readlink -f "$0" 2>/dev/null) || self=$0
case $self in *[[:space:]]*) STARGZ_CLASS_ARCHIVE=off ;; esac  # options are split on blanks
if [ "${STARGZ_CLASS_ARCHIVE:-on}" != off ] && [ -n "$major" ]; then
  if [ -r "$self.jdk$major.aot" ] && [ "$self.jdk$major.aot" -nt "$self" ]; then
    archive_opts="-XX:AOTCache=$self.jdk$major.aot -Xlog:aot=off -Xlog:cds=off"
  elif [ -r "$self.jdk$major.jsa" ] && [ "$self.jdk$major.jsa" -nt "$self" ]; then
    archive_opts="-XX:SharedArchiveFile=$self.jdk$major.jsa -Xlog:cds=off -Xlog:cds+dynamic=off"
  fi
fi

if [ "${STARGZ_JAVA_DEFAULTS:-on}" = off ]; then DEFAULT_JAVA_OPTS=; fi

# Options are split on blanks and not glob-expanded; an option cannot contain a blank.
set -f
exec "$JAVA" $archive_opts $DEFAULT_JAVA_OPTS $JAVA_OPTS -jar "$self" "$@"
exit 1
