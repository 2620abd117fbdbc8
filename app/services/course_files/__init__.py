"""Whole courses in and out of files: GIFT, Aiken, CSV and the native JSON document.

Every format reads into and writes from one CourseDocument (document.py); validate.py lists every
problem of a document, importer.py writes a valid one as a new course in one transaction, and
exporter.py reads a course back. docs/course-files.md describes the formats for authors.
"""

from __future__ import annotations

from .document import CourseDocument, ImageDocument, QuestionDocument, TopicDocument
from .exporter import ExportedFile, course_document, export_course, write_document
from .formats import CourseFormat, detect_format, read_document
from .importer import ImportPreview, ImportResult, import_document, import_file, preview_file
from .problems import CourseFileInvalid, Problem
from .validate import validate_document

__all__ = [
    "CourseDocument",
    "CourseFileInvalid",
    "CourseFormat",
    "ExportedFile",
    "ImageDocument",
    "ImportPreview",
    "ImportResult",
    "Problem",
    "QuestionDocument",
    "TopicDocument",
    "course_document",
    "detect_format",
    "export_course",
    "import_document",
    "import_file",
    "preview_file",
    "read_document",
    "validate_document",
    "write_document",
]
