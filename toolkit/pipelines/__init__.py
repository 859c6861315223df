"""One document end to end: load -> check -> score -> plan -> render -> write."""
