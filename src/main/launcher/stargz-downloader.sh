#!/bin/sh
# stargz-downloader launcher: the runnable jar is appended to this script, so the file runs itself.
# JAVA_HOME selects the Java runtime (17 or newer); JAVA_OPTS passes JVM options.
if [ -n "$JAVA_HOME" ]; then JAVA="$JAVA_HOME/bin/java"; else JAVA=java; fi
exec "$JAVA" $JAVA_OPTS -jar "$0" "$@"
exit 1
