#!/bin/sh
# Install lgcoder for this user: the app into ~/.local/lib/lgcoder, the `lgcoder` command into
# ~/.local/bin, and the launcher, icon and file type, so that lgcoder shows in the applications
# menu and double-clicking a .lgc project opens it. No root needed; uninstall.sh undoes it all.
#
#   ./install.sh            (PREFIX=~/.local; XDG_DATA_HOME and XDG_CONFIG_HOME are honoured)
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
PREFIX=${PREFIX:-"$HOME/.local"}
DATA=${XDG_DATA_HOME:-"$PREFIX/share"}
APPDIR="$PREFIX/lib/lgcoder"
BINDIR="$PREFIX/bin"
APP_ID=org.lgcoder.Lgcoder
MIME=application/x-lgcoder-project
MANIFEST="$APPDIR/installed-files.txt"

if [ ! -x "$HERE/lgcoder/lgcoder" ]; then
    echo "install.sh: run it from the unpacked lgcoder folder (lgcoder/lgcoder is missing)" >&2
    exit 1
fi

# A previous version is replaced, not mixed with this one.
if [ -x "$APPDIR/uninstall.sh" ]; then
    "$APPDIR/uninstall.sh" --quiet || true
fi

mkdir -p "$APPDIR" "$BINDIR" "$DATA/applications" "$DATA/metainfo" "$DATA/mime/packages" \
    "$DATA/icons/hicolor/scalable/apps"
cp -R "$HERE/lgcoder/." "$APPDIR/"
cp "$HERE/uninstall.sh" "$APPDIR/uninstall.sh"
chmod +x "$APPDIR/uninstall.sh"
: > "$MANIFEST"
record() { printf '%s\n' "$1" >> "$MANIFEST"; }

ln -sf "$APPDIR/lgcoder" "$BINDIR/lgcoder"
record "$BINDIR/lgcoder"

# The launcher names the installed program by its full path: ~/.local/bin is not always on
# the PATH that a desktop session gives to launchers.
sed -e "s|^Exec=lgcoder |Exec=\"$APPDIR/lgcoder\" |" -e "s|^TryExec=lgcoder$|TryExec=$APPDIR/lgcoder|" \
    "$HERE/share/applications/$APP_ID.desktop" > "$DATA/applications/$APP_ID.desktop"
record "$DATA/applications/$APP_ID.desktop"
cp "$HERE/share/metainfo/$APP_ID.metainfo.xml" "$DATA/metainfo/"
record "$DATA/metainfo/$APP_ID.metainfo.xml"
cp "$HERE/share/mime/packages/$APP_ID.xml" "$DATA/mime/packages/"
record "$DATA/mime/packages/$APP_ID.xml"
cp "$HERE/share/icons/hicolor/scalable/apps/$APP_ID.svg" "$DATA/icons/hicolor/scalable/apps/"
record "$DATA/icons/hicolor/scalable/apps/$APP_ID.svg"
for png in "$HERE"/share/icons/hicolor/*/apps/$APP_ID.png; do
    size=$(basename "$(dirname "$(dirname "$png")")")
    mkdir -p "$DATA/icons/hicolor/$size/apps"
    cp "$png" "$DATA/icons/hicolor/$size/apps/"
    record "$DATA/icons/hicolor/$size/apps/$APP_ID.png"
done

# Refresh the caches the desktop reads; each tool is optional.
if command -v update-mime-database >/dev/null 2>&1; then
    update-mime-database "$DATA/mime" >/dev/null 2>&1 || true
fi
if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$DATA/applications" >/dev/null 2>&1 || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$DATA/icons/hicolor/index.theme" ]; then
    gtk-update-icon-cache -q -t "$DATA/icons/hicolor" >/dev/null 2>&1 || true
fi
touch "$DATA/icons/hicolor" 2>/dev/null || true
if command -v xdg-mime >/dev/null 2>&1; then
    xdg-mime default "$APP_ID.desktop" "$MIME" >/dev/null 2>&1 || true
fi

echo "lgcoder installed: run 'lgcoder', or find it in your applications menu."
case ":$PATH:" in
    *":$BINDIR:"*) ;;
    *) echo "Note: $BINDIR is not on your PATH; open a new terminal or log in again." ;;
esac
