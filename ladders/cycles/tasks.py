"""Background tasks of cycles, run by `ladders worker` (see `ladders.leveling.tasks`)."""

from __future__ import annotations

from django_tasks import task


@task()
def cycle_opening_task(opening_id: int) -> int:
    """Enrol everyone in a large cycle and open it (`ladders.cycles.opening.cycle_opening_run`)."""
    from ladders.cycles.opening import cycle_opening_run

    cycle_opening_run(opening_id=opening_id)
    return opening_id
