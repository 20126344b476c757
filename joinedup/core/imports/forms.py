from __future__ import annotations

from django import forms

from joinedup.core.uploads import UploadField, describe_kinds, describe_size, max_upload_bytes


class ImportUploadForm(forms.Form):
    def __init__(self, *args, kinds: tuple[str, ...] = ("csv", "xlsx"), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"] = UploadField(
            allowed=kinds,
            label="Upload a file",
            help_text=f"{describe_kinds(kinds)[2:]} file, smaller than {describe_size(max_upload_bytes())}",
        )
