from django.urls import path

from leerplatform.library.views import browse, documents, files

app_name = "library"

urlpatterns = [
    # Browsing (browse.py)
    path("editions/<slug:slug>/library/", browse.library, name="library"),
    path("editions/<slug:slug>/agenda/<int:theme_pk>/", browse.theme, name="theme"),
    # Documents (documents.py)
    path("editions/<slug:slug>/library/new/", documents.create, name="create"),
    path("editions/<slug:slug>/library/bin/", documents.bin, name="bin"),
    path("library/<int:pk>/", documents.detail, name="document"),
    path("library/<int:pk>/edit/", documents.edit, name="edit"),
    path("library/<int:pk>/delete/", documents.delete, name="delete"),
    path("library/<int:pk>/restore/", documents.restore, name="restore"),
    # Files and their versions (files.py)
    path("library/<int:pk>/files/new/", files.add_file, name="add_file"),
    path("library/files/<int:attachment_pk>/", files.history, name="history"),
    path("library/files/<int:attachment_pk>/upload/", files.upload_version, name="upload_version"),
    path("library/files/<int:attachment_pk>/download/", files.download, name="download"),
    path(
        "library/versions/<int:version_pk>/download/",
        files.download_version,
        name="download_version",
    ),
    path(
        "library/versions/<int:version_pk>/restore/",
        files.restore_version,
        name="restore_version",
    ),
]
