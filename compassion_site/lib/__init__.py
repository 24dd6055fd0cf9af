"""Helpers that know no app: every app may import them, they import none."""
