"""Use-cases and the learning engine as plain functions: no request, no HTML, one transaction each."""
