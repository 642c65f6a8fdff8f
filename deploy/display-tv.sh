#!/bin/sh
# Start a waiting-room display: Chromium full screen on the TV's mini-PC, under the cage kiosk compositor.
# Debian: apt-get install cage chromium fonts-noto-core fonts-noto-cjk pipewire-audio (or pulseaudio)
# Run it as the display user's session (e.g. from a systemd unit or getty autologin), with the TV's speakers
# as the default audio output. Nobody touches a TV, so sound must play without a gesture: hence the
# autoplay policy. The page keeps itself up to date (a live stream, polling when the stream fails), so the
# browser never needs a reload; set the site in DISPLAY_URL.
DISPLAY_URL="${DISPLAY_URL:-http://infolavoro-desk.local:8000/display/la-spezia}"
exec cage -d -- chromium \
  --kiosk "$DISPLAY_URL" \
  --autoplay-policy=no-user-gesture-required \
  --noerrdialogs --disable-infobars --no-first-run \
  --disable-pinch --overscroll-history-navigation=0 \
  --disable-features=TranslateUI,Translate \
  --disable-session-crashed-bubble --disable-component-update \
  --check-for-update-interval=31536000 \
  --disable-background-timer-throttling --disable-renderer-backgrounding \
  --lang=it
