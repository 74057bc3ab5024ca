"""Scale data generator and benchmarks of Tremplin (see bench/README.md). Not shipped."""
