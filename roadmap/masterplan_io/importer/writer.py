"""The apply step's tools: compare records with stored objects, count, and write in batches with history.

A sheet's ``apply(records, ctx)`` builds model instances (new) or changes stored ones (``diff``), then hands them to
``ctx.writer.write(model, created, updated, fields, history=...)``, or lets ``upsert`` do all of it for a plain
kind. Writes go batch by batch (``BATCH_SIZE`` rows, the same queries as one bulk call), reporting progress after
each batch; in a dry run everything is compared and counted and nothing is written.
"""

from __future__ import annotations

from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

BATCH_SIZE = 500
CHANGE_REASON = "masterplan import"


def pk(obj):
    """A comparable id: the pk, or a marker that equals no stored id for an object not yet created (dry run)."""
    if obj is None:
        return None
    return obj.pk if obj.pk is not None else ("new", id(obj))


def plain(record, keep_if_empty=frozenset()):
    """The record's model values: no ``_`` bookkeeping keys, and no empty cell of a ``keep_if_empty`` column (it
    keeps the stored value; a new object gets the model's default)."""
    return {k: v for k, v in record.items() if not k.startswith("_") and not (v is None and k in keep_if_empty)}


class Writer:
    """Writes one import's kinds, counting into ``report`` and reporting ``progress("writing", done, total)``."""

    def __init__(self, report, *, user, dry_run: bool, progress, total: int):
        self.report, self.user, self.dry_run, self.progress, self.total = report, user, dry_run, progress, total
        self.done = 0  # rows of the sheets applied so far
        self._span = (0, 0)  # (done before this sheet, this sheet's rows)
        self._reported = 0

    # --- progress ----------------------------------------------------------------------------------------------

    def begin(self, rows):
        """A sheet of ``rows`` rows starts: the progress after each of its batches is its share of them."""
        self._span = (self.done, rows)

    def end(self, rows):
        self.done += rows
        self._reported = self.done
        self.progress("writing", self.done, self.total)

    def _batch_written(self, written, objects):
        """Progress after a written batch: the kind's share of rows, never going back (a kind may write twice)."""
        base, size = self._span
        done = base + size * written // max(objects, 1)
        if size and done > self._reported:
            self._reported = done
            self.progress("writing", done, self.total)

    # --- compare and write -------------------------------------------------------------------------------------

    def diff(self, kind, obj, values):
        """Assign the differing ``values`` (attname → value) to ``obj``; returns the changed attnames."""
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        for name in changed:
            setattr(obj, name, values[name])
        self.report.count(kind, "updated" if changed else "unchanged")
        return changed

    def write(self, model, created, updated, fields, history=False):
        if self.dry_run:
            return
        # Batch by batch, so the job's progress moves during a large kind; the same queries as one bulk call.
        objects = len(created) + len(updated)
        for start in range(0, len(created), BATCH_SIZE):
            self._write_batch(model, created[start : start + BATCH_SIZE], [], fields, history)
            self._batch_written(start + len(created[start : start + BATCH_SIZE]), objects)
        for start in range(0, len(updated), BATCH_SIZE):
            self._write_batch(model, [], updated[start : start + BATCH_SIZE], fields, history)
            self._batch_written(len(created) + start + len(updated[start : start + BATCH_SIZE]), objects)

    def _write_batch(self, model, created, updated, fields, history):
        now = timezone.now()
        if history:
            for obj in created + updated:
                if hasattr(obj, "updated_at"):
                    obj.updated_at = now
            if created:
                bulk_create_with_history(
                    created,
                    model,
                    batch_size=BATCH_SIZE,
                    default_user=self.user,
                    default_change_reason=CHANGE_REASON,
                    default_date=now,
                )
            if updated:
                if hasattr(model, "updated_at"):
                    fields = set(fields) | {"updated_at"}
                bulk_update_with_history(
                    updated,
                    model,
                    sorted(fields),
                    batch_size=BATCH_SIZE,
                    default_user=self.user,
                    default_change_reason=CHANGE_REASON,
                    default_date=now,
                )
        else:
            if created:
                model.objects.bulk_create(created, batch_size=BATCH_SIZE)
            if updated:
                model.objects.bulk_update(updated, sorted(fields), batch_size=BATCH_SIZE)

    def upsert(self, kind, records, existing, build_values, model, history=False, bump_version=False):
        """Create or update one kind; ``build_values(key, record)`` gives attname → value incl. the key fields."""
        created, updated, fields = [], [], set()
        for key, record in records.items():
            values = build_values(key, record)
            obj = existing.get(key)
            if obj is None:
                obj = model(**values)
                existing[key] = obj
                created.append(obj)
                self.report.count(kind, "created")
                continue
            changed = self.diff(kind, obj, values)
            if changed:
                fields.update(changed)
                updated.append(obj)
        if bump_version and updated:
            for obj in updated:
                obj.bump_version()
            fields.add("version")
        self.write(model, created, updated, fields, history=history)
        return created, updated

    # --- rows without history (many-to-many links) -------------------------------------------------------------

    def create_rows(self, model, rows):
        """Create plain rows (e.g. many-to-many links) in batches; callers skip it in a dry run."""
        model.objects.bulk_create(rows, batch_size=BATCH_SIZE)

    def delete_pks(self, model, pks):
        for start in range(0, len(pks), BATCH_SIZE):
            model.objects.filter(pk__in=pks[start : start + BATCH_SIZE]).delete()
