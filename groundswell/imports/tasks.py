"""Background work of imports: run a CSV job queued from the import page."""

from django.tasks import task


@task()
def run_import_job(job_id: int) -> None:
    from groundswell.imports.services import run_job

    run_job(job_id)
