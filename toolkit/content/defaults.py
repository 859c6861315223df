"""The built-in defaults every stage and command shares (one definition each).

Kept free of imports so the command line can show them in ``--help`` without
loading the content models.
"""

DEFAULT_HANDOUT = "numbness"  # "When tears won't come": the handout written unless another is named
DEFAULT_MAX_GRADE = 8.0  # highest Flesch-Kincaid reading grade a handout section may have
DEFAULT_MAX_VARIANTS = 40  # preview renders every variant up to this many, then a representative set
