"""Survey exports (REDCap, Google Forms, Qualtrics, our own CSV) and the mapping files that read them."""
