from django.urls import path  # noqa: F401 - each section adds its paths

app_name = "performance"

urlpatterns: list = []

# --- library: indicator library, indicator pages, local indicators, comparator groups ---
# --- end library ---

# --- imports: import history and undo (observation imports use the shared import pages) ---
# --- end imports ---

# --- targets: targets, approvals, commentary ---
# --- end targets ---

# --- entry: data entry and owners' requests ---
# --- end entry ---
