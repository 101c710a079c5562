"""A learned block segmenter: for each block of a cleaned document, B (begins a practice),
I (inside the current practice) or O (not part of any practice).

- features.py: what a reader knows of a block (kind, level, numbering, style, length, position,
  neighbours, the enclosing heading, the document's shape, hashed folded first words);
- labels.py: B/I/O labels inferred from the gold corpus (each practice's marker passage);
- model.py: the shipped logistic-regression weights (segment.json), prediction in pure Python and
  a constrained decoding (I only after B or I); segments to extraction candidates;
- train.py: `train_segmenter(corpus, docs, out_dir)` and `python -m ingest.segmenter.train CORPUS`.
"""
