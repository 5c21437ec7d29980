#!/bin/sh
# stargz-downloader launcher: the runnable jar is appended to this script, so the file runs itself.
# JAVA_HOME selects the Java runtime (17 or newer). JAVA_OPTS replaces the default JVM options:
# the serial collector, which keeps a short-lived command's memory footprint about a third lower
# than the default collector at the same speed (docs/benchmarks.md).
if [ -n "$JAVA_HOME" ]; then JAVA="$JAVA_HOME/bin/java"; else JAVA=java; fi
exec "$JAVA" ${JAVA_OPTS:--XX:+UseSerialGC} -jar "$0" "$@"
exit 1
