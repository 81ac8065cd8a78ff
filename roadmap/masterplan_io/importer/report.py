"""What an import found and did: the problems (sheet, row, column, message) and the counts per kind."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .sheets import KINDS


@dataclass
class Problem:
    sheet: str
    row: int | None
    column: str
    message: str


@dataclass
class ImportReport:
    """What an import found and did; ``counts[kind]`` holds created/updated/unchanged."""

    problems: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    dry_run: bool = False
    applied: bool = False
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, kind, what, n=1):
        self.counts.setdefault(kind, {"created": 0, "updated": 0, "unchanged": 0})[what] += n

    def as_dict(self) -> dict:
        return {
            "problems": [asdict(p) for p in self.problems],
            "counts": self.counts,
            "dry_run": self.dry_run,
            "applied": self.applied,
            "rows": self.rows,
        }

    def summary_rows(self):
        """(label, created, updated, unchanged) per kind present, in the template's order."""
        return [(str(KINDS[k]), c["created"], c["updated"], c["unchanged"]) for k in KINDS if (c := self.counts.get(k))]
