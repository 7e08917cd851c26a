from django.urls import path

from leerplatform.reflection.views import balance, evaluation, journal

app_name = "reflection"

urlpatterns = [
    # Reflection and the learning journal (journal.py)
    path("editions/<slug:slug>/journal/", journal.journal, name="journal"),
    path("editions/<slug:slug>/journal/questions/", journal.questions, name="questions"),
    path("meetings/<int:pk>/reflect/", journal.reflect, name="reflect"),
    path("journal/<int:entry_pk>/", journal.entry, name="entry"),
    path("meetings/<int:pk>/reflections/", journal.overview, name="overview"),
    path(
        "groups/<int:pk>/reflections/<int:meeting_pk>/",
        journal.group_reflection,
        name="group_reflection",
    ),
    # The meeting evaluation (evaluation.py)
    path("meetings/<int:pk>/evaluate/", evaluation.evaluate, name="evaluate"),
    path("meetings/<int:pk>/evaluations/", evaluation.results, name="evaluation_results"),
    path("meetings/<int:pk>/evaluations.csv", evaluation.export, name="evaluation_export"),
    # Bringing and taking (balance.py)
    path("editions/<slug:slug>/give-and-take/", balance.mine, name="balance"),
    path("editions/<slug:slug>/give-and-take/network/", balance.network, name="network_balance"),
]
