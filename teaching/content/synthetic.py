"""Write synthetic archive records, in the archive's format, for benchmarks and load tests.

The records are clearly marked as invented: their titles say "Synthetic record" and their
citations name no real archive. They vary in date form, sections and length like real ones.
"""

from __future__ import annotations

import random
from pathlib import Path

_PEOPLE = ["Soong", "Stalin", "Molotov", "Harriman", "Chiang", "Wang Shijie", "Petrov"]
_PLACES = ["Chungking", "Dairen", "Port Arthur", "Singkiang", "Manchuria", "Moscow"]
_WORDS = ("the talks resumed after a pause and both sides restated their positions on the port "
          "railway frontier plebiscite treaty delegation cable instructions agreement").split()
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]


def synthetic_record(number: int, rng: random.Random) -> str:
    """Return the text of one invented record."""
    month = rng.choice(_MONTHS)
    day = rng.randint(1, 28)
    date = rng.choice([f"{month} 1945", f"{day} {month} 1945", f"{month} {day}, 1945",
                       "c. 1945"])
    person, place = rng.choice(_PEOPLE), rng.choice(_PLACES)
    title = f"Synthetic record {number}: {person} on {place}"
    paragraphs = []
    for _ in range(rng.randint(3, 12)):
        words = rng.choices(_WORDS, k=rng.randint(20, 80))
        words.insert(rng.randrange(len(words)), rng.choice(_PEOPLE))
        if rng.random() < 0.1:
            words.insert(rng.randrange(len(words)), "[ILLEGIBLE]")
        paragraphs.append(" ".join(words).capitalize() + ".")
    parts = [date, "", f"**{title}**" if rng.random() < 0.8 else title, "", "Citation:", "",
             f'"{title}", {date}, Synthetic Archive (invented for benchmarks).',
             f"<https://example.org/synthetic/{number}>", ""]
    if rng.random() < 0.7:
        parts += ["Summary:", "", f"{person} reports from {place}. " * 2, ""]
    if rng.random() < 0.5:
        parts += ["Original Language:", "", "English", ""]
    parts += ["Contents:", ""]
    if rng.random() < 0.3:
        parts += ["Original Scan - Russian", ""]
    parts += ["Transcript - English", ""]
    for paragraph in paragraphs:
        parts += [paragraph, ""]
    return "\n".join(parts)


def write_records(folder: Path, count: int, seed: int = 1945) -> list[Path]:
    """Write ``count`` invented records into ``folder``; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for number in range(1, count + 1):
        path = folder / f"synthetic-{number:05d}.txt"
        path.write_text(synthetic_record(number, rng), encoding="utf-8")
        paths.append(path)
    return paths
