from django.contrib.admin.apps import AdminConfig


class NewsroomAdminConfig(AdminConfig):
    """django.contrib.admin with the project's admin site (newsroom/admin.py)."""

    default_site = "newsroom.admin.NewsroomAdminSite"
