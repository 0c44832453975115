"""Small fixed CPU benchmarks, run inside each image with the image's own python.

Written for this benchmark in the spirit of pyperformance's nbody, float, richards,
json_dumps and regex (same kind of work, not the same code). Every benchmark does a fixed
amount of work; the script prints one JSON object with the Python version and, per
benchmark, the best of REPEAT wall times in seconds.
"""

import json
import math
import re
import sys
import time

REPEAT = 5


def nbody(steps=120_000):
    """Five bodies under gravity, advanced with a simple symplectic Euler step."""
    # [x, y, z, vx, vy, vz, mass]: a star and four planets on rough circular orbits.
    bodies = [[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1000.0]]
    for i, (r, m) in enumerate([(5.0, 1.0), (9.5, 0.3), (19.0, 0.05), (30.0, 0.06)]):
        a = i * 1.3
        v = math.sqrt(1000.0 / r)
        bodies.append([r * math.cos(a), r * math.sin(a), 0.1 * i, -v * math.sin(a), v * math.cos(a), 0.0, m])
    pairs = [(bodies[i], bodies[j]) for i in range(len(bodies)) for j in range(i + 1, len(bodies))]
    dt = 0.001
    for _ in range(steps):
        for b1, b2 in pairs:
            dx, dy, dz = b1[0] - b2[0], b1[1] - b2[1], b1[2] - b2[2]
            d2 = dx * dx + dy * dy + dz * dz
            f = dt / (d2 * math.sqrt(d2))
            f1, f2 = b2[6] * f, b1[6] * f
            b1[3] -= dx * f1
            b1[4] -= dy * f1
            b1[5] -= dz * f1
            b2[3] += dx * f2
            b2[4] += dy * f2
            b2[5] += dz * f2
        for b in bodies:
            b[0] += dt * b[3]
            b[1] += dt * b[4]
            b[2] += dt * b[5]
    return sum(b[0] for b in bodies)


class Vec:
    __slots__ = ("x", "y", "z")

    def __init__(self, t):
        self.x = math.sin(t) * 3.0
        self.y = math.cos(t) * t
        self.z = self.x * self.x / 2.0

    def unit(self):
        n = math.sqrt(self.x * self.x + self.y * self.y + self.z * self.z) or 1.0
        self.x /= n
        self.y /= n
        self.z /= n

    def widen(self, other):
        self.x = max(self.x, other.x)
        self.y = max(self.y, other.y)
        self.z = max(self.z, other.z)
        return self


def floats(n=120_000, rounds=3):
    """Allocate many small float objects, normalise them and fold them with max."""
    acc = None
    for _ in range(rounds):
        vs = [Vec(i * 0.001) for i in range(n)]
        for v in vs:
            v.unit()
        acc = vs[0]
        for v in vs[1:]:
            acc = acc.widen(v)
    return acc.x + acc.y + acc.z


class Packet:
    __slots__ = ("dest", "kind", "data", "hops")

    def __init__(self, dest, kind):
        self.dest, self.kind, self.data, self.hops = dest, kind, [0] * 4, 0


class Task:
    """A task of a cooperative scheduler: it handles one packet per turn and forwards it."""

    def __init__(self, sched, tid, prio):
        self.sched, self.tid, self.prio, self.queue, self.count = sched, tid, prio, [], 0

    def step(self):
        if not self.queue:
            return False
        p = self.queue.pop(0)
        self.count += 1
        p.hops += 1
        for i in range(len(p.data)):
            p.data[i] = (p.data[i] + self.tid * (i + 1)) & 0xFFFF
        if p.hops < 40:
            p.dest = (p.dest * 7 + p.kind + self.count) % len(self.sched.tasks)
            self.sched.send(p)
        return True


class Scheduler:
    def __init__(self, ntasks):
        self.tasks = [Task(self, i, (i * 5) % 7) for i in range(ntasks)]
        self.order = sorted(self.tasks, key=lambda t: -t.prio)
        self.sent = 0

    def send(self, p):
        self.sent += 1
        self.tasks[p.dest].queue.append(p)

    def run(self):
        busy = True
        while busy:
            busy = False
            for t in self.order:
                if t.step():
                    busy = True
                    break  # highest-priority runnable task first, like Richards' scheduler


def richards(loops=250):
    """A Richards-style task scheduler: prioritised tasks passing packets around."""
    total = 0
    for n in range(loops):
        s = Scheduler(10)
        for i in range(60):
            s.send(Packet((i * 3 + n) % 10, i % 4))
        s.run()
        total += s.sent
    return total


def json_dumps(loops=400):
    """Serialise a nested document of dicts, lists, strings and numbers."""
    doc = {
        "id": 12345,
        "name": "sensor \u00e9t\u00e9 \u2603",
        "tags": ["a", "bb", "ccc", "dddd"] * 5,
        "readings": [{"t": i, "v": i * 0.25, "ok": i % 3 == 0, "note": None} for i in range(200)],
        "nested": {str(k): {"k": k, "s": "x" * k} for k in range(30)},
    }
    size = 0
    for _ in range(loops):
        size += len(json.dumps(doc))
        size += len(json.dumps(doc, sort_keys=True, indent=2))
    return size


def regex(loops=30):
    """Search, match and substitute with a few typical patterns over generated log text."""
    lines = []
    for i in range(2000):
        lines.append(
            f"2026-{i % 12 + 1:02d}-{i % 28 + 1:02d} 12:{i % 60:02d}:07 host{i % 17}.example.org "
            f"user{i}@mail{i % 5}.example.com GET /api/v{i % 3}/items/{i * 7} {200 + i % 5 * 100} {i * 13 % 9999}ms"
        )
    text = "\n".join(lines)
    date = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
    email = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
    path = re.compile(r"GET (/[\w/]+) (\d{3})")
    slow = re.compile(r"\b(\d{4,})ms\b")
    found = 0
    for _ in range(loops):
        found += len(date.findall(text))
        found += len(email.findall(text))
        found += sum(1 for m in path.finditer(text) if m.group(2) != "200")
        found += len(slow.sub(r"SLOW(\1)", text))
    return found


BENCHMARKS = {"nbody": nbody, "float": floats, "richards": richards, "json_dumps": json_dumps, "regex": regex}


def main():
    seconds = {}
    for name, fn in BENCHMARKS.items():
        best = float("inf")
        for _ in range(REPEAT):
            t0 = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - t0)
        seconds[name] = best
    print(json.dumps({"python": sys.version.split()[0], "executable": sys.executable, "seconds": seconds}))


if __name__ == "__main__":
    main()
