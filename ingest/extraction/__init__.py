"""Extraction: from a document's blocks to practice records, in steps named in pipeline order.

s1_clean → s2_shape → s3_forms / s3_sections / s3_prose (candidates) → s4_titles → s5_fields →
s6_assemble, with the shared helpers text, cues, candidate, enumerations, phrases and finders. A step
imports only earlier steps and helpers (tests/test_extraction_layout.py checks it).
"""
from ingest.extraction.s6_assemble import document_municipality, extract_practices

__all__ = ["extract_practices", "document_municipality"]
