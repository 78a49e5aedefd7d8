from django.urls import path

from pressroom import views

app_name = "pressroom"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("news/", views.HomeView.as_view(), name="list"),
]
