// Planted: a core header (allowed).
