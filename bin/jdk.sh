# Source me (". bin/jdk.sh"): selects a JDK >= 21 and exports JAVA_HOME and PATH.
# Keeps JAVA_HOME when it already points at a JDK >= 21, otherwise takes the newest JDK >= 21 under
# /usr/lib/jvm. Fails (return 1) with a clear message when there is none.

tandem_java_major() { # $1 = a JDK home; prints its feature version (e.g. 25) or nothing
    local release="$1/release" v
    [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
    if [ -r "$release" ]; then
        v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")
    else
        v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')
    fi
    printf '%s' "$v"
}

tandem_select_jdk() {
    local home="" major best="" best_major=0 dir
    if [ -n "${JAVA_HOME:-}" ]; then
        major=$(tandem_java_major "$JAVA_HOME")
        if [ -n "$major" ] && [ "$major" -ge 21 ]; then
            home="$JAVA_HOME"
        fi
    fi
    if [ -z "$home" ]; then
        for dir in /usr/lib/jvm/*; do
            [ -d "$dir" ] && [ ! -L "$dir" ] || continue
            major=$(tandem_java_major "$dir")
            if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
                best="$dir"
                best_major="$major"
            fi
        done
        home="$best"
    fi
    if [ -z "$home" ]; then
        echo "tandem: no JDK >= 21 found (JAVA_HOME='${JAVA_HOME:-}', none under /usr/lib/jvm)." >&2
        echo "tandem: install one, e.g. 'apt-get install openjdk-21-jdk-headless', or set JAVA_HOME." >&2
        return 1
    fi
    export JAVA_HOME="$home"
    case ":$PATH:" in
        "$JAVA_HOME/bin:"*) ;;
        *) export PATH="$JAVA_HOME/bin:$PATH" ;;
    esac
}

tandem_select_jdk
