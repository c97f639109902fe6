"""The MkDocs adapter: the only part of learnfolio that imports MkDocs."""
