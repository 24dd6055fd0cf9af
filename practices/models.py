"""The practice library's data. Practices arrive in the issue that builds the library."""
