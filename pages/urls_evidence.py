"""The learner's evidence on a badge, at /badges/<badge>/evidence/… beside the badge."""

from django.urls import path

from pages import views_evidence

app_name = "evidence"

urlpatterns = [
    path("<int:pk>/evidence/add/", views_evidence.evidence_add, name="add"),
    path("<int:pk>/evidence/<int:evidence_pk>/edit/", views_evidence.evidence_edit, name="edit"),
    path("<int:pk>/evidence/<int:evidence_pk>/hide/", views_evidence.evidence_hide, name="hide"),
    path("<int:pk>/evidence/<int:evidence_pk>/move/", views_evidence.evidence_move, name="move"),
    path(
        "<int:pk>/evidence/<int:evidence_pk>/delete/",
        views_evidence.evidence_delete,
        name="delete",
    ),
]
