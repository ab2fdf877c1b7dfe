"""The one import framework of the project, and the cell rules every export shares.

- `readers`: open a file as a `Table` that yields (row number, {column: raw text});
  `read_csv` today, an XLSX reader registers in `READERS` the same way.
- `spec`, `parsers`: a file declared as columns (name, required, parser) and a natural key.
- `rows.read_rows`: header checks, cell size, parsing, duplicate keys → `RowError`s.
- `run.run_import`: validate every file, then write them all in one transaction or nothing;
  a dry run stops after validation with the plan (new / updated / unchanged).
- `cells`, `export`: formula neutralising and the deterministic CSV writer.
"""
