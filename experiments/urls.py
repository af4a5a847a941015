"""Open data, outside the language prefix: the same file for every reader."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.catalogue, name="data_catalogue"),
    path("iati/<slug:network_slug>.xml", views.iati, name="experiments_iati"),
    path("pilots/<slug:network_slug>.csv", views.portfolio_csv, name="experiments_pilots_csv"),
    path("pilots/<slug:network_slug>.xlsx", views.portfolio_xlsx, name="experiments_pilots_xlsx"),
]
