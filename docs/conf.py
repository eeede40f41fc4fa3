project = "napi-python"
author = "napi-python developers"
release = "0.1.0"
extensions = ["sphinx.ext.autodoc"]
html_theme = "alabaster"
exclude_patterns = ["_build"]
