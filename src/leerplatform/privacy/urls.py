from django.urls import path

from leerplatform.privacy.views import erasure, export, my_data, statement

app_name = "privacy"

urlpatterns = [
    # The privacy statement (per installation) and "Mijn gegevens".
    path("privacy/", statement.privacy_statement, name="statement"),
    path("profile/data/", my_data.my_data, name="my_data"),
    # Download my data (views/export.py).
    path("profile/data/export/", export.request_export, name="export_request"),
    path("profile/data/exports/<int:pk>/", export.export_status, name="export_status"),
    path("profile/data/exports/<int:pk>/download/", export.download, name="export_download"),
    # Erase my account (views/erasure.py).
    path("profile/data/erase/", erasure.erase, name="erase"),
]
