"""REFI-QDA 1.5 interchange (.qdpx projects, .qdc codebooks) with NVivo, ATLAS.ti, MAXQDA..."""
