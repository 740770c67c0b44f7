// Planted: a render header.
