"""The data-flow dependency graph of an offer (or of a whole GHT) and its sovereignty analyses.

Where does patient data go, through whom, under which law, who can read it in clear, and what
happens if one provider fails or must be left?

::

    model        pydantic nodes, flows, relations; the hospital's flows-file format
    build        an offer's model from its answer sheet (+ flows file, see flowsfile)
    assemble     merging declarations and offers into one model (a GHT: shared providers, one node)
    graph        the NetworkX MultiDiGraph and its integer index (the only networkx import)
    analyses/    FLOW-01..07, each with an explanation and a witness path
    export       GraphML, DOT, Mermaid; draw: the PNG diagram (core.picture)
    generate     synthetic GHT-sized graphs for benchmarks
"""
