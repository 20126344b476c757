from django.urls import path  # noqa: F401  (each section adds its own paths)

app_name = "assessment"

urlpatterns: list = []

# --- frameworks ---
# --- end frameworks ---
# --- evidence ---
# --- end evidence ---
# --- rounds ---
# --- end rounds ---
# --- results ---
# --- end results ---
# --- paper ---
# --- end paper ---
