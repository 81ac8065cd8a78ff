"""Views of the evaluation app, by topic: the evaluation pages, the risk register, and the files (xlsx, zip, pdf)."""
