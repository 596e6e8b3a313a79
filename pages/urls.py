from django.urls import path

from pages import views, views_blocks, views_public

app_name = "pages"
urlpatterns = [
    # The learner's own pages.
    path("", views.page_list, name="list"),
    path("new/", views.page_create, name="create"),
    path("<int:pk>/", views.page_edit, name="edit"),
    path("<int:pk>/settings/", views.page_settings, name="settings"),
    path("<int:pk>/publish/", views.page_publish, name="publish"),
    path("<int:pk>/publish/confirm/", views.page_publish_confirm, name="publish_confirm"),
    path("<int:pk>/duplicate/", views.page_duplicate, name="duplicate"),
    path("<int:pk>/delete/", views.page_delete, name="delete"),
    path("<int:pk>/blocks/add/<slug:kind>/", views_blocks.block_add, name="block_add"),
    path("<int:pk>/blocks/<int:block_pk>/edit/", views_blocks.block_edit, name="block_edit"),
    path("<int:pk>/blocks/<int:block_pk>/move/", views_blocks.block_move, name="block_move"),
    path("<int:pk>/blocks/order/", views_blocks.block_order, name="block_order"),
    path("<int:pk>/blocks/<int:block_pk>/delete/", views_blocks.block_delete, name="block_delete"),
    # A published page at its unguessable address, and what it shows.
    path("p/<slug:public_id>/", views_public.public_page, name="public"),
    path("p/<slug:public_id>/unlock/", views_public.unlock, name="unlock"),
    path("p/<slug:public_id>/cover/", views_public.cover, name="cover"),
    path("files/<int:pk>/<slug:token>/", views_public.block_file, name="file"),
]
