"""The data domain of the Data tab: read uploads, import chat logs, scrub PII, clean, store datasets.

Plain Python; never imports gradio, torch or transformers (pandas/openpyxl/pyarrow load lazily).
"""

from studio.data.chats import ChatOptions, Speaker, list_speakers
from studio.data.clean import CleanPolicy, CleanReport, clean_rows
from studio.data.formats import ColumnMapping, ColumnsPreview, Limits, apply_mapping, list_columns, read_file
from studio.data.rows import KINDS, Row
from studio.data.scrub import ScrubOptions, ScrubReport, scrub_rows, scrub_text
from studio.data.store import (
    Checked,
    Dataset,
    ImportResult,
    Inspection,
    Preview,
    Staged,
    check_files,
    delete_dataset,
    get_dataset,
    import_files,
    inspect,
    list_datasets,
    preview,
    register_jsonl,
    register_samples,
    rename_dataset,
    stage_upload,
    stage_uploads,
)

__all__ = [
    "ChatOptions",
    "Checked",
    "CleanPolicy",
    "CleanReport",
    "ColumnMapping",
    "ColumnsPreview",
    "Dataset",
    "ImportResult",
    "Inspection",
    "KINDS",
    "Limits",
    "Preview",
    "Row",
    "ScrubOptions",
    "ScrubReport",
    "Speaker",
    "Staged",
    "apply_mapping",
    "check_files",
    "clean_rows",
    "delete_dataset",
    "get_dataset",
    "import_files",
    "inspect",
    "list_columns",
    "list_datasets",
    "list_speakers",
    "preview",
    "read_file",
    "register_jsonl",
    "register_samples",
    "rename_dataset",
    "scrub_rows",
    "scrub_text",
    "stage_upload",
    "stage_uploads",
]
