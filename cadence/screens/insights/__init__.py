"""Insights: KPI charts, the weekly review and exports."""
