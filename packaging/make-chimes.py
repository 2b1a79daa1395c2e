#!/usr/bin/env python3
"""Synthesize the countdown chimes into resources/sounds/ (own work, CC0).

    python3 packaging/make-chimes.py          # needs sox with Ogg Vorbis support
                                              # (Debian: sox libsox-fmt-all)

Each chime is a few struck notes of a soft bell: a sine fundamental with a
little of its second and third harmonics, a short attack (no click) and an
exponential decay, the upper partials dying faster, as a real bell's do. The
samples are computed here with the standard library, so the chimes are the
same on every run; sox normalises the peak to -3 dBFS and encodes mono Ogg
Vorbis. Run it again after changing a note and commit the two .ogg files.
"""

from __future__ import annotations

import math
import shutil
import struct
import subprocess
import sys
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

RATE = 44_100
PEAK_DBFS = -3.0
VORBIS_QUALITY = 4
OUT = Path(__file__).resolve().parent.parent / "resources" / "sounds"

# (harmonic ratio, relative amplitude, decay time constant as a share of the note's)
SOFT = ((1.0, 1.0, 1.0), (2.0, 0.10, 0.45), (3.0, 0.025, 0.25))
CLEAR = ((1.0, 1.0, 1.0), (2.0, 0.28, 0.5), (3.0, 0.10, 0.3), (4.0, 0.04, 0.2))


@dataclass(frozen=True)
class Note:
    hz: float
    start_s: float
    decay_s: float  # time constant of the fundamental's exponential decay
    level: float = 1.0


@dataclass(frozen=True)
class Chime:
    name: str
    length_s: float
    timbre: tuple[tuple[float, float, float], ...]
    notes: tuple[Note, ...]


E5, G5, C5 = 659.26, 783.99, 523.25

CHIMES = (
    # "Please conclude": a soft falling major third, ding-dong.
    Chime(
        "warning",
        0.8,
        SOFT,
        (Note(E5, 0.0, 0.22), Note(C5, 0.26, 0.20, level=0.9)),
    ),
    # "Time is up": three clearer notes down the C major chord.
    Chime(
        "expired",
        1.2,
        CLEAR,
        (Note(G5, 0.0, 0.24), Note(E5, 0.28, 0.24), Note(C5, 0.56, 0.30)),
    ),
)

ATTACK_S = 0.006  # long enough not to click, short enough to sound struck
FADE_OUT_S = 0.08  # the tail is brought to silence before the file ends


def render(chime: Chime) -> list[float]:
    count = round(chime.length_s * RATE)
    samples = [0.0] * count
    for note in chime.notes:
        first = round(note.start_s * RATE)
        for index in range(first, count):
            t = (index - first) / RATE
            attack = min(1.0, t / ATTACK_S)
            value = 0.0
            for ratio, amplitude, decay_share in chime.timbre:
                envelope = math.exp(-t / (note.decay_s * decay_share))
                value += amplitude * envelope * math.sin(2 * math.pi * note.hz * ratio * t)
            samples[index] += note.level * attack * value
    fade = round(FADE_OUT_S * RATE)
    for index in range(count - fade, count):
        position = (count - index) / fade  # 1 → 0
        samples[index] *= 0.5 - 0.5 * math.cos(math.pi * position)
    peak = max(abs(s) for s in samples)
    return [s / peak * 0.5 for s in samples]  # sox sets the final level


def write_wav(path: Path, samples: list[float]) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(b"".join(struct.pack("<h", round(s * 32767)) for s in samples))


def main() -> int:
    sox = shutil.which("sox")
    if sox is None:
        print("make-chimes: sox is not installed (Debian: sox libsox-fmt-all)", file=sys.stderr)
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        for chime in CHIMES:
            raw = Path(folder) / f"{chime.name}.wav"
            write_wav(raw, render(chime))
            target = OUT / f"{chime.name}.ogg"
            # -R: sox's repeatable mode, so the Ogg stream serial number is the same each run.
            encode = [sox, "-R", str(raw), "-C", str(VORBIS_QUALITY), str(target)]
            subprocess.run([*encode, "norm", str(PEAK_DBFS)], check=True)
            print(f"{target.relative_to(OUT.parent.parent)}: {target.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
