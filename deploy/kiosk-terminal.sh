#!/bin/sh
# Start a touch terminal: Chromium full screen on the desk's server, under the cage kiosk compositor.
# Debian: apt-get install cage chromium fonts-noto-core fonts-noto-cjk
# Run it as the kiosk user's session (e.g. from a systemd unit or getty autologin).
DESK_URL="${DESK_URL:-http://infolavoro-desk.local:8000/}"
exec cage -d -- chromium \
  --kiosk "$DESK_URL" \
  --kiosk-printing \
  --noerrdialogs --disable-infobars --no-first-run \
  --disable-pinch --overscroll-history-navigation=0 \
  --disable-features=TranslateUI,Translate \
  --disable-session-crashed-bubble --disable-component-update \
  --check-for-update-interval=31536000 \
  --lang=it --touch-events=enabled
