"""The open CSV bundle: structures, innovations, adoptions, indicators and values as plain CSV
files (docs/bundle.md). Each file's module holds its import and its export."""
