"""Vietnamese language knowledge: numerals, number style, scale, month and quarter words."""
