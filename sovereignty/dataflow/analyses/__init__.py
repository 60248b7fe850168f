"""The sovereignty analyses of a data-flow graph, each producing findings with a witness path.

==========  ==============================================  =====================
finding     question                                        module
==========  ==============================================  =====================
FLOW-01     which categories reach which countries           :mod:`.reach`
FLOW-02     exposure to extraterritorial law (control)      :mod:`.control`
FLOW-03     who can read health data in clear (keys)        :mod:`.custody`
FLOW-04     sub-processor depth, undeclared hops            :mod:`.suppliers`
FLOW-05     single points of failure (dominators)           :mod:`.resilience`
FLOW-06     concentration across the GHT's offers           :mod:`.resilience`
FLOW-07     data kept with no export path back              :mod:`.reversibility`
==========  ==============================================  =====================

Every analysis is linear (or near-linear for dominators) in the size of the graph: the
per-category reachability is one multi-source BFS per category, computed once and shared.
"""

from sovereignty.dataflow.analyses.run import FlowAnalysis, analyse_graph

__all__ = ["FlowAnalysis", "analyse_graph"]
