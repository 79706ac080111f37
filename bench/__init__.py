"""`make bench`: measure build speed, page weight and Lighthouse scores into BENCHMARKS.md."""
