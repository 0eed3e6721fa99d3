"""How big each workload is: the full run (a big volunteer event) and ``--quick``."""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Sizes:
    # The conference: people, shifts across roles and places over days, open space.
    people: int = 1300
    shifts: int = 720
    roles: int = 34
    places: int = 29
    days: int = 6
    shift_places: int = 1700  # the sum of every shift's capacity
    booths: int = 20
    rooms: int = 10
    slots_per_room: int = 40
    # Claim storm: each person tries 1 to this many shifts at once.
    claims_per_person: int = 4
    claim_threads: int = 32
    http_processes: int = 2
    http_threads: int = 16  # per process
    # The HTTP storm again, against this many servers sharing the store (scale-out).
    http_servers: int = 2
    # The sign-up rush over HTTP, beside the naive reference server (rush.py): shifts
    # of capacity 1 to rush_capacity, people each wanting 0 to rush_wants of them, and
    # rush_processes x rush_threads concurrent clients.
    rush_people: int = 1200
    rush_shifts: int = 400
    rush_capacity: int = 10
    rush_wants: int = 10
    rush_processes: int = 2
    rush_threads: int = 8
    # Physical baseline: seconds of one-row transactions.
    baseline_seconds: float = 5.0
    # Fan-out: client counts, worker processes holding them, commands at a steady rate.
    fanout_clients: tuple[int, ...] = (50, 200, 500)
    fanout_workers: int = 4
    fanout_rate: float = 10.0  # commands per second
    fanout_commands: int = 150  # per client count
    # The multi-process run on PostgreSQL and Redis: these numbers of server processes,
    # each taking the HTTP storm, then fan-out to this many clients spread over them.
    multi_processes: tuple[int, ...] = (2, 4)
    multi_fanout_clients: int = 500
    # Replay and time travel.
    replay_events: int = 1_000_000
    time_travel_samples: int = 100

    def describe(self) -> str:
        return (f"{self.people} people, {self.shifts} shifts ({self.shift_places} places), "
                f"{self.rooms}x{self.slots_per_room} open-space slots, "
                f"fan-out {'/'.join(map(str, self.fanout_clients))} clients, "
                f"{self.replay_events:,} events replayed, "
                f"{' and '.join(map(str, self.multi_processes)) or 'no'} processes on "
                f"PostgreSQL ({self.multi_fanout_clients} clients)")


FULL = Sizes()

QUICK = replace(
    FULL,
    people=400, shifts=220, shift_places=520, booths=8, slots_per_room=12,
    claim_threads=16, http_threads=8, baseline_seconds=1.5, rush_people=300, rush_shifts=100,
    fanout_clients=(10, 25, 50), fanout_workers=2, fanout_commands=30, fanout_rate=15.0,
    replay_events=50_000, time_travel_samples=40,
    multi_processes=(2, 4), multi_fanout_clients=50,
)
