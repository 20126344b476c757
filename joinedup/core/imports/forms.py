from __future__ import annotations

from django import forms

from joinedup.core.imports.mapping import ColumnMapping, WideLayout, is_period_heading, wide_columns
from joinedup.core.imports.registry import Importer
from joinedup.core.uploads import UploadField, describe_kinds, describe_size, max_upload_bytes


class ImportUploadForm(forms.Form):
    def __init__(self, *args, kinds: tuple[str, ...] = ("csv", "xlsx"), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"] = UploadField(
            allowed=kinds,
            label="Upload a file",
            help_text=f"{describe_kinds(kinds)[2:]} file, smaller than {describe_size(max_upload_bytes())}",
        )


# --- the column-mapping step (ADR 0019) --------------------------------------------------
NOT_IN_FILE = ""
FIXED = "fixed"
FROM_FILE = "file:"


class ColumnMappingForm(forms.Form):
    """One select per importer column (a heading of the file, "not in the file", or one value
    for every row), the wide layout (which of the file's period headings hold one period
    each, and which columns their headings and cells go to), and a name to save it under.

    `self.mapping` is the ColumnMapping the user chose (after `is_valid()`)."""

    def __init__(
        self,
        *args,
        importer: Importer,
        file_columns: list[dict],
        initial_mapping: ColumnMapping,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.importer = importer
        self.headings = [c["heading"] for c in file_columns]
        self.mapping = initial_mapping
        file_choices = [
            (FROM_FILE + c["heading"], _option_label(c["heading"], c.get("examples") or []))
            for c in file_columns
        ]
        self.column_rows: list[dict] = []
        for column in importer.columns:
            select_name, fixed_name = f"col__{column.key}", f"fixed__{column.key}"
            self.fields[select_name] = forms.ChoiceField(
                label="Column in your file",
                choices=[
                    (NOT_IN_FILE, "Not in the file"),
                    (FIXED, "The same value for every row (enter it below)"),
                    *file_choices,
                ],
                required=False,
            )
            self.fields[fixed_name] = forms.CharField(
                label="Value for every row",
                required=False,
                max_length=200,
                widget=forms.TextInput(attrs={"class": "govuk-!-width-one-half"}),
            )
            if column.key in initial_mapping.columns:
                self.initial.setdefault(select_name, FROM_FILE + initial_mapping.columns[column.key])
            elif column.key in initial_mapping.fixed:
                self.initial.setdefault(select_name, FIXED)
                self.initial.setdefault(fixed_name, initial_mapping.fixed[column.key])
            self.column_rows.append({"column": column, "select": select_name, "fixed": fixed_name})

        self.layout = wide_columns(importer)
        self.period_headings = [h for h in self.headings if is_period_heading(h)]
        if self.layout and self.period_headings:
            key_choices = [(c.key, c.heading) for c in importer.columns]
            self.fields["wide_headings"] = forms.MultipleChoiceField(
                label="Columns that each hold one period",
                help_text="Tick them if your file has a column for each year or period",
                choices=[(h, h) for h in self.period_headings],
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )
            self.fields["wide_heading_column"] = forms.ChoiceField(
                label="Their headings are the", choices=key_choices, required=False
            )
            self.fields["wide_value_column"] = forms.ChoiceField(
                label="Their cells are the", choices=key_choices, required=False
            )
            wide = initial_mapping.wide
            self.initial.setdefault("wide_headings", list(wide.headings) if wide else [])
            self.initial.setdefault("wide_heading_column", wide.heading_column if wide else self.layout[0])
            self.initial.setdefault("wide_value_column", wide.value_column if wide else self.layout[1])
        self.fields["save_as"] = forms.CharField(
            label="Save this mapping as (optional)",
            help_text="Give it a name to have it offered again when a file with the same columns arrives",
            required=False,
            max_length=100,
        )

    def clean(self) -> dict:
        data = super().clean() or {}
        columns: dict[str, str] = {}
        fixed: dict[str, str] = {}
        wide_headings = [h for h in data.get("wide_headings") or [] if h in self.period_headings]
        wide = None
        if wide_headings:
            heading_column = data.get("wide_heading_column") or ""
            value_column = data.get("wide_value_column") or ""
            if not heading_column or not value_column or heading_column == value_column:
                self.add_error(
                    "wide_value_column", "Choose different columns for the headings and for the cells"
                )
            else:
                wide = WideLayout(tuple(wide_headings), heading_column, value_column)
        for row in self.column_rows:
            key, heading = row["column"].key, row["column"].heading
            choice = data.get(row["select"]) or NOT_IN_FILE
            value = (data.get(row["fixed"]) or "").strip()
            if wide is not None and key in (wide.heading_column, wide.value_column):
                if choice != NOT_IN_FILE or value:
                    self.add_error(
                        row["select"],
                        f"The {_lower(heading)} comes from the period columns you ticked. "
                        "Choose 'Not in the file'",
                    )
                continue
            if choice.startswith(FROM_FILE):
                if value:
                    self.add_error(
                        row["select"],
                        f"Choose a column for the {_lower(heading)} or enter a value for every row, not both",
                    )
                    continue
                source = choice[len(FROM_FILE) :]
                if source in wide_headings:
                    self.add_error(
                        row["select"], f"'{source}' is ticked as a period column. Choose another column"
                    )
                    continue
                columns[key] = source
            elif choice == FIXED or value:
                if not value:
                    self.add_error(row["fixed"], f"Enter the {_lower(heading)} to use for every row")
                    continue
                fixed[key] = value
        self.mapping = ColumnMapping(columns=columns, fixed=fixed, wide=wide)
        for row in self.column_rows:
            column = row["column"]
            if column.required and not self.mapping.provides(column.key) and row["select"] not in self.errors:
                if row["fixed"] in self.errors:
                    continue
                self.add_error(
                    row["select"],
                    f"Choose the column in your file that holds the {_lower(column.heading)}, "
                    "or enter a value for every row: every row needs one",
                )
        return data


def _lower(heading: str) -> str:
    return heading[:1].lower() + heading[1:]


def _option_label(heading: str, examples: list[str]) -> str:
    if not examples:
        return heading
    return f"{heading} (for example: {', '.join(examples)})"
