from django.apps import AppConfig


class RetentionConfig(AppConfig):
    """Bewaartermijnen: what is kept how long, and the job that deletes what has passed."""

    name = "doorstroom.retention"
    verbose_name = "bewaartermijnen"
