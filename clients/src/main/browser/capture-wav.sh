#!/usr/bin/env bash
# Makes the WAV Chromium's fake microphone plays (--use-file-for-fake-audio-capture) from one of the
# project's speech clips: <speech dir>/<clip>.opus decoded by opusdec, or <clip>-48k-mono.wav, converted
# by sox to 48 kHz mono 16-bit PCM. sox and opus-tools are installed with apt-get where missing.
# Usage: capture-wav.sh <speech dir> <clip, e.g. speaker1> <out.wav>. Exit 3 with a reason when impossible.
set -uo pipefail
dir="$1"; clip="$2"; out="$3"
mkdir -p "$(dirname "$out")"
need() {
  command -v "$1" >/dev/null 2>&1 && return 0
  "$(dirname "${BASH_SOURCE[0]}")/apt-install.sh" "$2"
}
need sox sox || { echo "sox missing and not installable"; exit 3; }
tmp="$out.tmp.wav"
if [ -f "$dir/$clip.opus" ] && need opusdec opus-tools; then
  opusdec --quiet --rate 48000 "$dir/$clip.opus" "$tmp" || { echo "opusdec failed on $dir/$clip.opus"; exit 3; }
elif [ -f "$dir/$clip-48k-mono.wav" ]; then
  cp "$dir/$clip-48k-mono.wav" "$tmp"
else
  echo "no speech clip $clip in $dir"; exit 3
fi
sox "$tmp" -r 48000 -c 1 -b 16 -e signed-integer "$out" || { echo "sox failed"; exit 3; }
rm -f "$tmp"
