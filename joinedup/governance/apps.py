from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "joinedup.governance"
    label = "governance"
    verbose_name = "Governance"
