from django.apps import AppConfig


class MonitorConfig(AppConfig):
    """Counts for the monitor and the yearly reports; for now the yearly figures that are
    fixed before retention removes the persons behind them (the monitor pages come later)."""

    name = "doorstroom.monitor"
    verbose_name = "monitor"
