"""One string to one value (``parse_*``) and every value in running text (``find_*``)."""
