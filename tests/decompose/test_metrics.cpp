// Every expected value below is computed by hand in the comment above it.
#include "decompose/metrics.hpp"

#include <catch2/catch.hpp>

using namespace cleave::metrics;

namespace {
// Nodes 0..5; clusters {0,1,2} and {3,4,5}.
// Inside cluster 0: 0->1, 1->2, 2->0 (w 1 each)  => mu_0 = 3
// Inside cluster 1: 3->4, 4->5       (w 1 each)  => mu_1 = 2
// Crossing: 2->3 (w 1), 5->0 (w 2)               => sigma_01 = 3
const std::vector<Arc> kArcs = {{0, 1, 1}, {1, 2, 1}, {2, 0, 1}, {3, 4, 1}, {4, 5, 1}, {2, 3, 1}, {5, 0, 2}};
const Partition kTwo = {0, 0, 0, 1, 1, 1};
}  // namespace

TEST_CASE("structural modularity, hand computed") {
  // SM = 1/2 (3/3^2 + 2/3^2) - 1/(2*1/2) * 3/(2*3*3) = 5/18 - 3/18 = 1/9
  CHECK(structural_modularity(kArcs, kTwo) == Approx(1.0 / 9));
  // One cluster: no coupling term; mu = 8, N = 6: 8/36.
  CHECK(structural_modularity(kArcs, Partition(6, 0)) == Approx(8.0 / 36));
  // The kernel (-1) drops node 5 and its arcs: mu_1 = 1 (3->4), N_1 = 2,
  // sigma = 1 (2->3): SM = 1/2 (3/9 + 1/4) - 1/(2*3*2) = 7/24 - 1/12 = 5/24.
  CHECK(structural_modularity(kArcs, {0, 0, 0, 1, 1, -1}) == Approx(5.0 / 24));
}

TEST_CASE("inter-call percentage and interface number, hand computed") {
  // crossing weight 3 of total 8
  CHECK(inter_call_percentage(kArcs, kTwo) == Approx(0.375));
  CHECK(inter_call_percentage(kArcs, Partition(6, 0)) == 0);
  // targets of crossing arcs: node 3 (from 2) and node 0 (from 5): 2 / 2 clusters
  CHECK(interface_number(kArcs, kTwo) == Approx(1.0));
  // singletons: every target is an interface: {1,2,0,4,5,3} = 6 / 6 clusters
  CHECK(interface_number(kArcs, {0, 1, 2, 3, 4, 5}) == Approx(1.0));
}

TEST_CASE("turbo MQ, hand computed") {
  // CF_0 = 2*3/(2*3 + 3) = 2/3; CF_1 = 2*2/(2*2 + 3) = 4/7; sum = 26/21
  CHECK(turbo_mq(kArcs, kTwo) == Approx(26.0 / 21));
}

TEST_CASE("Newman modularity, hand computed") {
  // m = 8. Degrees: D_0 = 2*3 (inside) + 1 + 2 (crossing) = 9; D_1 = 2*2 + 1 + 2 = 7.
  // Q = 3/8 - (9/16)^2 + 2/8 - (7/16)^2 = 0.375 - 0.31640625 + 0.25 - 0.19140625 = 0.1171875
  CHECK(newman_modularity(kArcs, kTwo) == Approx(0.1171875));
  // One community: Q = 8/8 - (16/16)^2 = 0
  CHECK(newman_modularity(kArcs, Partition(6, 0)) == Approx(0.0).margin(1e-12));
}

TEST_CASE("non-extreme distribution, hand computed") {
  // sizes 3 and 3, bounds [2, 3]: all 6 nodes count
  CHECK(non_extreme_distribution(kTwo, 2, 3) == Approx(1.0));
  // literature bounds [5, 20]: none
  CHECK(non_extreme_distribution(kTwo) == 0);
  // sizes 1, 2, 6 with bounds [2, 5]: only the cluster of 2: 2/9
  CHECK(non_extreme_distribution({0, 1, 1, 2, 2, 2, 2, 2, 2}, 2, 5) == Approx(2.0 / 9));
}

TEST_CASE("entropy in bits, hand computed") {
  CHECK(entropy({5}) == 0);                  // single owner
  CHECK(entropy({2, 2}) == Approx(1.0));     // -2 * 1/2 log2 1/2
  CHECK(entropy({1, 1, 2}) == Approx(1.5));  // 1/4*2 + 1/4*2 + 1/2*1
  CHECK(entropy({}) == 0);
}

TEST_CASE("adjusted Rand index, hand computed") {
  // a = [0,0,0,1,1,1], b = [0,0,1,1,2,2]. Contingency cells 2,1,1,2:
  // sum C(n_ij,2) = 1 + 0 + 0 + 1 = 2; rows 3,3: 3 + 3 = 6; cols 2,2,2: 1+1+1 = 3
  // expected = 6*3/C(6,2) = 18/15 = 1.2; max = (6+3)/2 = 4.5
  // ARI = (2 - 1.2) / (4.5 - 1.2) = 0.8 / 3.3
  CHECK(adjusted_rand_index(kTwo, {0, 0, 1, 1, 2, 2}) == Approx(0.8 / 3.3));
  CHECK(adjusted_rand_index(kTwo, {7, 7, 7, 3, 3, 3}) == Approx(1.0));  // renaming does not matter
  // a = [0,0,1,1], b = [0,1,0,1]: index 0, rows 1+1 = 2, cols 2, expected 2*2/6 = 2/3,
  // max 2: ARI = (0 - 2/3)/(2 - 2/3) = -0.5
  CHECK(adjusted_rand_index({0, 0, 1, 1}, {0, 1, 0, 1}) == Approx(-0.5));
}

TEST_CASE("MoJo and MoJoFM, hand computed") {
  // A = kTwo, B = [0,0,1,1,2,2]. A_0 = {0,1,2} tags (0,0,1): max 2 via tag 0;
  // A_1 = {3,4,5} tags (1,2,2): max 2 via tag 2. Matching {A_0-0, A_1-2} = 2.
  // mojo = n + |A| - sum max - M = 6 + 2 - 4 - 2 = 2 (move 2 out, move 3 in).
  CHECK(mojo_distance(kTwo, {0, 0, 1, 1, 2, 2}) == 2);
  // max distance: B sizes 2,2,2 ascending, g = 1, 2, 2 -> 6 - 2 = 4; MoJoFM = (1 - 2/4)*100
  CHECK(mojo_fm(kTwo, {0, 0, 1, 1, 2, 2}) == Approx(50.0));
  CHECK(mojo_fm(kTwo, kTwo) == Approx(100.0));
  // A one cluster, B = {a},{b},{c,d,e}: A_0 tags (0,1,2,2,2): max 3, M = 1:
  // mojo = 5 + 1 - 3 - 1 = 2 (move a, move b). Max: sizes 1,1,3 -> g = 1,1,2 -> 5 - 2 = 3.
  CHECK(mojo_distance({0, 0, 0, 0, 0}, {0, 1, 2, 2, 2}) == 2);
  CHECK(mojo_fm({0, 0, 0, 0, 0}, {0, 1, 2, 2, 2}) == Approx(100.0 / 3));
  // A = {a,b,c},{d},{e} against the same B is the farthest: 3 joins/moves -> 0.
  // A_0 tags (0,1,2) max 1 (any), A_1 (2) max 1, A_2 (2) max 1; M = 2 -> 5 + 3 - 3 - 2 = 3
  CHECK(mojo_distance({0, 0, 0, 1, 2}, {0, 1, 2, 2, 2}) == 3);
  CHECK(mojo_fm({0, 0, 0, 1, 2}, {0, 1, 2, 2, 2}) == Approx(0.0));
}
