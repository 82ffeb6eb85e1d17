#!/usr/bin/env bash
# Makes the project's speech clips: three short English speech clips of different voices, as Ogg Opus
# (48 kHz mono, 32 kbit/s, 20 ms frames), the audio the demo, the load generator, the benchmarks and
# the tests send. See README.md in this folder. Only the .opus files are committed; the WAV files are
# written to $1 (default: a temporary folder, removed) for anyone who wants the encoder's input.
#   speech/make-clips.sh [wav-dir]
# Needs Debian's espeak-ng, sox and opus-tools (installed here with apt-get when missing and allowed).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
missing=()
for tool in espeak-ng:espeak-ng sox:sox opusenc:opus-tools; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || missing+=("${tool##*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "make-clips: installing ${missing[*]}" >&2
  apt-get -o DPkg::Lock::Timeout=300 install -y "${missing[@]}" >&2
fi
wavs="${1:-}"
if [ -z "$wavs" ]; then
  wavs="$(mktemp -d)"
  trap 'rm -rf "$wavs"' EXIT
fi
mkdir -p "$wavs"

# name | espeak-ng voice | words per minute | text
clips=(
  "speaker1|en-us|150|Welcome to the room, everyone. Tonight we are talking about building live audio products that feel instant. I will start with the basics: every listener should hear the speakers within a fraction of a second, and nobody should notice when a server goes away. Raise your hand if you want to come up on stage and share what you have learned."
  "speaker2|en-gb+f3|145|Thanks for having me. In my experience the hardest part is not the audio itself but everything around it: who is allowed to speak, who was just removed, and making sure the moderators see every raised hand in order. When a room grows to thousands of listeners, every small delay adds up, so we measure the whole path from the decision to the ear."
  "speaker3|en-us+f2|155|I would add one thing about reconnecting. People listen on trains and in elevators, and the connection drops all the time. When they come back, they expect the room to be exactly where they left it, with nothing missing and nothing repeated. That promise is what makes a live room feel trustworthy, and it is worth getting right from the very first day."
)
serial=1
for clip in "${clips[@]}"; do
  IFS='|' read -r name voice wpm text <<<"$clip"
  espeak-ng -v "$voice" -s "$wpm" -w "$wavs/$name-raw.wav" "$text"
  sox "$wavs/$name-raw.wav" -r 48000 -c 1 -b 16 "$wavs/$name-48k-mono.wav"
  opusenc --quiet --bitrate 32 --framesize 20 --comp 10 --padding 0 --discard-comments --serial "$serial" \
    "$wavs/$name-48k-mono.wav" "$here/$name.opus"
  rm -f "$wavs/$name-raw.wav"
  serial=$((serial + 1))
  echo "$name.opus: $(stat -c %s "$here/$name.opus") bytes, $(soxi -D "$wavs/$name-48k-mono.wav") s"
done
