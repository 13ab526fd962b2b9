"""The import pages under /<workspace>/manage/import/, for admins and owners.

Upload a CSV → preview its first rows and map its columns → the job runs in the
background while the page shows its progress → the result, with a report of every
row that was not imported. Jobs are found only inside the workspace (else 404).
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from groundswell.imports import csvfiles, queries, services
from groundswell.imports.errors import ImportFailed
from groundswell.imports.forms import MappingForm, UploadForm
from groundswell.imports.models import ImportJob, JobStatus
from groundswell.workspaces.models import Workspace
from groundswell.workspaces.views import team_page


def _page(request, template, workspace, context, status=200) -> TemplateResponse:
    base = {"workspace": workspace, "is_team": True, "is_admin": True, "section": "import"}
    return TemplateResponse(request, template, {**base, **context}, status=status)


def _job_or_404(workspace: Workspace, job_id: int) -> ImportJob:
    job = queries.job_or_none(workspace, job_id)
    if job is None:
        raise Http404("No such import in this workspace.")
    return job


def _job_url(job: ImportJob) -> str:
    return reverse(
        "workspaces:import_job", kwargs={"workspace_slug": job.workspace.slug, "job_id": job.pk}
    )


@team_page(admin_only=True)
def upload(request: HttpRequest, workspace: Workspace) -> HttpResponse:
    form = UploadForm(workspace, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            job = services.create_job(
                workspace,
                request.user,
                data["kind"],
                data["file"].name,
                data["file"].read(),
                data["board"],
            )
        except ImportFailed as error:
            form.add_error("file", str(error))
        else:
            return redirect(_job_url(job))
    return _page(
        request,
        "imports/upload.html",
        workspace,
        {"form": form, "jobs": queries.recent_jobs(workspace), "fields": csvfiles.FIELDS},
        status=400 if form.errors else 200,
    )


@team_page(admin_only=True)
def job_page(request: HttpRequest, workspace: Workspace, job_id: int) -> HttpResponse:
    """The preview and mapping while it waits for them, then its progress, then the result."""
    job = _job_or_404(workspace, job_id)
    if job.status == JobStatus.MAPPING:
        return _mapping_page(request, workspace, job)
    template = "imports/job.html"
    if request.htmx:
        template += "#progress"
    return _page(request, template, workspace, {"job": job})


def _mapping_page(request, workspace, job, form=None, error="") -> TemplateResponse:
    parsed = csvfiles.parse(bytes(job.content))
    form = form or MappingForm(job.kind, parsed.headers, job.mapping)
    preview = parsed.rows[: csvfiles.PREVIEW_ROWS]
    context = {
        "job": job,
        "form": form,
        "error": error,
        "headers": parsed.headers,
        "preview": preview,
        "delimiter": {"\t": "tab", ",": "comma", ";": "semicolon", "|": "pipe"}.get(
            parsed.delimiter, parsed.delimiter
        ),
        "unknown_columns": [header for header in parsed.headers if not job.mapping.get(header)],
        "unreadable_rows": parsed.unreadable_rows,
        "fields": csvfiles.FIELDS[job.kind],
    }
    return _page(request, "imports/mapping.html", workspace, context, status=400 if error else 200)


@require_POST
@team_page(admin_only=True)
def start(request: HttpRequest, workspace: Workspace, job_id: int) -> HttpResponse:
    job = _job_or_404(workspace, job_id)
    if job.status != JobStatus.MAPPING:
        return redirect(_job_url(job))
    form = MappingForm(job.kind, job.headers, job.mapping, request.POST)
    if not form.is_valid():
        return _mapping_page(request, workspace, job, form, "Choose a field for each column.")
    try:
        services.start_job(job, form.mapping())
    except ImportFailed as error:
        return _mapping_page(request, workspace, job, form, str(error))
    messages.success(request, "The import has started; this page shows how far it got.")
    return redirect(_job_url(job))


@team_page(admin_only=True)
def report(request: HttpRequest, workspace: Workspace, job_id: int) -> HttpResponse:
    job = _job_or_404(workspace, job_id)
    response = HttpResponse(
        queries.report_csv(job, job.headers), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-report.csv"'
    return response
