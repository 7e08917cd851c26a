from django.urls import path

from leerplatform.core import views, webapp

app_name = "core"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", webapp.favicon, name="favicon"),
    path("manifest.webmanifest", webapp.manifest, name="manifest"),
    path("status/", views.status, name="status"),
    path("status/tasks/<uuid:task_id>/retry/", views.retry_task, name="retry_task"),
    path("markdown/preview/", views.markdown_preview, name="markdown_preview"),
    path("help/markdown/", views.markdown_help, name="markdown_help"),
]
