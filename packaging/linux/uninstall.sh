#!/bin/sh
# Remove what install.sh installed for this user: the app folder, the `lgcoder` command, the
# launcher, icon, metainfo and file type, and the .lgc association. Projects are never touched.
#
#   ~/.local/lib/lgcoder/uninstall.sh      (or ./uninstall.sh from the unpacked download)
set -eu

PREFIX=${PREFIX:-"$HOME/.local"}
DATA=${XDG_DATA_HOME:-"$PREFIX/share"}
CONFIG=${XDG_CONFIG_HOME:-"$HOME/.config"}
APPDIR="$PREFIX/lib/lgcoder"
MANIFEST="$APPDIR/installed-files.txt"
APP_ID=org.lgcoder.Lgcoder
QUIET=${1:-}

if [ ! -f "$MANIFEST" ]; then
    [ "$QUIET" = "--quiet" ] || echo "lgcoder is not installed under $PREFIX"
    exit 0
fi

while IFS= read -r path; do
    case "$path" in
        "$PREFIX"/*|"$DATA"/*) rm -f "$path" ;;  # only files install.sh put there
    esac
done < "$MANIFEST"
rm -rf "$APPDIR"

# The default-application line that `xdg-mime default` wrote.
for list in "$CONFIG/mimeapps.list" "$DATA/applications/mimeapps.list"; do
    if [ -f "$list" ]; then
        sed -i "/^application\/x-lgcoder-project=$APP_ID\.desktop;*$/d" "$list"
    fi
done

if command -v update-mime-database >/dev/null 2>&1 && [ -d "$DATA/mime/packages" ]; then
    update-mime-database "$DATA/mime" >/dev/null 2>&1 || true
fi
if command -v update-desktop-database >/dev/null 2>&1 && [ -d "$DATA/applications" ]; then
    update-desktop-database -q "$DATA/applications" >/dev/null 2>&1 || true
fi
[ "$QUIET" = "--quiet" ] || echo "lgcoder uninstalled (your projects are untouched)."
